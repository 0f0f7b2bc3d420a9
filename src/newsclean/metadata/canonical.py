"""The canonical URL a page declares, made absolute against <base> and the URL."""

from __future__ import annotations

from urllib.parse import urljoin

from newsclean.metadata.page import Page, meta_values, split_url, tidy

# --- canonical URL, language, paywall ---------------------------------------------


def _base(page: Page) -> str | None:
    node = next(iter(page.declared("base")), None)
    href = node.attributes.get("href") if node is not None else None
    if href:
        return urljoin(page.url or "", href.strip())
    return page.url


def _absolute(href: str | None, base: str | None) -> str | None:
    href = tidy(href)
    if not href:
        return None
    try:
        full = urljoin(base or "", href)
    except ValueError:
        return None
    parts = split_url(full)
    return full if parts.scheme in ("http", "https") and parts.netloc else None


def canonical_url(page: Page) -> str | None:
    base = _base(page)
    for node in page.declared("link"):
        rels = (node.attributes.get("rel") or "").lower().split()
        if "canonical" in rels:
            found = _absolute(node.attributes.get("href"), base)
            if found:
                return found
    for v in meta_values(page, "canonical_url"):
        found = _absolute(v, base)
        if found:
            return found
    return None
