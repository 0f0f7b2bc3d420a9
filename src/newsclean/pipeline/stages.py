"""Document-in, record-out stage functions shared by every executor.

``process_document`` is the one function workers call per document. It never
raises: whatever goes wrong becomes a record with a status and a reason (and,
for an exception, its message in ``error``), so that every input document yields
exactly one record.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from newsclean.clean.article import clean_article
from newsclean.html.article import extract_article
from newsclean.io.decode import decode
from newsclean.metadata.bylines import fill_from_bylines
from newsclean.mojibake import repair
from newsclean.options import Options
from newsclean.record import EMPTY, ERROR, OK, SKIPPED, STATUS_REASONS, Article, Document

if TYPE_CHECKING:
    from newsclean.clean.boilerplate import BoilerplateTable

MAX_ERROR_MESSAGE = 300
"""Characters of an exception's type and message kept in a record's ``error``."""


def _finish(art: Article, doc: Document, options: Options) -> Article:
    # Identity always comes from the input, whatever the stage filled in.
    art.id, art.source = doc.id, doc.source
    if art.url is None:
        art.url = doc.url
    if art.date is None and doc.date_hint and art.status in (OK, EMPTY):
        art.date = doc.date_hint  # a Last-Modified older than the crawl, if no date
    if art.status not in (OK, EMPTY, SKIPPED, ERROR):
        art.status, art.reason = ERROR, "exception"
    if art.status != OK and not art.reason:
        art.reason = "no_article_text" if art.status == EMPTY else "exception"
    if art.status == OK:
        art.reason = None
    if options.boilerplate_path and art.status == OK:
        # Imported here: the corpus table module brings DuckDB and Arrow, which the
        # first record of a process should not wait for unless a table is used.
        from newsclean.clean.boilerplate import apply_boilerplate

        # Idempotent: a stage that already applied the table leaves nothing to remove.
        art = apply_boilerplate(art, _saved_table(options.boilerplate_path))
    return art


@cache
def _saved_table(path: str) -> BoilerplateTable:
    from newsclean.clean.boilerplate import BoilerplateTable

    return BoilerplateTable.load(path)


def exception_record(doc: Document, exc: BaseException) -> Article:
    """The ``error`` record for a document whose processing raised ``exc``: the
    reason stays in the vocabulary, the exception's type and message go to
    ``error`` for whoever debugs it."""
    art = Article.failed(doc, ERROR, "exception")
    art.error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_MESSAGE]
    return art


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(s: str) -> str:
    """``s`` with each lone surrogate replaced by one U+FFFD.

    Python strings may hold lone surrogates (``surrogateescape``-decoded file
    names, API callers); UTF-8 writers (orjson, Arrow) refuse them, so a record
    holding one could not be written. ASCII strings skip the check; for the rest
    a trial UTF-8 encoding (one C pass, about five times faster than a regex
    scan of a page) tells whether there is anything to replace.
    """
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", s)
    return s


def _valid_html(s: str) -> tuple[str, bytes | None]:
    """:func:`valid_unicode` of a page, and its UTF-8 bytes when the trial
    encoding made them: the HTML parser reads UTF-8, and would encode the page
    a second time."""
    if s.isascii():
        return s, None
    try:
        return s, s.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", s), None


def _valid_document(doc: Document) -> tuple[Document, bytes | None]:
    """The document with valid strings, and its HTML's UTF-8 bytes when
    checking it made them."""
    utf8: bytes | None = None
    for name in ("id", "source", "url", "html", "text"):
        value = getattr(doc, name)
        if isinstance(value, str):
            if name == "html":
                fixed, utf8 = _valid_html(value)
            else:
                fixed = valid_unicode(value)
            if fixed is not value:
                setattr(doc, name, fixed)
    return doc, utf8


def process_document(doc: Document, options: Options) -> Article:
    """Turn one input document into exactly one record. Never raises."""
    try:
        doc, utf8 = _valid_document(doc)
        if doc.status is not None:
            reason = doc.reason if doc.reason in STATUS_REASONS else "malformed_input"
            return Article.failed(doc, doc.status, reason)
        if doc.html is not None:
            art = extract_article(doc.html, url=doc.url, options=options, utf8=utf8)
        elif doc.text is not None:
            # before cleaning: phrase tables and the line model read the words
            text = repair(doc.text) if options.repair_mojibake else doc.text
            art = clean_article(text, options=options)
            fill_from_bylines(art)
        else:
            return Article.failed(doc, SKIPPED, "empty_input")
        return _finish(art, doc, options)
    except Exception as exc:  # the contract: one record per document, whatever happens
        return exception_record(doc, exc)


def extract_one(html: str | bytes, url: str | None = None, *, options: Options) -> Article:
    """Public ``newsclean.extract``: one HTML page to an Article. Raises only
    ``TypeError`` for an argument that is not a page."""
    if not isinstance(html, str | bytes):
        raise TypeError(f"newsclean.extract() takes str or bytes, not {type(html).__name__}")
    if isinstance(html, bytes):
        html = decode(html)
    doc = Document(id=url or "document", source="<api>", url=url, html=html)
    if not html.strip():
        return Article.failed(doc, EMPTY, "empty_input")
    return process_document(doc, options)


def clean_one(text: str, *, options: Options) -> Article:
    """Public ``newsclean.clean_text``: already-extracted text to an Article. Raises
    only ``TypeError`` for an argument that is not text."""
    if not isinstance(text, str):
        raise TypeError(f"newsclean.clean_text() takes str, not {type(text).__name__}")
    doc = Document(id="document", source="<api>", text=text)
    if not text.strip():
        return Article.failed(doc, EMPTY, "empty_input")
    return process_document(doc, options)


_WARM_TEXT = (
    "The council voted on Tuesday to approve the new budget for roads and schools. "
    "The mayor said the plan would be reviewed again next spring by the committee."
)
# A metered tier and a short closing line make the extractor consult the
# wall-notice model, so that it loads here too.
_WARM_HTML = (
    "<html><head><title>Council approves budget</title>"
    '<meta property="article:content_tier" content="metered"></head><body><article>'
    f"<h1>Council approves budget</h1><p>{_WARM_TEXT}</p><p>{_WARM_TEXT}</p>"
    "<p>The vote passed by seven to two.</p></article></body></html>"
)
_warm: set[Options] = set()


def warm_up(options: Options) -> None:
    """Load every stage's models and tables, once per process.

    Compiled phrase tables and the language model load lazily (1-2 s).
    Executors call this before a worker takes work, so that the cost is not
    charged to the first document inside its per-document time limit.
    """
    if options in _warm:
        return
    _warm.add(options)
    for doc in (
        Document(id="warm-up", source="<warm-up>", html=_WARM_HTML),
        Document(id="warm-up", source="<warm-up>", text=_WARM_TEXT),
    ):
        process_document(doc, options)
