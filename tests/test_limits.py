"""Every resource limit of ``newsclean.options.Limits``, through the real CLI.

- ``--max-document-bytes``: a larger document gives ``skipped``/``too_large``,
  whatever container it comes in (HTML file, .html.gz, JSONL line, WARC record);
- ``--max-decompressed-bytes``: gzip and zstd bombs give one
  ``error``/``decompression_limit`` record while memory stays low;
- ``--max-line-bytes``: an over-long JSON Lines line gives one error record;
- ``--max-dom-depth``: 200,000-deep DOMs never reach Python's recursion limit;
- ``--timeout``: in ``run`` a document over the limit gives ``error``/``timeout``
  and the run goes on.

Bombs are built from repeated gzip members / zstd frames, so a 256 MiB
expansion costs a few KiB to write.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest
import zstandard

from newsclean.io.warc_write import response, write_warc
from newsclean.options import Limits

MiB = 1024 * 1024
ARTICLE = (
    "<html><head><title>Budget approved</title></head><body><article><h1>Budget approved</h1>"
    "<p>The city council approved the budget for roads and schools on Tuesday evening after "
    "a long debate.</p><p>Residents asked for more money for the primary schools in the north "
    "of the city.</p></article></body></html>"
)


class Result:
    def __init__(self, rc: int, records: list[dict], stderr: str, seconds: float, rss: int):
        self.rc, self.records, self.stderr = rc, records, stderr
        self.seconds, self.peak_rss = seconds, rss


# Linux carries a process's peak RSS across fork and exec, so a CLI started
# straight from this (large) pytest process would report pytest's own size as its
# peak. A small launcher process starts the CLI instead and reports its peak.
_LAUNCHER = (
    "import resource, subprocess, sys;"
    "rc = subprocess.call(sys.argv[2:]);"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss));"
    "sys.exit(rc)"
)


def newsclean(*args: str, cwd: Path | None = None, timeout: float = 300) -> Result:
    """Run the real CLI; peak RSS (bytes) of the CLI process alone."""
    t0 = time.perf_counter()
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        rss_file = Path(tmp) / "maxrss"
        cmd = [sys.executable, "-m", "newsclean", *args]
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(rss_file), *cmd],
            stdout=out,
            stderr=err,
            cwd=cwd,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        seconds = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
        rss_kib = int(rss_file.read_text() or 0) if rss_file.exists() else 0
    records = [orjson.loads(line) for line in stdout.splitlines() if line.strip()]
    return Result(proc.returncode, records, stderr, seconds, rss_kib * 1024)


def extract(*args: str) -> Result:
    return newsclean("extract", *args)


# -- maximum document size ------------------------------------------------------------------


def big_article(n_bytes: int) -> str:
    # Long paragraphs: the size is what is under test, not the number of blocks.
    para = "<p>" + "The council met again and the budget debate went on into the night. " * 16
    para += "</p>\n"
    return "<html><body><article>" + para * (n_bytes // len(para) + 1) + "</article></body></html>"


@pytest.mark.slow
def test_max_document_bytes_html_file(tmp_path: Path) -> None:
    (tmp_path / "a_small.html").write_text(ARTICLE)
    (tmp_path / "b_big.html").write_text(big_article(300 * 1024))
    r = extract(str(tmp_path), "--max-document-bytes", "200K")
    assert r.rc == 0
    assert [(d["status"], d["reason"]) for d in r.records] == [
        ("ok", None),
        ("skipped", "too_large"),
    ]
    # The same page is fine under a larger limit: the limit is what decided.
    r = extract(str(tmp_path / "b_big.html"), "--max-document-bytes", "1M")
    assert [d["status"] for d in r.records] == ["ok"]


@pytest.mark.slow
def test_max_document_bytes_in_every_container(tmp_path: Path) -> None:
    big = big_article(300 * 1024)
    with gzip.open(tmp_path / "a.html.gz", "wt") as fh:
        fh.write(big)
    rows = [{"id": "small", "html": ARTICLE}, {"id": "big", "html": big}]
    (tmp_path / "b.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    write_warc(
        tmp_path / "c.warc.gz",
        [response("https://x.example/1", ARTICLE), response("https://x.example/2", big)],
    )
    r = extract(str(tmp_path), "--max-document-bytes", "200K")
    assert r.rc == 0
    got = [(d["status"], d["reason"]) for d in r.records]
    assert got == [
        ("skipped", "too_large"),  # a.html.gz
        ("ok", None), ("skipped", "too_large"),  # b.jsonl
        ("ok", None), ("skipped", "too_large"),  # c.warc.gz
    ]  # fmt: skip
    assert r.records[2]["id"] == "big"  # the input's own id survives the skip


# -- decompression bombs ----------------------------------------------------------------------


def gzip_bomb(path: Path, prefix: bytes, suffix: bytes, mib: int) -> None:
    """A multi-member gzip file expanding to about ``mib`` MiB of 'A' between prefix/suffix."""
    one = gzip.compress(b"A" * MiB, compresslevel=9, mtime=0)
    with open(path, "wb") as fh:
        fh.write(gzip.compress(prefix, mtime=0))
        for _ in range(mib):
            fh.write(one)
        fh.write(gzip.compress(suffix, mtime=0))


def zstd_bomb(path: Path, prefix: bytes, suffix: bytes, mib: int) -> None:
    one = zstandard.compress(b"A" * MiB, 19)
    with open(path, "wb") as fh:
        fh.write(zstandard.compress(prefix))
        for _ in range(mib):
            fh.write(one)
        fh.write(zstandard.compress(suffix))


BOMB_PREFIX = b'{"id": "bomb", "html": "<p>'
BOMB_SUFFIX = b'</p>"}\n'


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_jsonl_bomb_gives_one_decompression_limit_record(tmp_path: Path, kind: str) -> None:
    path = tmp_path / ("bomb.jsonl.gz" if kind == "gzip" else "bomb.jsonl.zst")
    (gzip_bomb if kind == "gzip" else zstd_bomb)(path, BOMB_PREFIX, BOMB_SUFFIX, 256)
    assert path.stat().st_size < 2 * MiB
    r = extract(str(path), "--max-decompressed-bytes", "16M")
    assert r.rc == 0
    assert [(d["status"], d["reason"]) for d in r.records] == [("error", "decompression_limit")]
    assert r.peak_rss < 400 * MiB, r.peak_rss


def test_bomb_longer_than_line_limit_gives_one_record(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    gzip_bomb(path, BOMB_PREFIX, BOMB_SUFFIX, 64)
    r = extract(str(path), "--max-line-bytes", "8M", "--max-decompressed-bytes", "32M")
    assert r.rc == 0
    assert len(r.records) == 1
    assert r.records[0]["status"] == "error"


def test_bomb_record_points_at_the_bomb_line(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    gzip_bomb(path, BOMB_PREFIX, BOMB_SUFFIX, 64)
    r = extract(str(path), "--max-decompressed-bytes", "16M")
    assert [d["source"].rsplit("#", 1)[-1] for d in r.records] == ["line=1"]


@pytest.mark.slow
def test_lines_before_the_bomb_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl.gz"
    good = orjson.dumps({"id": "good", "html": ARTICLE}) + b"\n"
    gzip_bomb(path, good + BOMB_PREFIX, BOMB_SUFFIX, 64)
    r = extract(str(path), "--max-decompressed-bytes", "16M")
    assert [(d["id"], d["status"]) for d in r.records][0] == ("good", "ok")
    assert r.records[-1]["reason"] == "decompression_limit"
    assert len(r.records) == 2


@pytest.mark.parametrize("name", ["bomb.html.gz", "bomb.txt.zst", "bomb.warc.gz"])
def test_bombs_in_other_containers(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".warc.gz"):
        # One WARC record whose member claims and delivers 64 MiB of body.
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            "WARC-Target-URI: https://bomb.example/\r\nContent-Type: application/http; "
            f"msgtype=response\r\nContent-Length: {64 * MiB + 44}\r\n\r\n"
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        ).encode()
        gzip_bomb(path, head, b"\r\n\r\n", 64)
    elif name.endswith(".gz"):
        gzip_bomb(path, b"<html><body><p>", b"</p></body></html>", 64)
    else:
        zstd_bomb(path, b"Title\n\n", b"\n", 64)
    r = extract(str(path), "--max-decompressed-bytes", "16M")
    assert r.rc == 0
    assert len(r.records) == 1
    assert r.records[0]["status"] in ("error", "skipped")
    assert r.records[0]["reason"] in ("decompression_limit", "too_large")
    assert r.peak_rss < 400 * MiB


@pytest.mark.slow
def test_jsonl_line_limit(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "html": ARTICLE},
        {"id": "b", "html": "x" * 300_000},
        {"id": "c", "html": ARTICLE},
    ]
    (tmp_path / "d.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    r = extract(str(tmp_path / "d.jsonl"), "--max-line-bytes", "100K")
    assert [d["status"] for d in r.records] == ["ok", "error", "ok"]
    assert r.records[1]["reason"] == "too_large"


# -- deep DOMs ---------------------------------------------------------------------------


@pytest.mark.slow
def test_200k_deep_dom_through_the_cli(tmp_path: Path) -> None:
    """Block, inline and table nesting 200,000 deep, one CLI call for the three pages."""
    for tag in ("div", "span", "table"):
        page = (
            "<html><head><title>Deep</title></head><body><article>"
            + ARTICLE.split("<article>")[1].replace("Tuesday", f"Tuesday ({tag})")
            + f"<{tag}>" * 200_000 + "<p>The innermost paragraph is text too.</p>"
            + f"</{tag}>" * 200_000 + "</body></html>"
        )  # fmt: skip
        (tmp_path / f"deep_{tag}.html").write_text(page)
    r = extract(str(tmp_path))
    assert r.rc == 0, r.stderr
    assert "RecursionError" not in r.stderr
    assert len(r.records) == 3
    for rec, tag in zip(r.records, ("div", "span", "table"), strict=True):
        assert rec["status"] == "ok", rec
        assert f"approved the budget for roads and schools on Tuesday ({tag})" in rec["text"]
    assert r.seconds < 90


def test_element_flood_memory_is_bounded(tmp_path: Path) -> None:
    page = "<html><body><article>" + "<p>x" * 500_000 + "</article></body></html>"
    (tmp_path / "flood.html").write_text(page)
    r = extract(str(tmp_path / "flood.html"))
    assert r.rc == 0 and len(r.records) == 1
    # 100 MiB + 150x the page is the 3 GB target at the 20 MB document limit; today the
    # ratio is ~230x (~550 MiB here, 4.6 GB for a 19.6 MB page).
    assert r.peak_rss < 100 * MiB + 150 * len(page), r.peak_rss / MiB


@pytest.mark.slow
def test_max_dom_depth_flag_raises_the_flattening_depth(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 5_000 + ARTICLE + "</div>" * 5_000 + "</body></html>"
    (tmp_path / "deep.html").write_text(page)
    for depth in ("100", "10000"):
        r = extract(str(tmp_path / "deep.html"), "--max-dom-depth", depth)
        assert r.rc == 0, r.stderr
        assert r.records[0]["status"] == "ok"
        assert "approved the budget" in r.records[0]["text"]


@pytest.mark.slow
def test_unusable_limit_values_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(ARTICLE)
    for flag, value in [("--max-document-bytes", "0"), ("--max-decompressed-bytes", "lots"),
                        ("--timeout", "-1"), ("--max-line-bytes", "-5M")]:  # fmt: skip
        r = extract(str(tmp_path / "a.html"), flag, value)
        assert r.rc == 2, (flag, value)
        assert flag in r.stderr or "size" in r.stderr or "positive" in r.stderr


def test_limits_defaults_are_the_documented_ones() -> None:
    d = Limits()
    assert d.max_document_bytes == 20 * MiB
    assert d.max_decompressed_bytes == 4 * 1024 * MiB
    assert d.max_line_bytes == 64 * MiB
    assert d.document_timeout_s == 60.0
    assert d.max_dom_depth == 512


# -- per-document time limit in `run` ---------------------------------------------------------


def read_run(out: Path, columns: list[str]) -> list[dict]:
    parts = sorted(str(p) for p in out.glob("part-*.parquet"))
    assert parts, f"no shards in {out}"
    return [row for p in parts for row in pq.read_table(p, columns=columns).to_pylist()]


@pytest.mark.slow
def test_run_times_out_one_document_and_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a.html", "b.html", "d.html"):
        (corpus / name).write_text(ARTICLE.replace("Tuesday", f"Tuesday ({name})"))
    # Linear work: about 2 s of CPU here, four times the limit; a normal page takes
    # a few hundredths of a second.
    (corpus / "c.html").write_text(big_article(60 * MiB))
    out = tmp_path / "out"
    r = newsclean(
        "run", str(corpus), "--out", str(out), "--workers", "1", "--no-dedup",
        "--timeout", "0.5", "--max-document-bytes", "64M", timeout=240,
    )  # fmt: skip
    assert r.rc == 0, r.stderr
    rows = read_run(out, ["source", "status", "reason"])
    by_name = {row["source"].rsplit("/", 1)[-1]: (row["status"], row["reason"]) for row in rows}
    assert by_name["c.html"] == ("error", "timeout")
    # a.html is the worker's first document: warm-up is not charged to it.
    assert by_name["a.html"] == ("ok", None)
    assert by_name["b.html"] == ("ok", None)
    assert by_name["d.html"] == ("ok", None)  # the run went on after the timeout
    summary = orjson.loads((out / ".newsclean" / "summary.json").read_bytes())
    assert summary["documents"] == 4
    assert r.seconds < 120


@pytest.mark.slow
def test_first_document_of_a_worker_is_not_charged_for_warm_up(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.html").write_text(ARTICLE.replace("Tuesday", f"day {i}"))
    out = tmp_path / "out"
    r = newsclean(
        "run", str(corpus), "--out", str(out), "--workers", "1", "--no-dedup",
        "--timeout", "0.5",
    )  # fmt: skip
    assert r.rc == 0, r.stderr
    assert [row["status"] for row in read_run(out, ["status"])] == ["ok"] * 3
