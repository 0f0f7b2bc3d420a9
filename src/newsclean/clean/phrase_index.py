"""A literal pre-filter for the phrase families: which families can match a line.

Python's ``re`` tries every alternative of one big alternation at every word
start, which cost ~4 ms on a 200-character paragraph with a few hundred
patterns. Nearly every pattern needs some literal text to match ("javascript",
"subscribe", "cookies"), so we derive from each pattern's parse tree a set of
literals of which any match must contain at least one, test those with
substring search (fast, in C), and run the regex only for the families that
survive. Patterns with no such literal are always tried, so the result is
exactly the full alternation's.

Most patterns are anchored at the line start ("^(by|written by) ..."): their
literal must also stand at the line start, a far stronger filter than "the
line holds 'by' somewhere". ``LiteralIndex.keys`` gives such a pattern the key
"\n" + literal (for a scan of the text with a line break before each line) and
says for each key whether it admits the family's anchored patterns or its
floating ones, which are run separately (phrases.match_candidates).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

from newsclean.cachedir import derived_path, write_atomically
from newsclean.literals import LiteralScanner

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


def _best(cands: list[frozenset[str]]) -> frozenset[str] | None:
    # The most selective requirement: the one whose shortest literal is longest.
    return max(cands, key=lambda c: min(len(s) for s in c)) if cands else None


# A run of items matching finitely many strings ("(start|begin) your (free )?")
# is required whole while it spells at most this many.
MAX_SPELLINGS = 64
# A character class is spelled out when it lists at most this many characters.
MAX_CLASS_CHARS = 16


def _spellings(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """Every string this concatenation can match, or None when there are more
    than MAX_SPELLINGS or infinitely many."""
    out = {""}
    for item in items:
        one = _item_spellings(*item)
        if one is None or len(out) * len(one) > MAX_SPELLINGS:
            return None
        out = {a + b for a in out for b in one}
    return out


def _item_spellings(op: Any, av: Any) -> set[str] | None:
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.AT:  # an anchor or a word boundary spells nothing
        return {""}
    if op is C.IN:
        if len(av) <= MAX_CLASS_CHARS and all(o is C.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}
        return None
    if op is C.SUBPATTERN:
        return _spellings(av[-1])
    if op is C.ATOMIC_GROUP:
        return _spellings(av)
    if op is C.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            one = _spellings(branch)
            if one is None or len(found | one) > MAX_SPELLINGS:
                return None
            found |= one
        return found
    if op in _REPEATS:
        lo, hi, sub = av
        one = _spellings(sub)
        if one is None or hi > 2:
            return None
        found = set()
        power = {""}
        for k in range(hi + 1):
            if k >= lo:
                found |= power
            power = {a + b for a in power for b in one}
        return found if len(found) <= MAX_SPELLINGS else None
    return None


def _required_seq(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Literals one of which every match of this concatenation contains (or None).
    Consecutive items that spell finitely many strings are required as their
    spellings joined: "(start|begin) your (free )?(trial|subscription)" needs one
    of eight phrases, not just " your "."""
    cands: list[frozenset[str]] = []
    run = {""}

    def flush() -> None:
        nonlocal run
        if "" not in run:
            cands.append(frozenset(run))
        run = {""}

    for op, av in items:
        one = _item_spellings(op, av)
        if one is not None:
            if len(run) * len(one) > MAX_SPELLINGS:
                flush()
            run = {a + b for a in run for b in one}
            continue
        flush()
        req: frozenset[str] | None = None
        if op is C.SUBPATTERN:
            req = _required_seq(av[-1])
        elif op is C.ATOMIC_GROUP:
            req = _required_seq(av)
        elif op is C.BRANCH:
            branches = [_required_seq(b) for b in av[1]]
            if all(b is not None for b in branches):
                req = frozenset().union(*[b for b in branches if b is not None])
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                req = _required_seq(sub)
        if req:
            cands.append(req)
    flush()
    return _best(cands)


@cache
def parse(pattern: str) -> Any:
    """``pattern``'s parse tree as re.IGNORECASE compiles it, or None when it does
    not parse. Cached: the pre-filter's literals and prefixes, the anchor test
    and the width bounds (phrases.py) all read it."""
    try:
        return P.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError):
        return None


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-cased literals (``ignorecase_lower``) of which every match of
    ``pattern`` contains one, or None."""
    tree = parse(pattern)
    if tree is None:
        return None
    req = _required_seq(list(tree))
    if not req or any(not s.strip() for s in req):
        return None
    return frozenset(ignorecase_lower(s) for s in req)


def anchored(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts at the line start (a leading ^
    that no top-level alternative escapes)."""
    tree = parse(pattern)
    if not tree:
        return False
    first = tree[0]
    return bool(first[0] == C.AT and first[1] == C.AT_BEGINNING)


