"""Text keys shared by every stage: how two strings are compared when case,
punctuation, spacing and Unicode compatibility forms should not matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case, punctuation and spacing folded away (after NFKC): the key for
    comparing headlines, titles and site names."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


# Runs of non-word characters other than the line feed.
_NON_WORD_LINE = re.compile(r"[^\w\n]+")


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]`` in one normalisation pass over all of them
    (a page's blocks: thousands of short strings that are seldom seen again)."""
    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    # Underscores are word characters to the regex engine but not to fold().
    low = unicodedata.normalize("NFKC", joined).casefold().replace("_", " ")
    return [line.strip() for line in _NON_WORD_LINE.sub(" ", low).split("\n")]
