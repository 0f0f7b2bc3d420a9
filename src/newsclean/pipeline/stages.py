"""Document-in, record-out stage functions shared by every executor.

``process_document`` is the one function workers call per document. It never
raises: whatever goes wrong becomes a record with a status and a reason, so that
every input document yields exactly one record.

The stage implementations (extract/, clean/, annotate/, io.decode) are resolved
once per process; if one cannot be imported the minimal version in
``fallbacks.py`` is used so the pipeline keeps working (see ``stage_sources``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from newsclean.options import Options
from newsclean.pipeline import fallbacks
from newsclean.record import EMPTY, ERROR, OK, SKIPPED, STATUS_REASONS, Article, Document

_STAGES: dict[str, tuple[str, str, Callable[..., Any] | None]] = {
    # name: (module, attribute, fallback)
    "extract": ("newsclean.extract.article", "extract_article", fallbacks.extract_article),
    "clean": ("newsclean.clean.article", "clean_article", fallbacks.clean_article),
    "decode": ("newsclean.io.decode", "decode", fallbacks.decode_bytes),
    "language": ("newsclean.annotate.language", "detect_language", None),
}

_MAX_MESSAGE = 300


@cache
def _stage(name: str) -> Callable[..., Any] | None:
    module, attr, fallback = _STAGES[name]
    try:
        fn = getattr(importlib.import_module(module), attr)
    # A module that is missing, half-written or broken must not stop the run.
    except Exception:
        return fallback
    finally:
        _restore_public_api()
    return fn if callable(fn) else fallback


def _restore_public_api() -> None:
    # Importing the subpackage ``newsclean.extract`` binds it as the attribute
    # ``extract`` of the package, hiding the public function ``newsclean.extract``.
    import newsclean

    if _API_EXTRACT is not None:
        newsclean.__dict__["extract"] = _API_EXTRACT


def _api_extract() -> Callable[..., Any] | None:
    import newsclean

    fn = newsclean.__dict__.get("extract")
    return fn if callable(fn) and getattr(fn, "__module__", "") == "newsclean" else None


_API_EXTRACT = _api_extract()


def stage_sources() -> dict[str, str]:
    """Which implementation each stage uses: ``module`` or ``fallback``/``none``."""
    out: dict[str, str] = {}
    for name, (module, _, fallback) in _STAGES.items():
        fn = _stage(name)
        if fn is None:
            out[name] = "none"
        elif fn is fallback:
            out[name] = "fallback"
        else:
            out[name] = module
    return out


def _decode(data: bytes) -> str:
    fn = _stage("decode")
    assert fn is not None
    try:
        return str(fn(data))
    except Exception:
        return fallbacks.decode_bytes(data)


def _annotate_language(art: Article) -> None:
    if art.language is not None or art.status != OK or not art.text:
        return
    detect = _stage("language")
    if detect is None:
        return
    try:
        lang = detect(art.text)
    except Exception:
        return  # a language we cannot name is not a failed document
    art.language = lang if isinstance(lang, str) and lang else None


def _finish(art: Article, doc: Document, options: Options) -> Article:
    # Identity always comes from the input, whatever the stage filled in.
    art.id, art.source = doc.id, doc.source
    if art.url is None:
        art.url = doc.url
    if art.status not in (OK, EMPTY, SKIPPED, ERROR):
        art.status, art.reason = ERROR, "exception"
    if art.status != OK and not art.reason:
        art.reason = "no_article_text" if art.status == EMPTY else "exception"
    if art.status == OK:
        art.reason = None
    if options.boilerplate_path and art.status == OK:
        # Idempotent: a stage that already applied the table leaves nothing to remove.
        art = _apply_saved_boilerplate(art, options.boilerplate_path)
    _annotate_language(art)
    return art


@cache
def _saved_table(path: str) -> Any:
    from newsclean.clean.boilerplate import BoilerplateTable

    return BoilerplateTable.load(path)


def _apply_saved_boilerplate(art: Article, path: str) -> Article:
    from newsclean.clean.boilerplate import apply_boilerplate

    out = apply_boilerplate(art, _saved_table(path))
    return out if isinstance(out, Article) else art


def exception_record(doc: Document, exc: BaseException) -> Article:
    """The ``error`` record for a document whose processing raised ``exc``."""
    # The record's reason stays in the vocabulary; the type and message are kept
    # for the executor's log (see ``last_error``), where a human debugs.
    _ERRORS[doc.id] = f"{type(exc).__name__}: {exc}"[:_MAX_MESSAGE]
    return Article.failed(doc, ERROR, "exception")


# Last exception message per document id in this process (bounded): lets the
# executor log why a document failed without a free-text field in the record.
_ERRORS: dict[str, str] = {}


def last_error(doc_id: str) -> str | None:
    """Message of the exception that turned ``doc_id`` into an error record."""
    msg = _ERRORS.pop(doc_id, None)
    if len(_ERRORS) > 1000:
        _ERRORS.clear()
    return msg


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


def _valid_document(doc: Document) -> Document:
    for name in ("id", "source", "url", "html", "text"):
        value = getattr(doc, name)
        if isinstance(value, str):
            fixed = valid_unicode(value)
            if fixed is not value:
                setattr(doc, name, fixed)
    return doc


def process_document(doc: Document, options: Options) -> Article:
    """Turn one input document into exactly one record. Never raises."""
    try:
        doc = _valid_document(doc)
        if doc.status is not None:
            reason = doc.reason if doc.reason in STATUS_REASONS else "malformed_input"
            return Article.failed(doc, doc.status, reason)
        if doc.html is not None:
            extract = _stage("extract")
            assert extract is not None
            art = extract(doc.html, url=doc.url, options=options)
        elif doc.text is not None:
            clean = _stage("clean")
            assert clean is not None
            art = clean(doc.text, options=options)
        else:
            return Article.failed(doc, SKIPPED, "empty_input")
        if not isinstance(art, Article):
            raise TypeError(f"stage returned {type(art).__name__}, not Article")
        return _finish(art, doc, options)
    except Exception as exc:  # the contract: one record per document, whatever happens
        return exception_record(doc, exc)


def extract_one(html: str | bytes, url: str | None = None, *, options: Options) -> Article:
    """Public ``newsclean.extract``: one HTML page to an Article (never raises)."""
    if isinstance(html, bytes):
        html = _decode(html)
    doc = Document(id=url or "document", source="<api>", url=url, html=html)
    if not html.strip():
        return Article.failed(doc, EMPTY, "empty_input")
    return process_document(doc, options)


def clean_one(text: str, *, options: Options) -> Article:
    """Public ``newsclean.clean_text``: already-extracted text to an Article."""
    doc = Document(id="document", source="<api>", text=text)
    if not text.strip():
        return Article.failed(doc, EMPTY, "empty_input")
    return process_document(doc, options)


_WARM_TEXT = (
    "The council voted on Tuesday to approve the new budget for roads and schools. "
    "The mayor said the plan would be reviewed again next spring by the committee."
)
_WARM_HTML = (
    "<html><head><title>Council approves budget</title></head><body><article>"
    f"<h1>Council approves budget</h1><p>{_WARM_TEXT}</p><p>{_WARM_TEXT}</p>"
    "</article></body></html>"
)
_warm: set[Options] = set()


def warm_up(options: Options) -> None:
    """Import every stage and load its models and tables, once per process.

    Stages load lazily (imports, compiled phrase tables, the language model: 1-2 s).
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
    _ERRORS.pop("warm-up", None)
