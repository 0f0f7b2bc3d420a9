"""JSON Lines (.jsonl, .jsonl.gz, .jsonl.zst): one object per line.

Each object has ``html`` or ``text`` (a string), and optionally ``url`` and
``id``. Blank lines are not documents. A line that is not such an object gives
an ``error``/``malformed_input`` Document; a line longer than
``max_line_bytes`` gives ``error``/``too_large`` and is skipped without being
held in memory. When a compressed stream fails (cap, cut, corruption) the
reader stops with one ``error`` Document naming the line it broke in (or the
next line, when it broke between lines); an over-long line that the failure
cut gets only that record. Locators are ``path#line=N`` (1-based physical line
numbers). ``max_document_bytes`` counts UTF-8 bytes of the ``html``/``text`` value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from newsclean.io.compression import CappedStream, actual_compression, open_capped
from newsclean.io.decode import decode_text
from newsclean.io.documents import error, failed, from_bytes, from_str
from newsclean.io.ids import display_path, own_id
from newsclean.options import Limits
from newsclean.record import EMPTY, SKIPPED, Document

_READ = 1024 * 1024


def read_jsonl(
    path: str,
    limits: Limits,
    *,
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
    compression: str | None = None,
) -> Iterator[Document]:
    """Documents of the lines that start in ``[start, end)``; ``first_line`` numbers the first.

    ``start`` must be 0 or just after a newline (``list_units`` guarantees it).
    """
    base = display_path(path)
    with open(path, "rb") as fh:
        if start == 0:
            compression = actual_compression(fh, compression)
        if compression is None:
            fh.seek(start)
            yield from read_lines(fh, base, limits, first_line=first_line, limit=_span(start, end))
            return
        stream = open_capped(fh, compression, limits.max_decompressed_bytes)
        capped = stream.raw
        assert isinstance(capped, CappedStream)
        yield from read_lines(stream, base, limits, capped=capped)


def _span(start: int, end: int | None) -> int | None:
    return None if end is None else end - start


def read_lines(
    stream: BinaryIO,
    base: str,
    limits: Limits,
    *,
    first_line: int = 1,
    limit: int | None = None,
    capped: CappedStream | None = None,
) -> Iterator[Document]:
    """Documents of the lines of ``stream``; stop after ``limit`` bytes (a line that
    starts before the limit is read to its end)."""
    lineno = first_line - 1
    consumed = 0
    max_line = limits.max_line_bytes
    mid_line = False  # the capped stream stopped inside line ``lineno``
    while limit is None or consumed < limit:
        line = stream.readline(max_line + 1)
        if not line:
            break
        lineno += 1
        consumed += len(line)
        if len(line) > max_line and not line.endswith(b"\n"):
            consumed += _skip_line(stream)
            if capped is not None and capped.failed:
                # The line never ended: one record for it, the stream failure below.
                mid_line = True
                break
            yield error(f"{base}#line={lineno}", "too_large")
            continue
        if not line.endswith(b"\n") and capped is not None and capped.failed:
            mid_line = True
            break  # the stream stopped mid-line: reported below, once
        if not line.strip():
            continue
        yield parse_line(line, f"{base}#line={lineno}", limits)
    if capped is not None and capped.failed:
        reason = (
            "decompression_limit"
            if capped.limit_hit
            else "truncated_input"
            if capped.truncated
            else "malformed_input"
        )
        # Cut inside a line: that line; cut at a line boundary: the line that would follow.
        yield error(f"{base}#line={lineno if mid_line else lineno + 1}", reason)


def _skip_line(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_READ)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def parse_line(line: bytes, locator: str, limits: Limits) -> Document:
    """One JSON Lines object -> Document (never raises)."""
    try:
        obj: Any = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:
            # orjson insists on UTF-8; a legacy-encoded line is still a line.
            obj = orjson.loads(decode_text(line).encode("utf-8", "surrogatepass"))
        except (orjson.JSONDecodeError, UnicodeEncodeError):
            return error(locator, "malformed_input")
    return document_from_object(obj, locator, limits, may_have_nul=b"\\u0000" in line)


def document_from_object(
    obj: Any, locator: str, limits: Limits, *, may_have_nul: bool = True
) -> Document:
    """A Document from a mapping with ``html``/``text`` (+ ``url``, ``id``); JSONL and Parquet."""
    if not isinstance(obj, dict):
        return error(locator, "malformed_input")
    doc_id = own_id(obj.get("id"))
    raw_url = obj.get("url")
    url = (raw_url.strip() or None) if isinstance(raw_url, str) else None
    html, text = obj.get("html"), obj.get("text")
    value, as_text = (html, False) if html is not None else (text, True)
    if isinstance(value, bytes):
        if len(value) > limits.max_document_bytes:
            return failed(locator, SKIPPED, "too_large", doc_id=doc_id, url=url)
        return from_bytes(value, locator, as_text=as_text, doc_id=doc_id, url=url)
    if value is None and ("html" in obj or "text" in obj):
        return failed(locator, EMPTY, "empty_input", doc_id=doc_id, url=url)
    if not isinstance(value, str):
        return error(locator, "malformed_input", doc_id=doc_id, url=url)
    if utf8_size_over(value, limits.max_document_bytes):
        return failed(locator, SKIPPED, "too_large", doc_id=doc_id, url=url)
    return from_str(
        value, locator, as_text=as_text, doc_id=doc_id, url=url, may_have_nul=may_have_nul
    )


def utf8_size_over(value: str, limit: int) -> bool:
    """Whether ``value`` takes more than ``limit`` bytes in UTF-8 (the limit is in bytes).

    A character takes 1 to 4 bytes, so the length alone decides most strings;
    only those in between are encoded ("surrogatepass": lone surrogates from
    JSON escapes must not raise here).
    """
    n = len(value)
    if n > limit:
        return True
    if n * 4 <= limit or value.isascii():
        return False
    return len(value.encode("utf-8", "surrogatepass")) > limit
