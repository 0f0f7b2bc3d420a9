"""Write real WARC/1.0 files (plain or one gzip member per record).

Used by the tests, the fuzzers and the bundled sample to build WARC inputs
without the network. Output is byte-for-byte reproducible: record ids are
derived from the record's content and position, dates default to a fixed value,
and gzip members carry mtime 0.
"""

from __future__ import annotations

import gzip as _gzip
import hashlib
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_DATE = "2024-01-01T00:00:00Z"

_HTTP_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass(slots=True)
class WarcRecordSpec:
    """One record to write.

    ``type`` is the WARC-Type. For ``response`` records ``body`` is the HTTP
    payload and the HTTP status line and headers are generated from
    ``http_status``/``content_type``/``http_headers``; for ``request`` records an
    HTTP GET is generated; for ``warcinfo`` and ``metadata`` records ``fields``
    are written as ``key: value`` lines (``body`` overrides them when set);
    ``resource`` records store ``body`` as-is under ``content_type``.
    """

    type: str
    url: str | None = None
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    http_status: int = 200
    http_headers: Sequence[tuple[str, str]] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    date: str = DEFAULT_DATE
    record_id: str | None = None
    warc_headers: Sequence[tuple[str, str]] = ()
    raw_http: bytes | None = None  # a full HTTP message, written verbatim (for odd headers)


def response(
    url: str,
    body: bytes | str,
    content_type: str | None = "text/html; charset=utf-8",
    *,
    status: int = 200,
    headers: Sequence[tuple[str, str]] = (),
    date: str = DEFAULT_DATE,
) -> WarcRecordSpec:
    """An HTTP response record; a ``str`` body is encoded as UTF-8."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return WarcRecordSpec(
        "response",
        url=url,
        body=data,
        content_type=content_type,
        http_status=status,
        http_headers=headers,
        date=date,
    )


def request(url: str, *, date: str = DEFAULT_DATE) -> WarcRecordSpec:
    return WarcRecordSpec("request", url=url, date=date)


def warcinfo(fields: Mapping[str, str] | None = None) -> WarcRecordSpec:
    info = dict(fields) if fields else {"software": "newsclean", "format": "WARC File Format 1.0"}
    return WarcRecordSpec("warcinfo", fields=info)


def metadata(url: str, fields: Mapping[str, str] | None = None) -> WarcRecordSpec:
    return WarcRecordSpec("metadata", url=url, fields=dict(fields or {"fetchTimeMs": "1"}))


def _http_response_block(spec: WarcRecordSpec) -> bytes:
    if spec.raw_http is not None:
        return spec.raw_http
    reason = _HTTP_REASONS.get(spec.http_status, "Unknown")
    lines = [f"HTTP/1.1 {spec.http_status} {reason}"]
    names = {k.lower() for k, _ in spec.http_headers}
    if spec.content_type is not None and "content-type" not in names:
        lines.append(f"Content-Type: {spec.content_type}")
    lines.extend(f"{k}: {v}" for k, v in spec.http_headers)
    if "content-length" not in names:
        lines.append(f"Content-Length: {len(spec.body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return head + spec.body


def _http_request_block(spec: WarcRecordSpec) -> bytes:
    url = spec.url or "http://localhost/"
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    head = f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: newsclean-test\r\n\r\n"
    return head.encode("latin-1", "replace")


def _fields_block(fields: Mapping[str, str]) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode("utf-8")


def _block_and_type(spec: WarcRecordSpec) -> tuple[bytes, str | None]:
    if spec.type == "response":
        return _http_response_block(spec), "application/http; msgtype=response"
    if spec.type == "request":
        return _http_request_block(spec), "application/http; msgtype=request"
    if spec.type == "warcinfo":
        return spec.body or _fields_block(spec.fields), "application/warc-fields"
    if spec.type == "metadata":
        return spec.body or _fields_block(spec.fields), "application/warc-fields"
    return spec.body, spec.content_type


def _record_bytes(spec: WarcRecordSpec, index: int) -> bytes:
    block, ctype = _block_and_type(spec)
    rid = spec.record_id
    if rid is None:
        digest = hashlib.sha1(
            f"{index}|{spec.type}|{spec.url}|".encode() + block, usedforsecurity=False
        ).digest()
        rid = f"<urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}>"
    headers: list[tuple[str, str]] = [
        ("WARC-Type", spec.type),
        ("WARC-Record-ID", rid),
        ("WARC-Date", spec.date),
    ]
    if spec.url is not None and spec.type != "warcinfo":
        headers.append(("WARC-Target-URI", spec.url))
    if ctype is not None:
        headers.append(("Content-Type", ctype))
    headers.extend(spec.warc_headers)
    headers.append(("Content-Length", str(len(block))))
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def _coerce(rec: WarcRecordSpec | Mapping[str, Any]) -> WarcRecordSpec:
    if isinstance(rec, WarcRecordSpec):
        return rec
    data = dict(rec)
    body = data.get("body", b"")
    if isinstance(body, str):
        data["body"] = body.encode("utf-8")
    return WarcRecordSpec(**data)


def warc_bytes(
    records: Iterable[WarcRecordSpec | Mapping[str, Any]], *, gzip: bool = True
) -> tuple[bytes, list[int]]:
    """The file content and the byte offset at which each record starts."""
    out = bytearray()
    offsets: list[int] = []
    for i, rec in enumerate(records):
        raw = _record_bytes(_coerce(rec), i)
        offsets.append(len(out))
        out += _gzip.compress(raw, compresslevel=6, mtime=0) if gzip else raw
    return bytes(out), offsets


def write_warc(
    path: str | os.PathLike[str],
    records: Iterable[WarcRecordSpec | Mapping[str, Any]],
    gzip: bool = True,
) -> list[int]:
    """Write ``records`` as a WARC/1.0 file (``gzip``: one gzip member per record).

    Records are :class:`WarcRecordSpec` (see :func:`response`, :func:`request`,
    :func:`warcinfo`, :func:`metadata`) or mappings with the same keys. Returns
    the start offset of each record in the file, which is what readers put in
    ``source`` as ``path#offset=N``.
    """
    data, offsets = warc_bytes(records, gzip=gzip)
    with open(path, "wb") as fh:
        fh.write(data)
    return offsets
