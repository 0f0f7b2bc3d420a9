"""Record writers, atomic (temporary name + rename): JSON Lines, Parquet, CSV,
plain text and Markdown, to one file, or one file per document (text, Markdown).

The one place records are written, by the CLI and by the pipeline's workers
alike. A writer writes to ``.<name>.tmp-<pid>-<random>`` in the destination's
directory and renames it to the final name on ``close()`` (after an fsync), so
a crash never leaves a half-written file under the final name; the temporary
name is hidden so that dataset loaders reading the directory skip it. Used as a
context manager, an exception aborts: the temporary file is removed and the
final name is untouched. Output to standard output is streamed instead.
JSON Lines, Parquet and CSV carry every field of the record
(``record.ARROW_SCHEMA``); text and Markdown carry the article of each ``ok``
record. A file name ending in ``.gz`` or ``.zst`` is compressed (not Parquet,
which compresses its own columns).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import secrets
import sys
from collections.abc import Iterator
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

import orjson
import zstandard

from newsclean.record import OK, Article, arrow_schema

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("jsonl", "parquet", "csv", "txt", "markdown")
"""``--format`` values."""

SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".csv": "csv",
    ".txt": "txt",
    ".md": "markdown",
    ".markdown": "markdown",
}
"""Output formats by file suffix (after any compression suffix)."""

COMPRESSION_SUFFIXES = {".gz": "gzip", ".zst": "zstd"}
DOCUMENT_SUFFIX = {"txt": ".txt", "markdown": ".md"}

ROW_GROUP_ROWS = 1000
"""Records buffered before a Parquet row group is written: bounds a writer's memory
(a record holds a page's text)."""


TEMP_GLOB = ".*.tmp-*"
"""What a writer's temporary files look like (``glob`` pattern), for clean-up."""


def temp_name(path: str) -> str:
    head, tail = os.path.split(path)
    return os.path.join(head, f".{tail}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


def fsync_dir(path: str) -> None:
    """Make a rename durable (kill -9 / power loss) by syncing the directory
    (POSIX; best effort elsewhere)."""
    try:
        fd = os.open(path or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _commit(tmp: str, path: str) -> None:
    os.replace(tmp, path)
    fsync_dir(os.path.dirname(os.path.abspath(path)))


class _Atomic:
    path: str | None
    _tmp: str | None
    closed: bool = False

    def write(self, article: Article) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def abort(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __enter__(self) -> _Atomic:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def compression_for(path: str) -> str | None:
    """``gzip``/``zstd`` when the file name says so (``out.jsonl.gz``), else None."""
    _, ext = os.path.splitext(path.lower())
    return COMPRESSION_SUFFIXES.get(ext)


def format_for(path: str) -> str | None:
    """The output format a file name asks for (``out.md.gz`` -> markdown), if any."""
    stem = path.lower()
    if compression_for(stem):
        stem = os.path.splitext(stem)[0]
    return SUFFIX_FORMATS.get(os.path.splitext(stem)[1])


class _StreamWriter(_Atomic):
    """Bytes to a file (compressed by its name) or to standard output."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = None if path is None or os.fspath(path) == "-" else os.fspath(path)
        self._tmp = None
        self.count = 0
        self._raw: IO[bytes]
        self._fh: IO[bytes]
        self._codec: Any = None
        if self.path is None:
            self._raw = self._fh = sys.stdout.buffer
            return
        self._tmp = temp_name(self.path)
        self._raw = open(self._tmp, "wb")  # noqa: SIM115 - closed by close()/abort()
        method = compression_for(self.path)
        if method == "gzip":
            # mtime 0: the same records give the same bytes.
            self._codec = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0)
        elif method == "zstd":
            self._codec = zstandard.ZstdCompressor().stream_writer(self._raw, closefd=False)
        self._fh = self._codec if self._codec is not None else self._raw

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._codec is not None:
            self._codec.close()
        self._raw.flush()
        if self._tmp is None or self.path is None:
            return
        os.fsync(self._raw.fileno())
        self._raw.close()
        _commit(self._tmp, self.path)

    def abort(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._tmp is None:
            self._raw.flush()
            return
        self._raw.close()
        if os.path.exists(self._tmp):
            os.unlink(self._tmp)


class JsonlWriter(_StreamWriter):
    """One JSON object per line; ``path`` None or ``-`` writes to standard output."""

    def write(self, article: Article) -> None:
        self._fh.write(orjson.dumps(article.to_dict()) + b"\n")
        self.count += 1

    def __enter__(self) -> JsonlWriter:
        return self


CSV_LIST_SEPARATOR = "; "
"""Authors in one CSV cell; ``removed`` (text and reason pairs) is a JSON array."""


class CsvWriter(_StreamWriter):
    """One row per record, a header row of the record's fields; authors joined by
    ``"; "``, removed lines as a JSON array, paywalled as true/false."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(path)
        self._text = io.TextIOWrapper(self._fh, encoding="utf-8", newline="", write_through=True)
        self._csv = csv.writer(self._text)
        self._csv.writerow(arrow_schema().names)

    def write(self, article: Article) -> None:
        row = article.to_dict()
        cells: list[Any] = []
        for name in arrow_schema().names:
            value = row.get(name)
            if name == "authors":
                value = CSV_LIST_SEPARATOR.join(value or [])
            elif name == "removed":
                value = orjson.dumps(value or []).decode()
            elif isinstance(value, bool):
                value = "true" if value else "false"
            cells.append("" if value is None else value)
        self._csv.writerow(cells)
        self.count += 1

    def close(self) -> None:
        if not self.closed:
            self._text.flush()
            self._text.detach()
        super().close()

    def __enter__(self) -> CsvWriter:
        return self


def document_text(article: Article, fmt: str) -> str | None:
    """What ``txt``/``markdown`` output holds for a record: the article of an ``ok``
    record (Markdown headed by its title), None for any other record."""
    if article.status != OK:
        return None
    if fmt == "markdown":
        body = article.markdown if article.markdown is not None else article.text
        if article.title and not body.lstrip().startswith("#"):
            return f"# {article.title}\n\n{body}"
        return body
    return article.text


class TextWriter(_StreamWriter):
    """The articles of ``ok`` records as plain text or Markdown, one after another
    (separated by a blank line; Markdown by a ``---`` rule); other records add nothing."""

    def __init__(self, path: str | os.PathLike[str] | None = None, fmt: str = "txt") -> None:
        super().__init__(path)
        self.fmt = fmt
        self.written = 0

    def write(self, article: Article) -> None:
        self.count += 1
        text = document_text(article, self.fmt)
        if text is None:
            return
        sep = "" if not self.written else ("\n---\n\n" if self.fmt == "markdown" else "\n")
        self._fh.write((sep + text.rstrip("\n") + "\n").encode("utf-8"))
        self.written += 1

    def __enter__(self) -> TextWriter:
        return self


class DocumentFilesWriter:
    """One text or Markdown file per ``ok`` record under ``out_dir``, each written
    atomically; ``write`` takes the record and the file name (relative, without
    suffix) chosen by the caller. A name already used in this run gets ``-2``,
    ``-3``... so no file is overwritten."""

    def __init__(self, out_dir: str, fmt: str = "txt") -> None:
        self.out_dir = out_dir
        self.fmt = fmt
        self.suffix = DOCUMENT_SUFFIX[fmt]
        self.count = 0
        self.written = 0
        self._used: set[str] = set()
        os.makedirs(out_dir, exist_ok=True)

    def write(self, article: Article, name: str) -> str | None:
        """The path written, or None for a record with no article."""
        self.count += 1
        text = document_text(article, self.fmt)
        if text is None:
            return None
        rel = name + self.suffix
        n = 1
        while rel in self._used:
            n += 1
            rel = f"{name}-{n}{self.suffix}"
        self._used.add(rel)
        path = os.path.join(self.out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = temp_name(path)
        with open(tmp, "wb") as fh:
            fh.write((text.rstrip("\n") + "\n").encode("utf-8"))
        os.replace(tmp, path)
        self.written += 1
        return path

    def close(self) -> None:
        fsync_dir(self.out_dir)

    def abort(self) -> None:
        """Files already written are complete; nothing half-written is left."""


class ParquetWriter(_Atomic):
    """Parquet in ``record.ARROW_SCHEMA``, in row groups of ``row_group_rows``."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        row_group_rows: int = ROW_GROUP_ROWS,
        compression: str = "zstd",
    ) -> None:
        self.path = os.fspath(path)
        parent = os.path.dirname(self.path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        self._tmp = temp_name(self.path)
        self._rows = row_group_rows
        self._buf: list[dict[str, Any]] = []
        self.count = 0
        # Arrow is imported by the writers that need it: JSON Lines, CSV and text output
        # (a one-page `extract`) should not wait for it.
        import pyarrow.parquet as pq

        self._schema = arrow_schema()
        self._writer = pq.ParquetWriter(self._tmp, self._schema, compression=compression)

    def write(self, article: Article) -> None:
        self._buf.append(article.to_dict())
        self.count += 1
        if len(self._buf) >= self._rows:
            self._flush()

    def write_table(self, table: pa.Table) -> None:
        """Append a table of records (any column order; cast to the schema)."""
        self._flush()
        self._writer.write_table(table.select(arrow_schema().names).cast(arrow_schema()))
        self.count += table.num_rows

    def bytes_written(self) -> int:
        """Bytes in the file so far (row groups already written out)."""
        assert self._tmp is not None
        try:
            return os.path.getsize(self._tmp)
        except OSError:
            return 0

    def _flush(self) -> None:
        if self._buf:
            import pyarrow as pa

            table = pa.Table.from_pylist(self._buf, schema=self._schema)
            self._writer.write_table(table, row_group_size=self._rows)
            self._buf = []

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._flush()
        self._writer.close()
        assert self._tmp is not None and self.path is not None
        with open(self._tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _commit(self._tmp, self.path)

    def abort(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self._writer.close()
        finally:
            if self._tmp is not None and os.path.exists(self._tmp):
                os.unlink(self._tmp)

    def __enter__(self) -> ParquetWriter:
        return self


RecordWriter = JsonlWriter | ParquetWriter | CsvWriter | TextWriter


def open_writer(path: str | None, fmt: str = "jsonl") -> RecordWriter:
    """The one-file writer for ``--format`` (path None or ``-``: standard output,
    except for Parquet)."""
    if fmt == "parquet":
        if path is None or path == "-":
            raise ValueError("Parquet output needs a file path (-o)")
        return ParquetWriter(path)
    if fmt == "jsonl":
        return JsonlWriter(path)
    if fmt == "csv":
        return CsvWriter(path)
    if fmt in DOCUMENT_SUFFIX:
        return TextWriter(path, fmt)
    raise ValueError(f"unknown format {fmt!r}")


def iter_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines or Parquet output file, as dicts, in file order."""
    p = os.fspath(path)
    if p.endswith(".parquet") or _is_parquet(p):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(p)
        for batch in pf.iter_batches(batch_size=1024):
            yield from batch.to_pylist()
        return
    with open(p, "rb") as raw:
        method = compression_for(p)
        fh: Any = raw
        if method == "gzip":
            fh = gzip.GzipFile(fileobj=raw)
        elif method == "zstd":
            fh = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def read_records(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """All records of a JSON Lines or Parquet output file (tests, small outputs)."""
    return list(iter_records(path))


def read_articles(path: str | os.PathLike[str]) -> list[Article]:
    return [Article.from_dict(d) for d in iter_records(path)]


def _is_parquet(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PAR1"
