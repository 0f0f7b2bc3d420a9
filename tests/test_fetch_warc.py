"""The WARC files and the CDXJ index that newsclean fetch writes, read back by other tools."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from fetch_helpers import by_url, run_fetch, warc_files
from fetch_site import SiteFarm
from warcio.archiveiterator import ArchiveIterator

PATHS = [
    "/news/1.html", "/news/2.html", "/redirect/2", "/gzipped.html", "/chunked.html",
    "/odd-headers.html", "/octet", "/latin1", "/cross",
]  # fmt: skip


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, SiteFarm]]:
    out = tmp_path_factory.mktemp("warc")
    with SiteFarm(2) as farm:
        run_fetch(out, [farm.base(0) + p for p in PATHS])
        yield out, farm


def test_warcio_reads_every_record_in_the_expected_order(crawl: tuple[Path, SiteFarm]) -> None:
    out, _ = crawl
    for path in warc_files(out):
        with open(path, "rb") as fh:
            recs = [
                (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                for r in ArchiveIterator(fh, check_digests="raise")
            ]
        assert recs[0][0] == "warcinfo"
        body = [t for t, _ in recs[1:]]
        # request + response per hop, a metadata record after each URL's last response
        assert body.count("request") == body.count("response")
        assert all(t in ("request", "response", "metadata") for t in body)
        with open(path, "rb") as fh:
            versions = {r.rec_headers.protocol for r in ArchiveIterator(fh)}
        assert versions == {"WARC/1.1"}


def test_fastwarc_reads_them_and_the_digests_verify(crawl: tuple[Path, SiteFarm]) -> None:
    out, _ = crawl
    n = 0
    for path in warc_files(out):
        # Block digests on the raw block, payload digests once the HTTP head is parsed.
        with open(path, "rb") as fh:
            for rec in FastIterator(fh, record_types=WarcRecordType.any_type, parse_http=False):
                assert rec.verify_block_digest(), rec.record_id
        with open(path, "rb") as fh:
            for rec in FastIterator(fh, record_types=WarcRecordType.response, parse_http=True):
                assert rec.verify_payload_digest(), rec.record_id
                n += 1
    assert n == len(PATHS) + 2 + 1  # two redirect hops and the cross-host redirect


def test_cdxj_index_equals_cdxj_indexer(crawl: tuple[Path, SiteFarm]) -> None:
    out, _ = crawl
    ours = (out / "index.cdxj").read_text()
    theirs = subprocess.run(
        [sys.executable, "-m", "cdxj_indexer.main", "--sort", *map(str, warc_files(out))],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert ours == theirs
    assert len(ours.splitlines()) == len(PATHS) + 2 + 1


def test_each_record_is_its_own_gzip_member_at_the_logged_offset(
    crawl: tuple[Path, SiteFarm],
) -> None:
    out, farm = crawl
    row = by_url(out)[farm.base(0) + "/news/2.html"]
    data = (out / row["warc_file"]).read_bytes()
    d = zlib.decompressobj(wbits=31)
    record = d.decompress(data[row["warc_offset"] :])
    assert d.eof  # one member, one record
    assert record.startswith(b"WARC/1.1\r\n")
    assert b"\r\nWARC-Type: response\r\n" in record.partition(b"\r\n\r\n")[0]
    assert f"WARC-Target-URI: {farm.base(0)}/news/2.html".encode() in record
    assert b"Library plan number 2" in record


def _http_block(out: Path, url: str) -> bytes:
    for path in warc_files(out):
        with open(path, "rb") as fh:
            for rec in FastIterator(fh, record_types=WarcRecordType.response, parse_http=False):
                if rec.headers.get("WARC-Target-URI") == url:
                    return bytes(rec.reader.read())
    raise AssertionError(f"no response for {url}")


def test_response_headers_are_kept_as_received(crawl: tuple[Path, SiteFarm]) -> None:
    out, farm = crawl
    b = farm.base(0)
    odd = _http_block(out, b + "/odd-headers.html")
    assert b"\r\nX-Odd-CASE: kept  as sent\r\n" in odd
    gz = _http_block(out, b + "/gzipped.html")
    head, _, body = gz.partition(b"\r\n\r\n")
    assert b"Content-Encoding: gzip" in head
    assert gzip.decompress(body).startswith(b"<!doctype html>")  # the bytes as sent
    chunked = _http_block(out, b + "/chunked.html")
    head, _, body = chunked.partition(b"\r\n\r\n")
    assert b"\r\nX-Crawler-Transfer-Encoding: chunked" in head
    assert b"\r\nTransfer-Encoding" not in head
    assert body.startswith(b"<!doctype html>") and body.endswith(b"</html>")


def test_redirect_hops_are_their_own_records(crawl: tuple[Path, SiteFarm]) -> None:
    out, farm = crawl
    b = farm.base(0)
    first = _http_block(out, b + "/redirect/2")
    assert first.startswith(b"HTTP/1.1 302 Found\r\n")
    assert b"\r\nLocation: /redirect/1\r\n" in first
    assert _http_block(out, b + "/redirect/1").startswith(b"HTTP/1.1 302")
    assert _http_block(out, b + "/news/3.html").startswith(b"HTTP/1.1 200 OK")
    row = by_url(out)[b + "/redirect/2"]
    assert row["outcome"] == "fetched" and row["final_url"] == b + "/news/3.html"


def _records_of(out: Path, url: str) -> list[Any]:
    with open(warc_files(out)[0], "rb") as fh:
        return [
            (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
            for r in ArchiveIterator(fh)
            if r.rec_headers.get_header("WARC-Target-URI") == url
        ]


def test_requests_and_metadata_are_recorded(crawl: tuple[Path, SiteFarm]) -> None:
    out, farm = crawl
    recs = _records_of(out, farm.base(0) + "/news/1.html")
    assert [r[0] for r in recs] == ["request", "response"]  # a plain URL: nothing to add
    (_, req_warc, req_http, _), (_, resp_warc, _, _) = recs
    assert req_http.protocol == "GET"
    assert req_http.get_header("User-Agent").startswith("newsclean/")
    assert req_warc.get_header("WARC-Concurrent-To") == resp_warc.get_header("WARC-Record-ID")
    assert resp_warc.get_header("WARC-IP-Address") == "127.0.0.1"
    # A page reached through redirects says where from, in a metadata record.
    recs = _records_of(out, farm.base(0) + "/news/3.html")
    assert [r[0] for r in recs] == ["request", "response", "metadata"]
    meta = recs[2]
    assert meta[1].get_header("Content-Type") == "application/warc-fields"
    assert meta[1].get_header("WARC-Concurrent-To") == recs[1][1].get_header("WARC-Record-ID")
    assert f"redirected-from: {farm.base(0)}/redirect/2".encode() in meta[3]


def test_files_rotate_at_the_size_limit(tmp_path: Path) -> None:
    with SiteFarm(1) as farm:
        run_fetch(
            tmp_path, [f"{farm.base(0)}/news/{n}.html" for n in range(12)], warc_max_bytes=5000
        )
    files = warc_files(tmp_path)
    assert len(files) >= 3
    urls = []
    for path in files:
        with open(path, "rb") as fh:
            recs = list(ArchiveIterator(fh))
        assert recs[0].rec_type == "warcinfo"
        urls += [
            r.rec_headers.get_header("WARC-Target-URI") for r in recs if r.rec_type == "response"
        ]
    assert len(urls) == len(set(urls)) == 12
    index = (tmp_path / "index.cdxj").read_text().splitlines()
    assert {line.split('"filename": "')[1].split('"')[0] for line in index} == {
        p.name for p in files
    }
