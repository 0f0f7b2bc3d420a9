"""Response times of `newsclean inspect` over a large synthetic run.

Writes N synthetic records (generated word salad, ~1.8 kB of text each, 10% not
ok, removal reasons, 30% in 3-record clusters, 5% paywalled, page types and
declared access with gaps) as zstd Parquet
shards with ARROW_SCHEMA, starts the real server on a free loopback port and
times the JSON API requests the pages make. There is no comparable tool to run
beside it, so the table has absolute times only. Run::

    .venv/bin/python benchmarks/inspect_scale.py [--records 2000000] [--dir DIR]

An existing DIR with the right record count is reused. Writes
benchmarks/results/inspect_scale.md; a run on fewer records than 2,000,000 (a
quick one) only prints its table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from common import publish

from newsclean.inspect.server import start
from newsclean.record import ARROW_SCHEMA

RECORDS = 2_000_000
PER_SHARD = 100_000
WORDS = np.array(
    [
        "council",
        "river",
        "budget",
        "school",
        "harbour",
        "bridge",
        "vote",
        "mayor",
        "report",
        "market",
        "weather",
        "festival",
        "hospital",
        "station",
        "farmers",
        "rainfall",
        "project",
        "residents",
        "library",
        "tender",
    ]
)
REASONS = ["share", "byline", "advertisement", "newsletter", "related", "paywall", "copyright"]
PAGE_TYPES = np.array(["article"] * 7 + ["listing", "forum", ""])
ACCESS = np.array(["free", "free", "metered", "subscription", "", ""])


def write_shards(out: Path, n: int) -> None:
    rng = np.random.default_rng(1)
    out.mkdir(parents=True, exist_ok=True)
    for s, base in enumerate(range(0, n, PER_SHARD)):
        per = min(PER_SHARD, n - base)
        pool = [" ".join(rng.choice(WORDS, 120)) for _ in range(2000)]
        status = np.where(rng.random(per) < 0.9, "ok", "empty")
        nrem = rng.integers(0, 4, per)
        g = [base + i for i in range(per)]
        table = pa.table(
            {
                "id": [f"r{i:08d}" for i in g],
                "source": [f"crawl-{s}.warc.gz:{i}" for i in range(per)],
                "url": [f"https://site{i % 500}.example/{i}" for i in g],
                "status": status.tolist(),
                "reason": [None if x == "ok" else "too_short" for x in status],
                "title": [f"Title {i} " + pool[i % 2000][:40] for i in g],
                "site_name": [f"Site {k}" for k in rng.integers(0, 500, per)],
                "authors": [[] for _ in range(per)],
                "date": ["2024-01-01"] * per,
                "language": rng.choice(np.array(["en", "fr", "de", "es"]), per).tolist(),
                "canonical_url": [None] * per,
                "text": [pool[i % 2000] + "\n\n" + pool[(i * 7) % 2000] for i in range(per)],
                "removed": [
                    [{"text": "Share this", "reason": REASONS[(i + j) % 7]} for j in range(nrem[i])]
                    for i in range(per)
                ],
                "paywalled": (rng.random(per) < 0.05).tolist(),
                "cluster_id": [f"c{i // 3}" if i % 10 < 3 else None for i in g],
                "duplicate_of": [None] * per,
                "markdown": [None] * per,
                "page_type": [x or None for x in rng.choice(PAGE_TYPES, per).tolist()],
                "access": [x or None for x in rng.choice(ACCESS, per).tolist()],
                "error": [None] * per,
            },
            schema=ARROW_SCHEMA,
        )
        pq.write_table(table, out / f"part-{s:06d}.parquet", compression="zstd")


REQUESTS = [
    ("first page", "/api/records?limit=50"),
    ("page at 75% offset", "/api/records?limit=50&offset={deep}"),
    ("status + language filter", "/api/records?limit=50&status=empty&language=de"),
    ("page type + access filter", "/api/records?limit=50&page_type=forum&access=none"),
    ("removal-reason filter", "/api/records?limit=50&reason=paywall"),
    ("in a duplicate cluster", "/api/records?limit=50&duplicate=yes"),
    ("sort by removed lines", "/api/records?limit=50&sort=removed&order=desc"),
    ("search title/site/URL (text=0)", "/api/records?limit=50&q=harbour%20bridge%20vote&text=0"),
    ("search incl. article text, page 1", "/api/records?limit=50&q=harbour%20bridge%20vote"),
    ("same search, page 2", "/api/records?limit=50&offset=50&q=harbour%20bridge%20vote"),
    ("sort by text length, first time", "/api/records?limit=50&sort=length&order=desc"),
    ("sort by text length, again", "/api/records?limit=50&sort=length"),
    ("one record by id", "/api/record/r{mid:08d}"),
    ("facets (filter menus)", "/api/facets"),
    ("dashboard statistics", "/api/stats"),
    ("dashboard statistics, page type filter", "/api/stats?page_type=article"),
    ("dashboard statistics, page type + access", "/api/stats?page_type=article&access=metered"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=RECORDS)
    ap.add_argument("--dir", default=None, help="where to write (or reuse) the shards")
    args = ap.parse_args()
    # the shards of a run without --dir are removed when it ends
    scratch = None if args.dir else tempfile.mkdtemp(prefix="inspect_scale_",
                                                     dir=os.environ.get("TMPDIR"))
    try:
        _measure(Path(args.dir or scratch), args.records)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _measure(out: Path, records: int) -> None:
    """Write (or reuse) ``records`` records in ``out``, time the requests, publish."""
    have = sum(pq.read_metadata(p).num_rows for p in out.glob("*.parquet")) if out.exists() else 0
    if have != records:
        for p in out.glob("*.parquet"):
            p.unlink()
        t = time.perf_counter()
        write_shards(out, records)
        print(f"wrote {records:,} records in {time.perf_counter() - t:.0f} s")
    size_mb = sum(p.stat().st_size for p in out.glob("*.parquet")) / 1e6
    load = os.getloadavg()[0]
    t = time.perf_counter()
    srv = start(str(out))
    rows = [("open the directory", time.perf_counter() - t, "")]
    try:
        for label, path in REQUESTS:
            path = path.format(deep=records * 3 // 4, mid=records // 2)
            t = time.perf_counter()
            with urllib.request.urlopen(srv.url.rstrip("/") + path, timeout=600) as resp:
                data = json.load(resp)
            rows.append((label, time.perf_counter() - t, f"{data.get('total', '')}"))
    finally:
        srv.close()
    lines = [
        "# newsclean inspect at scale (synthetic run)",
        "",
        f"`.venv/bin/python benchmarks/inspect_scale.py --records {records}`: "
        f"{records:,} records, {size_mb:.0f} MB of zstd Parquet in "
        f"{len(list(out.glob('*.parquet')))} shards; 2 DuckDB threads; "
        f"load average {load:.1f} when started (shared machine).",
        "",
        "| request | seconds | matching records |",
        "|---|---|---|",
        *[f"| {label} | {sec:.2f} | {total} |" for label, sec, total in rows],
    ]
    publish("inspect_scale", "\n".join(lines) + "\n", save=records >= RECORDS)


if __name__ == "__main__":
    main()
