"""JSON Lines (.jsonl, .jsonl.gz, .jsonl.zst): one object per line.

Each object has ``html`` or ``text`` (a string), and optionally ``url`` and
``id`` (other field names with ``InputKeys``: ``--html-key``...). Blank lines
are not documents. A line that is not such an object gives an
``error``/``malformed_input`` Document (its ``error`` says why); a line longer than
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
from newsclean.options import InputKeys, Limits
from newsclean.record import EMPTY, SKIPPED, Document

_READ = 1024 * 1024
DEFAULT_KEYS = InputKeys()
_SHOWN_FIELDS = 8


def read_jsonl(
    path: str,
    limits: Limits,
    *,
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
    compression: str | None = None,
    name: str | None = None,
    keys: InputKeys = DEFAULT_KEYS,
) -> Iterator[Document]:
    """Documents of the lines that start in ``[start, end)``; ``first_line`` numbers the first.

    ``start`` must be 0 or just after a newline (``list_units`` guarantees it).
    """
    base = display_path(name or path)
    with open(path, "rb") as fh:
        if start == 0:
            compression = actual_compression(fh, compression)
        if compression is None:
            fh.seek(start)
            yield from read_lines(
                fh, base, limits, first_line=first_line, limit=_span(start, end), keys=keys
            )
            return
        stream = open_capped(fh, compression, limits.max_decompressed_bytes)
        capped = stream.raw
        assert isinstance(capped, CappedStream)
        yield from read_lines(stream, base, limits, capped=capped, keys=keys)


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
    keys: InputKeys = DEFAULT_KEYS,
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
        yield parse_line(line, f"{base}#line={lineno}", limits, keys)
    reason = capped.failure if capped is not None else None
    if reason is not None:
        # Cut inside a line: that line; cut at a line boundary: the line that would follow.
        yield error(f"{base}#line={lineno if mid_line else lineno + 1}", reason)


def _skip_line(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_READ)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def parse_line(
    line: bytes, locator: str, limits: Limits, keys: InputKeys = DEFAULT_KEYS
) -> Document:
    """One JSON Lines object -> Document (never raises)."""
    try:
        obj: Any = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:
            # orjson insists on UTF-8; a legacy-encoded line is still a line.
            obj = orjson.loads(decode_text(line).encode("utf-8", "surrogatepass"))
        except (orjson.JSONDecodeError, UnicodeEncodeError):
            return error(locator, "malformed_input", message="not valid JSON")
    return document_from_object(obj, locator, limits, keys, may_have_nul=b"\\u0000" in line)


def missing_keys_message(fields: list[str], keys: InputKeys) -> str:
    """What a record without the HTML/text field holds, and the option to use."""
    shown = ", ".join(repr(f) for f in fields[:_SHOWN_FIELDS])
    more = f" and {len(fields) - _SHOWN_FIELDS} more" if len(fields) > _SHOWN_FIELDS else ""
    has = f"its fields are {shown}{more}" if fields else "it has no fields"
    return (
        f"no {keys.html!r} or {keys.text!r} field ({has}); "
        "name the field holding the page with --html-key or the text with --text-key"
    )


def document_from_object(
    obj: Any,
    locator: str,
    limits: Limits,
    keys: InputKeys = DEFAULT_KEYS,
    *,
    may_have_nul: bool = True,
) -> Document:
    """A Document from a mapping with ``html``/``text`` (+ ``url``, ``id``), under the
    field names of ``keys``; JSON Lines, JSON and Parquet."""
    if not isinstance(obj, dict):
        kind = type(obj).__name__ if obj is not None else "null"
        return error(locator, "malformed_input", message=f"a JSON {kind}, not an object")
    doc_id = own_id(obj.get(keys.id))
    raw_url = obj.get(keys.url)
    url = (raw_url.strip() or None) if isinstance(raw_url, str) else None
    html, text = obj.get(keys.html), obj.get(keys.text)
    value, as_text = (html, False) if html is not None else (text, True)
    if isinstance(value, bytes):
        if len(value) > limits.max_document_bytes:
            return failed(locator, SKIPPED, "too_large", doc_id=doc_id, url=url)
        return from_bytes(value, locator, as_text=as_text, doc_id=doc_id, url=url)
    if value is None and (keys.html in obj or keys.text in obj):
        return failed(locator, EMPTY, "empty_input", doc_id=doc_id, url=url)
    if value is None:
        message = missing_keys_message([str(k) for k in obj], keys)
        return error(locator, "malformed_input", doc_id=doc_id, url=url, message=message)
    if not isinstance(value, str):
        message = f"the {keys.html if html is not None else keys.text!r} field is not a string"
        return error(locator, "malformed_input", doc_id=doc_id, url=url, message=message)
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
