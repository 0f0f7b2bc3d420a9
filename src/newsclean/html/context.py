"""Second-stage features: what the first stage thought of a block's surroundings.

Article text comes in runs: a paragraph between two paragraphs is text, a link
among links is navigation, and the posts of a thread or the cards of a listing
share their container and their markup. Stage 2 sees, besides the block's own
features, the stage-1 probabilities of its neighbours, of its containers (mean
weighted by text and maximum, 1-4 levels up), of the blocks with the same
markup path, and of the whole page.
"""

from __future__ import annotations

import numpy as np

from newsclean.clean.features import window_mean
from newsclean.html.nodes import PageTree

CONTEXT_LEVELS = (1, 2, 3, 4)


def context_feature_names() -> list[str]:
    names = ["p1", "p1_logit", "prev1", "next1", "prev2", "next2", "win3", "win8"]
    for k in CONTEXT_LEVELS:
        names += [f"up{k}_mean", f"up{k}_max", f"up{k}_share_pos"]
    names += [
        "group_mean",
        "group_max",
        "page_mean",
        "page_pos_share",
        "in_span",
        "log_dist_pos",
        "rank",
    ]
    return names


def _shift(p: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(p)
    if k > 0:
        out[k:] = p[:-k]
    else:
        out[:k] = p[-k:]
    return out


def context_features(
    pt: PageTree,
    levels: list[np.ndarray],
    p: np.ndarray,
    chars: np.ndarray,
    group: np.ndarray,
) -> np.ndarray:
    """(blocks, context_feature_names()) from stage-1 probabilities ``p``."""
    n = p.size
    if n == 0:
        return np.zeros((0, len(context_feature_names())))
    nn = pt.n_nodes
    bn = pt.block_node
    w = np.maximum(chars, 1.0)
    pos = p >= 0.5
    node_w = np.zeros(nn)
    node_pw = np.zeros(nn)
    node_max = np.zeros(nn)
    node_pos = np.zeros(nn)
    np.add.at(node_w, bn, w)
    np.add.at(node_pw, bn, w * p)
    np.add.at(node_pos, bn, w * pos)
    np.maximum.at(node_max, bn, p)
    sub_w = pt.subtree_sum(node_w, levels)
    sub_pw = pt.subtree_sum(node_pw, levels)
    sub_pos = pt.subtree_sum(node_pos, levels)
    sub_max = node_max.copy()
    for idx in reversed(levels[1:]):
        np.maximum.at(sub_max, pt.parent[idx], sub_max[idx])
    up = np.where(pt.parent < 0, np.arange(nn), pt.parent)
    cols: list[np.ndarray] = [
        p,
        np.log(np.clip(p, 1e-4, 1 - 1e-4) / np.clip(1 - p, 1e-4, 1)),
        _shift(p, 1),
        _shift(p, -1),
        _shift(p, 2),
        _shift(p, -2),
        window_mean(p, 3),
        window_mean(p, 8),
    ]
    a = bn
    for _ in CONTEXT_LEVELS:
        a = up[a]
        cols += [sub_pw[a] / sub_w[a], sub_max[a], sub_pos[a] / sub_w[a]]
    _, ginv = np.unique(group, return_inverse=True)
    gw = np.bincount(ginv, weights=w)
    gpw = np.bincount(ginv, weights=w * p)
    gmax = np.zeros(gw.size)
    np.maximum.at(gmax, ginv, p)
    cols += [gpw[ginv] / gw[ginv], gmax[ginv]]
    total = float(w.sum())
    cols += [np.full(n, float((w * p).sum()) / total), np.full(n, float(w[pos].sum()) / total)]
    idx = np.arange(n)
    hits = np.flatnonzero(pos)
    if hits.size:
        cols.append(((idx >= hits[0]) & (idx <= hits[-1])).astype(np.float64))
        at = np.searchsorted(hits, idx)
        left = np.where(at > 0, idx - hits[np.maximum(at - 1, 0)], n)
        right = np.where(at < hits.size, hits[np.minimum(at, hits.size - 1)] - idx, n)
        cols.append(np.log1p(np.minimum(left, right)))
    else:
        cols += [np.zeros(n), np.full(n, np.log1p(n))]
    order = np.argsort(-p, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n) / max(n - 1, 1)
    cols.append(rank)
    return np.column_stack(cols)


def content_page_feature_names() -> list[str]:
    return [
        "c_share",
        "c_log_blocks",
        "c_log_mean_chars",
        "c_li_share",
        "c_h_share",
        "c_row_share",
        "c_link_density",
        "c_grouped_share",
        "c_log_groups",
        "c_top_group_share",
        "c_span",
        "c_log_heads",
        "c_max",
        "c_top10",
    ]


def content_page_features(
    p: np.ndarray, chars: np.ndarray, links: np.ndarray, kinds: list[str], group: np.ndarray
) -> np.ndarray:
    """How stage 1 sees the page's content: how much, in how many blocks of what
    kind, spread over how many repeated structures (one article vs posts vs items)."""
    n = p.size
    out = np.zeros(len(content_page_feature_names()))
    if n == 0:
        return out
    pos = p >= 0.5
    total = max(float(chars.sum()), 1.0)
    c = float(chars[pos].sum())
    cc = max(c, 1.0)
    kind = np.array(kinds)
    _, ginv, gcount = np.unique(group, return_inverse=True, return_counts=True)
    grouped = pos & (gcount[ginv] >= 3)
    g_pos = np.bincount(ginv, weights=chars * pos)
    hits = np.flatnonzero(pos)
    top = np.sort(p)[::-1][:10]
    out[:] = [
        c / total,
        np.log1p(hits.size),
        np.log1p(c / max(hits.size, 1)),
        float(chars[pos & (kind == "li")].sum()) / cc,
        float(chars[pos & (kind == "h")].sum()) / cc,
        float(chars[pos & (kind == "row")].sum()) / cc,
        float(links[pos].sum()) / cc,
        float(chars[grouped].sum()) / cc,
        np.log1p(np.unique(ginv[pos]).size),
        float(g_pos.max()) / cc,
        (hits[-1] - hits[0] + 1) / n if hits.size else 0.0,
        np.log1p(float(np.sum(pos & (kind == "h")))),
        float(p.max()),
        float(top.mean()),
    ]
    return out
