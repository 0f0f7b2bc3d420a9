"""Parquet input: columns ``html`` or ``text``, optional ``url`` and ``id``.

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
from newsclean.io.jsonl import document_from_object
from newsclean.options import Limits
from newsclean.record import Document

_COLUMNS = ("id", "url", "html", "text")
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
    path: str, limits: Limits, *, start: int = 0, end: int | None = None
) -> Iterator[Document]:
    base = display_path(path)
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException, ValueError):
        yield error(base, "malformed_input")
        return
    names = set(pf.schema_arrow.names)
    columns = [c for c in _COLUMNS if c in names]
    if "html" not in names and "text" not in names:
        yield error(base, "malformed_input")
        return
    meta = pf.metadata
    offsets = row_group_offsets(meta)
    row = 0
    for i in range(meta.num_row_groups):
        n = meta.row_group(i).num_rows
        if not (start <= offsets[i] and (end is None or offsets[i] < end)):
            row += n
            continue
        try:
            for batch in pf.iter_batches(batch_size=_BATCH_ROWS, row_groups=[i], columns=columns):
                for obj in batch.to_pylist():
                    yield document_from_object(obj, f"{base}#row={row}", limits)
                    row += 1
        except (OSError, pa.ArrowException, ValueError):
            # A damaged row group: the rows not yet read each get an error record.
            end_row = sum(meta.row_group(j).num_rows for j in range(i + 1))
            while row < end_row:
                yield error(f"{base}#row={row}", "malformed_input")
                row += 1
