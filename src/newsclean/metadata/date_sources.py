"""Every place a page gives a date, each read on its own: the candidates that
``date_model`` weighs against each other.

Structured declarations (JSON-LD, meta tags, microdata) come first and cost
little; the visible page is searched the way htmldate searches it: elements whose
class or id names a date ("post-date", "byline", "meta"), <time> elements, the
text right under the headline, short text segments that read as a full date
(the first of them above the headline apart: a masthead shows the day the page
was served), timestamps in the markup, the URL. A source gives at most one date. The page's
modification date is a candidate too: on pages that show only an "updated" date
it is the date readers see.

Cue words, meta keys and JSON keys are data (``data/dates.json``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count
from operator import add, itemgetter
from typing import Any

from selectolax.lexbor import LexborNode

from newsclean.metadata.dateparse import YEAR, ascii_digits, parse_date, url_date, year_starts
from newsclean.metadata.jsonld import ld_types
from newsclean.metadata.page import Page, in_chrome, meta_values
from newsclean.metadata.tables import MIDDLE_DOTS, load_table, tables

# A text that reads as a date is short ("Published March 3, 2021 at 10:04").
MIN_SEGMENT = 6
MAX_SEGMENT = 80
# Digits in a date text: "2021" at least, a full timestamp at most.
MIN_DIGITS, MAX_DIGITS = 4, 18
# Text segments after the headline among which the date under it is looked for.
NEAR_HEADLINE = 40
# Nodes walked for dates written in the page; bylines and datelines sit near
# the top, so a long page is not read to its end.
MAX_TEXT_NODES = 2500
MAX_TEXT_DATES = 200

_TIMESTAMP = re.compile(r"((?:19|20)\d{2}-[01]\d-[0-3]\d)[T ]\d{2}:\d{2}:\d{2}")
# _TIMESTAMP from its first "-": a pattern that opens with a literal is scanned
# for that character alone, where _TIMESTAMP tries a match at every "1" and "2"
# of the page (five times slower over a whole page).
_TIMESTAMP_TAIL = re.compile(r"-[01]\d-[0-3]\d[T ]\d{2}:\d{2}:\d{2}")
_NOT_TEXT = frozenset(
    ("script", "style", "noscript", "template", "title", "option", "a", "button", "textarea")
)

SOURCES: tuple[str, ...] = (
    "jsonld",
    "meta",
    "url",
    "canonical_url",
    "script_json",
    "date_element",
    "updated_element",
    "time",
    "near_headline",
    "first_text_date",
    "oldest_text_date",
    "html_timestamp",
    "modified",
    "before_headline",
)
"""The sources, in the order of the model's features."""


@dataclass(frozen=True, slots=True)
class _Cues:
    element_words: re.Pattern[str]
    modified: re.Pattern[str]
    published_json: re.Pattern[str]
    modified_json: re.Pattern[str]
    modified_meta: tuple[str, ...]
    modified_ld: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    data = load_table("dates.json")

    def keys(words: list[str]) -> re.Pattern[str]:
        alt = "|".join(re.escape(w) for w in words)
        return re.compile(rf'"(?:{alt})"\s*:\s*"([^"\\]{{6,40}})"')

    return _Cues(
        element_words=re.compile("|".join(re.escape(w) for w in data["date_element_words"])),
        modified=tables().modified_re,
        published_json=keys(data["published_json_keys"]),
        modified_json=keys(data["modified_json_keys"]),
        modified_meta=tuple(k.lower() for k in data["modified_meta"]),
        modified_ld=tuple(data["modified_ld_keys"]),
    )


def text_date(text: str) -> str | None:
    """The date a short text reads as ("Posted on 3 May 2021", "2021-05-03"),
    or None for longer text, times, prices and other numbers."""
    if not MIN_SEGMENT < len(text) < MAX_SEGMENT or not YEAR.search(ascii_digits(text)):
        return None
    digits = sum(ch.isdigit() for ch in text)
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        return None
    return parse_date(text)


def _ld_date(
    article: dict[str, Any] | None, objects: list[dict[str, Any]], keys: tuple[str, ...]
) -> str | None:
    t = tables()
    pool = [article] if article is not None else []
    pool.extend(o for o in objects if o is not article and ld_types(o) & t.article_types)
    for obj in pool:
        for key in keys:
            val = obj.get(key)
            if isinstance(val, list):
                val = val[0] if val else None
            if isinstance(val, str):
                d = parse_date(val)
                if d:
                    return d
    return None


