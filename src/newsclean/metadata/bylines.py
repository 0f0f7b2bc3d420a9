"""Authors and date from byline lines that text cleaning removed.

``clean_text`` removes "By Ann Lee", "Published 3 May 2021 · 4 min read" and the
like with reason ``byline``; what they say goes to ``authors`` and ``date`` when
the record has none (the README's promise: bylines are kept as metadata)."""

from __future__ import annotations

from collections.abc import Sequence

from newsclean.metadata.authors import byline_names
from newsclean.metadata.date_sources import byline_date
from newsclean.metadata.tables import CJK
from newsclean.record import Article

# A byline line is short; a longer "byline" is a sentence the cleaner misread.
MAX_BYLINE_CHARS = 200


def byline_fields(lines: Sequence[str]) -> tuple[list[str], str | None]:
    """The first names and the first publication date the lines give; an
    update's date only when they give no other. A page that shows when it was
    updated often shows when it was published too, lower down ("Updated 2 May
    2025" above the story, "Published 3 March 2021" under the byline): on the
    wcxb-dev train pages' html-text, the publication date over the first date
    is right on 2 more pages and wrong on 2 fewer; taking no update date at all
    is wrong on 28 fewer and right on 31 fewer (pages that show only their
    update often mean it as their date)."""
    authors: list[str] = []
    date: str | None = None
    updated: str | None = None
    for line in lines:
        if len(line) > MAX_BYLINE_CHARS:
            continue
        if not authors:
            authors = [n for n in byline_names(line) if text_byline_name(n)]
        if date is None:
            found, is_update = byline_date(line)
            if is_update:
                updated = updated or found
            else:
                date = found
        if authors and date:
            break
    return authors, date or updated


def text_byline_name(name: str) -> bool:
    """A name a byline line of text gives that reads as a person's: two words
    or more (or a script written without spaces) and no digit. The lines a
    text loses as bylines hold reading times ("13 MIN READ") and menu labels
    a byline word opens ("By Role", "By Product"; Dutch "Door" before "Door
    Locks"), whose one word is no name; a text gives no markup to tell a
    user name ("by ibby") from them."""
    if any(ch.isdigit() for ch in name):
        return False
    return len(name.split()) >= 2 or bool(CJK.search(name))


def fill_from_bylines(art: Article) -> None:
    """Set the record's empty ``authors`` / ``date`` from its removed bylines."""
    if art.authors and art.date:
        return
    authors, date = byline_fields([r.text for r in art.removed if r.reason == "byline"])
    if not art.authors:
        art.authors = authors
    if art.date is None:
        art.date = date
