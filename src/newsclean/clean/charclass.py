"""Per-code-point tables for the vectorised line features and n-grams.

A document is handled as one array of code points; these tables turn each code
point into a character class and a folded form (case, digits) with one numpy
gather instead of a Python call per character. Built once per process from
``unicodedata`` (about 0.15 s) for the planes where text lives; code points above
TABLE_SIZE (CJK extensions, rare scripts) are letters of a script without spaces.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from newsclean.text import UNSPACED_RANGES

TABLE_SIZE = 0x20000

# Character classes (uint8); order is not significant.
SPACE, UPPER, LOWER, LETTER, DIGIT, MARK, TERMINAL, PUNCT, SYMBOL, NEWLINE, SEPARATOR, CLOSER, \
    OTHER = range(13)
N_CLASSES = 13

# The full stops of many scripts: Latin, CJK, Urdu, Devanagari (danda and double
# danda), Ethiopic, Armenian, Myanmar, Khmer (khan and bariyoosan). A line ending
# with one is a statement, never a headline (clean/lines.py).
FULL_STOP_CHARS = ".。۔।॥።։။។៕"
# Sentence-final punctuation: the full stops, and the question and exclamation
# marks and the ellipsis. Thai and Lao have none (UNMARKED_RANGES).
TERMINAL_CHARS = FULL_STOP_CHARS + "!?！？…؟፧"
# Closing quotes and brackets that may follow the sentence-final mark.
CLOSER_CHARS = "\"'”’»“)]›」』）】"
# Characters that sit between menu items and crumbs.
SEPARATOR_CHARS = "|•·»›>/«‹<▸►▶→"


# Scripts whose sentences end with a space or the paragraph's end, not a mark:
# Thai, Lao. Their prose is told by its length alone (shape.unmarked_prose_end).
UNMARKED_RANGES = ((0x0E00, 0x0EFF),)


def _class_of(cat: str) -> int:
    if cat in ("Lu", "Lt"):
        return UPPER
    if cat == "Ll":
        return LOWER
    if cat == "Nd":
        return DIGIT
    return {"L": LETTER, "N": LETTER, "M": MARK, "P": PUNCT, "S": SYMBOL, "Z": SPACE}.get(
        cat[0], OTHER)


@lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(class per code point, folded code point, no-space-script flag)."""
    chars = [chr(cp) for cp in range(TABLE_SIZE)]
    cats = [unicodedata.category(ch) for ch in chars]
    by_cat = {cat: _class_of(cat) for cat in set(cats)}
    cls = np.array([by_cat[c] for c in cats], dtype=np.uint8)
    lowered = [ch.lower() for ch in chars]
    fold = np.array([ord(low) if len(low) == 1 else cp for cp, low in enumerate(lowered)],
                    dtype=np.uint32)
    fold[cls == DIGIT] = ord("0")
    fold[cls == SPACE] = ord(" ")
    nospace = np.zeros(TABLE_SIZE, dtype=bool)
    # scripts written without spaces between words: about two characters a word
    for lo, hi in UNSPACED_RANGES:
        nospace[lo : hi + 1] = True
    for ch in TERMINAL_CHARS:
        cls[ord(ch)] = TERMINAL
    for ch in CLOSER_CHARS:
        cls[ord(ch)] = CLOSER
    for ch in SEPARATOR_CHARS:
        cls[ord(ch)] = SEPARATOR
    cls[ord("\t")] = SPACE
    cls[ord("\n")] = NEWLINE
    fold[ord("\n")] = ord("\n")
    return cls, fold, nospace


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (one C pass)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@lru_cache(maxsize=1)
def _space_table() -> np.ndarray:
    """Per code point up to U+FFFF, whether str.split() splits there
    (str.isspace: no character past U+3000 is a space, U+FFFF is none). The
    same table as text.char_table(r"\\s") (a test holds them equal), asked of
    str.isspace over the first 12,289 code points instead of a substitution over
    the whole plane: a few milliseconds less before a process's first record."""
    table = np.zeros(0x10000, dtype=bool)
    table[[c for c in range(0x3001) if chr(c).isspace()]] = True
    return table


def word_counts(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``len(text[s:e].split())`` for each line [s, e) of the text whose code
    points are ``codes``, each line after a whitespace character (the line
    break before it): whitespace to non-whitespace steps counted, one pass for
    all lines instead of a list of words per line."""
    space = _space_table().take(np.minimum(codes, 0xFFFF))
    begins = ~space
    begins[1:] &= space[:-1]
    seen = np.cumsum(begins)
    return seen.take(ends - 1) - seen.take(starts - 1)


def word_equivalent(text: str) -> int:
    """The words of one text (shape.Doc.word_equivalents, for one text): its
    whitespace words, or half its characters in scripts written without spaces
    when that is more."""
    words = len(text.split())
    if text.isascii():
        return words
    table = tables()[2]
    nospace = sum(1 for c in text if ord(c) >= TABLE_SIZE or table[ord(c)])
    return max(words, (nospace + 1) // 2)


def classify(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(classes, folded code points, no-space flags) of a code-point array."""
    cls_t, fold_t, nospace_t = tables()
    if not codes.size or int(codes.max()) < TABLE_SIZE:
        # every code point in the tables (nearly every text): plain gathers
        return cls_t.take(codes), fold_t.take(codes), nospace_t.take(codes)
    inside = codes < TABLE_SIZE
    idx = np.where(inside, codes, 0)
    cls = np.where(inside, cls_t.take(idx), LETTER).astype(np.uint8)
    fold = np.where(inside, fold_t.take(idx), codes).astype(np.uint32)
    nospace = np.where(inside, nospace_t.take(idx), True)
    return cls, fold, nospace
