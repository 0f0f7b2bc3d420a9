"""Blocks: the body's text grouped as a reader sees it, in reading order.

One pass over the body groups text nodes into *blocks* (the text of one block
element: paragraph, heading, list item, quote, table row, preformatted text, or a
run of text between line breaks), remembering each block's element (indexed
with its ancestors as the walk meets them: ``Elements``), its link text and,
when asked, its inline Markdown. Which blocks are main content is the
block model's call (``blockmodel.py``). Every walk is iterative, so DOM depth
never reaches Python's recursion limit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean import lexbor_walk
from newsclean.mojibake import repair

INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "nobr",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "label",
        "output",
    ]
)
# A block element's kind and level (headings); any other block is a "p".
_KINDS: dict[str, tuple[str, int]] = {
    **{f"h{n}": ("h", n) for n in range(1, 7)},
    "li": ("li", 0),
    "dd": ("li", 0),
    "dt": ("li", 0),
    "pre": ("pre", 0),
    "tr": ("row", 0),
    "figcaption": ("caption", 0),
    "caption": ("caption", 0),
    "blockquote": ("quote", 0),
}
_PARAGRAPH = ("p", 0)
_BREAKS = frozenset({"br", "hr", "img"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}


@dataclass(slots=True)
class Block:
    """The text of one block element (or of a run of text between breaks)."""

    kind: str  # p, h, li, quote, pre, row, caption
    text: str
    link_chars: int
    node: int  # the block element's index among the collected Elements (0: the root)
    level: int = 0  # heading level, list nesting
    markdown: str | None = None
    tag: str = ""  # the block element's tag
    cells: int = 1  # table cells in a row

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


class Elements:
    """The elements blocks sit in and their ancestors, indexed as the walk meets
    them: the root is 0 and a parent always has a smaller index than its
    children (an element's missing ancestors are indexed top-down before it), so
    ``page_tree`` lays them out as arrays without walking again. Each one's
    attributes are read as it is indexed (selectolax's ``attributes``)."""

    __slots__ = ("attributes", "depth", "index", "parent", "tags")

    def __init__(self, root: LexborNode) -> None:
        self.index: dict[int, int] = {root.mem_id: 0}
        self.parent: list[int] = [-1]
        self.depth: list[int] = [0]
        self.tags: list[str] = [root.tag or ""]
        self.attributes: list[dict[str, str | None]] = [root.attributes]

    def __len__(self) -> int:
        return len(self.parent)

    def of(self, node: LexborNode) -> int:
        """``node``'s index, indexing it and its ancestors up to the first one
        already indexed (the root is) when it is new."""
        index = self.index
        found = index.get(node.mem_id)
        if found is not None:
            return found
        pending: list[tuple[int, LexborNode]] = []
        top = 0
        cur: LexborNode | None = node
        while cur is not None:
            mid = cur.mem_id
            known = index.get(mid)
            if known is not None:
                top = known
                break
            pending.append((mid, cur))
            cur = cur.parent
        parent, depth, tags, attributes = self.parent, self.depth, self.tags, self.attributes
        for mid, cur in reversed(pending):
            k = len(parent)
            index[mid] = k
            parent.append(top)
            depth.append(depth[top] + 1)
            tags.append(cur.tag or "")
            attributes.append(cur.attributes)
            top = k
        return top

    def has_tag_above(self, node: int, tag: str, levels: int) -> bool:
        """Whether one of the ``levels`` nearest ancestors of ``node`` below
        the root is a ``tag`` element."""
        parent, tags = self.parent, self.tags
        cur = parent[node]
        for _ in range(levels):
            if cur <= 0:
                return False
            if tags[cur] == tag:
                return True
            cur = parent[cur]
        return False


@dataclass(slots=True)
class _InlineInfo:
    """What a text node's parent says of the text: its block, whether it is
    link text, its Markdown marks and link, its table cell."""

    block: LexborNode | None
    in_link: bool
    marks: tuple[str, ...]
    href: str | None
    cell: int
    key: int
    """The block's mem_id (the root's when ``block`` is None)."""
    node: int
    """The block's index among the Elements (0, the root's, when ``block`` is None)."""


# A piece of a block's text: the text and what its parent says of it. A plain
# tuple: one is made per text node, and a tuple costs a fraction of an object.
_Piece = tuple[str, _InlineInfo]
# Whitespace between inline elements; pieces are never changed once made.
_SPACE: _Piece = (" ", _InlineInfo(None, False, (), None, 0, 0, 0))


@dataclass(slots=True)
class _Open:
    key: int
    kind: str
    tag: str
    node: int
    level: int
    pieces: list[_Piece] = field(default_factory=list)


def _inline_info(
    parent: LexborNode, root_id: int, with_marks: bool, elements: Elements
) -> _InlineInfo:
    """Walk up from a text node's parent through inline elements to its block."""
    in_link = False
    marks: list[str] = []
    href: str | None = None
    cell = 0
    cur: LexborNode | None = parent
    while cur is not None:
        tag = cur.tag or ""
        if tag in INLINE_TAGS:
            if tag == "a":
                in_link = True
                if with_marks and href is None:
                    href = cur.attributes.get("href")
            elif with_marks and tag in _EMPHASIS:
                marks.append(_EMPHASIS[tag])
            elif with_marks and tag == "code":
                marks.append("`")
            cur = cur.parent
            continue
        if tag in ("td", "th"):
            cell = cur.mem_id
            cur = cur.parent
            # Cells belong to their row; a layout cell holding paragraphs never
            # gets here because the paragraph is met first.
            while cur is not None and cur.tag != "tr" and cur.mem_id != root_id:
                cur = cur.parent
            break
        break
    if cur is None:
        return _InlineInfo(None, in_link, tuple(dict.fromkeys(marks)) if marks else (), href,
                           cell, root_id, 0)
    # The block's element is indexed here, just before its first text opens it.
    node = elements.of(cur)
    # <a><h3>headline</h3></a>: a block inside a link is link text too.
    if not in_link and elements.has_tag_above(node, "a", 3):
        in_link = True
    return _InlineInfo(cur, in_link, tuple(dict.fromkeys(marks)) if marks else (), href, cell,
                       cur.mem_id, node)


def collect_blocks(
    root: LexborNode,
    *,
    with_markdown: bool = False,
    elements: Elements | None = None,
    mojibake: bool = False,
) -> list[Block]:
    """All text of ``root`` grouped into blocks, in document order.

    ``elements``, when given (a fresh ``Elements(root)``), receives every block
    element and its ancestors, which the blocks' ``node`` indices point into.
    ``mojibake``: the page may hold some (``newsclean.mojibake``), so each text
    is repaired as it is read, before its spaces are made one (a double-encoded
    character can hold a byte read as a no-break space or a next-line control,
    which runs of whitespace would swallow).

    The walk is compiled (``newsclean.lexbor_walk``) unless Markdown or repair is asked
    for, or the compiled walk is missing or disagrees with this module's
    (``compiled_walk``); both give the same blocks and elements."""
    els = Elements(root) if elements is None else elements
    walk = None if with_markdown or mojibake else compiled_walk()
    if walk is not None:
        return _collect_compiled(walk, root, els)
    return _collect_python(root, els, with_markdown=with_markdown, mojibake=mojibake)


def _collect_compiled(walk: _Walk, root: LexborNode, els: Elements) -> list[Block]:
    blocks, parents, depths, tags, attributes, index = walk(
        root.mem_id, _walk_codes(), _KINDS, _PARAGRAPH, Block, _finish_pre
    )
    els.parent, els.depth, els.tags, els.attributes, els.index = (
        parents, depths, tags, attributes, index
    )
    return blocks


def _collect_python(
    root: LexborNode, els: Elements, *, with_markdown: bool, mojibake: bool
) -> list[Block]:
    """The walk in Python: the compiled one's reference, and the only one that
    writes Markdown or repairs text."""
    root_id = root.mem_id
    blocks: list[Block] = []
    cache: dict[int, _InlineInfo] = {}
    current: _Open | None = None

    def flush() -> None:
        nonlocal current
        if current is not None and current.pieces:
            block = _finish(current, with_markdown)
            if block is not None:
                blocks.append(block)
        current = None

    for node in root.traverse(include_text=True):
        # None for an element (and for a text node without data, whose tag is
        # no break either): one call instead of is_text_node and text_content.
        raw = node.text_content
        if raw is None:
            if node.tag in _BREAKS:
                # <br><br> paragraphs: a break ends the run of text before it.
                flush()
            continue
        if not raw or raw.isspace():
            if raw and current is not None and current.pieces:
                current.pieces.append(_SPACE)
            continue
        if mojibake:
            raw = repair(raw)
        parent = node.parent
        if parent is None:
            continue
        parent_id = parent.mem_id
        info = cache.get(parent_id)
        if info is None:
            info = _inline_info(parent, root_id, with_markdown, els)
            cache[parent_id] = info
        key = info.key
        if current is None or current.key != key:
            flush()
            at = info.node
            tag = els.tags[at]
            kind, level = _KINDS.get(tag, _PARAGRAPH)
            if kind == "p" and (
                _in_blockquote(root, root_id)
                if key == root_id
                else els.has_tag_above(at, "blockquote", 6)
            ):
                kind = "quote"
            current = _Open(key, kind, tag, at, level)
        current.pieces.append((raw, info))
    flush()
    return blocks


def _in_blockquote(node: LexborNode, root_id: int) -> bool:
    cur = node.parent
    hops = 0
    while cur is not None and hops < 6 and cur.mem_id != root_id:
        if cur.tag == "blockquote":
            return True
        cur = cur.parent
        hops += 1
    return False


def _finish(open_: _Open, with_markdown: bool) -> Block | None:
    pieces = open_.pieces
    cells = 1
    if len(pieces) == 1:
        # Most blocks are one text node: no joining, no cell bookkeeping.
        raw, info = pieces[0]
        link_chars = len(raw.strip()) if info.in_link else 0
    else:
        parts: list[str] = []
        link_chars = 0
        last_cell = pieces[0][1].cell
        for text, info in pieces:
            # Only a cell starts a cell: the whitespace a pretty-printed row
            # holds between its cells is kept as _SPACE, which is in none.
            if info.cell and info.cell != last_cell:
                parts.append(" | ")
                last_cell = info.cell
                cells += 1
            parts.append(text)
            if info.in_link:
                link_chars += len(text.strip())
        raw = "".join(parts)
    if open_.kind == "pre":
        text = _finish_pre(raw)
        if not text:
            return None
    else:
        text = " ".join(raw.split())
        if not text:
            return None
    md = _markdown_inline(open_) if with_markdown else None
    return Block(open_.kind, text, link_chars, open_.node, open_.level, md, open_.tag, cells)


def _finish_pre(raw: str) -> str:
    """A preformatted block's text: code keeps its lines and their relative
    indentation; the block, like every other, has no whitespace around it."""
    return textwrap.dedent(raw.strip("\n")).strip()


def _markdown_inline(open_: _Open) -> str:
    if open_.kind == "pre":
        return "".join(text for text, _ in open_.pieces)
    out: list[str] = []
    # Merge consecutive pieces that share their formatting so a link or an
    # emphasis spanning several text nodes is written once.
    run_key: tuple[tuple[str, ...], str | None] | None = None
    run: list[str] = []
    last_cell = open_.pieces[0][1].cell

    def emit() -> None:
        if run_key is None:
            return
        text = " ".join("".join(run).split())
        if not text:
            out.append(" " if "".join(run) else "")
            return
        lead = " " if run and run[0][:1].isspace() else ""
        trail = " " if run and run[-1][-1:].isspace() else ""
        marks, href = run_key
        for mark in marks:
            text = f"{mark}{text}{mark}"
        if href and not href.startswith(("javascript:", "#")):
            text = f"[{text}]({href})"
        out.append(f"{lead}{text}{trail}")

    for text, info in open_.pieces:
        key = (info.marks, info.href)
        if info.cell and info.cell != last_cell:
            emit()
            out.append(" | ")
            run_key, run = None, []
            last_cell = info.cell
        if key != run_key:
            emit()
            run_key, run = key, []
        run.append(text)
    emit()
    return " ".join("".join(out).split())


# --- the compiled walk -------------------------------------------------------------

_Walk = Callable[..., tuple[Any, ...]]


@lru_cache(maxsize=1)
def _walk_codes() -> dict[str, int]:
    """What each tag is to the compiled walk, as bits (see _lexbor.c): the
    same sets the Python walk reads."""
    codes: dict[str, int] = {}
    for names, bit in (
        (INLINE_TAGS, 1),
        (("a",), 2),
        (("td", "th"), 4),
        (("tr",), 8),
        (_BREAKS, 16),
        (("blockquote",), 32),
    ):
        for name in names:
            codes[name] = codes.get(name, 0) | bit
    return codes


# Every construct the walk treats apart, for the check that the compiled walk
# reads a page as the Python one does before it is used.
_CHECK_PAGE = (
    "<html><body>Loose <b>text</b><div class='a b' id=x data-v>"
    "<p>One <a href='/x'>link</a> and <em>more</em></p>\n  <p>\u00a0</p>"
    "<h2>Head<br>line</h2><blockquote><div><p>Quoted</p></div></blockquote>"
    "<table><tr><td>a</td>\n<td><span>b</span></td></tr><tr><th>c</th></tr></table>"
    "<ul><li>item <i>one</i></li><li><a href='#'><h3>Linked</h3></a></li></ul>"
    "<pre>  code\n    indented\n</pre><pre>\n</pre><my-widget>custom</my-widget>"
    "<svg><text>drawn</text><foreignObject><p>foreign</p></foreignObject></svg>"
    "<!-- comment --><img src=x>after image<hr>caf\u00e9 \u2003 end"
    "<figure><figcaption>Caption</figcaption></figure><dl><dt>t</dt><dd>d</dd></dl>"
    "</div></body></html>"
)


@lru_cache(maxsize=1)
def compiled_walk() -> _Walk | None:
    """The compiled walk (``newsclean.lexbor_walk``); None when there is none or
    when it reads the check page otherwise than the Python walk."""
    module = lexbor_walk.compiled()
    if module is None:
        return None
    walk: _Walk = module.walk
    body = LexborHTMLParser(_CHECK_PAGE).body
    if body is None or walk_snapshot(body, walk) != walk_snapshot(body, None):
        lexbor_walk.disagrees("block walk")
        return None
    return walk


def walk_snapshot(root: LexborNode, walk: _Walk | None) -> tuple[object, ...]:
    """Everything a walk from ``root`` gives (its blocks and elements), by the
    compiled walk ``walk`` or, None, the Python one: for comparing them on one
    tree (the element index holds the tree's node ids)."""
    els = Elements(root)
    if walk is None:
        blocks = _collect_python(root, els, with_markdown=False, mojibake=False)
    else:
        blocks = _collect_compiled(walk, root, els)
    return (
        [(b.kind, b.text, b.link_chars, b.node, b.level, b.markdown, b.tag, b.cells)
         for b in blocks],
        els.parent, els.depth, els.tags, els.attributes, els.index,
    )
