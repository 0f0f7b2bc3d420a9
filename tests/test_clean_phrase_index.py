"""The literal pre-filter never changes which phrase family a line matches."""

from __future__ import annotations

import re
import sys

import pytest

from newsclean.clean import phrases
from newsclean.clean.phrase_index import (
    LiteralIndex,
    ignorecase_lower,
    prefix_literals,
    required_literals,
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"enable javascript", {"enable javascript"}),
        (r"(subscribe|sign up) to continue", {" to continue"}),
        (r"(cookies|privacy)", {"cookies", "privacy"}),
        (r"^\W+$", None),  # no literal: always tried
        (r"(?:foo)?\d+", None),
    ],
)
def test_required_literals_are_what_every_match_contains(
    pattern: str, expected: set[str] | None
) -> None:
    got = required_literals(pattern)
    assert (None if got is None else set(got)) == expected


def test_every_match_of_every_family_pattern_contains_a_required_literal() -> None:
    for fam in phrases.load_families():
        for pattern in fam.patterns:
            req = required_literals(pattern)
            if req is None:
                continue
            for example in fam.examples:
                m = re.search(pattern, phrases.normalise(example), re.IGNORECASE)
                if m:
                    assert any(lit in m.group(0).lower() for lit in req), (pattern, example)


def _full_alternation(line: str) -> phrases.PhraseHit | None:
    regex, families = phrases._compiled()
    norm = phrases.normalise(line)
    if not norm or len(norm) > 4 * phrases.SHORT_LINE:
        return None
    m = regex.search(norm)
    if m is None or m.lastgroup is None:
        return None
    share = (m.end() - m.start()) / len(norm)
    if len(norm) > phrases.SHORT_LINE and share < phrases.MIN_MATCH_SHARE:
        return None
    fam = families[int(m.lastgroup[1:])]
    return phrases.PhraseHit(fam.reason, fam.lang, fam.paywall)


def test_prefiltered_matching_equals_the_full_alternation() -> None:
    lines = [ex for fam in phrases.load_families() for ex in fam.examples]
    lines += [
        "Engineers replaced all of the bridge's steel cables after inspectors found corrosion.",
        "Share this article on Facebook",
        "Die Genossenschaft rechnet mit einer jährlichen Rendite von drei bis vier Prozent.",
        "",
        "x" * 2000,
    ]
    assert len(lines) > 50
    for line in lines:
        assert phrases.match_phrase(line) == _full_alternation(line), line


def test_a_family_without_literals_is_always_a_candidate() -> None:
    index = LiteralIndex([("enable javascript",), (r"^\W+$",)])
    assert index.candidates("nothing here") == (1,)
    assert index.candidates("please enable javascript") == (0, 1)
    assert re.compile(r"^\W+$").search("---")


def test_turkish_dotted_capital_i_reaches_the_regex() -> None:
    # re.IGNORECASE matches "ilgili" against "İlgili"; the pre-filter must too.
    index = LiteralIndex([("ilgili haberler",)])
    assert index.candidates(ignorecase_lower("İlgili Haberler")) == (0,)
    assert re.search("ilgili haberler", "İlgili Haberler", re.IGNORECASE)


def test_word_start_look_behind_is_the_same_with_or_without_ignorecase() -> None:
    # phrases._WORD_START is compiled case-sensitively (fast to compile) inside
    # case-insensitive family regexes: every preceding character must be judged
    # as the case-insensitive look-behind judges it.
    body = phrases._WORD_START[len("(?-i:"):-1]
    text = "".join(chr(c) + "x" for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    insensitive = re.compile(body + "x", re.IGNORECASE)
    scoped = re.compile(phrases._WORD_START + "x", re.IGNORECASE)
    assert [m.start() for m in scoped.finditer(text)] == \
        [m.start() for m in insensitive.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^(by|written by) [A-Z]", {"by ", "written by ", "wrıtten by "}),
        (r"^(ab)?c", {"abc", "c"}),
        (r"^a*b", {"a", "b"}),  # "aab" starts with "a", not "ab"
        (r"^(ab)+c", {"ab"}),
        (r"^x?\s", None),  # a match may start with any space
        (r"^\d+ min", None),
        (r"enable javascript", None),  # not anchored: its literals may be anywhere
        (r"^skip", {"skip", "skıp"}),  # re.IGNORECASE takes "ı" for "i"
    ],
)
def test_prefix_literals_are_what_every_match_starts_with(
    pattern: str, expected: set[str] | None
) -> None:
    got = prefix_literals(pattern)
    assert (None if got is None else set(got)) == expected


def test_every_match_of_an_anchored_family_pattern_starts_with_a_prefix_key() -> None:
    for fam in phrases.load_families():
        for pattern in fam.patterns:
            keys = prefix_literals(pattern)
            if keys is None:
                continue
            for example in fam.examples:
                norm = phrases.normalise(example)
                if re.match(pattern, norm, re.IGNORECASE):
                    assert ignorecase_lower(norm).startswith(tuple(keys)), (pattern, example)
