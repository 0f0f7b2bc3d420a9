"""Furniture inside the article region: what the container holds besides the article.

Content selection picks a container; sites put more than the article into it
(the headline, link lists, share prompts, access-wall notices, "more stories"
teasers). This module decides block by block, from the extractor's structural
knowledge (block kind, link density, position) and the cleaner's junk phrase
families, which blocks are not article text, and why.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsclean.extract.content import Block
from newsclean.record import Removed

_FOLD = re.compile(r"[\W_]+")
# Blocks longer than this are prose whatever phrase they contain (match_phrase
# applies its own share rule below it).
MAX_PHRASE_BLOCK = 600
# A block made mostly of link text is a link list or a teaser, not prose.
LINK_DENSITY = 0.5
LINK_DENSITY_PRECISE = 0.35
# Only the first few blocks of the region can be its headline.
HEADLINE_POSITIONS = 3


@dataclass(slots=True)
class Filtered:
    kept: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    paywalled: bool = False
    """A junk phrase of an access-wall family was found among the blocks."""


def fold(text: str) -> str:
    """Case, punctuation and spacing folded away, for comparing headlines."""
    return _FOLD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


@cache
def _match_phrase() -> Callable[[str], Any] | None:
    try:
        fn = importlib.import_module("newsclean.clean.phrases").match_phrase
    # The cleaner's area may be mid-edit; extraction must still work without it.
    except Exception:
        return None
    return fn if callable(fn) else None


def phrase_hit(text: str) -> tuple[str, bool] | None:
    """(reason, withheld) when ``text`` is a junk phrase of the cleaner's tables."""
    fn = _match_phrase()
    if fn is None or len(text) > MAX_PHRASE_BLOCK:
        return None
    try:
        hit = fn(text)
    except Exception:
        return None
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


def filter_region(blocks: list[Block], *, title: str | None, precise: bool = False) -> Filtered:
    """Split the region's blocks into article text and removed furniture."""
    out = Filtered()
    limit = LINK_DENSITY_PRECISE if precise else LINK_DENSITY
    for i, b in enumerate(blocks):
        if b.link_density > limit and b.kind != "pre":
            out.removed.append(Removed(b.text, "related" if len(b.text) > 40 else "navigation"))
            continue
        if is_headline(b, i, title):
            out.removed.append(Removed(b.text, "title_duplicate"))
            continue
        if b.kind != "pre":
            hit = phrase_hit(b.text)
            if hit is not None:
                out.removed.append(Removed(b.text, hit[0]))
                out.paywalled = out.paywalled or hit[1]
                continue
        out.kept.append(b)
    return out
