"""What extraction did with each block of a page, in document order: the
inspector's "what extraction saw" view (``newsclean.inspect.diagnose``).

The page goes through :func:`newsclean.html.article.extract_article_scored`
once; each block's fate is read off the record it gave and the block model's
scores, so the view cannot drift from what extraction does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from newsclean.html.article import extract_article_scored
from newsclean.html.dom import norm_space
from newsclean.html.rejected import rejection_reasons
from newsclean.options import Options
from newsclean.record import OK, PAGE_TYPES, Article

KEPT = "kept"
"""In the record's text."""
REMOVED = "removed"
"""Left out inside the article (or by a later step), for ``reason``."""
LEFT = "left"
"""Chosen as main content, but the record is not ok (too short, a wall...)."""
DROPPED = "dropped"
"""Chosen as main content, but not in the record's text (and no removal says why)."""
OUTSIDE = "outside"
"""Not main content and outside the article; ``reason`` is what markup or its
look calls it."""


@dataclass(frozen=True, slots=True)
class BlockFate:
    text: str
    kind: str
    tag: str
    link_density: float
    probability: float
    """The block model's probability that the block is main content."""
    chosen: bool
    """The block model kept it: probability at or above the page type's threshold
    (or with its siblings), and inside the article's container or sure enough
    (blockmodel.score_blocks)."""
    fate: str
    reason: str | None


@dataclass(slots=True)
class PageFates:
    article: Article
    blocks: list[BlockFate] = field(default_factory=list)
    noscript: str = ""
    """Text the page shows to browsers without JavaScript."""
    type_proba: dict[str, float] = field(default_factory=dict)
    threshold: float | None = None
    """The probability from which a block of this page is kept."""
    typed_without_words: bool = False
    """The page type was read from markup and layout alone (its words are in a
    language the page-type word table never learnt)."""


def explain_page(
    html: str,
    *,
    url: str | None,
    options: Options,
    finish: Callable[[Article], Article] | None = None,
) -> PageFates:
    """The page's record and every block's fate. ``finish`` is what happens to
    the record after extraction (a boilerplate table...): fates follow the
    finished record."""
    art, seen = extract_article_scored(html, url=url, options=options)
    if finish is not None:
        art = finish(art)
    out = PageFates(article=art)
    if seen.tree is not None:
        out.noscript = seen.tree.noscript_text
    scored = seen.scored
    if scored is None:
        return out
    out.type_proba = {t: float(p) for t, p in zip(PAGE_TYPES, scored.type_proba, strict=True)}
    out.threshold = scored.threshold
    out.typed_without_words = scored.typed_without_words
    removed: dict[str, str] = {}
    for r in art.removed:
        removed.setdefault(norm_space(r.text), r.reason)
    in_text = {norm_space(p) for p in art.text.split("\n\n")} if art.status == OK else set()
    blocks = scored.tree.blocks
    outside = np.flatnonzero(~scored.keep)
    why_out = dict(
        zip(outside.tolist(), rejection_reasons(scored, outside, art.title), strict=True)
    )
    shown: set[str] = set()  # texts of the blocks kept so far
    for i, block in enumerate(blocks):
        key = norm_space(block.text)
        chosen = bool(scored.keep[i])
        reason: str | None = removed.get(key)
        if reason == "duplicate_line" and chosen and key in in_text and key not in shown:
            # the first copy of a text the page shows twice is the one kept
            reason = None
        if chosen and key in in_text:
            shown.add(key)
        if reason is not None:
            fate = REMOVED
        elif not chosen:
            fate, reason = OUTSIDE, why_out[i]
        elif art.status != OK:
            fate = LEFT
        else:
            fate = KEPT if key in in_text else DROPPED
        out.blocks.append(
            BlockFate(
                text=block.text,
                kind=block.kind,
                tag=block.tag,
                link_density=block.link_density,
                probability=float(scored.proba[i]),
                chosen=chosen,
                fate=fate,
                reason=reason,
            )
        )
    return out
