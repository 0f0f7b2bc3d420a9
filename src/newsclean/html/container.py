"""An article lives in one container: kept blocks outside it need more to stay.

The block model judges each block with features of its neighbours and
ancestors, but not what the rest of the page decided: a long reader comment, an
author bio, a teaser of another story or a sidebar essay scores like the
article's own paragraphs and is kept beside them. On an article page most of
what the model kept sits under one element (the story's container). The
container is the deepest element that holds at least ``share`` of the kept
blocks' weight (probability times characters); a kept block outside it stays
only when the model is at least ``outside_min`` sure of it, or when its markup
path is that of the story's own blocks (a body split over sibling elements). The
path is the tag and class words of the block's element, its parent and its
grandparent, element ids left out (``class_paths``): an id names one element,
and sites that write one on every paragraph or section (Medium does) had no two
paths alike, so a story's sections outside the heaviest one went whenever the
model was less sure of them than the bar. Out of fold on wcxb-dev ``train`` that
changes 3 pages (mean page F1 -0.00001); out of sample on readability-pages
three Medium stories get their later sections back (lazy-image-1 0.78 -> 0.95,
medium-1 0.93 -> 0.98, medium-3 0.90 -> 0.95).

Out of fold on wcxb-dev ``train`` (domain-grouped, on the block model's
out-of-fold probabilities, the share and the bar chosen on the other folds),
pages whose likeliest type is ``article``: mean page F1 of the articles 0.944 ->
0.952, all pages 0.869 -> 0.873; the shares from 0.55 to 0.75 and the bars from
0.8 to 0.95 all give +0.004 to +0.005 (standard error of the paired difference
0.001). The rule and its two numbers are chosen by
``scripts/train_block_model.py`` and shipped in the model file's ``container``
entry. Listings, forums and collections spread their items over several
containers by design: the rule is only for the types the training chose.

Known weakness: a story whose sections sit in sibling elements of different
tags or classes loses the sections outside the heaviest one when the model is
less sure of them than the rule's bar (0.85 in the shipped model). With element
ids in the paths, 3 of the 170 validation articles lengthened by
``benchmarks/long_articles.py`` kept less than 90% of their words; without, none
does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsclean.html._levels import levels_pass
from newsclean.html.nodes import OR, SUM, class_part, distinct_ids
from newsclean.html.siblings import markup_paths

# The rule never takes away most of the kept text: an element holding more of the
# weight than of the text (sure blocks inside, a long unsure run outside) is one
# section of the story. Out of fold the bar costs 0.0003 of mean page F1 (half the
# kept characters is beyond the 99th percentile of what the rule drops).
MAX_DROPPED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class ContainerRule:
    share: float
    """The container holds at least this share of the kept blocks' weight:
    above one half, so that the elements holding it are nested and the deepest
    of them is one element."""
    outside_min: float
    """A kept block outside the container stays from this probability."""
    types: tuple[str, ...] = ("article",)
    """The likeliest page types the rule applies to."""

    def __post_init__(self) -> None:
        if not 0.5 < self.share <= 1.0:
            raise ValueError(f"container share must be in (0.5, 1], not {self.share}")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ContainerRule:
        return cls(float(d["share"]), float(d["outside_min"]),
                   tuple(str(t) for t in d["types"]))

    def to_dict(self) -> dict[str, Any]:
        return {"share": self.share, "outside_min": self.outside_min, "types": list(self.types)}


def container_keep(
    keep: np.ndarray,
    proba: np.ndarray,
    chars: np.ndarray,
    block_node: np.ndarray,
    depth: np.ndarray,
    parent: np.ndarray,
    walk: tuple[np.ndarray, np.ndarray],
    rule: ContainerRule,
    markup: np.ndarray | Callable[[], np.ndarray] | None = None,
) -> np.ndarray:
    """``keep`` without the kept blocks outside the article's container that
    score below ``rule.outside_min``. ``block_node``: each block's element;
    ``depth`` and ``parent``: each element's (the body is 0 and -1); ``walk``:
    the elements by depth and where each depth starts (PageTree.walk_order).
    ``markup``: each block's markup path (``class_paths``); a block outside
    with the markup path of a kept block inside stays: it is the story's body
    split over sibling elements (an ad slot between two halves of a body, a
    live blog paged into several of them). A function giving the paths is
    called only when some kept block would go (most pages have none)."""
    weight = np.where(keep, proba * chars, 0.0)
    total = float(weight.sum())
    if total <= 0.0 or int(keep.sum()) < 2:
        return keep
    order, bounds = walk
    # each element's kept weight: its own blocks' and its children's
    mass = np.zeros(parent.size, dtype=np.float64)
    np.add.at(mass, block_node, weight)
    levels_pass(SUM, False, parent, order, bounds, mass)
    holding = np.flatnonzero(mass >= rule.share * total)
    if not holding.size:
        return keep
    container = int(holding[np.argmax(depth[holding])])
    inside = np.zeros(parent.size, dtype=np.int64)
    inside[container] = 1
    levels_pass(OR, True, parent, order, bounds, inside)
    held = keep & (inside[block_node] == 1)
    out = held | (keep & (proba >= rule.outside_min))
    if markup is not None and (keep & ~out).any():
        paths = markup() if callable(markup) else markup
        out |= keep & np.isin(paths, paths[held])
    if float(chars[keep & ~out].sum()) > MAX_DROPPED_SHARE * float(chars[keep].sum()):
        # most of the kept text outside: the element is one section of a long
        # story (a live blog's entries beside its summary), not the story
        return keep
    return out


def class_paths(
    tags: list[str],
    names: list[str],
    parent: np.ndarray,
    block_node: np.ndarray,
    name_ids: tuple[list[str], np.ndarray] | None = None,
) -> np.ndarray:
    """Per block, an id of its markup path: the tag and class words of its
    element, of its parent and of its grandparent (``names``: PageTree.names,
    "class id"; the id is left out, it names one element only). ``name_ids``:
    ``distinct_ids(names)`` when already at hand (PageTree.name_ids): each
    distinct string is split once."""
    if block_node.size == 0:
        return np.zeros(0, dtype=np.int64)
    distinct, of_name = name_ids if name_ids is not None else distinct_ids(names)
    classes, of_class = distinct_ids([class_part(name) for name in distinct])
    _, of_tag = distinct_ids(tags)
    return markup_paths(of_tag.astype(np.int64) * len(classes) + of_class[of_name],
                        parent, block_node)
