"""What extraction sees in one input document: the answer to "why is this empty?".

The document goes through the extraction (or text cleaning) stage again, which
gives its record as it comes out now; then, for a page, through the first steps
of extraction once more to
show every visible text block in document order with what became of it: kept,
removed (with the reason), left over in a record that was still too short, or
outside the region content selection chose as the article. Elements taken out
before blocks are read (hidden, navigation, share bars...) are listed with their
reasons. For a text input, its lines are listed the same way. An exception
is shown with its traceback. Boilerplate tables the run applied (its corpus
table of repeated lines, a ``--boilerplate`` table) are applied again.

Runs in the inspector's isolated child process (``isolate.py``): a page that
hangs or crashes the extractor takes only that process down.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from functools import cache
from typing import Any, Final

from newsclean.clean.article import clean_article
from newsclean.clean.boilerplate import BoilerplateTable, apply_boilerplate
from newsclean.html.article import extract_article
from newsclean.html.content import Block, collect_blocks, select_content
from newsclean.html.dom import norm_space, parse_html, prune
from newsclean.options import Options
from newsclean.record import (
    ERROR,
    MIN_ARTICLE_CHARS,
    OK,
    REASONS,
    SKIPPED,
    STATUS_REASONS,
    Article,
    Document,
)

MAX_ITEMS: Final = 3000
"""Blocks or lines listed at most (a page has a few hundred)."""
MAX_ITEM_CHARS: Final = 600
MAX_TRACEBACK_FRAMES: Final = 12


def _clip(text: str) -> dict[str, Any]:
    return {"text": text[:MAX_ITEM_CHARS], "chars": len(text)}


def _key(text: str) -> str:
    return norm_space(text)


def _removed_reasons(art: Article) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in art.removed:
        out.setdefault(_key(r.text), r.reason)
    return out


def _extract(doc: Document, options: Options) -> tuple[Article, str | None]:
    """The stage's record for ``doc`` and, when it raised, the traceback."""
    try:
        if doc.html is not None:
            return extract_article(doc.html, url=doc.url, options=options), None
        return clean_article(doc.text or "", options=options), None
    except Exception as exc:
        art = Article(id=doc.id, source=doc.source, url=doc.url, status=ERROR, reason="exception")
        art.error = f"{type(exc).__name__}: {exc}"
        return art, traceback.format_exc(limit=-MAX_TRACEBACK_FRAMES)


@cache
def _table(path: str) -> BoilerplateTable:
    return BoilerplateTable.load(path)


def _block_verdict(block: Block, in_region: bool, removed: dict[str, str], art: Article,
                   kept: set[str]) -> tuple[str, str | None]:  # fmt: skip
    if not in_region:
        return "outside", None
    key = _key(block.text)
    if key in removed:
        return "removed", removed[key]
    if art.status != OK:
        return "left", None
    return ("kept", None) if key in kept else ("dropped", None)


def page_view(html: str, art: Article, options: Options) -> dict[str, Any]:
    """Every visible block of the page with its fate, and the pruned elements."""
    tree = parse_html(html, max_depth=options.limits.max_dom_depth, tags=html.count("<"))
    pruned = prune(tree)
    view: dict[str, Any] = {"noscript": pruned.noscript_text[:MAX_ITEM_CHARS], "blocks": [],
                            "pruned": [], "region_blocks": 0, "region_chars": 0, "left_chars": 0,
                            "total_blocks": 0, "total_chars": 0}  # fmt: skip
    body = tree.body
    if body is None:
        return view
    nodes: dict[int, Any] = {}
    blocks = collect_blocks(body, nodes)
    selection = select_content(blocks, nodes, precise=options.precise)
    chosen = {id(b) for b in selection.blocks}
    removed = _removed_reasons(art)
    kept = {_key(p) for p in art.text.split("\n\n")}
    for block in blocks[:MAX_ITEMS]:
        verdict, reason = _block_verdict(block, id(block) in chosen, removed, art, kept)
        item = _clip(block.text)
        item.update(kind=block.kind, tag=block.tag, verdict=verdict, reason=reason,
                    links=round(block.link_density, 2))  # fmt: skip
        view["blocks"].append(item)
    # An empty record's text is cleared: what was left is what the blocks kept.
    left = [b["chars"] for b in view["blocks"] if b["verdict"] in ("kept", "left")]
    view["left_chars"] = sum(left) + 2 * max(0, len(left) - 1)
    view["total_blocks"] = len(blocks)
    view["total_chars"] = sum(len(b.text) for b in blocks)
    view["region_blocks"] = len(selection.blocks)
    view["region_chars"] = sum(len(b.text) for b in selection.blocks)
    view["region_link_density"] = round(selection.link_density, 2)
    for p in pruned.removed[:MAX_ITEMS]:
        if p.text.strip():
            item = _clip(p.text)
            item.update(reason=p.reason, in_region=not p.ancestors.isdisjoint(selection.region))
            view["pruned"].append(item)
    return view


def text_view(text: str, art: Article) -> dict[str, Any]:
    """The input's lines with their fate (kept, removed with the reason, or not kept)."""
    removed = _removed_reasons(art)
    kept_text = _key(art.text)
    lines: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        key = _key(line)
        item = _clip(line)
        reason = removed.get(key) or next((r for t, r in removed.items() if key in t), None)
        if reason is not None:
            item.update(verdict="removed", reason=reason)
        elif key in kept_text:
            item.update(verdict="kept" if art.status == OK else "left", reason=None)
        else:
            item.update(verdict="dropped", reason=None)
        lines.append(item)
        if len(lines) >= MAX_ITEMS:
            break
    return {"lines": lines}


def diagnose(doc: Document, options: Options, tables: Sequence[str] = ()) -> dict[str, Any]:
    """The record ``doc`` gives now, and what extraction saw on the way;
    ``tables``: boilerplate tables to apply after extraction, in order."""
    art, trace = _extract(doc, options)
    for path in tables:
        art = apply_boilerplate(art, _table(path))
    out: dict[str, Any] = {
        "status": art.status,
        "reason": art.reason,
        "reason_text": STATUS_REASONS.get(art.reason or ""),
        "error": art.error,
        "title": art.title,
        "language": art.language,
        "page_type": art.page_type,
        "paywalled": art.paywalled,
        "text_chars": len(art.text),  # for a page, what the blocks left (page_view)
        "min_chars": MIN_ARTICLE_CHARS,
        "removed": [r.to_dict() for r in art.removed],
        "reason_texts": {r.reason: REASONS.get(r.reason, "") for r in art.removed},
        "input": "html" if doc.html is not None else "text",
        "traceback": trace,
    }
    if art.status == SKIPPED and art.reason == "too_large":
        return out  # the page is too large to parse; that is the whole story
    try:
        if doc.html is not None:
            out["page"] = page_view(doc.html, art, options)
            out["text_chars"] = len(art.text) or out["page"]["left_chars"]
        elif doc.text is not None:
            out.update(text_view(doc.text, art))
    except Exception:
        out["view_error"] = traceback.format_exc(limit=-MAX_TRACEBACK_FRAMES)
    return out
