"""Page metadata: title, site name, authors, publication date, canonical URL, and
what the page declares about itself (language, type, access).

Sources are read in order of measured reliability (benchmarks/metadata.py):
JSON-LD, then Open Graph / Twitter / other meta tags, then visible markup
(microdata, rel=author, byline classes, <time>), and the URL for dates only as a
last resort. Which meta keys, schema.org types, selectors and vocabularies are
read is data (``data/*.json``, loaded by ``tables``); the modules only apply it:
``page`` (the page's declarations, read once), ``jsonld``, ``title`` (title and
site name), ``authors``, ``dates``, ``canonical`` and ``hints`` (language, page
type, access declaration).

The caller parses the page once and passes the tree before pruning; nothing
here mutates it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.metadata.access import Access, declared_access
from newsclean.metadata.authors import forum_poster, page_authors
from newsclean.metadata.canonical import canonical_url
from newsclean.metadata.dateparse import parse_date, url_date
from newsclean.metadata.dates import published_date
from newsclean.metadata.hints import (
    declared_language,
    declared_page_type,
    normalise_language,
)
from newsclean.metadata.page import Page, fold_key, ld_article, read_page
from newsclean.metadata.title import shown_title, title_and_site

T = TypeVar("T")
_log = logging.getLogger(__name__)


@dataclass(slots=True)
class Metadata:
    """What a page says about itself. Every field may be empty."""

    title: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    """Publication date, ISO 8601: ``YYYY-MM-DD`` or a full timestamp."""
    canonical_url: str | None = None
    access: Access = field(default_factory=Access)
    """What the publisher declares about access (``access.declared_access``)."""
    language_hint: str | None = None
    """ISO 639-1 from ``<html lang>`` / content-language / og:locale; a hint only,
    templates often declare the wrong language."""
    page_type: str | None = None
    """og:type or the JSON-LD @type of the main object (``article``, ``website``...)."""
    shown_title: str | None = None
    """The headline as shown: the page's one <h1> (``title.shown_title``)."""
    declared: dict[str, list[LexborNode]] | None = field(default=None, repr=False, compare=False)
    """The page's <meta>, <script>, <title>, <base>, <link>, <h1> and <time>
    elements by tag, in document order (``page.Page.found``), for other readers
    of the page; None when they could not be read."""


# --- entry point ------------------------------------------------------------------


def _without_outlet(names: list[str], site: str | None) -> list[str]:
    """Drop the outlet listed beside its writers ("Jill Disis, CNN Business");
    alone it stays: an agency or outlet byline is all the page says."""
    sk = fold_key(site) if site else ""
    if len(names) < 2 or len(sk) < 3:
        return names
    kept = []
    for n in names:
        nk = fold_key(n)
        if not (nk.startswith(sk) or (len(nk) >= 5 and sk.startswith(nk))):
            kept.append(n)
    return kept or names


def _safe(fn: Callable[[], T], default: T) -> T:
    # One field that trips over odd markup must not cost the others; the
    # failure is logged (debug level) so that a reader's own bug shows up too.
    try:
        return fn()
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        _log.debug("a metadata reader failed; its field stays empty", exc_info=True)
        return default


def extract_metadata(
    tree: LexborHTMLParser,
    url: str | None = None,
    *,
    html: str | None = None,
) -> Metadata:
    """Title, site name, authors, publication date, canonical URL and hints of one
    page. Never raises on odd markup: a field it cannot read stays empty."""
    page = _safe(lambda: read_page(tree, url), None) or Page(tree=tree, url=url)
    article = _safe(lambda: ld_article(page), None)
    no_title: tuple[str | None, str | None] = (None, None)
    title, site = _safe(lambda: title_and_site(page, article), no_title)
    return Metadata(
        title=title,
        site_name=site,
        authors=_without_outlet(_safe(lambda: page_authors(page, article), []), site),
        date=_safe(lambda: published_date(page, article, html), None),
        canonical_url=_safe(lambda: canonical_url(page), None),
        access=_safe(lambda: declared_access(page, article), Access()),
        language_hint=_safe(lambda: declared_language(page), None),
        page_type=_safe(lambda: declared_page_type(page, article), None),
        shown_title=_safe(lambda: shown_title(page), None),
        declared=page.found,
    )


__all__ = [
    "Metadata",
    "extract_metadata",
    "forum_poster",
    "normalise_language",
    "parse_date",
    "url_date",
]
