"""HTML -> Article: parse once, read metadata, score every block, keep the main content.

The stages it calls live next door: ``nodes`` (the page as blocks and arrays),
``blockmodel`` (page type and the probability that each block is main content,
learned from wcxb-dev), ``rejected`` (reasons for what was left out, access-wall
elements), ``furniture`` (masthead, byline and junk-phrase lines among the kept
blocks), ``withheld`` (whether text was withheld: ``paywalled``), ``markdown``;
and ``newsclean.metadata``, ``newsclean.clean`` (junk phrases, the line
classifier) and ``newsclean.annotate`` (language).

Every page type is extracted (a forum's posts, a listing's items, a service
page's sections...); ``Options.keep_types`` skips the others. The line
classifier of ``newsclean.clean.lines`` only runs in precise mode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from newsclean.annotate.language import detect_language
from newsclean.clean.lines import CleanResult, clean_blocks
from newsclean.html.blockmodel import ScoredPage, block_model, score_blocks
from newsclean.html.content import Block
from newsclean.html.dom import norm_space, parse_html
from newsclean.html.furniture import CONFIDENT, NOTICE_CHARS, filter_region
from newsclean.html.markdown import blocks_to_markdown
from newsclean.html.nodes import PageTree, page_tree
from newsclean.html.rejected import article_region, rejected_inside, wall_elements
from newsclean.html.repeats import drop_repeats, hidden_copy
from newsclean.html.signals import PageSignals, page_signals
from newsclean.html.withheld import (
    WALL_REASONS,
    gated_part_missing,
    notice_reason,
    notices_beside_walls,
    only_a_wall,
    tail_notices,
    wall_at_end,
    wall_element_at_article,
    withheld_given_length,
    withholding_notices,
)
from newsclean.metadata import Metadata, extract_metadata, forum_poster
from newsclean.mojibake import page_has_mojibake, repair
from newsclean.options import Options
from newsclean.record import (
    EMPTY,
    MIN_ARTICLE_CHARS,
    MIN_WORD_LETTERS,
    OK,
    SKIPPED,
    Article,
    Removed,
)
from newsclean.text import has_words, visible

# Characters of article text given to the language detector: its cost grows
# with length, its agreement does not (annotate/language.py measured 400 = 3000).
LANGUAGE_SAMPLE = 600
# In precise mode the line classifier may remove blocks shorter than this.
PRECISE_PROSE_CHARS = 200
# Page types whose title is the headline as shown (the page's one <h1>) when
# it shares half its words with the declared title, which sharing cards and
# search engines get ("Real Estate 101" for the h1 "Real Estate Investing for
# Beginners Real Estate 101"). wcxb-dev titles right (benchmarks/dates.py):
# train 0.820 -> 0.851, chosen there by type (articles, listings, products and
# collections gained; services, documentation and forums, whose <title> is
# their reference's, lost); validation 0.802 -> 0.860.
SHOWN_TITLE_TYPES = frozenset({"article", "listing", "product", "collection"})
SHOWN_TITLE_SHARE = 0.5
_WORD = re.compile(r"\w+")


def _clean(
    blocks: Sequence[str], title: str | None, site: str | None, precise: bool
) -> CleanResult:
    return clean_blocks(blocks, from_html=True, precise=precise, title=title, site_name=site)


def _shares_words(shown: str, title: str) -> bool:
    """At least ``SHOWN_TITLE_SHARE`` of the shown headline's words are the
    title's, two of them at least unless the headline has fewer (a blog's name
    in its <h1>, "Minecraft News", shares one word with "Minecraft 1.8 - The
    Bountiful Update")."""
    words = set(_WORD.findall(shown.casefold()))
    shared = len(words & set(_WORD.findall(title.casefold())))
    return bool(words) and shared >= SHOWN_TITLE_SHARE * len(words) and (
        shared >= 2 or shared == len(words))


def _metadata_of_type(
    art: Article, meta: Metadata, scored: ScoredPage, tree: LexborHTMLParser
) -> None:
    """The title and authors a page of this type has, from what it declares."""
    page_type = scored.page_type
    if (page_type in SHOWN_TITLE_TYPES and meta.shown_title and art.title
            and _shares_words(meta.shown_title, art.title)):
        art.title = meta.shown_title
    if scored.likeliest == "forum" and len(art.authors) > 1:
        # A thread's author is who opened it (schema.org's DiscussionForumPosting,
        # WCXB's references): the markup names every poster, the first post's
        # first. wcxb-dev forum pages' authors right: train +20 / -2, validation
        # +9. The likeliest type, not page_type: an article under the article bar
        # is named by its next likeliest type, a forum often, and its co-authors
        # are no thread's posters (helper-written article pages, P(article) 0.8:
        # benchmarks/authors_visible.py); wcxb-dev's forums are 0.85-1.0 forums.
        art.authors = art.authors[:1]
    elif scored.likeliest == "forum" and not art.authors:
        # phpBB and its kin declare no author: the first post's user name
        # (wcxb-dev train forums: 3 more right, none wrong).
        art.authors = forum_poster(tree)


