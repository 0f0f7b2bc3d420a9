"""Property tests: damaged inputs never raise, and every document yields one record."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from helpers_io import article_page, jsonl_bytes, metadata, request, response, warc_bytes, warcinfo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.io.readers import iter_documents
from newsclean.options import Limits
from newsclean.record import STATUS_REASONS

_RECORDS = [
    warcinfo(),
    request("https://a.example/1"),
    response("https://a.example/1", article_page()),
    metadata("https://a.example/1"),
    response("https://a.example/2", article_page(title="Second"), "text/html; charset=latin-1"),
]
WARC_GZ, _ = warc_bytes(_RECORDS, gzip=True)
WARC, _ = warc_bytes(_RECORDS, gzip=False)
JSONL = jsonl_bytes([{"html": article_page()}, {"text": "t", "id": 3}, {"url": "u", "html": "x"}])


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for pos, delete, insert in cuts:
        p = pos % (len(out) + 1)
        out[p : p + delete] = insert
    return bytes(out)


_MUTATIONS = st.lists(
    st.tuples(st.integers(0, 1 << 20), st.integers(0, 64), st.binary(max_size=16)), max_size=4
)


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        docs = list(iter_documents([str(path)], Limits(max_decompressed_bytes=10_000_000)))
    for d in docs:
        assert d.id and d.source
        if d.status is None:
            assert (d.html is None) != (d.text is None)
        else:
            assert d.reason in STATUS_REASONS


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_MUTATIONS)
def test_mutated_warc_gz(cuts: list[tuple[int, int, bytes]]) -> None:
    _check("x.warc.gz", _mutate(WARC_GZ, cuts))


@_SETTINGS
@given(_MUTATIONS)
def test_mutated_warc(cuts: list[tuple[int, int, bytes]]) -> None:
    _check("x.warc", _mutate(WARC, cuts))


@_SETTINGS
@given(_MUTATIONS)
def test_mutated_jsonl_gz(cuts: list[tuple[int, int, bytes]]) -> None:
    _check("x.jsonl.gz", _mutate(gzip.compress(JSONL), cuts))


@_SETTINGS
@given(
    st.binary(max_size=3000),
    st.sampled_from(["a.html", "a.txt", "a.jsonl", "a.warc", "a.parquet", "a.bin"]),
)
def test_random_bytes_under_every_name(data: bytes, name: str) -> None:
    _check(name, data)


def test_whole_file_records_count_is_exact_for_intact_warc() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.warc.gz"
        path.write_bytes(WARC_GZ)
        assert len(list(iter_documents([str(path)]))) == 2
