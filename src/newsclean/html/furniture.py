"""Furniture among the blocks the block model kept: what it cannot know.

The model judges a block by its text and markup; it does not know the page's
metadata (the site name and the authors) nor the cleaner's junk phrase families
in many languages. This module removes, with a reason, the page's title
repeated as a block (it is the record's ``title``), the site name repeated as a
masthead, a byline naming the article's authors, and the lines of those phrase
families (share prompts, access-wall and JavaScript notices...); in precise mode
also link-heavy blocks. Measured on wcxb-dev train out of fold
(``scripts/train_block_model.py`` predictions): the phrase families add up to
+0.001 word F1, the title rule is neutral there (and keeps the title out of the
text on pages the model is unsure of); a link-density rule would cost 0.02
(listings and collections are linked titles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsclean.clean.phrase_scan import match_texts
from newsclean.html.content import Block
from newsclean.record import Removed
from newsclean.text import fold, fold_all

# Blocks longer than this are prose whatever phrase they contain (match_phrase
# applies its own share rule below it). Measured on the dev pages: no junk
# phrase hit on a block of 300+ characters, and those blocks are most of the
# matching time.
MAX_PHRASE_BLOCK = 300
# Kept blocks at least this likely and longer than NOTICE_CHARS are not looked up
# in the junk phrase families (measured out of fold: no change in word F1, and
# most of this step's time saved).
CONFIDENT = 0.9
NOTICE_CHARS = 120
# In precise mode a block made mostly of link text is a link list or a teaser.
LINK_DENSITY_PRECISE = 0.35
# Only the first few kept blocks can be the headline with the site name around it.
HEADLINE_POSITIONS = 3
# A line naming the author is a byline only when this short.
MAX_BYLINE_CHARS = 80
# A heading of these phrase families ("More on this topic", "Read more") opens
# a list of links to elsewhere: the link list items right after it go with it.
# Out of fold on wcxb-dev train it changes 23 pages for -0.0001 of mean page F1
# (collections -0.0014: a "Related ..." list of links is content there); on the
# generated pages of benchmarks/generalisation.py, related-story items left in
# the text fall from 22% to 2%.
LIST_SECTION_REASONS = frozenset(("related", "navigation", "tags", "share"))
# ... when at least this share of an item's text is links.
LIST_SECTION_LINKS = 0.9


@dataclass(slots=True)
class Filtered:
    kept: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    paywalled: bool = False
    """A junk phrase of an access-wall family was found among the blocks."""


def is_headline(block: Block, index: int, title: str | None, *,
                folded: str | None = None, folded_title: str | None = None) -> bool:
    """The page's title repeated as a block (it is the ``title`` field): the same
    words anywhere, or with the site name around it in a heading or among the
    first kept blocks. ``folded`` and ``folded_title``: fold() of the block's
    text and of the title, when the caller has them."""
    # Folding drops punctuation and spacing only: a block much longer than the
    # title with the site name around it cannot be either.
    if not title or len(block.text) > 2 * len(title) + 60:
        return False
    if folded is None:
        folded = fold(block.text)
    ft = fold(title) if folded_title is None else folded_title
    if not folded or not ft:
        return False
    if folded == ft:
        return True
    if block.kind != "h" and index >= HEADLINE_POSITIONS:
        return False
    # "<headline> | <site>" or a headline with the site's prefix.
    return (
        len(ft) >= 20
        and (folded.startswith(ft) or folded.endswith(ft))
        and len(folded) <= len(ft) + 60
    )


def is_byline(block: Block, authors: Sequence[str], *, folded: str | None = None) -> bool:
    """A short line naming the article's author (the ``authors`` field), not a
    sentence. Only personal names (two words or more): an organisation given as
    author is also what the article talks about. ``folded``: fold() of the
    block's text, when the caller has it."""
    text = block.text
    if len(text) > MAX_BYLINE_CHARS or block.kind not in ("p", "h", "li"):
        return False
    if text.endswith((".", "!", "?", "。", ":")):
        return False
    padded = f" {fold(text) if folded is None else folded} "
    return any(" " in f and f" {f} " in padded for f in (fold(a) for a in authors))


def filter_region(
    blocks: list[Block],
    *,
    title: str | None = None,
    site_name: str | None = None,
    authors: Sequence[str] = (),
    precise: bool = False,
    confident: Sequence[bool] | None = None,
) -> Filtered:
    """Split the kept blocks into main text and removed furniture. Blocks the
    model is ``confident`` of skip the junk phrase families."""
    out = Filtered()
    site = fold(site_name) if site_name else None
    sure = confident if confident is not None else [False] * len(blocks)
    section: str | None = None  # the reason of the link-list heading just removed
    # the phrase families of every block that may be looked up, in one scan
    asked = [i for i, (b, skip) in enumerate(zip(blocks, sure, strict=True))
             if not skip and b.kind != "pre" and len(b.text) <= MAX_PHRASE_BLOCK]
    hits = dict(zip(asked, match_texts([blocks[i].text for i in asked]), strict=True))
    # fold() of every block short enough for the title, masthead or byline
    # tests, in one normalisation pass (and the title's once)
    reach = max(2 * len(title) + 60 if title else -1,
                2 * len(site) + 10 if site else -1,
                MAX_BYLINE_CHARS if authors else -1)
    short = [i for i, b in enumerate(blocks) if len(b.text) <= reach]
    folded = dict(zip(short, fold_all([blocks[i].text for i in short]), strict=True))
    folded_title = fold(title) if title else None
    for i, b in enumerate(blocks):
        if section is not None and b.kind == "li" and b.link_density >= LIST_SECTION_LINKS:
            out.removed.append(Removed(b.text, section))
            continue
        section = None
        if precise and b.link_density > LINK_DENSITY_PRECISE and b.kind != "pre":
            out.removed.append(Removed(b.text, "related" if len(b.text) > 40 else "navigation"))
            continue
        # Position among the blocks kept so far: link rows above the headline
        # do not push it out of reach.
        if is_headline(b, len(out.kept), title, folded=folded.get(i),
                       folded_title=folded_title):
            out.removed.append(Removed(b.text, "title_duplicate"))
            continue
        if site and len(b.text) <= 2 * len(site) + 10 and folded[i] == site:
            # The masthead (site name) repeated inside the article container.
            out.removed.append(Removed(b.text, "boilerplate"))
            continue
        if authors and is_byline(b, authors, folded=folded.get(i)):
            out.removed.append(Removed(b.text, "byline"))
            continue
        hit = hits.get(i)
        if hit is not None:
            out.removed.append(Removed(b.text, hit.reason))
            out.paywalled = out.paywalled or hit.paywall
            if b.kind == "h" and hit.reason in LIST_SECTION_REASONS:
                section = hit.reason
            continue
        out.kept.append(b)
    return out
