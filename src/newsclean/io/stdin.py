"""Standard input: JSON Lines, WARC, HTML or plain text, detected from the first bytes.

Gzip and zstd input is decompressed first (with the same cap as files). JSON
Lines is streamed line by line; a WARC is streamed record by record; HTML and
text are one document each, read up to ``max_document_bytes``.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsclean.io.compression import CappedStream, open_capped
from newsclean.io.documents import failed, from_bytes
from newsclean.io.jsonl import DEFAULT_KEYS, read_lines
from newsclean.io.sniff import looks_binary, magic_kind
from newsclean.io.warc import read_warc_stream
from newsclean.options import InputKeys, Limits
from newsclean.record import ERROR, SKIPPED, Document

NAME = "<stdin>"
DEFAULT_LIMITS = Limits()
_PEEK = 64 * 1024
_JSON_START = re.compile(rb"^\s*\{")
_TEXTISH_HTML = re.compile(rb"<\s*(?:!doctype|html|head|body|div|p|article|meta|title)\b", re.I)


def detect_stream_kind(head: bytes) -> str:
    """'jsonl', 'warc', 'html', 'text', 'binary' or 'empty' from the first bytes."""
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not stripped:
        return "empty"
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _JSON_START.match(stripped):
        return "jsonl"
    if looks_binary(head):
        return "binary"
    if _TEXTISH_HTML.search(stripped[:4096]):
        return "html"
    return "text"


def read_stdin(
    limits: Limits = DEFAULT_LIMITS,
    stream: BinaryIO | None = None,
    *,
    keys: InputKeys = DEFAULT_KEYS,
) -> Iterator[Document]:
    """Documents from standard input (or ``stream``)."""
    raw: Any = stream if stream is not None else sys.stdin.buffer
    # A buffer as large as the peek: a pipe's own buffer may hold only 8 KiB.
    buffered = io.BufferedReader(raw, buffer_size=_PEEK)
    head = buffered.peek(_PEEK)[:_PEEK]
    capped: CappedStream | None = None
    source: io.BufferedReader = buffered
    compression = {"gzip": "gzip", "zstd": "zstd"}.get(magic_kind(head) or "")
    if compression:
        source = open_capped(buffered, compression, limits.max_decompressed_bytes)
        assert isinstance(source.raw, CappedStream)
        capped = source.raw
        head = source.peek(_PEEK)[:_PEEK]
    kind = detect_stream_kind(head)
    if kind == "jsonl":
        yield from read_lines(source, NAME, limits, capped=capped, keys=keys)
    elif kind == "warc":
        yield from read_warc_stream(source, NAME, limits, capped)
    elif kind == "binary":
        yield failed(NAME, SKIPPED, "binary")
    else:
        data = source.read(limits.max_document_bytes + 1)
        if len(data) > limits.max_document_bytes:
            yield failed(NAME, SKIPPED, "too_large")
        elif capped is not None and capped.failed:
            reason = "decompression_limit" if capped.limit_hit else "truncated_input"
            yield failed(NAME, ERROR, reason)
        else:
            yield from_bytes(data, NAME, as_text=kind == "text")
