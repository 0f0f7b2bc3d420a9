"""Furniture inside the article region: what the container holds besides the article.

Content selection picks a container; sites put more than the article into it
(the headline, link lists, share prompts, access-wall notices, "more stories"
teasers). This module decides block by block, from the extractor's structural
knowledge (block kind, link density, position) and the cleaner's junk phrase
families, which blocks are not article text, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsclean.clean.phrases import match_phrase
from newsclean.html.content import Block
from newsclean.record import Removed
from newsclean.text import fold

# Blocks longer than this are prose whatever phrase they contain (match_phrase
# applies its own share rule below it). Measured on the dev pages: no junk
# phrase hit on a block of 300+ characters, and those blocks are most of the
# matching time.
MAX_PHRASE_BLOCK = 300
# A block made mostly of link text is a link list or a teaser, not prose.
LINK_DENSITY = 0.5
LINK_DENSITY_PRECISE = 0.35
# Only the first few blocks of the region can be its headline.
HEADLINE_POSITIONS = 3
# A line naming the author is a byline only when this short.
MAX_BYLINE_CHARS = 80


@dataclass(slots=True)
class Filtered:
    kept: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    paywalled: bool = False
    """A junk phrase of an access-wall family was found among the blocks."""


def phrase_hit(text: str) -> tuple[str, bool] | None:
    """(reason, withheld) when ``text`` is a junk phrase of the cleaner's tables."""
    if len(text) > MAX_PHRASE_BLOCK:
        return None
    hit = match_phrase(text)
    if hit is None:
        return None
    return str(hit.reason), bool(hit.paywall)


def is_headline(block: Block, index: int, title: str | None) -> bool:
    """The article's headline repeated in the body (it is the ``title`` field)."""
    if block.kind != "h" and index >= HEADLINE_POSITIONS:
        return False
    folded = fold(block.text)
    if not folded:
        return False
    if title:
        ft = fold(title)
        if folded == ft:
            return True
        # "<headline> | <site>" or a headline with the site's prefix.
        if ft and len(ft) >= 20 and (folded.startswith(ft) or folded.endswith(ft)):
            return len(folded) <= len(ft) + 60
    # Without a usable title: the level-1 heading that opens the region.
    return block.kind == "h" and block.level == 1 and index < HEADLINE_POSITIONS


def is_byline(block: Block, authors: Sequence[str]) -> bool:
    """A short line naming the article's author (the ``authors`` field), not a
    sentence. Only personal names (two words or more): an organisation given as
    author is also what the article talks about."""
    text = block.text
    if len(text) > MAX_BYLINE_CHARS or block.kind not in ("p", "h", "li"):
        return False
    if text.endswith((".", "!", "?", "。", ":")):
        return False
    folded = f" {fold(text)} "
    return any(" " in f and f" {f} " in folded for f in (fold(a) for a in authors))


def filter_region(
    blocks: list[Block],
    *,
    title: str | None,
    site_name: str | None = None,
    authors: Sequence[str] = (),
    precise: bool = False,
) -> Filtered:
    """Split the region's blocks into article text and removed furniture."""
    out = Filtered()
    limit = LINK_DENSITY_PRECISE if precise else LINK_DENSITY
    site = fold(site_name) if site_name else None
    for b in blocks:
        if b.link_density > limit and b.kind != "pre":
            out.removed.append(Removed(b.text, "related" if len(b.text) > 40 else "navigation"))
            continue
        # Position among the blocks kept so far: link rows above the headline
        # do not push it out of reach.
        if is_headline(b, len(out.kept), title):
            out.removed.append(Removed(b.text, "title_duplicate"))
            continue
        if site and len(b.text) <= 2 * len(site) + 10 and fold(b.text) == site:
            # The masthead (site name) repeated inside the article container.
            out.removed.append(Removed(b.text, "boilerplate"))
            continue
        if authors and is_byline(b, authors):
            out.removed.append(Removed(b.text, "byline"))
            continue
        if b.kind != "pre":
            hit = phrase_hit(b.text)
            if hit is not None:
                out.removed.append(Removed(b.text, hit[0]))
                out.paywalled = out.paywalled or hit[1]
                continue
        out.kept.append(b)
    return out
