"""The page as arrays: every block and every element that holds one, for the block model.

:func:`page_tree` removes the elements that carry no readable text (scripts,
styles, form controls), groups the rest of the body's text into blocks
(``content.collect_blocks``) and lays the elements the blocks sit in out as
numpy arrays (parent, depth, tag, the chrome verdict the markup gives), so that
sums over subtrees and verdicts inherited from ancestors are a few array
operations per depth level instead of Python walks per block.

Nothing is removed for looking like chrome here: what ``data/chrome.json`` says
about an element (navigation, comments, hidden...) becomes a feature, and the
model learned how far to trust it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

# The compiled passes (src/newsclean/html/_levels.c, built by `pip install`);
# levels_pass_numpy below is their twin and the tests' reference.
from newsclean.html._levels import levels_pass
from newsclean.html.content import Block, Elements, collect_blocks
from newsclean.html.dom import chrome_rules, name_judgements, norm_space
from newsclean.html.memo import BoundedMemo

# Verdict codes: 0 = none; then the reasons of chrome.json in a fixed order, so
# that a feature's meaning does not depend on the table's order. A reason the
# table gains must be added here (and the model retrained): _code() refuses it.
VERDICTS: tuple[str, ...] = (
    "",
    "hidden",
    "navigation",
    "related",
    "copyright",
    "boilerplate",
    "comments",
    "share",
    "newsletter",
    "cookie",
    "advertisement",
    "image_credit",
    "tags",
    "byline",
    "paywall",
    "copy_protection",
)
_VERDICT_CODE = {v: i for i, v in enumerate(VERDICTS)}
PAYWALL_CODE = _VERDICT_CODE["paywall"]
HIDDEN_CODE = _VERDICT_CODE["hidden"]

# Tags whose presence among a block's ancestors is a feature (bit i = TAG_BITS[i]).
TAG_BITS: tuple[str, ...] = (
    "a",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "article",
    "main",
    "li",
    "table",
    "section",
    "figure",
    "blockquote",
    "dl",
    "details",
    "h",
    "ul",
    "ol",
    "p",
    "time",
    "noscript",
)


def _code(reason: str) -> int:
    code = _VERDICT_CODE.get(reason)
    if code is None:
        raise ValueError(f"chrome.json reason {reason!r} has no verdict code in nodes.VERDICTS")
    return code


_TAG_BIT = {t: 1 << i for i, t in enumerate(TAG_BITS)}
for _h in ("h1", "h2", "h3", "h4", "h5", "h6"):
    _TAG_BIT[_h] = _TAG_BIT["h"]

_SELECTOR = re.compile(r"\[\s*([\w-]+)\s*(?:([*^$~|]?)=\s*['\"]?([^'\"\]]*)['\"]?\s*)?\]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _AttrRule:
    name: str
    op: str  # "" presence, "=" equals, "*" contains, "^" prefix, "$" suffix, "~" word
    value: str
    code: int


@lru_cache(maxsize=1)
def _attr_rules() -> tuple[_AttrRule, ...]:
    """chrome.json's attribute selectors, each one ``[name]`` or ``[name op value]``
    test, in table order (the first that matches gives the verdict)."""
    out: list[_AttrRule] = []
    for selector, reason in chrome_rules().selectors.items():
        m = _SELECTOR.fullmatch(selector.strip())
        if m is None:
            raise ValueError(f"chrome.json selector not of the form [attr op value]: {selector}")
        name, op, value = m.group(1).lower(), m.group(2) or "", m.group(3) or ""
        if m.group(3) is not None and not op:
            op = "="
        out.append(_AttrRule(name, op, _SPACES.sub("", value.lower()), _code(reason)))
    return tuple(out)


# Verdicts by the values of the attributes the selectors test: pages repeat
# the same role, style and aria-hidden values on many elements.
def _attr_verdict(attrs: dict[str, str | None]) -> int:
    return _ATTR_VERDICTS(
        tuple((name, attrs[name]) for name in _rule_attr_order() if name in attrs)
    )


@lru_cache(maxsize=1)
def _rule_attr_order() -> tuple[str, ...]:
    return tuple(sorted(_rule_attrs()))


def _attr_verdict_of(attrs: dict[str, str | None]) -> int:
    """The code of the first selector ``attrs`` satisfy, 0 when none does (only
    the selectors' own attributes are read)."""
    for rule in _attr_rules():
        if rule.name not in attrs:
            continue
        if not rule.op:
            return rule.code
        raw = attrs[rule.name]
        got = _SPACES.sub("", raw.lower()) if raw else ""
        if (
            (rule.op == "=" and got == rule.value)
            or (rule.op == "*" and rule.value in got)
            or (rule.op == "^" and got.startswith(rule.value))
            or (rule.op == "$" and got.endswith(rule.value))
            or (rule.op == "~" and rule.value in got.split())
        ):
            return rule.code
    return 0


# Keyed by the values of the attributes the selectors test, which are all
# ``_attr_verdict_of`` reads.
_ATTR_VERDICTS: BoundedMemo[tuple[tuple[str, str | None], ...], int] = BoundedMemo(
    lambda key: _attr_verdict_of(dict(key)), 1 << 14
)


@lru_cache(maxsize=1)
def _rule_attrs() -> frozenset[str]:
    """The attribute names the selectors test: an element without any of them
    can only be chrome by its tag."""
    return frozenset(rule.name for rule in _attr_rules())


@lru_cache(maxsize=1)
def _content_itemprops() -> frozenset[str | None]:
    return frozenset(chrome_rules().content_itemprops)


@lru_cache(maxsize=1)
def _tag_verdicts() -> dict[str, int]:
    rules = chrome_rules()
    out = {t: _code(r) for t, r in rules.caption_tags.items()}
    out.update({t: _code(r) for t, r in rules.chrome_tags.items()})
    return out


# How levels_pass combines a node's value with its parent's or child's.
MAX, OR, NEAREST, SUM, MIN = range(5)


def levels_pass_numpy(
    op: int, down: bool, parent: np.ndarray, levels: list[np.ndarray], values: np.ndarray
) -> None:
    """:func:`levels_pass` with numpy, a few calls per level: the same values to
    the last bit (every sum adds the same numbers in the same order), the
    reference the tests hold the compiled one to. ``levels``: node indices by
    depth, shallowest first (:meth:`PageTree.by_depth`). With ``down``, each
    node's value becomes op(its value, its parent's), from the second level to
    the last; else each parent's becomes op(its value, the child's), from the
    last level to the second. NEAREST keeps a non-zero value, else takes the
    other."""
    for idx in levels[1:] if down else reversed(levels[1:]):
        up = parent[idx]
        if down:
            mine, other = values[idx], values[up]
        elif op == SUM:
            np.add.at(values, up, values[idx])
            continue
        elif op in (MIN, MAX):
            (np.minimum if op == MIN else np.maximum).at(values, up, values[idx])
            continue
        else:
            raise ValueError("levels_pass_numpy: only SUM, MIN and MAX go up")
        if op == MAX:
            values[idx] = np.maximum(mine, other)
        elif op == MIN:
            values[idx] = np.minimum(mine, other)
        elif op == OR:
            values[idx] = mine | other
        elif op == NEAREST:
            values[idx] = np.where(mine != 0, mine, other)
        else:
            values[idx] = mine + other


def depth_order(depth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The node indices by depth, shallowest first and in index order within a
    depth, and where each depth starts among them (PageTree.walk_order)."""
    order = np.argsort(depth, kind="stable").astype(np.int64, copy=False)
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max()) + 2))
    return order, bounds.astype(np.int64, copy=False)


def class_part(name: str) -> str:
    """The class words of a ``PageTree.names`` entry ("class id"): the id names
    one element only, so markup shared by several elements is read without it."""
    return name.rsplit(" ", 1)[0]


def distinct_ids(keys: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct keys in order of first appearance, and each key's index
    among them."""
    index = {key: k for k, key in enumerate(dict.fromkeys(keys))}
    return list(index), np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))


