"""The publication date of a page: JSON-LD and meta tags first (the fast path),
then every place the page gives a date, weighed by the date model."""

from __future__ import annotations

from typing import Any

from newsclean.metadata.date_model import choose
from newsclean.metadata.date_sources import structured_candidates, visible_candidates
from newsclean.metadata.page import Page


def published_date(
    page: Page,
    article: dict[str, Any] | None,
    html: str | None = None,
) -> str | None:
    """The page's publication date. Fast path: a publication-date meta tag that
    JSON-LD does not contradict (the most reliable source on wcxb-dev train).
    Otherwise every source's date is a candidate and the date model chooses
    (``date_model``). The HTTP date of a response is the pipeline's last resort
    (``Document.date_hint``), not read here."""
    found = structured_candidates(page, article)
    ld, meta = found.get("jsonld"), found.get("meta")
    if meta is not None and (ld is None or ld[:10] == meta[:10]):
        return ld or meta
    visible_candidates(page, article, html, found)
    return choose(found)
