"""Label the blocks of a page by the reference main content (for the block model).

A block is labelled with the share of its words that the reference holds, in
order: words of runs of five that also occur in the reference; a short block
(under five words) counts when it is a whole line of the reference, or, with
three or four words, a run inside one. A short text the page repeats more often
than the reference (``Reply``, ``Share``, a user name) is labelled on only as
many blocks as the reference holds it, those nearest to the long labelled
blocks: the annotator kept one of them, not all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

WORD = re.compile(r"\w+")
RUN = 5


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def block_labels(texts: Sequence[str], reference: str) -> np.ndarray:
    """Per block, the share of its words found in ``reference`` (0..1)."""
    ref = words(reference)
    runs = {tuple(ref[i : i + RUN]) for i in range(len(ref) - RUN + 1)}
    lines = Counter(tuple(w) for line in reference.splitlines() if (w := words(line)))
    inner: set[tuple[str, ...]] = set()
    for line in lines:
        for n in (3, 4):
            for i in range(len(line) - n + 1):
                inner.add(line[i : i + n])
    toks = [words(t) for t in texts]
    out = np.zeros(len(texts))
    short: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for b, t in enumerate(toks):
        m = len(t)
        if m == 0:
            continue
        if m >= RUN:
            covered = np.zeros(m, dtype=bool)
            for j in range(m - RUN + 1):
                if tuple(t[j : j + RUN]) in runs:
                    covered[j : j + RUN] = True
            if len(ref) < RUN and tuple(t) in lines:
                covered[:] = True
            out[b] = covered.mean()
        else:
            key = tuple(t)
            if key in lines or (m >= 3 and key in inner):
                short[key].append(b)
    long_pos = np.flatnonzero(out >= 0.5)
    for key, blocks in short.items():
        allowed = max(lines.get(key, 0), 1)
        if len(blocks) <= allowed:
            out[blocks] = 1.0
            continue
        if long_pos.size:
            # Nearest first to the labelled long blocks.
            pos = np.searchsorted(long_pos, blocks)
            dist = [
                min(
                    abs(b - long_pos[p - 1]) if p > 0 else 1 << 30,
                    abs(long_pos[p] - b) if p < long_pos.size else 1 << 30,
                )
                for b, p in zip(blocks, pos, strict=True)
            ]
            order = np.argsort(dist, kind="stable")
        else:
            order = np.arange(len(blocks))
        for k in order[:allowed]:
            out[blocks[k]] = 1.0
    return out
