"""WARC/1.1 output through warcio: one gzip member per record, files rotated at a size.

Each file starts with a ``warcinfo`` record. A fetched page is written as its
redirect hops and its final answer, each a ``request`` + ``response`` pair,
then a ``metadata`` record (``application/warc-fields``) about the final
response: the outcome, where the URL came from (``via``), the date the feed or
sitemap gave it (``listed-date``) and the fetch duration. The records of one
URL never straddle two files.

The writer remembers where each response record starts and how long it is,
which is all a CDXJ line needs (cdxj.py), and the end of the file after the
last complete URL, which the frontier commits together with the outcomes
(frontier.py explains why).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from newsclean.fetch.cdxj import cdxj_line
from newsclean.fetch.client import Exchange
from newsclean.fetch.config import VERSION

SPOOL_IN_MEMORY = 1024 * 1024
FAST_PATH_BYTES = SPOOL_IN_MEMORY
COPY_CHUNK = 1024 * 1024
# Record creation only (ids, digests); every record is written by a writer of its own.
_BUILDER = WARCWriter(io.BytesIO(), gzip=False, warc_version="WARC/1.1")

WARC_GLOB_RE = re.compile(r".+-\d{14}-\d{2}-\d{5}\.warc\.gz$")


@dataclass(slots=True)
class Built:
    """A URL's records, serialised and compressed, waiting to be appended to a file."""

    spool: IO[bytes]
    responses: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    """(start in the spool, member length, CDXJ fields) of each response record."""


@dataclass(slots=True)
class Written:
    """Where the final response of a URL landed, and the CDXJ lines of its responses."""

    warc_file: str
    offset: int
    cdx: list[str]


class WarcSink:
    """The WARC files of one worker (partition)."""

    def __init__(
        self,
        out_dir: str,
        *,
        prefix: str,
        part: int,
        max_bytes: int,
        info: dict[str, str],
        gzip_level: int = 6,
    ) -> None:
        self.out_dir = out_dir
        self.gzip_level = gzip_level
        self.prefix = prefix
        self.part = part
        self.max_bytes = max_bytes
        self.info = info
        self.stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        self.seq = 0
        self.name: str | None = None
        self.fh: io.BufferedWriter | None = None
        self.writer: WARCWriter | None = None
        self.opened: list[tuple[str, int]] = []
        """Files opened since the last ``take_opened`` (name, end of warcinfo)."""

    def _path(self, name: str) -> str:
        return os.path.join(self.out_dir, name)

    def _open_next(self) -> None:
        self.close()
        while True:
            name = f"{self.prefix}-{self.stamp}-{self.part:02d}-{self.seq:05d}.warc.gz"
            self.seq += 1
            if not os.path.exists(self._path(name)):
                break
        fh = open(self._path(name), "xb")  # noqa: SIM115 - closed in close()
        writer = WARCWriter(fh, gzip=False, warc_version="WARC/1.1")
        fields = {
            "software": f"newsclean/{VERSION} (newsclean fetch; warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            **self.info,
        }
        self.name, self.fh, self.writer = name, fh, writer
        self._put(fh, writer.create_warcinfo_record(name, fields))
        fh.flush()
        self.opened.append((name, fh.tell()))

    def take_opened(self) -> list[tuple[str, int]]:
        out, self.opened = self.opened, []
        return out

    def position(self) -> tuple[str, int] | None:
        if self.fh is None or self.name is None:
            return None
        return self.name, self.fh.tell()

    def build(self, hops: list[Exchange], meta: dict[str, str]) -> Built:
        """Serialise the request/response pairs of ``hops`` (the last is the final answer)
        and the metadata record into gzip members in a spool.

        Compression and digests are most of the work of writing a WARC, and both
        release the GIL: the engine runs this in a thread, then ``append`` on its
        event loop.
        """
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        built = Built(spool)
        response_id = ""
        for ex in hops:
            response_id = self._build_pair(built, ex)
        if meta:
            self._build_metadata(built, hops[-1], response_id, meta)
        return built

    def append(self, built: Built) -> Written:
        """Copy a built group into the current file (rotating first if it is full)."""
        if self.fh is None or self.fh.tell() >= self.max_bytes:
            self._open_next()
        assert self.fh is not None and self.name is not None
        base = self.fh.tell()
        built.spool.seek(0)
        shutil.copyfileobj(built.spool, self.fh, COPY_CHUNK)
        built.spool.close()
        self.fh.flush()
        cdx = [
            cdxj_line(**fields, length=length, offset=base + start, filename=self.name)
            for start, length, fields in built.responses
        ]
        final_offset = base + built.responses[-1][0] if built.responses else base
        return Written(self.name, final_offset, cdx)

    def write(self, hops: list[Exchange], meta: dict[str, str]) -> Written:
        return self.append(self.build(hops, meta))

    def _build_pair(self, built: Built, ex: Exchange) -> str:
        date = datetime_to_iso_date(ex.fetched_at.replace(tzinfo=None), use_micros=True)
        extra = [("WARC-IP-Address", ex.ip)] if ex.ip else []
        head = _http_head(ex)
        # A body the server compressed does not compress again: the fastest level.
        encoded = (ex.header("Content-Encoding") or "identity").strip().lower() != "identity"
        level = 1 if encoded else self.gzip_level
        if ex.body_len <= FAST_PATH_BYTES:
            # Pages held in memory: fastwarc serialises, digests and compresses in
            # native code, several times faster than warcio for the same records.
            body = b""
            if ex.body is not None:
                ex.body.seek(0)
                body = ex.body.read()
            sha1 = hashlib.sha1(body).digest()
            digest = "sha1:" + base64.b32encode(sha1).decode("ascii")
            response_id = _new_id()
            request = _fast(
                WarcRecordType.request,
                ex.url,
                ex.request_head,
                date,
                [*extra, ("WARC-Concurrent-To", response_id)],
                "application/http; msgtype=request",
            )
            response = _fast(
                WarcRecordType.response,
                ex.url,
                head + body,
                date,
                extra,
                "application/http; msgtype=response",
                rid=response_id,
            )
            self._put_fast(built.spool, request, self.gzip_level)
            start = built.spool.tell()
            self._put_fast(built.spool, response, level, payload_sha1=sha1)
        else:
            # Larger bodies stream from their spool file through warcio.
            base = {"WARC-Date": date, **dict(extra)}
            http = StatusAndHeaders(
                f"{ex.status} {ex.reason}".strip(), ex.raw_headers, protocol=ex.version
            )
            payload = ex.body if ex.body is not None else io.BytesIO(b"")
            payload.seek(0)
            resp = _BUILDER.create_warc_record(
                ex.url, "response", payload=payload, length=ex.body_len, http_headers=http,
                warc_headers_dict=dict(base),
            )  # fmt: skip
            response_id = str(resp.rec_headers.get_header("WARC-Record-ID"))
            req = _BUILDER.create_warc_record(
                ex.url, "request", payload=io.BytesIO(ex.request_head),
                length=len(ex.request_head),
                warc_headers_dict={**base, "WARC-Concurrent-To": response_id},
            )  # fmt: skip
            self._put(built.spool, req)
            start = built.spool.tell()
            self._put(built.spool, resp, level=level)
            digest = str(resp.rec_headers.get_header("WARC-Payload-Digest"))
        fields = {
            "url": ex.url,
            "warc_date": date,
            "content_type": ex.header("Content-Type"),
            "status": str(ex.status),
            "digest": digest,
        }
        built.responses.append((start, built.spool.tell() - start, fields))
        return response_id

    def _build_metadata(
        self, built: Built, final: Exchange, response_id: str, meta: dict[str, str]
    ) -> None:
        body = "".join(f"{k}: {_one_line(v)}\r\n" for k, v in meta.items()).encode("utf-8")
        date = datetime_to_iso_date(final.fetched_at.replace(tzinfo=None), use_micros=True)
        rec = _fast(
            WarcRecordType.metadata,
            final.url,
            body,
            date,
            [("WARC-Concurrent-To", response_id)],
            "application/warc-fields",
        )
        self._put_fast(built.spool, rec, self.gzip_level)

    def _put_fast(
        self, out: IO[bytes], record: WarcRecord, level: int, payload_sha1: bytes | None = None
    ) -> None:
        """Write a fastwarc record into its own gzip member (block digest computed there)."""
        member = GzipWriter(out, compression_level=level)
        record.write(member, checksum_data=True, payload_digest=payload_sha1)
        member.finish()

    def _put(self, out: IO[bytes], record: ArcWarcRecord, level: int | None = None) -> None:
        """Serialise ``record`` with warcio into its own gzip member."""
        member = _Member(out, self.gzip_level if level is None else level)
        WARCWriter(member, gzip=False, warc_version="WARC/1.1").write_record(record)
        member.close()

    def close(self) -> None:
        if self.fh is not None:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
        self.fh = self.writer = None
        self.name = None


