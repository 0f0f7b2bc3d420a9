"""`.json` inputs and field names (InputKeys) at the reader level: one record per
document, whatever the file holds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from newsclean.io.readers import iter_documents
from newsclean.options import InputKeys, Limits
from newsclean.record import EMPTY, ERROR, SKIPPED


def docs(path: Path, **kw: object) -> list[tuple[str, str | None, str | None]]:
    return [
        (d.source.rsplit("/", 1)[1], d.status, d.reason)
        for d in iter_documents([str(path)], **kw)  # type: ignore[arg-type]
    ]


def test_an_array_gives_one_document_per_item_whatever_the_item(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_text(json.dumps([{"html": "<p>x</p>"}, 3, None, {"text": ""}, {"body": "y"}]))
    assert docs(p) == [
        ("a.json#item=0", None, None),
        ("a.json#item=1", ERROR, "malformed_input"),
        ("a.json#item=2", ERROR, "malformed_input"),
        ("a.json#item=3", EMPTY, "empty_input"),
        ("a.json#item=4", ERROR, "malformed_input"),
    ]


def test_one_object_compressed(tmp_path: Path) -> None:
    p = tmp_path / "one.json.gz"
    p.write_bytes(gzip.compress(json.dumps({"url": "https://a.example/", "text": "Hi."}).encode()))
    [d] = list(iter_documents([str(p)]))
    assert (d.source.rsplit("/", 1)[1], d.text, d.url) == (
        "one.json.gz",
        "Hi.",
        "https://a.example/",
    )


def test_broken_empty_and_oversized_files(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"html": "<p>cut')
    (tmp_path / "empty.json").write_text("  \n")
    (tmp_path / "big.json").write_text(json.dumps({"html": "x" * 5000}))
    got = docs(tmp_path, limits=Limits(max_line_bytes=1000))
    assert got == [
        ("bad.json", ERROR, "malformed_input"),
        ("big.json", SKIPPED, "too_large"),
        ("empty.json", EMPTY, "empty_input"),
    ]


def test_the_error_names_the_fields_and_the_option(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"raw_content": "<p>x</p>", "link": "u"}) + "\n")
    [d] = list(iter_documents([str(p)]))
    assert d.status == ERROR and d.error is not None
    assert "'raw_content', 'link'" in d.error and "--html-key" in d.error
    [ok] = list(iter_documents([str(p)], keys=InputKeys(html="raw_content", url="link")))
    assert ok.html == "<p>x</p>" and ok.url == "u" and ok.status is None
