"""Time and peak memory of the corpus-level dedup step at growing corpus sizes.

Signatures are synthetic (random MinHash signatures; 10% of the documents are
copies of another with 15% of their signature re-drawn, i.e. Jaccard ~0.85;
2% are exact copies), which exercises exactly what runs at corpus level:
inserting worker features into DuckDB, banding, candidate verification,
union-find and original selection. Each size runs in a fresh subprocess so the
peak RSS (which includes DuckDB's memory) is per size. Run::

    .venv/bin/python benchmarks/dedup_scaling.py [--sizes 100000 1000000]

Writes benchmarks/results/dedup_scaling.md; a run whose ``--sizes`` leave out
100,000 or 1,000,000 (a quick one) only prints its table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
from common import publish

SIZES = (100_000, 1_000_000)


def one_size(n: int, threads: int, memory_limit: str) -> dict[str, float]:
    from newsclean.dedup.clusters import FEATURES_SCHEMA, DedupIndex, DedupParams
    from newsclean.dedup.minhash import NUM_PERM

    rng = np.random.default_rng(1)
    params = DedupParams(threads=threads, memory_limit=memory_limit)
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        db = os.path.join(tmp, "dedup.duckdb")
        idx = DedupIndex(db, params)
        t0 = time.perf_counter()
        batch = 50_000
        for start in range(0, n, batch):
            m = min(batch, n - start)
            sigs = rng.integers(0, 2**32, size=(m, NUM_PERM), dtype=np.uint32)
            keys = rng.integers(-(2**63), 2**63 - 1, size=m, dtype=np.int64)
            src = rng.integers(0, m, size=m)
            near = rng.random(m) < 0.10
            exact = (rng.random(m) < 0.02) & ~near & (src != np.arange(m))
            redraw = rng.random((m, NUM_PERM)) < 0.15
            noise = rng.integers(0, 2**32, size=(m, NUM_PERM), dtype=np.uint32)
            sigs[near] = np.where(redraw[near], noise[near], sigs[src[near]])
            sigs[exact] = sigs[src[exact]]
            keys[exact] = keys[src[exact]]
            days = rng.integers(1, 28, size=m)
            table = pa.table(
                {
                    "id": [f"d{start + i}" for i in range(m)],
                    "exact_key": keys,
                    "prefix_key": rng.integers(-(2**63), 2**63 - 1, size=m, dtype=np.int64),
                    "n_tokens": rng.integers(100, 2000, size=m).astype(np.int32),
                    "n_shingles": rng.integers(100, 2000, size=m).astype(np.int32),
                    "signature": [s.tobytes() for s in sigs],
                    "date": [f"2024-01-{d:02d}" for d in days],
                    "url": [f"https://s{i % 997}.example/{start + i}" for i in range(m)],
                    "canonical_url": [None] * m,
                },
                schema=FEATURES_SCHEMA,
            )
            idx.add_table(table)
        t_add = time.perf_counter() - t0
        t1 = time.perf_counter()
        stats = idx.resolve()
        t_resolve = time.perf_counter() - t1
        idx.close()
        disk = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "add_s": t_add,
        "resolve_s": t_resolve,
        "peak_mb": peak,
        "disk_mb": disk / 2**20,
        "clusters": stats.clusters,
        "duplicates": stats.duplicates,
        "candidates": stats.candidate_pairs,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory-limit", default="2GB")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(one_size(args.child, args.threads, args.memory_limit)))
        return 0
    rows = []
    for n in args.sizes:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(n),
                "--threads",
                str(args.threads),
                "--memory-limit",
                args.memory_limit,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    lines = [
        "| documents | add s | resolve s | total s | docs/s | peak RSS MB | disk MB | clusters "
        "| duplicates | candidate pairs |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        tot = r["add_s"] + r["resolve_s"]
        lines.append(
            f"| {r['n']:,} | {r['add_s']:.1f} | {r['resolve_s']:.1f} | {tot:.1f} | "
            f"{r['n'] / tot:,.0f} | {r['peak_mb']:.0f} | {r['disk_mb']:.0f} | {r['clusters']:,} "
            f"| {r['duplicates']:,} | {r['candidates']:,} |"
        )
    text = "\n".join(lines) + "\n"
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        ta, tb = a["add_s"] + a["resolve_s"], b["add_s"] + b["resolve_s"]
        k = math.log(tb / ta) / math.log(b["n"] / a["n"])
        mk = math.log(b["peak_mb"] / a["peak_mb"]) / math.log(b["n"] / a["n"])
        # never extrapolate below linear: fixed costs flatter small-size growth
        t10 = tb * (10_000_000 / b["n"]) ** max(k, 1.0)
        d10 = b["disk_mb"] * 10_000_000 / b["n"]
        text += (
            f"\nTime grows as n^{k:.2f} between {a['n']:,} and {b['n']:,} documents; peak RSS "
            f"as n^{mk:.2f} (DuckDB memory_limit {args.memory_limit}, {args.threads} threads). "
            "Extrapolated to 10M documents (at least linear growth assumed): "
            f"~{t10 / 60:.0f} min, disk ~{d10 / 1024:.1f} GB; "
            "memory is bounded by DuckDB's memory_limit (spilling to disk) plus one 50k-row "
            "batch in Python, not by the corpus size.\n"
        )
    publish(
        "dedup_scaling",
        "# Dedup scaling (synthetic signatures)\n\n"
        "`" + " ".join([".venv/bin/python benchmarks/dedup_scaling.py", *sys.argv[1:]])
        + "`\n\n" + text,
        save=set(SIZES) <= set(args.sizes),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
