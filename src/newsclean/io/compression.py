"""Streamed, capped decompression (gzip, multi-member gzip, zstd).

A :class:`CappedStream` is a read-only binary stream over the decompressed
bytes. It never raises on bad input: when the compressed input ends in the
middle of a member it sets ``truncated``, when the output would pass the cap it
sets ``limit_hit``, when the data is not valid compressed data it sets
``corrupt``; in each case it reports end of stream, so consumers first handle
every complete record they already have and then emit one error record.
"""

from __future__ import annotations

import bisect
import io
import zlib
from typing import BinaryIO

import zstandard

_CHUNK = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_ZSTD_FEED = 1024


class CappedStream(io.RawIOBase):
    """Decompressed view of ``raw`` (positioned at ``start``), at most ``limit`` bytes."""

    def __init__(self, raw: BinaryIO, method: str, limit: int, *, start: int = 0) -> None:
        super().__init__()
        if method not in ("gzip", "zstd"):
            raise ValueError(f"unknown compression {method!r}")
        self._raw = raw
        self._method = method
        self._limit = limit
        self.truncated = False
        self.cut_between_members = False
        """The data stopped being a gzip member or zstd frame right after one ended
        (a cut inside the next one's header, or trailing junk): what came before
        is whole."""
        self.limit_hit = False
        self.corrupt = False
        self.produced = 0  # decompressed bytes handed out
        # Whether any non-whitespace byte came out: a reader that parsed nothing
        # must tell "blank input" from "input it could not parse".
        self.seen_nonblank = False
        # gzip: decompressed offset at which each member starts -> its compressed offset
        self.member_starts: dict[int, int] = {}
        self.member_list: list[tuple[int, int]] = []  # the same, in order, for bisecting
        self._head = 0  # entries before it are forgotten
        self.last_member_start = start
        self._in = b""
        self._in_pos = start  # compressed offset of self._in[0]
        self._gz: zlib._Decompress | None = None
        self._zst: zstandard.ZstdDecompressionObj | None = None
        self._pending = b""
        self._pending_pos = 0
        self._frames = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def member_at_or_before(self, pos: int) -> int:
        """Compressed offset of the member holding decompressed position ``pos``."""
        lst = self.member_list
        i = bisect.bisect_right(lst, (pos, 1 << 62), lo=self._head) - 1
        return lst[i][1] if i >= self._head else self.last_member_start

    def forget_before(self, pos: int) -> None:
        """Drop member offsets before ``pos``: a reader never goes back, and a
        WARC of a million records would otherwise keep a million entries."""
        lst = self.member_list
        while self._head < len(lst) - 1 and lst[self._head + 1][0] <= pos:
            self.member_starts.pop(lst[self._head][0], None)
            self._head += 1
        if self._head > 4096:
            del lst[: self._head]
            self._head = 0

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.produced

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        # Only "where am I" queries (fastwarc asks for them); real seeks are impossible.
        if (whence == io.SEEK_CUR and offset == 0) or (
            whence == io.SEEK_SET and offset == self.produced
        ):
            return self.produced
        raise io.UnsupportedOperation("seek")

    @property
    def failed(self) -> bool:
        return self.truncated or self.limit_hit or self.corrupt

    @property
    def failure(self) -> str | None:
        """The status reason of a failed stream (``record.STATUS_REASONS``), or None."""
        if self.limit_hit:
            return "decompression_limit"
        if self.truncated:
            return "truncated_input"
        return "malformed_input" if self.corrupt else None

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._done:
            return 0
        want = len(buffer)
        if self.produced + want > self._limit:
            want = self._limit - self.produced
            if want <= 0:
                # Only a failure if there is more data: peek one byte past the cap.
                if self._next_chunk(1):
                    self.limit_hit = True
                self._done = True
                return 0
        data = self._next_chunk(want)
        if not data:
            self._done = True
            return 0
        n = len(data)
        buffer[:n] = data
        self.produced += n
        if not self.seen_nonblank:
            self.seen_nonblank = bool(data.strip())
        return n

    def _next_chunk(self, want: int) -> bytes:
        try:
            if self._method == "gzip":
                return self._gzip_chunk(want)
            return self._zstd_chunk(want)
        except (zlib.error, zstandard.ZstdError, EOFError) as exc:
            if "incomplete" in str(exc).lower() or "truncat" in str(exc).lower():
                self.truncated = True
            else:
                self.corrupt = True
            return b""

    def _fill(self) -> bool:
        chunk = self._raw.read(_CHUNK)
        if not chunk:
            return False
        self._in += chunk
        return True

    def _gzip_chunk(self, want: int) -> bytes:
        while True:
            if self._gz is None:
                while len(self._in) < 2 and self._fill():
                    pass
                if not self._in:
                    return b""  # clean end after a complete member
                if not self._in.startswith(_GZIP_MAGIC):
                    # Zero padding after the last member is common; other bytes are damage.
                    self._in = self._in.lstrip(b"\x00")
                    while not self._in and self._fill():
                        self._in = self._in.lstrip(b"\x00")
                    if self._in:
                        if self.member_starts:
                            self.truncated = True
                            self.cut_between_members = True
                        else:
                            self.corrupt = True
                    return b""
                self._gz = zlib.decompressobj(wbits=31)
                self.member_starts[self.produced] = self._in_pos
                self.member_list.append((self.produced, self._in_pos))
                self.last_member_start = self._in_pos
            before = len(self._in)
            out = self._gz.decompress(self._in, want)
            self._in = self._gz.unused_data if self._gz.eof else self._gz.unconsumed_tail
            self._in_pos += before - len(self._in)
            if self._gz.eof:
                self._gz = None
            if out:
                return out
            if self._gz is not None and not self._in and not self._fill():
                self.truncated = True
                return b""

    def _zstd_chunk(self, want: int) -> bytes:
        # python-zstandard's decompressobj has no output bound, so it is fed
        # small slices: one input KiB expands to at most ~32 MiB (RLE blocks),
        # which bounds memory on a bomb; its ``eof`` tells a cut frame apart.
        while True:
            if self._pending_pos < len(self._pending):
                # Index instead of re-slicing: a bomb's pending output can be tens of MiB.
                out = self._pending[self._pending_pos : self._pending_pos + want]
                self._pending_pos += len(out)
                return out
            if self._zst is None:
                while len(self._in) < 4 and self._fill():
                    pass
                if not self._in:
                    return b""
                if not self._in.startswith(_ZSTD_MAGIC) and not _is_skippable(self._in):
                    if self._in.strip(b"\x00"):
                        if self._frames:
                            self.truncated = True
                            self.cut_between_members = True
                        else:
                            self.corrupt = True
                    return b""
                self._zst = zstandard.ZstdDecompressor(max_window_size=2**31).decompressobj()
                self._frames += 1
            if not self._in and not self._fill():
                self.truncated = True
                return b""
            # Feed the whole buffer 1 KiB at a time (slicing a memoryview copies nothing).
            view = memoryview(self._in)
            fed = 0
            parts: list[bytes] = []
            size = 0
            while fed < len(view) and size < want:
                chunk = self._zst.decompress(view[fed : fed + _ZSTD_FEED])
                fed += min(_ZSTD_FEED, len(view) - fed)
                parts.append(chunk)
                size += len(chunk)
                if self._zst.eof:
                    break
            rest = bytes(view[fed:])
            view.release()
            self._pending = b"".join(parts)
            self._pending_pos = 0
            if self._zst.eof:
                self._in = self._zst.unused_data + rest
                self._zst = None
            else:
                self._in = rest


