"""A record's input document read back from its ``source`` locator, for the
inspector's source view: real input files of every kind, the locators the real
readers give them, and the same Document (same decoding, id and URL) back."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from helpers_io import PNG_BYTES, article_page, write_jsonl, write_parquet

from newsclean.inspect.sources import parse_locator, read_source
from newsclean.io.readers import iter_documents
from newsclean.io.warc_write import request, response, warcinfo, write_warc
from newsclean.options import Limits
from newsclean.record import Document

LIMITS = Limits()


def pages(n: int) -> list[str]:
    return [article_page(title=f"Ferry story number {i}", site=f"Site {i}") for i in range(n)]


def inputs(root: Path) -> None:
    """One file of every input kind, under ``root/in``."""
    d = root / "in"
    (d / "sub").mkdir(parents=True)
    # a legacy encoding the reader must detect from the meta tag, as in the run
    page = article_page(title="Café society reopens", charset="windows-1252")
    (d / "cafe.html").write_bytes(page.encode("cp1252"))
    (d / "sub" / "zipped.html.gz").write_bytes(gzip.compress(pages(1)[0].encode(), mtime=0))
    (d / "notes.txt").write_text("A plain text note.\n\nIts second paragraph.\n", encoding="utf-8")
    (d / "image.png").write_bytes(PNG_BYTES)
    records = [warcinfo()]
    for i, html in enumerate(pages(4)):
        records += [
            request(f"https://site{i}.example/a"),
            response(f"https://site{i}.example/a", html),
        ]
    write_warc(d / "crawl.warc.gz", records)
    write_warc(d / "plain.warc", records[:5], gzip=False)
    rows: list[dict[str, str] | bytes] = [
        {"html": h, "url": f"https://j.example/{i}"} for i, h in enumerate(pages(3))
    ]
    rows[1:1] = [b"\n", b"{not json\n"]
    rows.append({"text": "Already extracted text of a story.\n\nSecond paragraph.", "id": "own-7"})
    write_jsonl(d / "lines.jsonl", rows)
    write_jsonl(d / "lines.jsonl.gz", rows, compression="gzip")
    write_parquet(
        d / "table.parquet",
        [{"html": h, "url": f"https://p.example/{i}"} for i, h in enumerate(pages(7))],
        row_group_size=2,
    )


@pytest.fixture
def run_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Inputs written and read from ``tmp_path``, as a run started there would."""
    inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def documents() -> list[Document]:
    return list(iter_documents(["in"]))


