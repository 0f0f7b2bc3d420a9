"""Builders for the Documents readers yield (one place for ids and statuses)."""

from __future__ import annotations

from newsclean.io.decode import decode_html, decode_text
from newsclean.io.ids import stable_id
from newsclean.io.sniff import looks_binary
from newsclean.record import EMPTY, ERROR, SKIPPED, Document


def failed(
    locator: str,
    status: str,
    reason: str,
    *,
    doc_id: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
    date_hint: str | None = None,
    message: str | None = None,
) -> Document:
    """A Document the reader already knows cannot be processed (``message``: what
    it saw, for the record's ``error`` field)."""
    return Document(
        id=doc_id or stable_id(locator),
        source=locator,
        url=url,
        status=status,
        reason=reason,
        content_type=content_type,
        date_hint=date_hint,
        error=message,
    )


def error(
    locator: str,
    reason: str,
    *,
    doc_id: str | None = None,
    url: str | None = None,
    message: str | None = None,
) -> Document:
    return failed(locator, ERROR, reason, doc_id=doc_id, url=url, message=message)


def from_bytes(
    data: bytes,
    locator: str,
    *,
    as_text: bool,
    doc_id: str | None = None,
    url: str | None = None,
    charset: str | None = None,
    content_type: str | None = None,
    date_hint: str | None = None,
) -> Document:
    """An html or text Document from raw bytes: empty and binary inputs are decided here."""
    kw = {"doc_id": doc_id, "url": url, "content_type": content_type, "date_hint": date_hint}
    if not data or data.isspace():  # isspace: no copy of a large page
        return failed(locator, EMPTY, "empty_input", **kw)
    if looks_binary(data[:8192]):
        return failed(locator, SKIPPED, "binary", **kw)
    doc = Document(
        id=doc_id or stable_id(locator),
        source=locator,
        url=url,
        content_type=content_type,
        date_hint=date_hint,
    )
    if as_text:
        doc.text = decode_text(data, charset)
    else:
        doc.html = decode_html(data, charset).text
    return doc


def from_str(
    value: str,
    locator: str,
    *,
    as_text: bool,
    doc_id: str | None = None,
    url: str | None = None,
    may_have_nul: bool = True,
) -> Document:
    """An html or text Document from an already-decoded string (JSONL, Parquet).

    ``may_have_nul`` False skips the NUL scan (JSON Lines knows from the raw
    line: JSON can only carry NUL as an escape)."""
    if not value or value.isspace():  # isspace: no copy of a large string
        return failed(locator, EMPTY, "empty_input", doc_id=doc_id, url=url)
    if may_have_nul and "\x00" in value:
        value = value.replace("\x00", "")
    doc = Document(id=doc_id or stable_id(locator), source=locator, url=url)
    if as_text:
        doc.text = value
    else:
        doc.html = value
    return doc
