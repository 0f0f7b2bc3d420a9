"""Parse HTML with lexbor; what markup says of an element (chrome or content).

The knowledge (which tags, roles, classes and ids are chrome, and why) lives in
``data/chrome.json``; this module compiles it and judges class/id names with it.
Nothing is removed for it: the verdicts are features of the block model
(``nodes.py``). Nothing here recurses on DOM
depth: lexbor itself slows down quadratically on very deep nesting, so such
documents are flattened *before* parsing (see :func:`flatten_deep_html`).
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

import numpy as np
from selectolax.lexbor import LexborHTMLParser

# The compiled depth scan (src/newsclean/html/_tagdepth.c, built by `pip install`);
# estimate_depth_numpy below is its twin and the tests' reference.
from newsclean.html._tagdepth import tag_depth as _tag_depth
from newsclean.html.chrome_words import WordStarts, alternatives, by_first_char

# Elements that never have an end tag: they do not add nesting depth.
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|keygen"
# Elements whose end tag is routinely omitted (auto-closed by the parser): counting
# them as nesting would make ordinary sloppy pages look deep.
_AUTOCLOSE = "p|li|dt|dd|tr|td|th|option|optgroup|thead|tbody|tfoot|colgroup|rb|rt|rp"
# The tag names that add no depth.
_SHALLOW = f"{_VOID}|{_AUTOCLOSE}"


def _by_first_letter(names: str) -> str:
    """An alternation of ``names`` ("a|b|...") grouped by first letter
    ("b(?:ase|r)|..."): the same strings, but a "<" is tested against each first
    letter once instead of against every name (15% of estimate_depth)."""
    groups: dict[str, list[str]] = {}
    for name in names.split("|"):
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# A tag name that adds depth follows: one looked at, not consumed (no "<" is in
# a name, so the next search starts where it would after it).
_DEEPENING = rf"(?!(?:{_by_first_letter(_SHALLOW)})(?![\w-]))(?=[a-zA-Z])"
# Matches "<" for a start tag and "</" for an end tag, so that the joined matches
# can be scanned as bytes by numpy instead of step by step in Python. The two
# spelled apart: no "/?" to backtrack over before a name that does not count.
_DEPTH_TOKEN = re.compile(rf"<(?:/{_DEEPENING}|{_DEEPENING})", re.ASCII)
_LT, _SLASH = ord("<"), ord("/")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>", re.ASCII)
_SELF_CLOSED = re.compile(rf"<(?:{_VOID})(?![\w-])", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ChromeRules:
    """The compiled ``data/chrome.json`` table."""

    silent_tags: frozenset[str]
    chrome_tags: dict[str, str]
    caption_tags: dict[str, str]
    selectors: dict[str, str]
    class_id: tuple[tuple[re.Pattern[str], str], ...]
    content_guard: re.Pattern[str]
    paywall_markup: re.Pattern[str]
    any_class_id: re.Pattern[str]
    families: re.Pattern[str]
    """All class/id families in one alternation, a named group ``f<i>`` each."""
    silent_selector: str
    content_itemprops: tuple[str, ...]
    word_starts: WordStarts | None
    """Finds every word start where a class/id, paywall or content-guard word
    could begin (all their words in one automaton), with the shortest such
    word; None when a table is not plain words."""
    start_words: dict[str, tuple[re.Pattern[str] | None, ...]]
    """Per word ``word_starts`` can capture: for the class/id families, the
    paywall words and the content guard, the part of each regex that can match
    where that word starts, or None where none of its words begins so."""


def _word_start(pattern: str) -> re.Pattern[str]:
    # Class/id names are matched at the start of a word so that e.g. "ad" hits
    # "ad-slot" and "top-ad" but not "head" or "gradient".
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})")


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    raw: dict[str, Any] = json.loads(
        resources.files("newsclean.html").joinpath("data/chrome.json").read_text("utf-8")
    )
    pairs = tuple((_word_start(p), r) for p, r in raw["class_id"])
    family_alts = [alternatives(p) for p, _ in raw["class_id"]]
    paywall_alts = alternatives(raw["paywall_markup"])
    guard_alts = alternatives(raw["content_guard"])
    word_starts: WordStarts | None = None
    start_words: dict[str, tuple[re.Pattern[str] | None, ...]] = {}
    if paywall_alts and guard_alts and all(family_alts):
        Groups = list[tuple[str | None, list[tuple[str, str]]]]
        named: Groups = [(f"f{i}", alts) for i, alts in enumerate(family_alts) if alts]
        tables: tuple[Groups, Groups, Groups] = (
            named,
            [(None, paywall_alts)],
            [(None, guard_alts)],
        )
        per_table = [[w for _, alts in groups for _, w in alts] for groups in tables]
        words = [w for ws in per_table for w in ws]
        word_starts = WordStarts(words)
        at = [{ch: _word_start(p) for ch, p in by_first_char(groups).items()} for groups in tables]
        # A regex can only match where the captured (shortest) word starts if
        # one of its words extends that word.
        start_words = {
            word: tuple(
                at[k][word[0]] if any(w.startswith(word) for w in per_table[k]) else None
                for k in range(len(tables))
            )
            for word in set(words)
        }
    return ChromeRules(
        silent_tags=frozenset(raw["silent_tags"]),
        chrome_tags=dict(raw["chrome_tags"]),
        caption_tags=dict(raw["caption_tags"]),
        selectors=dict(raw["hidden_selectors"]),
        class_id=pairs,
        content_guard=_word_start(raw["content_guard"]),
        paywall_markup=_word_start(raw["paywall_markup"]),
        any_class_id=_word_start("|".join(p for p, _ in raw["class_id"])),
        families=_word_start(
            "|".join(f"(?P<f{i}>{p})" for i, (p, _) in enumerate(raw["class_id"]))
        ),
        silent_selector=",".join(raw["silent_tags"]),
        content_itemprops=tuple(raw["content_itemprops"]),
        word_starts=word_starts,
        start_words=start_words,
    )


# --- parsing ----------------------------------------------------------------------


def estimate_depth(html: str | bytes) -> int:
    """Upper bound of the element nesting depth, from start/end tags alone.
    ``html`` may be the page's UTF-8 bytes, read faster than a str with
    characters past Latin-1."""
    return _tag_depth(html, _SHALLOW)


def estimate_depth_numpy(html: str) -> int:
    """:func:`estimate_depth` with a regex and numpy: the same depth, the
    reference the tests hold the compiled one to."""
    marks = np.frombuffer("".join(_DEPTH_TOKEN.findall(html)).encode("ascii"), dtype=np.uint8)
    if marks.size == 0:
        return 0
    # Every "<" steps +1 and a following "/" takes 2 back: an end tag nets -1.
    # The running depth is exact after each whole token, and the maximum is
    # reached right after a start tag, i.e. at a "<" not followed by "/".
    is_lt = marks == _LT
    depth = np.cumsum(is_lt.astype(np.int64) - 2 * (marks == _SLASH))
    opens = is_lt.copy()
    opens[:-1] &= marks[1:] != _SLASH
    return max(0, int(depth[opens].max())) if opens.any() else 0


def flatten_deep_html(html: str, max_depth: int) -> str:
    """Drop the tags (not the text) of elements nested deeper than ``max_depth``.

    Linear in the input; used only when :func:`estimate_depth` says the page is
    deeper than the limit, because lexbor's tree builder is quadratic in depth.
    """
    out: list[str] = []
    depth = 0
    pos = 0
    for m in _TAG.finditer(html):
        tag = m.group(0)
        closing = tag.startswith("</")
        if closing:
            keep = depth <= max_depth
            depth = max(0, depth - 1)
        else:
            void = _SELF_CLOSED.match(tag) is not None
            if not void:
                depth += 1
            keep = depth <= max_depth
        out.append(html[pos : m.start()])
        if keep:
            out.append(tag)
        elif not closing:
            # A block boundary keeps words of flattened siblings apart.
            out.append(" ")
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def parse_html(
    html: str, *, max_depth: int = 512, tags: int | None = None, utf8: bytes | None = None
) -> LexborHTMLParser:
    """Parse with lexbor, flattening first when the document nests too deep.
    ``tags`` is ``html.count("<")`` and ``utf8`` is ``html.encode("utf-8")``
    when the caller has them already."""
    if tags is None:
        tags = html.count("<")
    if tags > max_depth and estimate_depth(html if utf8 is None else utf8) > max_depth:
        return LexborHTMLParser(flatten_deep_html(html, max_depth))
    # Given text, the parser encodes it to UTF-8 (dropping what cannot be
    # encoded: nothing, in a valid string); given those bytes, it reads them
    # as they are.
    return LexborHTMLParser(html if utf8 is None else utf8)


# --- pruning ----------------------------------------------------------------------


# --- chrome verdicts by class/id names ---------------------------------------------


def norm_space(text: str) -> str:
    return " ".join(text.split())


_PAYWALL = "\0paywall"


# Judgements by "class id" string: the verdict and whether the lower-cased
# string names a content container. Sites repeat the same class strings on
# hundreds of elements and across their pages; the regexes are the costly part.
_VERDICTS: dict[str, tuple[str | None, bool]] = {}
_VERDICTS_MAX = 1 << 16
_VERDICTS_LOCK = threading.Lock()
_UNSEEN = object()


def clear_name_cache() -> None:
    """Forget cached class/id verdicts (for benchmarks that must start cold)."""
    _VERDICTS.clear()


def _name_verdict(raw: str) -> str | None:
    """The chrome reason for an element's "class id" string, the paywall marker,
    or None."""
    return name_verdicts([raw])[0]


def name_verdicts(raws: Sequence[str]) -> list[str | None]:
    """:func:`_name_verdict` of every string; the strings not seen before are
    judged together, in one scan of each regex over all of them."""
    return [verdict for verdict, _ in name_judgements(raws)]


def name_judgements(raws: Sequence[str]) -> list[tuple[str | None, bool]]:
    """Per string, :func:`_name_verdict` and whether ``content_guard`` matches
    the string lower-cased (without the camelCase word starts the verdict
    reads): the scan for the verdict tests the guard words already."""
    # The answer is built from this call's own lookups: another thread may clear
    # or fill the shared cache at any moment, and only the update is locked.
    cache = _VERDICTS
    found: dict[str, tuple[str | None, bool]] = {}
    todo: list[str] = []
    for raw in dict.fromkeys(raws):
        judged = cache.get(raw, _UNSEEN)
        if judged is _UNSEEN:
            todo.append(raw)
        else:
            found[raw] = judged  # type: ignore[assignment]
    if todo:
        rules = chrome_rules()
        lowers = [r.lower() for r in todo]
        names = [
            low if low == r else _CAMEL.sub("-", r).lower()
            for r, low in zip(todo, lowers, strict=True)
        ]
        verdicts, guards = _judge(names, rules)
        # The guard of the scan read the verdict's form of the string; only a
        # string with capitals has another, and only camel humps change it.
        new = [
            (v, g if low == name else rules.content_guard.search(low) is not None)
            for v, g, low, name in zip(verdicts, guards, lowers, names, strict=True)
        ]
        found.update(zip(todo, new, strict=True))
        with _VERDICTS_LOCK:
            if len(cache) + len(todo) > _VERDICTS_MAX:
                cache.clear()
            cache.update(zip(todo, new, strict=True))
    return [found[r] for r in raws]


def _names(raw: str) -> str:
    # camelCase names ("newsCaption", "relatedPosts") get a word start at each
    # hump, as the hyphenated spellings the table is written for.
    lower = raw.lower()
    return lower if lower == raw else _CAMEL.sub("-", raw).lower()


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _judge(names: list[str], rules: ChromeRules) -> tuple[list[str | None], list[bool]]:
    """The verdict of each lower-cased name string (see :func:`_name_verdict`),
    and whether ``content_guard`` matches it."""
    starts = rules.word_starts
    if starts is None:
        return (
            [_judge_one(n, rules) for n in names],
            [rules.content_guard.search(n) is not None for n in names],
        )
    # One text with a line per string, each line after a newline: no table
    # word holds one, so no match crosses from one string into the next, and a
    # newline is as much a word boundary as either end of a string. Newlines
    # inside a string change nothing: positions are mapped back through the
    # start offsets.
    text = "\n" + "\n".join(names)
    offsets = list(accumulate((len(n) + 1 for n in names[:-1]), initial=1))
    first = [-1] * len(names)
    paywall = [False] * len(names)
    guard = [False] * len(names)
    start_words = rules.start_words
    # The scan finds every word start where any table word may begin; a regex
    # can match nowhere else. The family regex is taken left to right, each
    # match resuming after the last one's end, as a finditer() scan does; the
    # paywall and guard regexes only need to match somewhere in the string.
    resume = 0
    for pos, word in starts.find(text):
        families, walls, guards = start_words[word]
        line = bisect_right(offsets, pos) - 1
        if families is not None and pos >= resume:
            m = families.match(text, pos)
            if m is not None:
                resume = m.end()
                if m.lastgroup:
                    family = int(m.lastgroup[1:])
                    if first[line] < 0 or family < first[line]:
                        first[line] = family
        if walls is not None and not paywall[line]:
            paywall[line] = walls.match(text, pos) is not None
        if guards is not None and not guard[line]:
            guard[line] = guards.match(text, pos) is not None
    out: list[str | None] = []
    for fam, walled, guarded in zip(first, paywall, guard, strict=True):
        if fam < 0:
            out.append(_PAYWALL if walled else None)
        else:
            out.append(None if guarded else rules.class_id[fam][1])
    return out, guard


def _judge_one(names: str, rules: ChromeRules) -> str | None:
    first = _first_family(names, rules)
    if first < 0:
        return _PAYWALL if rules.paywall_markup.search(names) else None
    if rules.content_guard.search(names):
        return None
    return rules.class_id[first][1]


def _first_family(names: str, rules: ChromeRules) -> int:
    """Index of the first class/id family (table order) present in ``names``, or -1."""
    # One scan finds every family present; the first in table order wins.
    return min(
        (int(m.lastgroup[1:]) for m in rules.families.finditer(names) if m.lastgroup),
        default=-1,
    )
