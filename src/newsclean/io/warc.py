"""WARC / WARC.gz reader (fastwarc for record framing).

Every ``response`` record is one document: HTML responses carry ``html``
decoded with the HTTP charset, ``text/plain`` ones carry ``text``, other media
types give a ``skipped`` Document. ``request``, ``warcinfo``, ``metadata``,
``revisit`` and ``resource`` records give nothing.

Locators: ``path#offset=N`` where N is the byte offset of the record in the
file (for .warc.gz, of the gzip member that holds it: the offset CDX indexes
use). Records not at a member boundary of a compressed file (a .warc.gz that
is one gzip stream, a .warc.zst) use ``path#doffset=N``, N the offset in the
decompressed stream.

Damage: the last record before a cut, a decompression-limit stop or a parse
failure becomes one ``error`` Document (``truncated_input``,
``decompression_limit``, ``malformed_input``); every record before it is
yielded normally. Nothing raises.
"""

from __future__ import annotations

import io
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newsclean.io.compression import (
    CappedStream,
    TellingReader,
    actual_compression,
    open_capped,
)
from newsclean.io.decode import charset_from_content_type
from newsclean.io.documents import error, failed, from_bytes
from newsclean.io.http import parse_response, response_date
from newsclean.io.ids import display_path, own_id
from newsclean.io.sniff import SNIFF_BYTES, looks_binary
from newsclean.io.unknown_files import looks_like_html
from newsclean.options import Limits
from newsclean.record import SKIPPED, Document

_CONTENT_LENGTH_RE = re.compile(rb"\r?\ncontent-length:[ \t]*(\d+)", re.I)
_MAX_WARC_HEADER = 64 * 1024
_SCAN_BLOCK = 1024 * 1024


@cache
def _mimes() -> dict[str, frozenset[str]]:
    raw = resources.files("newsclean.io").joinpath("data/file_kinds.json").read_text("utf-8")
    data = json.loads(raw)
    return {k: frozenset(data[k]) for k in ("html_mimes", "text_mimes", "sniff_mimes")}


def payload_kind(mime: str | None, body: bytes) -> str:
    """'html', 'text', 'binary' or 'unsupported' for an HTTP payload."""
    tables = _mimes()
    m = (mime or "").lower()
    if m in tables["html_mimes"]:
        return "binary" if looks_binary(body[:SNIFF_BYTES]) else "html"
    if m in tables["text_mimes"]:
        if looks_like_html(body):
            return "html"  # servers label pages text/plain more often than the reverse
        return "binary" if looks_binary(body[:SNIFF_BYTES]) else "text"
    if m in tables["sniff_mimes"]:
        if looks_like_html(body):
            return "html"
        return "binary" if looks_binary(body[:SNIFF_BYTES]) else "unsupported"
    return "unsupported"


@dataclass(slots=True)
class _Held:
    doc: Document | None  # None for records that are not documents
    complete: bool
    pos: int  # stream position (decompressed for compressed input)
    locator: str
    doc_id: str | None
    url: str | None


def read_warc(
    path: str,
    limits: Limits,
    *,
    start: int = 0,
    end: int | None = None,
    compression: str | None = None,
    name: str | None = None,
) -> Iterator[Document]:
    """Documents of the records of ``path`` that start in ``[start, end)``; locators
    name the file ``name`` (default: ``path``)."""
    base = display_path(name or path)
    with open(path, "rb") as fh:
        if start == 0:
            compression = actual_compression(fh, compression)
        if compression == "gzip" and start > 0:
            found = find_gzip_member(fh, start, end)
            if found is None:
                return
            start = found
        fh.seek(start)
        if compression is None:
            yield from _records(fh, fh, base, limits, end, None)
        else:
            stream = open_capped(fh, compression, limits.max_decompressed_bytes, start=start)
            capped = stream.raw
            assert isinstance(capped, CappedStream)
            yield from _records(stream, fh, base, limits, end, capped)


def read_warc_stream(
    stream: BinaryIO, name: str, limits: Limits, capped: CappedStream | None = None
) -> Iterator[Document]:
    """Documents of a WARC stream (standard input); ``capped`` when it is decompressed."""
    telling: TellingReader | None = None
    if capped is None:
        telling = TellingReader(stream)
        stream = io.BufferedReader(telling)
    yield from _records(stream, None, name, limits, None, capped, telling)


