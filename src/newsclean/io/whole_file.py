"""Read a one-document file (HTML, text, unknown) whole, within the limits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.io.compression import actual_compression, open_capped
from newsclean.io.documents import failed, from_bytes
from newsclean.io.ids import display_path
from newsclean.options import Limits
from newsclean.record import ERROR, SKIPPED, Document


@dataclass(frozen=True, slots=True)
class WholeFile:
    data: bytes | None
    status: str | None = None  # set (with reason) when data could not be read
    reason: str | None = None


def read_whole(
    path: str, compression: str | None, limits: Limits, *, cap: int | None = None
) -> WholeFile:
    """The file's bytes, decompressed; never more than ``cap`` (default
    ``max_document_bytes``) in memory."""
    cap = limits.max_document_bytes if cap is None else cap
    with open(path, "rb") as fh:
        compression = actual_compression(fh, compression)
        if compression is None:
            if os.fstat(fh.fileno()).st_size > cap:
                return WholeFile(None, SKIPPED, "too_large")
            return WholeFile(fh.read(cap + 1))
        stream = open_capped(fh, compression, limits.max_decompressed_bytes)
        data = stream.read(cap + 1)
        raw = stream.raw
        if len(data) > cap:
            return WholeFile(None, SKIPPED, "too_large")
        if raw.limit_hit:  # type: ignore[attr-defined]
            return WholeFile(None, ERROR, "decompression_limit")
        if raw.truncated:  # type: ignore[attr-defined]
            return WholeFile(None, ERROR, "truncated_input")
        if raw.corrupt:  # type: ignore[attr-defined]
            return WholeFile(None, ERROR, "malformed_input")
        return WholeFile(data)


def read_whole_document(
    path: str, limits: Limits, compression: str | None, *, as_text: bool, name: str | None = None
) -> Iterator[Document]:
    """One document from a whole file (HTML, or already-extracted text); its locator
    is ``name`` (default: ``path``)."""
    locator = display_path(name or path)
    whole = read_whole(path, compression, limits)
    if whole.data is None:
        assert whole.status is not None and whole.reason is not None
        yield failed(locator, whole.status, whole.reason)
        return
    yield from_bytes(whole.data, locator, as_text=as_text)
