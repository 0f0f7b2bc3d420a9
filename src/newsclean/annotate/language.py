"""Language of a text, as an ISO 639-1 code, with a model shipped in its package.

Two detectors are installed: py3langid (naive Bayes over byte n-grams, 97
languages) and resiliparse's ``detect_fast`` (character n-gram profiles, 101
languages). Measured on the readability-pages reference texts
(benchmarks/metadata.py): the same agreement on long text (70/73) with
resiliparse about ten times faster, but py3langid clearly better on short text
(first 300 characters: 63/73 against 58/73), and resiliparse confuses close
languages (Spanish read as Catalan in tests/test_language.py). Accuracy wins:
py3langid's own ``classify`` on the first ``MAX_CHARS`` characters.

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
# Detection cost grows with length while accuracy stops improving long before:
# 400, 1000 and 3000 characters gave the same agreement on the reference texts.
MAX_CHARS = 1000

DETECTOR = "py3langid"


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
    # py3langid's own model and classify, read from a faster cache (langid_model).
    from newsclean.annotate.langid_model import identifier

    ident = identifier()

    def langid_detect(text: str) -> str | None:
        lang, _score = ident.classify(text)
        return str(lang) if lang else None

    return langid_detect


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
    # runs of whitespace made one space, the ends stripped: str.split's whitespace
    # is the regex engine's \s (both str.isspace), at a third of a substitution's cost
    sample = " ".join(text.lstrip()[: MAX_CHARS * 2].split())[:MAX_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return None
    raw = _detector(detector)(sample)
    lang = raw.lower() if raw and len(raw) == 2 and raw.isalpha() else None
    declared = _hint_code(hint)
    if declared and (lang is None or lang in implausible_languages()):
        return declared
    return lang


__all__ = ["DETECTOR", "MIN_LETTERS", "detect_language", "implausible_languages"]