def _offset(pos: int, capped: CappedStream | None) -> tuple[int, bool]:
    """(offset, is_file_offset) of a record at stream position ``pos``."""
    if capped is None:
        return pos, True
    exact = capped.member_starts.get(pos)
    if exact is not None:
        return exact, True
    return pos, False


def _owner_offset(pos: int, capped: CappedStream | None) -> int:
    """The file offset that decides which unit owns the record (member start)."""
    if capped is None:
        return pos
    return capped.member_at_or_before(pos)


def _records(
    stream: BinaryIO,
    fh: BinaryIO | None,
    base: str,
    limits: Limits,
    end: int | None,
    capped: CappedStream | None,
    telling: TellingReader | None = None,
) -> Iterator[Document]:
    held: _Held | None = None
    failure: str | None = None
    past_end = False  # stopped at a record the next unit owns
    try:
        it = ArchiveIterator(
            stream,
            record_types=WarcRecordType.any_type,
            parse_http=False,
            stream_detect=False,
        )
        for rec in it:
            pos = rec.stream_pos
            if end is not None and _owner_offset(pos, capped) >= end:
                past_end = True
                break
            current = _read_record(rec, pos, base, limits, capped)
            if capped is not None:
                capped.forget_before(pos)
            if held is not None:
                out = _flush(held, "malformed_input")
                if out is not None:
                    yield out
            held = current
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    # fastwarc raises OSError on damaged framing and, being Rust, may panic
    # (pyo3 PanicException derives from BaseException) on hostile bytes.
    except BaseException:
        failure = "malformed_input"
    if capped is not None and capped.failed:
        failure = capped.failure
    cut_at: int | None = None
    if failure is None and capped is None and fh is not None and end is None:
        cut_at, held_cut = _plain_tail(fh, held)
        if held_cut and held is not None:
            held.complete = False
        if cut_at is not None or held_cut:
            failure = "truncated_input"
    if failure is None and held is not None and not held.complete:
        failure = "truncated_input"  # the stream ended inside the last record
    watcher = capped if capped is not None else telling
    if held is None and failure is None and not past_end and watcher is not None:
        # fastwarc parsed nothing and said nothing from input that was not blank
        # (a safety net: today it hands out a headerless record instead, above).
        failure = "truncated_input" if watcher.seen_nonblank else None
    if held is not None:
        if failure is not None and not held.complete:
            yield error(held.locator, failure, doc_id=held.doc_id, url=held.url)
            return
        if (
            failure is not None
            and capped is not None
            and not capped.cut_between_members
            and not _later_member(held, capped)
        ):
            # The record's member never ended: this record is the one that was cut.
            yield error(held.locator, failure, doc_id=held.doc_id, url=held.url)
            return
        out = _flush(held, "truncated_input")
        if out is not None:
            yield out
    if failure is not None:
        if capped is not None:
            cut_at = capped.last_member_start
        elif cut_at is None:
            cut_at = held.pos if held is not None else 0
        yield error(f"{base}#offset={cut_at}", failure)


def _later_member(held: _Held, capped: CappedStream) -> bool:
    return bool(capped.member_list) and capped.member_list[-1][0] > held.pos


def _flush(held: _Held, reason: str) -> Document | None:
    if held.complete:
        return held.doc
    if held.doc is None:
        return None
    return error(held.locator, reason, doc_id=held.doc_id, url=held.url)


def _plain_tail(fh: BinaryIO, held: _Held | None) -> tuple[int | None, bool]:
    """For an uncompressed WARC read to the end: (offset of trailing damage, last record cut)."""
    size = os.fstat(fh.fileno()).st_size
    if held is None:
        fh.seek(0)
        return (0, False) if fh.read(64).strip() else (None, False)
    fh.seek(held.pos)
    head = fh.read(_MAX_WARC_HEADER)
    hend = head.find(b"\r\n\r\n")
    m = _CONTENT_LENGTH_RE.search(head, 0, hend if hend >= 0 else len(head))
    if hend < 0 or m is None:
        return None, True
    record_end = held.pos + hend + 4 + int(m.group(1))
    if record_end > size:
        return None, True
    fh.seek(record_end)
    rest = fh.read(4096)
    if rest.strip():
        return record_end + (len(rest) - len(rest.lstrip())), False
    return None, False


