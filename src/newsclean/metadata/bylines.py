"""Authors and date from byline lines that text cleaning removed.

``clean_text`` removes "By Ann Lee", "Published 3 May 2021 · 4 min read" and the
like with reason ``byline``; what they say goes to ``authors`` and ``date`` when
the record has none (the README's promise: bylines are kept as metadata)."""

from __future__ import annotations

from collections.abc import Sequence

from newsclean.metadata.authors import byline_names
from newsclean.metadata.dateparse import parse_date
from newsclean.record import Article

# A byline line is short; a longer "byline" is a sentence the cleaner misread.
MAX_BYLINE_CHARS = 200


def byline_fields(lines: Sequence[str]) -> tuple[list[str], str | None]:
    """The first names and the first date the lines give."""
    authors: list[str] = []
    date: str | None = None
    for line in lines:
        if len(line) > MAX_BYLINE_CHARS:
            continue
        if not authors:
            authors = byline_names(line)
        if date is None:
            date = parse_date(line)
        if authors and date:
            break
    return authors, date


def fill_from_bylines(art: Article) -> None:
    """Set the record's empty ``authors`` / ``date`` from its removed bylines."""
    if art.authors and art.date:
        return
    authors, date = byline_fields([r.text for r in art.removed if r.reason == "byline"])
    if not art.authors:
        art.authors = authors
    if art.date is None:
        art.date = date
