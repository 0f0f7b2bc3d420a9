"""What the publisher declares about access to the article: the ``access`` field.

``free``, ``metered`` or ``subscription``, from schema.org's ``isAccessibleForFree``
(on the article object, a ``hasPart`` of it, or as a microdata meta tag) and the
content-tier meta tags (``article:content_tier``: ``free``, ``metered``,
``locked``...). A metered tier wins over a plain ``isAccessibleForFree: false``:
both are written on metered sites, which serve the whole text to many readers.

A declaration is not evidence that text is missing: metered and subscription
sites often serve the complete article to crawlers. Whether text was withheld
(``paywalled``) is decided from the page's text (``newsclean.html.withheld``).
The parts a declaration gates (``hasPart.cssSelector``) are returned so that the
extractor can check whether they are on the page, and so is the article's length
as declared (schema.org ``wordCount``): a page holding about that many words
holds the whole article, whatever its access.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsclean.metadata.jsonld import ld_types
from newsclean.metadata.page import Page, meta_values
from newsclean.metadata.tables import load_table, tables


@dataclass(frozen=True, slots=True)
class Access:
    """The declared access, the CSS selectors of the declared gated parts and the
    article's declared length in words (None when not declared)."""

    level: str | None = None
    gated_selectors: tuple[str, ...] = ()
    words: int | None = None

    @property
    def restricted(self) -> bool:
        """The page declares metered or subscription access."""
        return self.level in ("metered", "subscription")


@lru_cache(maxsize=1)
def _values() -> dict[str, str]:
    """Declared value (lower-cased) -> access level, from data/jsonld.json."""
    raw: dict[str, list[str]] = load_table("jsonld.json")["access_values"]
    return {v.lower(): level for level, values in raw.items() for v in values}


def _free_flag(value: Any) -> bool | None:
    """isAccessibleForFree as written: true/false, "True", "no"... or None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        level = _values().get(value.strip().lower())
        if level in ("free", "subscription"):
            return level == "free"
    return None


def _word_count(value: Any) -> int | None:
    """wordCount as written: 1205, "1205", "1,205" or "1 205" (any space); None
    otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float) and value.is_integer() and value > 0:
        return int(value)
    if isinstance(value, str):
        digits = "".join(value.split()).replace(",", "")
        if digits.isascii() and digits.isdigit() and len(digits) <= 7:
            return int(digits) or None
    return None


def declared_access(page: Page, article: dict[str, Any] | None) -> Access:
    t = tables()
    pool = [article] if article is not None else []
    pool.extend(o for o in page.ld_objects if o is not article and ld_types(o) & t.article_types)
    flags: list[bool] = []
    gated: list[str] = []
    words: int | None = None
    for obj in pool:
        if words is None:
            words = _word_count(obj.get("wordCount"))
        flag = _free_flag(obj.get("isAccessibleForFree"))
        if flag is not None:
            flags.append(flag)
        parts = obj.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if not isinstance(part, dict):
                continue
            flag = _free_flag(part.get("isAccessibleForFree"))
            if flag is False:
                flags.append(False)
                selector = part.get("cssSelector")
                if isinstance(selector, str) and selector.strip():
                    gated.append(selector.strip())
    for v in page.meta.get("isaccessibleforfree", []):
        flag = _free_flag(v)
        if flag is not None:
            flags.append(flag)
    if words is None:
        words = next(filter(None, map(_word_count, page.meta.get("wordcount", []))), None)
    values = _values()
    tiers = [values.get(v.strip().lower()) for v in meta_values(page, "paywall")]
    if "metered" in tiers:
        level: str | None = "metered"
    elif False in flags or "subscription" in tiers:
        level = "subscription"
    elif flags or "free" in tiers:
        level = "free"
    else:
        level = None
    return Access(level, tuple(dict.fromkeys(gated)), words)