def _json_texts(scripts: list[LexborNode]) -> list[str]:
    """The texts of the scripts that are not JSON-LD (framework state, analytics
    data; JSON-LD is read as such) and name a date. Read once: the published and
    the modified dates are both looked for in them."""
    out: list[str] = []
    for node in scripts:
        if "ld+json" in (node.attributes.get("type") or "").lower():
            continue
        raw = node.text(deep=False) or ""
        if '"date' in raw or "ublish" in raw:
            out.append(raw)
    return out


def _first_json(rx: re.Pattern[str], texts: list[str]) -> str | None:
    """The first date under one of the keys of ``rx`` in the ``_json_texts``."""
    for raw in texts:
        for m in rx.finditer(raw):
            d = parse_date(m.group(1))
            if d:
                return d
    return None


def _time_element(page: Page) -> str | None:
    for node in page.tree.css("time, [datetime]")[:20]:
        val = node.attributes.get("datetime") or node.text(deep=True) or ""
        d = parse_date(val) if len(val) > MIN_SEGMENT else None
        if d:
            return d
    return None


# What separates the parts of a byline line ("Published 7 June 2022 | Updated 8
# June 2022", "Ann Lee · 28-11-2019 · 10:32"), as the byline reader's fields are
# separated: any of the middle dots.
_PARTS = re.compile(rf"\s+[|{MIDDLE_DOTS}—–]\s+|\s+-\s+")


def _dated_parts(text: str) -> list[tuple[str, str]]:
    """(text, its date), or each part between separators with its date when
    the text holds two dates or a modification cue: each date of
    "Veröffentlicht am 07.06.2022 | Aktualisiert am 08.06.2022" is read with its
    own words (the line as a whole reads as no date, or as the update it also
    names). Texts and parts without a date are left out."""
    whole = text_date(text)
    parts = [p for p in _PARTS.split(text) if p]
    if len(parts) < 2 or (whole is not None and not cues().modified.search(text)):
        return [] if whole is None else [(text, whole)]
    return [(p, d) for p in parts if (d := text_date(p)) is not None]


def byline_date(text: str) -> tuple[str | None, bool]:
    """The date a byline line reads as, and whether it is an update's. In
    "Updated 8 June 2022 | Published 7 June 2022" the part without a
    modification cue gives the publication date; a line naming only an update
    ("Last updated 2 March 2024") gives that date, flagged."""
    modified = cues().modified
    if not modified.search(text):
        # the whole line reads as no date when its other fields hold numbers
        # ("by Ann Lee | Mar 11, 2023 | Brakes | 0 comments"): field by field
        return parse_date(text) or _published_part(text, modified), False
    found = _published_part(text, modified)
    return (found, False) if found is not None else (parse_date(text), True)


def _published_part(text: str, modified: re.Pattern[str]) -> str | None:
    """The date of the line's first part without a modification cue."""
    for part in _PARTS.split(text):
        if part and not modified.search(part) and (found := parse_date(part)) is not None:
            return found
    return None


def _element_label(node: LexborNode) -> str:
    """The class, id and itemprop of a text's element and its two ancestors."""
    parts: list[str] = []
    cur: LexborNode | None = node.parent
    for _ in range(3):
        if cur is None or cur.tag in ("body", "html"):
            break
        attrs = cur.attributes
        parts.extend(attrs.get(a) or "" for a in ("class", "id", "itemprop"))
        cur = cur.parent
    return " ".join(parts).lower()


