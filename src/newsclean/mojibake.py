"""Text whose UTF-8 bytes were once read as Windows-1252 or Latin-1 ("mojibake":
"doesnâ€™t", "cafÃ©"), put back as written.

A page can be decoded right and still show mojibake: the bytes themselves carry
it, because a CMS, a feed or an earlier scraper decoded UTF-8 with the wrong
table and encoded the result again. No charset label or detector sees it (the
bytes are valid UTF-8), so ``io.decode`` cannot. Repairing it changes the
records of 28 of wcxb-dev's 1,497 pages, mostly apostrophes, quotes and dashes;
the words it breaks ("doesnâ€™t") match no phrase table, no other copy of the
story (deduplication) and no reader's search.

ftfy, made for exactly this, decides what to repair. It is pure Python and
takes milliseconds per page, so it runs only on text in which an UTF-8 lead
byte read as a Latin-1 or Windows-1252 character stands before a continuation
byte read the same way (a C1 control, a Latin-1 symbol, a Windows-1252
punctuation mark): one regex scan of text that is not ASCII. Legitimate text
that passes the gate ("«café»") is left alone by ftfy's own judgement.
"""

from __future__ import annotations

import re

import ftfy

# A lead byte of a two- to four-byte UTF-8 sequence (0xC2-0xF4) read as Latin-1,
# then a continuation byte (0x80-0xBF) read as Latin-1 or as Windows-1252.
_CONTINUATION = (
    "\u0080-\u00bf"
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_SIGN = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")


def looks_mojibaked(text: str) -> bool:
    """Whether ``text`` may hold mojibake (the cheap gate; ftfy judges)."""
    return not text.isascii() and _SIGN.search(text) is not None


def repair(text: str) -> str:
    """``text`` with its mojibake decoded as the UTF-8 it was; other text,
    line breaks included, as it is."""
    if not looks_mojibaked(text):
        return text
    return ftfy.fix_encoding(text)
