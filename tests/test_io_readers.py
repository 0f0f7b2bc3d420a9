"""Readers for every input kind: documents, ids, locators, limits, damage, units."""

from __future__ import annotations

import gzip
import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import zstandard
from helpers_io import (
    PNG_BYTES,
    article_page,
    jsonl_bytes,
    make_mixed_dir,
    write_gzip,
    write_jsonl,
    write_parquet,
    write_zstd,
)

from newsclean.io.readers import InputUnit, iter_documents, list_units, read_stdin, read_unit
from newsclean.options import Limits
from newsclean.record import EMPTY, ERROR, SKIPPED, STATUS_REASONS, Document


def docs_of(*paths: Path | str, limits: Limits | None = None) -> list[Document]:
    return list(iter_documents([str(p) for p in paths], limits or Limits()))


# --- HTML, text, unknown, binary, empty ----------------------------------------------


def test_html_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in [
        "b.html",
        "a.htm",
        "sub/c.xhtml",
        "sub/deeper/d.html",
        ".hidden.html",
        ".git/x.html",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(article_page(title=rel), encoding="utf-8")
    docs = docs_of(tmp_path)
    names = [os.path.relpath(d.source, tmp_path) for d in docs]
    assert names == ["a.htm", "b.html", "sub/c.xhtml", "sub/deeper/d.html"]
    assert all(d.status is None and d.html and d.text is None for d in docs)
    assert docs_of(tmp_path) == docs  # deterministic: same ids, same order
    assert len({d.id for d in docs}) == 4


def test_ids_are_stable_hashes_of_the_locator(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>one</p>")
    first = docs_of(tmp_path / "a.html")[0]
    (tmp_path / "a.html").write_text("<p>changed content, same file</p>")
    again = docs_of(tmp_path / "a.html")[0]
    assert first.id == again.id and len(first.id) == 16
    (tmp_path / "b.html").write_text("<p>one</p>")
    assert docs_of(tmp_path / "b.html")[0].id != first.id


def test_meta_charset_of_a_file_is_used(tmp_path: Path) -> None:
    text = "Городской совет утвердил новый бюджет"
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{text}</p></body></html>'
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    assert text in (docs_of(tmp_path / "ru.html")[0].html or "")


def test_utf16_page_is_not_mistaken_for_binary(tmp_path: Path) -> None:
    # Cyrillic in UTF-16 has a 0x04 byte in every character: control bytes galore
    text = "Городской совет во вторник утвердил новый бюджет и ремонт вокзала. " * 20
    page = f"<html><body><p>{text}</p></body></html>"
    (tmp_path / "ru.html").write_bytes(page.encode("utf-16"))  # with BOM
    [doc] = docs_of(tmp_path / "ru.html")
    assert doc.status is None and text in (doc.html or "")


def test_text_file_is_one_text_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nFirst paragraph.\n", encoding="utf-8")
    [doc] = docs_of(tmp_path / "a.txt")
    assert doc.text == "Headline\n\nFirst paragraph.\n" and doc.html is None


def test_binary_named_html_is_skipped_binary(tmp_path: Path) -> None:
    (tmp_path / "photo.html").write_bytes(PNG_BYTES * 3)
    (tmp_path / "noise.html").write_bytes(bytes(range(256)) * 20)
    docs = docs_of(tmp_path)
    assert [(d.status, d.reason) for d in docs] == [(SKIPPED, "binary")] * 2


def test_empty_and_blank_files_are_empty(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"  \n\n ")
    docs = docs_of(tmp_path)
    assert [(d.status, d.reason) for d in docs] == [(EMPTY, "empty_input")] * 2


def test_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "page.php").write_text(article_page())
    (tmp_path / "notes.md").write_text("# a markdown note")
    (tmp_path / "archive.bin").write_bytes(gzip.compress(b"data") * 10)
    (tmp_path / "magic-words.dat").write_text("MZ is also how this sentence starts.\n")
    by_name = {os.path.basename(d.source): d for d in docs_of(tmp_path)}
    assert by_name["page.php"].status is None and by_name["page.php"].html
    assert by_name["notes.md"].reason == "unsupported_content_type"
    assert by_name["archive.bin"].reason == "binary"
    assert by_name["magic-words.dat"].reason == "unsupported_content_type"
    assert all(d.status == SKIPPED for n, d in by_name.items() if n != "page.php")


def test_compressed_html_files(tmp_path: Path) -> None:
    write_gzip(tmp_path / "a.html.gz", article_page().encode())
    write_zstd(tmp_path / "b.html.zst", article_page().encode())
    docs = docs_of(tmp_path)
    assert [d.status for d in docs] == [None, None]
    assert all("ferry" in (d.html or "") for d in docs)


def test_the_bytes_not_the_name_decide_compression(tmp_path: Path) -> None:
    from helpers_io import response, write_warc

    write_warc(tmp_path / "gzipped.warc", [response("https://a/1", article_page())], gzip=True)
    write_warc(tmp_path / "plain.warc.gz", [response("https://a/2", article_page())], gzip=False)
    write_gzip(tmp_path / "saved.html", article_page().encode())
    write_jsonl(tmp_path / "rows.jsonl", [{"text": "zipped rows"}], compression="zstd")
    docs = docs_of(tmp_path)
    assert [d.status for d in docs] == [None] * 4
    assert [d.url for d in docs[:2]] == ["https://a/1", "https://a/2"]
    assert "ferry" in (docs[3].html or "")
    assert docs[2].text == "zipped rows"


def test_too_large_file_is_skipped_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 50_000 + b"</p>")
    write_gzip(tmp_path / "big2.html.gz", b"<p>" + b"x" * 50_000 + b"</p>")
    docs = docs_of(tmp_path, limits=Limits(max_document_bytes=10_000))
    assert [(d.status, d.reason) for d in docs] == [(SKIPPED, "too_large")] * 2


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list_units([str(tmp_path / "nope.html")])


