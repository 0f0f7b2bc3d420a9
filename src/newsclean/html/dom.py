"""Parse HTML with lexbor and prune the page chrome recognised by markup.

The knowledge (which tags, roles, classes and ids are chrome, and why) lives in
``data/chrome.json``; this module only applies it. Nothing here recurses on DOM
depth: lexbor itself slows down quadratically on very deep nesting, so such
documents are flattened *before* parsing (see :func:`flatten_deep_html`).
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.html.chrome_words import WordStarts, alternatives, by_first_char

# Elements that never have an end tag: they do not add nesting depth.
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|keygen"
# Elements whose end tag is routinely omitted (auto-closed by the parser): counting
# them as nesting would make ordinary sloppy pages look deep.
_AUTOCLOSE = "p|li|dt|dd|tr|td|th|option|optgroup|thead|tbody|tfoot|colgroup|rb|rt|rp"
# Captures "<" for a start tag and "</" for an end tag, so that the joined matches
# can be scanned as bytes by numpy instead of step by step in Python.
_DEPTH_TOKEN = re.compile(rf"(</?)(?!(?:{_VOID}|{_AUTOCLOSE})(?![\w-]))[a-zA-Z][\w-]*", re.ASCII)
_LT, _SLASH = ord("<"), ord("/")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>", re.ASCII)
_SELF_CLOSED = re.compile(rf"<(?:{_VOID})(?![\w-])", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ChromeRules:
    """The compiled ``data/chrome.json`` table."""

    silent_tags: tuple[str, ...]
    chrome_tags: dict[str, str]
    caption_tags: dict[str, str]
    selectors: dict[str, str]
    class_id: tuple[tuple[re.Pattern[str], str], ...]
    content_guard: re.Pattern[str]
    paywall_markup: re.Pattern[str]
    any_class_id: re.Pattern[str]
    families: re.Pattern[str]
    """All class/id families in one alternation, a named group ``f<i>`` each."""
    embedded_posts: str
    selector_order: tuple[tuple[str, str, bool], ...]
    """(selector, reason, by_name) of hidden_selectors, chrome_tags and
    caption_tags, in priority order; ``all_selectors`` joins them."""
    selector_needs: tuple[str | None, ...]
    """Per ``selector_order`` entry, the one attribute or tag name it requires
    (None: unknown, always tested)."""
    all_selectors: str
    silent_selector: str
    guard_or_embedded: str
    hidden_attrs: frozenset[str]
    """Attribute names the hidden selectors test: a node without any of them
    can only match ``chrome_tags``/``caption_tags``, by tag name."""
    word_starts: WordStarts | None
    """Finds every word start where a class/id, paywall or content-guard word
    could begin (all their words in one automaton), with the shortest such
    word; None when a table is not plain words."""
    start_words: dict[str, tuple[re.Pattern[str] | None, ...]]
    """Per word ``word_starts`` can capture: for the class/id families, the
    paywall words and the content guard, the part of each regex that can match
    where that word starts, or None where none of its words begins so."""


# The attribute name of each "[name...]" in a CSS selector.
_ATTR_NAME = re.compile(r"\[\s*([\w-]+)")
# A selector that is one attribute test ("[role=navigation]") or one tag name.
_ONE_ATTR = re.compile(r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*(?:'[^']*'|\"[^\"]*\"|[\w-]+)\s*)?\]")
_ONE_TAG = re.compile(r"[a-z][a-z0-9]*")


def _needs(selector: str) -> str | None:
    """The attribute (or tag) name without which ``selector`` cannot match."""
    sel = selector.strip()
    m = _ONE_ATTR.fullmatch(sel)
    if m:
        return m.group(1).lower()
    return sel if _ONE_TAG.fullmatch(sel) else None


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
    order = (
        [(sel, why, False) for sel, why in raw["hidden_selectors"].items()]
        + [(tag, why, False) for tag, why in raw["chrome_tags"].items()]
        + [(tag, why, True) for tag, why in raw["caption_tags"].items()]
    )
    return ChromeRules(
        silent_tags=tuple(raw["silent_tags"]),
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
        embedded_posts=str(raw["embedded_posts"]),
        selector_order=tuple(order),
        selector_needs=tuple(_needs(sel) for sel, _, _ in order),
        all_selectors=",".join(sel for sel, _, _ in order),
        silent_selector=",".join(raw["silent_tags"]),
        guard_or_embedded=f"{_GUARD_SELECTOR}, {raw['embedded_posts']}",
        hidden_attrs=frozenset(_ATTR_NAME.findall(" ".join(raw["hidden_selectors"]))),
        word_starts=word_starts,
        start_words=start_words,
    )


# --- parsing ----------------------------------------------------------------------


def estimate_depth(html: str) -> int:
    """Upper bound of the element nesting depth, from start/end tags alone."""
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


def parse_html(html: str, *, max_depth: int = 512, tags: int | None = None) -> LexborHTMLParser:
    """Parse with lexbor, flattening first when the document nests too deep.
    ``tags`` is ``html.count("<")`` when the caller has it already."""
    if tags is None:
        tags = html.count("<")
    if tags > max_depth and estimate_depth(html) > max_depth:
        html = flatten_deep_html(html, max_depth)
    return LexborHTMLParser(html)


# --- pruning ----------------------------------------------------------------------


@dataclass(slots=True)
class Pruned:
    """What :func:`prune` took out of the page, kept to report what was removed
    from inside the article region once that region is known."""

    text: str
    reason: str
    ancestors: frozenset[int]


@dataclass(slots=True)
class PruneResult:
    removed: list[Pruned] = field(default_factory=list)
    paywall_nodes: list[Pruned] = field(default_factory=list)
    """Visible elements named like an access wall (class/id), with their text and
    ancestors: evidence of a cut article only where the article is (see
    ``article.py``), since sites also name whole article bodies or unused
    templates so."""
    noscript_text: str = ""
    """Text of <noscript> elements: JavaScript walls sometimes say it only there."""


def norm_space(text: str) -> str:
    return " ".join(text.split())


def ancestor_ids(node: LexborNode) -> frozenset[int]:
    ids: list[int] = []
    parent = node.parent
    while parent is not None:
        ids.append(parent.mem_id)
        parent = parent.parent
    return frozenset(ids)


# A wrapper with at least this many paragraphs of at least this length is prose.
PROSE_PARAGRAPHS = 3
PROSE_PARAGRAPH_CHARS = 150
# Linked headlines and teaser cards: a list of other articles, however wordy.
_TEASER_SELECTOR = "article, h2 a, h3 a, h4 a, a h2, a h3, a h4"
_GUARD_SELECTOR = "h1, main, [itemprop=articleBody]"
_TEASERS_OR_P = f"{_TEASER_SELECTOR}, p"
_STRUCTURAL = frozenset({"html", "body", "main", "article", "head"})


class _Text:
    """An element's text, whitespace-normalised only if asked: a wrapper kept
    for its headline need not have the whole page's text split and joined."""

    __slots__ = ("_norm", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._norm: str | None = None

    @property
    def norm(self) -> str:
        if self._norm is None:
            self._norm = norm_space(self.raw)
        return self._norm


def _wraps_article(node: LexborNode, text: _Text, total: int, reason: str, by_name: bool) -> bool:
    """True for wrappers named like chrome that actually hold the article
    (WordPress puts ``comments-open`` on the body, some sites ``has-sidebar`` on
    the main column)."""
    if node.tag in _STRUCTURAL:
        return True

    def big() -> bool:
        return total > 0 and len(text.norm) > 0.6 * total

    if reason == "hidden":
        # Hidden copies of the headline (schema.org microdata) are common; a
        # hidden wrapper of most of the page is content revealed by a script.
        return big()
    # A comment section may well hold more text than the article, so a large
    # share of the page alone only protects the other kinds. (Any one reason
    # suffices; the walks of the subtree come before normalising its text.)
    comments = reason == "comments"
    if not by_name:
        return node.css_first(_GUARD_SELECTOR) is not None or (not comments and big())
    # "social-embed" wrappers named like share bars around a quoted post.
    # (One query for both: every css call walks the whole subtree.)
    if node.css_first(chrome_rules().guard_or_embedded) is not None:
        return True
    if comments:
        return False
    # Only a guess from a class/id name yields to prose; <aside>, <nav> and
    # landmark roles are the author's own statement.
    return big() or _has_prose(node)


def _has_prose(node: LexborNode) -> bool:
    """Several long paragraphs: article text, whatever the wrapper is called.
    (Related lists, menus and share bars hold headlines and labels, not prose.)"""
    # One walk for teasers and paragraphs: no teaser selector matches a <p>.
    found = node.css(_TEASERS_OR_P)
    if sum(1 for n in found if n.tag != "p") >= 2:
        return False
    long_paras = 0
    for p in found:
        if p.tag == "p" and len(p.text()) >= PROSE_PARAGRAPH_CHARS:
            long_paras += 1
            if long_paras >= PROSE_PARAGRAPHS:
                return True
    return False


_PAYWALL = "\0paywall"


# Verdicts by "class id" string. Sites repeat the same class strings on
# hundreds of elements and across their pages; the regexes are the costly part.
_VERDICTS: dict[str, str | None] = {}
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
    # The answer is built from this call's own lookups: another thread may clear
    # or fill the shared cache at any moment, and only the update is locked.
    cache = _VERDICTS
    found: dict[str, str | None] = {}
    todo: list[str] = []
    for raw in dict.fromkeys(raws):
        verdict = cache.get(raw, _UNSEEN)
        if verdict is _UNSEEN:
            todo.append(raw)
        else:
            found[raw] = verdict  # type: ignore[assignment]
    if todo:
        judged = _judge([_names(r) for r in todo], chrome_rules())
        found.update(zip(todo, judged, strict=True))
        with _VERDICTS_LOCK:
            if len(cache) + len(todo) > _VERDICTS_MAX:
                cache.clear()
            cache.update(zip(todo, judged, strict=True))
    return [found[r] for r in raws]


def _names(raw: str) -> str:
    # camelCase names ("newsCaption", "relatedPosts") get a word start at each
    # hump, as the hyphenated spellings the table is written for.
    lower = raw.lower()
    return lower if lower == raw else _CAMEL.sub("-", raw).lower()


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _judge(names: list[str], rules: ChromeRules) -> list[str | None]:
    """The verdict of each lower-cased name string (see :func:`_name_verdict`)."""
    starts = rules.word_starts
    if starts is None:
        return [_judge_one(n, rules) for n in names]
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
    return out


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


def _class_id(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def prune(tree: LexborHTMLParser) -> PruneResult:
    """Remove hidden elements and page chrome from the body, in place."""
    rules = chrome_rules()
    result = PruneResult()
    body = tree.body
    if body is None:
        return result
    # One query for all silent tags (each css() call is a walk of the whole
    # tree). Removing without freeing, as strip_tags does, so nodes nested in
    # an already removed one may still be removed from their detached parent.
    silent = body.css(rules.silent_selector)
    result.noscript_text = " ".join(
        t for n in silent if n.tag == "noscript" and (t := norm_space(n.text()))
    )
    for node in silent:
        node.decompose(recursive=False)
    total = len(body.text())

    decided: dict[int, tuple[LexborNode, str, bool]] = {}
    # One query for every selector (one tree walk in C instead of one per entry),
    # then the first entry, in table order, that the node matches gives the reason.
    for node in body.css(rules.all_selectors):
        # css_matches compiles its selector on every call: only nodes carrying
        # an attribute some hidden selector tests need that; the others are
        # chrome by tag name alone (same first-match order as the table).
        if rules.hidden_attrs.isdisjoint(node.attributes):
            tag = node.tag or ""
            if tag in rules.chrome_tags:
                decided[node.mem_id] = (node, rules.chrome_tags[tag], False)
                continue
            if tag in rules.caption_tags:
                decided[node.mem_id] = (node, rules.caption_tags[tag], True)
                continue
        attrs = node.attributes
        tag = node.tag or ""
        for (selector, reason, by_name), needs in zip(
            rules.selector_order, rules.selector_needs, strict=True
        ):
            # An attribute selector cannot match without its attribute, nor a
            # type selector another tag: skip compiling those.
            if needs is not None and needs not in attrs and needs != tag:
                continue
            if node.css_matches(selector):
                decided[node.mem_id] = (node, reason, by_name)
                break
    named = [n for n in body.css("[class],[id]") if n.mem_id not in decided]
    for node, verdict in zip(named, name_verdicts([_class_id(n) for n in named]), strict=True):
        if verdict is None:
            continue
        if verdict == _PAYWALL:
            text = norm_space(node.text(separator=" "))
            if text:
                result.paywall_nodes.append(Pruned(text, "paywall", ancestor_ids(node)))
            continue
        decided[node.mem_id] = (node, verdict, True)

    # Decide outermost-first (document order) so a guarded wrapper does not hide
    # the chrome inside it, then decompose innermost-first so no node object is
    # left pointing into a freed subtree. Nodes inside a chosen one are passed
    # over in the same walk: it jumps to the node that follows the subtree.
    chosen: list[tuple[LexborNode, str, str, frozenset[int]]] = []
    resume_at: int | None = None
    for walked in body.traverse() if decided else ():
        if resume_at is not None:
            if walked.mem_id != resume_at:
                continue
            resume_at = None
        hit = decided.get(walked.mem_id)
        if hit is None:
            continue
        node, reason, by_name = hit
        raw = node.text(separator=" ")
        if node.tag in _STRUCTURAL:
            # Always kept when it has text (see _wraps_article): skip normalising
            # what may be the whole page. isspace() and split() agree on blanks.
            if raw and not raw.isspace():
                continue
            text = ""
        elif not raw or raw.isspace():
            text = ""  # what norm_space gives: no wrapper of anything
        else:
            lazy = _Text(raw)
            if _wraps_article(node, lazy, total, reason, by_name):
                continue
            text = lazy.norm
        chosen.append((node, reason, text, ancestor_ids(node)))
        after = _following(node)
        if after is None:
            break  # the rest of the document is inside this node
        resume_at = after.mem_id
    for _node, reason, text, ancestors in chosen:
        if text:
            result.removed.append(Pruned(text, reason, ancestors))
    for node, *_ in reversed(chosen):
        node.decompose()
    return result


def _following(node: LexborNode) -> LexborNode | None:
    """The first node after ``node``'s subtree in ``traverse()`` order (which
    yields every node but text nodes), or None at the end of the document."""
    cur: LexborNode | None = node
    while cur is not None:
        sib = cur.next
        while sib is not None:
            if not sib.is_text_node:
                return sib
            sib = sib.next
        cur = cur.parent
    return None
