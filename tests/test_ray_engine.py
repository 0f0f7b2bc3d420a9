"""`--engine ray` on a real local Ray cluster (2 CPUs) equals the local engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import corpus_size, write_corpus

pytestmark = pytest.mark.ray


def _records(out: Path) -> set[tuple[object, ...]]:
    rows = [r for s in sorted(out.glob("part-*.parquet")) for r in pq.read_table(s).to_pylist()]
    keys = [
        (r["id"], r["source"], r["status"], r["reason"], r["title"], r["text"],
         r["language"], r["cluster_id"], r["duplicate_of"])
        for r in rows
    ]  # fmt: skip
    assert len(keys) == len(set(keys))
    return set(keys)


def test_ray_output_equals_local(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    # relative input paths: the ids derived from them must agree across engines
    write_corpus(tmp_path / "corpus", n_warc=12, n_jsonl=3)
    env = {**os.environ, "RAY_ADDRESS": "", "RAY_USAGE_STATS_ENABLED": "0"}
    base = [sys.executable, "-m", "newsclean", "run", "corpus", "--workers", "2"]
    local = subprocess.run(
        [*base, "--out", "local"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert local.returncode == 0, local.stderr
    ray = subprocess.run(
        [*base, "--out", "ray", "--engine", "ray"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ray.returncode == 0, ray.stderr
    got, want = _records(tmp_path / "ray"), _records(tmp_path / "local")
    assert len(want) == corpus_size(12, 3)
    assert got == want
    assert any(k[-1] for k in want)  # the corpus has duplicates and both engines found them
    summary = json.loads((tmp_path / "ray" / "summary.json").read_text())
    assert summary["engine"] == "ray" and summary["workers"] == 2
