"""Record writers used by the CLI and the executors.

Every file appears under its final name only when complete: records stream to
``<name>.tmp-<pid>`` and are renamed at ``close()``; an interrupted writer
leaves only a temp file, which resume ignores and removes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from types import TracebackType
from typing import IO, Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.io.writers import fsync_dir
from newsclean.record import ARROW_SCHEMA, Article

BATCH_ROWS = 500
"""Records buffered before a Parquet row group is written: bounds memory per writer."""


def record_dict(art: Article) -> dict[str, Any]:
    """The record as a dict; ``markdown`` only when it was asked for."""
    d = art.to_dict()
    if d.get("markdown") is None:
        d.pop("markdown", None)
    return d


def articles_table(arts: Iterable[Article]) -> pa.Table:
    rows = [a.to_dict() for a in arts]
    return pa.Table.from_pylist(rows, schema=ARROW_SCHEMA)


def tmp_name(path: str) -> str:
    return f"{path}.tmp-{os.getpid()}"


class ParquetShardWriter:
    """Streams Articles into one Parquet file in ``ARROW_SCHEMA``, atomically."""

    def __init__(self, path: str, *, compression: str = "zstd") -> None:
        self.path = path
        self._tmp = tmp_name(path)
        parent = os.path.dirname(path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        self._writer = pq.ParquetWriter(self._tmp, ARROW_SCHEMA, compression=compression)
        self._buf: list[Article] = []
        self.rows = 0

    def write(self, art: Article) -> None:
        self._buf.append(art)
        if len(self._buf) >= BATCH_ROWS:
            self._flush()

    def write_table(self, table: pa.Table) -> None:
        self._flush()
        self._writer.write_table(table.cast(ARROW_SCHEMA))
        self.rows += table.num_rows

    def _flush(self) -> None:
        if self._buf:
            self._writer.write_table(articles_table(self._buf))
            self.rows += len(self._buf)
            self._buf = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        with open(self._tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self._tmp, self.path)
        fsync_dir(os.path.dirname(self.path))

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)

    def __enter__(self) -> ParquetShardWriter:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        if et is None:
            self.close()
        else:
            self.abort()


class JsonlRecordWriter:
    """JSON Lines to a file (atomic) or to standard output (streamed)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._tmp: str | None = None
        self._fh: IO[bytes]
        if path is None or path == "-":
            self._fh = sys.stdout.buffer
        else:
            self._tmp = tmp_name(path)
            self._fh = open(self._tmp, "wb")  # noqa: SIM115 - closed in close()/abort()

    def write(self, art: Article) -> None:
        self._fh.write(orjson.dumps(record_dict(art)) + b"\n")

    def close(self) -> None:
        if self._tmp is None:
            self._fh.flush()
            return
        self._fh.close()
        assert self.path is not None
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._tmp is not None:
            self._fh.close()
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)
