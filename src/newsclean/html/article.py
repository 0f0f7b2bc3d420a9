"""HTML -> Article: parse once, read metadata, score every block, keep the main content.

The stages it calls live next door: ``nodes`` (the page as blocks and arrays),
``blockmodel`` (page type and the probability that each block is main content,
learned from wcxb-dev), ``rejected`` (reasons for what was left out, access-wall
evidence), ``furniture`` (masthead, byline and junk-phrase lines among the kept
blocks), ``markdown``; and ``newsclean.metadata``, ``newsclean.clean`` (junk
phrases, the line classifier) and ``newsclean.annotate`` (language).

Every page type is extracted (a forum's posts, a listing's items, a service
page's sections...); ``Options.keep_types`` skips the others. The line
classifier of ``newsclean.clean.lines`` only runs in precise mode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser

from newsclean.annotate.language import detect_language
from newsclean.clean.lines import CleanResult, clean_blocks
from newsclean.clean.phrases import match_phrase
from newsclean.html.blockmodel import block_model, score_blocks
from newsclean.html.content import Block
from newsclean.html.dom import norm_space, parse_html
from newsclean.html.furniture import CONFIDENT, filter_region
from newsclean.html.markdown import blocks_to_markdown
from newsclean.html.nodes import page_tree
from newsclean.html.rejected import Wall, rejected_inside, wall_evidence
from newsclean.html.signals import page_signals
from newsclean.metadata import Metadata, extract_metadata
from newsclean.options import Options
from newsclean.record import EMPTY, MIN_ARTICLE_CHARS, OK, SKIPPED, Article

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
    blocks: Sequence[str], title: str | None, site: str | None, lang: str | None, precise: bool
) -> CleanResult:
    return clean_blocks(
        blocks, from_html=True, precise=precise, title=title, site_name=site, language=lang
    )


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


def extract_article(html: str, *, url: str | None, options: Options) -> Article:
    """The main content of one HTML page, its page type, metadata, removals and
    paywall flag."""
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

    signals = page_signals(tree, url)
    pt = page_tree(tree, with_markdown=options.markdown)
    if pt is None or not pt.blocks:
        return _empty(art, "no_article_text", pt.noscript_text if pt is not None else "")
    scored = score_blocks(pt, signals, block_model())
    art.page_type = scored.page_type
    if options.keep_types is not None and scored.page_type not in options.keep_types:
        art.status, art.reason = SKIPPED, "not_article"
        return art
    blocks = pt.blocks
    keep = scored.keep
    chosen = [b for b, k in zip(blocks, keep, strict=True) if k]
    sure = [bool(p >= CONFIDENT) for p, k in zip(scored.proba, keep, strict=True) if k]
    if not chosen:
        wall = " ".join(b.text for b in blocks[:20])
        return _empty(art, "no_article_text", f"{pt.noscript_text} {wall}")
    region = filter_region(
        chosen,
        site_name=meta.site_name,
        authors=meta.authors,
        precise=options.precise,
        confident=sure,
    )
    kept = region.kept
    removed = rejected_inside(scored, meta.title)
    removed.extend(region.removed)
    sample = language_sample(kept)
    lang = detect_language(sample, hint=meta.language_hint) if sample else meta.language_hint
    lines = [b.text for b in kept]
    paywalled = region.paywalled
    if options.precise:
        # Measured on the dev set: the line classifier removes as many article
        # lines as junk ones on already-selected HTML regions, so only the
        # precise mode pays for it.
        cleaned = _clean(lines, meta.title, meta.site_name, lang, True)
        dropped = {r.text for r in cleaned.removed}
        # Long blocks are prose; the classifier only gets the short ones.
        keep_lines = [t for t in lines if len(t) >= PRECISE_PROSE_CHARS or t not in dropped]
        removed.extend(r for r in cleaned.removed if len(r.text) < PRECISE_PROSE_CHARS)
        lines = keep_lines
        paywalled = paywalled or cleaned.paywalled
    art.removed = removed
    art.language = lang
    art.text = "\n\n".join(line for line in lines if line.strip())
    walls, root = wall_evidence(scored)
    art.paywalled = paywalled or meta.paywalled_hint or _cut_by_wall(walls, root)
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


def _cut_by_wall(walls: Sequence[Wall], region: frozenset[int]) -> bool:
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
