"""Dates as pages write them -> ISO 8601: machine formats (ISO, RFC 2822, Unix
time), numeric day-month-year orders, CJK dates and visible dates with month
names in the languages of ``data/dates.json``; and dates in URL paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from datetime import date as _date
from email.utils import parsedate_to_datetime
from functools import lru_cache

from newsclean.metadata.page import split_url, tidy
from newsclean.metadata.tables import alternation, load_table, prefix_tree

_MIN_YEAR = 1990
# A year: "19", "20" (or the Buddhist era's "25", below) and two digits, with no
# digit on either side (every date parse_date reads but a Unix time holds one).
# The "no digit before" is a look-behind after the first two digits (the same
# matches): a pattern that opens with a look-behind is tried at every position of
# the text, one that opens with "1" or "2" only where those are (half the time).
YEAR = re.compile(r"(?:19|20|25)(?<!\d19|\d20|\d25)\d{2}(?!\d)")
# YEAR as one pattern per first digit, for long texts (year_starts): a pattern
# that opens with a literal is scanned for that character in a tight loop, where
# YEAR's "1 or 2" is a set tested at every character (four times slower).
_YEAR_BY_FIRST_DIGIT = (
    re.compile(r"19(?<!\d19)\d{2}(?!\d)"),
    re.compile(r"2(?:0(?<!\d20)|5(?<!\d25))\d{2}(?!\d)"),
)
# Thai dates count years in the Buddhist era, 543 years ahead of the common
# era ("12 มีนาคม 2567" is 12 March 2024): a year from 2500 on is one of them (no
# page dates anything in the 26th century). Read in day-month-year dates, with
# the month named or in digits.
BUDDHIST_ERA = 543
_BE_FIRST = 2500
_ISO_TZ = re.compile(r"([+-]\d{2})(\d{2})$")
# "2021-05-03 10:04": ISO with a space for the "T"
_SPACED_ISO = re.compile(r"^\d{4}-\d{2}-\d{2} \d")
# Digits of a second beyond the microsecond, which fromisoformat refuses.
_SUB_MICRO = re.compile(r"(\.\d{6})\d+")
# "Mon, 03 May 2021 10:04:00 GMT"
_RFC_2822 = re.compile(r"^[A-Za-z]{3},")
_YMD = re.compile(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_YMD_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:\D|$)")
# Day, month, year by dots, slashes or hyphens ("28-11-2019": Spanish, Italian,
# Dutch and Indian sites; hyphens only when the order is certain, parse_date);
# one separator throughout.
_DMY = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2((?:19|20|25)\d{2})\b")
_CJK_YMD = re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹๐๑๒๓๔๕๖๗๘๙", "012345678901234567890123456789")
# the digits _DIGITS translates, as a class: whether a text holds one
_OTHER_DIGITS = re.compile("[" + "".join(map(chr, _DIGITS)) + "]")


@lru_cache(maxsize=8)
def _compiled(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


class _LazyPattern:
    """A text-date pattern of ``_Months``, compiled when first read: with 32
    languages' months in each, compiling the five took about 0.1 s of a
    process's first record, most of it for patterns a page whose date is
    declared never reads (authors only need ``dateish``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, months: _Months, owner: type | None = None) -> re.Pattern[str]:
        return _compiled(*months.sources[self._name])


class _Months:
    """Month names of every language in data/dates.json -> month number, and
    the text-date patterns built from them (their sources and flags by name)."""

    __slots__ = ("names", "sources")
    mdy = _LazyPattern()
    dmy = _LazyPattern()
    ymd = _LazyPattern()
    ydm = _LazyPattern()
    dateish = _LazyPattern()

    def __init__(self, names: dict[str, int], sources: dict[str, tuple[str, int]]) -> None:
        self.names = names
        self.sources = sources


