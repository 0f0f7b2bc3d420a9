"""`newsclean run` with the local engine, driven as a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import corpus_size, write_corpus

from newsclean.record import ARROW_SCHEMA


def run_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", "run", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def read_records(out: Path) -> list[dict[str, object]]:
    shards = sorted(out.glob("part-*.parquet"))
    rows: list[dict[str, object]] = []
    for s in shards:
        t = pq.read_table(s)
        assert t.schema.names == ARROW_SCHEMA.names
        rows += t.to_pylist()
    return rows


@pytest.mark.slow
def test_run_writes_shards_and_summary(tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    proc = run_cli(str(src), "--out", str(out), "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    records = read_records(out)
    n = corpus_size()
    assert len(records) == n
    assert len({r["id"] for r in records}) == n
    summary = json.loads((out / ".newsclean" / "summary.json").read_text())
    assert summary["documents"] == n
    assert sum(summary["status"].values()) == n
    assert summary["status"] == {
        s: sum(1 for r in records if r["status"] == s) for s in summary["status"]
    }
    # the corpus copies every 5th page: the run must find those duplicates
    dups = [r for r in records if r["duplicate_of"]]
    assert summary["duplicates"] == len(dups) >= 4
    ids = {r["id"] for r in records}
    assert all(r["duplicate_of"] in ids and r["cluster_id"] for r in dups)
    assert summary["clusters"] == len({r["cluster_id"] for r in records if r["cluster_id"]})
    # pass 2: the site line on every page was learned and removed corpus-wide
    assert summary["boilerplate_lines"] >= 1
    # (pages with a URL: the site is known; loose .html files count as sites of their own)
    with_site = [r for r in records if r["status"] == "ok" and r["url"]]
    assert summary["removed_reason"].get("repeated_boilerplate", 0) >= len(with_site) > 20
    assert not any("Harbour Media family" in str(r["text"]) for r in with_site)
    assert summary["workers"] == 2 and summary["wall_seconds"] > 0
    assert {"pass1", "dedup", "write"} <= set(summary["phase_seconds"])
    # every step's CPU (the worker thread's) within its wall time; the workers'
    # whole CPU at least the steps' sum
    cpu, wall = summary["stage_cpu_seconds"], summary["stage_wall_seconds"]
    assert set(cpu) == set(wall) | {"cpu"} and cpu["process"] > 0
    assert all(cpu[k] <= wall[k] + 0.01 for k in wall)
    assert sum(v for k, v in cpu.items() if k != "cpu") <= cpu["cpu"] + 0.01
    # the one-screen table goes to stderr; no progress bar when stderr is not a TTY
    assert "documents" in proc.stderr and "\r" not in proc.stderr
    # and says where the workers' CPU went
    assert re.search(r"^cpu: .*process \d", proc.stderr, re.M)
    assert not list(out.glob("*.tmp*"))


@pytest.mark.slow
def test_no_dedup_leaves_cluster_fields_empty(tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "corpus", n_warc=6, n_jsonl=2)
    out = tmp_path / "out"
    proc = run_cli(str(src), "--out", str(out), "--workers", "1", "--no-dedup", "--progress")
    assert proc.returncode == 0, proc.stderr
    assert "pass 1" in proc.stderr and "docs" in proc.stderr  # the forced progress bar
    records = read_records(out)
    assert len(records) == corpus_size(6, 2)
    assert not any(r["cluster_id"] or r["duplicate_of"] for r in records)


@pytest.mark.slow
def test_run_refuses_a_used_directory_without_resume(tmp_path: Path) -> None:
    src = tmp_path / "one.html"
    src.write_text(
        "<html><body><article><p>"
        + "A short story about the river. " * 20
        + "</p></article></body></html>"
    )
    out = tmp_path / "out"
    assert run_cli(str(src), "--out", str(out), "--workers", "1").returncode == 0
    again = run_cli(str(src), "--out", str(out), "--workers", "1")
    assert again.returncode == 2 and "already holds a finished run" in again.stderr


def test_run_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli(str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_split_units_give_the_same_records(tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "corpus", n_warc=12, n_jsonl=0)
    (src / "page0.html").unlink()  # keep the two WARC files (+ 2 pages)
    whole, split = tmp_path / "whole", tmp_path / "split"
    assert run_cli(str(src), "--out", str(whole), "--workers", "2").returncode == 0
    proc = run_cli(str(src), "--out", str(split), "--workers", "2", "--split-bytes", "8K")
    assert proc.returncode == 0, proc.stderr
    assert (whole / ".newsclean" / "summary.json").exists()
    s_split = json.loads((split / ".newsclean" / "summary.json").read_text())
    assert s_split["units"] > len(list(src.iterdir()))  # the WARC files were shared out
    keys = ("id", "source", "status", "text", "cluster_id", "duplicate_of")
    a = sorted(tuple(r[k] for k in keys) for r in read_records(whole))
    b = sorted(tuple(r[k] for k in keys) for r in read_records(split))
    assert a == b and len(a) == 14


def test_the_fork_servers_preload_freezes_what_it_loaded() -> None:
    # Workers fork from the server that imports prewarm: the stages it loaded
    # are left out of their collectors' full collections (and stay shared).
    code = ("import gc; assert gc.get_freeze_count() == 0; "
            "import newsclean.pipeline.prewarm; print(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert int(out.stdout.strip()) > 10_000
