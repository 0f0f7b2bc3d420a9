"""`newsclean extract`: output formats, compression from the file name, one file
per document, field names of structured inputs, .json inputs, --limit, and what
an input without documents gives."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from test_pipeline_corpus import make_pages

from newsclean.cli import main
from newsclean.io.warc_write import response, write_warc

PAGES = make_pages(4, dup_every=1000)


def records(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()
    return [json.loads(x) for x in data.decode().splitlines()]


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    """crawl/a.html, crawl/sub/b.htm and crawl/w.warc.gz (two responses)."""
    root = tmp_path / "crawl"
    (root / "sub").mkdir(parents=True)
    (root / "a.html").write_text(PAGES[0][1])
    (root / "sub" / "b.htm").write_text(PAGES[1][1])
    write_warc(root / "w.warc.gz", [response(u, h) for u, h in PAGES[2:4]])
    return root


@pytest.mark.parametrize(("name", "magic"), [("r.jsonl.gz", b"\x1f\x8b"),
                                             ("r.jsonl.zst", b"\x28\xb5\x2f\xfd")])  # fmt: skip
def test_compression_follows_the_file_name(
    crawl: Path, tmp_path: Path, name: str, magic: bytes
) -> None:
    out = tmp_path / name
    assert main(["extract", str(crawl), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    recs = records(out)
    assert len(recs) == 4 and all(r["status"] == "ok" for r in recs)


def test_one_text_file_per_document_mirrors_the_input_names(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "texts"
    assert main(["extract", str(crawl), "-o", str(out), "--format", "txt"]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.txt"))
    assert written == ["a.txt", "sub/b.txt", "w.warc.gz/000001.txt", "w.warc.gz/000002.txt"]
    text = (out / "a.txt").read_text()
    assert "Home" not in text and text.strip()
    assert "<" not in text


def test_markdown_files_carry_the_title(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    assert main(["extract", str(crawl / "a.html"), "-o", f"{out}/", "--format", "markdown"]) == 0
    md = (out / "a.md").read_text()
    assert md.startswith("# Story 0")


def test_markdown_and_text_to_one_file(crawl: Path, tmp_path: Path) -> None:
    md = tmp_path / "all.md.gz"
    assert main(["extract", str(crawl), "-o", str(md)]) == 0
    body = gzip.decompress(md.read_bytes()).decode()
    assert body.count("\n---\n") == 3 and body.count("# Story") == 4
    txt = tmp_path / "all.txt"
    assert main(["extract", str(crawl), "-o", str(txt)]) == 0
    text = txt.read_text()
    assert text.strip() and "# Story" not in text and "<p>" not in text


def test_csv_has_a_header_and_a_row_per_record(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert main(["extract", str(crawl), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == 4 and rows[0]["status"] == "ok"
    assert json.loads(rows[0]["removed"]) and rows[0]["paywalled"] in ("true", "false")


def test_other_field_names_for_json_lines(tmp_path: Path) -> None:
    src = tmp_path / "dump.jsonl"
    src.write_text(
        "".join(
            json.dumps({"link": u, "raw_content": h, "uid": f"u{i}"}) + "\n"
            for i, (u, h) in enumerate(PAGES[:2])
        )  # fmt: skip
    )
    out = tmp_path / "r.jsonl"
    argv = ["extract", str(src), "-o", str(out), "--html-key", "raw_content"]
    assert main([*argv, "--url-key", "link", "--id-key", "uid"]) == 0
    recs = records(out)
    assert [r["id"] for r in recs] == ["u0", "u1"]
    assert recs[0]["url"] == PAGES[0][0] and recs[0]["status"] == "ok"


def test_a_record_without_the_field_says_which_option_to_use(tmp_path: Path) -> None:
    src = tmp_path / "dump.jsonl"
    src.write_text(json.dumps({"content": "x", "url": "https://a.example/1"}) + "\n")
    out = tmp_path / "r.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 0
    [rec] = records(out)
    assert (rec["status"], rec["reason"]) == ("error", "malformed_input")
    assert "'content'" in rec["error"] and "--html-key" in rec["error"]
    assert "--text-key" in rec["error"]


def test_parquet_input_with_a_text_column(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    body = " ".join(["The council voted to approve the new budget for the roads."] * 6)
    pq.write_table(pa.table({"body": [body, body + " Again."], "u": ["a", "b"]}), src)
    out = tmp_path / "r.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--text-key", "body"]) == 0
    assert [r["status"] for r in records(out)] == ["ok", "ok"]
    # Without the option, every row gets its own error record saying why.
    assert main(["extract", str(src), "-o", str(out)]) == 0
    recs = records(out)
    assert [r["source"].rsplit("#", 1)[1] for r in recs] == ["row=0", "row=1"]
    assert all("'body'" in r["error"] for r in recs)


def test_json_files_hold_an_object_or_an_array(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.json").write_text(json.dumps({"url": PAGES[0][0], "html": PAGES[0][1]}))
    (tmp_path / "in" / "many.json").write_text(
        json.dumps([{"url": u, "html": h} for u, h in PAGES[1:3]])
    )
    out = tmp_path / "r.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out)]) == 0
    recs = records(out)
    assert [r["source"].rsplit("/", 1)[1] for r in recs] == [
        "many.json#item=0", "many.json#item=1", "one.json"
    ]  # fmt: skip
    assert all(r["status"] == "ok" for r in recs)


def test_limit_stops_after_n_documents(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["extract", str(crawl), "--limit", "3", "-o", str(out)]) == 0
    assert len(records(out)) == 3


def test_no_document_is_a_warning_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "r.jsonl"
    assert main(["extract", str(empty), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "warning" in err and "no document" in err
    assert not out.exists()
