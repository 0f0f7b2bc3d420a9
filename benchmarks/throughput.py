"""End-to-end throughput: WARC -> Parquet, newsclean beside datatrove, in one run.

Builds (in a temporary directory, never in the repository) ``--files`` .warc.gz
files holding ``--docs`` HTML responses: the dev pages of ../shared/data
(scrapinghub-articles and readability-pages) repeated with distinct URLs. Then,
for 1 and 2 workers, times on the same files:

- ``newsclean run`` (the whole pipeline: read, extract, clean, language,
  corpus boilerplate, dedup, Parquet shards, summary), as a subprocess;
- datatrove's local pipeline: ``WarcReader`` -> ``Trafilatura`` extractor ->
  ``GopherQualityFilter`` -> ``C4QualityFilter`` -> ``ParquetWriter``, on
  ``LocalPipelineExecutor`` with one task per file (a subprocess as well).

Documents/s counts input documents (response records) over wall time, process
start included; MB/s counts the HTML payload bytes. Peak memory is the largest
sum of RSS over the whole process tree (driver + workers), sampled every 50 ms,
for ``newsclean run --workers 1`` at each ``--memory-docs`` size.

Run::

    .venv/bin/python benchmarks/throughput.py [--docs 2000] [--memory-docs 10000,50000]

Writes benchmarks/results/throughput.md (and throughput_memory.md); a run cut
short (``--skip-datatrove``, fewer than 2000 ``--docs``, ``--workers`` without 1
and 2) only prints the throughput table, and one whose ``--memory-docs`` leave out
10000 or 50000 only prints the memory table.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from common import DATA, command_line, publish

from newsclean.io.warc_write import response, warcinfo, write_warc

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DOCS = 2000
WORKERS = (1, 2)
MEMORY_DOCS = (10_000, 50_000)


def dev_pages() -> list[bytes]:
    pages = [
        gzip.decompress(p.read_bytes()) for p in sorted(DATA.glob("scrapinghub-articles/html/*.gz"))
    ]
    pages += [p.read_bytes() for p in sorted(DATA.glob("readability-pages/*/source.html"))]
    if not pages:
        sys.exit(f"no dev pages under {DATA}; see /work/shared/data/README.md")
    return pages


_VOCAB = (
    "council budget river harbour minister election school hospital weather storm market "
    "energy price railway bridge court report police museum festival farmer village mayor "
    "housing policy research university football coach season team company workers union "
    "strike airport flight tourism coast forest wildlife library teacher student parent "
    "doctor nurse patient vaccine water supply road said would could after before during "
    "against between under again further then once because while about into through"
)
_WORDS = _VOCAB.split()


def small_page(i: int) -> bytes:
    """A generated news page of ~4 KB (distinct text per ``i``, shared site furniture).

    Used for the memory runs: what is measured there is how memory grows with the
    number of documents, and dev pages (~180 KB of HTML each) make 50k documents
    take most of an hour on the shared machine.
    """
    rng = random.Random(i)

    def sentence() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(9, 18))).capitalize() + "."

    paras = "".join(
        "<p>" + " ".join(sentence() for _ in range(rng.randint(3, 5))) + "</p>" for _ in range(5)
    )
    site = f"site{i % 20}.example"
    return (
        f"<!doctype html><html lang=en><head><title>Story {i} | {site}</title>"
        f'<meta name="author" content="Reporter {i % 50}"></head><body>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>Story {i}</h1>{paras}</article>"
        f"<footer><p>Copyright {site}. All rights reserved.</p>"
        "<p>Sign up for our newsletter to get the news every morning.</p></footer>"
        "</body></html>"
    ).encode()


def build_corpus(root: Path, docs: int, files: int, pages_kind: str = "dev") -> tuple[int, int]:
    """``files`` WARC files with ``docs`` responses in total; returns (docs, HTML bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    pages = dev_pages() if pages_kind == "dev" else []
    per = -(-docs // files)
    html_bytes = 0
    n = 0
    for f in range(files):
        recs = [warcinfo()]
        for i in range(f * per, min(docs, (f + 1) * per)):
            body = pages[i % len(pages)] if pages else small_page(i)
            html_bytes += len(body)
            host = f"copy{i // len(pages)}" if pages else f"site{i % 20}"
            recs.append(response(f"https://{host}.example/p/{i}", body))
            n += 1
        write_warc(root / f"part{f:03d}.warc.gz", recs)
    return n, html_bytes


DATATROVE = textwrap.dedent(
    """
    import sys
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import ParquetWriter

    src, out, logs, tasks, workers = sys.argv[1:6]
    if __name__ == "__main__":
        LocalPipelineExecutor(
            pipeline=[
                WarcReader(src, glob_pattern="*.warc.gz"),
                Trafilatura(favour_precision=True),
                GopherQualityFilter(),
                C4QualityFilter(),
                ParquetWriter(out),
            ],
            tasks=int(tasks),
            workers=int(workers),
            logging_dir=logs,
        ).run()
    """
)


def _tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(parts[1]), int(parts[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
        rss[int(d)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of a subprocess (fails loudly on error)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    return wall, peak


def newsclean_cmd(src: Path, out: Path, workers: int) -> list[str]:
    return [
        PY,
        "-m",
        "newsclean",
        "run",
        str(src),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--no-progress",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=DOCS)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--workers", default=",".join(map(str, WORKERS)))
    ap.add_argument(
        "--memory-docs",
        default=",".join(map(str, MEMORY_DOCS)),
        help="sizes for the peak-memory runs ('' to skip)",
    )
    ap.add_argument(
        "--memory-pages",
        choices=("dev", "small"),
        default="small",
        help="memory runs on dev pages repeated (~180 KB each) or generated ~4 KB pages",
    )
    ap.add_argument("--skip-datatrove", action="store_true")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    rows: list[tuple[str, int, int, float, float, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="nc-throughput-") as tmp_s:
        tmp = Path(tmp_s)
        n, html = build_corpus(tmp / "in", args.docs, args.files)
        mb = html / 1e6
        (tmp / "dt.py").write_text(DATATROVE)
        for w in workers:
            wall, peak = timed(newsclean_cmd(tmp / "in", tmp / f"nc{w}", w))
            rows.append(("newsclean run", w, n, wall, n / wall, mb / wall, peak))
            print(f"newsclean  workers={w}: {n / wall:.1f} docs/s ({wall:.1f}s)", flush=True)
            if not args.skip_datatrove:
                cmd = [
                    PY,
                    str(tmp / "dt.py"),
                    str(tmp / "in"),
                    str(tmp / f"dt{w}"),
                    str(tmp / f"dtlogs{w}"),
                    str(args.files),
                    str(w),
                ]
                wall, peak = timed(cmd)
                rows.append(
                    ("datatrove (trafilatura + gopher + c4)", w, n, wall, n / wall, mb / wall, peak)
                )
                print(f"datatrove  workers={w}: {n / wall:.1f} docs/s ({wall:.1f}s)", flush=True)
        mem: list[tuple[int, float, int, int]] = []
        for size in [int(s) for s in args.memory_docs.split(",") if s.strip()]:
            d = tmp / f"mem{size}"
            m, mem_html = build_corpus(d, size, max(args.files, size // 1000), args.memory_pages)
            wall, peak = timed(newsclean_cmd(d, tmp / f"memout{size}", 1))
            mem.append((m, wall, peak, mem_html))
            print(f"memory {m} docs: peak {peak / 1e6:.0f} MB ({wall:.0f}s)", flush=True)
    write_results(args, rows, mem, mb)


def write_results(
    args: argparse.Namespace,
    rows: list[tuple[str, int, int, float, float, float, int]],
    mem: list[tuple[int, float, int, int]],
    mb: float,
) -> None:
    command = command_line("throughput.py", sys.argv[1:])
    out = [
        "# End-to-end throughput (WARC -> Parquet)",
        "",
        f"{command} on {os.cpu_count()} cores "
        f"({rows[0][2] if rows else 0} documents, {mb:.0f} MB of HTML in {args.files} "
        ".warc.gz files). newsclean runs its whole pipeline (extract, clean, language, corpus "
        "boilerplate, dedup); datatrove runs WarcReader -> Trafilatura -> GopherQualityFilter "
        "-> C4QualityFilter -> ParquetWriter. Wall time includes process start.",
        "",
        "| pipeline | workers | docs | seconds | docs/s | MB/s | docs/s per worker | "
        "vs datatrove (per core) | peak RSS (tree) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    base = {w: dps for name, w, _, _, dps, _, _ in rows if name.startswith("datatrove")}
    for name, w, n, wall, dps, mbs, peak in rows:
        ratio = f"{dps / base[w]:.2f}x" if w in base else "-"
        out.append(
            f"| {name} | {w} | {n} | {wall:.1f} | {dps:.1f} | {mbs:.2f} | "
            f"{dps / w:.1f} | {ratio} | {peak / 1e6:.0f} MB |"
        )
    if rows:
        # a run cut short does not overwrite the full table
        workers = {int(w) for w in args.workers.split(",") if w.strip()}
        partial = args.skip_datatrove or args.docs < DOCS or not set(WORKERS) <= workers
        publish("throughput", "\n".join(out) + "\n", save=not partial)
    if mem:
        # A separate file: the memory runs are long and may be run on their own
        # (``--workers '' --memory-docs 10000,50000``).
        m_out = [
            "# Peak memory of `newsclean run --workers 1` (whole process tree)",
            "",
            f"{command} on {os.cpu_count()} cores; "
            + (
                "the dev pages repeated with distinct URLs"
                if args.memory_pages == "dev"
                else "generated pages of ~4 KB (distinct texts, 20 sites sharing furniture "
                "lines), not the dev pages: smaller pages keep the 50k run to minutes"
            )
            + ", one .warc.gz per 1000 documents.",
            "",
            "| documents | HTML MB | seconds | docs/s | peak RSS |",
            "|---|---|---|---|---|",
        ]
        m_out += [
            f"| {m} | {h / 1e6:.0f} | {w:.0f} | {m / w:.1f} | {p / 1e6:.0f} MB |"
            for m, w, p, h in mem
        ]
        sizes = {int(d) for d in args.memory_docs.split(",") if d.strip()}
        publish("throughput_memory", "\n".join(m_out) + "\n", save=set(MEMORY_DOCS) <= sizes)


if __name__ == "__main__":
    main()
