"""Kept blocks pass their verdict to their siblings of the same markup.

The block model judges each block with features of where it sits on the page;
on a page longer than any it learned from, blocks far down an article look like
the footers of the training pages. An article's paragraphs are siblings of the
same tag and class in one container: a block whose siblings of the same markup
were mostly kept, and that is not made of links, is kept with them. The bars
(share of the siblings' text kept, how many kept, link density) are chosen by
domain-grouped cross-validation on wcxb-dev ``train`` and shipped in the model
file's ``siblings`` entry. The groups are those of the block model's features
(tag and class/id string: ``node_signatures``), so paragraphs that each carry an
id (Medium) form no group; groups without the ids were measured for this rule
(wcxb-dev ``train`` out of fold -0.00002, readability-pages out of sample
+0.0005) and not taken: the container rule's paths leave ids out
(``container.class_paths``), which is where they cost.

The rows of one table are a unit: a reader who gets the header row of an
election-results table and half its rows has lost the table. The model scores
rows one by one, header rows higher than data rows; so when a table's rows
reach the page's threshold on average (by characters), all of them are kept.
Out of fold on wcxb-dev ``train`` (4,695 rows) it costs 0.0002 of mean page F1
(listings 0.003, the other types within 0.0002); it is there for the tables, not
the mean.

A list of links right under a heading the model left out is that heading's
section ("More on this topic", "Read more"): its items go with the heading,
however the model scored them. Out of fold on ``train`` it changes 13 pages,
+0.0002 of mean page F1 (services +0.0014, the other types within 0.0002);
link-share bars from 0.7 to 1.0 give the same figures.

On an article page, a table whose kept blocks are all rows made of links (three
or more) is a menu: an old table layout's navigation column, one link a row,
which the model scored near 0.5 like any row beside a story written between
``<br>``s. Out of fold on ``train`` it changes 1 page (+0.00001 of mean page
F1); the shipped model changes 2 train records (page F1 0.973 -> 0.984, and one
by less than 0.001), none of validation, scrapinghub or readability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class SiblingRule:
    min_share: float
    """Share of the sibling group's text already kept."""
    min_kept: int
    """Kept blocks in the group."""
    max_link_density: float
    """A block mostly made of links (a menu among paragraphs) stays out."""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SiblingRule:
        return cls(float(d["min_share"]), int(d["min_kept"]), float(d["max_link_density"]))

    def to_dict(self) -> dict[str, float]:
        return {
            "min_share": self.min_share,
            "min_kept": self.min_kept,
            "max_link_density": self.max_link_density,
        }


def node_signatures(tags: list[str], names: list[str]) -> np.ndarray:
    """An id per element for its tag and class/id words."""
    keys = [f"{t} {c}" for t, c in zip(tags, names, strict=True)]
    # Ids in order of first appearance, numbered once per distinct key.
    ids = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    return np.fromiter(map(ids.__getitem__, keys), dtype=np.int64, count=len(keys))


def markup_paths(sig: np.ndarray, parent: np.ndarray, block_node: np.ndarray) -> np.ndarray:
    """Per block, an id of its markup path: the signatures (``node_signatures``)
    of its element, its parent and its grandparent (the body's parent is the
    body)."""
    base = int(sig.max()) + 2
    up1 = np.maximum(parent[block_node], 0)
    up2 = np.maximum(parent[up1], 0)
    return (sig[block_node] * base + sig[up1]) * base + sig[up2]


def sibling_groups(parent: np.ndarray, block_node: np.ndarray, sig: np.ndarray) -> np.ndarray:
    """Per block, the id of its group: blocks whose elements share parent and
    signature (blocks of one element are in one group)."""
    if block_node.size == 0:
        return np.zeros(0, dtype=np.int64)
    key = np.maximum(parent[block_node], -1).astype(np.int64) * (int(sig.max()) + 2) + sig[
        block_node
    ]
    return np.unique(key, return_inverse=True)[1].ravel()


def extend_keep(
    keep: np.ndarray,
    groups: np.ndarray,
    chars: np.ndarray,
    link_density: np.ndarray,
    rule: SiblingRule,
) -> np.ndarray:
    """``keep`` plus the blocks the rule adds."""
    if keep.size == 0 or not keep.any():
        return keep
    kept_chars = np.bincount(groups, weights=chars * keep)
    all_chars = np.bincount(groups, weights=chars)
    kept_n = np.bincount(groups, weights=keep.astype(np.float64))
    share = np.divide(kept_chars, all_chars, out=np.zeros_like(all_chars), where=all_chars > 0)
    joins = (
        ~keep
        & (share[groups] >= rule.min_share)
        & (kept_n[groups] >= rule.min_kept)
        & (link_density <= rule.max_link_density)
        & (chars > 0)
    )
    return keep | joins


