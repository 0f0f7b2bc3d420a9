"""Read a record's input document back from its ``source`` locator.

Locators are what the readers wrote (``newsclean.io.readers``): ``path`` for a
one-document file, ``path#offset=N`` for a WARC record, ``path#line=N`` for a
JSON Lines line, ``path#row=N`` for a Parquet row, ``path#item=N`` for an item
of a JSON array, ``path#doffset=N`` for a record of a compressed stream. The
document is read with the same readers and limits as in the run, starting as
close to it as the format allows (the WARC record's offset, the JSON Lines
line's byte offset, the Parquet row group), so the HTML shown is the HTML the
run extracted from, decoded the same way.

Relative paths are relative to the directory the run was started in; they are
looked up under each root given (``--source-root``, the run's recorded working
directory, the current directory) in that order.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.io.compression import actual_compression
from newsclean.io.ids import display_path, stable_id
from newsclean.io.parquet_in import row_group_offsets
from newsclean.io.readers import InputUnit, read_unit
from newsclean.io.sniff import kind_for_name
from newsclean.options import Limits
from newsclean.record import STATUS_REASONS, Document

_FRAGMENT: Final = re.compile(
    r"^(?P<path>.+)#(?P<kind>offset|doffset|line|row|item|unit)=(?P<n>[0-9+]+)$"
)
_SCAN_BLOCK: Final = 4 * 1024 * 1024
MAX_RAW: Final = 64 * 1024


@dataclass(frozen=True)
class Locator:
    """A parsed ``source``: the input path and the position of the document in it."""

    path: str
    kind: str | None = None  # offset | doffset | line | row | item | unit; None: whole file
    number: int = 0

    @property
    def fragment(self) -> str:
        return "" if self.kind is None else f"#{self.kind}={self.number}"


def parse_locator(source: str) -> Locator | None:
    """The locator of ``source``; None for documents that came from no file."""
    if not source or source.startswith("<"):  # <stdin>, <api>
        return None
    m = _FRAGMENT.match(source)
    if m is None:
        return Locator(source)
    number = m.group("n").split("+")[0]
    return Locator(m.group("path"), m.group("kind"), int(number or 0))


@dataclass
class Source:
    """A record's input document as read back now, or why it cannot be."""

    source: str
    available: bool = False
    message: str = ""
    path: str | None = None  # the file that was read
    tried: list[str] = field(default_factory=list)
    document: Document | None = None
    note: str = ""  # a caveat about a document that was found
    raw: str | None = None  # the input line of a JSON Lines document the reader refused

    @property
    def kind(self) -> str | None:
        doc = self.document
        if doc is None:
            return None
        return "html" if doc.html is not None else ("text" if doc.text is not None else None)


def candidates(path: str, roots: Sequence[str]) -> list[str]:
    """Where a locator's path may be now, most likely first."""
    if os.path.isabs(path):
        return [path]
    out: list[str] = []
    for root in roots:
        full = os.path.normpath(os.path.join(root, path))
        if full not in out:
            out.append(full)
    return out


def _kind(path: str) -> tuple[str, str | None]:
    kind, compression = kind_for_name(os.path.basename(path))
    with open(path, "rb") as fh:
        return kind, actual_compression(fh, compression)


def _line_start(path: str, line: int) -> int | None:
    """The byte offset of 1-based ``line`` in an uncompressed file."""
    newlines_before = line - 1
    seen = offset = 0
    with open(path, "rb") as fh:
        while newlines_before > 0 and (block := fh.read(_SCAN_BLOCK)):
            count = block.count(b"\n")
            if seen + count < newlines_before:
                seen += count
                offset += len(block)
                continue
            at = -1
            for _ in range(newlines_before - seen):
                at = block.index(b"\n", at + 1)
            return offset + at + 1
    return 0 if newlines_before == 0 else None


def _raw_line(path: str, line: int) -> str | None:
    """The text of 1-based ``line`` of an uncompressed file (its first MAX_RAW bytes)."""
    start = _line_start(path, line)
    if start is None:
        return None
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(MAX_RAW)
    return data.split(b"\n", 1)[0].decode("utf-8", "replace")


def _row_group_start(path: str, row: int) -> int | None:
    meta = pq.ParquetFile(path).metadata
    offsets = row_group_offsets(meta)
    first = 0
    for i in range(meta.num_row_groups):
        n = meta.row_group(i).num_rows
        if first <= row < first + n:
            return offsets[i]
        first += n
    return None


def _unit(path: str, loc: Locator) -> InputUnit:
    """The smallest input unit that holds the document at ``loc``."""
    kind, compression = _kind(path)
    whole = InputUnit(path, kind, compression=compression)
    start: int | None = None
    first_line = 1
    if loc.kind == "offset" and kind == "warc":
        start = loc.number
    elif loc.kind == "line" and kind == "jsonl" and compression is None:
        start, first_line = _line_start(path, loc.number), loc.number
    elif loc.kind == "row" and kind == "parquet" and compression is None:
        start = _row_group_start(path, loc.number)
    if start is None or start == 0:
        return whole
    return InputUnit(path, kind, start, start + 1, 0, compression, first_line)


def _documents(path: str, loc: Locator, limits: Limits) -> Iterator[Document]:
    for doc in read_unit(_unit(path, loc), limits):
        fragment = doc.source[len(display_path(path)) :]
        if fragment == loc.fragment:
            yield doc
            return


def _same_document(doc: Document, record_id: str, record_url: str | None, source: str) -> bool:
    if record_url and doc.url and doc.url != record_url:
        return False
    if doc.id == stable_id(doc.source):
        # No id of its own: the record's id is the hash of the locator as the
        # run wrote it (the path may differ now, under another root).
        return record_id == stable_id(source)
    return doc.id == record_id


def read_source(
    source: str,
    record_id: str,
    record_url: str | None,
    roots: Sequence[str],
    limits: Limits,
) -> Source:
    """The input document of a record, read back from ``source``."""
    out = Source(source)
    loc = parse_locator(source)
    if loc is None:
        out.message = (
            f"this record came from {source or 'no file'} (not a file), so its input was not kept"
        )
        return out
    if loc.kind == "unit":
        out.message = (
            f"this record stands for a part of {loc.path} that could not be read at all, "
            "not for one document in it"
        )
        return out
    out.tried = candidates(loc.path, roots)
    path = next((p for p in out.tried if os.path.isfile(p)), None)
    if path is None:
        where = ", ".join(out.tried) or loc.path
        out.message = (
            f"the input file {loc.path} is no longer there (looked for {where}); "
            "start `newsclean inspect` with --source-root DIR, DIR being the directory "
            "`newsclean run` was started in"
        )
        return out
    out.path = path
    try:
        doc = next(_documents(path, loc, limits), None)
    except (OSError, ValueError, pa.ArrowException) as exc:
        out.message = f"{path} could not be read: {exc}"
        return out
    if doc is None:
        out.message = f"{path} no longer holds a document at {loc.fragment[1:] or 'its start'}"
        return out
    out.document = doc
    if doc.status is not None:
        explained = STATUS_REASONS.get(doc.reason or "", doc.reason or "")
        if doc.content_type:
            explained += f"; its content type is {doc.content_type}"
        out.message = (
            f"the reader gives no page for this document ({doc.status}, {doc.reason}: {explained})"
        )
        if loc.kind == "line" and _kind(path) == ("jsonl", None):
            out.raw = _raw_line(path, loc.number)
        return out
    out.available = True
    if not _same_document(doc, record_id, record_url, source):
        out.note = (
            f"{path} has changed since the run: the document found there is not the one "
            "this record was made from"
        )
    return out
