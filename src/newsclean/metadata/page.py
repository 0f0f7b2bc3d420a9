"""A page's declarations (meta tags, JSON-LD, <title>, <base>, <link>), read in
one query, the text nodes at the top of its body, walked once for every reader,
and the small text helpers every metadata reader shares."""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any
from urllib.parse import SplitResult, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean import lexbor_walk
from newsclean.metadata.jsonld import collect_ld, ld_types
from newsclean.metadata.tables import tables

# --- small helpers ----------------------------------------------------------------


def tidy(s: Any) -> str | None:
    """Whitespace-normalised text, or None for empty / non-string values."""
    if isinstance(s, (int, float)) and not isinstance(s, bool):
        s = str(s)
    if not isinstance(s, str):
        return None
    if "&" in s and ";" in s:
        # Entities escaped twice by the CMS ("don&#39;t") survive the parser once.
        s = html.unescape(s)
    # split() drops the same whitespace as a \s+ regex (no-break space too).
    s = " ".join(s.replace("\u200b", "").split())
    return s or None


@lru_cache(maxsize=8192)
def fold_key(s: str) -> str:
    """Comparison key: NFKC, case-folded, only letters and digits."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(ch for ch in s if ch.isalnum())


def split_url(url: str) -> SplitResult:
    """urlsplit that reads a malformed URL ("http://[::1") as an empty one."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def node_text(node: LexborNode) -> str | None:
    return tidy(node.text(deep=True, separator=" "))


# --- collecting the page's declarations -------------------------------------------


class BodyTexts:
    """The text nodes of the page's <body> in document order, each with its
    index among all the body's nodes (elements and text, the body itself 0)
    and its text (``text_content``), and the index of the first <h1>.

    The masthead, byline and date readers each look for short texts near the
    top of the page, and each counts the nodes it walks to stop at a limit of
    its own; a walk of the tree is most of what they cost. The walk is made
    once, as far as the farthest reader has asked so far, by the compiled walk
    when there is one (``newsclean.lexbor_walk``: no Python object per node;
    a reader asks for the node of the few texts it looks closer at), else in
    Python."""

    __slots__ = ("_body", "_compiled", "_walk", "_walked", "_nodes", "texts", "h1")

    def __init__(self, body: LexborNode | None, *, compiled: bool = True) -> None:
        """``compiled``: use the compiled walk when there is one (False: the
        Python walk, its reference)."""
        self._body = body
        self._compiled = compiled_texts() if body is not None and compiled else None
        self._walk: Iterator[tuple[int, LexborNode]] = (
            enumerate(body.traverse(include_text=True))
            if body is not None and self._compiled is None
            else iter(())
        )
        self._walked = -1  # the index of the last node walked
        self._nodes: dict[int, LexborNode] = {}
        self.texts: list[tuple[int, str]] = []
        self.h1 = -1
        """Index of the first <h1> walked so far, -1 while none is: it is
        before a text node at ``index`` when ``0 <= h1 < index``."""

    def upto(self, limit: int) -> list[tuple[int, str]]:
        """(index, text) of each text node among the first ``limit + 1``
        nodes, the walk going on from where it stopped when they are more."""
        if self._walked < limit:
            if self._compiled is not None and self._body is not None:
                # The compiled walk starts again from the top: a few
                # microseconds, fewer than keeping its place would cost.
                self.texts, self.h1 = self._compiled.texts(self._body.mem_id, limit, "h1")
                self._walked = limit
            else:
                self._walk_python(limit)
        return self.texts[: bisect_right(self.texts, limit, key=itemgetter(0))]

    def _walk_python(self, limit: int) -> None:
        texts, nodes = self.texts, self._nodes
        h1 = self.h1
        walked = sys.maxsize  # unless the walk stops at the limit
        for i, node in self._walk:
            # A text node's own text, as text(deep=False) gives it at half the
            # cost; None for an element, which saves asking is_text_node of
            # every node.
            raw = node.text_content
            if raw is not None:
                texts.append((i, raw))
                nodes[i] = node
            elif h1 < 0 and node.tag == "h1":
                h1 = i
            if i >= limit:
                walked = i
                break
        self._walked, self.h1 = walked, h1

    def node(self, index: int) -> LexborNode:
        """The text node at ``index`` (one of :meth:`upto`'s)."""
        found = self._nodes.get(index)
        if found is None:
            assert self._compiled is not None and self._body is not None
            found = self._nodes[index] = _node_at(
                self._body, self._compiled.path(self._body.mem_id, index)
            )
        return found