def _is_skippable(head: bytes) -> bool:
    return len(head) >= 4 and head[0] & 0xF0 == 0x50 and head[1:4] == b"\x2a\x4d\x18"


class TellingReader(io.RawIOBase):
    """A pass-through reader that knows its position (fastwarc asks for it; pipes can't say)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self.pos = 0
        self.seen_nonblank = False  # as CappedStream.seen_nonblank

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.pos += n
        if not self.seen_nonblank:
            self.seen_nonblank = bool(data.strip())
        return n

    def tell(self) -> int:
        return self.pos

    def seekable(self) -> bool:
        return False

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        here = (whence == io.SEEK_CUR and offset == 0) or (
            whence == io.SEEK_SET and offset == self.pos
        )
        if here:
            return self.pos
        raise io.UnsupportedOperation("seek")


def actual_compression(fh: BinaryIO, declared: str | None) -> str | None:
    """The compression the file really uses, from its first bytes.

    Crawl files are often renamed (a gzipped WARC saved as ``.warc``, a page
    saved gzipped as ``.html``, a ``.gz`` that was already inflated); the
    magic number is the truth. ``fh`` is left where it was.
    """
    pos = fh.tell()
    head = fh.read(4)
    fh.seek(pos)
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_ZSTD_MAGIC):
        return "zstd"
    if len(head) < 2:
        return declared  # empty or tiny: let the declared reader report it
    return None


def open_capped(raw: BinaryIO, method: str, limit: int, *, start: int = 0) -> io.BufferedReader:
    """A buffered reader over :class:`CappedStream`; the stream is ``.raw``."""
    return io.BufferedReader(CappedStream(raw, method, limit, start=start), buffer_size=_CHUNK)
