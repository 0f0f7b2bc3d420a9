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

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.annotate.language import detect_language
from newsclean.clean.lines import CleanResult, clean_blocks
from newsclean.clean.phrases import match_phrase
from newsclean.clean.sections import article_end
from newsclean.html.content import Block, collect_blocks, select_content
from newsclean.html.dom import Pruned, norm_space, parse_html, prune
from newsclean.html.furniture import filter_region
from newsclean.html.markdown import blocks_to_markdown
from newsclean.metadata import Metadata, extract_metadata
from newsclean.options import Options
from newsclean.record import EMPTY, MIN_ARTICLE_CHARS, OK, SKIPPED, Article, Removed

# A wall element inside the article region at most this long is a wall notice,
# not the (subscriber-visible) article text itself.
WALL_CHARS = 400
# Characters of article text given to the language detector: its cost grows
# with length, its agreement does not (annotate/language.py measured 400 = 3000).
LANGUAGE_SAMPLE = 600
# In precise mode the line classifier may remove blocks shorter than this.
PRECISE_PROSE_CHARS = 200
# A heading made mostly of link text is a teaser headline.
_LINKED_HEADING = 0.6
_JSONLD_NOT_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(?:false|False|FALSE)\b')


def _clean(
    blocks: Sequence[str], title: str | None, site: str | None, precise: bool
) -> CleanResult:
    return clean_blocks(blocks, from_html=True, precise=precise, title=title, site_name=site)


def _phrase_paywall(text: str) -> bool:
    """Whether a short text is access-wall or JavaScript-wall wording (the
    cleaner's phrase tables)."""
    if not text:
        return False
    hit = match_phrase(text[:800])
    return hit is not None and (bool(hit.paywall) or hit.reason in ("paywall", "javascript"))


def _metadata(tree: LexborHTMLParser, html: str, url: str | None) -> Metadata:
    meta = extract_metadata(tree, url)
    # The regex starts with this literal: find() skips the page in C first.
    at = html.find('"isAccessibleForFree"')
    if at >= 0 and _JSONLD_NOT_FREE.search(html, at) is not None:
        meta.paywalled_hint = True
    return meta


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

    pruned = prune(tree)
    body: LexborNode | None = tree.body
    if body is None:
        return _empty(art, "no_article_text", pruned.noscript_text)
    nodes: dict[int, LexborNode] = {}
    blocks = collect_blocks(body, nodes, with_markdown=options.markdown)
    if not blocks:
        return _empty(art, "no_article_text", pruned.noscript_text)
    sel = select_content(blocks, nodes, precise=options.precise)
    if not sel.blocks:
        reason = "not_article" if any(b.link_chars for b in blocks) else "no_article_text"
        wall = " ".join(b.text for b in blocks[:20])
        return _empty(art, reason, f"{pruned.noscript_text} {wall}")
    if _is_listing(sel.blocks, url, meta.page_type):
        return _empty(art, "not_article", "")

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
    sample = language_sample(kept)
    lang = detect_language(sample, hint=meta.language_hint) if sample else meta.language_hint
    lines = [b.text for b in kept]
    paywalled = region.paywalled
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
        paywalled = paywalled or cleaned.paywalled
    art.removed = removed
    art.language = lang
    art.text = "\n\n".join(line for line in lines if line.strip())
    art.paywalled = (
        paywalled or meta.paywalled_hint or _cut_by_wall(pruned.paywall_nodes, sel.region)
    )
    if len(art.text) < MIN_ARTICLE_CHARS:
        if paywalled or any(r.reason in ("paywall", "javascript") for r in removed):
            art.paywalled = True
            return _empty(art, "access_wall", "")
        reason = "too_short" if art.text else "no_article_text"
        return _empty(art, reason, art.text)
    if options.markdown:
        art.markdown = blocks_to_markdown(kept, set(lines))
    art.status = OK
    return art


def _cut_thread(region: Sequence[Block], kept: list[Block],
                removed: list[Removed]) -> list[Block]:
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


def _cut_by_wall(walls: Sequence[Pruned], region: frozenset[int]) -> bool:
    """Whether elements named like an access wall show that the article was cut.

    A class name alone is weak evidence (sites name whole article bodies, unused
    templates or subscriber teasers so), hence: inside the article region a wall
    element counts when it is short (a fade-out, a "subscribe to read on" box),
    elsewhere only when its words are access-wall wording."""
    for wall in walls:
        inside = not wall.ancestors.isdisjoint(region)
        if inside and len(wall.text) <= WALL_CHARS:
            return True
        if _phrase_paywall(wall.text):
            return True
    return False


def _empty(art: Article, reason: str, visible: str) -> Article:
    art.status = EMPTY
    art.text = ""
    if reason != "access_wall" and _phrase_paywall(norm_space(visible)):
        reason = "access_wall"
    if reason == "access_wall":
        art.paywalled = True
    art.reason = reason
    return art