def _node_at(root: LexborNode, path: list[int] | None) -> LexborNode:
    """The node ``path`` leads to from ``root`` (``_lexbor.path``: the node's
    position among its siblings at each step down)."""
    assert path is not None  # every index a reader asks for was walked
    node: LexborNode | None = root
    for position in path:
        assert node is not None
        node = node.first_child
        for _ in range(position):
            assert node is not None
            node = node.next
    assert node is not None
    return node


# Elements and text of every kind the walks count, for the check that the
# compiled walk reads a body as the Python one does before it is used.
_CHECK_PAGE = (
    "<html><body>\n <div class=top>Harbour <b>Post</b></div><!-- note -->"
    "<nav><a href='/'>Home</a></nav><main><h2>Not yet</h2><article><H1>Ferry</H1>"
    "<p>Von Ann Lee \u00b7 3. Mai 2021</p><svg><text>drawn</text></svg>"
    "<script>var x = 1;</script><p>caf\u00e9 \u00a0 end</p><h1>Second</h1>"
    "<template><p>hidden</p></template><my-el>custom</my-el></article></main></body></html>"
)


@lru_cache(maxsize=1)
def compiled_texts() -> Any:
    """The compiled walk's module when it finds the check page's texts, first
    <h1> and nodes as the Python walk does; None otherwise."""
    module = lexbor_walk.compiled()
    if module is None:
        return None
    body = LexborHTMLParser(_CHECK_PAGE).body
    if body is None:
        return None
    python = BodyTexts(body, compiled=False)  # the whole page, as limit
    want = python.upto(sys.maxsize)
    if module.texts(body.mem_id, sys.maxsize, "h1") != (want, python.h1) or any(
        _node_at(body, module.path(body.mem_id, i)).mem_id != python.node(i).mem_id
        for i, _ in want
    ):
        lexbor_walk.disagrees("text walk")
        return None
    return module


@dataclass(slots=True)
class Page:
    tree: LexborHTMLParser
    url: str | None
    meta: dict[str, list[str]] = field(default_factory=dict)
    ld_objects: list[dict[str, Any]] = field(default_factory=list)
    ld_ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    found: dict[str, list[LexborNode]] | None = None
    """The page's matches of each ``_DECLARATIONS`` selector, by tag."""
    _texts: BodyTexts | None = None

    def declared(self, tag: str) -> list[LexborNode]:
        """Every match of the ``_DECLARATIONS`` selector for ``tag``, in order."""
        if self.found is None:
            return self.tree.css(_DECLARATIONS[tag])
        return self.found[tag]

    @property
    def texts(self) -> BodyTexts:
        """The text nodes at the top of the body, walked once for all readers."""
        if self._texts is None:
            self._texts = BodyTexts(self.tree.body)
        return self._texts


# Where pages declare things, by tag; one selector each. Read in one query
# (each css() call is a walk of the whole page). The headlines (<h1>) and
# <time> elements the title, author and date readers look for are read in
# the same query: a tag costs the walk little, a walk of its own a lot more.
_DECLARATIONS = {
    "meta": "meta",
    "script": "script",
    "title": "title",
    "base": "base[href]",
    "link": "link[rel][href]",
    "h1": "h1",
    "time": "time",
}


