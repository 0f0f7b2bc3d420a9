"""The one schema: input documents, output records (Article), statuses and reasons.

Everything that crosses a stage boundary is defined here so that readers,
extractors, cleaners, deduplication, writers and the inspector agree on field
names and types. JSON (``Article.to_dict``) and Arrow (``ARROW_SCHEMA``) are two
views of the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import pyarrow as pa


# --- statuses -----------------------------------------------------------------

OK: Final = "ok"
EMPTY: Final = "empty"
SKIPPED: Final = "skipped"
ERROR: Final = "error"
STATUSES: Final = (OK, EMPTY, SKIPPED, ERROR)

MIN_ARTICLE_CHARS: Final = 60
"""Text shorter than this after cleaning is not an article (a caption, a teaser):
the record is ``empty`` with reason ``too_short``."""
MIN_WORD_LETTERS: Final = 20
"""Text with fewer letters than this outside links and e-mail addresses holds no
words to read (a list of numbers, prices or URLs), however long it is: the record
is ``empty`` with reason ``no_words``. Far below MIN_ARTICLE_CHARS: one short
sentence among the numbers is text (text.has_words)."""

# --- removal reasons ----------------------------------------------------------
# Why a line or block was removed from the article region or from input text.
# The table is the documented vocabulary (README "Removal reasons"); code must
# only emit reasons listed here (tests enforce it).
REASONS: Final[dict[str, str]] = {
    "paywall": "access, subscription or registration wall text; the article was withheld",
    "javascript": "a notice that JavaScript, cookies or another browser feature is required",
    "comment_form": "comment form, comment prompts and comment-policy text",
    "comments": "user comments and comment threads",
    "copy_protection": "copy-protection plugin notices",
    "cookie": "cookie-consent and privacy banners",
    "newsletter": "newsletter, subscription and sign-up prompts",
    "share": "share bars and social-media prompts",
    "navigation": "menus, breadcrumbs, pagination and other navigation",
    "related": "related-article lists and 'read more' teasers",
    "advertisement": "advertisement labels and sponsored blocks",
    "title_duplicate": "the headline repeated, or '<title> | <site>' lines",
    "repeated_boilerplate": "a line that recurs across many documents and sites of the corpus",
    "byline": "author, date and reading-time lines (kept as metadata instead)",
    "image_credit": "image credits and photo captions outside the text flow",
    "copyright": "copyright, legal and footer notices",
    "tags": "tag, category and topic lists",
    "hidden": "text of hidden elements",
    "duplicate_line": "a paragraph or block repeating one before it (the page showed it twice)",
    "boilerplate": "other page furniture recognised by the line classifier",
}

# --- reasons for non-ok statuses (the `reason` field) ---------------------------
STATUS_REASONS: Final[dict[str, str]] = {
    "no_article_text": "no article text was found in the page",
    "too_short": "the text left after cleaning is too short to be an article",
    "no_words": "the text holds no words to read: only numbers, links or symbols",
    "not_article": "the page is a listing, home page or other non-article page",
    "access_wall": "the page is an access or JavaScript wall with no article text",
    "empty_input": "the document is empty",
    "binary": "the document is binary, not HTML or text",
    "unsupported_content_type": "the document's content type is not HTML or text",
    "too_large": "the document is larger than the configured maximum size",
    "malformed_input": "the input record could not be parsed",
    "decompression_limit": "the input expands beyond the configured decompression limit",
    "truncated_input": "the input file ends in the middle of a record",
    "timeout": "processing exceeded the per-document time limit",
    "worker_crash": "the worker processing this document died",
    "exception": "an unexpected error while processing the document",
}

# --- page types (the `page_type` field; null for text inputs) --------------------
PAGE_TYPES: Final[dict[str, str]] = {
    "article": "a news story, blog post or other single article",
    "listing": "a list of links to articles (home, section, tag or search pages)",
    "forum": "a discussion thread: posts by several people",
    "product": "a product page: description and specifications",
    "collection": "a gallery or collection of items (recipes, videos, galleries...)",
    "documentation": "reference or help documentation",
    "service": "a page presenting an organisation or service (about, pricing, contact...)",
}

# --- declared access (the `access` field) ---------------------------------------
ACCESS: Final[dict[str, str]] = {
    "free": "the publisher declares the article free to read",
    "metered": "free up to a quota of articles, then behind a wall",
    "subscription": "the publisher declares the article for subscribers only",
}


@dataclass(slots=True)
class Removed:
    """A line or block removed from the text, with the reason for it."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Document:
    """One input document, as readers produce it.

    Exactly one of ``html`` / ``text`` is set for a processable document; a reader
    that already knows the document cannot be processed (binary, malformed line,
    image response) sets ``status``/``reason`` instead and leaves both None.
    """

    id: str
    source: str
    url: str | None = None
    html: str | None = None
    text: str | None = None
    status: str | None = None  # pre-decided status (skipped/error) from the reader
    reason: str | None = None
    content_type: str | None = None
    date_hint: str | None = None  # an HTTP Last-Modified older than the response
    error: str | None = None  # with a pre-decided status: what the reader saw, for the user


