"""Atomic JSON Lines and Parquet writers, and reading the records back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsclean.io.writers import (
    JsonlWriter,
    ParquetWriter,
    open_writer,
    read_articles,
    read_records,
)
from newsclean.record import ARROW_SCHEMA, Article, Removed


def _articles(n: int) -> list[Article]:
    return [
        Article(
            id=f"id-{i}",
            source=f"in.jsonl#line={i + 1}",
            url=f"https://a.example/{i}",
            title=f"Title {i}",
            authors=["Mara Lindqvist"] if i % 2 else [],
            text=f"Paragraph one of {i}.\n\nParagraph two — ünïcode.",
            removed=[Removed("Share on social media", "share")] if i % 3 == 0 else [],
            paywalled=i % 5 == 0,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_round_trip(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    arts = _articles(10)
    with open_writer(str(path), fmt) as w:
        for a in arts:
            w.write(a)
    assert read_articles(path) == arts
    assert [r["id"] for r in read_records(path)] == [a.id for a in arts]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left


def test_parquet_uses_the_contract_schema_and_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with ParquetWriter(path, row_group_rows=100) as w:
        for a in _articles(250):
            w.write(a)
    pf = pq.ParquetFile(path)
    assert pf.schema_arrow.equals(ARROW_SCHEMA)
    assert pf.metadata.num_rows == 250
    assert pf.metadata.num_row_groups == 3


def test_nothing_under_the_final_name_until_close(tmp_path: Path) -> None:
    for cls, name in ((JsonlWriter, "o.jsonl"), (ParquetWriter, "o.parquet")):
        path = tmp_path / name
        w = cls(path)
        w.write(_articles(1)[0])
        assert not path.exists()
        w.close()
        assert path.exists()


@pytest.mark.parametrize("name", ["o.jsonl", "o.parquet"])
def test_exception_aborts_and_keeps_the_previous_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"previous")
    fmt = "parquet" if name.endswith("parquet") else "jsonl"
    with pytest.raises(RuntimeError), open_writer(str(path), fmt) as w:
        w.write(_articles(1)[0])
        raise RuntimeError("crash in the middle")
    assert path.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == [name]


def test_killed_process_leaves_no_half_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    code = (
        "import os, sys\n"
        "from newsclean.io.writers import JsonlWriter\n"
        "from newsclean.record import Article\n"
        f"w = JsonlWriter({str(path)!r})\n"
        "for i in range(1000): w.write(Article(id=str(i), source='s'))\n"
        "w._fh.flush()\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60)
    assert not path.exists()


def test_jsonl_to_stdout() -> None:
    code = (
        "from newsclean.io.writers import JsonlWriter\n"
        "from newsclean.record import Article\n"
        "with JsonlWriter() as w: w.write(Article(id='x', source='s', text='t'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=60)
    assert out.stdout.startswith(b'{"id":"x","source":"s"')
    assert out.stdout.count(b"\n") == 1


def test_parquet_needs_a_path() -> None:
    with pytest.raises(ValueError):
        open_writer(None, "parquet")
    with pytest.raises(ValueError):
        open_writer("x.xml", "xml")
