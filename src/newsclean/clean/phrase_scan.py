"""The junk phrase families over a whole document in one scan.

``phrases.match_phrase`` judges one line; a page has hundreds. Here the
required literals of every family part (phrase_index.LiteralIndex.keys: the
anchored patterns' literals at the line start, the floating patterns'
anywhere) are found in the whole document with one Aho-Corasick pass, the hits
are mapped to their lines with numpy, and a part's regex runs only on the lines
that hold one of its literals. Network names for share bars are found the same way. The answer is
exactly ``[match_phrase(line) for line in lines]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from newsclean.clean.phrase_index import ignorecase_lower
from newsclean.clean.phrases import (
    _SHARE_HIT,
    SHARE_BAR_CHARS,
    SHORT_LINE,
    PhraseHit,
    _families,
    match_candidates,
    match_phrase,
    max_line,
    platform_names,
    share_bar,
)


@lru_cache(maxsize=1)
def _literal_families() -> tuple[Any, np.ndarray, np.ndarray]:
    """An automaton whose values are key ids, and the family parts of each key
    as CSR arrays (key l's part codes are fam[ptr[l]:ptr[l + 1]])."""
    import ahocorasick

    _, index = _families()
    by_literal: dict[str, set[int]] = {}
    for lit, part in index.keys:
        by_literal.setdefault(lit, set()).add(part)
    automaton = ahocorasick.Automaton()
    ptr = [0]
    fams: list[int] = []
    for lit in sorted(by_literal):
        automaton.add_word(lit, len(ptr) - 1)
        fams += sorted(by_literal[lit])
        ptr.append(len(fams))
    if fams:
        automaton.make_automaton()
    return automaton, np.array(ptr, dtype=np.int64), np.array(fams, dtype=np.int64)


@lru_cache(maxsize=1)
def _family_max_line() -> np.ndarray:
    """The longest line each family can match (phrases.max_line)."""
    return np.array([min(max_line(f), 1 << 62) for f in _families()[0]], dtype=np.int64)


@lru_cache(maxsize=1)
def _platform_automaton() -> Any:
    """Network names as substrings (share_bar then checks whole words)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in platform_names():
        automaton.add_word(ignorecase_lower(name), 0)
    automaton.make_automaton()
    return automaton


def _line_of(starts: np.ndarray, positions: Any) -> np.ndarray:
    return np.searchsorted(starts, np.asarray(positions, dtype=np.int64), side="right") - 1


def _joined(lines: Sequence[str], which: np.ndarray) -> tuple[str, np.ndarray]:
    """The lines ``which`` (indices) joined, each after a line break, and where
    each starts in that text."""
    lens = np.fromiter((len(lines[i]) for i in which.tolist()), dtype=np.int64,
                       count=which.size)
    return "".join(["\n" + lines[i] for i in which.tolist()]), np.cumsum(lens + 1) - lens


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
    joined, starts = _joined(lines, scanned)
    text = ignorecase_lower(joined)
    if len(text) != len(joined):
        # case folding changed the length (rare scripts): line by line
        return [match_phrase(x) for x in lines]
    automaton, ptr, fam_of = _literal_families()
    hits = list(automaton.iter(text)) if fam_of.size else []
    pairs = np.zeros(0, dtype=np.int64)
    if hits:
        arr = np.array(hits, dtype=np.int64)
        lit = arr[:, 1]
        line = scanned[_line_of(starts, arr[:, 0])]
        # every (line, family part) pair a key hit allows, each once, by line
        counts = ptr[lit + 1] - ptr[lit]
        rep_line = np.repeat(line, counts)
        first = np.repeat(ptr[lit] - np.cumsum(counts) + counts, counts)
        part = fam_of[first + np.arange(int(counts.sum()))]
        n_parts = int(fam_of.max()) + 1
        # a family of whole-line patterns cannot match a longer line
        fits = lens[rep_line] <= _family_max_line()[part >> 1]
        pairs = np.unique(rep_line[fits] * n_parts + part[fits])
    if pairs.size:
        cand_line, cand_part = (pairs // n_parts).tolist(), (pairs % n_parts).tolist()
        cuts = [0, *(np.flatnonzero(np.diff(pairs // n_parts)) + 1).tolist(), len(cand_line)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            i = cand_line[a]
            out[i] = match_candidates(lines[i], tuple(cand_part[a:b]))
    # share bars: short lines naming at least two networks (only those are
    # scanned: "x" is a network, a paragraph holds dozens of hits)
    short = np.flatnonzero(lens[scanned] <= SHARE_BAR_CHARS)
    if short.size:
        lowered = [text[a : a + size] for a, size in
                   zip(starts[short].tolist(), lens[scanned[short]].tolist(), strict=True)]
        text, starts = _joined(lowered, np.arange(short.size))
        short = scanned[short]
        names = [end for end, _ in _platform_automaton().iter(text)]
        if len(names) >= 2:
            per_line = np.bincount(_line_of(starts, names), minlength=short.size)
            for i in short[per_line >= 2].tolist():
                if out[i] is None and share_bar(lines[i]):
                    out[i] = _SHARE_HIT
    return out
