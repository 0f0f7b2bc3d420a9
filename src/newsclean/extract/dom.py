"""Parse HTML with lexbor and prune the page chrome recognised by markup.

The knowledge (which tags, roles, classes and ids are chrome, and why) lives in
``data/chrome.json``; this module only applies it. Nothing here recurses on DOM
depth: lexbor itself slows down quadratically on very deep nesting, so such
documents are flattened *before* parsing (see :func:`flatten_deep_html`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

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
    all_selectors: str
    hidden_attrs: frozenset[str]
    """Attribute names the hidden selectors test: a node without any of them
    can only match ``chrome_tags``/``caption_tags``, by tag name."""


# The attribute name of each "[name...]" in a CSS selector.
_ATTR_NAME = re.compile(r"\[\s*([\w-]+)")


def _word_start(pattern: str) -> re.Pattern[str]:
    # Class/id names are matched at the start of a word so that e.g. "ad" hits
    # "ad-slot" and "top-ad" but not "head" or "gradient".
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})")


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    raw: dict[str, Any] = json.loads(
        resources.files("newsclean.extract").joinpath("data/chrome.json").read_text("utf-8")
    )
    pairs = tuple((_word_start(p), r) for p, r in raw["class_id"])
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
        all_selectors=",".join(sel for sel, _, _ in order),
        hidden_attrs=frozenset(_ATTR_NAME.findall(" ".join(raw["hidden_selectors"]))),
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


def parse_html(html: str, *, max_depth: int = 512) -> LexborHTMLParser:
    """Parse with lexbor, flattening first when the document nests too deep."""
    if html.count("<") > max_depth and estimate_depth(html) > max_depth:
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


def _ancestors_outside(node: LexborNode, chosen: set[int]) -> frozenset[int] | None:
    """The node's ancestors, or None as soon as one of them is in ``chosen``."""
    ids: list[int] = []
    parent = node.parent
    while parent is not None:
        mid = parent.mem_id
        if mid in chosen:
            return None
        ids.append(mid)
        parent = parent.parent
    return frozenset(ids)


# A wrapper with at least this many paragraphs of at least this length is prose.
PROSE_PARAGRAPHS = 3
PROSE_PARAGRAPH_CHARS = 150
# Linked headlines and teaser cards: a list of other articles, however wordy.
_TEASER_SELECTOR = "article, h2 a, h3 a, h4 a, a h2, a h3, a h4"
_GUARD_SELECTOR = "h1, main, [itemprop=articleBody]"
_STRUCTURAL = frozenset({"html", "body", "main", "article", "head"})


def _wraps_article(node: LexborNode, text_len: int, total: int, reason: str, by_name: bool) -> bool:
    """True for wrappers named like chrome that actually hold the article
    (WordPress puts ``comments-open`` on the body, some sites ``has-sidebar`` on
    the main column)."""
    if node.tag in _STRUCTURAL:
        return True
    if reason == "hidden":
        # Hidden copies of the headline (schema.org microdata) are common; a
        # hidden wrapper of most of the page is content revealed by a script.
        return total > 0 and text_len > 0.6 * total
    if node.css_first(_GUARD_SELECTOR) is not None:
        return True
    # "social-embed" wrappers named like share bars around a quoted post.
    if by_name and node.css_first(chrome_rules().embedded_posts) is not None:
        return True
    # Only a guess from a class/id name yields to prose; <aside>, <nav> and
    # landmark roles are the author's own statement.
    if by_name and reason != "comments" and _has_prose(node):
        return True
    # A comment section may well hold more text than the article, so a large
    # share of the page alone only protects the other kinds.
    return reason != "comments" and total > 0 and text_len > 0.6 * total


def _has_prose(node: LexborNode) -> bool:
    """Several long paragraphs: article text, whatever the wrapper is called.
    (Related lists, menus and share bars hold headlines and labels, not prose.)"""
    if len(node.css(_TEASER_SELECTOR)) >= 2:
        return False
    long_paras = 0
    for p in node.css("p"):
        if len(p.text()) >= PROSE_PARAGRAPH_CHARS:
            long_paras += 1
            if long_paras >= PROSE_PARAGRAPHS:
                return True
    return False


_PAYWALL = "\0paywall"


@lru_cache(maxsize=1 << 16)
def _name_verdict(raw: str) -> str | None:
    """The chrome reason for an element's "class id" string, the paywall marker,
    or None. Cached: sites repeat the same class strings on hundreds of
    elements, and the regexes are the costly part."""
    rules = chrome_rules()
    # camelCase names ("newsCaption", "relatedPosts") get a word start at each
    # hump, as the hyphenated spellings the table is written for.
    lower = raw.lower()
    names = lower if lower == raw else _CAMEL.sub("-", raw).lower()
    # One scan finds every family present; the first in table order wins.
    first = min(
        (int(m.lastgroup[1:]) for m in rules.families.finditer(names) if m.lastgroup),
        default=-1,
    )
    if first < 0:
        return _PAYWALL if rules.paywall_markup.search(names) else None
    if rules.content_guard.search(names):
        return None
    return rules.class_id[first][1]


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


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
    result.noscript_text = " ".join(t for n in body.css("noscript") if (t := norm_space(n.text())))
    body.strip_tags(list(rules.silent_tags))
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
        for selector, reason, by_name in rules.selector_order:
            if node.css_matches(selector):
                decided[node.mem_id] = (node, reason, by_name)
                break
    for node in body.css("[class],[id]"):
        if node.mem_id in decided:
            continue
        verdict = _name_verdict(_class_id(node))
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
    # left pointing into a freed subtree.
    chosen: list[tuple[LexborNode, str, str, frozenset[int]]] = []
    chosen_ids: set[int] = set()
    for node, reason, by_name in _document_order(body, decided):
        ancestors = _ancestors_outside(node, chosen_ids)
        if ancestors is None:
            continue
        raw = node.text(separator=" ")
        if node.tag in _STRUCTURAL:
            # Always kept when it has text (see _wraps_article): skip normalising
            # what may be the whole page. isspace() and split() agree on blanks.
            if raw and not raw.isspace():
                continue
            text = ""
        else:
            text = norm_space(raw)
            if text and _wraps_article(node, len(text), total, reason, by_name):
                continue
        chosen.append((node, reason, text, ancestors))
        chosen_ids.add(node.mem_id)
    for _node, reason, text, ancestors in chosen:
        if text:
            result.removed.append(Pruned(text, reason, ancestors))
    for node, *_ in reversed(chosen):
        node.decompose()
    return result


def _document_order(
    body: LexborNode, decided: dict[int, tuple[LexborNode, str, bool]]
) -> list[tuple[LexborNode, str, bool]]:
    # One walk in C-backed lexbor order; cheaper than it looks (~0.1 ms a page).
    if not decided:
        return []
    ordered: list[tuple[LexborNode, str, bool]] = []
    for node in body.traverse():
        hit = decided.get(node.mem_id)
        if hit is not None:
            ordered.append(hit)
    return ordered
