"""Input and output: readers (HTML, WARC, JSON Lines, Parquet, text, stdin),
decoding, and atomic record writers. See docs/ARCHITECTURE.md for the interface."""

from __future__ import annotations

from newsclean.io.readers import InputUnit, iter_documents, list_units, read_stdin, read_unit
from newsclean.io.writers import JsonlWriter, ParquetWriter, open_writer, read_records

__all__ = [
    "InputUnit",
    "JsonlWriter",
    "ParquetWriter",
    "iter_documents",
    "list_units",
    "open_writer",
    "read_records",
    "read_stdin",
    "read_unit",
]
