"""Language of a text, as an ISO 639-1 code, with a model shipped in its package.

Two detectors are installed: py3langid (naive Bayes over byte n-grams, 97
languages) and resiliparse's ``detect_fast`` (character n-gram profiles, 101
languages). Measured on the readability-pages reference texts
(benchmarks/metadata.py): the same agreement on long text (70/73) with
resiliparse about ten times faster, but py3langid clearly better on short text
(first 300 characters: 63/73 against 58/73), and resiliparse confuses close
languages (Spanish read as Catalan in tests/test_language.py). Accuracy wins:
py3langid on the first ``MAX_CHARS`` characters (about 2-3 ms a document).

The page's own declaration (``<html lang>``) is only a hint: templates often
declare the wrong language. It is used when the detector names a language that
news text is practically never written in (``data/language.json``), which is
what detectors answer for placeholder text, code or lists of names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

# Fewer letters than this is not enough evidence for any detector: headlines,
# captions and button labels come out as random languages.
MIN_LETTERS = 20
# Detection cost grows with length while accuracy stops improving long before:
# 400, 1000 and 3000 characters gave the same agreement on the reference texts.
MAX_CHARS = 1000

DETECTOR = "py3langid"
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def implausible_languages() -> frozenset[str]:
    raw = resources.files("newsclean.annotate").joinpath("data/language.json").read_text("utf-8")
    return frozenset(json.loads(raw)["implausible"])


def _has_letters(text: str, wanted: int) -> bool:
    """Whether ``text`` holds at least ``wanted`` letters (stops counting there)."""
    if wanted <= 0:
        return True
    for ch in text:
        if ch.isalpha():
            wanted -= 1
            if wanted == 0:
                return True
    return False


@lru_cache(maxsize=2)
def _detector(name: str) -> Callable[[str], str | None]:
    if name == "resiliparse":
        from resiliparse.parse.lang import detect_fast

        def resiliparse_detect(text: str) -> str | None:
            lang, _score = detect_fast(text)
            return lang or None

        return resiliparse_detect
    import py3langid

    fast = _FastLangid.load()
    classify = fast.classify if fast is not None else py3langid.classify

    def langid_detect(text: str) -> str | None:
        lang, _score = classify(text)
        return str(lang) if lang else None

    return langid_detect


class _FastLangid:
    """py3langid 0.4.0's ``classify()``, answer for answer, without its two
    slow steps: the byte-by-byte walk of the n-gram automaton in Python, and a
    float16 -> float32 conversion of the model rows inside the dot product.

    The automaton's state after a byte is the longest pattern prefix ending
    there, so it depends on the last few bytes only (patterns are at most
    ``WINDOW`` bytes in the shipped model): the states of all positions are
    computed at once from their windows, and then checked against the
    automaton step by step (one vectorised comparison). Any text where the
    check fails goes the library's own way, so the answer never depends on the
    window assumption. Internals are read only from the version this was
    written for; any other version uses the library's ``classify()``.
    """

    VERSION = "0.4.0"
    WINDOW = 6

    def __init__(self, ident: Any) -> None:
        self.ident = ident
        self.nextmove = np.frombuffer(ident.tk_nextmove, dtype=np.uint32)
        self.rowbase = np.asarray(ident._rowbase, dtype=np.int64)
        self.output = np.asarray(ident.tk_output, dtype=np.int64)
        # float16 -> float32 by table: the same values numpy's cast gives.
        self.half = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)

    @classmethod
    def load(cls) -> _FastLangid | None:
        try:
            import py3langid
            from py3langid import langid

            ident = langid._get_identifier()
            usable = (
                getattr(py3langid, "__version__", None) == cls.VERSION
                and not ident._norm_probs
                and ident.min_confidence is None
                and getattr(ident.tk_nextmove, "itemsize", 0) == 4
                and ident.nb_ptc.dtype == np.float16
            )
            return cls(ident) if usable else None
        # Anything unexpected in the library's internals: use its public API.
        except Exception:
            return None

    def classify(self, text: str) -> tuple[str, float]:
        ident = self.ident
        data = ident._encode(text)
        visits = self._visits(data)
        if visits is None:
            scores = np.full(len(ident.nb_classes), _RAW_FLOOR, dtype=np.float32)
        else:
            keys, counts = visits
            rows = self.half[ident.nb_ptc[keys].view(np.uint16)]
            scores = np.log1p(counts.astype(np.float32)) @ rows + ident.nb_pc
        for i, j in ident._alias_pairs:
            scores[i] = max(scores[i], scores[j])
            scores[j] = _RAW_FLOOR
        best = int(scores.argmax())
        return ident.nb_classes[best], float(scores[best])

    def _visits(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """Feature ids in order of first occurrence and their counts (what the
        library's Counter holds), or None without features."""
        text = np.frombuffer(data, dtype=np.uint8)
        n = text.size
        if n == 0:
            return None
        nextmove, rowbase = self.nextmove, self.rowbase
        state = np.zeros(n, dtype=np.int64)
        for k in range(min(self.WINDOW, n) - 1, -1, -1):
            state[k:] = nextmove[rowbase[state[k:]] + text[: n - k]]
        before = np.empty(n, dtype=np.int64)
        before[0] = 0
        before[1:] = state[:-1]
        if not np.array_equal(nextmove[rowbase[before] + text], state):
            return self._walked(data)
        found = self.output[state]
        found = found[found >= 0]
        if found.size == 0:
            return None
        ids, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return ids[order], counts[order]

    def _walked(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        from py3langid import langid

        ident = self.ident
        visits = langid.visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        if not visits:
            return None
        return np.fromiter(visits.keys(), dtype=np.intp), np.fromiter(visits.values(), np.int64)


# py3langid's score for "no features" (the float32 minimum).
_RAW_FLOOR = float(np.finfo(np.float32).min)


def _hint_code(hint: str | None) -> str | None:
    if not hint:
        return None
    code = re.split(r"[-_]", hint.strip().lower())[0]
    return code if len(code) == 2 and code.isalpha() else None


def detect_language(text: str, *, hint: str | None = None, detector: str = DETECTOR) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is too little text.

    ``hint`` is the language the page declares (``Metadata.language_hint``).
    """
    if not text:
        return None
    sample = _WS.sub(" ", text.lstrip()[: MAX_CHARS * 2]).strip()[:MAX_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return None
    raw = _detector(detector)(sample)
    lang = raw.lower() if raw and len(raw) == 2 and raw.isalpha() else None
    declared = _hint_code(hint)
    if declared and (lang is None or lang in implausible_languages()):
        return declared
    return lang


__all__ = ["DETECTOR", "MIN_LETTERS", "detect_language", "implausible_languages"]
