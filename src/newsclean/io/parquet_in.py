"""Parquet input: columns ``html`` or ``text``, optional ``url`` and ``id`` (other
names with ``InputKeys``: ``--html-key``...).

Read in small record batches so memory stays bounded by a batch, not by the
file. Locators are ``path#row=N`` (0-based row number in the file). A unit may
cover a byte range: it owns the row groups whose data starts inside it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.io.documents import error
from newsclean.io.ids import display_path
from newsclean.io.jsonl import DEFAULT_KEYS, document_from_object, missing_keys_message
from newsclean.options import InputKeys, Limits
from newsclean.record import Document

_BATCH_ROWS = 256


def row_group_offsets(meta: pq.FileMetaData) -> list[int]:
    """The byte offset where each row group's data starts."""
    out: list[int] = []
    for i in range(meta.num_row_groups):
        rg = meta.row_group(i)
        col = rg.column(0)
        first = col.dictionary_page_offset
        if first is None or first <= 0:
            first = col.data_page_offset
        out.append(int(first))
    return out


def read_parquet(
    path: str,
    limits: Limits,
    *,
    start: int = 0,
    end: int | None = None,
    name: str | None = None,
    keys: InputKeys = DEFAULT_KEYS,
) -> Iterator[Document]:
    base = display_path(name or path)
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException, ValueError):
        yield error(base, "malformed_input", message="not a readable Parquet file")
        return
    names = pf.schema_arrow.names
    wanted = {keys.id, keys.url, keys.html, keys.text}
    columns = [c for c in names if c in wanted]
    meta = pf.metadata
    offsets = row_group_offsets(meta)
    row = 0
    if keys.html not in names and keys.text not in names:
        # Every row is a document that cannot be read: one record each, saying why.
        message = missing_keys_message(list(names), keys)
        for i in range(meta.num_row_groups):
            n = meta.row_group(i).num_rows
            if start <= offsets[i] and (end is None or offsets[i] < end):
                for r in range(row, row + n):
                    yield error(f"{base}#row={r}", "malformed_input", message=message)
            row += n
        return
    for i in range(meta.num_row_groups):
        n = meta.row_group(i).num_rows
        if not (start <= offsets[i] and (end is None or offsets[i] < end)):
            row += n
            continue
        try:
            for batch in pf.iter_batches(batch_size=_BATCH_ROWS, row_groups=[i], columns=columns):
                for obj in batch.to_pylist():
                    yield document_from_object(obj, f"{base}#row={row}", limits, keys)
                    row += 1
        except (OSError, pa.ArrowException, ValueError):
            # A damaged row group: the rows not yet read each get an error record.
            end_row = sum(meta.row_group(j).num_rows for j in range(i + 1))
            while row < end_row:
                yield error(f"{base}#row={row}", "malformed_input")
                row += 1
