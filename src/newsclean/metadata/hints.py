"""What a page declares about itself that is only a hint: its language, its
type (og:type, the JSON-LD @type) and whether the publisher marks it as not free."""

from __future__ import annotations

import re
from typing import Any

from newsclean.metadata.jsonld import ld_types
from newsclean.metadata.page import Page, meta_values
from newsclean.metadata.tables import tables

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def normalise_language(value: str | None) -> str | None:
    """'en-US' / 'pt_BR' / 'DE' -> 'en' / 'pt' / 'de'; None for anything else."""
    if not value:
        return None
    m = _LANG.match(value.strip())
    return m.group(1).lower() if m else None


def declared_language(page: Page) -> str | None:
    html = page.tree.css_first("html")
    if html is not None:
        for attr in ("lang", "xml:lang"):
            lang = normalise_language(html.attributes.get(attr))
            if lang:
                return lang
    for v in meta_values(page, "language"):
        lang = normalise_language(v.split(",")[0])
        if lang:
            return lang
    return None


def declared_not_free(page: Page, article: dict[str, Any] | None) -> bool:
    t = tables()

    def flag(obj: Any) -> bool:
        if not isinstance(obj, dict):
            return False
        val = obj.get("isAccessibleForFree")
        return val is False or (isinstance(val, str) and val.strip().lower() in t.paywall_values)

    pool = [article] if article is not None else []
    pool.extend(o for o in page.ld_objects if ld_types(o) & t.article_types)
    for obj in pool:
        if flag(obj):
            return True
        parts = obj.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if flag(part):
                return True
    return any(v.lower() in ("locked", "metered", "premium") for v in meta_values(page, "paywall"))


def declared_page_type(page: Page, article: dict[str, Any] | None) -> str | None:
    og = next(iter(meta_values(page, "page_type")), None)
    if og:
        return og.lower()
    if article is not None:
        types = sorted(ld_types(article))
        if types:
            return types[0].lower()
    return None