@lru_cache(maxsize=1)
def months() -> _Months:
    """Month names of every language in data/dates.json -> month number,
    and the text-date patterns built from them."""
    data = load_table("dates.json")
    names: dict[str, int] = {}
    spellings: set[str] = set()
    for per_lang in data["months"].values():
        for i, forms in enumerate(per_lang):
            for form in forms:
                names[form.casefold()] = i + 1
                spellings.add(form.lower())
    # Matched case-insensitively, and read back case-folded: a form is looked
    # for as written too, since a regex does not fold one character into
    # several (Greek "μαΐου", May, folds to one character more).
    forms = spellings | set(names)
    day_words = alternation(data["day_words"])
    # The names as a prefix tree: where no month name starts, a test of the
    # first letter or a walk down the tree says so, where an alternation would
    # try each of its 800 names (searches twenty times faster), and five
    # patterns of 800 names each took a tenth of a second to compile. What the
    # group matches is the alternation's: two names can only both match at a
    # position when one begins the other, and both try the longer first.
    initials = "".join(sorted({re.escape(form[0]) for form in forms}))
    month = rf"(?<![^\W\d_])(?=[{initials}])({prefix_tree(forms)})(?![^\W\d_])\.?"
    year = r"((?:19|20|25)\d{2})(?!\d)"
    # The year first, with a word of its own after it: Hungarian "2024. március
    # 12.", Lithuanian "2024 m. kovo 12 d.", Latvian "2024. gada 12. martā".
    first = rf"(?<!\d){year}\.?\s+(?:(?:{alternation(data['year_words'])})\s+)?"
    return _Months(names, {
        "mdy": (rf"{month},?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}", re.I),
        "dmy": (rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.?º|°|\.)?\s*"
                rf"(?:(?:{day_words})\s+)?{month},?\s*(?:(?:{day_words})\s+)?{year}", re.I),
        "ymd": (rf"{first}{month}\s*(\d{{1,2}})(?!\d)", re.I),
        "ydm": (rf"{first}(\d{{1,2}})\.?\s*{month}", re.I),
        # In a byline: a date from the first day-and-month on ("Von Ann Lee 5. Mai 2021").
        "dateish": (rf"(?<!\d)\d{{1,2}}(?:\.|\.?º|°|er)?\s+(?:(?:{day_words})\s+)?{month}.*$",
                    re.I | re.S),
    })


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\.html?|$)"
)
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)")


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic, Persian and Thai digits as ASCII ones (one
    character for one: positions stay), so that YEAR finds their years too.
    (str.translate looks every character up in Python: a page's text is only
    translated when it holds such a digit.)"""
    if text.isascii() or _OTHER_DIGITS.search(text) is None:
        return text
    return text.translate(_DIGITS)


def year_starts(text: str) -> Iterator[int]:
    """Where YEAR matches in ``text``, in no particular order. A match is a run
    of exactly four digits, so matches cannot overlap, and the scans of
    ``_YEAR_BY_FIRST_DIGIT`` find each of YEAR's."""
    for rx in _YEAR_BY_FIRST_DIGIT:
        for m in rx.finditer(text):
            yield m.start()


def _valid(d: _date) -> bool:
    return _MIN_YEAR <= d.year <= datetime.now(UTC).year + 1


def parse_date(value: str) -> str | None:
    """A date or timestamp in a common machine or English format -> ISO 8601.

    Timestamps keep their time and offset; plain dates give ``YYYY-MM-DD``.
    """
    s = tidy(value)
    if s is None or len(s) > 80:
        return None
    if s.isdigit() and len(s) in (10, 13):
        # Unix seconds / milliseconds.
        try:
            ts = int(s) / (1000 if len(s) == 13 else 1)
            dt = datetime.fromtimestamp(ts, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return dt.isoformat(timespec="seconds") if _valid(dt.date()) else None
    iso = s.replace(" ", "T", 1) if _SPACED_ISO.match(s) else s
    iso = _ISO_TZ.sub(r"\1:\2", iso)
    iso = _SUB_MICRO.sub(r"\1", iso)
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        parsed = None
    if parsed is not None:
        dt = parsed
        if not _valid(dt.date()):
            return None
        has_time = "T" in iso and len(iso) > 10
        return dt.isoformat(timespec="seconds") if has_time else dt.date().isoformat()
    if _RFC_2822.match(s):
        try:
            dt = parsedate_to_datetime(s)
            return dt.isoformat(timespec="seconds") if _valid(dt.date()) else None
        except (TypeError, ValueError, IndexError):
            pass
    mo = months()
    s = ascii_digits(s)
    for rx, order in (
        (_YMD, "ymd"),
        (_CJK_YMD, "ymd"),
        (_YMD_COMPACT, "ymd"),
        (_DMY, "dmy"),
        (mo.mdy, "mdy"),
        (mo.dmy, "dmy"),
        (mo.ymd, "ymd"),
        (mo.ydm, "ydm"),
    ):
        m = rx.search(s)
        if not m:
            continue
        groups = m.groups()
        if rx is _DMY:
            if groups[1] == "-" and int(groups[0]) <= 12 and int(groups[2]) <= 12:
                # 08-11-2019 is 8 November in Madrid and August 11 in Ohio, and
                # hyphens are rarer than slashes in either: read only when the
                # order is certain
                continue
            groups = (groups[0], groups[2], groups[3])  # without the separator
        parts = dict(zip(order, groups, strict=True))
        month_s = parts["m"]
        month = int(month_s) if month_s.isdigit() else mo.names.get(month_s.casefold())
        if month is None:
            continue
        day = int(parts["d"])
        if rx is _DMY and month > 12 >= day:
            # 05/29/2007: the US month-first order.
            month, day = day, month
        year = int(parts["y"])
        if year >= _BE_FIRST:
            year -= BUDDHIST_ERA
        try:
            d = _date(year, month, day)
        except ValueError:
            continue
        if _valid(d):
            return d.isoformat()
    return None


def url_date(url: str | None) -> str | None:
    """A YYYY/MM/DD date in the URL path; the last resort for a date."""
    if not url:
        return None
    path = split_url(url).path
    m = _URL_DATE.search(path) or _URL_DATE_COMPACT.search(path)
    if not m:
        return None
    try:
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return d.isoformat() if _valid(d) else None
