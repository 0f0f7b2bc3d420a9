"""Page-level markers of what kind of page this is: schema.org types, Open Graph
type, the body's class names, the URL's shape. Read before the page is pruned
(JSON-LD lives in <script> elements)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser

from newsclean.html.names import name_tokens, url_tokens

# JSON-LD blocks larger than this are catalogues or app state, not page markup:
# only their beginning is scanned for types.
_MAX_JSONLD = 200_000
_MAX_TYPES = 40


@dataclass(slots=True)
class PageSignals:
    url: str | None
    title: str | None = None
    og_type: str | None = None
    ld_types: list[str] = field(default_factory=list)
    microdata_types: list[str] = field(default_factory=list)
    body_names: str = ""

    def tokens(self) -> list[str]:
        """Every marker as a token for the page-type token table."""
        out = url_tokens(self.url)
        out.append(f"og:{(self.og_type or 'none').lower()[:30]}")
        out.extend(f"ld:{t.lower()}" for t in self.ld_types)
        out.extend(f"md:{t.lower()}" for t in self.microdata_types)
        out.extend(f"bc:{t}" for t in name_tokens(self.body_names))
        if not self.ld_types:
            out.append("ld#none")
        return out


def _types(obj: Any, depth: int = 0) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(obj, dict):
        t = obj.get("@type")
        if isinstance(t, str):
            yield t
        elif isinstance(t, list):
            yield from (x for x in t if isinstance(x, str))
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart", "about"):
            if key in obj:
                yield from _types(obj[key], depth + 1)
    elif isinstance(obj, list):
        for item in obj[:50]:
            yield from _types(item, depth + 1)


def page_signals(tree: LexborHTMLParser, url: str | None) -> PageSignals:
    sig = PageSignals(url)
    types: list[str] = []
    for node in tree.css("script[type='application/ld+json']"):
        raw = node.text(deep=True)
        if not raw or len(raw) > _MAX_JSONLD:
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        types.extend(t[:40] for t in _types(data))
        if len(types) > _MAX_TYPES:
            break
    sig.ld_types = list(dict.fromkeys(types))[:_MAX_TYPES]
    og = tree.css_first("meta[property='og:type']")
    if og is not None:
        sig.og_type = (og.attributes.get("content") or "").strip() or None
    micro: list[str] = []
    for node in tree.css("[itemtype]")[:_MAX_TYPES]:
        value = node.attributes.get("itemtype") or ""
        micro.extend(v.rsplit("/", 1)[-1][:40] for v in value.split() if v)
    sig.microdata_types = list(dict.fromkeys(micro))[:_MAX_TYPES]
    names: list[str] = []
    for node in (tree.css_first("html"), tree.body):
        if node is not None:
            attrs = node.attributes
            names.append(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")
    sig.body_names = " ".join(names)
    title = tree.css_first("title")
    sig.title = title.text(strip=True) if title is not None else None
    return sig
