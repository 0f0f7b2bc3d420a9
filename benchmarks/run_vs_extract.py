"""`newsclean run` with 2 workers against `newsclean extract` on 10,000 small HTML files.

Many small files are the case where one task per file used to make ``run``
slower than a single ``extract`` process (100 files: 25.5 s against 11.2 s) and
wrote one Parquet file per input. Here both commands read the same directory
of ``--docs`` generated news pages (~4 KB each, distinct texts, 20 sites sharing
furniture lines; ``throughput.small_page``), spread over sub-directories of 1000:

- ``newsclean extract DIR -o records.parquet``: one process, records only;
- ``newsclean run DIR --out OUT --workers 2``: the whole pipeline (extract, clean,
  language, corpus boilerplate, dedup, sized shards, summary).

Wall time includes process start (what the user waits for); the two commands
alternate for ``--rounds`` rounds and the best round of each is compared.
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

from common import markdown_table, process_times, publish
from throughput import small_page

PY = sys.executable


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU of the process and the children it waited for)."""
    wall, cpu, proc = process_times(cmd)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()[-3000:]}")
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    ext: list[tuple[float, float]] = []
    runs: list[tuple[float, float, float]] = []  # wall, driver CPU, workers' CPU
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pages"
        for i in range(args.docs):
            d = src / f"site{i // 1000:03d}"
            if i % 1000 == 0:
                d.mkdir(parents=True)
            (d / f"page{i:06d}.html").write_bytes(small_page(i))
        html_mb = sum(p.stat().st_size for p in src.rglob("*.html")) / 1e6
        for r in range(args.rounds):
            # Interleaved, so a change in the shared machine's load hits both commands.
            loads.append(os.getloadavg()[0])
            records = Path(tmp) / "r.parquet"
            ext.append(timed([PY, "-m", "newsclean", "extract", str(src), "-o", str(records)]))
            print(f"round {r}: extract {ext[-1][0]:.1f} s wall, {ext[-1][1]:.1f} s CPU")
            out = Path(tmp) / f"out{r}"
            wall, driver = timed(
                [PY, "-m", "newsclean", "run", str(src), "--out", str(out),
                 "--workers", str(args.workers), "--no-progress"]
            )  # fmt: skip
            summary = json.loads((out / ".newsclean" / "summary.json").read_text())
            # Workers are the forkserver's children: their CPU is what each task
            # measured for itself (warm-up included), not in the driver's accounts.
            runs.append((wall, driver, float(summary["stage_cpu_seconds"]["cpu"])))
            print(f"round {r}: run {wall:.1f} s wall, {driver:.1f} + {runs[-1][2]:.1f} s CPU")
            shards = sorted(p.name for p in out.glob("part-*.parquet"))
    from newsclean.pipeline.run import DEFAULT_SHARD_ROWS

    bound = math.ceil(args.docs / DEFAULT_SHARD_ROWS)
    assert summary["documents"] == args.docs, summary["documents"]
    w = args.workers
    ext_wall, ext_cpu = min(ext)
    run_wall, run_driver, run_workers = min(runs)
    run_free = run_driver + run_workers / w
    table = markdown_table(
        ["command", "wall here (best)", "each round", "CPU", f"wall on {w} free cores",
         "output files"],
        [
            ["newsclean extract DIR -o records.parquet", f"{ext_wall:.1f} s",
             ", ".join(f"{x[0]:.1f}" for x in ext), f"{ext_cpu:.1f} s", f"{ext_cpu:.1f} s", "1"],
            [f"newsclean run DIR --workers {w}", f"{run_wall:.1f} s",
             ", ".join(f"{x[0]:.1f}" for x in runs),
             f"{run_driver:.1f} s driver + {run_workers:.1f} s workers",
             f"{run_free:.1f} s", f"{len(shards)} shard(s) (bound {bound}), "
             f"{summary['tasks']} tasks"],
        ],
    )  # fmt: skip
    text = (
        "# `run` against `extract` on many small files\n\n"
        f"Command: `.venv/bin/python benchmarks/run_vs_extract.py --docs {args.docs} "
        f"--rounds {args.rounds}` ({args.docs} generated HTML files, {html_mb:.0f} MB, in "
        f"directories of 1000; {os.cpu_count()} cores, load average "
        f"{', '.join(f'{x:.1f}' for x in loads)} at the start of each round). `run` does the "
        "whole pipeline (boilerplate, dedup, sized shards, summary); `extract` only writes "
        "the records. The commands alternate; wall time includes process start. "
        f"\"Wall on {w} free cores\" is the CPU of the sequential part plus the workers' CPU "
        f"shared by {w} cores (extract: its CPU).\n\n"
        f"{table}\n\n"
        f"Measured wall: `run` with {w} workers at {ext_wall / run_wall:.2f}x the speed of "
        f"`extract`; from CPU, on {w} free cores: {ext_cpu / run_free:.2f}x. "
        f"{len(shards)} shard(s) for {args.docs} documents (at most ceil({args.docs} / "
        f"{DEFAULT_SHARD_ROWS}) = {bound}).\n"
    )
    publish("run_vs_extract", text)


if __name__ == "__main__":
    main()
