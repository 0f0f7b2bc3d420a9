"""Streamed, capped decompression: members, padding, cuts, bombs, corrupt data."""

from __future__ import annotations

import gzip
import io

import pytest
import zstandard

from newsclean.io.compression import CappedStream, open_capped

DATA = b"".join(b"line %d of the stream\n" % i for i in range(20000))


def _read(comp: bytes, method: str, limit: int = 1 << 30) -> tuple[bytes, CappedStream]:
    stream = open_capped(io.BytesIO(comp), method, limit)
    out = stream.read()
    assert isinstance(stream.raw, CappedStream)
    return out, stream.raw


def test_multi_member_gzip_and_member_offsets() -> None:
    parts = [DATA[:1000], DATA[1000:50000], DATA[50000:]]
    members = [gzip.compress(p, mtime=0) for p in parts]
    out, raw = _read(b"".join(members), "gzip")
    assert out == DATA and not raw.failed
    assert raw.member_list == [
        (0, 0),
        (1000, len(members[0])),
        (50000, len(members[0]) + len(members[1])),
    ]
    raw.forget_before(60000)
    assert raw.member_at_or_before(60000) == len(members[0]) + len(members[1])
    assert len(raw.member_starts) == 1


def test_zero_padding_after_gzip_is_fine_but_garbage_is_a_cut() -> None:
    comp = gzip.compress(DATA)
    out, raw = _read(comp + b"\x00" * 4096, "gzip")
    assert out == DATA and not raw.failed
    out, raw = _read(comp + b"trailing junk", "gzip")
    assert out == DATA and raw.truncated


@pytest.mark.parametrize("method", ["gzip", "zstd"])
def test_cut_stream_sets_truncated(method: str) -> None:
    comp = gzip.compress(DATA) if method == "gzip" else zstandard.ZstdCompressor().compress(DATA)
    out, raw = _read(comp[: len(comp) * 2 // 3], method)
    assert raw.truncated and not raw.limit_hit
    assert DATA.startswith(out) and 0 < len(out) < len(DATA)


@pytest.mark.parametrize("method", ["gzip", "zstd"])
def test_cap_stops_exactly_and_is_reported(method: str) -> None:
    comp = gzip.compress(DATA) if method == "gzip" else zstandard.ZstdCompressor().compress(DATA)
    out, raw = _read(comp, method, limit=10_000)
    assert out == DATA[:10_000] and raw.limit_hit
    # a stream exactly as long as the cap is not over it
    out, raw = _read(comp, method, limit=len(DATA))
    assert out == DATA and not raw.failed


@pytest.mark.parametrize("method", ["gzip", "zstd"])
def test_not_compressed_at_all_is_corrupt(method: str) -> None:
    out, raw = _read(b"plain text, not compressed " * 50, method)
    assert out == b"" and raw.corrupt


def test_zstd_bomb_is_read_in_bounded_pieces() -> None:
    comp = zstandard.ZstdCompressor(level=19).compress(b"\x00" * (64 << 20))
    stream = open_capped(io.BytesIO(comp), "zstd", 5 << 20)
    biggest = 0
    total = 0
    while chunk := stream.read(1 << 16):
        biggest = max(biggest, len(chunk))
        total += len(chunk)
    assert total == 5 << 20 and biggest <= 1 << 16
    assert isinstance(stream.raw, CappedStream) and stream.raw.limit_hit
