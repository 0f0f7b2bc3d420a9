"""The junk phrase families over a whole document in one scan.

``phrases.match_phrase`` judges one line; a page has hundreds. Here the
required literals of every family (phrase_index) are found in the whole
document with one Aho-Corasick pass, the hits are mapped to their lines with
numpy, and a family's regex runs only on the lines that hold one of its
literals. Network names for share bars are found the same way. The answer is
exactly ``[match_phrase(line) for line in lines]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from newsclean.clean.phrase_index import fold
from newsclean.clean.phrases import (
    _SHARE_HIT,
    MIN_MATCH_SHARE,
    SHARE_BAR_CHARS,
    SHORT_LINE,
    PhraseHit,
    _families,
    _family_regexes,
    _platforms,
    match_phrase,
    share_bar,
)


@lru_cache(maxsize=1)
def _literal_families() -> tuple[object, list[tuple[int, ...]]]:
    """An automaton whose values are literal ids, and the families of each literal."""
    import ahocorasick

    _, index = _families()
    by_literal: dict[str, set[int]] = {}
    for lit, fam in index.literals:
        by_literal.setdefault(lit, set()).add(fam)
    automaton = ahocorasick.Automaton()
    fams: list[tuple[int, ...]] = []
    for lit in sorted(by_literal):
        automaton.add_word(lit, len(fams))
        fams.append(tuple(sorted(by_literal[lit])))
    if fams:
        automaton.make_automaton()
    return automaton, fams


def _line_of(starts: np.ndarray, positions: list[int]) -> np.ndarray:
    return np.searchsorted(starts, np.asarray(positions, dtype=np.int64), side="right") - 1


def match_lines(lines: Sequence[str]) -> list[PhraseHit | None]:
    """The junk family of each line (lines already normalised: normalise.py)."""
    n = len(lines)
    out: list[PhraseHit | None] = [None] * n
    if n == 0:
        return out
    text = fold("\n".join(lines))
    lens = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    starts = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])
    if len(text) != int(lens.sum()) + n - 1:
        # case folding changed the length (rare scripts): line by line
        return [match_phrase(x) for x in lines]
    automaton, lit_fams = _literal_families()
    candidates: dict[int, set[int]] = {}
    if lit_fams:
        hits = list(automaton.iter(text))  # type: ignore[attr-defined]
        if hits:
            ends, lits = zip(*hits, strict=True)
            pairs = set(zip(_line_of(starts, list(ends)).tolist(), lits, strict=True))
            for line, lit in pairs:
                candidates.setdefault(line, set()).update(lit_fams[lit])
    families, _ = _families()
    regexes = _family_regexes()
    for i, fams in candidates.items():
        line = lines[i]
        size = len(line)
        if size > 4 * SHORT_LINE:
            continue
        needed = MIN_MATCH_SHARE * size if size > SHORT_LINE else 0.0
        best: tuple[int, int, int] | None = None
        for k in sorted(fams):
            rx = regexes[k]
            if rx.max_width < needed:
                continue
            m = rx.anchored.match(line) if rx.anchored is not None else None
            if m is None and rx.floating is not None and (best is None or best[0] > 0):
                m = rx.floating.search(line)
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), k, m.end())
        if best is None:
            continue
        s, k, e = best
        if size > SHORT_LINE and (e - s) < MIN_MATCH_SHARE * size:
            continue
        fam = families[k]
        out[i] = PhraseHit(fam.reason, fam.lang, fam.paywall)
    # share bars: short lines naming at least two networks
    names = [m.start() for m in _platforms().finditer(text)]
    if len(names) >= 2:
        per_line = np.bincount(_line_of(starts, names), minlength=n)
        for i in np.flatnonzero((per_line >= 2) & (lens <= SHARE_BAR_CHARS)).tolist():
            if out[i] is None and share_bar(lines[i]):
                out[i] = _SHARE_HIT
    return out
