"""Hostile inputs for the readers: time, peak memory and the records they give.

Each case runs ``iter_documents`` in a fresh child process (so peak RSS is the
case's own) on a file built in a temporary directory:

- a .jsonl.gz whose one line expands to 1 GiB (default limits: the line is
  over ``max_line_bytes``, so it is an ``error``/``too_large`` record, streamed);
- the same as .jsonl.zst;
- a .jsonl.gz bomb against a 256 MiB ``max_decompressed_bytes`` cap;
- a .warc.gz cut in the middle of its last record;
- a 30 MB page (over a 20 MB ``max_document_bytes``) inside a WARC.

Run::

    .venv/bin/python benchmarks/io_hostile.py

Writes benchmarks/results/io_hostile.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import zstandard
from common import command_line, publish

from newsclean.io.warc_write import response, write_warc

GIB = 1 << 30

CHILD = """
import json, resource, sys, time
from collections import Counter
from newsclean.io.readers import iter_documents
from newsclean.options import Limits
limits = Limits(**json.loads(sys.argv[2]))
t = time.perf_counter()
docs = iter_documents([sys.argv[1]], limits)
c = Counter(f"{d.status or 'to_extract'}/{d.reason or '-'}" for d in docs)
print(json.dumps({"secs": time.perf_counter() - t, "records": dict(c),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def gzip_stream(path: Path, head: bytes, fill: int, total: int, tail: bytes) -> None:
    """gzip of head + fill-byte * total + tail, written without holding it in memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes([fill]) * (8 << 20)
    with open(path, "wb") as fh:
        fh.write(comp.compress(head))
        left = total
        while left > 0:
            fh.write(comp.compress(block[: min(left, len(block))]))
            left -= len(block)
        fh.write(comp.compress(tail) + comp.flush())


def zstd_stream(path: Path, head: bytes, fill: int, total: int, tail: bytes) -> None:
    block = bytes([fill]) * (8 << 20)
    with open(path, "wb") as fh, zstandard.ZstdCompressor(level=19).stream_writer(fh) as w:
        w.write(head)
        left = total
        while left > 0:
            w.write(block[: min(left, len(block))])
            left -= len(block)
        w.write(tail)


def build(tmp: Path) -> list[tuple[str, Path, dict[str, int]]]:
    head, tail = b'{"text": "fine"}\n{"text": "', b'"}\n{"text": "after"}\n'
    gz = tmp / "line1g.jsonl.gz"
    gzip_stream(gz, head, ord("A"), GIB, tail)
    zs = tmp / "line1g.jsonl.zst"
    zstd_stream(zs, head, ord("A"), GIB, tail)
    cut = tmp / "cut.warc.gz"
    write_warc(
        cut, [response(f"https://a/{i}", "<p>" + "word " * 2000 + "</p>") for i in range(50)]
    )
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) - 300])
    big = tmp / "big.warc"
    page = b"<html><body>" + b"<p>" + b"long page text " * 2_000_000 + b"</p></body></html>"
    write_warc(big, [response("https://a/big", page), response("https://a/small", "<p>ok</p>")],
               gzip=False)  # fmt: skip
    return [
        ("1 GiB line, .jsonl.gz, default limits", gz, {}),
        ("1 GiB line, .jsonl.zst, default limits", zs, {}),
        ("1 GiB line, .jsonl.gz, cap 256 MiB", gz, {"max_decompressed_bytes": 256 << 20}),
        (".warc.gz cut mid-record (50 records)", cut, {}),
        ("30 MB page in a .warc (limit 20 MB)", big, {}),
    ]


def main() -> None:
    # no options, but --help says what this runs rather than running it
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    rows = ["| case | input size | records | seconds | peak RSS MB |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        t0 = time.perf_counter()
        cases = build(tmp)
        print(f"built inputs in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        for name, path, limits in cases:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), json.dumps(limits)],
                capture_output=True, check=True, timeout=900,
            )  # fmt: skip
            res = json.loads(out.stdout)
            recs = ", ".join(f"{k} ×{v}" for k, v in sorted(res["records"].items()))
            size = path.stat().st_size
            rows.append(
                f"| {name} | {size / 1e6:.1f} MB | {recs} | {res['secs']:.1f} | "
                f"{res['rss_mb']:.0f} |"
            )
    publish(
        "io_hostile",
        "# Hostile inputs (readers only)\n\n" + command_line("io_hostile.py")
        + " (each case in a fresh process; records as status/reason, `to_extract` = a document "
        "handed on to extraction).\n\n" + "\n".join(rows) + "\n",
    )


if __name__ == "__main__":
    main()
