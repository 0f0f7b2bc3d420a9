"""Fixture builders for tests: real pages, WARC, gzip, zstd, JSON Lines, Parquet.

Other areas' tests may import these (``from helpers_io import ...``). Pages are
written here, never copied from the dev data.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from newsclean.io.warc_write import (
    WarcRecordSpec,
    metadata,
    request,
    response,
    warc_bytes,
    warcinfo,
    write_warc,
)

__all__ = [
    "PNG_BYTES",
    "WarcRecordSpec",
    "article_page",
    "make_mixed_dir",
    "metadata",
    "request",
    "response",
    "warc_bytes",
    "warcinfo",
    "write_gzip",
    "write_jsonl",
    "write_parquet",
    "write_warc",
    "write_zstd",
]

# A real 1x1 PNG: signature, IHDR, IDAT, IEND.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def article_page(
    title: str = "Harbour council approves new ferry timetable",
    paragraphs: Sequence[str] = (
        "The harbour council voted on Tuesday to approve a new ferry timetable that "
        "adds three early crossings on weekdays.",
        "Commuters had asked for the change for two years, the council's transport "
        "officer said, and the first new sailing leaves at half past five.",
        "The operator will hire four additional crew members before the summer season.",
    ),
    *,
    charset: str | None = "utf-8",
    site: str = "Coastline Gazette",
    author: str = "Mara Lindqvist",
) -> str:
    """A small, realistic news article page (HTML string)."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head>{meta}<title>{title} | {site}</title>'
        f'<meta property="og:site_name" content="{site}"></head><body>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f'<article><h1>{title}</h1><p class="byline">By {author}</p>{body}</article>'
        f"<footer>&copy; 2024 {site}</footer></body></html>"
    )


def write_gzip(path: str | os.PathLike[str], data: bytes, *, members: int = 1) -> None:
    """gzip ``data`` into ``path`` (optionally as several members)."""
    step = max(1, -(-len(data) // members))
    with open(path, "wb") as fh:
        for i in range(0, max(len(data), 1), step):
            fh.write(gzip.compress(data[i : i + step], mtime=0))


def write_zstd(path: str | os.PathLike[str], data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(zstandard.ZstdCompressor().compress(data))


def jsonl_bytes(rows: Iterable[Mapping[str, Any] | bytes]) -> bytes:
    """JSON Lines; a ``bytes`` row is written verbatim (malformed or blank lines)."""
    out = bytearray()
    for row in rows:
        out += row if isinstance(row, bytes) else orjson.dumps(row) + b"\n"
    return bytes(out)


def write_jsonl(
    path: str | os.PathLike[str],
    rows: Iterable[Mapping[str, Any] | bytes],
    *,
    compression: str | None = None,
) -> None:
    data = jsonl_bytes(rows)
    if compression == "gzip":
        write_gzip(path, data)
    elif compression == "zstd":
        write_zstd(path, data)
    else:
        Path(path).write_bytes(data)


def write_parquet(
    path: str | os.PathLike[str], rows: Sequence[Mapping[str, Any]], *, row_group_size: int = 1024
) -> None:
    pq.write_table(pa.Table.from_pylist(list(rows)), path, row_group_size=row_group_size)


def make_mixed_dir(root: str | os.PathLike[str]) -> dict[str, int]:
    """A directory mixing every input kind (issue 2, item 8).

    Returns the expected number of records: all documents, those the reader
    leaves undecided (status None) and the pre-decided ones by status.
    """
    base = Path(root)
    base.mkdir(parents=True, exist_ok=True)
    (base / "sub").mkdir(exist_ok=True)
    (base / "article.html").write_text(article_page(), encoding="utf-8")
    (base / "sub" / "notes.txt").write_text(
        "Harbour council approves new ferry timetable\n\nThe council voted on Tuesday.\n",
        encoding="utf-8",
    )
    write_warc(
        base / "crawl.warc.gz",
        [
            warcinfo(),
            request("https://news.example.org/ferry"),
            response("https://news.example.org/ferry", article_page()),
            metadata("https://news.example.org/ferry"),
            request("https://news.example.org/logo.png"),
            response("https://news.example.org/logo.png", PNG_BYTES, "image/png"),
        ],
    )
    write_jsonl(
        base / "feed.jsonl",
        [
            {"id": "feed-1", "url": "https://news.example.org/a", "html": article_page()},
            b"{this is not json\n",
            b"\n",
            {"text": "Already extracted text about the ferry timetable.\n\nSecond paragraph."},
        ],
    )
    (base / "empty.html").write_bytes(b"")
    (base / "image.html").write_bytes(PNG_BYTES * 4)
    return {"documents": 9, "reader_ok": 5, "error": 1, "empty": 1, "skipped": 2}
