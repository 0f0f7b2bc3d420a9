"""summary.json's counts (pipeline/summary.py), computed by DuckDB over a run's
shards: what a user reads to see what the run did."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.pipeline.summary import corpus_counts
from newsclean.record import ARROW_SCHEMA, EMPTY, OK, Article


def _record(i: int, status: str, page_type: str | None, language: str | None) -> Article:
    art = Article(id=f"d{i}", source=f"in/{i}")
    art.status, art.page_type, art.language = status, page_type, language
    art.text = "Text." if status == OK else ""
    art.reason = None if status == OK else "no_article_text"
    return art


def test_page_types_name_text_inputs_text(tmp_path: Path) -> None:
    # Text inputs have no page type (docs/CONTRACT.md): counted as "text", so a
    # run of HTML and text does not read as pages of an unknown type.
    records = [
        _record(0, OK, "article", "en"),
        _record(1, OK, "article", "de"),
        _record(2, OK, None, "en"),
        _record(3, OK, "listing", None),
        _record(4, EMPTY, "forum", None),
    ]
    table = pa.Table.from_pylist([a.to_dict() for a in records], schema=ARROW_SCHEMA)
    pq.write_table(table, tmp_path / "part-0.parquet")
    counts = corpus_counts(str(tmp_path / "*.parquet"))
    assert counts["status"] == {"ok": 4, "empty": 1}
    assert counts["page_type"] == {"article": 2, "text": 1, "listing": 1}
    # an undetected language stays "unknown"
    assert counts["language"] == {"en": 2, "de": 1, "unknown": 1}
