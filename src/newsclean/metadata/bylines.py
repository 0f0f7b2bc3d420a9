"""Authors and date from byline lines that text cleaning removed.

``clean_text`` removes "By Ann Lee", "Published 3 May 2021 · 4 min read" and the
like with reason ``byline``; what they say goes to ``authors`` and ``date`` when
the record has none (the README's promise: bylines are kept as metadata)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from newsclean.metadata.authors import byline_names
from newsclean.metadata.date_sources import byline_date
from newsclean.metadata.tables import CJK, tables
from newsclean.record import Article

# A byline line is short; a longer "byline" is a sentence the cleaner misread.
MAX_BYLINE_CHARS = 200


def byline_fields(lines: Sequence[str], text: str = "") -> tuple[list[str], str | None]:
    """The first names and the first publication date the lines give; an
    update's date only when they give no other. A page that shows when it was
    updated often shows when it was published too, lower down ("Updated 2 May
    2025" above the story, "Published 3 March 2021" under the byline): on the
    wcxb-dev train pages' html-text, the publication date over the first date
    is right on 2 more pages and wrong on 2 fewer; taking no update date at all
    is wrong on 28 fewer and right on 31 fewer (pages that show only their
    update often mean it as their date). ``text`` is the text the lines were
    removed from: a "name" whose every word it writes in lower case is words
    (common_words_name)."""
    authors: list[str] = []
    date: str | None = None
    updated: str | None = None

    @cache
    def names_at(k: int) -> list[str]:
        return byline_names(lines[k]) if 0 <= k < len(lines) else []

    @cache
    def label(k: int) -> bool:
        return bool(text) and _one_word_label(names_at(k), text)

    def in_facet_menu(i: int) -> bool:
        # a facet menu's labels stand together ("By Role", "By Industry", "By
        # Use Case"), each a word the text writes in lower case; a user name
        # ("by Quady", "Written by HomeAdvisor") is not one, and a label alone
        # beside a byline is as often a menu label in another language ("Door
        # Locks")
        return any(label(k) and (label(k - 1) or label(k + 1)) for k in (i - 1, i, i + 1))

    for i, line in enumerate(lines):
        if len(line) > MAX_BYLINE_CHARS:
            continue
        if not authors:
            names = [n for n in names_at(i)
                     if text_byline_name(n) and not common_words_name(n, text)]
            if names and not in_facet_menu(i):
                authors = names
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


_LETTERS = re.compile(r"[^\W\d_]+")


def written_in_lower_case(word: str, text: str) -> bool:
    """Whether ``text`` writes ``word`` as a word of its own in lower case."""
    low = word.lower()
    return re.search(rf"(?<![^\W\d_]){re.escape(low)}(?![^\W\d_])", text) is not None


def common_words_name(name: str, text: str) -> bool:
    """Whether every word of ``name`` (but name particles and initials) is one
    ``text`` writes in lower case: a facet menu's label that a byline word
    opens ("By Use Case", "By Wine Region", "From Our Economists") names no
    one, and its words are the text's own; people's names seldom are all of
    them ("Will Smith"). A wire agency is an author whatever words it is made of
    ("The Associated Press"). On the wcxb-dev train pages' html-text it took 6
    wrong names and none right; the first word alone took 11 wrong and none
    right there, but would drop "By The Investopedia Team" and every name whose
    first name is a word ("Will", "Mark")."""
    t = tables()
    if not text or name.casefold() in t.agency_names:
        return False
    words = [w for w in _LETTERS.findall(name)
             if len(w) > 1 and w.lower() not in t.name_particles]
    return bool(words) and all(written_in_lower_case(w, text) for w in words)


def _one_word_label(names: list[str], text: str) -> bool:
    """A byline line's names (``names``) are one word ``text`` writes in lower
    case ("By Role" where the text speaks of roles)."""
    return (len(names) == 1 and len(names[0].split()) == 1
            and written_in_lower_case(names[0], text))


def fill_from_bylines(art: Article) -> None:
    """Set the record's empty ``authors`` / ``date`` from its removed bylines."""
    if art.authors and art.date:
        return
    authors, date = byline_fields([r.text for r in art.removed if r.reason == "byline"],
                                  art.text)
    if not art.authors:
        art.authors = authors
    if art.date is None:
        art.date = date