def _new_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _http_head(ex: Exchange) -> bytes:
    """Status line and headers as received (the names and values aiohttp read)."""
    lines = [f"{ex.version} {ex.status} {ex.reason}".rstrip()]
    lines += [f"{k}: {v}" for k, v in ex.raw_headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _fast(
    kind: WarcRecordType,
    url: str,
    content: bytes,
    date: str,
    extra: list[tuple[str, str]],
    content_type: str,
    rid: str | None = None,
) -> WarcRecord:
    rec = WarcRecord()
    record_id = rid or _new_id()
    rec.init_headers(kind, record_id[5:-1].encode("ascii"))  # fastwarc adds '<urn:' '>'
    rec.headers["WARC-Date"] = date
    rec.headers.append("WARC-Target-URI", url)
    for name, value in extra:
        rec.headers.append(name, value)
    rec.headers.append("Content-Type", content_type)
    rec.set_bytes_content(content)
    return rec


class _Member:
    """A gzip member around one record (warcio's own gzip writer is fixed at level 9,
    several times slower than level 6 for a few percent of size)."""

    def __init__(self, out: IO[bytes], level: int) -> None:
        self.out = out
        self.z = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> int:
        self.out.write(self.z.compress(data))
        return len(data)

    def flush(self) -> None:
        """warcio flushes after each record; the member is written whole by close()."""

    def close(self) -> None:
        self.out.write(self.z.flush())


def _one_line(value: str) -> str:
    return " ".join(value.split())


def repair(out_dir: str, committed: dict[str, int]) -> list[str]:
    """Cut every WARC file back to its committed end; drop files never committed.

    Returns what was done, one line per file touched (for the resume message).
    """
    done: list[str] = []
    for name in sorted(os.listdir(out_dir)):
        if not WARC_GLOB_RE.match(name):
            continue
        path = os.path.join(out_dir, name)
        end = committed.get(name)
        if end is None:
            os.remove(path)
            done.append(f"removed {name} (no URL of it was committed)")
            continue
        size = os.path.getsize(path)
        if size > end:
            with open(path, "r+b") as fh:
                fh.truncate(end)
            done.append(f"cut {name} from {size} to {end} bytes (uncommitted records)")
    return done
