"""Files of no known kind: HTML by content, else one ``skipped`` record."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsclean.io.documents import failed, from_bytes
from newsclean.io.ids import display_path
from newsclean.io.sniff import SNIFF_BYTES, looks_binary
from newsclean.io.whole_file import read_whole
from newsclean.options import Limits
from newsclean.record import SKIPPED, Document

# A page saved without a suffix (or as .php, .asp...) still starts like HTML.
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)[\s>]", re.I | re.S)


def looks_like_html(head: bytes) -> bool:
    return _HTML_START.match(head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")) is not None


def read_unknown_file(
    path: str, limits: Limits, compression: str | None = None, name: str | None = None
) -> Iterator[Document]:
    locator = display_path(name or path)
    if compression is None:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
        # Decided on the first bytes, so a large binary is "binary", not "too_large".
        if looks_binary(head) and not looks_like_html(head):
            yield failed(locator, SKIPPED, "binary")
            return
    whole = read_whole(path, compression, limits)
    if whole.data is None:
        assert whole.status is not None and whole.reason is not None
        yield failed(locator, whole.status, whole.reason)
        return
    data = whole.data
    if looks_like_html(data) or not data.strip():
        yield from_bytes(data, locator, as_text=False)
    elif looks_binary(data[:SNIFF_BYTES]):
        yield failed(locator, SKIPPED, "binary")
    else:
        yield failed(locator, SKIPPED, "unsupported_content_type")
