"""Interleave a record's removed lines with its kept paragraphs for display.

A record stores the clean ``text`` and the ``removed`` lines separately, each in
document order, but not where the removed lines stood among the paragraphs. Any
interleaving that keeps both orders is consistent with the record, so we pick
the one that best matches where lines of each reason usually stand (headline
and byline before the article, share bars and comments after it, adverts
inside it): a monotone assignment of removed lines to the gaps between
paragraphs minimising the distance to each reason's typical position
(``data/reason_positions.json``). The view labels the placement as
reconstructed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

_PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t]*\n")


@cache
def reason_positions() -> tuple[dict[str, float], float]:
    """The reason -> typical relative position table, and the default position."""
    raw = (
        resources.files("newsclean.inspect")
        .joinpath("data/reason_positions.json")
        .read_text(encoding="utf-8")
    )
    table = json.loads(raw)
    positions = {str(k): float(v) for k, v in table["positions"].items()}
    return positions, float(table["default"])


def split_paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]


def assign_gaps(priors: Sequence[float], n_paragraphs: int) -> list[int]:
    """Non-decreasing gap indices (0..n_paragraphs) closest to the priors.

    Gap ``g`` sits before paragraph ``g``; its relative position is
    ``g / n_paragraphs``. Dynamic programme over (item, gap) with a running
    minimum so the choice is monotone; ties go to the earlier gap.
    """
    m = len(priors)
    if m == 0:
        return []
    if n_paragraphs == 0:
        return [0] * m
    gaps = n_paragraphs + 1
    inf = float("inf")
    # best[i][g]: minimal cost of items 0..i with item i in gap g.
    best: list[list[float]] = []
    back: list[list[int]] = []
    prev: list[float] = [0.0] * gaps
    for i, p in enumerate(priors):
        row = [inf] * gaps
        arg = [0] * gaps
        run_min, run_arg = inf, 0
        for g in range(gaps):
            if prev[g] < run_min:
                run_min, run_arg = prev[g], g
            row[g] = run_min + abs(g / n_paragraphs - p)
            arg[g] = run_arg if i > 0 else g
        best.append(row)
        back.append(arg)
        prev = row
    last = min(range(gaps), key=lambda g: (prev[g], g))
    out = [0] * m
    for i in range(m - 1, -1, -1):
        out[i] = last
        last = back[i][last]
    return out


def interleave(text: str, removed: Sequence[dict[str, Any]] | None) -> list[dict[str, str]]:
    """Display segments: kept paragraphs and removed lines in reconstructed order."""
    paragraphs = split_paragraphs(text)
    items = [r for r in (removed or []) if isinstance(r, dict)]
    positions, default = reason_positions()
    priors = [positions.get(str(r.get("reason") or ""), default) for r in items]
    gaps = assign_gaps(priors, len(paragraphs))
    segments: list[dict[str, str]] = []
    k = 0
    for g in range(len(paragraphs) + 1):
        while k < len(items) and gaps[k] == g:
            item = items[k]
            segments.append(
                {
                    "kind": "removed",
                    "text": str(item.get("text") or ""),
                    "reason": str(item.get("reason") or ""),
                }
            )
            k += 1
        if g < len(paragraphs):
            segments.append({"kind": "text", "text": paragraphs[g]})
    return segments
