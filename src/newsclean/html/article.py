"""HTML -> Article: parse once, read metadata, prune, select the content, filter it.

The stages it calls live next door (dom, content, furniture, markdown, metadata)
or in ``newsclean.clean`` (junk phrases, section openers, the line classifier) and
``newsclean.annotate`` (language).

Default mode filters the article region with structure (link density, headline,
masthead, byline) and the cleaner's junk phrase families; the line classifier of
``newsclean.clean.lines`` only runs in precise mode. Measured on the dev set
(benchmarks/extraction.py), on selected HTML regions the classifier removed real
article lines about as often as junk (F1 -0.004 for half the speed).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.annotate.language import detect_language
from newsclean.clean.lines import CleanResult, clean_blocks
from newsclean.clean.sections import article_end
from newsclean.html.content import Block, collect_blocks, select_content
from newsclean.html.dom import Pruned, norm_space, parse_html, prune
from newsclean.html.furniture import filter_region
from newsclean.html.markdown import blocks_to_markdown
from newsclean.html.withheld import (
    WALL_REASONS,
    gated_part_missing,
    only_a_wall,
    region_of,
    tail_notices,
    wall_at_end,
    wall_element_at_article,
)
from newsclean.metadata import Metadata, extract_metadata
from newsclean.options import Options
from newsclean.record import EMPTY, MIN_ARTICLE_CHARS, OK, SKIPPED, Article, Removed

# Characters of article text given to the language detector: its cost grows
# with length, its agreement does not (annotate/language.py measured 400 = 3000).
LANGUAGE_SAMPLE = 600
# In precise mode the line classifier may remove blocks shorter than this.
PRECISE_PROSE_CHARS = 200
# A heading made mostly of link text is a teaser headline.
_LINKED_HEADING = 0.6


def _clean(
    blocks: Sequence[str], title: str | None, site: str | None, precise: bool
) -> CleanResult:
    return clean_blocks(blocks, from_html=True, precise=precise, title=title, site_name=site)


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


def _is_listing(blocks: list[Block], url: str | None, page_type: str | None) -> bool:
    """Home pages and listings: headlines that are links, teasers under them."""
    linked = [b for b in blocks if b.kind == "h" and b.link_density > _LINKED_HEADING]
    prose = [b for b in blocks if b.kind in ("p", "li", "quote") and b.link_density < 0.2]
    long_unlinked = sum(1 for b in prose if len(b.text) >= 250)
    # Teasers are a headline and a sentence or two; an article with a few
    # headlines of other stories inlined still has far more prose than headlines.
    headline_chars = sum(len(b.text) for b in linked)
    prose_chars = sum(len(b.text) for b in prose)
    if len(linked) >= 3 and long_unlinked < 3 and prose_chars < 3 * headline_chars:
        return True
    path = urlsplit(url).path if url else None
    home = path is not None and path.strip("/") in ("", "index.html", "index.php", "home")
    return home and page_type not in ("article", "news", "blog") and long_unlinked < 3


def extract_article(html: str, *, url: str | None, options: Options) -> Article:
    """The main article of one HTML page, its metadata, removals and paywall flag."""
    art = Article(id="", source="", url=url)
    # Start tags only: end tags add no nodes (and deep pages are mostly end tags).
    limit = options.limits.max_dom_nodes
    tags = html.count("<")
    if tags > limit and tags - html.count("</") > limit:
        art.status, art.reason = SKIPPED, "too_large"
        return art
    tree = parse_html(html, max_depth=options.limits.max_dom_depth, tags=tags)
    meta = _metadata(tree, html, url)
    art.title, art.site_name = meta.title, meta.site_name
    art.authors, art.date, art.canonical_url = meta.authors, meta.date, meta.canonical_url
    art.access = meta.access.level
    # Checked before pruning: the gated part may be named like page chrome.
    gated_missing = meta.access.level != "free" and gated_part_missing(
        tree, meta.access.gated_selectors
    )

    pruned = prune(tree)
    body: LexborNode | None = tree.body
    if body is None:
        return _empty(art, "no_article_text", pruned.noscript_text, [], pruned.removed)
    nodes: dict[int, LexborNode] = {}
    blocks = collect_blocks(body, nodes, with_markdown=options.markdown)
    if not blocks:
        return _empty(art, "no_article_text", pruned.noscript_text, [], pruned.removed)
    sel = select_content(blocks, nodes, precise=options.precise)
    if not sel.blocks:
        reason = "not_article" if any(b.link_chars for b in blocks) else "no_article_text"
        wall = " ".join(b.text for b in blocks[:20])
        return _empty(art, reason, f"{pruned.noscript_text} {wall}", blocks, pruned.removed)
    if _is_listing(sel.blocks, url, meta.page_type):
        return _empty(art, "not_article", "", blocks, pruned.removed)

    region = filter_region(
        sel.blocks,
        title=meta.title,
        site_name=meta.site_name,
        authors=meta.authors,
        precise=options.precise,
    )
    kept = region.kept
    removed = [
        Removed(p.text, p.reason) for p in pruned.removed if not p.ancestors.isdisjoint(sel.region)
    ]
    removed.extend(region.removed)
    kept = _cut_thread(sel.blocks, kept, removed)
    walled = meta.access.level in ("metered", "subscription") or bool(pruned.paywall_nodes)
    kept = tail_notices(kept, removed, walled)
    sample = language_sample(kept)
    lang = detect_language(sample, hint=meta.language_hint) if sample else meta.language_hint
    lines = [b.text for b in kept]
    if options.precise:
        # Measured on the dev set: the line classifier removes as many article
        # lines as junk ones on already-selected HTML regions, so only the
        # precise mode pays for it.
        cleaned = _clean(lines, meta.title, meta.site_name, True)
        dropped = {r.text for r in cleaned.removed}
        # Long blocks are prose; the classifier only gets the short ones.
        keep = [t for t in lines if len(t) >= PRECISE_PROSE_CHARS or t not in dropped]
        removed.extend(r for r in cleaned.removed if len(r.text) < PRECISE_PROSE_CHARS)
        lines = keep
    art.removed = removed
    art.language = lang
    art.text = "\n\n".join(line for line in lines if line.strip())
    at = region_of(sel.blocks, sel.region, nodes)
    art.paywalled = (
        wall_at_end(at, lines, removed)
        or wall_element_at_article(pruned.paywall_nodes, at)
        or gated_missing
    )
    if len(art.text) < MIN_ARTICLE_CHARS:
        walls = " ".join(r.text for r in removed if r.reason in WALL_REASONS)
        reason = "too_short" if art.text else "no_article_text"
        return _empty(art, reason, walls or art.text, blocks, pruned.removed)
    if options.markdown:
        art.markdown = blocks_to_markdown(kept, set(lines))
    art.status = OK
    return art


def _cut_thread(region: Sequence[Block], kept: list[Block], removed: list[Removed]) -> list[Block]:
    """The article ends at a comment thread's heading ("Comments", "Leave a
    Reply"...) that markup did not mark as chrome: the kept blocks after it go
    to ``removed``. The heading is looked for among all the region's blocks, in
    document order: the junk filter may already have removed it."""
    if not kept:
        return kept
    end, reason = article_end([b.text for b in region])
    if reason is None:
        return kept
    after = {id(b) for b in region[end:]}
    removed.extend(Removed(b.text, str(reason)) for b in kept if id(b) in after)
    return [b for b in kept if id(b) not in after]


def _empty(
    art: Article,
    reason: str,
    visible: str,
    blocks: Sequence[Block],
    pruned: Sequence[Pruned] = (),
) -> Article:
    """An empty record; ``access_wall`` when the page shows a wall and nothing
    else to read (``withheld.only_a_wall``)."""
    art.status = EMPTY
    art.text = ""
    art.paywalled = only_a_wall(blocks, norm_space(visible), pruned)
    art.reason = "access_wall" if art.paywalled else reason
    return art
