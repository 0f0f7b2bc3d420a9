"""The `newsclean` command driven as a subprocess: extract, options, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import make_pages

from newsclean.cli import build_parser, main


def cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsclean", *args], input=stdin,
                          capture_output=True, timeout=120, cwd=cwd)  # fmt: skip


def lines(out: bytes) -> list[dict[str, Any]]:
    return [json.loads(x) for x in out.decode().splitlines()]


def test_stdin_html_gives_one_record() -> None:
    _, html = make_pages(1)[0]
    proc = cli("extract", stdin=html.encode())
    assert proc.returncode == 0, proc.stderr
    [rec] = lines(proc.stdout)
    assert rec["status"] == "ok" and "Home" not in str(rec["text"])
    assert rec["title"] and str(rec["title"]).startswith("Story 0")


@pytest.mark.slow
def test_records_follow_argument_order_with_dash_for_stdin(tmp_path: Path) -> None:
    pages = make_pages(3)
    for i, (_, html) in enumerate(pages[:2]):
        (tmp_path / f"p{i}.html").write_text(html)
    args = (str(tmp_path / "p1.html"), "-", str(tmp_path / "p0.html"))
    proc = cli("extract", *args, stdin=pages[2][1].encode())
    assert proc.returncode == 0
    recs = lines(proc.stdout)
    assert len(recs) == 3
    assert Path(str(recs[0]["source"])).name == "p1.html"
    assert "stdin" in str(recs[1]["source"])
    assert Path(str(recs[2]["source"])).name == "p0.html"


@pytest.mark.slow
def test_output_file_jsonl_and_parquet(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(make_pages(1)[0][1])
    out = tmp_path / "out.jsonl"
    assert cli("extract", str(tmp_path / "a.html"), "-o", str(out)).returncode == 0
    assert len(lines(out.read_bytes())) == 1
    pqf = tmp_path / "out.parquet"
    assert cli("extract", str(tmp_path / "a.html"), "-o", str(pqf)).returncode == 0
    assert pq.read_table(pqf).num_rows == 1  # format follows the .parquet suffix


def test_parquet_to_stdout_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>x</p>")
    proc = cli("extract", str(tmp_path / "a.html"), "--format", "parquet")
    assert proc.returncode == 2 and b"-o" in proc.stderr


def test_limit_option_reaches_the_readers(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_text(make_pages(1)[0][1])
    proc = cli("extract", str(tmp_path / "big.html"), "--max-document-bytes", "1K")
    assert proc.returncode == 0
    [rec] = lines(proc.stdout)
    assert (rec["status"], rec["reason"]) == ("skipped", "too_large")


@pytest.mark.slow
def test_markdown_flag_fills_the_field(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(make_pages(1)[0][1])
    [plain] = lines(cli("extract", str(tmp_path / "a.html")).stdout)
    [md] = lines(cli("extract", str(tmp_path / "a.html"), "--markdown").stdout)
    # JSON Lines carries every field of the record, like Parquet: null when not asked for.
    assert "markdown" in plain and plain["markdown"] is None
    assert isinstance(md.get("markdown"), str) and md["markdown"]


def test_limit_parsing_and_options() -> None:
    a = build_parser().parse_args(
        ["run", "x", "--out", "o", "--timeout", "2.5", "--max-decompressed-bytes", "2G"]
    )
    assert a.timeout == 2.5 and a.max_decompressed_bytes == 2 * 1024**3
    from newsclean.cli import _options

    opts = _options(a)
    assert opts.limits.document_timeout_s == 2.5
    assert opts.limits.max_decompressed_bytes == 2 * 1024**3


def test_usage_errors_exit_nonzero(tmp_path: Path, capsys: object) -> None:
    assert main([]) == 2
    assert main(["inspect", str(tmp_path / "nope")]) == 2
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "o"), "--workers", "0"]) == 2
    assert main(["extract", str(tmp_path / "missing.warc")]) == 2


@pytest.mark.slow
def test_learn_boilerplate_then_apply(tmp_path: Path) -> None:
    pages = make_pages(12, dup_every=1000)  # 3 sites x 4 pages, each with its site line
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("".join(json.dumps({"url": u, "html": h}) + "\n" for u, h in pages))
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"url": pages[0][0], "html": pages[0][1]}) + "\n")
    table = tmp_path / "bp.json"
    proc = cli("learn-boilerplate", str(corpus), "-o", str(table))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(table.read_text())
    assert data["format"] == "newsclean-boilerplate"
    applied = cli("extract", str(one), "--boilerplate", str(table))
    assert applied.returncode == 0, applied.stderr
    [rec] = lines(applied.stdout)
    removed = [r["text"] for r in rec["removed"] if r["reason"] == "repeated_boilerplate"]
    assert any("Harbour Media family" in t for t in removed)
    assert "Harbour Media family" not in str(rec["text"])
    [plain] = lines(cli("extract", str(one)).stdout)
    assert "Harbour Media family" in str(plain["text"])  # kept without the table


def test_invalid_boilerplate_table_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "bp.json").write_text("{}")
    proc = cli("extract", str(tmp_path / "a.html"), "--boilerplate", str(tmp_path / "bp.json"))
    assert proc.returncode == 2 and b"boilerplate" in proc.stderr
