"""The one Unicode normalisation every match and feature of the cleaner sees.

Scraped text writes the same words in many code-point spellings: no-break and
narrow spaces where the page showed spaces, zero-width spaces and soft hyphens
inside words, full-width letters, Arabic tatweel stretching a word and the
tanween written before or after its alef. Phrase families, section openers,
the n-gram model and the line features all see the text after ``normalise_text``;
the text a caller gets back is always the original.

Line breaks are never created or removed, so a document normalised whole splits
into the same lines as its lines normalised one by one.
"""

from __future__ import annotations

import re
import unicodedata

# Deleted: zero-width spaces and joiners, word joiner, BOM, soft hyphen, Arabic
# tatweel (a stretch of the baseline, not a letter), bidi marks and embeddings.
_DELETE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u0640\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)
# Spaces NFKC leaves alone or that scrapers leave in: tab, ideographic space
# (NFKC maps it), Ogham space mark and the like become a plain space.
_SPACES = dict.fromkeys(map(ord, "\t\u1680\u180e\u3000\u2028\u2029\x0b\x0c"), " ")
_TABLE = {**_DELETE, **_SPACES}
# Quotes and apostrophes folded to ASCII so that "don’t" and "don't" match alike.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
# Arabic tanween fath is written on the letter before a final alef or on the
# alef itself ("أيضًا" / "أيضاً"); one order for both.
_TANWEEN_RE = re.compile("\u0627\u064b")
_MULTISPACE_RE = re.compile(r"[ ]{2,}")


def normalise_text(text: str) -> str:
    """NFKC, spaces and invisible characters unified, quotes folded, Arabic
    tanween ordered; line breaks kept where they are. Case is kept."""
    if text.isascii():
        return _MULTISPACE_RE.sub(" ", text.replace("\t", " ")) if "  " in text or "\t" in text \
            else text
    out = unicodedata.normalize("NFKC", text.translate(_TABLE))
    out = out.translate(_QUOTES)
    if "\u064b" in out:
        out = _TANWEEN_RE.sub("\u064b\u0627", out)
    if "  " in out:
        out = _MULTISPACE_RE.sub(" ", out)
    return out


def normalise_lines(lines: list[str]) -> list[str]:
    """Each line normalised and stripped, in one pass over the joined text."""
    joined = normalise_text("\n".join(lines))
    out = joined.split("\n")
    if len(out) != len(lines):
        # a line held a line break of its own (callers split on "\n" first)
        out = [normalise_text(x).replace("\n", " ") for x in lines]
    return [x.strip() for x in out]
