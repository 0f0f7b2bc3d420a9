"""Plain text files (.txt): the whole file is one already-extracted document."""

from __future__ import annotations

from collections.abc import Iterator

from newsclean.io.whole_file import read_whole_document
from newsclean.options import Limits
from newsclean.record import Document


def read_text_file(
    path: str, limits: Limits, compression: str | None = None, name: str | None = None
) -> Iterator[Document]:
    return read_whole_document(path, limits, compression, as_text=True, name=name)
