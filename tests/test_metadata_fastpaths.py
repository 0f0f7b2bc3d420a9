"""The metadata readers' shortcuts give what the plain way gives: the body's
text nodes walked once for every reader, the byline-word test told by the head
of a text, the <html> element read as the document's root."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html.dom import parse_html
from newsclean.metadata.page import BodyTexts, compiled_texts, read_page
from newsclean.metadata.tables import _byline_heads, tables

_PAGE = (
    "<html lang='de-AT'><head><title>T</title></head><body>\n"
    "  <div class='top'>Harbour Post</div>\n"
    "  <nav><a href='/'>Home</a></nav>\n  <main><article>\n    <h1>Ferry <b>terminal</b> opens</h1>"
    "\n    <p class='byline'>Von Ann Lee · 3. Mai 2021</p><time datetime='2021-05-03'>3 May</time>"
    "\n    <p>The ferry terminal opened on 3 May 2021 after two years.</p><!-- c -->\n"
    "    <h1>Second</h1><p>   </p><script>var x = 1;</script>\n  </article></main></body></html>"
)


def _plain_walk(html: str, limit: int) -> tuple[list[tuple[int, str]], int, dict[int, int]]:
    """(index, text) of the text nodes among the first ``limit + 1`` nodes of
    the body, the index of the first <h1> among them and each text node's
    mem_id: the walk each reader made of its own."""
    body = parse_html(html).body
    assert body is not None
    texts: list[tuple[int, str]] = []
    ids: dict[int, int] = {}
    h1 = -1
    for i, node in enumerate(body.traverse(include_text=True)):
        if i > limit:
            break
        raw = node.text_content
        if raw is not None:
            texts.append((i, raw))
            ids[i] = node.mem_id
        elif h1 < 0 and node.tag == "h1":
            h1 = i
    return texts, h1, ids


def test_the_compiled_text_walk_binds() -> None:
    assert compiled_texts() is not None


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "python"])
@settings(max_examples=200, deadline=None)
@given(limits=st.lists(st.integers(0, 60), min_size=1, max_size=5))
def test_body_texts_read_in_any_order_of_limits_equal_a_walk_each(
    compiled: bool, limits: list[int]
) -> None:
    tree = parse_html(_PAGE)
    walk = BodyTexts(tree.body, compiled=compiled)
    for limit in limits:
        texts, h1, _ = _plain_walk(_PAGE, limit)
        assert walk.upto(limit) == texts
        # the first <h1> the walk has seen, the same as the plain walk's when
        # it stands within the limit
        assert walk.h1 == h1 or (h1 < 0 and walk.h1 > limit)
    # each text's node is the node the plain walk met there
    _, _, ids = _plain_walk(_PAGE, 10_000)
    body = tree.body
    assert body is not None
    plain = {i: n.mem_id for i, n in enumerate(body.traverse(include_text=True))}
    for i, _ in walk.upto(max(limits)):
        assert walk.node(i).mem_id == plain[i]
    assert len(ids) >= 8


_PIECES = [
    "<div>", "</div>", "<p>", "</p>", "<h1>", "</h1>", "<H1>", "<h2>", "<span>", "</span>",
    "<a href=x>", "</a>", "<table>", "<td>", "<tr>", "<template>", "</template>", "<svg>",
    "</svg>", "<!--c-->", "<script>x</script>", "<my-el>", "<br>", "text", " ", "\n",
    "\u00a0", "caf\u00e9", "\U0001f600", "&amp;", "<",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50), st.integers(0, 80))
def test_compiled_and_python_text_walks_agree_on_any_markup(pieces: list[str], limit: int) -> None:
    tree = parse_html("<html><body>" + "".join(pieces) + "</body></html>")
    fast = BodyTexts(tree.body)
    slow = BodyTexts(tree.body, compiled=False)
    assert fast.upto(limit) == slow.upto(limit)
    assert fast.h1 == slow.h1
    for i, _ in slow.upto(limit):
        assert fast.node(i).mem_id == slow.node(i).mem_id


def test_body_texts_of_a_page_without_body_text() -> None:
    assert BodyTexts(None).upto(100) == []
    assert BodyTexts(parse_html("<html><body></body></html>").body).upto(100) == []


def test_declared_headlines_and_times_equal_their_own_queries() -> None:
    tree = parse_html(_PAGE)
    page = read_page(tree, "https://example.com/a")
    for tag in ("h1", "time"):
        assert [n.mem_id for n in page.declared(tag)] == [n.mem_id for n in tree.css(tag)]


def test_the_root_element_is_the_first_html_element() -> None:
    for html in (_PAGE, "<p>no html tag</p>", "<html><body><html lang='fr'></html></body></html>",
                 "<svg><html/></svg>", ""):
        tree = parse_html(html)
        first = tree.css_first("html")
        assert tree.root is not None and first is not None
        assert tree.root.tag == "html" and tree.root.mem_id == first.mem_id


def _byline_words() -> list[str]:
    raw = json.loads(
        resources.files("newsclean.metadata").joinpath("data/authors.json").read_text("utf-8")
    )
    return [*raw["prefixes"], *raw["particle_prefixes"], *raw["colon_prefixes"]]


_WORDS = _byline_words()


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from([*_WORDS, *(w.upper() for w in _WORDS), *(w[:2] for w in _WORDS),
                              "Ann", "Lee", ":", " ", "/", "：", "x", "_", "\t", "ſ", "K", "İ"]),
             max_size=4),
    st.text(max_size=4),
)
def test_byline_word_told_by_the_head_equals_the_regex(parts: list[str], tail: str) -> None:
    t = tables()
    assert t.byline_heads is not None
    for text in ("".join(parts) + tail, tail + "".join(parts)):
        assert t.opens_byline(text) == bool(t.byline_start_re.match(text + " ")), text


def test_no_byline_word_head_matches_ascii_by_another_script() -> None:
    import re

    # The premise of _byline_heads, character by character.
    for ch in {ch for w in _WORDS for ch in w[:3] if not ch.isascii()}:
        rx = re.compile(re.escape(ch), re.IGNORECASE)
        assert not any(rx.match(chr(c)) for c in range(128)), ch


def test_byline_heads_give_up_where_a_word_could_open_any_head() -> None:
    assert _byline_heads(["by", "x"]) is None
    assert _byline_heads(["by", ""]) is None
    # the long s matches "s" ignoring case
    assert _byline_heads(["by", "ſo"]) is None
    heads = _byline_heads(["by", "von", "文"])
    assert heads is not None and "von" in heads and "by " in heads and "by:" in heads
    assert "bya" not in heads and "vo " not in heads