def typing_signals(tree: LexborHTMLParser, url: str | None, meta: Metadata) -> PageSignals:
    """The page markers the page-type model reads, as extraction reads them. A
    page saved without its address often declares it (rel=canonical, og:url):
    its path is what the model reads of a URL. Training builds its pages'
    markers with this too (scripts/block_dataset.py), so both read a page
    without a URL alike."""
    return page_signals(tree, url or meta.canonical_url, meta.declared)


def _metadata(tree: LexborHTMLParser, html: str, url: str | None) -> Metadata:
    return extract_metadata(tree, url, html=html)


def language_sample(blocks: Sequence[Block]) -> str:
    """The first ``LANGUAGE_SAMPLE`` characters of the blocks' text joined by
    spaces, without joining the rest of a long article."""
    parts: list[str] = []
    size = 0
    for block in blocks:
        parts.append(block.text)
        size += len(block.text) + 1
        if size > LANGUAGE_SAMPLE:
            break
    return " ".join(parts)[:LANGUAGE_SAMPLE]


def extract_article(
    html: str, *, url: str | None, options: Options, utf8: bytes | None = None
) -> Article:
    """The main content of one HTML page, its page type, metadata, removals and
    paywall flag. ``utf8`` is the page encoded in UTF-8, when the caller has it."""
    return extract_article_scored(html, url=url, options=options, utf8=utf8)[0]


@dataclass(slots=True)
class Seen:
    """What a record was made from: the page's blocks (None when it was too
    large to parse) and the block model's scores (None when there was no block
    to score)."""

    tree: PageTree | None = None
    scored: ScoredPage | None = None


def extract_article_scored(
    html: str, *, url: str | None, options: Options, utf8: bytes | None = None
) -> tuple[Article, Seen]:
    """:func:`extract_article`, with the page as extraction saw it."""
    art = Article(id="", source="", url=url)
    seen = Seen()
    _extract(art, seen, html, url, options, utf8)
    return art, seen


