"""Input units and documents for the pipeline: ``newsclean.io`` when present.

The readers belong to ``newsclean.io.readers``. Until it can be imported, a
small fallback (one unit per file, every contract input kind) keeps ``extract``
and ``run`` working; the fallback is never used once the real module imports.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from newsclean.options import Limits
from newsclean.pipeline.fallbacks import decode_bytes
from newsclean.record import ERROR, SKIPPED, Document


class Unit(Protocol):
    """What the pipeline needs from an input unit (``io.readers.InputUnit``)."""

    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def ordinal(self) -> int: ...


@dataclass(frozen=True, slots=True)
class FallbackUnit:
    path: str
    kind: str
    start: int = 0
    end: int | None = None
    ordinal: int = 0


_KINDS = (
    (".warc.gz", "warc"), (".warc", "warc"), (".jsonl.gz", "jsonl"), (".jsonl.zst", "jsonl"),
    (".jsonl", "jsonl"), (".parquet", "parquet"), (".html", "html"), (".htm", "html"),
    (".xhtml", "html"), (".txt", "text"),
)  # fmt: skip


def _kind(path: str) -> str:
    low = path.lower()
    return next((k for suffix, k in _KINDS if low.endswith(suffix)), "unknown")


def _walk(path: str) -> Iterator[str]:
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                yield os.path.join(root, name)
    else:
        yield path


def _fallback_list_units(paths: Sequence[str], split_bytes: int | None = None) -> list[Any]:
    files = [f for p in paths for f in _walk(p)]
    return [FallbackUnit(path=f, kind=_kind(f), ordinal=i) for i, f in enumerate(files)]


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096]


def _open(path: str) -> io.BufferedIOBase:
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.endswith(".zst"):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"))  # type: ignore[return-value]
    return open(path, "rb")


def _json_doc(obj: Any, doc_id: str, source: str) -> Document:
    if not isinstance(obj, dict):
        return Document(id=doc_id, source=source, status=ERROR, reason="malformed_input")
    did = str(obj.get("id") or doc_id)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str):
        return Document(id=did, source=source, url=url, html=html)
    if isinstance(text, str):
        return Document(id=did, source=source, url=url, text=text)
    return Document(id=did, source=source, url=url, status=ERROR, reason="malformed_input")


def _read_fallback(unit: Any, limits: Limits) -> Iterator[Document]:
    path, kind = unit.path, unit.kind
    base = f"{path}"
    try:
        if kind == "warc":
            yield from _read_warc(path, limits)
            return
        if kind == "parquet":
            import pyarrow.parquet as pq

            for i, row in enumerate(pq.read_table(path).to_pylist()):
                yield _json_doc(row, f"{base}:{i}", f"{base}#row={i}")
            return
        if kind == "jsonl":
            with _open(path) as fh:
                for i, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    src = f"{base}#line={i}"
                    try:
                        obj = orjson.loads(line)
                    except orjson.JSONDecodeError:
                        yield Document(id=f"{base}:{i}", source=src, status=ERROR,
                                       reason="malformed_input")  # fmt: skip
                        continue
                    yield _json_doc(obj, f"{base}:{i}", src)
            return
        with open(path, "rb") as fh:
            data = fh.read(limits.max_document_bytes + 1)
        if not data.strip():
            yield Document(id=base, source=base, status="empty", reason="empty_input")
        elif len(data) > limits.max_document_bytes:
            yield Document(id=base, source=base, status=SKIPPED, reason="too_large")
        elif _looks_binary(data) or kind == "unknown":
            yield Document(id=base, source=base, status=SKIPPED, reason="binary")
        elif kind == "html":
            yield Document(id=base, source=base, html=decode_bytes(data))
        else:
            yield Document(id=base, source=base, text=decode_bytes(data))
    except OSError:
        yield Document(id=base, source=base, status=ERROR, reason="malformed_input")


def _read_warc(path: str, limits: Limits) -> Iterator[Document]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            src = f"{path}#offset={rec.stream_pos}"
            url = rec.headers.get("WARC-Target-URI")
            ctype = (rec.http_headers.get("Content-Type") or "") if rec.http_headers else ""
            body = rec.reader.read(limits.max_document_bytes + 1)
            if "html" not in ctype.lower() and "text" not in ctype.lower():
                yield Document(id=src, source=src, url=url, status=SKIPPED,
                               reason="unsupported_content_type", content_type=ctype)  # fmt: skip
            elif len(body) > limits.max_document_bytes:
                yield Document(id=src, source=src, url=url, status=SKIPPED, reason="too_large")
            else:
                yield Document(id=src, source=src, url=url, html=decode_bytes(body))


def list_units(paths: Sequence[str], *, split_bytes: int | None = None) -> list[Any]:
    """Input units in input order (``io.readers.list_units`` when available)."""
    try:
        from newsclean.io.readers import list_units as real
    except Exception:
        return _fallback_list_units(paths, split_bytes)
    return list(real(paths, split_bytes=split_bytes))


def read_unit(unit: Any, limits: Limits) -> Iterator[Document]:
    """Documents of one unit (``io.readers.read_unit`` when available)."""
    if isinstance(unit, FallbackUnit):
        return _read_fallback(unit, limits)
    from newsclean.io.readers import read_unit as real

    return iter(real(unit, limits))


def read_stdin(limits: Limits) -> Iterator[Document]:
    """Documents from standard input (``io.readers.read_stdin`` when available)."""
    try:
        from newsclean.io.readers import read_stdin as real
    except Exception:
        data = sys.stdin.buffer.read()
        text = decode_bytes(data)
        head = text.lstrip()[:1]
        if head == "{":
            for i, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        yield _json_doc(orjson.loads(line), f"stdin:{i}", f"<stdin>#line={i}")
                    except orjson.JSONDecodeError:
                        yield Document(id=f"stdin:{i}", source=f"<stdin>#line={i}",
                                       status=ERROR, reason="malformed_input")  # fmt: skip
        elif not text.strip():
            yield Document(id="stdin", source="<stdin>", status="empty", reason="empty_input")
        elif head == "<":
            yield Document(id="stdin", source="<stdin>", html=text)
        else:
            yield Document(id="stdin", source="<stdin>", text=text)
        return
    yield from real(limits)
