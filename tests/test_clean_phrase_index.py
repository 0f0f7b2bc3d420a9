"""The literal pre-filter never changes which phrase family a line matches."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsclean.clean import phrases
from newsclean.clean.phrase_index import (
    LiteralIndex,
    ignorecase_lower,
    ignorecase_lower_lines,
    prefix_literals,
    required_literals,
)
from newsclean.text import UNSPACED_CHAR_RE


@pytest.mark.parametrize(
    ("derive", "pattern", "expected"),
    [
        (required_literals, r"enable javascript", {"enable javascript"}),
        # alternatives and optional parts next to literals are spelled out whole
        (required_literals, r"(subscribe|sign up) to continue",
         {"subscribe to continue", "sign up to continue"}),
        (required_literals, r"(start|begin) (free )?trial",
         {"start trial", "start free trial", "begin trial", "begin free trial"}),
        (required_literals, r"\b(disse|diz):$", {"disse:", "diz:"}),
        (required_literals, r"[ab]cd", {"acd", "bcd"}),
        (required_literals, r"[a-z]cd", {"cd"}),  # a class of ranges is not spelled out
        (required_literals, r"(cookies|privacy)", {"cookies", "privacy"}),
        # what re.IGNORECASE takes for one another is lower-cased alike
        (required_literals, r"KIRIŞ|ΟΔΟΣ", {"kiriş", "οδοσ"}),
        (required_literals, r"^\W+$", None),  # no literal: always tried
        (required_literals, r"(?:foo)?\d+", None),
        # prefix_literals: what every match of an anchored pattern starts with
        (prefix_literals, r"^(by|written by) [A-Z]", {"by ", "written by "}),
        (prefix_literals, r"^(ab)?c", {"abc", "c"}),
        (prefix_literals, r"^a*b", {"a", "b"}),  # "aab" starts with "a", not "ab"
        (prefix_literals, r"^(ab)+c", {"ab"}),
        (prefix_literals, r"^x?\s", None),  # a match may start with any space
        (prefix_literals, r"^\d+ min", None),
        (prefix_literals, r"enable javascript", None),  # not anchored
        (prefix_literals, r"^skip", {"skip"}),
        (prefix_literals, r"^[iİ]lan", {"ilan"}),  # a class of letters is spelled out
    ],
)
def test_literals_every_match_holds(
    derive: Callable[[str], frozenset[str] | None], pattern: str, expected: set[str] | None
) -> None:
    got = derive(pattern)
    assert (None if got is None else set(got)) == expected


def test_every_match_of_every_family_pattern_holds_its_literals() -> None:
    for fam in phrases.load_families():
        for pattern in fam.patterns:
            req, keys = required_literals(pattern), prefix_literals(pattern)
            for example in fam.examples:
                m = re.search(pattern, phrases.normalise(example), re.IGNORECASE)
                if m is None:
                    continue
                if req is not None:
                    found = ignorecase_lower(m.group(0))
                    assert any(lit in found for lit in req), (pattern, example)
                if keys is not None:
                    assert ignorecase_lower(m.group(0)).startswith(tuple(keys)), (pattern, example)


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


@pytest.mark.parametrize("line", ["Skıp to content", "SKIP TO CONTENT", "ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ",
                                  "οδος πανεπιστημιου", "Ilgili haberler", "ılgılı haberler"])
def test_letters_ignorecase_takes_for_one_another_reach_the_regex(line: str) -> None:
    # re.IGNORECASE takes the dotless "ı" for "i" and the final "ς" for "σ"
    patterns = (r"^skip to content$", r"^οδοσ πανεπιστημιου$", r"^ilgili haberler$")
    matched = [k for k, p in enumerate(patterns) if re.search(p, line, re.IGNORECASE)]
    assert len(matched) == 1
    assert LiteralIndex([(p,) for p in patterns]).candidates(ignorecase_lower(line)) == \
        tuple(matched)


def test_turkish_dotted_capital_i_reaches_the_regex() -> None:
    # re.IGNORECASE matches "ilgili" against "İlgili"; the pre-filter must too.
    index = LiteralIndex([("ilgili haberler",)])
    assert index.candidates(ignorecase_lower("İlgili Haberler")) == (0,)
    assert re.search("ilgili haberler", "İlgili Haberler", re.IGNORECASE)


def test_lines_lower_cased_one_by_one_are_the_joined_text_lower_cased() -> None:
    lines = ["ΟΔΟΣ", "Σ", "ΣΑΣ ΟΔΟΣ.", "İstanbul İLGİLİ", "plain ascii", "ŞİİR", "Straße", ""]
    assert ignorecase_lower_lines(lines) == ignorecase_lower("\n" + "\n".join(lines))
    assert ignorecase_lower_lines([]) == ""


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


def test_spaced_word_start_is_the_word_start_on_lines_in_spaced_scripts() -> None:
    # A family's floating regex searches lines without characters of the
    # scripts written without spaces (CJK, Thai...) with
    # phrases._WORD_START_SPACED: after any other character it must judge as
    # phrases._WORD_START does, in both the line's cases.
    unspaced = UNSPACED_CHAR_RE
    chars = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and not unspaced.match(chr(c))]
    text = "".join(c + "x" for c in chars)
    full = re.compile(phrases._WORD_START + "x", re.IGNORECASE)
    plain = re.compile(phrases._WORD_START_SPACED + "x", re.IGNORECASE)
    assert [m.start() for m in plain.finditer(text)] == [m.start() for m in full.finditer(text)]
    assert plain.match("x") and full.match("x")


def test_pattern_facts_are_cached_on_disk_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsclean.clean import phrase_index as pi

    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    patterns = [r"^(?:by|written by) \w+$", r"subscribe (?:now|today)", r"^\d+ comments?$", r"x*"]
    derived = [pi.analyse(p) for p in patterns]
    assert pi.pattern_facts(patterns) == derived  # derived, then written
    (written,) = tmp_path.glob("phrase-facts-*.json")
    assert pi.pattern_facts(patterns) == derived  # read back
    assert derived[0].anchored and derived[0].whole_line and derived[0].prefix
    assert not derived[1].anchored and derived[1].required == frozenset(
        {"subscribe now", "subscribe today"})
    assert derived[3].required is None and derived[3].max_width > 10**9
    # a damaged file is derived again and rewritten, never an error
    written.write_text("[[1, 2", encoding="utf-8")
    assert pi.pattern_facts(patterns) == derived
    assert len(json.loads(written.read_text(encoding="utf-8"))) == len(patterns)
    # other patterns, another file: a table edit never reads stale facts
    pi.pattern_facts(patterns[:2])
    assert len(list(tmp_path.glob("phrase-facts-*.json"))) == 2
