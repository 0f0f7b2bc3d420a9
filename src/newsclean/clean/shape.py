"""Vectorised per-line shape features: the whole document is one code-point array.

A line's shape says much about what it is in any language: prose is long, has
many words, ends with a sentence mark and capitalises few words; menus, share
bars, crumbs and teasers are short, capitalise every word, hold separators,
digits and no full stop. Every count is taken for all lines in one pass over the
document's code points (in C, src/newsclean/clean/_shapecounts.c; its numpy twin
``_shape_counts_numpy`` is the tests' reference), not a Python loop per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsclean.clean import _shapecounts
from newsclean.clean import charclass as cc

# In Thai and Lao a sentence ends with a space and a paragraph with its last
# letter: no line of theirs ever had a sentence mark, so none was prose (the
# edges of a Thai extraction were never found: a Thai seed kept every menu item
# and teaser around its paragraphs) and every paragraph read to the line model
# like a long label (its shape feature ``terminal_end`` 0). There a line is
# prose, for extraction.prose_lines and ``terminal_end``, by its length alone:
# at least this many words (about 80 characters; two characters a word, as the
# count is for every script without spaces) is longer than a headline or a
# teaser and shorter than a paragraph. No dev set holds Thai or Lao text: the
# value is not fitted; the generated Thai pages, which no model is fitted on
# (benchmarks/genpages, held out), check it.
UNMARKED_PROSE_WORDS = 40
_UNMARKED_END = np.zeros(0x10000, dtype=bool)
for _lo, _hi in cc.UNMARKED_RANGES:
    _UNMARKED_END[_lo : _hi + 1] = True


def unmarked_prose_end(last_codes: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Per line: does it end like prose in a script without sentence marks (its
    last character Thai or Lao, at least UNMARKED_PROSE_WORDS ``words``)?"""
    return (words >= UNMARKED_PROSE_WORDS) & _UNMARKED_END.take(np.minimum(last_codes, 0xFFFF))


