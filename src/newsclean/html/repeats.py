"""Text the page already showed: kept blocks that repeat earlier kept ones.

Pages render some of their text twice: the mobile and the desktop copy of a
responsive layout, a carousel's cloned slides, a schema.org copy of the article
hidden for crawlers, a post quoted whole by the reply under it, a product's
description in a tab and again in an accordion. The block model judges each copy
as it judges the first, and keeps both; the page's text holds it once.

A kept block goes, with reason ``duplicate_line``, when its folded text (at least
``min_chars`` long) is that of a kept block before it under another parent
element. Copies side by side under one element are the author's (a song's
chorus, a recipe's repeated step, Readability's lorem-ipsum test pages); table
rows are left alone (a row repeats its neighbour's cells on purpose). The bar,
and the likeliest page types the rule applies to, are chosen out of fold on
wcxb-dev ``train`` by ``scripts/train_block_model.py`` and shipped in the model
file's ``repeats`` entry (domain-grouped, on the block model's out-of-fold keep
decisions: docs/EXTRACTION.md has the figures). Near copies (a block 90% made of
the word 5-grams of earlier blocks: one long block repeating several
paragraphs) added 0.0004 of mean page F1 out of fold for 4% of the extraction
time, and are not looked for in general; one kind is (``hidden_copy``): a copy
of the article hidden from readers (schema.org microdata in a ``display:none``
element: the story's paragraphs again in one ``articleBody`` element, beside
its keywords, image URLs and publisher name) goes whole, as ``hidden``.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsclean.html.content import Block
from newsclean.html.nodes import HIDDEN_CODE, PageTree
from newsclean.record import Removed
from newsclean.text import fold_all

KEEP_KINDS = frozenset(("row",))
"""Block kinds never taken for copies."""


@dataclass(frozen=True, slots=True)
class RepeatRule:
    min_chars: int
    """A block this long (folded) that equals an earlier kept block is a copy."""
    types: tuple[str, ...]
    """The likeliest page types the rule applies to."""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RepeatRule:
        return cls(int(d["min_chars"]), tuple(str(t) for t in d["types"]))

    def to_dict(self) -> dict[str, Any]:
        return {"min_chars": self.min_chars, "types": list(self.types)}


def repeated(texts: Sequence[str], kinds: Sequence[str], parents: Sequence[int],
             rule: RepeatRule) -> list[bool]:
    """Per kept block (in page order), whether it repeats a kept block before it
    that sits under another parent element (``parents``: each block's parent
    element)."""
    out = [False] * len(texts)
    first: dict[str, int] = {}  # folded text -> parent of its first kept block
    for i, folded in enumerate(fold_all(list(texts))):
        if kinds[i] in KEEP_KINDS or len(folded) < rule.min_chars:
            continue
        parent = parents[i]
        if first.setdefault(folded, parent) != parent:
            out[i] = True
    return out


def drop_repeats(blocks: Sequence[Block], parents: Sequence[int],
                 rule: RepeatRule) -> tuple[list[bool], list[Removed]]:
    """Which of the kept ``blocks`` are copies (``repeated``), and the copies
    removed as ``duplicate_line``."""
    copies = repeated([b.text for b in blocks], [b.kind for b in blocks], parents, rule)
    return copies, [Removed(b.text, "duplicate_line")
                    for b, c in zip(blocks, copies, strict=True) if c]


# A hidden block this long (characters) may be a copy of the article...
COPY_MIN_CHARS = 400
# ...when this share of its folded text is made of kept visible blocks (each at
# least COPY_PART_CHARS long, two or more): the rest is the headline, captions
# and the spacing a CMS writes between paragraphs. No wcxb-dev page holds such
# a copy among its kept blocks; the bars are set for a copy, not fitted.
COPY_SHARE = 0.8
COPY_PART_CHARS = 40
# Only the longest kept blocks can hold a copy of the others.
COPY_CANDIDATES = 2


def hidden_copy(pt: PageTree, picked: np.ndarray) -> list[bool]:
    """Per kept block (``picked``: block indices in page order), whether it lies
    in a hidden element that holds a copy of the page's visible kept text: a
    kept block of that element, ``COPY_MIN_CHARS`` long or more, whose folded
    text is mostly (``COPY_SHARE``) the folded texts of kept blocks outside it.
    Such an element is the page's copy of its article for crawlers; what else
    it holds (keywords, image URLs, the publisher's name) is for crawlers too."""
    order = picked.tolist()
    out = [False] * len(order)
    blocks = pt.blocks
    folded: list[str] | None = None  # the kept texts folded, once a candidate is hidden
    for k in heapq.nlargest(COPY_CANDIDATES, range(len(order)),
                            key=lambda k: len(blocks[order[k]].text)):
        b = order[k]
        if len(blocks[b].text) < COPY_MIN_CHARS:
            break
        hidden = [a for a in pt.ancestors(int(pt.block_node[b]), inclusive=True)
                  if pt.own_verdict[a] == HIDDEN_CODE]
        if not hidden:
            continue
        element = hidden[0]  # the nearest: the copy's own container
        under = set(pt.blocks_under({element})[element])
        inside = [i in under for i in order]
        if folded is None:
            folded = fold_all([blocks[i].text for i in order])
        copy = folded[k]
        parts = [f for f, hid in zip(folded, inside, strict=True)
                 if not hid and len(f) >= COPY_PART_CHARS and f in copy]
        if len(parts) >= 2 and sum(len(f) + 1 for f in parts) >= COPY_SHARE * len(copy):
            return inside
    return out
