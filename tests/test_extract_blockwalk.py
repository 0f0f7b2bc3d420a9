"""The compiled block walk (newsclean/_lexbor.c) reads every page as the Python walk
does: the same blocks, the same elements in the same order, the same attributes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from html_pages import (
    article_page,
    forum_page,
    in_cyrillic,
    listing_page,
    product_page,
    service_page,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.html.content import _CHECK_PAGE, collect_blocks, compiled_walk, walk_snapshot
from newsclean.html.dom import parse_html
from newsclean.html.nodes import remove_silent


def _walk() -> object:
    walk = compiled_walk()
    assert walk is not None, "the compiled block walk did not bind (see the log)"
    return walk


def _same(root: LexborNode) -> None:
    assert walk_snapshot(root, _walk()) == walk_snapshot(root, None)  # type: ignore[arg-type]


def _page_body(html: str | bytes) -> LexborNode:
    tree = LexborHTMLParser(html)
    body = tree.body
    assert body is not None
    # The tree must outlive the walk: the node keeps its parser alive.
    return body


def test_the_compiled_walk_binds_to_the_installed_selectolax() -> None:
    assert compiled_walk() is not None


def test_an_environment_switch_keeps_the_python_walk() -> None:
    code = "from newsclean.html.content import compiled_walk; print(compiled_walk() is None)"
    for value, python in (("1", "True"), ("", "False")):
        env = {**os.environ, "NEWSCLEAN_PYTHON_WALK": value}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True)
        assert out.stdout.strip() == python


@pytest.mark.parametrize(
    "page",
    [article_page, forum_page, listing_page, product_page, service_page],
    ids=lambda f: f.__name__,
)
def test_both_walks_read_the_page_kinds_alike(page: object) -> None:
    html = page()  # type: ignore[operator]
    for variant in (html, in_cyrillic(html)):
        tree = parse_html(variant)
        assert tree.body is not None
        remove_silent(tree.body)
        _same(tree.body)


_CONSTRUCTS = {
    "check page": _CHECK_PAGE,
    "text straight in body, breaks": "<body>one<br>two<br><br>three<hr>four<img src=x>five</body>",
    "every kind of whitespace": (
        "<body><p>a\u00a0b\u2003c\u3000d\u2028e\x85f\x1cg\x0bh\x0ci\r\nj</p>"
        "<p>\u00a0\u2003</p><p>\x1c\x1d</p><p> \t\n</p><p>k</p></body>"
    ),
    "invalid UTF-8 bytes": (
        b"<body><p>caf\xe9 \xff\xfe broken \xc3</p><div class='\xff'>x</div></body>"
    ),
    "nul and controls": "<body><p>a\x00b\x01c</p><span>\x7f</span></body>",
    "tables": (
        "<body><table><tr><td>a</td><td><p>para in cell</p></td><th>b <a href=x>c</a></th></tr>"
        "<tr> <td>d</td> </tr></table><table><td>no row</td></table>"
        "<table><tr><td><table><tr><td>inner</td></tr></table></td><td>outer</td></tr></table>"
        "</body>"
    ),
    "links around blocks": (
        "<body><a href='/a'><div><h2>Card</h2><p>teaser <b>bold</b></p></div></a>"
        "<div><div><div><a href=x><span><p>deep</p></span></a></div></div></div></body>"
    ),
    "quotes at every depth": (
        "<body><blockquote>direct<p>p</p><div><div><div><div><div><p>five</p></div></div>"
        "</div></div></div><div><div><div><div><div><div><p>six</p></div></div></div></div>"
        "</div></div></blockquote></body>"
    ),
    "preformatted": (
        "<body><pre>\n\n   a\n  b\n</pre><pre>   </pre><pre><code>x = 1</code></pre></body>"
    ),
    "foreign and custom elements": (
        "<body><svg><a><text>svg link</text></a><clipPath><rect/></clipPath>"
        "<foreignObject><p>inside</p></foreignObject></svg><math><mi>x</mi></math>"
        "<my-card data-x=1><my-title>custom</my-title></my-card><x:y>prefixed</x:y></body>"
    ),
    "forms, templates, frames": (
        "<body><template><p>never shown</p></template><select><option>o1</option>"
        "<option>o2</option></select><textarea>typed</textarea><iframe>if</iframe>"
        "<noscript>ns</noscript><button>press</button><label>lab <input></label></body>"
    ),
    "attributes": (
        "<body><div class='a  b' id='' hidden aria-hidden=true data-empty style='x'"
        " CLASS='dup' itemprop=articleBody><p ID=Upper>t</p></div></body>"
    ),
    "comments and declarations": (
        "<body><!-- c --><?xml version='1.0'?><p>after<!--x-->word</p></body>"
    ),
    "emphasis and code": (
        "<body><p><em>e</em> <i>i</i> <strong>s</strong> <code>c</code></p></body>"
    ),
}


@pytest.mark.parametrize("html", list(_CONSTRUCTS.values()), ids=list(_CONSTRUCTS))
def test_both_walks_read_each_construct_alike(html: str | bytes) -> None:
    _same(_page_body(html))


def test_both_walks_agree_from_roots_below_the_body() -> None:
    # An inline root's block lies above it: both walks climb past the root.
    tree = LexborHTMLParser(_CHECK_PAGE)
    for selector in ("span", "td", "a", "blockquote", "p", "svg", "li"):
        node = tree.css_first(selector)
        assert node is not None
        _same(node)


def test_both_walks_agree_on_deep_and_long_pages() -> None:
    deep = "<body>" + "<span>" * 3000 + "deep text" + "</span>" * 3000 + "<p>after</p></body>"
    _same(_page_body(deep))
    nested = "<body>" + "<div>" * 400 + "<p>bottom</p>" + "</div>" * 400 + "</body>"
    _same(_page_body(nested))
    huge = "<body><p>" + "word " * 400_000 + "</p>" + "<p>x</p>" * 20_000 + "</body>"
    _same(_page_body(huge))


def test_collect_blocks_gives_the_same_blocks_with_either_walk() -> None:
    tree = parse_html(article_page())
    assert tree.body is not None
    compiled = collect_blocks(tree.body)
    markdown = collect_blocks(tree.body, with_markdown=True)  # the Python walk
    assert [(b.kind, b.text, b.node, b.link_chars) for b in compiled] == [
        (b.kind, b.text, b.node, b.link_chars) for b in markdown
    ]
    assert all(b.markdown is None for b in compiled)
    assert all(b.markdown is not None for b in markdown)


_PIECES = [
    "<div>", "</div>", "<p>", "</p>", "<br>", "<span>", "</span>", "<a href=x>", "</a>",
    "<td>", "<tr>", "<table>", "</table>", "<th>", "<blockquote>", "</blockquote>",
    "<li>", "<ul>", "</ul>", "<h2>", "</h2>", "<pre>", "</pre>", "<b>", "</b>", "<img>",
    "<hr>", "<template>", "</template>", "<svg>", "</svg>", "<my-el>", "</my-el>",
    "<!--c-->", "<em class='q'>", "</em>", "<figcaption>", "<dd>", "<caption>",
    "text", "more words", " ", "\n", "\u00a0", "\u2003", "\x1c", "caf\u00e9", "\u0436",
    "\U0001f600", "&amp;", "&nbsp;", "<",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_both_walks_read_any_mix_of_markup_alike(pieces: list[str]) -> None:
    tree = LexborHTMLParser("<html><body>" + "".join(pieces) + "</body></html>")
    assert tree.body is not None
    _same(tree.body)
    for node in tree.body.traverse():
        if node.tag in ("span", "td", "a", "em", "b"):
            _same(node)
            break
