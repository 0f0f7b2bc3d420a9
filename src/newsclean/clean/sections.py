"""Section openers (data/sections.json): headings after which the page is no longer the article.

A junk phrase family judges one line; a section opener judges everything after
it. "Comments", "Leave a Reply", "12 Kommentare" head the comment thread, whose
entries are prose that no line-level rule can tell from the article's own
paragraphs. Extractors that keep comments (trafilatura by default) and naive
scrapers alike put the thread after the article, so the thread is cut at its
heading instead of being judged line by line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress, count
from typing import Any

import numpy as np

from newsclean.clean.phrases import normalise, normalise_letters
from newsclean.literals import LiteralScanner
from newsclean.text import JoinedLines, lines_at

# Only short, heading-like lines can open a section.
MAX_OPENER_CHARS = 80
# A section opener ends the article only after this much article text: a
# comment counter in the byline ("12 comments") must not cut the article.
MIN_TEXT_BEFORE = 150
# A comment thread trails an article. When the text kept after the opener is
# more than this many times the text kept before it, the heading belongs to the
# page itself (a paper's "Discussion", the "Add a comment" link under a
# question whose answers are the page, a forum's replies) and nothing is cut.
# Chosen out of fold (scripts/choose_section_cut.py, the shipped line model's
# out-of-fold probabilities): on wcxb-dev train whole-page text the cut without
# it cost 0.0004 of mean page F1, with it the cut gains 0.0018 (docs/CLEANING.md,
# step 6).
MAX_THREAD_RATIO = 4.0


@dataclass(frozen=True, slots=True)
class Section:
    reason: str
    lang: str
    patterns: tuple[str, ...]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(
        resources.files("newsclean.clean").joinpath("data/sections.json").read_text("utf-8")
    )
    return raw


@lru_cache(maxsize=1)
def load_sections() -> tuple[Section, ...]:
    return tuple(
        Section(
            reason=s["reason"],
            lang=s["lang"],
            patterns=tuple(map(normalise_letters, s["patterns"])),
            examples=tuple(s.get("examples", ())),
            counterexamples=tuple(s.get("counterexamples", ())),
        )
        for s in _table()["sections"]
    )


@lru_cache(maxsize=1)
def stems() -> tuple[str, ...]:
    return tuple(normalise_letters(s).casefold() for s in _table()["stems"])


@lru_cache(maxsize=1)
def _stems_re() -> re.Pattern[str]:
    """Any stem, as one regex: a single C scan per line instead of one per stem."""
    return re.compile("|".join(map(re.escape, sorted(stems(), key=len, reverse=True))))


@lru_cache(maxsize=1)
def _stems_scanner() -> LiteralScanner:
    """Every stem in an Aho-Corasick automaton: all lines' stems in one pass at
    a few nanoseconds a character (the stems regex tries each position)."""
    return LiteralScanner(stems())


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], tuple[str, ...]]:
    sections = load_sections()
    parts = [
        f"(?P<s{i}>" + "|".join(f"(?:{p})" for p in s.patterns) + ")"
        for i, s in enumerate(sections)
    ]
    return re.compile("|".join(parts), re.IGNORECASE), tuple(s.reason for s in sections)


def section_opener(line: str) -> str | None:
    """The reason of the section ``line`` opens, or None when it opens none."""
    # cheap reject first: normalising spaces shortens few lines by much
    if len(line) > MAX_OPENER_CHARS + 40:
        return None
    if _stems_re().search(line.casefold()) is None:
        return None
    norm = normalise(line)
    if not norm or len(norm) > MAX_OPENER_CHARS:
        return None
    regex, reasons = _compiled()
    # every pattern is anchored at the line start (tests check it): match, not search
    m = regex.match(norm)
    if m is None or m.lastgroup is None:
        return None
    return reasons[int(m.lastgroup[1:])]


def section_openers(lines: Sequence[str], lower: Sequence[str] | None = None
                    ) -> list[str | None]:
    """``[section_opener(x) for x in lines]``; ``lower`` is the lines
    case-folded, when the caller has them. The stems are looked for in one scan
    of the short lines joined (no stem holds a line break, so a match never
    spans two lines; a match's end is in the line it is found in): most lines
    hold none and are settled there."""
    out: list[str | None] = [None] * len(lines)
    short = [i for i, x in enumerate(lines) if len(x) <= MAX_OPENER_CHARS + 40]
    if not short:
        return out
    joined = JoinedLines([lower[i] if lower is not None else lines[i].casefold()
                          for i in short])
    ends, _ = _stems_scanner().scan(joined.text)
    for k in np.unique(lines_at(joined.starts, ends)).tolist():
        i = short[k]
        out[i] = section_opener(lines[i])
    return out


def article_end(lines: Sequence[str], start: int = 0,
                openers: Sequence[str | None] | None = None) -> tuple[int, str | None]:
    """(index, reason) of the first section opener at or after ``start`` that
    follows at least MIN_TEXT_BEFORE characters of one line; (len(lines), None)
    when no section cuts the text. ``openers`` (``section_opener`` of each line)
    saves a second look when the caller already has them."""
    n = len(lines)
    # the first line of MIN_TEXT_BEFORE characters at or after start, found by
    # C-level iterators (a Python step per line cost more than the cut's rest)
    long_at = next(compress(count(start), map(MIN_TEXT_BEFORE.__le__, map(len, lines[start:]))), n)
    reasons = (openers[long_at + 1 :] if openers is not None
               else map(section_opener, lines[long_at + 1 :]))
    return next(((i, r) for i, r in enumerate(reasons, long_at + 1) if r is not None), (n, None))


def section_cut(lines: Sequence[str], kept: np.ndarray,
                openers: Sequence[str | None] | None = None,
                max_ratio: float = MAX_THREAD_RATIO) -> tuple[int, str | None]:
    """Where the article ends in ``lines`` of which ``kept`` (bool) are the
    lines kept so far: ``article_end`` from the first kept line, unless the kept
    text after the opener is more than ``max_ratio`` times the kept text before
    it; (len(lines), None) when nothing is cut (always, for a negative
    ``max_ratio``)."""
    n = len(lines)
    if max_ratio < 0 or not kept.any():
        return n, None
    end, reason = article_end(lines, int(np.argmax(kept)), openers)
    if reason is None:
        return n, None
    sizes = np.fromiter(map(len, lines), dtype=np.int64, count=n) * kept
    before, after = int(sizes[:end].sum()), int(sizes[end + 1 :].sum())
    if after > max_ratio * before:
        return n, None
    return end, reason
