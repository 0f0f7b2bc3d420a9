"""``fetch-log.parquet``: one row per URL of the frontier with its outcome.

Columns: ``url``, ``final_url``, ``outcome`` (outcomes.py), ``reason``,
``http_status``, ``bytes`` (body as sent), ``fetched_at`` (UTC, ISO 8601),
``warc_file`` and ``warc_offset`` (of the final response record), and where the
URL came from: ``kind`` (page, feed, sitemap, site), ``via`` (the feed or
sitemap that listed it) and ``listed_date`` (the date the feed or sitemap gave).
Written from the frontier at the end of each fetch, atomically.
"""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.fetch.frontier import Frontier
from newsclean.io.fetch_dir import LOG_NAME

SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("outcome", pa.string()),
        ("reason", pa.string()),
        ("http_status", pa.int32()),
        ("bytes", pa.int64()),
        ("fetched_at", pa.string()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("kind", pa.string()),
        ("via", pa.string()),
        ("listed_date", pa.string()),
    ]
)


def write_log(out_dir: str, frontier: Frontier, *, pending_reason: str = "max_pages") -> str:
    path = os.path.join(out_dir, LOG_NAME)
    tmp = path + ".tmp"
    names = SCHEMA.names
    with pq.ParquetWriter(tmp, SCHEMA, compression="zstd") as writer:
        for batch in frontier.rows(pending_reason=pending_reason):
            cols = list(zip(*batch, strict=True))
            arrays = [pa.array(list(c), type=f.type) for c, f in zip(cols, SCHEMA, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, names=names))
    os.replace(tmp, path)
    return path
