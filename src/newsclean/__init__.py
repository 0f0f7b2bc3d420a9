"""newsclean: clean, attributed, deduplicated news articles from crawled pages.

Public API::

    import newsclean
    art = newsclean.extract(html, url="https://example.com/a")   # HTML -> Article
    art = newsclean.clean_text(text)                              # extracted text -> Article
    art.to_dict()
"""

from __future__ import annotations

from newsclean.options import Limits, Options
from newsclean.pipeline.stages import clean_one as _clean_one
from newsclean.pipeline.stages import extract_one as _extract_one
from newsclean.record import Article, Removed
from newsclean.version import __version__

__all__ = ["Article", "Limits", "Options", "Removed", "clean_text", "extract", "__version__"]


def extract(
    html: str | bytes, url: str | None = None, *, options: Options | None = None
) -> Article:
    """Extract the main article, its metadata and paywall flag from one HTML page."""
    return _extract_one(html, url=url, options=options or Options())


def clean_text(text: str, *, options: Options | None = None) -> Article:
    """Clean already-extracted text: remove junk lines with reasons, find the title."""
    return _clean_one(text, options=options or Options())