@dataclass(slots=True)
class PageTree:
    """Blocks and the elements holding them. Node 0 is the body."""

    blocks: list[Block]
    block_node: np.ndarray  # (blocks,) node index of each block's element
    parent: np.ndarray  # (nodes,) parent index, -1 for the body
    depth: np.ndarray  # (nodes,) 0 for the body
    tags: list[str]
    names: list[str]  # "class id" of each node
    own_verdict: np.ndarray  # (nodes,) VERDICTS code from the node's own markup
    guard: np.ndarray  # (nodes,) bool: class/id names a content container
    tag_bits: np.ndarray  # (nodes,) TAG_BITS of the node itself
    itemprop_body: np.ndarray  # (nodes,) bool: itemprop=articleBody / text
    noscript_text: str = ""
    _order: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False,
                                                         compare=False)
    _name_ids: tuple[list[str], np.ndarray] | None = field(default=None, repr=False,
                                                           compare=False)
    _bounds: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False,
                                                          compare=False)

    @property
    def n_nodes(self) -> int:
        return int(self.parent.size)

    def walk_order(self) -> tuple[np.ndarray, np.ndarray]:
        """The node indices by depth, shallowest first and in index order
        within a depth (``order``), and where each depth starts in it
        (``bounds``: depth d is ``order[bounds[d]:bounds[d + 1]]``). Computed
        once: the features, the rejected blocks and the article region all pass
        values along the tree."""
        if self._order is None:
            self._order = depth_order(self.depth)
        return self._order

    def by_depth(self) -> list[np.ndarray]:
        """Node indices grouped by depth, shallowest first."""
        order, bounds = self.walk_order()
        return [order[bounds[d] : bounds[d + 1]] for d in range(len(bounds) - 1)]

    def combine(self, op: int, own: np.ndarray, *, down: bool) -> np.ndarray:
        """``own`` (int64 or float64) combined along the tree, a copy: with
        ``down``, each node's value with its parent's, from the top level down;
        else each parent's with its children's, from the deepest level up. ``op``
        is one of MAX, OR, NEAREST, SUM, MIN (see :func:`levels_pass_numpy`)."""
        out = own.copy()
        order, bounds = self.walk_order()
        levels_pass(op, down, self.parent, order, bounds, out)
        return out

    def name_ids(self) -> tuple[list[str], np.ndarray]:
        """The distinct class/id strings of the nodes and each node's index among
        them (computed once: the chrome verdicts and the learned class/id scores
        both judge each string once)."""
        if self._name_ids is None:
            self._name_ids = distinct_ids(self.names)
        return self._name_ids

    def inherit_max(self, own: np.ndarray) -> np.ndarray:
        """Per node, the maximum of ``own`` (int64 or float64) over the node and
        its ancestors."""
        return self.combine(MAX, own, down=True)

    def inherit_or(self, own: np.ndarray) -> np.ndarray:
        """Per node, the bitwise OR of ``own`` (int64) over the node and its
        ancestors."""
        return self.combine(OR, own, down=True)

    def nearest(self, own: np.ndarray) -> np.ndarray:
        """Per node, ``own`` (int64 or float64) of the nearest node on its path
        up (itself first) where it is non-zero, else 0."""
        return self.combine(NEAREST, own, down=True)

    def nearest_verdict(self) -> np.ndarray:
        """Per node, the verdict code of the nearest node on its path up
        (itself first) that has one, else 0."""
        return self.nearest(self.own_verdict)

    def hidden_blocks(self) -> np.ndarray:
        """(blocks,) bool: the block's element or an ancestor is marked hidden
        (``hidden``, ``display:none``, ``aria-hidden``...: chrome.json)."""
        under = self.inherit_max((self.own_verdict == HIDDEN_CODE).astype(np.int64))
        return under[self.block_node].astype(bool)

    def ancestors(self, node: int, *, inclusive: bool = False) -> list[int]:
        """Indices of the nodes above ``node`` up to the body, nearest first."""
        out = [node] if inclusive else []
        cur = int(self.parent[node])
        while cur >= 0:
            out.append(cur)
            cur = int(self.parent[cur])
        return out

    def block_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Per node, the index of the first and of the last block in its
        subtree (len(blocks) and -1 for a node without blocks); a node holds
        two blocks or more where last > first. Computed once: the block
        features place blocks by their containers, and html/threads.py reads
        posts as block ranges."""
        if self._bounds is None:
            n = len(self.blocks)
            index = np.arange(n, dtype=np.int64)
            first = np.full(self.n_nodes, n, dtype=np.int64)
            last = np.full(self.n_nodes, -1, dtype=np.int64)
            np.minimum.at(first, self.block_node, index)
            np.maximum.at(last, self.block_node, index)
            self._bounds = (self.combine(MIN, first, down=False),
                            self.combine(MAX, last, down=False))
        return self._bounds

    def common_ancestor(self, blocks: np.ndarray) -> int:
        """The lowest element holding the elements of every block in ``blocks``
        (one of them when they share it)."""
        # Python ints: the walk reads one element at a time.
        parent = self.parent.tolist()
        nodes = self.block_node[blocks].tolist()
        chain = self.ancestors(nodes[0], inclusive=True)
        rank = {node: k for k, node in enumerate(chain)}
        low = 0
        for cur in nodes[1:]:
            while cur not in rank:
                cur = parent[cur]
            low = max(low, rank[cur])
        return chain[low]

    def blocks_under(self, nodes: set[int]) -> dict[int, list[int]]:
        """For each of ``nodes``, the indices of the blocks in its subtree."""
        out: dict[int, list[int]] = {n: [] for n in nodes}
        for b, start in enumerate(self.block_node):
            cur = int(start)
            while cur >= 0:
                if cur in out:
                    out[cur].append(b)
                cur = int(self.parent[cur])
        return out

    def subtree_sum(self, own: np.ndarray) -> np.ndarray:
        """Per node, the sum of ``own`` over its subtree (float64)."""
        return self.combine(SUM, own.astype(np.float64), down=False)


def remove_silent(body: LexborNode) -> str:
    """Drop elements without readable text (chrome.json ``silent_tags``); returns
    the text of the <noscript> elements (kept in the page: some sites serve the
    whole page to script-less readers inside one)."""
    # One query for both (each css() call is a walk of the whole page, a fifth
    # of a millisecond): the <noscript> texts are read before anything goes.
    rules = chrome_rules()
    found = body.css(f"noscript,{rules.silent_selector}")
    noscript = " ".join(
        t for n in found if n.tag == "noscript" and (t := norm_space(n.text()))
    )
    for node in found:
        if node.tag in rules.silent_tags:
            node.decompose(recursive=False)
    return noscript


def page_tree(
    tree: LexborHTMLParser, *, with_markdown: bool = False, mojibake: bool = False
) -> PageTree | None:
    """The body's blocks and their elements as arrays, or None without a body.
    Removes the silent elements (scripts, styles...) from the tree in place.
    ``mojibake``: repair the blocks' text (``content.collect_blocks``)."""
    body = tree.body
    if body is None:
        return None
    noscript = remove_silent(body)
    elements = Elements(body)
    blocks = collect_blocks(body, with_markdown=with_markdown, elements=elements,
                            mojibake=mojibake)
    parents, tags = elements.parent, elements.tags
    n = len(parents)
    rule_attrs = _rule_attrs()
    content_props = _content_itemprops()
    attributes = elements.attributes
    # Comprehensions: one element per pass is a few hundred thousand on a page.
    names = [f"{attrs.get('class') or ''} {attrs.get('id') or ''}" for attrs in attributes]
    attr_codes = [
        _attr_verdict(attrs) if attrs and not rule_attrs.isdisjoint(attrs) else 0
        for attrs in attributes
    ]
    props = [attrs.get("itemprop") in content_props for attrs in attributes]
    # By tag, for all elements at once; an attribute selector's verdict first.
    bits = np.fromiter(map(_TAG_BIT.get, tags, repeat(0)), dtype=np.int64, count=n)
    by_tag = np.fromiter(map(_tag_verdicts().get, tags, repeat(0)), dtype=np.int64, count=n)
    own = np.array(attr_codes, dtype=np.int64)
    own = np.where(own != 0, own, by_tag)
    itemprop = np.array(props, dtype=bool)
    parent = np.array(parents, dtype=np.int64)
    depth = np.array(elements.depth, dtype=np.int64)
    block_node = np.fromiter((b.node for b in blocks), dtype=np.int64, count=len(blocks))
    # Class/id names: the verdicts of chrome.json families (cached per string),
    # judged once per distinct string and spread to its elements with numpy.
    distinct, of_node = distinct_ids(names)
    named = [k for k, raw in enumerate(distinct) if raw != " "]
    if named:
        strings = [distinct[k] for k in named]
        name_guard = np.zeros(len(distinct), dtype=bool)
        name_code = np.zeros(len(distinct), dtype=np.int64)
        # Whether each names a content container (content_guard) comes with
        # its verdict: the same scan finds both.
        for k, (v, g) in zip(named, name_judgements(strings), strict=True):
            name_guard[k] = g
            if v is not None:
                name_code[k] = PAYWALL_CODE if v.startswith("\0") else _code(v)
        guard = name_guard[of_node]
        # The element's own markup (tag, attribute selectors) decides first.
        own = np.where(own != 0, own, name_code[of_node])
    else:
        guard = np.zeros(n, dtype=bool)
    return PageTree(
        blocks=blocks,
        block_node=block_node,
        parent=parent,
        depth=depth,
        tags=tags,
        names=names,
        own_verdict=own,
        guard=guard,
        tag_bits=bits,
        itemprop_body=itemprop,
        noscript_text=noscript,
        _name_ids=(distinct, of_node),
    )