def test_every_document_of_every_input_kind_reads_back_the_same(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [d for d in documents() if d.status is None]
    kinds = {parse_locator(d.source).kind for d in docs}  # type: ignore[union-attr]
    assert kinds == {None, "offset", "line", "row"}
    assert len(docs) >= 20
    # looked up from elsewhere, under the run's directory as a root
    monkeypatch.chdir("/")
    for doc in docs:
        src = read_source(doc.source, doc.id, doc.url, [str(run_dir)], LIMITS)
        assert src.available, (doc.source, src.message)
        assert src.document is not None
        assert (src.document.html, src.document.text) == (doc.html, doc.text), doc.source
        assert src.document.url == doc.url
        assert src.note == ""  # the same document: nothing changed
        assert src.path is not None and os.path.isabs(src.path)


def test_the_page_is_decoded_as_the_run_decoded_it(run_dir: Path) -> None:
    doc = next(d for d in documents() if d.source == "in/cafe.html")
    src = read_source(doc.source, doc.id, None, [str(run_dir)], LIMITS)
    assert src.kind == "html" and src.document is not None
    assert "Café society reopens" in (src.document.html or "")


def test_text_inputs_read_back_as_text(run_dir: Path) -> None:
    for name in ("in/notes.txt", "in/lines.jsonl#line=6"):
        doc = next(d for d in documents() if d.source == name)
        src = read_source(doc.source, doc.id, doc.url, [str(run_dir)], LIMITS)
        assert src.kind == "text" and src.document is not None
        assert src.document.text == doc.text


def test_a_warc_record_is_read_at_its_offset_and_checked_against_the_record(run_dir: Path) -> None:
    warc = [d for d in documents() if d.source.startswith("in/crawl.warc.gz#offset=")]
    assert len(warc) == 4
    third = warc[2]
    src = read_source(third.source, third.id, third.url, [str(run_dir)], LIMITS)
    assert src.document is not None and src.document.url == "https://site2.example/a"
    assert src.document.id == third.id  # the WARC-Record-ID


def test_a_file_rewritten_since_the_run_is_flagged(run_dir: Path) -> None:
    before = {d.source: d for d in documents()}
    write_parquet(
        run_dir / "in" / "table.parquet",
        [{"html": h, "url": f"https://moved.example/{i}"} for i, h in enumerate(pages(7))],
    )
    write_jsonl(
        run_dir / "in" / "lines.jsonl", [{"html": "<p>x</p>"}] * 5 + [{"text": "t", "id": "new"}]
    )
    for locator in ("in/table.parquet#row=5", "in/lines.jsonl#line=6"):
        doc = before[locator]
        src = read_source(locator, doc.id, doc.url, [str(run_dir)], LIMITS)
        assert src.available and "has changed since the run" in src.note, locator


def test_a_file_that_is_gone_says_where_it_was_looked_for_and_what_to_do(run_dir: Path) -> None:
    src = read_source("in/moved.html", "x", None, [str(run_dir), "/elsewhere"], LIMITS)
    assert not src.available
    assert src.tried == [str(run_dir / "in" / "moved.html"), "/elsewhere/in/moved.html"]
    assert "no longer there" in src.message and "--source-root" in src.message


def test_a_position_past_the_end_of_the_file_is_reported(run_dir: Path) -> None:
    for locator in (
        "in/lines.jsonl#line=99",
        "in/table.parquet#row=70",
        "in/crawl.warc.gz#offset=5",
    ):
        src = read_source(locator, "x", None, [str(run_dir)], LIMITS)
        assert not src.available and src.message, locator


def test_documents_the_reader_refuses_say_why(run_dir: Path) -> None:
    png = next(d for d in documents() if d.source == "in/image.png")
    src = read_source(png.source, png.id, None, [str(run_dir)], LIMITS)
    assert not src.available and "skipped" in src.message and "binary" in src.message
    bad = next(d for d in documents() if d.source == "in/lines.jsonl#line=3")
    src = read_source(bad.source, bad.id, None, [str(run_dir)], LIMITS)
    assert not src.available
    assert "malformed_input: the input record could not be parsed" in src.message
    assert src.raw == "{not json"  # the line itself, to see what is wrong with it


@pytest.mark.parametrize("source", ["<stdin>", "<stdin>#line=3", "<api>", ""])
def test_documents_that_came_from_no_file(source: str) -> None:
    src = read_source(source, "x", None, ["/"], LIMITS)
    assert not src.available and "not a file" in src.message


def test_a_reader_failure_record_is_not_a_document(run_dir: Path) -> None:
    src = read_source("in/crawl.warc.gz#unit=1024+3", "x", None, [str(run_dir)], LIMITS)
    assert not src.available and "could not be read at all" in src.message


@pytest.mark.parametrize(
    ("source", "path", "kind", "number"),
    [
        ("a/b.html", "a/b.html", None, 0),
        ("/abs/x.warc.gz#offset=1234", "/abs/x.warc.gz", "offset", 1234),
        ("x.warc.zst#doffset=77", "x.warc.zst", "doffset", 77),
        ("d/x.jsonl#line=3", "d/x.jsonl", "line", 3),
        ("t.parquet#row=0", "t.parquet", "row", 0),
        ("odd#name.html", "odd#name.html", None, 0),
        ("f.warc#unit=100+2", "f.warc", "unit", 100),
    ],
)
def test_locators_parse_into_path_and_position(
    source: str, path: str, kind: str | None, number: int
) -> None:
    loc = parse_locator(source)
    assert loc is not None
    assert (loc.path, loc.kind, loc.number) == (path, kind, number)
