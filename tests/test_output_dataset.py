"""The output directory of `newsclean run` opens as a dataset, as it is, with the
tools people load datasets with: pandas, pyarrow, DuckDB (flat and recursive
globs) and Hugging Face `datasets` (offline). Work files live beside OUT and are
gone after success; the summary is in OUT/.newsclean/ where no loader reads it."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import corpus_size, write_corpus

from newsclean.record import ARROW_SCHEMA

pytestmark = pytest.mark.slow

# `datasets` reads these when it is imported: set before any test can import it, so
# the loader never reaches for the network (it only reads a local directory).
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"

SHARD_ROWS = 12
N = corpus_size(24, 6)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", "run", *args],
        capture_output=True, text=True, timeout=300, cwd=cwd,
    )  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("dataset")
    src = write_corpus(base / "corpus")
    out = base / "out"
    proc = run(str(src), "--out", str(out), "--workers", "2", "--shard-rows", str(SHARD_ROWS))
    assert proc.returncode == 0, proc.stderr
    return out


def test_out_holds_only_shards_and_a_hidden_summary(out: Path) -> None:
    names = sorted(os.listdir(out))
    shards = [n for n in names if n.startswith("part-")]
    assert names == [".newsclean", *shards]
    assert os.listdir(out / ".newsclean") == ["summary.json"] or set(
        os.listdir(out / ".newsclean")
    ) == {"summary.json", "boilerplate.json"}
    summary = json.loads((out / ".newsclean" / "summary.json").read_text())
    assert summary["documents"] == N
    # Shards are sized by rows, not by input file or task.
    assert len(shards) == summary["shards"] <= math.ceil(N / SHARD_ROWS)
    assert [pq.read_metadata(out / s).num_rows for s in shards][:-1] == [SHARD_ROWS] * (
        len(shards) - 1
    )
    # The work files were beside OUT, and are gone after success.
    assert not (out.parent / ".out.newsclean-work").exists()
    assert summary["work_dir"] is None


def test_pandas_reads_the_directory(out: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(out)
    assert len(frame) == N and frame["id"].is_unique
    assert list(frame.columns) == ARROW_SCHEMA.names


def test_pyarrow_dataset_reads_the_directory(out: Path) -> None:
    import pyarrow.dataset as ds

    dataset = ds.dataset(out)
    assert dataset.count_rows() == N
    assert dataset.schema.equals(ARROW_SCHEMA)


@pytest.mark.parametrize("pattern", ["*.parquet", "**/*.parquet"])
def test_duckdb_globs_read_every_record_once(out: Path, pattern: str) -> None:
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        f"SELECT count(*), count(DISTINCT id) FROM read_parquet('{out}/{pattern}')"
    ).fetchone()
    assert rows == (N, N)


def test_hugging_face_datasets_loads_the_directory(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_dataset("parquet", data_dir=str(out), cache_dir=str(tmp_path / "c"))
    train = loaded["train"]
    assert train.num_rows == N
    assert len(set(train["id"])) == N


def test_keep_work_keeps_the_work_files_outside_out(tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "corpus", n_warc=6, n_jsonl=0)
    out = tmp_path / "kept"
    work = tmp_path / "work-here"
    proc = run(str(src), "--out", str(out), "--workers", "1", "--keep-work",
               "--work-dir", str(work), "--shard-bytes", "1K")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (work / "run.json").exists() and (work / "manifest.jsonl").exists()
    assert "work files kept in" in proc.stderr
    import duckdb

    n = corpus_size(6, 0)
    got = duckdb.connect().execute(f"SELECT count(*) FROM '{out}/**/*.parquet'").fetchone()
    assert got == (n,)
    # --resume on a finished run has nothing to do, and says so.
    again = run(str(src), "--out", str(out), "--work-dir", str(work), "--resume")
    assert again.returncode == 0 and "nothing to resume" in again.stderr
    assert not work.exists()  # tidied up, as --keep-work was not given again