# --- JSON Lines -----------------------------------------------------------------------


def _rows() -> list:
    return [
        {"id": "first", "url": "https://a.example/1", "html": article_page()},
        b"\n",
        b"{not json at all\n",
        b"   \n",
        {"text": "Already extracted.\n\nSecond paragraph.", "url": "https://a.example/2"},
        b"[1, 2, 3]\n",
        {"url": "https://a.example/3"},
        {"id": 42, "html": ""},
        {"html": "<p>no trailing newline</p>"},
    ]


@pytest.mark.parametrize("compression", [None, "gzip", "zstd"])
def test_jsonl_documents(tmp_path: Path, compression: str | None) -> None:
    suffix = {None: "", "gzip": ".gz", "zstd": ".zst"}[compression]
    path = tmp_path / f"in.jsonl{suffix}"
    data = jsonl_bytes(_rows())
    write_jsonl(path, [data[:-1]], compression=compression)  # last line unterminated
    docs = docs_of(path)
    got = [(d.source.rsplit("#", 1)[1], d.status, d.reason) for d in docs]
    assert got == [
        ("line=1", None, None),
        ("line=3", ERROR, "malformed_input"),
        ("line=5", None, None),
        ("line=6", ERROR, "malformed_input"),
        ("line=7", ERROR, "malformed_input"),
        ("line=8", EMPTY, "empty_input"),
        ("line=9", None, None),
    ]
    assert docs[0].id == "first" and docs[0].url == "https://a.example/1"
    assert docs[2].text and docs[2].html is None and docs[2].url == "https://a.example/2"
    assert docs[5].id == "42"
    assert len(docs[1].id) == 16  # no own id: stable hash of the locator


def test_jsonl_nul_characters_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "fer\\u0000ry"}\n{"text": "plain"}\n')
    assert [d.text for d in docs_of(path)] == ["ferry", "plain"]


