"""Inputs and output given as pyarrow filesystem URIs (file:// here; s3://, gs://
take the same path through pyarrow.fs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import corpus_size, write_corpus


@pytest.mark.slow
def test_run_with_uri_input_and_output(tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "corpus", n_warc=4, n_jsonl=1)
    out = tmp_path / "bucket" / "run1"
    env = {**os.environ, "NEWSCLEAN_STAGING": str(tmp_path / "staging")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsclean",
            "run",
            f"file://{src}",
            "--out",
            f"file://{out}",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [r for s in sorted(out.glob("part-*.parquet")) for r in pq.read_table(s).to_pylist()]
    assert len(rows) == corpus_size(4, 1)
    summary = json.loads((out / ".newsclean" / "summary.json").read_text())
    assert summary["out_dir"] == f"file://{out}" and summary["documents"] == len(rows)
    assert set(os.listdir(out)) == {".newsclean"} | {p.name for p in out.glob("part-*")}


def test_missing_uri_input_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsclean",
            "run",
            f"file://{tmp_path}/nope",
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "does not exist" in proc.stderr