def anchored_end(pattern: str) -> bool:
    """Whether every match of ``pattern`` ends at the line end (a trailing $ or
    \\Z that no top-level alternative escapes)."""
    tree = parse(pattern)
    if not tree:
        return False
    last = tree[-1]
    return bool(last[0] == C.AT and last[1] in (C.AT_END, C.AT_END_STRING))


# Prefixes are followed through groups, alternatives and optional parts up to
# this many characters, cut shorter when a pattern would need more than
# MAX_PREFIXES keys, and given up when the alternatives multiply past
# MAX_EXPANSION.
MAX_PREFIX_CHARS = 12
MAX_PREFIXES = 64
MAX_EXPANSION = 4096


def _union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return None if a is None or b is None or len(a | b) > MAX_EXPANSION else a | b


def _starts(items: list[tuple[Any, Any]], room: int) -> set[str] | None:
    """Strings one of which every match of this concatenation starts with ("" in
    the set: some match starts with anything), each at most ``room`` long; None
    when there would be more than MAX_EXPANSION."""
    if not items or room == 0:
        return {""}
    (op, av), rest = items[0], items[1:]
    found: set[str] | None
    if op is C.LITERAL or op is C.IN:
        heads = _item_spellings(op, av)
        if not heads:  # a class of ranges or categories: no literal start
            return {""}
        tails = _starts(rest, room - 1)
        found = None if tails is None else {h + t for h in heads for t in tails}
    elif op is C.SUBPATTERN:
        found = _starts(list(av[-1]) + rest, room)
    elif op is C.BRANCH:
        found = set()
        for branch in av[1]:
            found = _union(found, _starts(list(branch) + rest, room))
    elif op in _REPEATS:
        lo, hi, part = av
        # the part once and what follows (x?), or the part's first match (x+, x*)
        first = _starts(list(part) + rest if hi == 1 else list(part), room)
        found = first if lo >= 1 or first is None else _union(first, _starts(rest, room))
    else:
        return {""}
    return None if found is None or len(found) > MAX_EXPANSION else found


def prefix_literals(pattern: str) -> frozenset[str] | None:
    """For a pattern anchored at the line start, lower-cased literals one of which
    every match starts with; None when it is not anchored or has none."""
    if not anchored(pattern):
        return None
    full = _starts(list(parse(pattern))[1:], MAX_PREFIX_CHARS)
    if full is None:
        return None
    # the longest prefixes that need few keys: shorter ones when longer need too many
    for room in range(MAX_PREFIX_CHARS, 0, -1):
        req = {x[:room] for x in full}
        # a literal of spaces would find blanked lines (phrase_scan): no filter then
        if any(not x.strip() for x in req):
            return None
        keys = {ignorecase_lower(x) for x in req}
        if len(keys) <= MAX_PREFIXES:
            return frozenset(keys)
    return None


# The two parts of a family, run separately: anchored patterns are tried at the
# line start, floating ones searched. A family's part code is 2 * family + part.
ANCHORED, FLOATING = 0, 1


def ignorecase_lower(text: str) -> str:
    """Lower-cased the way ``re.IGNORECASE`` compares characters, so that a
    literal of a pattern, lower-cased so, is in every text the pattern matches,
    lower-cased so: str.lower() turns the Turkish dotted capital I into "i"
    plus a combining dot, which the regex engine (simple case mapping) takes for
    a plain "i", and the engine takes the dotless "ı" for "i" and the final
    "ς" for "σ", which lower-casing keeps apart (NFKC has already mapped the long
    s, the Kelvin sign and the Greek symbol letters)."""
    return _fold_ignorecase(text.lower())


def _fold_ignorecase(low: str) -> str:
    if "\u0307" in low:
        low = low.replace("i\u0307", "i")
    if "ı" in low:
        low = low.replace("ı", "i")
    if "ς" in low:
        low = low.replace("ς", "σ")
    return low


def ignorecase_lower_lines(lines: Iterable[str]) -> str:
    """``ignorecase_lower`` of the lines, each after a line break, joined.
    Lower-cased line by line: str.lower maps an ASCII string at memory speed,
    and most lines are ASCII, while one other character sends a whole joined
    text down the slow path (about a third of the time on the validation
    pages)."""
    return _fold_ignorecase("".join(["\n" + x.lower() for x in lines]))


@dataclass(frozen=True, slots=True)
class PatternFacts:
    """What the pre-filter and the family regexes need to know of a pattern."""

    required: frozenset[str] | None
    """``required_literals``."""
    anchored: bool
    prefix: frozenset[str] | None
    """``prefix_literals`` of an anchored pattern (None otherwise)."""
    whole_line: bool
    """Only matches a whole line (^...$ with no top-level alternative escaping)."""
    max_width: int
    """The longest text it can match (sys.maxsize when unbounded)."""


