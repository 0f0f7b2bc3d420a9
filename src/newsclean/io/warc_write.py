"""Build WARC files from record specs, through warcio's writer.

The tests, the fuzzers, the benchmarks and the bundled sample build their WARC
inputs with this (newsclean itself only reads WARC; ``newsclean fetch`` writes
its crawls with warcio too). Output is byte-for-byte reproducible: record ids
are derived from each record's content and position and dates default to a
fixed value, so a fixture file is the same on every machine.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_DATE = "2024-01-01T00:00:00Z"
WARC_VERSION = "1.1"


@dataclass(slots=True)
class WarcRecordSpec:
    """One record to write.

    ``type`` is the WARC-Type. For ``response`` records ``body`` is the HTTP
    payload and the HTTP status line and headers are made from
    ``http_status``/``content_type``/``http_headers``; for ``request`` records an
    HTTP GET is made; for ``warcinfo`` and ``metadata`` records ``fields`` are
    written as ``key: value`` lines (``body`` overrides them when set);
    ``resource`` records store ``body`` as it is under ``content_type``.
    """

    type: str
    url: str | None = None
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    http_status: int = 200
    http_headers: Sequence[tuple[str, str]] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    date: str = DEFAULT_DATE
    warc_headers: Sequence[tuple[str, str]] = ()


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
    info = dict(fields) if fields else {"software": "newsclean", "format": "WARC File Format 1.1"}
    return WarcRecordSpec("warcinfo", fields=info)


def metadata(url: str, fields: Mapping[str, str] | None = None) -> WarcRecordSpec:
    return WarcRecordSpec("metadata", url=url, fields=dict(fields or {"fetchTimeMs": "1"}))


def _response_headers(spec: WarcRecordSpec) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(spec.http_status).phrase
    except ValueError:
        reason = "Unknown"
    headers = list(spec.http_headers)
    names = {k.lower() for k, _ in headers}
    if spec.content_type is not None and "content-type" not in names:
        headers.insert(0, ("Content-Type", spec.content_type))
    if "content-length" not in names:
        headers.append(("Content-Length", str(len(spec.body))))
    return StatusAndHeaders(f"{spec.http_status} {reason}", headers, protocol="HTTP/1.1")


def _request_headers(url: str) -> StatusAndHeaders:
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    headers = [("Host", host), ("User-Agent", "newsclean-test")]
    return StatusAndHeaders(f"GET /{path} HTTP/1.1", headers, is_http_request=True)


def _fields_block(fields: Mapping[str, str]) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode("utf-8")


def _record_id(spec: WarcRecordSpec, index: int) -> str:
    digest = hashlib.sha1(
        f"{index}|{spec.type}|{spec.url}|{spec.http_status}|".encode() + spec.body,
        usedforsecurity=False,
    ).digest()
    return f"<urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}>"


def _write_one(writer: WARCWriter, spec: WarcRecordSpec, index: int) -> None:
    warc_headers = {"WARC-Record-ID": _record_id(spec, index), "WARC-Date": spec.date}
    warc_headers.update(spec.warc_headers)
    uri = spec.url or ""
    if spec.type == "response":
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(spec.body),
            length=len(spec.body),
            http_headers=_response_headers(spec),
            warc_headers_dict=warc_headers,
        )
    elif spec.type == "request":
        record = writer.create_warc_record(
            uri,
            "request",
            http_headers=_request_headers(spec.url or "http://localhost/"),
            warc_headers_dict=warc_headers,
        )
    elif spec.type in ("warcinfo", "metadata"):
        block = spec.body or _fields_block(spec.fields)
        record = writer.create_warc_record(
            uri,
            spec.type,
            payload=io.BytesIO(block),
            length=len(block),
            warc_content_type="application/warc-fields",
            warc_headers_dict=warc_headers,
        )
    else:
        record = writer.create_warc_record(
            uri,
            spec.type,
            payload=io.BytesIO(spec.body),
            length=len(spec.body),
            warc_content_type=spec.content_type or "application/octet-stream",
            warc_headers_dict=warc_headers,
        )
    if spec.type == "warcinfo":
        record.rec_headers.remove_header("WARC-Target-URI")
    writer.write_record(record)


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
    """The file content (``gzip``: one gzip member per record) and the byte
    offset at which each record starts."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip, warc_version=WARC_VERSION)
    offsets: list[int] = []
    for i, rec in enumerate(records):
        offsets.append(out.tell())
        _write_one(writer, _coerce(rec), i)
    return out.getvalue(), offsets


def write_warc(
    path: str | os.PathLike[str],
    records: Iterable[WarcRecordSpec | Mapping[str, Any]],
    gzip: bool = True,
) -> list[int]:
    """Write ``records`` as a WARC file (``gzip``: one gzip member per record).

    Records are :class:`WarcRecordSpec` (see :func:`response`, :func:`request`,
    :func:`warcinfo`, :func:`metadata`) or mappings with the same keys. Returns
    the start offset of each record in the file, which is what readers put in
    ``source`` as ``path#offset=N``.
    """
    data, offsets = warc_bytes(records, gzip=gzip)
    with open(path, "wb") as fh:
        fh.write(data)
    return offsets
