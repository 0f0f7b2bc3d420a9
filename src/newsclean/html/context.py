"""What the block model kept, as page features for the second page-type model.

One article, the posts of a thread and the cards of a listing differ less in
their markup than in what the block model keeps of them: how much text, in how
many blocks of what kind, spread over how many repeated structures.
"""

from __future__ import annotations

import numpy as np


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
    # one pass of string tests per kind (a numpy array of the kinds' strings
    # cost more than all three)
    li, head, row = (np.fromiter(map(k.__eq__, kinds), dtype=bool, count=n)
                     for k in ("li", "h", "row"))
    _, ginv, gcount = np.unique(group, return_inverse=True, return_counts=True)
    grouped = pos & (gcount[ginv] >= 3)
    g_pos = np.bincount(ginv, weights=chars * pos)
    hits = np.flatnonzero(pos)
    top = np.sort(p)[::-1][:10]
    out[:] = [
        c / total,
        np.log1p(hits.size),
        np.log1p(c / max(hits.size, 1)),
        float(chars[pos & li].sum()) / cc,
        float(chars[pos & head].sum()) / cc,
        float(chars[pos & row].sum()) / cc,
        float(links[pos].sum()) / cc,
        float(chars[grouped].sum()) / cc,
        np.log1p(np.unique(ginv[pos]).size),
        float(g_pos.max()) / cc,
        (hits[-1] - hits[0] + 1) / n if hits.size else 0.0,
        np.log1p(float(np.sum(pos & head))),
        float(p.max()),
        float(top.mean()),
    ]
    return out
