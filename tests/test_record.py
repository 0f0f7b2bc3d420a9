"""The record contract: fields, vocabularies and their documentation agree."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from newsclean.record import ARROW_SCHEMA, REASONS, STATUS_REASONS, STATUSES, Article, Removed

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

CONTRACT_FIELDS = [
    "id", "source", "url", "status", "reason", "title", "site_name", "authors", "date",
    "language", "canonical_url", "text", "removed", "paywalled", "cluster_id", "duplicate_of",
]


def test_every_contract_field_is_in_the_record_the_schema_and_the_readme() -> None:
    d = Article(id="a", source="s").to_dict()
    for name in CONTRACT_FIELDS:
        assert name in d
        assert name in ARROW_SCHEMA.names
        assert f"| `{name}` |" in README


def test_every_reason_is_documented_in_the_readme() -> None:
    for reason in [*REASONS, *STATUS_REASONS]:
        assert f"| `{reason}` |" in README, reason


def test_statuses_are_the_contract_four() -> None:
    assert set(STATUSES) == {"ok", "empty", "skipped", "error"}


def test_a_record_round_trips_through_dict_and_arrow() -> None:
    art = Article(
        id="x1", source="f.warc.gz#offset=0", url="https://a.example/1", title="T",
        authors=["A B"], text="One.\n\nTwo.", removed=[Removed("Log in", "paywall")],
        paywalled=True,
    )
    d = art.to_dict()
    assert Article.from_dict(d) == art
    table = pa.Table.from_pylist([d], schema=ARROW_SCHEMA)
    assert table.to_pylist()[0] == d
