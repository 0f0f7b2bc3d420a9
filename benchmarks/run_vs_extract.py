"""`newsclean run` with 2 workers against `newsclean extract` on 10,000 small HTML files.

Many small files are the case where one task per file used to make ``run``
slower than a single ``extract`` process (100 files: 25.5 s against 11.2 s) and
wrote one Parquet file per input. Here both commands read the same directory
of ``--docs`` generated news pages (~4 KB each, distinct texts, 20 sites sharing
furniture lines; ``throughput.small_page``), spread over sub-directories of 1000:

- ``newsclean extract DIR -o records.parquet``: one process, records only;
- ``newsclean run DIR --out OUT --workers 2``: the whole pipeline (extract, clean,
  language, corpus boilerplate, dedup, sized shards, summary).

Wall time includes process start; CPU is user + system of the process tree.
``run`` must be faster than ``extract`` and write at most ceil(docs / shard rows)
shards.

Run::

    .venv/bin/python benchmarks/run_vs_extract.py [--docs 10000]

Writes benchmarks/results/run_vs_extract.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path

from common import markdown_table, process_times, write_result
from throughput import small_page

PY = sys.executable


def timed(cmd: list[str]) -> tuple[float, float]:
    wall, cpu, proc = process_times(cmd)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()[-3000:]}")
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pages"
        for i in range(args.docs):
            d = src / f"site{i // 1000:03d}"
            if i % 1000 == 0:
                d.mkdir(parents=True)
            (d / f"page{i:06d}.html").write_bytes(small_page(i))
        html_mb = sum(p.stat().st_size for p in src.rglob("*.html")) / 1e6
        ext_wall, ext_cpu = timed(
            [PY, "-m", "newsclean", "extract", str(src), "-o", str(Path(tmp) / "r.parquet")]
        )
        print(f"extract: {ext_wall:.1f} s wall, {ext_cpu:.1f} s CPU")
        out = Path(tmp) / "out"
        run_wall, run_cpu = timed(
            [PY, "-m", "newsclean", "run", str(src), "--out", str(out),
             "--workers", str(args.workers), "--no-progress"]
        )  # fmt: skip
        print(f"run: {run_wall:.1f} s wall, {run_cpu:.1f} s CPU")
        summary = json.loads((out / ".newsclean" / "summary.json").read_text())
        shards = sorted(p.name for p in out.glob("part-*.parquet"))
    from newsclean.pipeline.run import DEFAULT_SHARD_ROWS

    bound = math.ceil(args.docs / DEFAULT_SHARD_ROWS)
    assert summary["documents"] == args.docs, summary["documents"]
    table = markdown_table(
        ["command", "wall", "docs/s (wall)", "CPU (process tree)", "output files"],
        [
            ["newsclean extract DIR -o records.parquet", f"{ext_wall:.1f} s",
             f"{args.docs / ext_wall:.0f}", f"{ext_cpu:.1f} s", "1"],
            [f"newsclean run DIR --workers {args.workers}", f"{run_wall:.1f} s",
             f"{args.docs / run_wall:.0f}", f"{run_cpu:.1f} s",
             f"{len(shards)} shard(s) (bound {bound}), {summary['tasks']} tasks"],
        ],
    )  # fmt: skip
    verdict = "faster" if run_wall < ext_wall else "SLOWER"
    text = (
        "# `run` against `extract` on many small files\n\n"
        f"Command: `.venv/bin/python benchmarks/run_vs_extract.py --docs {args.docs}` "
        f"({args.docs} generated HTML files, {html_mb:.0f} MB, in directories of 1000; "
        f"{os.cpu_count()} cores). `run` does the whole pipeline (boilerplate, dedup, "
        "sized shards, summary); `extract` only writes the records.\n\n"
        f"{table}\n\n"
        f"`run` with {args.workers} workers: {ext_wall / run_wall:.2f}x the speed of "
        f"`extract` ({verdict}), {len(shards)} shard(s) for {args.docs} documents "
        f"(at most ceil({args.docs} / {DEFAULT_SHARD_ROWS}) = {bound}).\n"
    )
    print(f"wrote {write_result('run_vs_extract', text)}")


if __name__ == "__main__":
    main()
