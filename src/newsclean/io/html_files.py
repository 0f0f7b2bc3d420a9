"""HTML files (.html, .htm, .xhtml, optionally .gz/.zst): one document per file."""

from __future__ import annotations

from collections.abc import Iterator

from newsclean.io.documents import failed, from_bytes
from newsclean.io.ids import display_path
from newsclean.io.whole_file import read_whole
from newsclean.options import Limits
from newsclean.record import Document


def read_html_file(path: str, limits: Limits, compression: str | None = None) -> Iterator[Document]:
    locator = display_path(path)
    whole = read_whole(path, compression, limits)
    if whole.data is None:
        assert whole.status is not None and whole.reason is not None
        yield failed(locator, whole.status, whole.reason)
        return
    yield from_bytes(whole.data, locator, as_text=False)
