"""WARC writing (verified by fastwarc) and reading: records, damage, limits, splits."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator, WarcRecordType
from helpers_io import (
    PNG_BYTES,
    article_page,
    metadata,
    request,
    response,
    warcinfo,
    write_warc,
)

from newsclean.io.readers import list_units, read_unit
from newsclean.io.warc import read_warc
from newsclean.options import Limits
from newsclean.record import ERROR, SKIPPED


def _crawl(n: int = 3) -> list:
    recs = [warcinfo({"software": "test", "isPartOf": "unit"})]
    for i in range(n):
        url = f"https://news.example.org/story-{i}"
        recs += [
            request(url),
            response(url, article_page(title=f"Story number {i}")),
            metadata(url),
        ]
    recs.append(response("https://news.example.org/logo.png", PNG_BYTES, "image/png"))
    return recs


@pytest.mark.parametrize("gz", [True, False])
def test_writer_output_is_a_valid_warc_for_fastwarc(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("c.warc.gz" if gz else "c.warc")
    offsets = write_warc(path, _crawl(2), gzip=gz)
    seen = list(ArchiveIterator(open(path, "rb"), parse_http=True))  # noqa: SIM115
    types = [r.record_type for r in seen]
    assert types == [
        WarcRecordType.warcinfo,
        WarcRecordType.request,
        WarcRecordType.response,
        WarcRecordType.metadata,
        WarcRecordType.request,
        WarcRecordType.response,
        WarcRecordType.metadata,
        WarcRecordType.response,
    ]
    assert [r.stream_pos for r in seen] == offsets
    html = seen[2]
    assert html.headers["WARC-Target-URI"] == "https://news.example.org/story-0"
    assert html.http_content_type == "text/html"
    assert html.http_charset == "utf-8"
    assert html.http_headers.status_code == 200
    if gz:
        # one gzip member per record: each offset starts a member that inflates alone
        data = path.read_bytes()
        for off in offsets:
            assert gzip.decompress(data[off:]).startswith(b"WARC/1.1\r\n")


def test_writer_is_reproducible(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", _crawl())
    write_warc(tmp_path / "b.warc.gz", _crawl())
    assert (tmp_path / "a.warc.gz").read_bytes() == (tmp_path / "b.warc.gz").read_bytes()


@pytest.mark.parametrize("name", ["c.warc", "c.warc.gz"])
def test_only_response_records_are_documents(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = write_warc(path, _crawl(3), gzip=name.endswith(".gz"))
    docs = list(read_warc(str(path), Limits(), compression="gzip" if name.endswith("gz") else None))
    assert len(docs) == 4  # 3 pages + 1 image; warcinfo/request/metadata give nothing
    html, image = docs[:3], docs[3]
    assert [d.url for d in html] == [f"https://news.example.org/story-{i}" for i in range(3)]
    assert all(d.status is None and d.html and "Story number" in d.html for d in html)
    assert [d.source for d in html] == [f"{path}#offset={offsets[i]}" for i in (2, 5, 8)]
    assert all(d.id.startswith("urn:uuid:") for d in docs)
    assert len({d.id for d in docs}) == 4
    assert html[0].date_hint is None  # the hint is the HTTP Last-Modified/Date: none here
    assert image.status == SKIPPED and image.reason == "unsupported_content_type"
    assert image.url and image.url.endswith("logo.png") and image.html is None


def test_http_header_charset_decodes_the_page(tmp_path: Path) -> None:
    page = "<html><body><p>Größere Fähren für Köln – café</p></body></html>"
    russian = "<p>Привет, как дела у вас сегодня</p>"
    write_warc(
        tmp_path / "c.warc",
        [
            response("https://a.example/1", page.encode("cp1252"), "text/html; charset=cp1252"),
            response("https://a.example/2", page.encode("koi8_r", "replace"), "text/html"),
            response("https://a.example/3", russian.encode("koi8_r"), "text/html; charset=KOI8-R"),
        ],
        gzip=False,
    )
    docs = list(read_warc(str(tmp_path / "c.warc"), Limits()))
    assert docs[0].html == page
    assert docs[2].html == russian


def test_chunked_and_gzip_encoded_payloads(tmp_path: Path) -> None:
    body = b"<html><p>chunked body text</p></html>"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    gz_header = [("Content-Encoding", "gzip")]
    write_warc(
        tmp_path / "c.warc.gz",
        [
            response("https://a.example/c", chunked, headers=[("Transfer-Encoding", "chunked")]),
            response("https://a.example/g", gzip.compress(body), headers=gz_header),
        ],
    )
    docs = list(read_warc(str(tmp_path / "c.warc.gz"), Limits(), compression="gzip"))
    assert [d.html for d in docs] == [body.decode(), body.decode()]


def test_empty_and_unlabelled_responses(tmp_path: Path) -> None:
    write_warc(
        tmp_path / "c.warc",
        [
            response("https://a.example/redirect", b"", None, status=301),
            response("https://a.example/bare", article_page().encode(), None),
            response("https://a.example/blob", bytes(range(256)) * 8, "application/octet-stream"),
            response("https://a.example/pdf", b"%PDF-1.4\n...", "application/pdf"),
        ],
        gzip=False,
    )
    docs = list(read_warc(str(tmp_path / "c.warc"), Limits()))
    assert [(d.status, d.reason) for d in docs] == [
        ("empty", "empty_input"),
        (None, None),
        (SKIPPED, "binary"),
        (SKIPPED, "unsupported_content_type"),
    ]


def test_too_large_response_is_skipped(tmp_path: Path) -> None:
    big = article_page(paragraphs=["word " * 5000])
    write_warc(
        tmp_path / "c.warc.gz", [response("https://a/1", big), response("https://a/2", "<p>x</p>")]
    )
    docs = list(read_warc(str(tmp_path / "c.warc.gz"), Limits(max_document_bytes=10_000),
                          compression="gzip"))  # fmt: skip
    assert [(d.status, d.reason) for d in docs] == [(SKIPPED, "too_large"), (None, None)]
    assert docs[0].url == "https://a/1"


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("cut", [6, 40, 200, 700])
def test_truncated_warc_yields_records_before_cut_and_one_error(
    tmp_path: Path, gz: bool, cut: int
) -> None:
    path = tmp_path / ("c.warc.gz" if gz else "c.warc")
    offsets = write_warc(
        path, [response(f"https://a/{i}", article_page(title=f"T{i}")) for i in range(4)], gzip=gz
    )
    data = path.read_bytes()
    kept = len(data) - cut
    path.write_bytes(data[:kept])
    # a record survives when its gzip member (or, uncompressed, its block) is whole
    ends = [*offsets[1:], len(data)]
    survivors = sum(1 for e in ends if (e if gz else e - 4) <= kept)
    docs = list(read_warc(str(path), Limits(), compression="gzip" if gz else None))
    ok = [d for d in docs if d.status is None]
    errors = [d for d in docs if d.status == ERROR]
    assert len(errors) == 1 and errors[0].reason == "truncated_input"
    assert docs[-1] is errors[0]
    assert [d.url for d in ok] == [f"https://a/{i}" for i in range(len(ok))]
    assert len(ok) == survivors < 4


def test_decompression_bomb_in_warc_stops_with_one_error(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    write_warc(path, [response("https://a/1", "<p>fine</p>"),
                      response("https://a/2", b"<p>" + b"A" * 3_000_000 + b"</p>")])  # fmt: skip
    docs = list(read_warc(str(path), Limits(max_decompressed_bytes=200_000), compression="gzip"))
    assert [(d.status, d.reason) for d in docs] == [(None, None), (ERROR, "decompression_limit")]
    assert docs[1].url == "https://a/2"


def test_garbage_file_named_warc_gives_one_error(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(b"this is not a warc file at all\n" * 10)
    docs = list(read_warc(str(path), Limits()))
    assert len(docs) == 1 and docs[0].status == ERROR


@pytest.mark.parametrize("name", ["big.warc", "big.warc.gz"])
def test_split_units_give_the_same_documents_as_one_unit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    recs = [warcinfo()]
    for i in range(40):
        url = f"https://news.example.org/{i}"
        recs += [request(url), response(url, article_page(title=f"Headline {i}"))]
    write_warc(path, recs, gzip=name.endswith(".gz"))
    whole = [d for u in list_units([str(path)]) for d in read_unit(u)]
    units = list_units([str(path)], split_bytes=path.stat().st_size // 7)
    assert len(units) >= 5
    assert [u.ordinal for u in units] == list(range(len(units)))
    units = [pickle.loads(pickle.dumps(u)) for u in units]  # workers receive pickled units
    split = [d for u in units for d in read_unit(u)]
    assert [(d.id, d.source, d.html) for d in split] == [(d.id, d.source, d.html) for d in whole]
    assert len(whole) == 40
    per_unit = [len(list(read_unit(u))) for u in units]
    assert sum(per_unit) == 40 and max(per_unit) < 40
