"""Input units and documents: the one entry point the pipeline uses.

``list_units(paths)`` turns files and directories into :class:`InputUnit`s in
a deterministic order (arguments in the order given; a directory's files sorted
by relative path, recursively, hidden names skipped); ``read_unit(unit)``
yields the unit's Documents and can run in any worker process (a unit is a
small frozen, picklable value with no open handle). ``iter_documents(paths)``
is every unit in order. The kind comes from the suffix (``.gz``/``.zst`` on any
kind is decompressed); unknown suffixes are sniffed (HTML by content, else one
``skipped`` Document).

Locators (``Document.source``): ``path`` for one-document files,
``path#offset=N`` for WARC records, ``path#line=N`` (1-based) for JSON Lines,
``path#row=N`` (0-based) for Parquet, ``<stdin>...`` for standard input. Ids:
the input's own id (WARC-Record-ID, a JSON/Parquet ``id``) or a 64-bit hash of
the locator, so neither depends on how a file was split.

Splitting (``split_bytes``), so that several workers share one large file:

- uncompressed WARC: split at record boundaries found by walking the record
  headers (exact; a unit owns the records that start inside its range);
- .warc.gz: split into plain byte ranges; each unit starts at the first gzip
  member in its range that holds a WARC record (one record per member, the
  standard layout; a file that is one gzip stream ends up in the first unit);
- uncompressed JSON Lines: split at line starts, each unit knowing the number
  of its first line so locators and ids do not depend on the split;
- Parquet: byte ranges owning the row groups whose data starts inside them;
- everything else (HTML, text, .jsonl.gz/.zst, .warc.zst): one unit per file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsclean.io.compression import actual_compression
from newsclean.io.documents import error
from newsclean.io.fetch_dir import is_document_file, is_fetch_dir
from newsclean.io.html_files import read_html_file
from newsclean.io.ids import display_path
from newsclean.io.json_files import read_json_file
from newsclean.io.jsonl import DEFAULT_KEYS, read_jsonl
from newsclean.io.sniff import kind_for_name
from newsclean.io.stdin import NAME as STDIN_NAME
from newsclean.io.stdin import read_stdin
from newsclean.io.text_files import read_text_file
from newsclean.io.unknown_files import read_unknown_file
from newsclean.io.warc import read_warc
from newsclean.options import InputKeys, Limits
from newsclean.record import Document

__all__ = ["InputUnit", "iter_documents", "list_units", "read_stdin", "read_unit"]

STDIN = "-"
_CONTENT_LENGTH_RE = re.compile(rb"\r?\ncontent-length:[ \t]*(\d+)", re.I)
_MAX_WARC_HEADER = 64 * 1024
_COUNT_BLOCK = 4 * 1024 * 1024
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class InputUnit:
    """A file, or a byte range of one, that one worker reads.

    ``kind``: html, text, warc, jsonl, json, parquet, unknown or stdin.
    ``start``/``end`` are byte offsets in the (compressed) file; ``end`` None means
    to the end. ``first_line`` is the number of the first line in a JSON Lines
    range. ``name`` is the path as locators show it when it differs from the path
    opened (a resumed run opens the same file through another path than the one
    its records were first written with).
    """

    path: str
    kind: str
    start: int = 0
    end: int | None = None
    ordinal: int = 0
    compression: str | None = None
    first_line: int = 1
    name: str | None = None

    @property
    def display(self) -> str:
        """The path as locators show it."""
        return display_path(self.name or self.path) if self.path != STDIN else STDIN

    @property
    def key(self) -> str:
        """A stable name for the unit (manifests for resume)."""
        end = "" if self.end is None else str(self.end)
        return f"{self.display}@{self.start}-{end}"

    @property
    def size(self) -> int:
        """Bytes of the file this unit covers (0 when unknown: stdin, a vanished file)."""
        if self.path == STDIN:
            return 0
        try:
            total = os.path.getsize(self.path)
        except OSError:
            return 0
        return max(0, (total if self.end is None else min(self.end, total)) - self.start)


def _walk(root: str) -> list[str]:
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        # Hidden files and directories (.git, .DS_Store) are not corpus documents.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        fetched = is_fetch_dir(dirpath)
        for name in filenames:
            if name.startswith("."):
                continue
            if fetched and not is_document_file(name):
                continue  # a fetch's log, index and frontier describe its WARCs
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            found.append((tuple(rel.split(os.sep)), full))
    found.sort()
    return [full for _, full in found]


def _files(paths: Sequence[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
        elif os.path.isdir(p):
            out.extend(_walk(p))
        elif os.path.exists(p):
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return out


def list_units(paths: Sequence[str], *, split_bytes: int | None = None) -> list[InputUnit]:
    """The input units of ``paths`` in deterministic order (raises FileNotFoundError)."""
    units: list[InputUnit] = []
    for path in _files(paths):
        if path == STDIN:
            units.append(InputUnit(STDIN, "stdin", ordinal=len(units)))
            continue
        kind, compression = kind_for_name(os.path.basename(path))
        for start, end, first_line in _ranges(path, kind, compression, split_bytes):
            units.append(InputUnit(path, kind, start, end, len(units), compression, first_line))
    return units


def _ranges(
    path: str, kind: str, compression: str | None, split_bytes: int | None
) -> list[tuple[int, int | None, int]]:
    whole: list[tuple[int, int | None, int]] = [(0, None, 1)]
    if not split_bytes or split_bytes <= 0:
        return whole
    try:
        size = os.path.getsize(path)
    except OSError:
        return whole
    if size <= split_bytes:
        return whole
    try:
        with open(path, "rb") as fh:
            # Split by what the bytes are, not by what the name says.
            compression = actual_compression(fh, compression)
        if kind == "warc" and compression is None:
            return _spans(_warc_record_starts(path, split_bytes), size)
        if kind == "warc" and compression == "gzip":
            return _spans([(s, 1) for s in range(0, size, split_bytes)], size)
        if kind == "jsonl" and compression is None:
            return _spans(_jsonl_line_starts(path, split_bytes), size)
        if kind == "parquet" and compression is None:
            return _spans([(s, 1) for s in range(0, size, split_bytes)], size)
    except OSError:
        return whole
    return whole


def _spans(starts: list[tuple[int, int]], size: int) -> list[tuple[int, int | None, int]]:
    """[(start, first_line)] -> [(start, end, first_line)]; the last range is open."""
    starts = sorted(set(starts))
    out: list[tuple[int, int | None, int]] = []
    for i, (start, first_line) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else None
        out.append((start, end, first_line))
    return out or [(0, None, 1)]


def _warc_record_starts(path: str, split_bytes: int) -> list[tuple[int, int]]:
    """Record offsets nearest after each multiple of ``split_bytes`` (walking headers only)."""
    starts = [(0, 1)]
    next_cut = split_bytes
    pos = 0
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        while pos < size:
            fh.seek(pos)
            head = fh.read(_MAX_WARC_HEADER)
            lead = len(head) - len(head.lstrip(b"\r\n"))
            if not head[lead:].startswith(b"WARC/"):
                break  # damaged framing: the rest stays in the last unit
            hend = head.find(b"\r\n\r\n", lead)
            m = _CONTENT_LENGTH_RE.search(head, lead, hend) if hend >= 0 else None
            if m is None:
                break
            record = pos + lead
            if record >= next_cut:
                starts.append((record, 1))
                while next_cut <= record:
                    next_cut += split_bytes
            pos = record + (hend - lead) + 4 + int(m.group(1))
    return starts


def _jsonl_line_starts(path: str, split_bytes: int) -> list[tuple[int, int]]:
    """(offset, line number) of the first line starting at or after each cut."""
    starts = [(0, 1)]
    next_cut = split_bytes
    newlines = 0
    offset = 0
    with open(path, "rb") as fh:
        while block := fh.read(_COUNT_BLOCK):
            search_from = 0
            while True:
                # A line starts right after a newline at offset >= next_cut - 1.
                want = next_cut - 1 - offset
                if want >= len(block):
                    break
                i = block.find(b"\n", max(want, search_from))
                if i < 0:
                    break
                line_start = offset + i + 1
                starts.append((line_start, newlines + block.count(b"\n", 0, i + 1) + 1))
                while next_cut <= line_start:
                    next_cut += split_bytes
                search_from = i + 1
            newlines += block.count(b"\n")
            offset += len(block)
    size = offset
    return [(s, n) for s, n in starts if s < size]


def read_unit(
    unit: InputUnit, limits: Limits = DEFAULT_LIMITS, keys: InputKeys = DEFAULT_KEYS
) -> Iterator[Document]:
    """The Documents of one unit, in order. Never raises for bad input."""
    if unit.kind == "stdin":
        yield from read_stdin(limits, keys=keys)
        return
    produced = 0
    try:
        for doc in _dispatch(unit, limits, keys):
            produced += 1
            yield doc
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except Exception:
        # A reader bug or an I/O error mid-file: account for it with one record.
        locator = unit.display
        if unit.start or produced:
            locator = f"{locator}#unit={unit.start}+{produced}"
        yield error(locator, "exception")


def _dispatch(unit: InputUnit, limits: Limits, keys: InputKeys) -> Iterator[Document]:
    kind, path, comp, name = unit.kind, unit.path, unit.compression, unit.name
    if kind == "html":
        return read_html_file(path, limits, comp, name)
    if kind == "text":
        return read_text_file(path, limits, comp, name)
    if kind == "warc":
        return read_warc(path, limits, start=unit.start, end=unit.end, compression=comp, name=name)
    if kind == "jsonl":
        return read_jsonl(
            path, limits, start=unit.start, end=unit.end, first_line=unit.first_line,
            compression=comp, name=name, keys=keys,
        )  # fmt: skip
    if kind == "json":
        return read_json_file(path, limits, comp, name, keys)
    if kind == "parquet" and comp is None:
        # Arrow is imported when a Parquet input is read, not for every reader.
        from newsclean.io.parquet_in import read_parquet

        return read_parquet(path, limits, start=unit.start, end=unit.end, name=name, keys=keys)
    return read_unknown_file(path, limits, comp, name)


def iter_documents(
    paths: Sequence[str], limits: Limits = DEFAULT_LIMITS, keys: InputKeys = DEFAULT_KEYS
) -> Iterator[Document]:
    """Every Document of ``paths`` (``-`` is standard input), in input order."""
    for unit in list_units(paths):
        yield from read_unit(unit, limits, keys)


STDIN_LOCATOR = STDIN_NAME