def keep_whole_tables(
    keep: np.ndarray,
    groups: np.ndarray,
    chars: np.ndarray,
    proba: np.ndarray,
    threshold: float,
    is_row: np.ndarray,
) -> np.ndarray:
    """``keep`` plus every row of a table (rows of one sibling group) whose
    rows' probability, averaged by characters, reaches ``threshold``."""
    if not is_row.any():
        return keep
    row_chars = chars * is_row
    total = np.bincount(groups, weights=row_chars)
    mean = np.divide(np.bincount(groups, weights=proba * row_chars), total,
                     out=np.zeros_like(total), where=total > 0)
    rows = np.bincount(groups, weights=is_row.astype(np.float64))
    return keep | (is_row & (rows[groups] >= 2) & (mean[groups] >= threshold) & (chars > 0))


def keep_code_between(keep: np.ndarray, is_code: np.ndarray) -> np.ndarray:
    """``keep`` plus every code block (``<pre>``) whose neighbours on both sides
    are kept: the listing a tutorial or a release note explains, which the model
    scores low on its own (symbols, few words; WCXB's references leave out about
    half the code of articles, so it learnt to). Out of sample on
    readability-pages a page lost its SQL listings between kept paragraphs; out of
    fold on wcxb-dev train the rule changes 6 pages (3 better, 2 worse, +0.00005
    of mean page F1)."""
    if not is_code.any() or keep.size < 3:
        return keep
    between = np.zeros_like(keep)
    between[1:-1] = keep[:-2] & keep[2:]
    return keep | (is_code & between)


# A list under a dropped heading goes when its text is at least this share
# links (by characters).
HEADED_LIST_LINKS = 0.9


# Table rows made of links (a layout table's menu, one link a row) are navigation
# on an article page. The model scores rows on their own near 0.5 whatever they
# hold (data tables' rows are content), so such a menu beside a story passes the
# article threshold.
LINK_ROW_DENSITY = 0.9
LINK_ROW_RUN = 3


def drop_link_rows(keep: np.ndarray, groups: np.ndarray, is_row: np.ndarray,
                   link_density: np.ndarray) -> np.ndarray:
    """``keep`` without the rows of a table whose kept blocks are all rows made
    of links (``LINK_ROW_DENSITY``), ``LINK_ROW_RUN`` of them or more. For
    article pages: on a listing, a table of links is the content."""
    linky = keep & is_row & (link_density >= LINK_ROW_DENSITY)
    if int(linky.sum()) < LINK_ROW_RUN:
        return keep
    size = int(groups.max()) + 1
    runs = np.bincount(groups, weights=linky.astype(np.float64), minlength=size)
    kept = np.bincount(groups, weights=keep.astype(np.float64), minlength=size)
    drop = linky & (runs[groups] >= LINK_ROW_RUN) & (runs[groups] == kept[groups])
    return keep & ~drop if drop.any() else keep


def drop_headed_lists(
    keep: np.ndarray,
    groups: np.ndarray,
    kinds: Sequence[str],
    chars: np.ndarray,
    link_density: np.ndarray,
    min_link_density: float = HEADED_LIST_LINKS,
) -> np.ndarray:
    """``keep`` without the items of link lists that open under a heading the
    model left out: the heading names the list ("More on this topic", "Read
    more"), and a list of links under it is that section, not the article. A
    list holding most of the kept text is the page's content (a listing under
    its "Latest news" heading), not a section beside it: it stays."""
    heads = np.flatnonzero(~keep[:-1]) if keep.size > 1 else np.zeros(0, dtype=np.int64)
    out = keep
    kept_chars = float(chars[keep].sum())
    for i in heads.tolist():
        if kinds[i] != "h" or kinds[i + 1] != "li" or not keep[i + 1]:
            continue
        members = groups == groups[i + 1]
        if float(chars[members & keep].sum()) > 0.5 * kept_chars:
            continue
        c = chars[members]
        if float((link_density[members] * c).sum()) >= min_link_density * max(float(c.sum()), 1.0):
            if out is keep:
                out = keep.copy()
            out[members] = False
    return out
