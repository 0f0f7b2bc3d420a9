"""Blocks: the body's text grouped as a reader sees it, in reading order.

One pass over the body groups text nodes into *blocks* (the text of one block
element: paragraph, heading, list item, quote, table row, preformatted text, or a
run of text between line breaks), remembering each block's ancestors, its link
text and, when asked, its inline Markdown. Which blocks are main content is the
block model's call (``blockmodel.py``). Every walk is iterative, so DOM depth
never reaches Python's recursion limit.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

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
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BREAKS = frozenset({"br", "hr", "img"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}


@dataclass(slots=True)
class Block:
    """The text of one block element (or of a run of text between breaks)."""

    kind: str  # p, h, li, quote, pre, row, caption
    text: str
    link_chars: int
    ancestors: tuple[int, ...]  # mem_ids, nearest first; [0] is the block element
    level: int = 0  # heading level, list nesting
    markdown: str | None = None
    tag: str = ""  # the block element's tag
    cells: int = 1  # table cells in a row

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


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


# A piece of a block's text: the text and what its parent says of it. A plain
# tuple: one is made per text node, and a tuple costs a fraction of an object.
_Piece = tuple[str, _InlineInfo]
# Whitespace between inline elements; pieces are never changed once made.
_SPACE: _Piece = (" ", _InlineInfo(None, False, (), None, 0, 0))


@dataclass(slots=True)
class _Open:
    key: int
    kind: str
    tag: str
    ancestors: tuple[int, ...]
    level: int
    pieces: list[_Piece] = field(default_factory=list)


def _kind_of(tag: str) -> tuple[str, int]:
    if tag in _HEADINGS:
        return "h", _HEADINGS[tag]
    if tag == "li" or tag == "dd" or tag == "dt":
        return "li", 0
    if tag == "pre":
        return "pre", 0
    if tag == "tr":
        return "row", 0
    if tag == "figcaption" or tag == "caption":
        return "caption", 0
    if tag == "blockquote":
        return "quote", 0
    return "p", 0


class _Chains:
    """Ancestor chains (mem_ids, the node first, up to the root), built once per
    node: a block's chain is its own id before its parent's cached chain, so the
    blocks of one container walk the container's ancestors only once."""

    __slots__ = ("chains", "nodes", "root_id", "tags")

    def __init__(self, root_id: int, nodes: dict[int, LexborNode], tags: dict[int, str]) -> None:
        self.root_id = root_id
        self.nodes = nodes
        self.chains: dict[int, tuple[int, ...]] = {}
        self.tags = tags

    def of(self, node: LexborNode) -> tuple[int, ...]:
        chains = self.chains
        found = chains.get(node.mem_id)
        if found is not None:
            return found
        pending: list[tuple[int, LexborNode]] = []
        tail: tuple[int, ...] = ()
        cur: LexborNode | None = node
        while cur is not None:
            mid = cur.mem_id
            known = chains.get(mid)
            if known is not None:
                tail = known
                break
            pending.append((mid, cur))
            if mid == self.root_id:
                break
            cur = cur.parent
        for mid, cur in reversed(pending):
            self.nodes[mid] = cur
            self.tags[mid] = cur.tag or ""
            tail = (mid, *tail)
            chains[mid] = tail
        return tail

    def in_blockquote(self, chain: tuple[int, ...]) -> bool:
        """A <blockquote> among the six nearest ancestors below the root."""
        root_id, tags = self.root_id, self.tags
        for mid in chain[1:7]:
            if mid == root_id:
                return False
            if tags[mid] == "blockquote":
                return True
        return False


def _inline_info(
    parent: LexborNode, root_id: int, with_marks: bool, chains: _Chains
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
    if not in_link and cur is not None:
        # <a><h3>headline</h3></a>: a block inside a link is link text too.
        # The block's chain of ancestors is needed anyway (its text opens or
        # continues a block there): its three nearest ancestors below the
        # root are read from it rather than walked again.
        tags = chains.tags
        for mid in chains.of(cur)[1:4]:
            if mid == root_id:
                break
            if tags[mid] == "a":
                in_link = True
                break
    key = cur.mem_id if cur is not None else root_id
    return _InlineInfo(cur, in_link, tuple(dict.fromkeys(marks)) if marks else (), href, cell, key)


def collect_blocks(
    root: LexborNode,
    nodes: dict[int, LexborNode],
    *,
    with_markdown: bool = False,
    tags: dict[int, str] | None = None,
) -> list[Block]:
    """All text of ``root`` grouped into blocks, in document order.

    ``nodes`` receives every block element and ancestor met (mem_id -> node), for
    the scoring of ancestors that blocks only know by id; ``tags``, when given,
    their tags (``node.tag or ""``)."""
    root_id = root.mem_id
    blocks: list[Block] = []
    cache: dict[int, _InlineInfo] = {}
    chains = _Chains(root_id, nodes, {} if tags is None else tags)
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
        parent = node.parent
        if parent is None:
            continue
        parent_id = parent.mem_id
        info = cache.get(parent_id)
        if info is None:
            info = _inline_info(parent, root_id, with_markdown, chains)
            cache[parent_id] = info
        key = info.key
        if current is None or current.key != key:
            flush()
            block_node = info.block if info.block is not None else root
            chain = chains.of(block_node)
            tag = chains.tags[key]  # set by chains.of
            kind, level = _kind_of(tag)
            if kind == "p" and (
                _in_blockquote(block_node, root_id)
                if key == root_id
                else chains.in_blockquote(chain)
            ):
                kind = "quote"
            current = _Open(key, kind, tag, chain, level)
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
        # Code keeps its lines and their relative indentation; the block, like
        # every other, has no whitespace around it.
        text = textwrap.dedent(raw.strip("\n")).strip()
        if not text:
            return None
    else:
        text = " ".join(raw.split())
        if not text:
            return None
    md = _markdown_inline(open_) if with_markdown else None
    return Block(open_.kind, text, link_chars, open_.ancestors, open_.level, md, open_.tag, cells)


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