def _read_record(
    rec: WarcRecord, pos: int, base: str, limits: Limits, capped: CappedStream | None
) -> _Held:
    offset, is_file = _offset(pos, capped)
    locator = f"{base}#offset={offset}" if is_file else f"{base}#doffset={offset}"
    headers = rec.headers
    url = _clean_uri(headers.get("WARC-Target-URI"))
    doc_id = own_id((headers.get("WARC-Record-ID") or "").strip().strip("<>"))
    length = rec.content_length
    if not _length_ok(headers.get("Content-Length"), length):
        # Content-Length is mandatory: fastwarc hands out a headerless record
        # when the header block never ended (cut, or not WARC after the version),
        # and length 0 for a value it cannot parse (an overflowing number).
        doc = error(locator, "malformed_input", doc_id=doc_id, url=url)
        return _Held(doc, False, pos, locator, doc_id, url)
    if rec.record_type != WarcRecordType.response:
        # Only the framing matters: consume without keeping the bytes.
        complete = rec.reader.consume(-1) >= length
        if complete and not (headers.get("WARC-Type") or "").strip():
            # WARC-Type is mandatory too: a whole record without one is damage that
            # framed like a record ("WARC/0." and a header of NULs), not one to skip
            # (a cut one is reported as cut, below).
            return _Held(error(locator, "malformed_input", doc_id=doc_id, url=url), True,
                         pos, locator, doc_id, url)
        return _Held(None, complete, pos, locator, doc_id, url)
    if length > limits.max_document_bytes:
        consumed = rec.reader.consume(-1)
        doc = failed(locator, SKIPPED, "too_large", doc_id=doc_id, url=url)
        return _Held(doc, consumed >= length, pos, locator, doc_id, url)
    block = rec.reader.read(-1)
    complete = len(block) >= length
    msg = parse_response(block, max_body=limits.max_document_bytes)
    if msg.is_redirect:
        # A redirect hop: the document is the response of its target.
        return _Held(None, complete, pos, locator, doc_id, url)
    date_hint = response_date(msg.headers)
    ctype = msg.content_type
    if len(msg.body) > limits.max_document_bytes:
        doc = failed(locator, SKIPPED, "too_large", doc_id=doc_id, url=url, date_hint=date_hint)
        return _Held(doc, complete, pos, locator, doc_id, url)
    if not msg.body.strip():
        doc = from_bytes(b"", locator, as_text=False, doc_id=doc_id, url=url, date_hint=date_hint)
        return _Held(doc, complete, pos, locator, doc_id, url)
    kind = payload_kind(msg.mime, msg.body)
    if kind in ("html", "text"):
        doc = from_bytes(
            msg.body,
            locator,
            as_text=kind == "text",
            doc_id=doc_id,
            url=url,
            charset=charset_from_content_type(ctype),
            content_type=ctype,
            date_hint=date_hint,
        )
    else:
        reason = "binary" if kind == "binary" else "unsupported_content_type"
        doc = failed(
            locator,
            SKIPPED,
            reason,
            doc_id=doc_id,
            url=url,
            content_type=ctype,
            date_hint=date_hint,
        )
    return _Held(doc, complete, pos, locator, doc_id, url)


def _length_ok(value: str | None, length: int) -> bool:
    if value is None:
        return False
    value = value.strip().lstrip("+")
    # The length check first: int() refuses strings of thousands of digits.
    return len(value) <= 20 and value.isascii() and value.isdigit() and int(value) == length


def _clean_uri(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):  # WARC 1.1 allows <uri>
        value = value[1:-1]
    return value or None


def find_gzip_member(fh: BinaryIO, start: int, end: int | None) -> int | None:
    """The first offset in ``[start, end)`` where a gzip member holding a WARC record starts.

    Candidates are gzip headers (1f 8b 08) that decompress to ``WARC/``; a false
    match would need compressed bytes that both look like a gzip header and
    inflate to a WARC header, which does not happen in practice.
    """
    pos = start
    while end is None or pos < end:
        fh.seek(pos)
        block = fh.read(_SCAN_BLOCK + 2)
        if len(block) < 3:
            return None
        i = block.find(b"\x1f\x8b\x08")
        while 0 <= i < _SCAN_BLOCK:
            cand = pos + i
            if end is not None and cand >= end:
                return None
            if _is_warc_member(fh, cand):
                return cand
            i = block.find(b"\x1f\x8b\x08", i + 1)
        pos += _SCAN_BLOCK
    return None


def _is_warc_member(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    try:
        head = zlib.decompressobj(wbits=31).decompress(fh.read(4096), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")
