"""Text whose UTF-8 bytes were once read as Windows-1252 or Latin-1 ("mojibake":
"doesnâ€™t", "cafÃ©"), put back as written.

A page can be decoded right and still show mojibake: the bytes themselves carry
it, because a CMS, a feed or an earlier scraper decoded UTF-8 with the wrong
table and encoded the result again. No charset label or detector sees it (the
bytes are valid UTF-8), so ``io.decode`` cannot. Repairing it changes the
records of 30 of wcxb-dev's 1,497 pages, mostly apostrophes, quotes and dashes;
the words it breaks ("doesnâ€™t") match no phrase table, no other copy of the
story (deduplication) and no reader's search.

ftfy, made for exactly this, decides what to repair. It is pure Python and
takes milliseconds on a page (0.4 s a megabyte of mojibake; text double-encoded
throughout is undone by the codecs alone first, at C speed), so it runs only
where the gate finds a UTF-8 lead
byte read as a Latin-1 or Windows-1252 character before a continuation byte
read the same way (a C1 control, a Latin-1 symbol, a Windows-1252 punctuation
mark): on a page, one search of its UTF-8 bytes, then each text node of a page
that has the sign; on text, one regex scan when it is not ASCII. Legitimate
text that passes the gate ("«café»") is left alone by ftfy's own judgement
(``benchmarks/mojibake.py``: no record of 311 pages in many languages changes).
"""

from __future__ import annotations

import re

# A lead byte of a two- to four-byte UTF-8 sequence (0xC2-0xF4) read as Latin-1,
# then a continuation byte (0x80-0xBF) read as Latin-1 or as Windows-1252.
_CONTINUATION = (
    "\u0080-\u00bf"
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# A no-break space double-encoded is "Â" and the no-break space, which whitespace
# handling (a scraper's, or the HTML path's runs of spaces made one) turns into
# "Â" and a space, after a word: no word of any language ends in a capital Â.
_NBSP_LEFT = re.compile("(?<=\\S)\u00c2 ")
# The gate on text: a lead character and a continuation, or _NBSP_LEFT's "Â "
# after a non-space, read from its lead. Both alternatives open with the lead
# character, so the regex engine skips from one candidate to the next instead of
# trying the lookbehind at every position: ten times faster on the wcxb-dev
# texts (about 0.03 ms a text instead of 0.3, the same verdict on every one).
_SIGN = re.compile(f"[\u00c2-\u00f4](?:[{_CONTINUATION}]|(?<=\\S\u00c2) )")
_SPACE_IN_SEQUENCE = re.compile(f"(?<=[\u00c2-\u00f4{_CONTINUATION}]) ")
# The same gate on a page's UTF-8 bytes: the lead character (U+00C2-U+00F4,
# C3 82-C3 B4) and a continuation character, Latin-1 (C2 80-C2 BF) or one of
# Windows-1252's (the punctuation at E2 80 93-E2 80 BA, the euro sign, the trade
# mark, the letters at C5 and CB, the florin). A bytes search skips to each C3
# byte at memchr speed: a page is judged in about a tenth of a millisecond.
_SIGN_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xe2\x80[\x93-\xba]|\xe2\x82\xac|\xe2\x84\xa2"
    rb"|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c])"
)


def looks_mojibaked(text: str) -> bool:
    """Whether ``text`` may hold mojibake (the cheap gate; ftfy judges)."""
    return not text.isascii() and _SIGN.search(text) is not None


def repair(text: str) -> str:
    """``text`` with its mojibake decoded as the UTF-8 it was; other text,
    line breaks included, as it is."""
    if not looks_mojibaked(text):
        return text
    # imported on the first text that needs it: ftfy takes about 50 ms to
    # import, which every process's first record would wait for
    import ftfy
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

    try:
        # Text double-encoded throughout is undone by the codecs alone, at C
        # speed (ftfy's own first guess, without its per-character scoring:
        # 0.4 s a megabyte). Text that is not mojibake does not come back as
        # valid UTF-8 ("«café»": the byte AB starts no sequence).
        whole = text.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        whole = None
    if whole is not None and not looks_mojibaked(whole):
        return whole
    fixed = ftfy.fix_encoding(text)
    if "\u00a0" not in text and " " in fixed and looks_mojibaked(fixed):
        # Whitespace made one after the double encoding turned each byte A0
        # (a no-break space in Latin-1, inside many CJK characters' UTF-8) into
        # a space. Spaces after a character of the mojibake tried as that byte:
        # the text had no no-break space, so every one left is a space again.
        trial = ftfy.fix_encoding(_SPACE_IN_SEQUENCE.sub("\u00a0", text))
        if not looks_mojibaked(trial):
            fixed = trial.replace("\u00a0", " ")
    return _NBSP_LEFT.sub(" ", fixed) if "\u00c2 " in fixed else fixed


def page_has_mojibake(html: str, utf8: bytes | None = None) -> bool:
    """Whether a page may hold mojibake anywhere, from its UTF-8 bytes
    (``utf8``, when the caller has them; else encoded here: a regex over the
    page's text would take milliseconds where the bytes search takes a tenth)."""
    if utf8 is None:
        if html.isascii():
            return False
        utf8 = html.encode("utf-8", "surrogatepass")
    return _SIGN_UTF8.search(utf8) is not None
