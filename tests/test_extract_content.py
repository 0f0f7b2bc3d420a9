"""dom / nodes / content / markdown behaviour: depth, what the chrome table says of
an element (a feature of the block model, nothing pruned), blocks, markdown."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html.article import extract_article
from newsclean.html.content import collect_blocks
from newsclean.html.dom import chrome_rules, estimate_depth, flatten_deep_html, parse_html
from newsclean.html.nodes import VERDICTS, page_tree
from newsclean.options import Limits, Options
from newsclean.record import REASONS

PARA = (
    "The harbour authority said on Monday that the new ferry terminal, delayed for two "
    "years by disputes over funding, will finally open to passengers in early autumn."
)
PARA2 = (
    "Officials expect the terminal to handle three thousand travellers a day, easing the "
    "queues that have stretched along the waterfront every weekend since last summer."
)


def _raw_table() -> dict:
    text = resources.files("newsclean.html").joinpath("data/chrome.json").read_text("utf-8")
    return json.loads(text)


def _article(extra: str) -> str:
    return (
        f"<html><body><article><h1>Ferry terminal</h1><p>{PARA}</p>{extra}<p>{PARA2}</p>"
        f"<p>{PARA}</p></article></body></html>"
    )


def test_very_deep_dom_is_flattened_and_extracted_fast() -> None:
    depth = 200_000
    html = "<html><body>" + "<div>" * depth + f"<p>{PARA}</p>" + "</div>" * depth + "</body></html>"
    assert estimate_depth(html) > 512
    start = time.perf_counter()
    art = extract_article(html, url=None, options=Options())
    assert time.perf_counter() - start < 20
    assert art.status in ("ok", "empty")


def test_flatten_keeps_text_and_bounds_depth() -> None:
    html = "<div>" * 50 + "deep words" + "</div>" * 50
    flat = flatten_deep_html(html, 10)
    assert "deep words" in flat
    assert estimate_depth(flat) <= 10
    tree = parse_html(html, max_depth=10)
    assert tree.body is not None and "deep words" in tree.body.text()


def test_depth_estimate_ignores_void_and_autoclosed_tags() -> None:
    assert estimate_depth("<div><br><img><p>a<p>b<li>c</div>") == 1


def test_max_dom_depth_option_is_used() -> None:
    html = "<html><body>" + "<div>" * 40 + f"<p>{PARA}</p><p>{PARA2}</p>" + "</div>" * 40
    opts = Options(limits=Limits(max_dom_depth=8))
    art = extract_article(html, url=None, options=opts)
    assert PARA in art.text


_VOID = {"embed", "input", "source"}


@pytest.mark.parametrize("tag", _raw_table()["silent_tags"])
def test_each_silent_tag_is_dropped(tag: str) -> None:
    if tag in _VOID:
        # No content of their own: dropping them must not take the text after them.
        html = _article(f"<p><{tag} value='quokka'>zebra marmot after</p>")
        art = extract_article(html, url=None, options=Options())
        assert "quokka" not in art.text and "zebra marmot after" in art.text
        return
    html = _article(f"<{tag}>zebra quokka marmot</{tag}>")
    art = extract_article(html, url=None, options=Options())
    assert "quokka" not in art.text


def _verdict_of(html: str, word: str) -> str:
    """The chrome verdict the blocks holding ``word`` inherit from their nearest
    judged ancestor ("" when none)."""
    pt = page_tree(parse_html(html))
    assert pt is not None
    verdict = pt.nearest_verdict()
    found = [VERDICTS[int(verdict[pt.block_node[i]])] for i, b in enumerate(pt.blocks)
             if word in b.text]  # fmt: skip
    assert found, word
    return found[0]


@pytest.mark.parametrize("tag", sorted(_raw_table()["chrome_tags"]))
def test_each_chrome_tag_gives_its_reason_to_the_text_inside(tag: str) -> None:
    inner = "<div><span>zebra quokka marmot</span> <a href='/x'>link</a></div>"
    html = _article(f"<{tag}>{inner}</{tag}>")
    assert _verdict_of(html, "quokka") == _raw_table()["chrome_tags"][tag]
    assert _verdict_of(html, "harbour authority") == ""


@pytest.mark.parametrize("selector", sorted(_raw_table()["hidden_selectors"]))
def test_each_selector_entry_gives_its_reason(selector: str) -> None:
    # Build an element that matches the selector by parsing one written for it.
    attr = selector.strip("[]")
    if "*=" in attr:
        name, value = attr.split("*=")
        attr = f'{name}="{value.strip(chr(39))}"'
    html = f"<html><body><main><p>{PARA}</p><div {attr}>zebra quokka</div></main></body></html>"
    assert _verdict_of(html, "quokka") == _raw_table()["hidden_selectors"][selector]


@pytest.mark.parametrize(("pattern", "reason"), [tuple(e) for e in _raw_table()["class_id"]])
def test_each_class_id_family_names_the_reason(pattern: str, reason: str) -> None:
    # The first alternative of the family, written as a class name.
    name = pattern.split("|")[0].split("(")[0].rstrip("-_") or "x"
    div = f"<div class='{name}'>zebra quokka</div>"
    html = f"<html><body><main><p>{PARA}</p>{div}</main></body></html>"
    assert _verdict_of(html, "quokka") == reason, name
    assert reason in REASONS


def test_every_verdict_of_the_table_is_a_known_reason() -> None:
    table = _raw_table()
    reasons = {*table["chrome_tags"].values(), *table["hidden_selectors"].values(),
               *table["caption_tags"].values(), *(r for _, r in table["class_id"])}  # fmt: skip
    assert reasons <= set(VERDICTS) and reasons <= set(REASONS)


def test_noscript_text_stays_readable() -> None:
    # Some sites serve their whole page to script-less readers inside <noscript>.
    inner = f"<article><p>{PARA}</p><p>{PARA2}</p></article>"
    html = f"<html><body><noscript>{inner}</noscript></body></html>"
    art = extract_article(html, url=None, options=Options())
    assert PARA in art.text and PARA2 in art.text


def test_class_family_matches_word_starts_only() -> None:
    rules = chrome_rules()
    assert rules.any_class_id.search("top-ad")
    assert not rules.any_class_id.search("head gradient")


def test_named_wrapper_holding_prose_is_kept() -> None:
    paras = "".join(f"<p>{PARA} {i}</p>" for i in range(4))
    html = f"<html><body><div class='content-with-sidebar'>{paras}</div></body></html>"
    art = extract_article(html, url=None, options=Options())
    assert art.text.count("harbour authority") == 4


def test_paywall_markup_is_a_signal_not_a_removal() -> None:
    # Named like a wall but holding article text: the text stays, nothing was cut.
    html = _article(f"<div class='paywall'><p>{PARA2} Subscribers read on.</p></div>")
    art = extract_article(html, url=None, options=Options())
    assert not art.paywalled
    assert "Subscribers read on" in art.text
    walled = _article("<div class='paywall'><p>Subscribe to continue reading.</p></div>")
    assert extract_article(walled, url=None, options=Options()).paywalled


def test_blocks_keep_reading_order_and_kinds() -> None:
    html = (
        "<html><body><div><h2>Heading</h2><p>First <em>para</em></p><ul><li>one</li>"
        "<li>two</li></ul><blockquote><p>quoted words</p></blockquote>"
        "<table><tr><td>a</td><td>b</td></tr></table><pre>x = 1\n  y = 2</pre>"
        "text<br>after break</div></body></html>"
    )
    tree = parse_html(html)
    assert tree.body is not None
    blocks = collect_blocks(tree.body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("h", "Heading"),
        ("p", "First para"),
        ("li", "one"),
        ("li", "two"),
        ("quote", "quoted words"),
        ("row", "a | b"),
        ("pre", "x = 1\n  y = 2"),
        ("p", "text"),
        ("p", "after break"),
    ]


def test_block_inside_a_link_counts_as_link_text() -> None:
    tree = parse_html("<html><body><a href='/s'><h3>Other story headline</h3></a></body></html>")
    assert tree.body is not None
    (block,) = collect_blocks(tree.body)
    assert block.link_density == 1.0


def test_markdown_keeps_headings_lists_emphasis_links() -> None:
    html = (
        "<html><body><article><h1>T</h1>"
        f"<p>{PARA} It is <strong>official</strong> and <em>final</em>.</p>"
        "<h2>What changes</h2>"
        f"<p>{PARA2} See <a href='https://example.org/plan'>the plan</a>.</p>"
        "<ul><li>New ferries on the northern route</li><li>Longer opening hours</li></ul>"
        f"<p>{PARA}</p></article></body></html>"
    )
    art = extract_article(html, url=None, options=Options(markdown=True))
    md = art.markdown or ""
    assert "## What changes" in md
    assert "**official**" in md and "*final*" in md
    assert "[the plan](https://example.org/plan)" in md
    assert "- New ferries on the northern route\n- Longer opening hours" in md
    assert extract_article(html, url=None, options=Options()).markdown is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdiv p&;#x!-\n")), max_size=400))
def test_garbage_markup_never_raises(html: str) -> None:
    art = extract_article(html, url=None, options=Options(markdown=True))
    assert art.status in ("ok", "empty")


def test_a_page_of_links_alone_has_no_words() -> None:
    """A page whose only text is its links' addresses (a bare index, a sitemap
    rendered as HTML) gives an empty record with the reason, not a text of URLs."""
    items = "".join(f"<li><a href='/s/{i}'>https://example.com/story/{i}.html</a></li>"
                    for i in range(300))
    art = extract_article(f"<html><body><ul>{items}</ul></body></html>",
                          url="https://example.com/", options=Options())
    assert (art.status, art.reason) == ("empty", "no_words")
