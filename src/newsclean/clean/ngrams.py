"""Hashed character n-grams of every line, in one pass over the document.

The line's form in any language: "share", "subscri", "log in", "©", "| " or
"\\nHome\\n" are n-grams whatever the site. The document is one code-point array
(shape.Doc); each n-gram is hashed with a polynomial rolling hash over the
case- and digit-folded code points, for every order at once, so the cost is a
few numpy passes per document. The line break before and after a line is part
of its n-grams, so "starts with" and "ends with" are n-grams too; n-grams that
span a line break are dropped.

A linear model over the hashed n-grams (weights indexed by bucket) scores each
line as ``sum(weights[bucket]) / sqrt(number of n-grams)``.

Such a score means something only for text like the training text: on a
language or script the model never saw, the buckets are hash collisions. A
line's **familiarity** says how far to trust it: the share of its character
3-grams seen in at least two training documents (a bit per bucket; English
3-grams fill about 3% of the buckets, so an unseen script's 3-grams are rarely
"seen" by chance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from newsclean.clean._ngramsums import line_sums as _line_sums
from newsclean.clean.shape import Doc, make_doc

# Only the first MAX_LINE_CHARS characters of a line count: the n-grams of a
# paragraph are topic words either way, and a 5 MB line must not cost gigabytes.
MAX_LINE_CHARS = 2000
ORDERS: tuple[int, ...] = (1, 2, 3, 4, 5)
BITS = 20
FAMILIARITY_ORDER = 3
_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_LAST_SHIFT = 29


@dataclass(frozen=True)
class NgramIndex:
    """Every n-gram of every line: its bucket (int64); ``tri`` is the slice of
    the entries of order FAMILIARITY_ORDER. The entries are in order of n-gram
    order, then of line: ``bounds[k, i]:bounds[k, i + 1]`` are those of the
    k-th order on line i (per-line sums without a bincount)."""

    bucket: np.ndarray
    tri: slice
    bounds: np.ndarray

    @cached_property
    def line(self) -> np.ndarray:
        """Each entry's line (int64), from ``bounds``: the shipped model's sums
        read ``bounds`` alone, so the array is built only when asked for."""
        orders, n = self.bounds.shape[0], self.bounds.shape[1] - 1
        return np.repeat(np.tile(np.arange(n, dtype=np.int64), orders),
                         np.diff(self.bounds, axis=1).ravel())


Hashed = tuple[int, np.ndarray, np.ndarray]


def hashed_ngrams(codes: np.ndarray, orders: tuple[int, ...], bits: int,
                  valid: Callable[[int, int], np.ndarray]) -> list[Hashed]:
    """(order, start positions, buckets) of the n-grams of ``codes`` (uint64 code
    points), for each order in ``orders`` ascending, keeping the starts that
    ``valid(n, m)`` (a bool mask over the m start positions of order n) accepts.
    Order n's hash is seed_n * P^n + g_n with g_n = g_(n-1) * P + codes[i + n - 1]:
    one multiply-add per order, all orders in one pass."""
    size = codes.shape[0]
    shift = np.uint64(64 - bits)
    out: list[Hashed] = []
    with np.errstate(over="ignore"):
        g = np.zeros(size, dtype=np.uint64)
        for n in range(1, max(orders) + 1):
            m = size - n + 1
            if m <= 0:
                break
            g = g[:m]  # in place: the previous order's hashes are not needed again
            g *= _PRIME
            g += codes[n - 1 : n - 1 + m]
            if n not in orders:
                continue
            offset = np.uint64(n * 0x9E3779B1)
            for _ in range(n):
                offset = offset * _PRIME
            pos = np.flatnonzero(valid(n, m))
            h = g.take(pos)
            h += offset
            tmp = np.empty_like(h)
            h ^= np.right_shift(h, np.uint64(33), out=tmp)
            h *= _MIX
            if bits > _LAST_SHIFT:
                # skipped for tables of at most 2**29 buckets, where it cannot
                # change the bucket: (h ^ (h >> 29)) >> shift is
                # (h >> shift) ^ (h >> (29 + shift)), and a shift of 64 or more
                # leaves 0
                h ^= np.right_shift(h, np.uint64(_LAST_SHIFT), out=tmp)
            h >>= shift
            # below 2**bits: the same numbers as int64, without a copy
            out.append((n, pos, h.view(np.int64)))
    return out


def ngram_index(doc: Doc, orders: tuple[int, ...] = ORDERS, bits: int = BITS) -> NgramIndex:
    """(line index, bucket) of every n-gram of every line."""
    if doc.n and int((doc.ends - doc.starts).max()) > MAX_LINE_CHARS:
        doc = make_doc([x[:MAX_LINE_CHARS] for x in doc.lines])
    nl = doc.codes == 10
    pc = np.concatenate([[0], np.cumsum(nl)])
    # the line each start position's n-grams belong to: an n-gram that begins
    # with a line break belongs to the line after it (-1 after the last line)
    owner = doc.line_of.copy()
    breaks = np.flatnonzero(nl)
    owner[breaks] = np.append(doc.line_of[breaks[:-1] + 1], -1) if breaks.size else owner[breaks]
    owned = owner >= 0

    def within_a_line(n: int, m: int) -> np.ndarray:
        # a line's n-grams may hold the break before or after it, not one inside
        # (slices, not gathers: no break among positions 1 .. n - 2 of the
        # n-gram), and the text after the last line belongs to none
        ok = ~nl[:m] if n == 1 else pc[n - 1 : n - 1 + m] == pc[1 : 1 + m]
        if n == 2:
            ok &= ~(nl[:m] & nl[1 : m + 1])
        ok &= owned[:m]
        return ok

    # the first position each line owns (the break before it), and the end: an
    # order's entries before line i's are its valid positions before line i's
    # first (owner never decreases along the text: a break belongs to the line
    # after it)
    first_owned = np.append(doc.starts - 1, doc.codes.size)
    buckets_out: list[np.ndarray] = []
    bounds: list[np.ndarray] = []
    tri = slice(0, 0)
    done = 0
    for n, pos, buckets in hashed_ngrams(doc.fold.astype(np.uint64), orders, bits,
                                         within_a_line):
        buckets_out.append(buckets)
        bounds.append(done + np.searchsorted(pos, first_owned))
        if n == FAMILIARITY_ORDER:
            tri = slice(done, done + pos.size)
        done += pos.size
    if not buckets_out:
        return NgramIndex(np.zeros(0, dtype=np.int64), tri,
                          np.zeros((0, doc.n + 1), dtype=np.int64))
    return NgramIndex(np.concatenate(buckets_out), tri, np.stack(bounds))


def _per_line(values: np.ndarray, bounds: np.ndarray, offset: int = 0) -> np.ndarray:
    """Per line, the sum of the integer ``values`` (those of the entries from
    ``offset`` on) of its entries of the orders in ``bounds`` (rows of
    NgramIndex.bounds), as int64: sums of integers are exact in any order, so
    they are np.bincount's float sums, at a fraction of its cost.

    One ``np.add.reduceat`` over the (start, end) pairs of every (order, line)
    segment: a cumulative sum of every entry (the former way) cost three
    times as much on a page's ~80,000 n-grams. The segment sums are the even
    results; an empty segment's (reduceat gives the value at its start) is 0."""
    b = bounds - offset
    lo, hi = b[:, :-1], b[:, 1:]
    if lo.size == 0:
        return np.zeros(lo.shape[1], dtype=np.int64)
    cuts = np.stack([lo, hi], axis=-1).ravel()
    if int(cuts.max()) >= values.size:
        # reduceat takes indices below the array's length: one zero past the end
        values = np.append(values, np.zeros(1, dtype=values.dtype))
    sums = np.add.reduceat(values, cuts, dtype=np.int64)[::2].reshape(lo.shape)
    sums[lo == hi] = 0
    return sums.sum(axis=0)