def _declarations(tree: LexborHTMLParser) -> dict[str, list[LexborNode]]:
    found: dict[str, list[LexborNode]] = {tag: [] for tag in _DECLARATIONS}
    # Each selector names its tag, so the tag says which one a node matched.
    for node in tree.css(", ".join(_DECLARATIONS.values())):
        bucket = found.get(node.tag or "")
        if bucket is not None:
            bucket.append(node)
    return found


def _collect_meta(metas: Iterable[LexborNode]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for node in metas:
        attrs = node.attributes
        content = tidy(attrs.get("content"))
        if content is None:
            content = tidy(attrs.get("value"))
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            raw = attrs.get(attr)
            if not raw:
                continue
            # Properties may be space-separated lists ("og:title dc:title").
            for k in raw.lower().split():
                out.setdefault(k.replace("dc:", "dc.").replace("dcterms:", "dcterms."), []).append(
                    content
                )
    return out


def read_page(tree: LexborHTMLParser, url: str | None) -> Page:
    found = _declarations(tree)
    page = Page(
        tree=tree,
        url=url,
        meta=_collect_meta(found["meta"]),
        ld_objects=collect_ld(found["script"]),
        found=found,
    )
    for obj in page.ld_objects:
        oid = obj.get("@id")
        if isinstance(oid, str) and len(obj) > 1:
            page.ld_ids.setdefault(oid, obj)
    return page


def meta_values(page: Page, field_name: str) -> Iterator[str]:
    for key in tables().meta.get(field_name, []):
        yield from page.meta.get(key, [])


def resolve_ld(page: Page, obj: Any) -> Any:
    if isinstance(obj, dict) and set(obj) <= {"@id", "@type"}:
        ref = obj.get("@id")
        if isinstance(ref, str) and ref in page.ld_ids:
            return page.ld_ids[ref]
    return obj


def ld_article(page: Page) -> dict[str, Any] | None:
    """The main article object: the first article-typed object, preferring real
    article types over a generic WebPage."""
    t = tables()
    best: dict[str, Any] | None = None
    for obj in page.ld_objects:
        types = ld_types(obj)
        if not types & t.article_types:
            continue
        if types - {"WebPage", "Blog", "VideoObject"}:
            return obj
        if best is None:
            best = obj
    return best


def ld_name(page: Page, obj: Any) -> str | None:
    obj = resolve_ld(page, obj)
    if isinstance(obj, list):
        for x in obj:
            name = ld_name(page, x)
            if name:
                return name
        return None
    if isinstance(obj, dict):
        name = tidy(obj.get("name"))
        if name is None and (obj.get("givenName") or obj.get("familyName")):
            name = tidy(f"{obj.get('givenName') or ''} {obj.get('familyName') or ''}")
        return name
    return tidy(obj)


URLISH = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "title"))
NOT_BYLINE = HEADINGS | {"a", "script", "style", "button", "option", "label", "noscript"}

# A masthead may be a link home; the rest of NOT_BYLINE holds no masthead.
NOT_MASTHEAD = NOT_BYLINE - {"a"}


def in_chrome(node: LexborNode) -> bool:
    """Inside navigation, menus, footers or sidebars: author links there are
    lists of the site's writers, not this article's byline."""
    return chrome_kind(node) is not None


def chrome_kind(node: LexborNode) -> str | None:
    """What makes ``node`` page chrome: the tag ("nav", "footer", "aside",
    "menu") or the first chrome word of the class, id or role of its nearest
    chrome ancestor ("sidebar", "related", "comment"...); None in the page's
    content."""
    rx = tables().chrome_re
    cur = node.parent
    for _ in range(10):
        if cur is None or cur.tag in ("body", "html", "article", "main"):
            return None
        if cur.tag in ("nav", "footer", "aside", "menu"):
            return cur.tag
        attrs = cur.attributes
        m = rx.search(
            f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}".lower()
        )
        if m:
            return m.group(0)
        cur = cur.parent
    return None