def test_jsonl_line_longer_than_limit_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    write_jsonl(path, [{"text": "a"}, {"text": "x" * 100_000}, {"text": "b"}])
    docs = docs_of(path, limits=Limits(max_line_bytes=10_000))
    assert [(d.status, d.reason, d.text) for d in docs] == [
        (None, None, "a"),
        (ERROR, "too_large", None),
        (None, None, "b"),
    ]


def test_truncated_jsonl_gz_gives_lines_before_the_cut_and_one_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    rows = [{"text": f"row {i} " + "w" * 50} for i in range(2000)]
    write_jsonl(path, rows, compression="gzip")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    docs = docs_of(path)
    assert docs[-1].status == ERROR and docs[-1].reason == "truncated_input"
    good = docs[:-1]
    assert 0 < len(good) < 2000
    assert all(d.status is None for d in good)
    assert [d.text for d in good] == [r["text"] for r in rows[: len(good)]]


def test_truncated_jsonl_zst_gives_one_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.zst"
    write_jsonl(path, [{"text": f"row {i}"} for i in range(5000)], compression="zstd")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])
    docs = docs_of(path)
    assert [d.reason for d in docs if d.status == ERROR] == ["truncated_input"]
    assert docs[-1].reason == "truncated_input"


@pytest.mark.parametrize("compression", ["gzip", "zstd"])
def test_decompression_bomb_stops_with_one_error(tmp_path: Path, compression: str) -> None:
    # one JSON line that expands to 50 MB, capped at 1 MB: one record, bounded memory
    line = b'{"text": "' + b"A" * 50_000_000 + b'"}\n'
    head = b'{"text": "fine"}\n'
    path = tmp_path / ("bomb.jsonl.gz" if compression == "gzip" else "bomb.jsonl.zst")
    if compression == "gzip":
        path.write_bytes(gzip.compress(head + line, compresslevel=9))
    else:
        path.write_bytes(zstandard.ZstdCompressor(level=19).compress(head + line))
    assert path.stat().st_size < 200_000
    docs = docs_of(path, limits=Limits(max_decompressed_bytes=1_000_000))
    assert [(d.status, d.reason) for d in docs] == [(None, None), (ERROR, "decompression_limit")]


def test_corrupt_gzip_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"garbage" * 100)
    docs = docs_of(tmp_path / "bad.jsonl.gz")
    assert len(docs) == 1 and docs[0].status == ERROR


