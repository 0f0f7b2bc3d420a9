"""Issue 8 reader fixes: one record per damaged input, the right line, byte-sized
limits, noisy UTF-8, and HTTP bodies stored with their Content-Encoding."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from helpers_io import article_page, response, warcinfo, write_parquet, write_warc

from newsclean.io import http
from newsclean.io.compression import open_capped
from newsclean.io.decode import decode_html
from newsclean.io.jsonl import read_jsonl, read_lines, utf8_size_over
from newsclean.io.parquet_in import read_parquet
from newsclean.io.stdin import read_stdin
from newsclean.io.warc import read_warc
from newsclean.io.warc_write import warc_bytes
from newsclean.options import Limits
from newsclean.record import ERROR, SKIPPED, Document

PAGE = article_page()


def statuses(docs: list[Document]) -> list[tuple[str | None, str | None]]:
    return [(d.status, d.reason) for d in docs]


def where(doc: Document) -> str:
    return doc.source.rsplit("#", 1)[-1]


# -- JSON Lines: one record for a capped line, and the line it broke on ------------------------


def _gz_lines(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    return path


def test_overlong_line_cut_by_the_cap_gives_one_record(tmp_path: Path) -> None:
    good = orjson.dumps({"html": PAGE}) + b"\n"
    path = _gz_lines(tmp_path, good + b'{"html": "' + b"x" * 50_000 + b'"}\n')
    limits = Limits(max_line_bytes=5_000, max_decompressed_bytes=20_000)
    docs = list(read_jsonl(str(path), limits))
    assert statuses(docs) == [(None, None), (ERROR, "decompression_limit")]
    assert where(docs[1]) == "line=2"


def test_overlong_line_within_the_cap_is_too_large_and_reading_goes_on(tmp_path: Path) -> None:
    good = orjson.dumps({"html": PAGE}) + b"\n"
    path = _gz_lines(tmp_path, b'{"html": "' + b"x" * 50_000 + b'"}\n' + good)
    docs = list(read_jsonl(str(path), Limits(max_line_bytes=5_000)))
    assert statuses(docs) == [(ERROR, "too_large"), (None, None)]
    assert [where(d) for d in docs] == ["line=1", "line=2"]


def test_truncated_stream_names_the_cut_line(tmp_path: Path) -> None:
    lines = b"".join(orjson.dumps({"html": PAGE, "id": str(i)}) + b"\n" for i in range(3))
    data = gzip.compress(lines)
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    docs = list(read_jsonl(str(path), Limits()))
    assert docs[-1].reason == "truncated_input"
    assert where(docs[-1]) == f"line={len(docs)}"  # the line being read, not the next one
    assert all(d.status is None for d in docs[:-1])


def test_cap_at_a_line_boundary_names_the_next_line() -> None:
    lines = b"".join(orjson.dumps({"text": f"line {i} text"}) + b"\n" for i in range(4))
    first_two = len(lines.split(b"\n")[0]) + len(lines.split(b"\n")[1]) + 2
    stream = open_capped(io.BytesIO(gzip.compress(lines)), "gzip", first_two)
    docs = list(read_lines(stream, "s", Limits(), capped=stream.raw))  # type: ignore[arg-type]
    assert statuses(docs) == [(None, None), (None, None), (ERROR, "decompression_limit")]
    assert where(docs[-1]) == "line=3"


# -- WARC: damage that fastwarc reports as nothing still gets its record --------------------


@pytest.mark.parametrize(
    "data",
    [b"WARC/0.", b"WARC/1.0\r\nbroken", b"WARC/1.0\r\nContent-Length: 100\r\n\r\nshort"],
    ids=["version", "header", "body"],
)
@pytest.mark.parametrize("how", ["stdin", "stdin.gz", "file", "file.gz"])
def test_damaged_warc_alone_gives_one_error(tmp_path: Path, data: bytes, how: str) -> None:
    payload = gzip.compress(data) if how.endswith(".gz") else data
    if how.startswith("stdin"):
        docs = list(read_stdin(Limits(), stream=io.BytesIO(payload)))
    else:
        path = tmp_path / ("x.warc.gz" if how.endswith(".gz") else "x.warc")
        path.write_bytes(payload)
        docs = list(read_warc(str(path), Limits()))
    assert statuses(docs) == [(ERROR, "truncated_input")]
    assert where(docs[0]) == "offset=0"


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_cut_last_record_on_stdin_is_reported_after_the_good_ones(gz: bool) -> None:
    good, _ = warc_bytes([warcinfo(), response("https://a.example/", PAGE)], gzip=gz)
    cut = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\nHTTP/1.1 200"
    data = good + (gzip.compress(cut) if gz else cut)
    docs = list(read_stdin(Limits(), stream=io.BytesIO(data)))
    assert statuses(docs) == [(None, None), (ERROR, "truncated_input")]
    assert docs[0].url == "https://a.example/"


def test_unparseable_content_length_gives_one_record(tmp_path: Path) -> None:
    data = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 18446744073709551616\r\n\r\n"
        b"HTTP/1.1 200 OK\r\n\r\n<p>hi</p>\r\n\r\n"
    )
    (tmp_path / "x.warc").write_bytes(data)
    assert statuses(list(read_warc(str(tmp_path / "x.warc"), Limits()))) == [
        (ERROR, "malformed_input")
    ]


# -- the document size limit counts UTF-8 bytes ------------------------------------------------


def test_utf8_size_over() -> None:
    assert not utf8_size_over("a" * 100, 100)
    assert utf8_size_over("a" * 101, 100)
    assert utf8_size_over("é" * 51, 100)  # 102 bytes in 51 characters
    assert not utf8_size_over("é" * 50, 100)
    assert utf8_size_over("日" * 34, 100)  # 102 bytes
    assert not utf8_size_over("\udcff" * 10, 100)  # a lone surrogate does not raise


def test_jsonl_and_parquet_size_limit_is_in_bytes(tmp_path: Path) -> None:
    # 700 characters, 1,400 bytes: over a 1,000-byte limit although len() is not.
    wide = "<p>" + "é" * 700 + "</p>"
    narrow = "<p>" + "e" * 700 + "</p>"
    limits = Limits(max_document_bytes=1_000)
    rows = [{"id": "wide", "html": wide}, {"id": "narrow", "html": narrow}]
    (tmp_path / "d.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    write_parquet(tmp_path / "d.parquet", rows)
    for docs in (
        list(read_jsonl(str(tmp_path / "d.jsonl"), limits)),
        list(read_parquet(str(tmp_path / "d.parquet"), limits)),
    ):
        assert statuses(docs) == [(SKIPPED, "too_large"), (None, None)]
        assert docs[1].html == narrow


# -- noisy UTF-8 against legacy encodings ------------------------------------------------------


def test_short_utf8_page_with_a_few_bad_bytes_stays_utf8() -> None:
    text = "<p>Le conseil a voté le budget des écoles et des routes après un débat.</p>" * 3
    data = text.encode().replace("écoles".encode(), b"\xff\xfe\xc3coles", 1)
    dec = decode_html(data)
    assert (dec.encoding, dec.source) == ("utf-8", "utf8-noisy")
    assert dec.text.count("voté le budget") == 3
    assert "Ã" not in dec.text


@pytest.mark.parametrize(
    ("word", "enc"),
    [("привет мир", "gb18030"), ("Ελλάδα", "euc_jp"), ("日本語の新聞", "shift_jis"),
     ("café crème", "cp1252"), ("Größe", "iso8859_2")],
)  # fmt: skip
def test_short_legacy_text_is_not_taken_for_noisy_utf8(word: str, enc: str) -> None:
    # The most UTF-8-like legacy byte strings measured: still not "mostly UTF-8".
    data = f"<p>Some text {word} more text</p>".encode(enc)
    assert decode_html(data).source != "utf8-noisy"


# -- Content-Encoding of stored HTTP bodies ----------------------------------------------------

BODY = PAGE.encode()


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


def _brotli(data: bytes) -> bytes:
    brotli = pytest.importorskip("brotli")
    out: bytes = brotli.compress(data)
    return out


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", _raw_deflate),
        ("br", _brotli),
        ("gzip, br", lambda b: _brotli(gzip.compress(b))),
        ("gzip", lambda b: gzip.compress(b[:100]) + gzip.compress(b[100:])),
        ("identity", lambda b: b),
    ],
    ids=["gzip", "x-gzip", "zlib", "raw-deflate", "br", "gzip+br", "gzip-members", "identity"],
)
def test_encoded_warc_bodies_are_decoded(
    tmp_path: Path, coding: str, encode: Callable[[bytes], bytes]
) -> None:
    write_warc(
        tmp_path / "c.warc.gz",
        [response("https://a.example/", encode(BODY), headers=[("Content-Encoding", coding)])],
    )
    [doc] = list(read_warc(str(tmp_path / "c.warc.gz"), Limits()))
    assert doc.status is None and doc.html == PAGE


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_body_stored_decoded_with_its_header_is_kept(coding: str) -> None:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {coding}\r\n\r\n"
    assert http.parse_response(head.encode() + BODY, max_body=1 << 20).body == BODY


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_encoded_body_bomb_is_capped(coding: str) -> None:
    bomb = b"<p>" + b"a" * (50 << 20)  # 50 MiB expanding from a few KiB
    encoders: dict[str, Callable[[bytes], bytes]] = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "br": _brotli,
    }
    encoded = encoders[coding](bomb)
    assert len(encoded) < 1 << 20
    out = http.decode_content(encoded, coding, 1 << 20)
    assert len(out) == (1 << 20) + 1  # one byte over the limit: the caller skips it


GZIP_HEADER = [("Content-Encoding", "gzip")]


def test_encoded_body_over_the_document_limit_is_too_large(tmp_path: Path) -> None:
    big = b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>"  # 2 MB
    write_warc(
        tmp_path / "c.warc",
        [
            response(
                "https://a.example/", gzip.compress(big), headers=[("Content-Encoding", "gzip")]
            )
        ],
        gzip=False,
    )
    docs = list(read_warc(str(tmp_path / "c.warc"), Limits(max_document_bytes=1 << 20)))
    assert statuses(docs) == [(SKIPPED, "too_large")]