@dataclass(slots=True)
class Article:
    """One output record. Field meanings: README "Record fields" and docs/CONTRACT.md."""

    id: str
    source: str
    url: str | None = None
    status: str = OK
    reason: str | None = None
    title: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    paywalled: bool = False
    cluster_id: str | None = None
    duplicate_of: str | None = None
    markdown: str | None = None
    page_type: str | None = None
    access: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "status": self.status,
            "reason": self.reason,
            "title": self.title,
            "site_name": self.site_name,
            "authors": list(self.authors),
            "date": self.date,
            "language": self.language,
            "canonical_url": self.canonical_url,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "paywalled": self.paywalled,
            "cluster_id": self.cluster_id,
            "duplicate_of": self.duplicate_of,
            "markdown": self.markdown,
            "page_type": self.page_type,
            "access": self.access,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            source=d["source"],
            url=d.get("url"),
            status=d.get("status", OK),
            reason=d.get("reason"),
            title=d.get("title"),
            site_name=d.get("site_name"),
            authors=list(d.get("authors") or []),
            date=d.get("date"),
            language=d.get("language"),
            canonical_url=d.get("canonical_url"),
            text=d.get("text") or "",
            removed=[Removed(r["text"], r["reason"]) for r in d.get("removed") or []],
            paywalled=bool(d.get("paywalled", False)),
            cluster_id=d.get("cluster_id"),
            duplicate_of=d.get("duplicate_of"),
            markdown=d.get("markdown"),
            page_type=d.get("page_type"),
            access=d.get("access"),
            error=d.get("error"),
        )

    @classmethod
    def failed(cls, doc: Document, status: str, reason: str) -> Article:
        """A record for a document that could not yield an article."""
        return cls(
            id=doc.id, source=doc.source, url=doc.url, status=status, reason=reason,
            error=doc.error if status == doc.status else None,
        )  # fmt: skip


@cache
def arrow_schema() -> pa.Schema:
    """The record as an Arrow schema (``ARROW_SCHEMA``), built on first use."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("source", pa.string(), nullable=False),
            pa.field("url", pa.string()),
            pa.field("status", pa.string(), nullable=False),
            pa.field("reason", pa.string()),
            pa.field("title", pa.string()),
            pa.field("site_name", pa.string()),
            pa.field("authors", pa.list_(pa.string())),
            pa.field("date", pa.string()),
            pa.field("language", pa.string()),
            pa.field("canonical_url", pa.string()),
            pa.field("text", pa.string()),
            pa.field(
                "removed",
                pa.list_(
                    pa.struct([pa.field("text", pa.string()), pa.field("reason", pa.string())])
                ),
            ),
            pa.field("paywalled", pa.bool_()),
            pa.field("cluster_id", pa.string()),
            pa.field("duplicate_of", pa.string()),
            pa.field("markdown", pa.string()),
            pa.field("page_type", pa.string()),
            pa.field("access", pa.string()),
            pa.field("error", pa.string()),
        ]
    )


def __getattr__(name: str) -> Any:
    # ``ARROW_SCHEMA`` is built when first asked for: importing pyarrow costs the
    # first record of a process a tenth of a second it does not need (PEP 562).
    if name == "ARROW_SCHEMA":
        return arrow_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
