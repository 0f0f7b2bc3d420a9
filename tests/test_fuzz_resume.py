"""Crash safety, randomised: kill -9 ``newsclean run`` at random moments, resume, compare.

A small mixed corpus (HTML files, a JSON Lines file split into several units, a
WARC, with near-duplicates so dedup has work) is run once uninterrupted. Then,
for each seed, a run into a fresh directory is killed with SIGKILL (the whole
process group: the parent and its workers) at a random moment, two or three
times in a row with ``--resume`` in between, and finally resumed to the end.
The records must equal the uninterrupted run's, row for row, and the summary's
counts must match; no temp file may be left under ``--out`` (a stale one is
planted before the last resume so that its removal is exercised).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest

from newsclean.io.warc_write import response, write_warc

pytestmark = pytest.mark.slow

SEEDS = [int(s) for s in os.environ.get("NEWSCLEAN_RESUME_SEEDS", "11").split(",")]
WORDS = [
    "council", "budget", "school", "road", "vote", "mayor", "city", "district", "street",
    "water", "park", "library", "tax", "meeting", "plan", "grant", "bridge", "market",
]  # fmt: skip


def para(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(30)).capitalize() + "."


def page(rnd: random.Random, i: int) -> str:
    paras = "".join(f"<p>{para(rnd)}</p>" for _ in range(5))
    return (
        f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
        f"{paras}</article></body></html>"
    )


def write_corpus(root: Path) -> Path:
    rnd = random.Random(5)
    corpus = root / "corpus"
    corpus.mkdir()
    pages = [page(rnd, i) for i in range(30)]
    for i in range(8):
        (corpus / f"page{i:02d}.html").write_text(pages[i])
    (corpus / "dup.html").write_text(pages[3])  # a duplicate for dedup
    lines = [orjson.dumps({"id": f"j{i}", "html": pages[8 + i % 14]}) for i in range(40)]
    (corpus / "lines.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    write_warc(
        corpus / "crawl.warc.gz",
        [response(f"https://resume.example/{i}", pages[22 + i % 8]) for i in range(12)],
    )
    return corpus


def run_args(corpus: Path, out: Path, *extra: str) -> list[str]:
    # --split-bytes makes the JSONL file several units, so kills land between units.
    return [sys.executable, "-m", "newsclean", "run", str(corpus), "--out", str(out),
            "--workers", "2", "--split-bytes", "8K", *extra]  # fmt: skip


def records(out: Path) -> list[dict[str, Any]]:
    parts = sorted(out.glob("part-*.parquet"))
    return [row for p in parts for row in pq.read_table(p).to_pylist()]


def counts(out: Path) -> dict[str, Any]:
    s = orjson.loads((out / ".newsclean" / "summary.json").read_bytes())
    return {k: s.get(k) for k in ("documents", "status", "reason", "language", "duplicates")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    root = tmp_path_factory.mktemp("resume")
    corpus = write_corpus(root)
    out = root / "reference"
    t0 = time.perf_counter()
    r = subprocess.run(run_args(corpus, out), capture_output=True, timeout=300)
    wall = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr.decode()
    return corpus, out, wall


def kill_at(args: list[str], delay: float) -> int | None:
    """Start a run and SIGKILL its whole process group after ``delay`` s (None: it finished)."""
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None
    finally:
        # Workers outlive a killed parent only until they notice; reap them now.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.parametrize("seed", SEEDS)
def test_killed_and_resumed_run_equals_the_uninterrupted_run(
    reference: tuple[Path, Path, float], tmp_path: Path, seed: int
) -> None:
    corpus, ref_out, wall = reference
    rnd = random.Random(seed)
    out = tmp_path / "out"
    kills = rnd.randint(2, 3)
    log = []
    for k in range(kills):
        delay = rnd.uniform(0.3, wall)
        extra = ("--resume",) if k else ()
        rc = kill_at(run_args(corpus, out, *extra), delay)
        log.append((round(delay, 2), rc))
    # A writer killed mid-shard leaves a temp file; plant one so its removal is tested
    # (only once the run exists: an empty work dir alone is a start-up kill, tested below).
    work = tmp_path / ".out.newsclean-work"
    if (work / "run.json").exists():
        stale = work / "pass1" / ".unit-000000.parquet.tmp-999999-0badf00d"
        stale.parent.mkdir(parents=True, exist_ok=True)
        stale.write_bytes(b"PAR1 half a shard")
    r = subprocess.run(run_args(corpus, out, "--resume"), capture_output=True, timeout=300)
    assert r.returncode == 0, (log, r.stderr.decode()[-3000:])
    got, want = records(out), records(ref_out)
    assert len(got) == len(want), log
    assert got == want, log
    assert counts(out) == counts(ref_out)
    leftovers = [str(p) for p in out.rglob("*") if ".tmp" in p.name]
    assert not work.exists()  # work files are deleted once the run succeeded
    assert leftovers == [], leftovers


def test_resume_after_a_kill_during_startup(
    reference: tuple[Path, Path, float], tmp_path: Path
) -> None:
    """Killed before the run wrote anything durable: --resume starts it cleanly."""
    corpus, ref_out, _ = reference
    out = tmp_path / "out"
    out.mkdir()
    # what a kill between mkdir and the first manifest write leaves
    (tmp_path / ".out.newsclean-work").mkdir()
    r = subprocess.run(run_args(corpus, out, "--resume"), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    assert records(out) == records(ref_out)