def _text_dates(page: Page, found: dict[str, str]) -> None:
    """Dates written in the page's text: the first one in an element named like
    a date (or like an update), the first one after the headline (<h1>), the
    first and the oldest one elsewhere outside page chrome."""
    segments = [
        entry for entry in page.texts.upto(MAX_TEXT_NODES)
        if MIN_SEGMENT < len(entry[1]) < 4 * MAX_SEGMENT
    ]
    if not segments:
        return
    h1 = page.texts.h1
    # The segments after the headline are the last ones, from this one on.
    first_after = bisect_right(segments, h1, key=itemgetter(0)) if h1 >= 0 else len(segments)
    # One search for years over all segments instead of one per text node (any
    # character but a digit may separate them).
    raws = list(map(itemgetter(1), segments))
    joined = "\n".join(raws)
    # where each segment starts in ``joined``: the lengths before it and a
    # separator after each of them
    starts = list(map(add, accumulate(map(len, raws), initial=0), count()))
    with_year = sorted({bisect_right(starts, p) - 1 for p in year_starts(ascii_digits(joined))})
    c = cues()
    # On a page with a headline, the dates above it are a source of their own:
    # a masthead shows the day the page was served there, some sites put the
    # story's date there; the date model weighs which (trained on wcxb-dev).
    has_h1 = 0 <= h1 <= MAX_TEXT_NODES
    dates: list[str] = []
    before: list[str] = []
    for idx in with_year:
        at, raw = segments[idx]
        # segments since the headline (1 for the first after it), -1 above it
        pos = idx - first_after + 1 if idx >= first_after else -1
        node = page.texts.node(at)
        parent = node.parent
        if parent is None or parent.tag in _NOT_TEXT:
            continue
        label: str | None = None
        for text, d in _dated_parts(" ".join(raw.split())):
            if label is None:
                label = _element_label(node)
            if c.modified.search(f"{label} {text}"):
                # "Updated 9 May 2021" is the update, whatever else the page shows.
                found.setdefault("updated_element", d)
                continue
            above = has_h1 and pos < 0
            if c.element_words.search(label) and not above:
                found.setdefault("date_element", d)
            if in_chrome(node):
                break
            (before if above else dates).append(d)
            if 0 < pos <= NEAR_HEADLINE:
                found.setdefault("near_headline", d)
        if len(dates) + len(before) >= MAX_TEXT_DATES:
            break
    if before:
        found["before_headline"] = before[0]
    if dates:
        found["first_text_date"] = dates[0]
    if dates or before:
        found["oldest_text_date"] = min(dates + before, key=lambda x: x[:10])


def _modified(page: Page, article: dict[str, Any] | None, json_texts: list[str]) -> str | None:
    c = cues()
    d = _ld_date(article, page.ld_objects, c.modified_ld)
    if d:
        return d
    for key in c.modified_meta:
        for v in page.meta.get(key, []):
            d = parse_date(v)
            if d:
                return d
    return _first_json(c.modified_json, json_texts)


def structured_candidates(page: Page, article: dict[str, Any] | None) -> dict[str, str]:
    """What JSON-LD and meta tags declare (the fast path)."""
    found: dict[str, str] = {}
    d = _ld_date(article, page.ld_objects, tables().date_keys)
    if d:
        found["jsonld"] = d
    for v in meta_values(page, "date"):
        d = parse_date(v)
        if d:
            found["meta"] = d
            break
    return found


def visible_candidates(
    page: Page, article: dict[str, Any] | None, html: str | None, found: dict[str, str]
) -> None:
    """Add every other source's date to ``found``."""
    for key, fn in (
        ("url", lambda: url_date(page.url)),
        ("canonical_url", lambda: _canonical_date(page)),
        ("time", lambda: _time_element(page)),
    ):
        d = fn()
        if d:
            found[key] = d
    json_texts = _json_texts(page.declared("script"))
    d = _first_json(cues().published_json, json_texts)
    if d:
        found["script_json"] = d
    d = _modified(page, article, json_texts)
    if d:
        found["modified"] = d
    _text_dates(page, found)
    if html:
        m = _first_timestamp(html)
        d = parse_date(m.group(1)) if m else None
        if d:
            found["html_timestamp"] = d


def _first_timestamp(html: str) -> re.Match[str] | None:
    """``_TIMESTAMP.search(html)``: each tail found is tried with its year before
    it. Tails cannot overlap (a tail holds one "-" beyond its first, where no
    other tail may start), so the first that has its year is the first match."""
    for m in _TIMESTAMP_TAIL.finditer(html):
        start = m.start() - 4
        if start >= 0:
            found = _TIMESTAMP.match(html, start)
            if found is not None:
                return found
    return None


def _canonical_date(page: Page) -> str | None:
    for v in meta_values(page, "canonical_url"):
        d = url_date(v)
        if d:
            return d
    for node in page.declared("link"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            d = url_date(node.attributes.get("href"))
            if d:
                return d
    return None
