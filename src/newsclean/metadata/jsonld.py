"""JSON-LD as pages write it: parsed leniently, flattened into typed objects."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from selectolax.lexbor import LexborNode

_JSON_FIXES = (
    (re.compile(r"^\s*<!--|-->\s*$"), ""),
    (re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$"), ""),
    (re.compile(r";\s*$"), ""),
)


def _parse_json(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    for pat, rep in _JSON_FIXES:
        raw = pat.sub(rep, raw)
    try:
        # Trailing commas are the most common hand-written JSON-LD error.
        return json.loads(re.sub(r",\s*([\]}])", r"\1", raw), strict=False)
    except ValueError:
        return None


def _walk_ld(obj: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    """Flatten lists and @graph containers into a list of typed objects."""
    if depth > 6:
        return
    if isinstance(obj, list):
        for x in obj:
            _walk_ld(x, out, depth + 1)
    elif isinstance(obj, dict):
        if "@type" in obj or "@id" in obj:
            out.append(obj)
        graph = obj.get("@graph")
        if graph is not None:
            _walk_ld(graph, out, depth + 1)
        main = obj.get("mainEntity")
        if isinstance(main, (dict, list)):
            _walk_ld(main, out, depth + 1)


def collect_ld(scripts: Iterable[LexborNode]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in scripts:
        typ = (node.attributes.get("type") or "").lower()
        if "ld+json" not in typ:
            continue
        raw = node.text(deep=True)
        if not raw or not raw.strip():
            continue
        _walk_ld(_parse_json(raw), out)
    return out


def ld_types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    vals = t if isinstance(t, list) else [t]
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" name the same type.
    return {re.split(r"[/:#]", v)[-1] for v in vals if isinstance(v, str)}
