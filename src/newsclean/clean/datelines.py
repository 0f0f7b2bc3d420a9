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

from newsclean.metadata.dateparse import YEAR, ascii_digits, months, parse_date
from newsclean.metadata.tables import load_table
from newsclean.text import UNSPACED_CHAR_RE

# A date line is short: a longer line holding a date is a sentence about it.
MAX_CHARS = 120
# Words besides the date's own (day, month, year, time): a weekday, "Posted",
# "Updated", a source or a short name ("longshot · 03/03/2026 19:44").
MAX_OTHER_WORDS = 4
# ... and their ideographs: text without spaces between words (Chinese,
# Japanese) is one "word" per clause; a clause of more characters than a source
# or a label ("来源： 人民日报海外版") is a sentence.
MAX_OTHER_IDEOGRAPHS = 20
_NOT_LETTERS = re.compile(r"[\W\d_年月日년월일]+")
# Left after the date's digits: ordinal suffixes, am/pm, the "h" of "13h36".
_DATE_PARTICLES = frozenset({"st", "nd", "rd", "th", "er", "am", "pm", "h", "º"})


def other_words(line: str) -> tuple[int, int]:
    """(words, ideographs) of ``line`` that are not part of a date: not a month
    name, not a word the date tables allow between day, month and year."""
    skip = _date_words()
    words = ideographs = 0
    for token in line.split():
        core = _NOT_LETTERS.sub("", token).casefold()
        if not core or core in skip:
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
    """Whether a normalised line is a date and little else."""
    if len(line) > MAX_CHARS:
        return False
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
