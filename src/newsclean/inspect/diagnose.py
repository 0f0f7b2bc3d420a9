"""What extraction sees in one input document: the answer to "why is this empty?".

The document goes through the extraction (or text cleaning) stage again, which
gives its record as it comes out now. For a page, ``html.explain.explain_page``
gives, with the record, every visible text block in document order with what
became of it: kept, removed (with the reason), left over in a record that was
still too short, or left out by the block model outside the article, each with
the model's probability. For a text input, its lines are listed the same way.
An exception is shown with its traceback. Boilerplate tables the run applied
(its corpus table of repeated lines, a ``--boilerplate`` table) are applied
again.

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
from newsclean.html.dom import norm_space
from newsclean.html.explain import KEPT, LEFT, PageFates, explain_page
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


@cache
def _table(path: str) -> BoilerplateTable:
    return BoilerplateTable.load(path)


def _extract(
    doc: Document, options: Options, tables: Sequence[str]
) -> tuple[Article, PageFates | None, str | None]:
    """The stage's record for ``doc`` (after ``tables``), the page's block fates
    for a page, and the traceback when the stage raised."""

    def finish(art: Article) -> Article:
        for path in tables:
            art = apply_boilerplate(art, _table(path))
        return art

    try:
        if doc.html is not None:
            fates = explain_page(doc.html, url=doc.url, options=options, finish=finish)
            return fates.article, fates, None
        return finish(clean_article(doc.text or "", options=options)), None, None
    except Exception as exc:
        art = Article(id=doc.id, source=doc.source, url=doc.url, status=ERROR, reason="exception")
        art.error = f"{type(exc).__name__}: {exc}"
        return art, None, traceback.format_exc(limit=-MAX_TRACEBACK_FRAMES)


def page_view(fates: PageFates) -> dict[str, Any]:
    """Every visible block of the page with its fate and the block model's
    probability that it is main content. Nothing is taken out before the blocks
    are read: what markup says of an element is one of the model's features, and
    a block outside the article carries what it looked like as its reason."""
    view: dict[str, Any] = {
        "noscript": fates.noscript[:MAX_ITEM_CHARS],
        "blocks": [],
        "region_blocks": 0,
        "region_chars": 0,
        "left_chars": 0,
        "total_blocks": len(fates.blocks),
        "total_chars": sum(len(b.text) for b in fates.blocks),
        "threshold": fates.threshold,
        "type_probabilities": {t: round(p, 3) for t, p in fates.type_proba.items()},
        "typed_without_words": fates.typed_without_words,
    }
    for block in fates.blocks[:MAX_ITEMS]:
        item = _clip(block.text)
        item.update(kind=block.kind, tag=block.tag, verdict=block.fate, reason=block.reason,
                    links=round(block.link_density, 2),
                    probability=round(block.probability, 3))  # fmt: skip
        view["blocks"].append(item)
    # An empty record's text is cleared: what was left is what the blocks kept.
    left = [len(b.text) for b in fates.blocks if b.fate in (KEPT, LEFT)]
    view["left_chars"] = sum(left) + 2 * max(0, len(left) - 1)
    chosen = [b for b in fates.blocks if b.chosen]
    view["region_blocks"] = len(chosen)
    view["region_chars"] = sum(len(b.text) for b in chosen)
    links = sum(b.link_density * len(b.text) for b in chosen)
    view["region_link_density"] = round(links / max(view["region_chars"], 1), 2)
    view["page_type"] = fates.article.page_type
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
    art, fates, trace = _extract(doc, options, tables)
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
        if fates is not None:
            out["page"] = page_view(fates)
            out["text_chars"] = len(art.text) or out["page"]["left_chars"]
            texts = out["reason_texts"]
            for block in out["page"]["blocks"]:
                if block["reason"]:
                    texts.setdefault(block["reason"], REASONS.get(block["reason"], ""))
        elif doc.text is not None and doc.html is None:
            out.update(text_view(doc.text, art))
    except Exception:
        out["view_error"] = traceback.format_exc(limit=-MAX_TRACEBACK_FRAMES)
    return out