def _counts(bounds: np.ndarray) -> np.ndarray:
    """Per line, the number of its entries of the orders in ``bounds``."""
    return (bounds[:, 1:] - bounds[:, :-1]).sum(axis=0)


def familiarity(index: NgramIndex, n_lines: int, seen: np.ndarray) -> np.ndarray:
    """Per line, the share of its 3-grams whose bucket is set in ``seen`` (bool, one
    per bucket); 1.0 for a line without 3-grams (a mark or two)."""
    return _seen_share(*_seen_counts(index, n_lines, seen))


def _seen_counts(index: NgramIndex, n_lines: int, seen: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Per line (int64): the number of its 3-grams, and of those whose bucket is
    set in ``seen``."""
    found = seen.take(index.bucket[index.tri])
    b = index.bounds
    rows = np.flatnonzero((b[:, 0] == index.tri.start) & (b[:, -1] == index.tri.stop))
    if rows.size and b.shape[1] == n_lines + 1:
        tri = b[rows[:1]]  # the 3-grams' row
        return _counts(tri), _per_line(found, tri, index.tri.start)
    li = index.line[index.tri]
    return np.bincount(li, minlength=n_lines), np.bincount(li[found], minlength=n_lines)


def _seen_share(total: np.ndarray, hits: np.ndarray) -> np.ndarray:
    """familiarity from the counts of ``_seen_counts``."""
    t = total.astype(np.float64)
    return np.where(t > 0, hits.astype(np.float64) / np.maximum(t, 1.0), 1.0)


def _norms(counts: np.ndarray) -> np.ndarray:
    """1 / sqrt(count) per line (0 for a line without n-grams)."""
    c = counts.astype(np.float64)
    return np.where(c > 0, 1.0 / np.sqrt(np.maximum(c, 1.0)), 0.0)


def line_norms(line_idx: np.ndarray, n_lines: int) -> np.ndarray:
    """1 / sqrt(number of n-grams) per line (0 for a line without any)."""
    return _norms(np.bincount(line_idx, minlength=n_lines))


def linear_scores(index: NgramIndex, n_lines: int, weights: np.ndarray,
                  bias: float = 0.0) -> np.ndarray:
    """Per line: bias + sum of the weights of its n-grams / sqrt(their number)."""
    values = weights.take(index.bucket)
    sums: np.ndarray
    if index.bounds.shape[1] == n_lines + 1 and np.issubdtype(weights.dtype, np.integer):
        # integer weights (the shipped model's int8 steps): exact sums by line
        sums = _per_line(values, index.bounds).astype(np.float64)
        return bias + sums * _norms(_counts(index.bounds))
    sums = np.bincount(index.line, weights=values.astype(np.float64), minlength=n_lines)
    return bias + sums * line_norms(index.line, n_lines)


@dataclass(frozen=True)
class LineSums:
    """Per line of a document (int64 each): the sum of the integer weights of its
    n-grams, their number, and of its FAMILIARITY_ORDER n-grams the number and
    the number whose bucket training saw. What the line model reads of the
    n-grams; ``line_sums`` computes them in one compiled pass, ``index_sums``
    from an NgramIndex (the reference: the same numbers)."""

    sums: np.ndarray
    counts: np.ndarray
    tri_total: np.ndarray
    tri_hits: np.ndarray

    def linear(self) -> np.ndarray:
        """linear_scores (bias 0) from the sums."""
        return 0.0 + self.sums.astype(np.float64) * _norms(self.counts)

    def familiarity(self) -> np.ndarray:
        """familiarity from the counts."""
        return _seen_share(self.tri_total, self.tri_hits)


def _plain_lines(doc: Doc) -> bool:
    """Whether ``doc`` is make_doc's layout: a break before each line, one after
    the last and none inside a line (the n-gram rules of line_sums assume it)."""
    if doc.codes.size != (int(doc.ends[-1]) + 1 if doc.n else 2):
        return False
    return int(np.count_nonzero(doc.codes == 10)) == doc.n + 1


def line_sums(doc: Doc, orders: tuple[int, ...], bits: int, weights: np.ndarray,
              seen: np.ndarray) -> LineSums:
    """The LineSums of ``doc`` for int8 ``weights`` and the ``seen`` bits (bool,
    one per bucket): ngram_index's n-grams, hashed and added line by line in
    C, without the index."""
    if doc.n and int((doc.ends - doc.starts).max()) > MAX_LINE_CHARS:
        doc = make_doc([x[:MAX_LINE_CHARS] for x in doc.lines])
    if not _plain_lines(doc):
        return index_sums(ngram_index(doc, orders, bits), doc.n, weights, seen)
    n = doc.n
    out = [np.zeros(n, dtype=np.int64) for _ in range(4)]
    _line_sums(doc.fold, doc.starts, doc.ends, orders, bits, weights, seen, FAMILIARITY_ORDER,
               *out)
    return LineSums(*out)


def index_sums(index: NgramIndex, n_lines: int, weights: np.ndarray,
               seen: np.ndarray) -> LineSums:
    """``line_sums`` from an NgramIndex, with numpy."""
    sums = _per_line(weights.take(index.bucket), index.bounds)
    return LineSums(sums, _counts(index.bounds), *_seen_counts(index, n_lines, seen))
