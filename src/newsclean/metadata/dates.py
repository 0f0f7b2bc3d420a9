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
    """The page's publication date. Fast path: what the publisher declares, the
    JSON-LD publication date of the article, else a publication-date meta tag
    (the reference of readability-pages; wcxb-dev's annotators often took the
    date shown on the page instead, benchmarks/dates.py). Otherwise every
    source's date is a candidate and the date model chooses (``date_model``).
    The HTTP date of a response is the pipeline's last resort
    (``Document.date_hint``), not read here."""
    found = structured_candidates(page, article)
    for source in ("jsonld", "meta"):
        if source in found:
            return found[source]
    visible_candidates(page, article, html, found)
    return choose(found)
