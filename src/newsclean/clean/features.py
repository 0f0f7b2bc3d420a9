"""The line model's feature matrix: a line's shape, its n-gram score, the phrase
families it hits, its repetition in the document, its position and its neighbours.

Everything is computed for the whole document at once (the lines as one
code-point array, windows by cumulative sums): the shape counts and the context
columns in C (clean/_shapecounts.c, clean/_context.c; the numpy twins here and in
shape.py are their reference in the tests), the rest with numpy. ``FEATURE_NAMES`` fixes the
column order a trained model expects; ``STAGE2_NAMES`` are the columns the second
stage adds (the first stage's verdicts around each line).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsclean.clean import _context
from newsclean.clean.shape import SHAPE_NAMES, Doc, fill_columns, shape_features

# The phrase families' reasons as the model sees them: groups of reasons that
# mark the same kind of page region.
PHRASE_GROUPS: dict[str, int] = {
    "paywall": 1, "javascript": 1,
    "comment_form": 2, "comments": 2,
    "navigation": 3, "related": 3, "tags": 3, "share": 3,
    "byline": 4, "image_credit": 4,
    "copyright": 5, "cookie": 5, "newsletter": 5, "advertisement": 5, "copy_protection": 5,
}
N_GROUPS = 5

EVIDENCE_NAMES: tuple[str, ...] = (
    "ngram",
    "familiarity",
    "ngram_if_familiar",
    *(f"phrase_group_{g}" for g in range(1, N_GROUPS + 1)),
    "section_opener",
    "title_duplicate",
    "after_title",
    "dup_count",
    "dup_first",
    "dup_fold_count",
)
CONTEXT_NAMES: tuple[str, ...] = (
    "rel_pos",
    "rel_char_pos",
    "short_run",
    "prev_log_words",
    "next_log_words",
    "prev_terminal",
    "next_terminal",
    "prev_ngram",
    "next_ngram",
    "win2_log_words",
    "win5_log_words",
    "win15_log_words",
    "win2_terminal",
    "win5_terminal",
    "win15_terminal",
    "win2_ngram",
    "win5_ngram",
    "win15_ngram",
    "win5_caps",
    "win5_phrase",
    "win5_familiarity",
    "dist_longest",
    "mass_before",
    "doc_log_lines",
    "doc_log_chars",
    "rel_len_doc_max",
    "doc_prose_share",
    "doc_long_share",
    "doc_ngram_mean",
    "doc_dup_share",
    "doc_familiarity",
)
FEATURE_NAMES: tuple[str, ...] = SHAPE_NAMES + EVIDENCE_NAMES + CONTEXT_NAMES

# The context columns from here on are the whole document's values (numpy's);
# those before it are _context.line_context's.
DOCUMENT_ROWS = CONTEXT_NAMES.index("doc_log_lines")

STAGE2_NAMES: tuple[str, ...] = (
    "p",
    "p_prev",
    "p_next",
    "p_win2",
    "p_win5",
    "p_win10",
    "p_win25",
    "p_max_before3",
    "p_max_after3",
    "in_span",
    "span_edge_dist",
    "p_doc_mean",
    "mass_before_p",
    "mass_after_p",
    "p_rel_doc_max",
    "p_win5_rel_doc_max",
    "p_win10_rel_doc_max",
)
STAGE2_FEATURE_NAMES: tuple[str, ...] = FEATURE_NAMES + STAGE2_NAMES

# A line of fewer words than this is short (menus, labels, headings).
SHORT_WORDS = 6
# A line of at least this many words, ending with a sentence mark, is prose.
PROSE_WORDS = 12
_COL = {n: i for i, n in enumerate(SHAPE_NAMES)}
# log words below this: a short line (the log_words column is log1p(words))
_SHORT_BELOW = float(np.log1p(SHORT_WORDS))
# the level above which stage 2 takes the first stage's main span
SPAN_CENTER = 0.4


def _bounds(n: int, half: int) -> tuple[np.ndarray, np.ndarray]:
    """[lo, hi) of the window [i - half, i + half] of each of n positions,
    clipped at the document's ends (np.maximum/minimum: np.clip's wrapper
    costs more than the work on a page of a few hundred lines)."""
    idx = np.arange(n)
    return np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)


def _windows(c: np.ndarray, half: int) -> np.ndarray:
    """Window means from ``c``, the cumulative sums of the values (of each
    column) with a zero row in front; one ``c`` serves every window size."""
    lo, hi = _bounds(c.shape[0] - 1, half)
    width = hi - lo
    return (c[hi] - c[lo]) / (width if c.ndim == 1 else width[:, None])


def _cumulative(x: np.ndarray) -> np.ndarray:
    """``x``'s cumulative sums along the lines with a zero row in front (the
    same sequential sums whether ``x`` is one column or several)."""
    c = np.empty((x.shape[0] + 1, *x.shape[1:]))
    c[0] = 0.0
    np.cumsum(x, axis=0, out=c[1:])
    return c


def window_mean(x: np.ndarray, half: int) -> np.ndarray:
    """Mean of x over [i - half, i + half], clipped at the document's ends."""
    if x.size == 0:
        return x
    return _windows(_cumulative(x), half)


