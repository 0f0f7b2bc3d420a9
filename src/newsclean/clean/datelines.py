"""Date lines: a line that is a date and little else ("17.05.2021", "Posted
March 5, 2024", "sexta-feira, 22 de outubro de 2010 às 20:13", "2017-03-10 09:58
来源： 网易科学人").

Next to an article's first paragraph such a line is its dateline (metadata, not
text); in a thread or a listing it heads each post or item (text), and the line
model keeps those. The nearest date line the model drops above the article's
first kept line is named ``byline`` (clean/lines.py), so that
``fill_from_bylines`` gives the record its date. Dates are read by
metadata/dateparse.py (machine formats, numeric orders, CJK dates and month
names in the languages of its table): no phrase of any language is listed here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsclean.metadata.authors import FIELD_SEPARATOR
from newsclean.metadata.dateparse import YEAR, ascii_digits, months, parse_date
from newsclean.metadata.tables import load_table, tables
from newsclean.text import UNSPACED_CHAR_RE

# A date line is short: a longer line holding a date is a sentence about it.
MAX_CHARS = 120
# Words besides the date's own (day, month, year, time): a weekday, "Posted",
# "Updated", a source or a short name ("longshot · 03/03/2026 19:44").
MAX_OTHER_WORDS = 4
# A line of two such fields ("04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à
# 15h02": published, then updated; metadata.authors.FIELD_SEPARATOR between
# them) is a date line too, each field held to the limits on its own; a
# sentence with two dates has no separator between them.
MAX_FIELDS = 2
# ... and their ideographs: text without spaces between words (Chinese,
# Japanese) is one "word" per clause; a clause of more characters than a source
# or a label ("来源： 人民日报海外版") is a sentence.
MAX_OTHER_IDEOGRAPHS = 20
_NOT_LETTERS = re.compile(r"[\W\d_年月日년월일]+")
# Left after the date's digits: ordinal suffixes, am/pm, the "h" of "13h36".
_DATE_PARTICLES = frozenset({"st", "nd", "rd", "th", "er", "am", "pm", "h", "º"})


def other_words(line: str) -> tuple[int, int]:
    """(words, ideographs) of ``line`` that are not part of a date: not a month
    name, not a word the date tables allow between day, month and year, not a
    word of one letter."""
    skip = _date_words()
    words = ideographs = 0
    for token in line.split():
        core = _NOT_LETTERS.sub("", token).casefold()
        if not core or core in skip or (len(core) == 1 and core.isalpha()
                                        and not UNSPACED_CHAR_RE.match(core)):
            # a one-letter word is a connective ("à 13h36", "a las 9", "o", "w")
            continue
        words += 1
        if not core.isascii():
            ideographs += len(UNSPACED_CHAR_RE.findall(core))
    return words, ideographs


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    """Month names, the words allowed between day, month and year, particles;
    each also as other_words sees it, its letters only ("ม.ค." is "มค" there)."""
    day_words = [w.casefold() for w in load_table("dates.json")["day_words"]]
    words = [*months().names, *day_words]
    return frozenset([*words, *(_NOT_LETTERS.sub("", w) for w in words), *_DATE_PARTICLES])


def is_date_line(line: str) -> bool:
    """Whether a normalised line is a date and little else, or two such fields
    between a separator."""
    if len(line) > MAX_CHARS:
        return False
    if _is_one_date(line):
        return True
    fields = FIELD_SEPARATOR.split(line)
    return 1 < len(fields) <= MAX_FIELDS and all(_is_one_date(f) for f in fields)


# A line of fields that says who and when ("Le Monde | 04.05.2015 à 13h36 • Mis
# à jour le 04.05.2015 à 15h02 | Par Ann Lee (avec Bo Chen)"): longer than a
# date line, each field short.
MAX_DATED_BYLINE_CHARS = 200
MAX_FIELD_WORDS = 12


def is_dated_byline(line: str) -> bool:
    """Whether a normalised line is fields (between separators), one of them a
    date and another opened by a byline word of the authors table."""
    if len(line) > MAX_DATED_BYLINE_CHARS:
        return False
    fields = [f.strip() for f in FIELD_SEPARATOR.split(line)]
    if len(fields) < 2 or any(len(f.split()) > MAX_FIELD_WORDS for f in fields):
        return False
    opens = tables().opens_byline
    return any(map(opens, fields)) and any(map(_is_one_date, fields))


def is_dateline_like(line: str) -> bool:
    """What a story's dateline may be: a date line or a dated byline."""
    return is_date_line(line) or is_dated_byline(line)


