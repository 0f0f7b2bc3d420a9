"""Run-time options and resource limits shared by every stage.

One frozen dataclass so that executors (local processes, Ray tasks) can ship it
to workers by pickling, and so that every limit is documented in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits. Every one is configurable from the CLI (see README "Limits")."""

    max_document_bytes: int = 20 * 1024 * 1024
    """Larger documents get status ``skipped`` with reason ``too_large``."""

    max_decompressed_bytes: int = 4 * 1024 * 1024 * 1024
    """Cap on what one compressed input file may expand to (gzip / zstd bombs)."""

    max_line_bytes: int = 64 * 1024 * 1024
    """Cap on one JSON Lines line; longer lines give an ``error`` record."""

    document_timeout_s: float = 60.0
    """Per-document time limit enforced by the workers of ``run``."""

    max_dom_depth: int = 512
    """Elements nested deeper than this are flattened before extraction."""

    max_dom_nodes: int = 300_000
    """HTML documents with more start tags than this (``<`` minus ``</``, counted
    before parsing) get status ``skipped`` with reason ``too_large``: the parsed tree costs
    a few hundred bytes per element, so a page of millions of tiny elements would
    need gigabytes. Real article pages have a few thousand to a few tens of
    thousands."""


@dataclass(frozen=True, slots=True)
class InputKeys:
    """The field names of JSON Lines, JSON and Parquet records that hold the page's
    HTML, its already-extracted text, its URL and its id (``--html-key``...)."""

    html: str = "html"
    text: str = "text"
    url: str = "url"
    id: str = "id"


@dataclass(frozen=True, slots=True)
class Options:
    """What the extraction and cleaning stages should do."""

    markdown: bool = False
    """Add a ``markdown`` field (headings, lists, emphasis, links)."""

    precise: bool = False
    """Precision mode: also run the line classifier over the short blocks of the
    article region (and drop link-heavy blocks sooner): a little more precision
    for less recall and speed (figures in docs/BENCHMARKS.md)."""

    repair_mojibake: bool = True
    """Put back text whose UTF-8 was once read as Windows-1252 or Latin-1
    ("doesnâ€™t" -> "doesn’t": ``newsclean.mojibake``), in the text, the title,
    the site name, the authors and the removed lines; text input is repaired
    before it is cleaned."""

    keep_types: tuple[str, ...] | None = None
    """Page types to extract (``record.PAGE_TYPES``); an HTML page of another type
    gets status ``skipped`` with reason ``not_article``. None keeps every type."""

    boilerplate_path: str | None = None
    """A table saved by ``newsclean learn-boilerplate`` to apply to every document."""

    limits: Limits = Limits()

    keys: InputKeys = InputKeys()
    """Field names of structured inputs (JSON Lines, JSON, Parquet)."""
