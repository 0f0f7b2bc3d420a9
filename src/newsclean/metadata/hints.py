"""What a page declares about itself that is only a hint: its language and its
type (og:type, the JSON-LD @type). Access declarations: ``access``."""

from __future__ import annotations

import re
from typing import Any

from newsclean.metadata.jsonld import ld_types
from newsclean.metadata.page import Page, meta_values

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def normalise_language(value: str | None) -> str | None:
    """'en-US' / 'pt_BR' / 'DE' -> 'en' / 'pt' / 'de'; None for anything else."""
    if not value:
        return None
    m = _LANG.match(value.strip())
    return m.group(1).lower() if m else None


def declared_language(page: Page) -> str | None:
    # The document's root element is its <html> (a query for "html" finds
    # that one first, walking from it).
    root = page.tree.root
    html = root if root is not None and root.tag == "html" else page.tree.css_first("html")
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


def declared_page_type(page: Page, article: dict[str, Any] | None) -> str | None:
    og = next(iter(meta_values(page, "page_type")), None)
    if og:
        return og.lower()
    if article is not None:
        types = sorted(ld_types(article))
        if types:
            return types[0].lower()
    return None