def analyse(pattern: str) -> PatternFacts:
    tree = parse(pattern)
    is_anchored = anchored(pattern)
    whole = bool(
        tree
        and tree[0][0] == C.AT and tree[0][1] == C.AT_BEGINNING
        and tree[-1][0] == C.AT and tree[-1][1] == C.AT_END
    )  # fmt: skip
    width = sys.maxsize if tree is None else min(sys.maxsize, int(tree.getwidth()[1]))
    return PatternFacts(
        required_literals(pattern),
        is_anchored,
        prefix_literals(pattern) if is_anchored else None,
        whole,
        width,
    )


# Bump when analyse() changes what it derives: old cache files are then ignored.
FACTS_VERSION = 3
_FACTS: dict[str, PatternFacts] = {}


def facts(pattern: str) -> PatternFacts:
    """``pattern``'s facts: from the table ``pattern_facts`` loaded, else derived."""
    found = _FACTS.get(pattern)
    if found is None:
        found = _FACTS[pattern] = analyse(pattern)
    return found


def pattern_facts(patterns: Sequence[str]) -> list[PatternFacts]:
    """The facts of every pattern, from a cache file when one was written for
    exactly these patterns. Deriving them parses each pattern (~0.3 s for the
    shipped tables, most of a fresh process's time to its first record), so the
    first process writes them under ``cache_dir()`` and later ones read them
    (a missing, unreadable or stale file is derived again; nothing fails)."""
    path = derived_path("phrase-facts", FACTS_VERSION, patterns, ".json")
    try:
        rows = json.loads(path.read_text("utf-8"))
        if len(rows) != len(patterns):
            raise ValueError("stale")
        loaded = [
            PatternFacts(
                None if r[0] is None else frozenset(r[0]),
                bool(r[1]),
                None if r[2] is None else frozenset(r[2]),
                bool(r[3]),
                int(r[4]),
            )
            for r in rows
        ]
    except (OSError, ValueError, TypeError, IndexError):
        loaded = [analyse(p) for p in patterns]
        _write_facts(path, loaded)
    _FACTS.update(zip(patterns, loaded, strict=True))
    return loaded


def _write_facts(path: Path, rows: list[PatternFacts]) -> None:
    data = [
        [
            None if f.required is None else sorted(f.required),
            f.anchored,
            None if f.prefix is None else sorted(f.prefix),
            f.whole_line,
            f.max_width,
        ]
        for f in rows
    ]
    write_atomically(path, json.dumps(data).encode("utf-8"))


class LiteralIndex:
    """Maps a line to the indices of the families that may match it.

    All required literals go into one Aho-Corasick automaton
    (newsclean.literals), so a line is scanned once whatever the number of
    literals (overlapping ones included).
    """

    def __init__(self, family_patterns: list[tuple[str, ...]]) -> None:
        self.always: list[int] = []
        by_literal: dict[str, set[int]] = {}
        # (key, part code) -> the longest line and the widest match of the
        # part's patterns that need the key
        limits: dict[tuple[str, int], tuple[int, int]] = {}
        known = pattern_facts([p for patterns in family_patterns for p in patterns])
        at = 0
        for i, patterns in enumerate(family_patterns):
            fam = known[at : at + len(patterns)]
            at += len(patterns)
            reqs = [f.required for f in fam]
            if any(r is None for r in reqs):
                self.always.append(i)
                continue
            for lit in set().union(*[r for r in reqs if r is not None]):
                by_literal.setdefault(lit, set()).add(i)
            for f, req in zip(fam, reqs, strict=True):
                part = 2 * i + (ANCHORED if f.anchored else FLOATING)
                # a key starting with "\n" must stand at a line start
                need = ([f"\n{lit}" for lit in f.prefix] if f.anchored and f.prefix
                        else req or ())
                line = f.max_width if f.whole_line else sys.maxsize
                for key in need:
                    old = limits.get((key, part), (0, 0))
                    limits[(key, part)] = (max(old[0], line), max(old[1], f.max_width))
        self.keys = sorted(limits)
        """(key, part code) pairs: a line holding the key may match the part."""
        self.limits = limits
        """For each of ``keys``, the longest line and the widest match of the
        part's patterns that need the key: a longer line, or a line that no
        such match can cover enough of, is not theirs."""
        self._literals = sorted(by_literal)
        self._families_of = [tuple(sorted(by_literal[lit])) for lit in self._literals]
        self._scanner: LiteralScanner | None = None

    def candidates(self, lowered_line: str) -> tuple[int, ...]:
        """Families that may match; ``lowered_line`` must be ``ignorecase_lower(line)``."""
        hits = set(self.always)
        if self._scanner is None:
            # built on first use: a document's lines go through phrase_scan's
            # automaton, this one serves single lines (match_phrase)
            self._scanner = LiteralScanner(self._literals)
        for key in set(self._scanner.scan(lowered_line)[1].tolist()):
            hits.update(self._families_of[key])
        return tuple(sorted(hits))