def _extract(
    art: Article, seen: Seen, html: str, url: str | None, options: Options, utf8: bytes | None
) -> None:
    # Start tags only: end tags add no nodes (and deep pages are mostly end tags).
    limit = options.limits.max_dom_nodes
    tags = html.count("<")
    if tags > limit and tags - html.count("</") > limit:
        art.status, art.reason = SKIPPED, "too_large"
        return
    tree = parse_html(html, max_depth=options.limits.max_dom_depth, tags=tags, utf8=utf8)
    meta = _metadata(tree, html, url)
    mojibake = options.repair_mojibake and page_has_mojibake(html, utf8)
    if mojibake:
        # before the title is compared with the headline block, which is repaired
        meta.title = repair(meta.title) if meta.title else meta.title
        meta.site_name = repair(meta.site_name) if meta.site_name else meta.site_name
        meta.authors = [repair(a) for a in meta.authors]
    art.title, art.site_name = meta.title, meta.site_name
    art.authors, art.date, art.canonical_url = meta.authors, meta.date, meta.canonical_url
    art.access = meta.access.level
    gated_missing = meta.access.level != "free" and gated_part_missing(
        tree, meta.access.gated_selectors
    )

    signals = typing_signals(tree, url, meta)
    pt = seen.tree = page_tree(tree, with_markdown=options.markdown, mojibake=mojibake)
    if pt is None:
        _empty(art, "no_article_text", "", [])
        return
    # A page without a text block is still typed, from its address and markup
    # (a forum served as an empty script shell is a forum): the page-type
    # models never saw such a page in training, and type 7 of wcxb-dev train's
    # 9 right.
    scored = seen.scored = score_blocks(pt, signals, block_model())
    art.page_type = scored.page_type
    _metadata_of_type(art, meta, scored, tree)
    blocks = pt.blocks
    picked = np.flatnonzero(scored.keep)
    if options.keep_types is not None and scored.page_type not in options.keep_types:
        # a bot check or login box is a wall whatever the typing read of it:
        # `access_wall` says the page is to be fetched again
        _empty(art, "no_article_text", _shown_text(pt), blocks)
        if not art.paywalled:
            art.status, art.reason = SKIPPED, "not_article"
        return
    if not picked.size:
        _empty(art, "no_article_text", _shown_text(pt), blocks)
        return
    chosen = [blocks[i] for i in picked.tolist()]
    copies: list[Removed] = []
    if scored.repeats is not None:
        parents = pt.parent[pt.block_node[picked]].tolist()
        repeat, copies = drop_repeats(chosen, parents, scored.repeats)
        picked = picked[~np.array(repeat, dtype=bool)]
        # a copy for crawlers in one block, which no single kept block equals
        crawler_copy = np.array(hidden_copy(pt, picked), dtype=bool)
        if crawler_copy.any():
            copies.extend(Removed(blocks[i].text, "hidden") for i in picked[crawler_copy].tolist())
            picked = picked[~crawler_copy]
        chosen = [blocks[i] for i in picked.tolist()]
    # Short blocks are always looked up: wall and junk notices are short.
    sure = [
        bool(scored.proba[i] >= CONFIDENT) and len(blocks[i].text) > NOTICE_CHARS
        for i in picked.tolist()
    ]
    region = filter_region(
        chosen,
        title=meta.title,
        site_name=meta.site_name,
        authors=meta.authors,
        precise=options.precise,
        confident=sure,
    )
    removed = rejected_inside(scored, meta.title)
    removed.extend(region.removed)
    removed.extend(copies)
    walls = wall_elements(scored)
    # A page shows an access regime when it declares one, names a wall element,
    # or its article holds a notice that text is withheld (a trial offer or a
    # video's fallback line is wall-box wording that says nothing of the sort).
    walled = (
        meta.access.restricted
        or bool(walls)
        or bool(withholding_notices(removed))
    )
    notice_as = notice_reason(pt)
    kept = notices_beside_walls(chosen, region.kept, removed, notice_as)
    tail = tail_notices(kept, removed, walled, notice_as)
    kept = tail.kept
    sample = language_sample(kept)
    lang = detect_language(sample, hint=meta.language_hint) if sample else meta.language_hint
    # a block of invisible characters alone (``<p>&zwj;</p>``) goes as the
    # text path's lines of them go
    lines: list[str] = []
    for b in kept:
        if visible(b.text):
            lines.append(b.text)
        else:
            removed.append(Removed(b.text, "hidden"))
    if options.precise:
        # Measured on the dev set: the line classifier removes as many article
        # lines as junk ones on already-selected HTML regions, so only the
        # precise mode pays for it.
        cleaned = _clean(lines, meta.title, meta.site_name, True)
        dropped = {r.text for r in cleaned.removed}
        # Long blocks are prose; the classifier only gets the short ones.
        lines = [t for t in lines if len(t) >= PRECISE_PROSE_CHARS or t not in dropped]
        removed.extend(r for r in cleaned.removed if len(r.text) < PRECISE_PROSE_CHARS)
    art.removed = removed
    art.language = lang
    art.text = "\n\n".join(line for line in lines if line.strip())
    at = article_region(scored, set(lines))
    signalled = (
        wall_at_end(at, lines, removed, tail.unconfirmed)
        or wall_element_at_article(walls, at)
        or gated_missing
    )
    art.paywalled = withheld_given_length(signalled, meta.access.restricted,
                                          meta.access.words, art.text)
    if len(art.text) < MIN_ARTICLE_CHARS:
        wall_text = " ".join(r.text for r in removed if r.reason in WALL_REASONS)
        reason = "too_short" if art.text else "no_article_text"
        _empty(art, reason, wall_text or art.text, blocks)
        return
    if not has_words(art.text, MIN_WORD_LETTERS):
        _empty(art, "no_words", art.text, blocks)
        return
    if options.markdown:
        art.markdown = blocks_to_markdown(kept, set(lines))
    art.status = OK


def _shown_text(pt: PageTree) -> str:
    """What a page with nothing picked shows that may say it is a wall: its
    <noscript> text and its first blocks."""
    return f"{pt.noscript_text} {' '.join(b.text for b in pt.blocks[:20])}"


def _empty(art: Article, reason: str, visible: str, blocks: Sequence[Block]) -> None:
    """An empty record; ``access_wall`` when the page shows a wall and nothing
    else to read (``withheld.only_a_wall``). The page type of such a page is
    the hidden page's, which the typing never saw (it read a bot check or a
    login box): none."""
    art.status = EMPTY
    art.text = ""
    art.paywalled = only_a_wall(blocks, norm_space(visible))
    art.reason = "access_wall" if art.paywalled else reason
    if art.paywalled:
        art.page_type = None