def _is_one_date(line: str) -> bool:
    digits = ascii_digits(line)
    # "19"/"20" (and the Buddhist era's "25") first: a substring test is much
    # cheaper than the regex, and most lines hold none
    if "19" not in digits and "20" not in digits and "25" not in digits:
        return False
    if YEAR.search(digits) is None or line.isdigit():
        return False
    words, ideographs = other_words(line)
    if words > MAX_OTHER_WORDS or ideographs > MAX_OTHER_IDEOGRAPHS:
        return False
    return parse_date(line) is not None


# A clock time ("18:22", "9h05") in a short line: a post's time of day.
_CLOCK = re.compile(r"(?<![\d.,])\d{1,2}[:h]\d{2}(?![\d.,:])")
_DIGIT = re.compile(r"\d")
_NUMBER_THEN = re.compile(r"^\D*?\d+(.*)$")
_EDGE_MARKS = "".join(sorted(set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~·•،؛「」（）【】、。")))
# A post's head: its author, the one it answers, a badge and the time.
MAX_MARK_WORDS = 10
# A unit this long is matched by its start ("minut" in "minutami", "stunde" in
# "stunden"): shorter ones whole, as "an" would start many words.
_UNIT_PREFIX_MIN = 4


@lru_cache(maxsize=1)
def _time_units() -> tuple[frozenset[str], frozenset[str], tuple[int, ...], tuple[str, ...]]:
    """The relative-time units of dates.json: whole words; word starts and
    their lengths; the units of scripts written without spaces (matched at the
    start of what follows the number: "時間" in "2時間前")."""
    whole: set[str] = set()
    starts: set[str] = set()
    unspaced: set[str] = set()
    for units in load_table("dates.json")["relative_time_units"].values():
        for unit in units:
            u = unit.casefold()
            if UNSPACED_CHAR_RE.match(u):
                unspaced.add(u)
            else:
                (starts if len(u) >= _UNIT_PREFIX_MIN else whole).add(u)
    return (frozenset(whole), frozenset(starts), tuple(sorted({len(u) for u in starts})),
            tuple(sorted(unspaced, key=len, reverse=True)))


def _is_unit(word: str) -> bool:
    whole, starts, lengths, unspaced = _time_units()
    w = word.strip(_EDGE_MARKS).casefold()
    if not w:
        return False
    if w in whole or w.startswith(unspaced):
        return True
    return any(w[:n] in starts for n in lengths if n <= len(w))


_DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:\.|er|º)?$")


def _day_and_month(tokens: list[str]) -> bool:
    """A day beside a month name, the year left out ("3 mar", "14. März",
    "Mar 3"), as comments date themselves within the year."""
    names = months().names
    for i, token in enumerate(tokens):
        if token.strip(_EDGE_MARKS).casefold() not in names:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and _DAY.match(tokens[j].strip(",·•")):
                return True
    return False


def is_time_mark(line: str, max_words: int | None = MAX_MARK_WORDS) -> bool:
    """A short line that says when: a date line (``is_date_line``), a clock
    time, a day and a month, or a relative time ("vor 3 Stunden", "il y a 2
    mois", "3 saat önce", "2時間前", "2h": a number followed by a unit of
    dates.json's ``relative_time_units``). What heads each comment of a thread,
    in any language, beside its author's name. ``max_words`` (None: any) bounds
    the line's words for all but a date line."""
    if len(line) > MAX_CHARS or _DIGIT.search(line) is None:
        return False
    if is_date_line(line):
        return True
    tokens = line.split()
    if max_words is not None and len(tokens) > max_words:
        # a sentence that mentions a time ("up to 30 days for...")
        return False
    if _CLOCK.search(line) or _day_and_month(tokens):
        return True
    for i, token in enumerate(tokens):
        m = _NUMBER_THEN.match(token)
        if m is None:
            continue
        rest = m.group(1)
        if rest.strip(_EDGE_MARKS):
            if _is_unit(rest):
                return True
        elif i + 1 < len(tokens) and _is_unit(tokens[i + 1]):
            return True
    return False