def test_jsonl_split_units_have_the_same_ids_and_locators(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    rows: list = []
    for i in range(300):
        rows.append({"text": f"document {i} " + "z" * (i % 37)})
        if i % 7 == 0:
            rows.append(b"\n")
    write_jsonl(path, rows)
    whole = docs_of(path)
    units = list_units([str(path)], split_bytes=1000)
    assert len(units) > 5
    assert all(u.start == 0 or path.read_bytes()[u.start - 1 : u.start] == b"\n" for u in units)
    split = [d for u in units for d in read_unit(pickle.loads(pickle.dumps(u)))]
    assert [(d.id, d.source, d.text) for d in split] == [(d.id, d.source, d.text) for d in whole]
    assert len(whole) == 300


# --- Parquet ---------------------------------------------------------------------------


def test_parquet_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    rows: list[dict[str, str | None]] = [
        {"id": "p1", "url": "https://a/1", "html": article_page(), "text": None},
        {"id": None, "url": None, "html": None, "text": "Extracted text."},
        {"id": None, "url": None, "html": None, "text": None},
    ]
    write_parquet(path, rows)
    docs = docs_of(path)
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["row=0", "row=1", "row=2"]
    assert docs[0].id == "p1" and docs[0].html and docs[0].url == "https://a/1"
    assert docs[1].text == "Extracted text." and len(docs[1].id) == 16
    assert (docs[2].status, docs[2].reason) == (EMPTY, "empty_input")


def test_parquet_without_content_columns_or_damaged_is_an_error(tmp_path: Path) -> None:
    write_parquet(tmp_path / "a.parquet", [{"title": "x"}])
    (tmp_path / "b.parquet").write_bytes(b"PAR1 this is not parquet")
    docs = docs_of(tmp_path)
    assert [(d.status, d.reason) for d in docs] == [(ERROR, "malformed_input")] * 2


def test_parquet_split_by_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "big.parquet"
    write_parquet(
        path, [{"text": f"row {i} " + "q" * 200} for i in range(2000)], row_group_size=100
    )
    whole = docs_of(path)
    units = list_units([str(path)], split_bytes=path.stat().st_size // 6)
    assert len(units) >= 4
    split = [d for u in units for d in read_unit(u)]
    assert [(d.id, d.text) for d in split] == [(d.id, d.text) for d in whole]
    assert len(whole) == 2000


# --- standard input ----------------------------------------------------------------------


def _stdin_docs(data: bytes) -> list[Document]:
    return list(read_stdin(Limits(), stream=io.BytesIO(data)))


def test_stdin_detects_jsonl_html_text_and_binary() -> None:
    jl = _stdin_docs(jsonl_bytes([{"text": "a"}, b"oops\n", {"html": "<p>b</p>"}]))
    assert [(d.source, d.status) for d in jl] == [
        ("<stdin>#line=1", None),
        ("<stdin>#line=2", ERROR),
        ("<stdin>#line=3", None),
    ]
    [html] = _stdin_docs(article_page().encode())
    assert html.html and html.source == "<stdin>"
    [text] = _stdin_docs(b"Just some text.\n\nMore of it.")
    assert text.text == "Just some text.\n\nMore of it."
    [binary] = _stdin_docs(PNG_BYTES)
    assert (binary.status, binary.reason) == (SKIPPED, "binary")
    [empty] = _stdin_docs(b"")
    assert (empty.status, empty.reason) == (EMPTY, "empty_input")


def test_stdin_gzip_and_warc(tmp_path: Path) -> None:
    from helpers_io import response, warc_bytes

    gz = _stdin_docs(gzip.compress(jsonl_bytes([{"text": "a"}, {"text": "b"}])))
    assert [d.text for d in gz] == ["a", "b"]
    data, _ = warc_bytes([response("https://a/1", article_page())], gzip=False)
    [doc] = _stdin_docs(data)
    assert doc.url == "https://a/1" and doc.html


def test_stdin_from_a_real_pipe(tmp_path: Path) -> None:
    code = (
        "from newsclean.io.readers import read_stdin\n"
        "for d in read_stdin(): print(d.source, d.status, d.url)\n"
    )
    from helpers_io import response, warc_bytes

    data, _ = warc_bytes([response("https://a/1", article_page())], gzip=True)
    out = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True, timeout=60
    )
    assert out.stdout.decode().split() == ["<stdin>#offset=0", "None", "https://a/1"]


# --- units and the mixed directory ---------------------------------------------------------


def test_units_are_picklable_values_in_order(tmp_path: Path) -> None:
    make_mixed_dir(tmp_path)
    units = list_units([str(tmp_path)])
    assert [u.ordinal for u in units] == list(range(len(units)))
    assert pickle.loads(pickle.dumps(units)) == units
    assert len({u.key for u in units}) == len(units)
    assert isinstance(units[0], InputUnit)


def test_mixed_directory_gives_one_valid_document_per_input_document(tmp_path: Path) -> None:
    expected = make_mixed_dir(tmp_path)
    docs = docs_of(tmp_path)
    assert len(docs) == expected["documents"]
    assert sum(d.status is None for d in docs) == expected["reader_ok"]
    for status in (ERROR, EMPTY, SKIPPED):
        assert sum(d.status == status for d in docs) == expected[status]
    for d in docs:
        assert d.id and d.source
        if d.status is None:
            assert (d.html is None) != (d.text is None)
        else:
            assert d.reason in STATUS_REASONS
    assert len({d.id for d in docs}) == len(docs)
