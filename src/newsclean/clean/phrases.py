"""Junk phrase families (data/phrases/<lang>.json): which kind of junk a short line is.

All families are compiled into one alternation with a named group per family so
that a line costs a single regex search, whatever the number of languages.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from newsclean.clean.phrase_index import (
    ANCHORED,
    FLOATING,
    LiteralIndex,
    anchored_end,
    facts,
    ignorecase_lower,
)
from newsclean.text import (
    UNSPACED_CHAR_RE,
    UNSPACED_CHARS,
    normalise_lines,
    normalise_text,
    single_spaces,
)

# Unanchored families only fire on lines at most this long, or when the match is
# a large share of the line: a real paragraph may *mention* cookies or
# subscribers, junk lines are short.
SHORT_LINE = 220
MIN_MATCH_SHARE = 0.4

_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Family:
    reason: str
    lang: str
    patterns: tuple[str, ...]
    examples: tuple[str, ...]
    paywall: bool


@dataclass(frozen=True, slots=True)
class PhraseHit:
    reason: str
    lang: str
    paywall: bool


def normalise(line: str) -> str:
    """The text's normalised form (newsclean.text.normalise_text) on one line, single
    spaces: the form patterns are written against.

    Case is kept (patterns are compiled case-insensitive) so that byline families
    can demand capitalised names with ``(?-i:...)``.
    """
    return _SPACE_RE.sub(" ", normalise_text(line)).strip()


def normalise_all(texts: Sequence[str]) -> list[str]:
    """``[normalise(t) for t in texts]`` in one normalisation pass over the
    joined texts (a page's blocks: hundreds of short strings)."""
    if not texts:
        return []
    lines = normalise_lines([t.replace("\n", " ") for t in texts])
    return [x.strip() for x in single_spaces("\n".join(lines)).split("\n")]


def normalise_letters(pattern: str) -> str:
    """``pattern`` with its letters in the normalised form lines are matched in
    (NFKC): Thai's SARA AM (U+0E33), written as one character, is two in a
    normalised line, and a pattern holding it never matched. Punctuation and
    symbols are regex syntax and stay as written ("…" would become "...", any
    three characters)."""
    if pattern.isascii() or unicodedata.is_normalized("NFKC", pattern):
        return pattern
    return "".join(
        unicodedata.normalize("NFKC", c) if unicodedata.category(c)[0] in "LM" else c
        for c in pattern)


def load_families() -> list[Family]:
    """Every data/phrases/<lang>.json (``any.json``: every language), in name order.

    One file per language lets each language's families be written and reviewed
    on their own; table order is match priority (first family wins on a tie).
    """
    folder = resources.files("newsclean.clean").joinpath("data").joinpath("phrases")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    families: list[Family] = []
    for file in files:
        raw: dict[str, Any] = json.loads(file.read_text("utf-8"))
        families += [
            Family(
                reason=f["reason"],
                lang=f["lang"],
                patterns=tuple(map(normalise_letters, f["patterns"])),
                examples=tuple(f.get("examples", ())),
                paywall=bool(f.get("paywall", False)),
            )
            for f in raw["families"]
        ]
    return families


# Every phrase starts at a word start: any position in the scripts written
# without spaces between words (Chinese, Japanese, Thai, Lao, Myanmar, Khmer;
# Korean, whose particles join the word before them); the look-behind lets the
# engine reject the other positions with one test instead of trying every
# alternative there.
# Case-sensitive ((?-i:...)): compiled case-insensitively, each of its
# ranges costs tens of thousands of case-folding calls, 5 ms per family regex
# (tests/test_clean_phrase_index.py checks it accepts the same characters).
_WORD_START = rf"(?-i:(?<![^\W{UNSPACED_CHARS}]))"
# The same test on a line without those scripts' characters, where a word start
# is a position after no word character. Compiling the class above expands its
# ranges code point by code point (~2 ms, three quarters of a family regex's
# compile time), so a family's floating regex is compiled with this one and
# the full form only when a line holding such characters reaches it.
_WORD_START_SPACED = r"(?<!\w)"


@lru_cache(maxsize=1)
def _families() -> tuple[list[Family], LiteralIndex]:
    families = load_families()
    return families, LiteralIndex([f.patterns for f in families])


def max_width(fam: Family) -> int:
    """The widest match of any of the family's patterns (sys.maxsize: unbounded)."""
    return max(facts(p).max_width for p in fam.patterns)


@dataclass(frozen=True, slots=True)
class _FamilyRegex:
    """A family's patterns split in two: those anchored at the line start are
    tried at position 0 only, the others searched. Searching an anchored
    alternation still costs a try at every position, and most families are
    anchored while most lines (article paragraphs) are long."""

    anchored: re.Pattern[str] | None
    # for lines without characters of unspaced scripts (_unspaced_floating_regex for the others)
    floating: re.Pattern[str] | None
    # On a line longer than SHORT_LINE only a match of MIN_MATCH_SHARE of the
    # line counts: a family that cannot match that much is not searched there.
    max_width: int
    # When every floating pattern ends at the line end and is at most this long
    # but one (sys.maxsize otherwise), a match starts within this many
    # characters of the end: the search starts there ("\bdi(sse|z):$" is a
    # candidate of every line holding "di").
    floating_tail: int = sys.maxsize


@cache
def _family_regex(index: int) -> _FamilyRegex:
    """Family ``index``'s regexes, compiled the first time the literal pre-filter
    names it: a page reaches a few families, and compiling all of them (~0.9 s of
    CPU) would delay a process's first record. The floating regex is the one
    for lines without characters of unspaced scripts (_WORD_START_SPACED)."""
    fam = _families()[0][index]
    at_start = [facts(p).anchored for p in fam.patterns]
    starting = [p for p, a in zip(fam.patterns, at_start, strict=True) if a]
    floating = [p for p, a in zip(fam.patterns, at_start, strict=True) if not a]
    return _FamilyRegex(
        anchored=re.compile("|".join(f"(?:{p})" for p in starting), re.IGNORECASE)
        if starting else None,
        floating=_floating_regex(floating, _WORD_START_SPACED) if floating else None,
        max_width=max_width(fam),
        floating_tail=_tail(floating),
    )  # fmt: skip


def _floating_regex(patterns: list[str], word_start: str) -> re.Pattern[str]:
    """``patterns`` searched at word starts (``word_start``: a look-behind)."""
    return re.compile(word_start + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")",
                      re.IGNORECASE)


@cache
def _unspaced_floating_regex(index: int) -> re.Pattern[str]:
    """Family ``index``'s floating regex for lines holding characters of the
    scripts written without spaces."""
    fam = _families()[0][index]
    return _floating_regex([p for p in fam.patterns if not facts(p).anchored], _WORD_START)


def _tail(patterns: list[str]) -> int:
    """How far from the line end a match of any of ``patterns`` can start (one
    more for a "$" before a final line break), or sys.maxsize."""
    if not patterns or not all(anchored_end(p) for p in patterns):
        return sys.maxsize
    width = max(facts(p).max_width for p in patterns)
    return width + 1 if width < sys.maxsize else sys.maxsize


@lru_cache(maxsize=4096)
def _regex_for(indices: tuple[int, ...]) -> re.Pattern[str]:
    """One alternation over the candidate families, in table order (same priority
    as the alternation over all families: leftmost match, then first family)."""
    families, _ = _families()
    parts = []
    for i in indices:
        body = "|".join(f"(?:{p})" for p in families[i].patterns)
        parts.append(f"(?P<f{i}>{body})")
    return re.compile(_WORD_START + "(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _compiled() -> tuple[re.Pattern[str], list[Family]]:
    """The alternation over every family (tests, debugging)."""
    families, _ = _families()
    return _regex_for(tuple(range(len(families)))), families


def compile_family(fam: Family) -> list[re.Pattern[str]]:
    """Each pattern of a family on its own (for tests and debugging)."""
    return [re.compile(p, re.IGNORECASE) for p in fam.patterns]


# A share bar: at least two network names and few other words.
SHARE_BAR_CHARS = 120
_SHARE_HIT = PhraseHit("share", "any", False)


@lru_cache(maxsize=1)
def platform_names() -> tuple[str, ...]:
    """Social network names (data/platforms.json), case-folded, longest first."""
    raw = json.loads(
        resources.files("newsclean.clean").joinpath("data/platforms.json").read_text("utf-8")
    )
    return tuple(sorted({n.casefold() for n in raw["names"]}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _platforms() -> re.Pattern[str]:
    names = platform_names()
    # names are matched as whole words; multi-word names ("فيس بوك") first
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _ascii_platforms() -> re.Pattern[str] | None:
    """The ASCII network names as one case-sensitive alternation, to look for
    in a lower-cased ASCII line: without one of them there, ``_platforms()``
    finds nothing in it. None when a name outside ASCII could match ASCII text
    ignoring case (as "ſ" matches "s"): then there is no such shortcut."""
    names = platform_names()
    for name in names:
        if not name.isascii() and all(
            any(re.fullmatch(re.escape(ch), chr(a), re.IGNORECASE) for a in range(128))
            for ch in name
            if not ch.isascii()
        ):
            return None
    return re.compile("|".join(re.escape(n) for n in names if n.isascii()))


def share_bar(norm: str) -> bool:
    """Whether a normalised line is a row of share buttons ("Facebook Twitter
    WhatsApp", "شارك على فيسبوك شارك على تويتر"), whatever its language."""
    if len(norm) > SHARE_BAR_CHARS:
        return False
    if norm.isascii():
        # Most lines name no network: a plain search of the lower-cased line
        # says so in a fraction of the case-blind, word-bounded one.
        fast = _ascii_platforms()
        if fast is not None and fast.search(norm.lower()) is None:
            return False
    rx = _platforms()
    # a one-letter name is the network only as its brand writes it ("X"): a
    # small x is a variable or a times sign ("x for x in vec", "86 x 54 x 6 mm")
    hits = [h for h in rx.findall(norm) if len(h) > 1 or h.isupper()]
    if len(hits) < 2:
        return False
    rest = rx.sub(" ", norm).split()
    # the other words are verbs and prepositions: "share on", "teilen auf"
    return len([w for w in rest if any(c.isalnum() for c in w)]) <= 2 * len(hits)


# Menus, share bars and footers repeat across the pages of a site and across
# sites: a line judged once is not judged again.
@lru_cache(maxsize=1 << 15)
def match_candidates(norm: str, parts: tuple[int, ...]) -> PhraseHit | None:
    """The family whose match starts first in the normalised line ``norm`` (first
    family on a tie), or None, among the family parts ``parts`` (ascending part
    codes, phrase_index: 2 * family + ANCHORED or FLOATING).

    Only the parts whose required literals occur in the line can match;
    searching each candidate on its own and keeping the leftmost match gives
    exactly the full alternation's answer.
    """
    size = len(norm)
    needed = MIN_MATCH_SHARE * size if size > SHORT_LINE else 0.0
    best: tuple[int, int, int] | None = None  # (start, family, end)
    unspaced: bool | None = None  # whether the line holds unspaced-script characters, once asked
    for k in sorted({p >> 1 for p in parts}):
        run_anchored = 2 * k + ANCHORED in parts
        run_floating = 2 * k + FLOATING in parts
        rx = _family_regex(k)
        if rx.max_width < needed:
            continue
        m = rx.anchored.match(norm) if run_anchored and rx.anchored is not None else None
        if m is None and run_floating and rx.floating is not None and (
                best is None or best[0] > 0):
            # a match ending at the line end starts within floating_tail of it;
            # search's pos is not a slice: look-behinds and \b see the text before
            start = size - rx.floating_tail if rx.floating_tail < size and "\n" not in norm else 0
            if unspaced is None:
                unspaced = not norm.isascii() and UNSPACED_CHAR_RE.search(norm) is not None
            m = (_unspaced_floating_regex(k) if unspaced else rx.floating).search(norm, start)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), k, m.end())
    if best is None:
        return None
    start, k, end = best
    if size > SHORT_LINE and (end - start) < MIN_MATCH_SHARE * size:
        return None
    fam = _families()[0][k]
    return PhraseHit(fam.reason, fam.lang, fam.paywall)


def match_phrase(line: str) -> PhraseHit | None:
    """The junk family a line belongs to, or None."""
    norm = normalise(line)
    if not norm or len(norm) > 4 * SHORT_LINE:
        return None
    _, index = _families()
    fams = index.candidates(ignorecase_lower(norm))
    hit = match_candidates(norm, tuple(2 * k + p for k in fams for p in (ANCHORED, FLOATING)))
    if hit is None and share_bar(norm):
        return _SHARE_HIT
    return hit
