"""Running a fetch in a test and reading what it wrote."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newsclean.fetch import FetchConfig, Seeds, fetch
from newsclean.fetch.run import Summary

# Fast settings for loopback sites: small delays, short timeouts, no DNS at all.
FAST = FetchConfig(
    out_dir="",
    per_host_delay=0.02,
    backoff=0.1,
    connect_timeout=2.0,
    read_timeout=1.0,
    total_timeout=3.0,
    resolve_only=True,
)


def run_fetch(
    out: Path,
    pages: list[str] | None = None,
    *,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    sites: list[str] | None = None,
    **cfg: Any,
) -> Summary:
    config = replace(FAST, out_dir=str(out), **cfg)
    return fetch(config, Seeds(pages or [], feeds or [], sitemaps or [], sites or []))


def log_rows(out: Path) -> list[dict[str, Any]]:
    return pq.read_table(out / "fetch-log.parquet").to_pylist()


def by_url(out: Path) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in log_rows(out)}


def warc_files(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.name.endswith(".warc.gz"))


def responses(out: Path) -> list[tuple[str, int, str]]:
    """(target URI, HTTP status, file name) of every response record, read with warcio."""
    from warcio.archiveiterator import ArchiveIterator

    found = []
    for path in warc_files(out):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    status = int(rec.http_headers.get_statuscode())
                    found.append((rec.rec_headers.get_header("WARC-Target-URI"), status, path.name))
    return found


def page_documents(out: Path) -> list[str]:
    """URLs of the 2xx responses (the documents) in the WARC files."""
    return [u for u, status, _ in responses(out) if 200 <= status < 300]


def exists(out: Path, name: str) -> bool:
    return os.path.exists(out / name)