def _shift(x: np.ndarray, k: int, fill: float = 0.0) -> np.ndarray:
    """x moved k places down (k > 0: the previous line's value at i)."""
    if k > 0:
        return np.concatenate([np.full(k, fill), x[:-k]])[: x.size]
    return np.concatenate([x[-k:], np.full(-k, fill)])[: x.size]


def run_lengths(flag: np.ndarray) -> np.ndarray:
    """For each position, the length of the run of equal ``flag`` values it is in."""
    n = flag.size
    if n == 0:
        return np.zeros(0)
    change = np.flatnonzero(np.diff(flag.astype(np.int8))) + 1
    bounds = np.concatenate([[0], change, [n]])
    lengths = np.diff(bounds)
    return np.repeat(lengths, lengths).astype(np.float64)


def repetition(lines: Sequence[str], lower: Sequence[str] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(copies of each line in the document, first copy?, copies ignoring case);
    ``lower`` is the lines case-folded, when the caller has them."""
    counts = Counter(lines)
    folded = [x.casefold() for x in lines] if lower is None else lower
    fcounts = Counter(folded)
    # the first copy of each line: filled from the last line up, a line's
    # earliest index is the one left (one C-level dict build)
    first_at = dict(zip(reversed(lines), range(len(lines) - 1, -1, -1), strict=True))
    first = np.zeros(len(lines), dtype=bool)
    first[list(first_at.values())] = True
    return (np.fromiter(map(counts.__getitem__, lines), dtype=np.float64, count=len(lines)),
            first,
            np.fromiter(map(fcounts.__getitem__, folded), dtype=np.float64, count=len(lines)))


def line_features(doc: Doc, ngram: np.ndarray, familiar: np.ndarray, phrase_group: np.ndarray,
                  opener: np.ndarray, title_dup: np.ndarray,
                  lower: Sequence[str] | None = None) -> np.ndarray:
    """(n_lines, len(FEATURE_NAMES)) for a document.

    ``ngram`` is the n-gram model's score per line, ``familiar`` how much of the
    line's text is like the training text (ngrams.familiarity), ``phrase_group`` the
    PHRASE_GROUPS code of the phrase family each line hits (0: none), ``opener``
    whether a line opens a section (comments...), ``title_dup`` whether it
    repeats the headline; ``lower`` the lines case-folded, when the caller has
    them.
    """
    n = doc.n
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    # feature-major storage (X is its transpose): each column is written
    # contiguously, and the tree walk (newsclean.trees) reads X.T without a copy
    X = np.empty((len(FEATURE_NAMES), n)).T
    shape = shape_features(doc, out=X[:, : len(SHAPE_NAMES)])
    raw_ngram = ngram
    # the n-gram score where it has evidence, 0 (no opinion) where the line's
    # n-grams are unlike the training text's: the neighbours' scores too
    ngram = ngram * familiar
    lw = shape[:, _COL["log_words"]]
    term = shape[:, _COL["terminal_end"]]
    caps = shape[:, _COL["capitalised_share"]]
    chars = (doc.ends - doc.starts).astype(np.float64)
    total = max(1.0, float(chars.sum()))
    dup, first, fdup = repetition(doc.lines, lower)
    idx = np.arange(n)
    t_idx = np.flatnonzero(title_dup)
    after_title = (idx > t_idx[0]).astype(np.float64) if t_idx.size else 0.5
    fill_columns(X, len(SHAPE_NAMES), [
        raw_ngram,
        familiar,
        ngram,
        *((phrase_group == g) for g in range(1, N_GROUPS + 1)),
        opener,
        title_dup,
        after_title,
        np.log(dup),
        first,
        np.log(fdup),
    ])
    ctx = X.T[len(SHAPE_NAMES) + len(EVIDENCE_NAMES):]  # the context columns, as rows
    phrase_any = (phrase_group > 0).astype(np.float64)
    _context.line_context(_floats(lw), _floats(term), _floats(ngram), _floats(caps),
                          phrase_any, _floats(familiar), chars, total, _SHORT_BELOW, ctx)
    _document_columns(ctx, lw, term, ngram, familiar, chars, total, dup)
    return X


def _document_columns(ctx: np.ndarray, lw: np.ndarray, term: np.ndarray, ngram: np.ndarray,
                      familiar: np.ndarray, chars: np.ndarray, total: float,
                      dup: np.ndarray) -> None:
    """The context columns line_context leaves to numpy: the short runs'
    logarithm and the whole document's values (sums of fractions, whose
    pairwise order is numpy's)."""
    n = lw.size
    runs = ctx[CONTEXT_NAMES.index("short_run")]
    np.log1p(runs, out=runs)
    prose = (lw >= np.log1p(PROSE_WORDS)) & (term >= 0.5)
    for row, value in enumerate((
        np.log1p(n),
        np.log1p(total),
        np.log1p(chars) - np.log1p(float(chars.max())),
        float((chars * prose).sum() / total),
        float(prose.mean()),
        float((ngram * chars).sum() / total),
        float((dup > 1).mean()),
        float((familiar * chars).sum() / total),
    ), start=DOCUMENT_ROWS):
        ctx[row] = value


def _line_context_numpy(lw: np.ndarray, term: np.ndarray, ngram: np.ndarray, caps: np.ndarray,
                        phrase_any: np.ndarray, familiar: np.ndarray, chars: np.ndarray,
                        total: float) -> np.ndarray:
    """(DOCUMENT_ROWS, n): the rows _context.line_context fills, in
    numpy (its reference in the tests), the short runs' log1p taken."""
    n = lw.size
    idx = np.arange(n)
    short = lw < _SHORT_BELOW
    longest = int(np.argmax(chars))
    before = (np.cumsum(chars) - chars) / total
    # one cumulative sum of the windowed columns (words, terminal, n-gram, ...)
    # serves the three window sizes: the same sums as one window at a time
    c = _cumulative(np.column_stack([lw, term, ngram, caps, phrase_any, familiar]))
    w2 = _windows(c[:, :3], 2)
    w5 = _windows(c, 5)
    w15 = _windows(c[:, :3], 15)
    return np.array([
        idx / max(1, n - 1),
        before,
        np.where(short, np.log1p(run_lengths(short)), 0.0),
        _shift(lw, 1),
        _shift(lw, -1),
        _shift(term, 1),
        _shift(term, -1),
        _shift(ngram, 1),
        _shift(ngram, -1),
        w2[:, 0],
        w5[:, 0],
        w15[:, 0],
        w2[:, 1],
        w5[:, 1],
        w15[:, 1],
        w2[:, 2],
        w5[:, 2],
        w15[:, 2],
        w5[:, 3],
        w5[:, 4],
        w5[:, 5],
        np.abs(idx - longest) / max(1, n),
        before - float(before[longest]),
    ])


def main_span(probs: np.ndarray, weights: np.ndarray, center: float) -> tuple[int, int]:
    """[start, end) of the maximum-sum run of (p - center) * weight."""
    n = probs.size
    if n == 0:
        return 0, 0
    s = np.concatenate([[0.0], np.cumsum((probs - center) * weights)])
    # best end for the lowest prefix before it
    low_idx = np.minimum.accumulate(s[:-1])
    arg_low = np.zeros(n, dtype=np.int64)
    # index of the running minimum of s[0..i]
    is_new_min = np.concatenate([[True], s[1:-1] < low_idx[:-1]])
    arg_low = np.maximum.accumulate(np.where(is_new_min, np.arange(n), 0))
    gains = s[1:] - low_idx
    end = int(np.argmax(gains))
    return int(arg_low[end]), end + 1


def stage2_features(X: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage-1 features plus the smoothed stage-1 probabilities around each line."""
    n = X.shape[0]
    if n == 0:
        return np.zeros((0, len(STAGE2_FEATURE_NAMES)))
    p = _floats(p)
    weights = X[:, _COL["log_words"]] + 1.0
    total = max(1e-9, float((p * weights).sum()))
    out = np.empty((len(STAGE2_FEATURE_NAMES), n)).T  # feature-major, as line_features
    out[:, : X.shape[1]] = X
    rows = out.T[X.shape[1]:]
    _context.stage2_context(p, weights, SPAN_CENTER, total, rows)
    rows[STAGE2_NAMES.index("p_doc_mean")] = float(p.mean())
    return out


def _stage2_numpy(p: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(len(STAGE2_NAMES), n): the rows of stage2_features, in numpy (the
    reference of _context.stage2_context in the tests)."""
    n = p.size
    pad = np.concatenate([np.zeros(3), p, np.zeros(3)])
    before = np.maximum(np.maximum(pad[0:n], pad[1 : 1 + n]), pad[2 : 2 + n])
    after = np.maximum(np.maximum(pad[4 : 4 + n], pad[5 : 5 + n]), pad[6 : 6 + n])
    a, b = main_span(p, weights, SPAN_CENTER)
    c = _cumulative(p)  # one cumulative sum for the four window sizes
    w5, w10, w25 = _windows(c, 5), _windows(c, 10), _windows(c, 25)
    pw = p * weights
    tot = max(1e-9, float(pw.sum()))
    mass_before = (np.cumsum(pw) - pw) / tot
    idx = np.arange(n)
    return np.array([
        p,
        _shift(p, 1),
        _shift(p, -1),
        _windows(c, 2),
        w5,
        w10,
        w25,
        before,
        after,
        (idx >= a) & (idx < b),
        np.where(idx < a, a - idx, np.where(idx >= b, idx - b + 1, 0)) / max(1, n),
        np.full(n, float(p.mean())),
        mass_before,
        1.0 - mass_before - pw / tot,
        p / max(1e-6, float(p.max())),
        w5 / max(1e-6, float(w5.max())),
        w10 / max(1e-6, float(w10.max())),
    ])


def _floats(x: np.ndarray) -> np.ndarray:
    """``x`` as the contiguous float64 array the compiled columns read (no
    copy when it is one already)."""
    return np.ascontiguousarray(x, dtype=np.float64)
