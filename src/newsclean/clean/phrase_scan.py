"""The junk phrase families over a whole document in one scan.

``phrases.match_phrase`` judges one line; a page has hundreds. Here the
required literals of every family part (phrase_index.LiteralIndex.keys: the
anchored patterns' literals at the line start, the floating patterns'
anywhere) are found in the whole document with one Aho-Corasick pass
(newsclean.literals), the hits are mapped to their lines with numpy, and a
part's regex runs only on the lines that hold one of its literals. Network
names for share bars are keys of the same automaton. The answer is exactly
``[match_phrase(line) for line in lines]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsclean.clean.phrase_index import ignorecase_lower, ignorecase_lower_lines
from newsclean.clean.phrases import (
    _SHARE_HIT,
    MIN_MATCH_SHARE,
    SHARE_BAR_CHARS,
    SHORT_LINE,
    PhraseHit,
    _families,
    match_candidates,
    match_phrase,
    normalise_all,
    platform_names,
    share_bar,
)
from newsclean.literals import LiteralScanner
from newsclean.text import lines_at


@dataclass(frozen=True)
class _Keys:
    """Every key of the scan and what a hit of key l allows: the entries
    ptr[l]:ptr[l + 1] of ``part`` (family part codes), each with the longest
    line and the widest match of that part's patterns needing the key
    (phrase_index.LiteralIndex.limits); ``network``: the key is a network name
    (share bars are found in the same scan)."""

    scanner: LiteralScanner
    ptr: np.ndarray
    part: np.ndarray
    max_line: np.ndarray
    max_width: np.ndarray
    network: np.ndarray
    n_parts: int  # above every part code: a (line, part) pair is line * n_parts + part


@lru_cache(maxsize=1)
def _literal_families() -> _Keys:
    _, index = _families()
    by_literal: dict[str, list[int]] = {}
    for lit, part in index.keys:  # sorted: each key's parts ascending
        by_literal.setdefault(lit, []).append(part)
    names = {ignorecase_lower(name) for name in platform_names()}
    keys = sorted(by_literal.keys() | names)
    ptr = [0]
    parts: list[int] = []
    limits: list[tuple[int, int]] = []
    for lit in keys:
        for part in by_literal.get(lit, ()):
            parts.append(part)
            limits.append(index.limits[(lit, part)])
        ptr.append(len(parts))
    bounds = np.minimum(np.array(limits, dtype=object).reshape(-1, 2), 1 << 62).astype(np.int64)
    return _Keys(LiteralScanner(keys), np.array(ptr, dtype=np.int64),
                 np.array(parts, dtype=np.int64), bounds[:, 0], bounds[:, 1],
                 np.array([lit in names for lit in keys], dtype=bool), max(parts, default=0) + 1)


def _joined(lines: Sequence[str], lens: np.ndarray, which: np.ndarray) -> tuple[str, np.ndarray]:
    """The lines ``which`` (indices) lower-cased (phrase_index.ignorecase_lower),
    each after a line break, joined, and where each starts in that text (had
    lower-casing kept every length); ``lens`` is the length of every line."""
    if which.size == len(lines):
        # every line (no paragraph too long for the families)
        return ignorecase_lower_lines(lines), np.cumsum(lens + 1) - lens
    part = lens.take(which)
    return ignorecase_lower_lines([lines[i] for i in which.tolist()]), np.cumsum(part + 1) - part


def match_lines(lines: Sequence[str]) -> list[PhraseHit | None]:
    """The junk family of each line (lines already normalised: newsclean.text.normalise_lines)."""
    n = len(lines)
    out: list[PhraseHit | None] = [None] * n
    if n == 0:
        return out
    lens = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    # lines too long for any family are not scanned; a line break before every
    # line lets keys "\n<literal>" find line starts
    scanned = np.flatnonzero(lens <= 4 * SHORT_LINE)
    text, starts = _joined(lines, lens, scanned)
    if len(text) != (int(starts[-1] + lens[scanned[-1]]) if scanned.size else 0):
        # case folding changed the length (rare scripts): line by line
        return [match_phrase(x) for x in lines]
    keys = _literal_families()
    ends, lit = keys.scanner.scan(text)
    if not ends.size:
        return out
    line = scanned[lines_at(starts, ends)]
    # every (line, family part) pair a key hit allows, each once, by line
    ptr = keys.ptr
    counts = ptr[lit + 1] - ptr[lit]
    rep_line = np.repeat(line, counts)
    entry = np.repeat(ptr[lit] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    part = keys.part[entry]
    n_parts = keys.n_parts
    # whole-line patterns cannot match a longer line, and on a line longer than
    # SHORT_LINE a match must cover MIN_MATCH_SHARE of it: a hit allows only
    # the parts whose patterns needing its key can do that (a part none of whose
    # patterns can match gets no call: match_candidates would find nothing)
    size = lens[rep_line]
    fits = (size <= keys.max_line[entry]) & (
        (size <= SHORT_LINE) | (keys.max_width[entry] >= MIN_MATCH_SHARE * size))
    pairs = np.sort(rep_line[fits] * n_parts + part[fits])
    # each pair once (np.unique's checks and hashing cost more on a few hundred)
    pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if pairs.size else pairs
    if pairs.size:
        cand_line, cand_part = (pairs // n_parts).tolist(), (pairs % n_parts).tolist()
        cuts = [0, *(np.flatnonzero(np.diff(pairs // n_parts)) + 1).tolist(), len(cand_line)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            i = cand_line[a]
            out[i] = match_candidates(lines[i], tuple(cand_part[a:b]))
    # share bars: short lines naming at least two networks
    named = line[keys.network[lit]]
    if named.size >= 2:
        per_line = np.bincount(named, minlength=n)
        for i in np.flatnonzero((per_line >= 2) & (lens <= SHARE_BAR_CHARS)).tolist():
            if out[i] is None and share_bar(lines[i]):
                out[i] = _SHARE_HIT
    return out


def match_texts(texts: Sequence[str]) -> list[PhraseHit | None]:
    """``[match_phrase(text) for text in texts]`` for texts not yet in the
    cleaner's form (a page's blocks, notices): each is normalised to one line
    (phrases.normalise), then all are judged in ``match_lines``' one scan; the
    line-by-line lookup costs a literal-index search per text (most of the
    phrase step of the HTML path)."""
    return match_lines(normalise_all(texts))