@dataclass(frozen=True)
class Doc:
    """A document's lines as arrays: ``text`` is "\\n" + lines joined by "\\n" + "\\n"."""

    lines: list[str]
    codes: np.ndarray  # uint32 code points of text
    cls: np.ndarray  # uint8 character class (charclass)
    fold: np.ndarray  # uint32 case- and digit-folded code points
    nospace: np.ndarray  # bool: a script written without spaces
    line_of: np.ndarray  # int64 line index per position (-1 on separators)
    starts: np.ndarray  # int64 first position of each line
    ends: np.ndarray  # int64 one past the last position of each line

    @property
    def n(self) -> int:
        return len(self.lines)

    def word_counts(self) -> np.ndarray:
        """``len(line.split())`` of each line (int64)."""
        return cc.word_counts(self.codes, self.starts, self.ends)

    def word_equivalents(self, words: np.ndarray | None = None) -> np.ndarray:
        """Each line's words, in scripts written without spaces too: there
        (Chinese, Japanese, Thai...) a whitespace-separated "word" is a clause or
        a whole sentence, so half the line's characters in those scripts (the
        shape features' rate: about two characters a word) stand for its words
        when that is more than ``words`` (the whitespace count, word_counts(),
        when the caller has it)."""
        if words is None:
            words = self.word_counts()
        if not self.nospace.any():
            return words
        seen = np.cumsum(self.nospace, dtype=np.int64)
        nospace = seen.take(self.ends - 1) - seen.take(self.starts - 1)
        return np.maximum(words, (nospace + 1) // 2)

    def last_codes(self) -> np.ndarray:
        """The code point each line ends with."""
        return self.codes.take(self.ends - 1)


def make_doc(lines: list[str]) -> Doc:
    """``lines`` are normalised, stripped, non-empty and hold no line break."""
    text = "\n" + "\n".join(lines) + "\n"
    codes = cc.code_points(text)
    cls, fold, nospace, line_of = _doc_arrays(codes)
    lens = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    starts = np.cumsum(lens + 1) - lens
    ends = starts + lens
    return Doc(lines, codes, cls, fold, nospace, line_of, starts, ends)


def _doc_arrays(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(cls, fold, nospace, line_of) of a Doc of ``codes``, in one pass in C:
    three table gathers and a cumsum with a masked store were five passes (and
    each gather a conversion of the codes to indices). _doc_arrays_numpy gives
    the same arrays."""
    cls_table, fold_table, nospace_table = cc.tables()
    size = codes.size
    cls = np.empty(size, dtype=np.uint8)
    fold = np.empty(size, dtype=np.uint32)
    nospace = np.empty(size, dtype=bool)
    line_of = np.empty(size, dtype=np.int64)
    _shapecounts.doc_arrays(codes, cls_table, fold_table, nospace_table, cc.LETTER, cls, fold,
                            nospace, line_of)
    return cls, fold, nospace, line_of


def _doc_arrays_numpy(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """_doc_arrays with numpy, the reference the tests hold it to."""
    cls, fold, nospace = cc.classify(codes)
    nl = codes == 10
    line_of = np.cumsum(nl) - 1
    line_of[nl] = -1
    return cls, fold, nospace, line_of


SHAPE_NAMES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "mean_word_len",
    "upper_share",
    "lower_share",
    "digit_share",
    "punct_per_word",
    "symbol_share",
    "separators_per_word",
    "capitalised_share",
    "terminal_end",
    "closer_end",
    "colon_end",
    "starts_upper",
    "starts_lower",
    "starts_digit",
    "starts_bullet",
    "terminal_count",
    "comma_count",
    "digit_runs_per_word",
    "year_like",
    "urlish",
    "at_sign",
    "nospace_share",
    "other_letter_share",
    "max_word_chars",
)


# Classes of the characters words are made of, as a table over the classes.
_WORDY = np.zeros(cc.N_CLASSES, dtype=bool)
_WORDY[[cc.UPPER, cc.LOWER, cc.LETTER, cc.DIGIT, cc.MARK]] = True
# Per-position counts of shape_features (rows of its mask matrix), then the
# per-line counts of its word runs and rare marks: the rows of shape_counts.
_N_COUNTS = 5
_ROWS = ("nospace", "spaced_starts", "commas", "caps", "digit_runs", "longest", "years",
         "urlish", "at_signs")
# What the compiled shape_counts reads of each class: a word's (bit 1), upper
# case (2), a digit (4).
_ROLES = (_WORDY * 1 + (np.arange(cc.N_CLASSES) == cc.UPPER) * 2
          + (np.arange(cc.N_CLASSES) == cc.DIGIT) * 4).astype(np.uint8)
# Characters that start a list item.
_BULLETS = np.array([ord(c) for c in "-*•·▪►»–—"], dtype=np.uint32)


def fill_columns(X: np.ndarray, start: int, columns: Sequence[np.ndarray | float]) -> None:
    """Write ``columns`` (arrays of one value per row, or one value for every
    row) into X's columns from ``start`` on: the matrix is filled in place,
    not stacked from pieces (np.column_stack's checks and copies cost more than
    the values on a page)."""
    for j, column in enumerate(columns):
        X[:, start + j] = column


def _rare_marks(doc: Doc, digit: np.ndarray, digit_start: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line (int64): four-digit runs starting 19 or 20 (years), "//" and
    "www" (URL marks, overlapping ones each), "@". Each is tested at its few
    candidate positions (the digit runs' starts, the slashes, the w's), not
    over the whole page: a dozen passes over every code point cost more."""
    codes = doc.codes
    # padding: the tests look up to four positions past a candidate
    pad = np.concatenate([codes, np.zeros(4, dtype=codes.dtype)])
    dpad = np.concatenate([digit, np.zeros(4, dtype=bool)])
    ds = np.flatnonzero(digit_start)
    four = dpad[ds + 1] & dpad[ds + 2] & dpad[ds + 3] & ~dpad[ds + 4]
    c0, c1 = codes[ds], pad[ds + 1]
    century = ((c0 == ord("1")) & (c1 == ord("9"))) | ((c0 == ord("2")) & (c1 == ord("0")))
    years = ds[four & century]
    slash = np.flatnonzero(codes == ord("/"))
    w = np.flatnonzero(codes == ord("w"))
    urlish = np.concatenate([slash[pad[slash + 1] == ord("/")],
                             w[(pad[w + 1] == ord("w")) & (pad[w + 2] == ord("w"))]])
    at_signs = np.flatnonzero(codes == ord("@"))

    def per_line(positions: np.ndarray) -> np.ndarray:
        # every candidate is a character of a line (line_of >= 0)
        return np.bincount(doc.line_of[positions], minlength=doc.n)

    return per_line(years), per_line(urlish), per_line(at_signs)


def shape_counts(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """The integer counts shape_features makes its features of: ``rows``
    (int64, one row per name of _ROWS, one column per line) and ``by_class``
    (int64, lines x charclass.N_CLASSES: each class's characters). Counted in C
    in one pass over the code points; a Doc not laid out as make_doc lays it
    out (a line break inside a line) is counted by _shape_counts_numpy, which
    gives the same counts for every Doc."""
    rows = np.empty((len(_ROWS), doc.n), dtype=np.int64)
    by_class = np.empty((doc.n, cc.N_CLASSES), dtype=np.int64)
    if _shapecounts.shape_counts(doc.codes, doc.cls, doc.nospace, doc.starts, doc.ends, _ROLES,
                                 rows, by_class):
        return rows, by_class
    return _shape_counts_numpy(doc)


def _shape_counts_numpy(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """shape_counts with numpy, the reference the tests hold it to."""
    n = doc.n
    cls, codes = doc.cls, doc.codes
    wordy = _WORDY.take(cls)
    word_start = wordy.copy()
    word_start[1:] &= ~wordy[:-1]
    digit = cls == cc.DIGIT
    digit_start = digit.copy()
    digit_start[1:] &= ~digit[:-1]
    # the positions each count below counts, one row each: all of them are
    # counted per line in one pass (none holds a line break, so a line's
    # positions are those from its start to the next line's)
    masks = np.empty((_N_COUNTS, codes.size), dtype=bool)
    nospace = np.logical_and(doc.nospace, wordy, out=masks[0])
    np.logical_and(word_start, ~nospace, out=masks[1])
    np.logical_or((codes == ord(",")) | (codes == 0x3001), (codes == 0xFF0C) | (codes == 0x060C),
                  out=masks[2])
    np.logical_and(word_start & (cls == cc.UPPER), ~doc.nospace, out=masks[3])
    masks[4] = digit_start
    rows = np.empty((len(_ROWS), n), dtype=np.int64)
    if n:
        rows[:_N_COUNTS] = np.add.reduceat(masks, doc.starts, axis=1, dtype=np.int64)
    # longest word: run lengths of wordy positions (a run never holds a line
    # break, which is no word character)
    ws = np.flatnonzero(word_start)
    we = np.flatnonzero(wordy & ~np.concatenate([wordy[1:], [False]])) + 1
    longest = rows[_N_COUNTS]
    longest[:] = 0
    if ws.size:
        np.maximum.at(longest, doc.line_of[ws], we - ws)
    rows[_N_COUNTS + 1 :] = _rare_marks(doc, digit, digit_start)
    # every class's count per line in one pass: (line, class) pairs binned together
    # separators (line -1) fall in the first N_CLASSES bins, which are dropped
    by_class = np.bincount((doc.line_of + 1) * cc.N_CLASSES + cls,
                           minlength=(n + 1) * cc.N_CLASSES)[cc.N_CLASSES :]
    return rows, by_class.reshape(n, cc.N_CLASSES)


def shape_features(doc: Doc, out: np.ndarray | None = None) -> np.ndarray:
    """(n_lines, len(SHAPE_NAMES)) shape of each line alone; written into
    ``out`` when given (the first columns of the line model's matrix)."""
    if doc.n == 0:
        return np.zeros((0, len(SHAPE_NAMES)))
    return _shape_of(doc, *shape_counts(doc), out)


def _shape_of(doc: Doc, rows: np.ndarray, by_class_counts: np.ndarray,
              out: np.ndarray | None) -> np.ndarray:
    """shape_features of shape_counts's counts (or _shape_counts_numpy's)."""
    n = doc.n
    if out is None:
        out = np.empty((n, len(SHAPE_NAMES)))
    cls, codes = doc.cls, doc.codes
    chars = (doc.ends - doc.starts).astype(np.float64)
    n_nospace, spaced_starts, commas, caps, digit_runs = rows[:_N_COUNTS].astype(np.float64)
    years, urlish, at = rows[_N_COUNTS + 1 :].astype(np.float64)
    words = spaced_starts + np.ceil(n_nospace / 2.0)
    nw = np.maximum(1.0, words)
    by_class = by_class_counts.astype(np.float64)
    upper = by_class[:, cc.UPPER]
    lower = by_class[:, cc.LOWER]
    other_letter = by_class[:, cc.LETTER]
    digits = by_class[:, cc.DIGIT]
    letters = upper + lower + other_letter + by_class[:, cc.MARK]
    terminal = by_class[:, cc.TERMINAL]
    punct = by_class[:, cc.PUNCT] + terminal + by_class[:, cc.CLOSER]
    symbols = by_class[:, cc.SYMBOL]
    seps = by_class[:, cc.SEPARATOR]
    longest = rows[_N_COUNTS].astype(np.float64)
    first = cls[doc.starts]
    last = cls[doc.ends - 1]
    before_last = cls[np.maximum(doc.starts, doc.ends - 2)]
    last_code = codes[doc.ends - 1]
    first_code = codes[doc.starts]
    closer_end = last == cc.CLOSER
    terminal_end = np.where((last == cc.TERMINAL) | unmarked_prose_end(last_code, words), 1.0,
                            np.where(closer_end & (before_last == cc.TERMINAL), 1.0,
                                     np.where(closer_end, 0.5, 0.0)))
    bullet = (first_code[:, None] == _BULLETS).any(axis=1)
    nchar = np.maximum(1.0, chars)
    columns = [
        np.log1p(chars),
        np.log1p(words),
        letters / nw,
        upper / nchar,
        lower / nchar,
        digits / nchar,
        punct / nw,
        symbols / nchar,
        seps / nw,
        caps / np.maximum(1.0, spaced_starts),
        terminal_end,
        closer_end.astype(np.float64),
        ((last_code == ord(":")) | (last_code == 0xFF1A)).astype(np.float64),
        (first == cc.UPPER).astype(np.float64),
        (first == cc.LOWER).astype(np.float64),
        (first == cc.DIGIT).astype(np.float64),
        bullet.astype(np.float64),
        np.log1p(terminal),
        np.log1p(commas),
        digit_runs / nw,
        np.minimum(years, 3.0),
        np.minimum(urlish, 3.0),
        np.minimum(at, 3.0),
        n_nospace / nchar,
        other_letter / nchar,
        np.log1p(longest),
    ]
    fill_columns(out, 0, columns)
    return out
