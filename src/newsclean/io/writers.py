"""Record writers: JSON Lines and Parquet, atomic (temporary name + rename).

The one place records are written, by the CLI and by the pipeline's workers
alike. A writer writes to ``.<name>.tmp-<pid>-<random>`` in the destination's
directory and renames it to the final name on ``close()`` (after an fsync), so
a crash never leaves a half-written file under the final name; the temporary
name is hidden so that dataset loaders reading the directory skip it. Used as a
context manager, an exception aborts: the temporary file is removed and the
final name is untouched. JSON Lines to standard output is streamed instead.
Both formats carry every field of the record (``record.ARROW_SCHEMA``).
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.record import ARROW_SCHEMA, Article

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


class JsonlWriter(_Atomic):
    """One JSON object per line; ``path`` None or ``-`` writes to standard output."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = None if path is None or os.fspath(path) == "-" else os.fspath(path)
        self._tmp = None
        self.count = 0
        self._fh: IO[bytes]
        if self.path is None:
            self._fh = sys.stdout.buffer
        else:
            self._tmp = temp_name(self.path)
            self._fh = open(self._tmp, "wb")  # noqa: SIM115 - closed by close()/abort()

    def write(self, article: Article) -> None:
        self._fh.write(orjson.dumps(article.to_dict()) + b"\n")
        self.count += 1

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._fh.flush()
        if self._tmp is None or self.path is None:
            return
        os.fsync(self._fh.fileno())
        self._fh.close()
        _commit(self._tmp, self.path)

    def abort(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._tmp is None:
            self._fh.flush()
            return
        self._fh.close()
        if os.path.exists(self._tmp):
            os.unlink(self._tmp)

    def __enter__(self) -> JsonlWriter:
        return self


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
        self._writer = pq.ParquetWriter(self._tmp, ARROW_SCHEMA, compression=compression)

    def write(self, article: Article) -> None:
        self._buf.append(article.to_dict())
        self.count += 1
        if len(self._buf) >= self._rows:
            self._flush()

    def write_table(self, table: pa.Table) -> None:
        """Append a table of records (any column order; cast to the schema)."""
        self._flush()
        self._writer.write_table(table.select(ARROW_SCHEMA.names).cast(ARROW_SCHEMA))
        self.count += table.num_rows

    def _flush(self) -> None:
        if self._buf:
            table = pa.Table.from_pylist(self._buf, schema=ARROW_SCHEMA)
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


def open_writer(path: str | None, fmt: str = "jsonl") -> JsonlWriter | ParquetWriter:
    """The writer for ``--format``: ``jsonl`` (path None = stdout) or ``parquet``."""
    if fmt == "parquet":
        if path is None or path == "-":
            raise ValueError("Parquet output needs a file path (-o)")
        return ParquetWriter(path)
    if fmt != "jsonl":
        raise ValueError(f"unknown format {fmt!r}")
    return JsonlWriter(path)


def iter_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines or Parquet output file, as dicts, in file order."""
    p = os.fspath(path)
    if p.endswith(".parquet") or _is_parquet(p):
        pf = pq.ParquetFile(p)
        for batch in pf.iter_batches(batch_size=1024):
            yield from batch.to_pylist()
        return
    with open(p, "rb") as fh:
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
