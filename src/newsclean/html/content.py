"""Main-content selection: the pruned body -> the article's blocks in reading order.

One pass over the body groups text nodes into *blocks* (the text of one block
element: paragraph, heading, list item, quote, table row, preformatted text),
remembering each block's ancestors. Ancestors are scored from the blocks they
hold (text length, commas, link density: the Readability family of heuristics,
with weights from ``data/content.json``); the best one and the siblings that look
like its continuation form the article region. Every walk is iterative, so DOM
depth never reaches Python's recursion limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

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
_QUOTE_TAGS = frozenset({"blockquote", "q"})
_BREAKS = frozenset({"br", "hr", "img"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
# Elements that hold paragraphs rather than being one.
_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "td", "body", "center", "font", "form"}
)


@dataclass(frozen=True, slots=True)
class ContentRules:
    tag_weight: dict[str, float]
    positive: re.Pattern[str]
    negative: re.Pattern[str]
    min_block_chars: int
    ancestor_levels: int
    sibling_ratio: float
    class_factor: float
    climb_levels: int
    min_good_chars: int
    listing_factor: float
    headline_ratio: float
    twin_min_chars: int


@lru_cache(maxsize=1)
def content_rules() -> ContentRules:
    raw: dict[str, Any] = json.loads(
        resources.files("newsclean.html").joinpath("data/content.json").read_text("utf-8")
    )
    return ContentRules(
        tag_weight={k: float(v) for k, v in raw["tag_weight"].items()},
        positive=re.compile(rf"(?<![a-z0-9])(?:{raw['positive_class']})"),
        negative=re.compile(rf"(?<![a-z0-9])(?:{raw['negative_class']})"),
        min_block_chars=int(raw["min_block_chars"]),
        ancestor_levels=int(raw["ancestor_levels"]),
        sibling_ratio=float(raw["sibling_ratio"]),
        class_factor=float(raw["class_factor"]),
        climb_levels=int(raw["climb_levels"]),
        min_good_chars=int(raw["min_good_chars"]),
        listing_factor=float(raw["listing_factor"]),
        headline_ratio=float(raw["headline_ratio"]),
        twin_min_chars=int(raw["twin_min_chars"]),
    )


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
class _Piece:
    text: str
    in_link: bool
    marks: tuple[str, ...] = ()
    href: str | None = None
    cell: int = 0


# Whitespace between inline elements; pieces are never changed once made.
_SPACE = _Piece(" ", False)


@dataclass(slots=True)
class _Open:
    key: int
    kind: str
    tag: str
    ancestors: tuple[int, ...]
    level: int
    pieces: list[_Piece] = field(default_factory=list)


@dataclass(slots=True)
class _InlineInfo:
    block: LexborNode | None
    in_link: bool
    marks: tuple[str, ...]
    href: str | None
    cell: int


def _kind_of(node: LexborNode) -> tuple[str, int]:
    tag = node.tag or ""
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

    def __init__(self, root_id: int, nodes: dict[int, LexborNode]) -> None:
        self.root_id = root_id
        self.nodes = nodes
        self.chains: dict[int, tuple[int, ...]] = {}
        self.tags: dict[int, str] = {}

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


def _inline_info(parent: LexborNode, root_id: int, with_marks: bool) -> _InlineInfo:
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
        up = cur.parent
        for _ in range(3):
            if up is None or up.mem_id == root_id:
                break
            if up.tag == "a":
                in_link = True
                break
            up = up.parent
    return _InlineInfo(cur, in_link, tuple(dict.fromkeys(marks)), href, cell)


def collect_blocks(
    root: LexborNode, nodes: dict[int, LexborNode], *, with_markdown: bool = False
) -> list[Block]:
    """All text of ``root`` grouped into blocks, in document order.

    ``nodes`` receives every block element and ancestor met (mem_id -> node), for
    the scoring of ancestors that blocks only know by id."""
    root_id = root.mem_id
    blocks: list[Block] = []
    cache: dict[int, _InlineInfo] = {}
    chains = _Chains(root_id, nodes)
    current: _Open | None = None

    def flush() -> None:
        nonlocal current
        if current is not None and current.pieces:
            block = _finish(current, with_markdown)
            if block is not None:
                blocks.append(block)
        current = None

    for node in root.traverse(include_text=True):
        if node.is_text_node:
            raw = node.text_content
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
                info = _inline_info(parent, root_id, with_markdown)
                cache[parent_id] = info
            block_node = info.block if info.block is not None else root
            key = block_node.mem_id
            if current is None or current.key != key:
                flush()
                chain = chains.of(block_node)
                kind, level = _kind_of(block_node)
                if kind == "p" and (
                    _in_blockquote(block_node, root_id)
                    if key == root_id
                    else chains.in_blockquote(chain)
                ):
                    kind = "quote"
                current = _Open(key, kind, block_node.tag or "", chain, level)
            current.pieces.append(_Piece(raw, info.in_link, info.marks, info.href, info.cell))
        elif node.tag in _BREAKS:
            # <br><br> paragraphs: a break ends the run of text before it.
            flush()
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
    parts: list[str] = []
    link_chars = 0
    last_cell = open_.pieces[0].cell
    cells = 1
    for piece in open_.pieces:
        if piece.cell != last_cell:
            parts.append(" | ")
            last_cell = piece.cell
            cells += 1
        parts.append(piece.text)
        if piece.in_link:
            link_chars += len(piece.text.strip())
    raw = "".join(parts)
    if open_.kind == "pre":
        text = raw.strip("\n")
        if not text.strip():
            return None
    else:
        text = " ".join(raw.split())
        if not text:
            return None
    md = _markdown_inline(open_) if with_markdown else None
    return Block(open_.kind, text, link_chars, open_.ancestors, open_.level, md, open_.tag, cells)


def _markdown_inline(open_: _Open) -> str:
    if open_.kind == "pre":
        return "".join(p.text for p in open_.pieces)
    out: list[str] = []
    # Merge consecutive pieces that share their formatting so a link or an
    # emphasis spanning several text nodes is written once.
    run_key: tuple[tuple[str, ...], str | None] | None = None
    run: list[str] = []
    last_cell = open_.pieces[0].cell

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

    for piece in open_.pieces:
        key = (piece.marks, piece.href)
        if piece.cell != last_cell:
            emit()
            out.append(" | ")
            run_key, run = None, []
            last_cell = piece.cell
        if key != run_key:
            emit()
            run_key, run = key, []
        run.append(piece.text)
    emit()
    return " ".join("".join(out).split())


# --- scoring ------------------------------------------------------------------------


@dataclass(slots=True)
class Selection:
    """The article region: the chosen blocks and the ids of the region roots."""

    blocks: list[Block]
    region: frozenset[int]
    top_score: float
    link_density: float


def _block_score(block: Block) -> float:
    text = block.text
    commas = text.count(",") + text.count("，") + text.count("、") + text.count("،")
    return 1.0 + commas + min(len(text) / 100.0, 3.0)


class _Subtrees:
    """The tree the blocks' ancestor chains describe, for sums over subtrees:
    each node once, children before their parents, instead of adding every
    block to each of its ancestors."""

    def __init__(self, blocks: list[Block]) -> None:
        parent: dict[int, int | None] = {}
        depth: dict[int, int] = {}
        for block in blocks:
            chain = block.ancestors
            size = len(chain)
            for i, anc in enumerate(chain):
                if anc in parent:
                    break  # and so are all its ancestors
                parent[anc] = chain[i + 1] if i + 1 < size else None
                depth[anc] = size - i
        self.parent = parent
        self.upwards = sorted(parent, key=depth.__getitem__, reverse=True)

    def sums(self, own: dict[int, int]) -> dict[int, int]:
        """Per node, the sum of ``own`` over the node and its descendants."""
        total = dict.fromkeys(self.parent, 0)
        for node, value in own.items():
            total[node] += value
        parent = self.parent
        for node in self.upwards:
            up = parent[node]
            if up is not None:
                total[up] += total[node]
        return total


def select_content(
    blocks: list[Block], nodes: dict[int, LexborNode], *, precise: bool = False
) -> Selection:
    """Pick the best-scoring ancestor and its continuation siblings."""
    rules = content_rules()
    if not blocks:
        return Selection([], frozenset(), 0.0, 0.0)
    score: dict[int, float] = {}
    # Text held by nested <article> elements, per ancestor: a container whose
    # text sits mostly in several articles is a list of posts, not one.
    in_articles: dict[int, int] = {}
    articles_in: dict[int, set[int]] = {}
    tags = {mid: node.tag for mid, node in nodes.items()}
    articles = {mid for mid, tag in tags.items() if tag == "article"}
    tree = _Subtrees(blocks)
    # Per block element: its text, link text, linked headlines (one per teaser
    # in related lists and listings) and long link-free prose; summed over
    # each ancestor's subtree below.
    own_text: dict[int, int] = {}
    own_links: dict[int, int] = {}
    own_headlines: dict[int, int] = {}
    own_good: dict[int, int] = {}
    own_blocks: dict[int, int] = {}
    for block in blocks:
        at = block.ancestors[0]
        n = len(block.text)
        ln = block.link_chars
        own_blocks[at] = own_blocks.get(at, 0) + 1
        own_text[at] = own_text.get(at, 0) + n
        if ln:
            own_links[at] = own_links.get(at, 0) + ln
        if 15 <= n <= 200 and ln > 0.8 * n:
            own_headlines[at] = own_headlines.get(at, 0) + 1
        if (
            n >= max(rules.min_block_chars, 80)
            and block.kind not in ("h", "caption", "li")
            and block.link_density < 0.2
        ):
            own_good[at] = own_good.get(at, 0) + n
    holds = tree.sums(own_blocks)
    text_len = tree.sums(own_text)
    link_len = tree.sums(own_links)
    headlines = tree.sums(own_headlines)
    good_len = tree.sums(own_good)
    for block in blocks:
        ancestors = block.ancestors
        n = len(block.text)
        if articles and not articles.isdisjoint(ancestors):
            for k, anc in enumerate(ancestors):
                if anc in articles:
                    for up in ancestors[k + 1 :]:
                        in_articles[up] = in_articles.get(up, 0) + n
                        articles_in.setdefault(up, set()).add(anc)
                    break
        if block.kind in ("h", "caption") or n < rules.min_block_chars:
            continue
        if block.link_density > 0.5:
            continue
        s = _block_score(block)
        # The block element's parent, grandparent ...: the paragraph's container
        # earns most, remoter ancestors a diminishing share. Text written straight
        # into a container that holds other blocks too (<div>text<br>text</div>)
        # is a paragraph of that container, as if it were wrapped in a <p>; a
        # container holding only this text is the paragraph itself.
        first = 0 if block.tag in _CONTAINERS and holds.get(block.ancestors[0], 0) > 1 else 1
        parents = block.ancestors[first : first + rules.ancestor_levels]
        for level, anc in enumerate(parents):
            divider = 1.0 if level == 0 else (2.0 if level == 1 else level * 3.0)
            score[anc] = score.get(anc, 0.0) + s / divider

    best_id = -1
    best = float("-inf")
    finals: dict[int, float] = {}
    for anc, s in score.items():
        node = nodes.get(anc)
        weight, factor = _node_weight(node, rules) if node is not None else (0.0, 1.0)
        total = text_len.get(anc, 0)
        ld = link_len.get(anc, 0) / total if total else 0.0
        # Names scale what the paragraphs earned rather than add to it, so a
        # wrapper called "content" around a headline cannot outscore the text.
        final = (s + weight) * factor * (1.0 - ld)
        if len(articles_in.get(anc, ())) >= 2 and in_articles.get(anc, 0) > 0.5 * total:
            final *= rules.listing_factor
        finals[anc] = final
        if final > best:
            best, best_id = final, anc
    if best_id < 0:
        return Selection([], frozenset(), 0.0, 1.0)
    best_id, best = _headline_article(blocks, tags, finals, best_id, best, rules)
    in_article = _inside_article(nodes.get(best_id))

    region = {best_id}
    best_node = nodes.get(best_id)
    threshold = max(10.0, best * rules.sibling_ratio)
    # Articles split over several wrappers (one per section, or paragraphs
    # interleaved with ad slots) continue in siblings of the best candidate or of
    # its ancestors; climb a few levels and take the siblings made of prose.
    cur = best_node
    for _ in range(rules.climb_levels):
        if cur is None:
            break
        parent = cur.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        twin = _signature(cur)
        child = parent.child
        while child is not None:
            cid = child.mem_id
            if (
                cid != cur.mem_id
                and child.is_element_node
                and cid in text_len
                and headlines.get(cid, 0) < 2
                # Another <article> beside the chosen one is another post.
                and not (in_article and child.tag == "article")
            ):
                s = score.get(cid, 0.0)
                total = text_len[cid]
                ld = link_len.get(cid, 0) / total if total else 0.0
                if (
                    s * (1.0 - ld) >= threshold
                    or _continuation(child, total, ld)
                    or (good_len.get(cid, 0) >= rules.min_good_chars and ld < 0.25)
                    # One wrapper per paragraph: the chosen wrapper's twins are
                    # the article's other paragraphs, however short.
                    or (
                        twin is not None
                        and total >= rules.twin_min_chars
                        and ld < 0.25
                        and _signature(child) == twin
                    )
                ):
                    region.add(cid)
            child = child.next
        cur = parent
    chosen = [b for b in blocks if not region.isdisjoint(b.ancestors)]
    total = sum(len(b.text) for b in chosen)
    links = sum(b.link_chars for b in chosen)
    return Selection(chosen, frozenset(region), best, links / total if total else 0.0)


def _headline_article(
    blocks: list[Block],
    tags: dict[int, str | None],
    finals: dict[int, float],
    best_id: int,
    best: float,
    rules: ContentRules,
) -> tuple[int, float]:
    """Prefer the <article> that holds the page's level-1 headline.

    Blogs and news sites put the full text of other posts (related, next,
    "you may like") beside the article, each in its own <article>; one of those
    may outscore a short article. The headline says which post the page is for.
    """
    h1 = next((b for b in blocks if b.kind == "h" and b.level == 1), None)
    if h1 is None:
        return best_id, best
    chain = h1.ancestors
    pos = next((k for k, a in enumerate(chain) if tags.get(a) == "article"), -1)
    if pos < 0 or best_id in chain:
        return best_id, best
    home = chain[pos]
    inside: set[int] = {home}
    for b in blocks:
        anc = b.ancestors
        if home in anc:
            inside.update(anc[: anc.index(home)])
    if best_id in inside:
        return best_id, best
    alt_id = max((c for c in inside if c in finals), key=finals.__getitem__, default=-1)
    if alt_id >= 0 and finals[alt_id] >= rules.headline_ratio * best:
        return alt_id, finals[alt_id]
    return best_id, best


def _signature(node: LexborNode) -> tuple[str, str] | None:
    """Tag and class of a named wrapper (unnamed ones are too common to pair)."""
    cls = node.attributes.get("class")
    return (node.tag or "", cls) if cls else None


def _inside_article(node: LexborNode | None) -> bool:
    cur = node
    while cur is not None:
        if cur.tag == "article":
            return True
        cur = cur.parent
    return False


def _continuation(node: LexborNode, total: int, ld: float) -> bool:
    if node.tag not in ("p", "div", "section", "blockquote", "ul", "ol", "h2", "h3", "h4"):
        return False
    if node.tag in ("p", "blockquote"):
        text = node.text(strip=True)
        if total > 80 and ld < 0.25:
            return True
        return 0 < total <= 80 and ld == 0 and text.rstrip().endswith((".", "!", "?", "”", '"'))
    return False


def _node_weight(node: LexborNode, rules: ContentRules) -> tuple[float, float]:
    """Additive tag weight and multiplicative class/id factor of a candidate."""
    weight = rules.tag_weight.get(node.tag or "", 0.0)
    factor = 1.0
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    if names.strip():
        if rules.positive.search(names):
            factor += rules.class_factor
        if rules.negative.search(names):
            factor -= rules.class_factor
    if attrs.get("itemprop") == "articleBody":
        factor += rules.class_factor
    return weight, factor
