"""Parse the HTTP message stored in a WARC response record.

Tolerant by design: crawlers store whatever servers sent, so a bad status
line, bare-LF headers, a broken chunked encoding or a corrupt gzip body degrade
to "use what is there" instead of failing the record.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import brotli

_STATUS_RE = re.compile(rb"^HTTP/\d(?:\.\d)?\s+(\d{3})")
_MAX_HEAD = 256 * 1024


@dataclass(slots=True)
class HttpMessage:
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names, last wins
    body: bytes = b""

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def is_redirect(self) -> bool:
        """A 3xx answer that names its target (the target's response is the document)."""
        return self.status is not None and 300 <= self.status < 400 and "location" in self.headers

    @property
    def mime(self) -> str | None:
        ct = self.content_type
        if not ct:
            return None
        return ct.split(";", 1)[0].strip().lower() or None


def response_date(headers: dict[str, str]) -> str | None:
    """The day (``YYYY-MM-DD``, UTC) of ``Last-Modified``, when it says something.

    A fallback for the publication date of a page that gives none. ``Date`` is
    when the server answered (the crawl, not the article), so it is never the
    hint, and a ``Last-Modified`` on or after that day is what servers that stamp
    every response with the current time send: no hint either. Dates a server
    could not mean (before 1991, or in the future) are ignored.
    """
    modified = _http_time(headers.get("last-modified"))
    if modified is None:
        return None
    answered = _http_time(headers.get("date"))
    if answered is not None and modified.date() >= answered.date():
        return None
    return modified.date().isoformat()


def _http_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    if datetime(1991, 1, 1, tzinfo=UTC) <= when <= datetime.now(UTC) + timedelta(days=1):
        return when
    return None


def parse_response(block: bytes, *, max_body: int) -> HttpMessage:
    """Status, headers and (de-chunked, de-compressed) body of an HTTP response."""
    m = _STATUS_RE.match(block)
    if m is None:
        # No HTTP head at all (some tools store bare payloads): all of it is body.
        return HttpMessage(None, {}, block)
    end, sep = _head_end(block)
    if end < 0:
        return HttpMessage(int(m.group(1)), _headers(block[:_MAX_HEAD]), b"")
    headers = _headers(block[:end])
    body = block[end + sep :]
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body)
    encodings = headers.get("content-encoding", "").lower()
    if encodings:
        body = decode_content(body, encodings, max_body)
    return HttpMessage(int(m.group(1)), headers, body)


def _head_end(block: bytes) -> tuple[int, int]:
    crlf = block.find(b"\r\n\r\n", 0, _MAX_HEAD)
    lf = block.find(b"\n\n", 0, _MAX_HEAD)
    if crlf >= 0 and (lf < 0 or crlf <= lf):
        return crlf, 4
    return lf, 2


def _headers(head: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in head.decode("latin-1").splitlines()[1:]:
        name, colon, value = line.partition(":")
        if colon:
            out[name.strip().lower()] = value.strip()
    return out


def dechunk(body: bytes) -> bytes:
    """Undo chunked transfer encoding; on damage, keep what was decoded plus the rest."""
    out = bytearray()
    pos = 0
    while pos < len(body):
        eol = body.find(b"\n", pos)
        if eol < 0:
            break
        size_field = body[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            # Not chunked after all (a header that lied): return the raw body.
            return body if not out else bytes(out) + body[pos:]
        if size == 0:
            return bytes(out)
        start = eol + 1
        out += body[start : start + size]
        pos = start + size
        if body[pos : pos + 2] == b"\r\n":
            pos += 2
        elif body[pos : pos + 1] == b"\n":
            pos += 1
    return bytes(out)


def decode_content(body: bytes, encodings: str, max_body: int) -> bytes:
    """Undo ``Content-Encoding`` (``gzip, br``: applied in that order, undone in reverse).

    The output is capped at ``max_body + 1`` bytes so a bomb costs no more than
    the document limit (the caller then sees a body over the limit). A body
    that does not decode, or that a crawler already decoded while keeping the
    header, is kept as it is; an unknown coding leaves the body untouched.
    """
    for coding in reversed([c.strip() for c in encodings.split(",")]):
        if coding in ("", "identity"):
            continue
        if coding in ("gzip", "x-gzip", "deflate"):
            body = _inflate(body, max_body)
        elif coding == "br":
            body = _unbrotli(body, max_body)
        else:
            break  # compress, zstd, a typo: nothing more can be undone safely
    return body


def _inflate(body: bytes, max_body: int) -> bytes:
    # gzip or zlib (auto-detected from their headers), then raw deflate, which
    # servers send as "deflate" too. Both are bounded by max_length.
    for wbits in (47, -15):
        try:
            d = zlib.decompressobj(wbits=wbits)
            out = d.decompress(body, max_body + 1)
            # gzip members may be concatenated (a body written in parts).
            while d.eof and d.unused_data.strip(b"\x00") and len(out) <= max_body and wbits > 0:
                rest = d.unused_data
                d = zlib.decompressobj(wbits=wbits)
                out += d.decompress(rest, max_body + 1 - len(out))
        except zlib.error:
            continue
        if wbits < 0 and not d.eof and _looks_plain(body):
            return body  # raw deflate accepted a prefix of plain markup: not deflate
        return out
    return body


def _unbrotli(body: bytes, max_body: int) -> bytes:
    try:
        d = brotli.Decompressor()
        out: bytes = d.process(body, output_buffer_limit=max_body + 1)
    except brotli.error:
        return body
    if not d.is_finished() and (not out or _looks_plain(body)):
        return body
    return out[: max_body + 1]


def _looks_plain(body: bytes) -> bool:
    """Markup or text that a crawler stored already decoded (compressed data is not)."""
    return body[:1024].lstrip()[:1] == b"<"
