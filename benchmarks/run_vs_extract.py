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

from common import markdown_table, process_times, write_result
from throughput import small_page

PY = sys.executable


def timed(cmd: list[str]) -> float:
    wall, _cpu, proc = process_times(cmd)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()[-3000:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    ext_walls: list[float] = []
    run_walls: list[float] = []
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
            extract = [PY, "-m", "newsclean", "extract", str(src), "-o", str(records)]
            ext_walls.append(timed(extract))
            print(f"round {r}: extract {ext_walls[-1]:.1f} s")
            out = Path(tmp) / f"out{r}"
            run_walls.append(
                timed([PY, "-m", "newsclean", "run", str(src), "--out", str(out),
                       "--workers", str(args.workers), "--no-progress"])
            )  # fmt: skip
            print(f"round {r}: run {run_walls[-1]:.1f} s")
            summary = json.loads((out / ".newsclean" / "summary.json").read_text())
            shards = sorted(p.name for p in out.glob("part-*.parquet"))
    from newsclean.pipeline.run import DEFAULT_SHARD_ROWS

    bound = math.ceil(args.docs / DEFAULT_SHARD_ROWS)
    assert summary["documents"] == args.docs, summary["documents"]
    ext_wall, run_wall = min(ext_walls), min(run_walls)
    table = markdown_table(
        ["command", "wall (best of rounds)", "each round", "docs/s (wall)", "output files"],
        [
            ["newsclean extract DIR -o records.parquet", f"{ext_wall:.1f} s",
             ", ".join(f"{w:.1f}" for w in ext_walls), f"{args.docs / ext_wall:.0f}", "1"],
            [f"newsclean run DIR --workers {args.workers}", f"{run_wall:.1f} s",
             ", ".join(f"{w:.1f}" for w in run_walls), f"{args.docs / run_wall:.0f}",
             f"{len(shards)} shard(s) (bound {bound}), {summary['tasks']} tasks"],
        ],
    )  # fmt: skip
    verdict = "faster" if run_wall < ext_wall else "SLOWER"
    text = (
        "# `run` against `extract` on many small files\n\n"
        f"Command: `.venv/bin/python benchmarks/run_vs_extract.py --docs {args.docs} "
        f"--rounds {args.rounds}` ({args.docs} generated HTML files, {html_mb:.0f} MB, in "
        f"directories of 1000; {os.cpu_count()} cores, load average "
        f"{', '.join(f'{x:.1f}' for x in loads)} at the start of each round). `run` does the "
        "whole pipeline (boilerplate, dedup, sized shards, summary); `extract` only writes "
        "the records. Wall time, process start included; the commands alternate.\n\n"
        f"{table}\n\n"
        f"`run` with {args.workers} workers: {ext_wall / run_wall:.2f}x the speed of "
        f"`extract` ({verdict}), {len(shards)} shard(s) for {args.docs} documents "
        f"(at most ceil({args.docs} / {DEFAULT_SHARD_ROWS}) = {bound}).\n"
    )
    print(f"wrote {write_result('run_vs_extract', text)}")


if __name__ == "__main__":
    main()
