"""Language of a text, as an ISO 639-1 code, with models shipped in their packages.

Two detectors are installed: py3langid (naive Bayes over byte n-grams, 97
languages) and resiliparse's ``detect_fast`` (character n-gram profiles, 101
languages). Measured on the readability-pages reference texts
(benchmarks/metadata.py): equal accuracy on long text, resiliparse about ten
times faster, py3langid clearly better on short text (300 characters: 63/73
against 58/73). So ``auto`` uses resiliparse for long samples and py3langid for
short ones.

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

# Fewer letters than this is not enough evidence for any detector: headlines,
# captions and button labels come out as random languages.
MIN_LETTERS = 20
# Detection cost grows with length while accuracy stops improving long before.
MAX_CHARS = 3000
# From this many characters on, the fast detector is as accurate as py3langid.
LONG_TEXT = 600

DETECTOR = "auto"
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def implausible_languages() -> frozenset[str]:
    raw = resources.files("newsclean.annotate").joinpath("data/language.json").read_text("utf-8")
    return frozenset(json.loads(raw)["implausible"])


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


@lru_cache(maxsize=2)
def _detector(name: str) -> Callable[[str], str | None]:
    if name == "resiliparse":
        from resiliparse.parse.lang import detect_fast

        def resiliparse_detect(text: str) -> str | None:
            lang, _score = detect_fast(text)
            return lang or None

        return resiliparse_detect
    import py3langid

    def langid_detect(text: str) -> str | None:
        lang, _score = py3langid.classify(text)
        return str(lang) if lang else None

    return langid_detect


def _hint_code(hint: str | None) -> str | None:
    if not hint:
        return None
    code = re.split(r"[-_]", hint.strip().lower())[0]
    return code if len(code) == 2 and code.isalpha() else None


def detect_language(
    text: str, *, hint: str | None = None, detector: str = DETECTOR
) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is too little text.

    ``hint`` is the language the page declares (``Metadata.language_hint``).
    """
    if not text:
        return None
    sample = _WS.sub(" ", text[: MAX_CHARS * 2]).strip()[:MAX_CHARS]
    if _letters(sample) < MIN_LETTERS:
        return None
    name = detector
    if name == "auto":
        name = "resiliparse" if len(sample) >= LONG_TEXT else "py3langid"
    lang = _detector(name)(sample)
    if not lang or len(lang) != 2 or not lang.isalpha():
        lang = None
    else:
        lang = lang.lower()
    declared = _hint_code(hint)
    if declared and (lang is None or lang in implausible_languages()):
        return declared
    return lang


__all__ = ["DETECTOR", "MIN_LETTERS", "detect_language", "implausible_languages"]
