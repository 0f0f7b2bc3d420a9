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
