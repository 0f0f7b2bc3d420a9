"""Page-level markers of what kind of page this is: schema.org types, Open Graph
type, the body's class names, the URL's shape. Read before the page is pruned
(JSON-LD lives in <script> elements)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.html.names import name_tokens, url_tokens

# JSON-LD blocks larger than this are catalogues or app state, not page markup:
# only their beginning is scanned for types.
_MAX_JSONLD = 200_000
_MAX_TYPES = 40
_MAX_KEYS = 80
_WORDS = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class PageSignals:
    url: str | None
    title: str | None = None
    og_type: str | None = None
    ld_types: list[str] = field(default_factory=list)
    microdata_types: list[str] = field(default_factory=list)
    body_names: str = ""
    meta_keys: list[str] = field(default_factory=list)
    ld_keys: list[str] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)

    def tokens(self) -> list[str]:
        """Every marker as a token for the page-type token table."""
        out = url_tokens(self.url)
        out.append(f"og:{(self.og_type or 'none').lower()[:30]}")
        out.extend(f"ld:{t.lower()}" for t in self.ld_types)
        out.extend(f"md:{t.lower()}" for t in self.microdata_types)
        out.extend(f"bc:{t}" for t in name_tokens(self.body_names))
        out.extend(f"mk:{k}" for k in self.meta_keys)
        out.extend(f"lk:{k}" for k in self.ld_keys)
        out.extend(f"t:{w}" for w in self.title_words)
        if not self.ld_types:
            out.append("ld#none")
        return out


def _keys(obj: Any, depth: int = 0) -> Iterator[str]:
    """Property names of the JSON-LD objects (``offers``, ``datePublished``,
    ``acceptedAnswer``...), through graphs and main entities."""
    if depth > 4:
        return
    if isinstance(obj, dict):
        for key, value in obj.items():
            if not key.startswith("@"):
                yield key
            if key in ("@graph", "mainEntity", "mainEntityOfPage") or isinstance(value, list):
                yield from _keys(value, depth + 1)
    elif isinstance(obj, list):
        for item in obj[:20]:
            yield from _keys(item, depth + 1)


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


_LD_JSON = "application/ld+json"


def page_signals(
    tree: LexborHTMLParser,
    url: str | None,
    declared: Mapping[str, list[LexborNode]] | None = None,
) -> PageSignals:
    """The page's markers. ``declared`` is the page's <meta>, <script> and
    <title> elements by tag, in document order, when the metadata reader has
    them (``metadata.page.Page.found``): the same elements are not looked for
    in the whole page again."""
    sig = PageSignals(url)
    types: list[str] = []
    keys: list[str] = []
    if declared is None:
        scripts = tree.css(f"script[type='{_LD_JSON}']")
        metas = tree.css("meta")
        og = tree.css_first("meta[property='og:type']")
        title = tree.css_first("title")
    else:
        # As the selectors match: an HTML type value is compared ignoring
        # ASCII case, a property value as it is.
        scripts = [
            n for n in declared["script"] if (n.attributes.get("type") or "").lower() == _LD_JSON
        ]
        metas = declared["meta"]
        og = next((n for n in metas if n.attributes.get("property") == "og:type"), None)
        title = declared["title"][0] if declared["title"] else None
    for node in scripts:
        raw = node.text(deep=True)
        if not raw or len(raw) > _MAX_JSONLD:
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        types.extend(t[:40] for t in _types(data))
        keys.extend(k[:40] for k in _keys(data))
        if len(types) > _MAX_TYPES:
            break
    sig.ld_types = list(dict.fromkeys(types))[:_MAX_TYPES]
    sig.ld_keys = list(dict.fromkeys(k.lower() for k in keys))[:_MAX_KEYS]
    meta_keys: list[str] = []
    for node in metas:
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and attrs.get("content"):
            meta_keys.append(_DIGITS.sub("0", key.strip().lower())[:40])
    sig.meta_keys = list(dict.fromkeys(meta_keys))[:_MAX_KEYS]
    if og is not None:
        sig.og_type = (og.attributes.get("content") or "").strip() or None
    micro: list[str] = []
    for node in tree.css("[itemtype]")[:_MAX_TYPES]:
        value = node.attributes.get("itemtype") or ""
        micro.extend(v.rsplit("/", 1)[-1][:40] for v in value.split() if v)
    sig.microdata_types = list(dict.fromkeys(micro))[:_MAX_TYPES]
    names: list[str] = []
    for top in (tree.css_first("html"), tree.body):
        if top is not None:
            attrs = top.attributes
            names.append(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")
    sig.body_names = " ".join(names)
    sig.title = title.text(strip=True) if title is not None else None
    if sig.title:
        words = _WORDS.findall(unicodedata.normalize("NFKC", sig.title).lower())
        sig.title_words = list(dict.fromkeys(_DIGITS.sub("0", w) for w in words))[:30]
    return sig
