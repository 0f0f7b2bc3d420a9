"""Reading throughput: newsclean's readers beside bare fastwarc, in one run.

Builds (in a temporary directory, never in the repository) a .warc.gz, a plain
.warc and a .jsonl.zst from the dev pages (../shared/data/scrapinghub-articles,
repeated ``--copies`` times with distinct URLs), then times, on one core:

- newsclean ``iter_documents`` (framing, HTTP parsing, charset decoding,
  binary sniffing, limits, Document building);
- a bare fastwarc loop (``ArchiveIterator(parse_http=True)`` + resiliparse
  ``bytes_to_str(detect_encoding())``): the least any WARC reader must do;
- for JSON Lines, a bare ``zstandard`` + ``orjson`` loop.

Also splits the plain WARC into units and checks that the documents are the
same. Run::

    .venv/bin/python benchmarks/io_read.py [--copies 10]

Writes benchmarks/results/io_read.md; a run on fewer than 10 copies (a quick one)
only prints its table.
"""

from __future__ import annotations

import argparse
import gzip
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import zstandard
from common import DATA, command_line, publish
from fastwarc.warc import ArchiveIterator, WarcRecordType
from resiliparse.parse.encoding import bytes_to_str, detect_encoding

from newsclean.io.readers import iter_documents, list_units, read_unit
from newsclean.io.warc_write import response, warcinfo, write_warc

COPIES = 10


def pages() -> list[bytes]:
    return [
        gzip.decompress(p.read_bytes())
        for p in sorted((DATA / "scrapinghub-articles" / "html").glob("*.html.gz"))
    ]


def bare_fastwarc(path: Path) -> int:
    n = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            body = rec.reader.read()
            enc = rec.http_charset or detect_encoding(body) or "utf-8"
            html = bytes_to_str(body, enc)
            n += bool(html)
    return n


def bare_jsonl(path: Path) -> int:
    n = 0
    with open(path, "rb") as fh:
        reader = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(fh))
        for line in reader:
            if line.strip():
                n += bool(orjson.loads(line).get("html"))
    return n


def newsclean_docs(path: Path) -> int:
    return sum(1 for d in iter_documents([str(path)]) if d.html)


def timed(fn: Callable[[Path], int], path: Path) -> tuple[int, float]:
    t0 = time.perf_counter()
    n = fn(path)
    return n, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=COPIES)
    args = ap.parse_args()
    src = pages()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        recs = [warcinfo()]
        rows = []
        for c in range(args.copies):
            for i, body in enumerate(src):
                url = f"https://bench.example/{c}/{i}"
                recs.append(response(url, body, "text/html"))
                rows.append({"url": url, "html": body.decode("utf-8", "replace")})
        write_warc(t / "b.warc.gz", recs)
        write_warc(t / "b.warc", recs, gzip=False)
        data = b"".join(orjson.dumps(r) + b"\n" for r in rows)
        (t / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
        mb = sum(len(b) for b in src) * args.copies / 1e6
        n_docs = len(rows)
        runs = [
            ("newsclean iter_documents", "b.warc.gz", newsclean_docs),
            ("bare fastwarc + resiliparse decode", "b.warc.gz", bare_fastwarc),
            ("newsclean iter_documents", "b.warc", newsclean_docs),
            ("bare fastwarc + resiliparse decode", "b.warc", bare_fastwarc),
            ("newsclean iter_documents", "b.jsonl.zst", newsclean_docs),
            ("bare zstandard + orjson", "b.jsonl.zst", bare_jsonl),
        ]
        lines = [
            "| input | reader | docs | docs/s | MB/s (HTML) | time vs bare |",
            "|---|---|---|---|---|---|",
        ]
        bare: dict[str, float] = {}
        results = []
        for name, file, fn in runs:
            fn(t / file)  # warm the page cache and imports
            n, secs = min((timed(fn, t / file) for _ in range(3)), key=lambda x: x[1])
            assert n == n_docs, (name, file, n, n_docs)
            results.append((name, file, n, secs))
            if name.startswith("bare"):
                bare[file] = secs
        for name, file, n, secs in results:
            lines.append(
                f"| {file} | {name} | {n} | {n / secs:,.0f} | {mb / secs:,.1f} | "
                f"{secs / bare[file]:.2f}× |"
            )
        whole = [(d.id, d.source) for d in iter_documents([str(t / "b.warc")])]
        units = list_units([str(t / "b.warc")], split_bytes=(t / "b.warc").stat().st_size // 8)
        split = [(d.id, d.source) for u in units for d in read_unit(u)]
        assert split == whole
        lines.append("")
        lines.append(
            f"Split check: b.warc in {len(units)} units gives the same {len(split)} "
            "documents (ids, locators, order) as one unit."
        )
    publish(
        "io_read",
        "# Reading throughput\n\n"
        + command_line("io_read.py", ["--copies", str(args.copies)])
        + f" ({n_docs} pages, {mb:.0f} MB of HTML; one process, best of 3, on a shared "
        "2-core machine, so expect ±20% between runs). The pages carry no HTTP charset, "
        "so the bare loop runs uchardet on every page while newsclean first accepts "
        "valid UTF-8. Reader memory on large inputs: see io_hostile.md.\n\n"
        + "\n".join(lines) + "\n",
        save=args.copies >= COPIES,
    )


if __name__ == "__main__":
    main()
