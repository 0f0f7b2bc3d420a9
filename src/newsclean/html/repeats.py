"""Text the page already showed: kept blocks that repeat earlier kept ones.

Pages render some of their text twice: the mobile and the desktop copy of a
responsive layout, a carousel's cloned slides, a schema.org copy of the article
hidden for crawlers, a post quoted whole by the reply under it, a product's
description in a tab and again in an accordion. The block model judges each copy
as it judges the first, and keeps both; the page's text holds it once.

A kept block goes, with reason ``duplicate_line``, when its folded text (at least
``min_chars`` long) is that of a kept block before it, or when it has at least
``min_words`` words and ``cover`` of its word 5-grams were already in the kept
blocks before it (a copy with a word or two changed, or one long block repeating
several paragraphs). Table rows are left alone: a row repeats its neighbour's
cells on purpose. The numbers, and the likeliest page types the rule applies to,
are chosen out of fold on wcxb-dev ``train`` by ``scripts/train_block_model.py``
and shipped in the model file's ``repeats`` entry (domain-grouped, on the block
model's out-of-fold keep decisions: mean page F1 +0.006, standard error 0.0014;
forums +0.026, products +0.02; documentation pages lose by it, their references
repeat commands and notes, and are left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsclean.html.content import Block
from newsclean.record import Removed
from newsclean.text import fold_all

SHINGLE = 5
"""Words in a shingle: long enough that two different sentences seldom share one."""

KEEP_KINDS = frozenset(("row",))
"""Block kinds never taken for copies."""


@dataclass(frozen=True, slots=True)
class RepeatRule:
    min_chars: int
    """A block this long (folded) that equals an earlier kept block is a copy."""
    min_words: int
    """From this many words, a block mostly made of earlier 5-grams is a copy."""
    cover: float
    """The share of a block's 5-grams seen before that makes it a copy."""
    types: tuple[str, ...]
    """The likeliest page types the rule applies to."""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RepeatRule:
        return cls(int(d["min_chars"]), int(d["min_words"]), float(d["cover"]),
                   tuple(str(t) for t in d["types"]))

    def to_dict(self) -> dict[str, Any]:
        return {"min_chars": self.min_chars, "min_words": self.min_words,
                "cover": self.cover, "types": list(self.types)}


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) <= SHINGLE:
        return {tuple(words)}
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def repeated(texts: Sequence[str], kinds: Sequence[str], parents: Sequence[int],
             rule: RepeatRule) -> list[bool]:
    """Per kept block (in page order), whether it repeats kept blocks before it
    that sit under another parent element (``parents``: each block's parent
    element). Copies side by side under one parent are the author's: a song's
    chorus, a test page's lorem ipsum, a recipe's repeated step."""
    out = [False] * len(texts)
    first: dict[str, int] = {}  # folded text -> parent of its first kept block
    grams: dict[tuple[str, ...], int] = {}  # 5-gram -> parent of its first block
    for i, folded in enumerate(fold_all(list(texts))):
        if kinds[i] in KEEP_KINDS or not folded:
            continue
        parent = parents[i]
        if len(folded) >= rule.min_chars and first.get(folded, parent) != parent:
            out[i] = True
            continue
        words = folded.split()
        if len(words) >= rule.min_words:
            mine = _shingles(words)
            elsewhere = sum(grams.get(g, parent) != parent for g in mine)
            if elsewhere >= rule.cover * len(mine):
                out[i] = True
                continue
            for g in mine:
                grams.setdefault(g, parent)
        first.setdefault(folded, parent)
    return out


def drop_repeats(blocks: Sequence[Block], parents: Sequence[int],
                 rule: RepeatRule) -> tuple[list[bool], list[Removed]]:
    """Which of the kept ``blocks`` are copies (``repeated``), and the copies
    removed as ``duplicate_line``."""
    copies = repeated([b.text for b in blocks], [b.kind for b in blocks], parents, rule)
    return copies, [Removed(b.text, "duplicate_line")
                    for b, c in zip(blocks, copies, strict=True) if c]
