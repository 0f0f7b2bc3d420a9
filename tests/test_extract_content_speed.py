"""The fast paths of dom.py give exactly the answers of the slow definitions."""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html.dom import _DEPTH_TOKEN, chrome_rules, estimate_depth, parse_html, prune

_TEXT = (
    "The harbour authority said on Monday that the new ferry terminal will finally open "
    "to passengers in early autumn, after two years of disputes over its funding."
)


def _reference_depth(html: str) -> int:
    # The definition, one step per token in Python.
    steps = (-1 if m == "</" else 1 for m in _DEPTH_TOKEN.findall(html))
    return max(accumulate(steps, initial=0))


_PIECES = ["<div>", "</div>", "<p>", "</p>", "<br>", "</span>", "<a href=x>", "text", "<", "</"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_depth_estimate_equals_the_step_by_step_definition(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert estimate_depth(html) == _reference_depth(html)


def test_depth_estimate_of_closing_only_and_empty_pages_is_zero() -> None:
    assert estimate_depth("") == 0
    assert estimate_depth("</div></div>") == 0
    assert estimate_depth("<div><div></div><div><div>") == 3


def test_hidden_attrs_cover_every_hidden_selector() -> None:
    rules = chrome_rules()
    for selector in rules.selectors:
        name = re.match(r"\[\s*([\w-]+)", selector)
        assert name is not None and name.group(1) in rules.hidden_attrs


def test_hidden_selector_wins_over_chrome_tag_on_the_same_element() -> None:
    # <nav hidden> is "hidden" (first in table order), plain <nav> "navigation":
    # the tag-name shortcut must not skip the hidden selectors.
    html = (
        f"<html><body><article><p>{_TEXT}</p><p>{_TEXT}</p></article>"
        "<nav hidden>Home World Sport</nav><nav>Weather Travel Culture</nav></body></html>"
    )
    res = prune(parse_html(html))
    reasons = {p.text: p.reason for p in res.removed}
    assert reasons == {"Home World Sport": "hidden", "Weather Travel Culture": "navigation"}


def test_structural_element_named_like_chrome_keeps_its_article_or_goes_if_blank() -> None:
    html = (
        f'<html><body class="comments-open"><main class="sidebar"> \n </main>'
        f"<p>{_TEXT}</p></body></html>"
    )
    tree = parse_html(html)
    prune(tree)
    assert tree.body is not None and _TEXT in tree.body.text()
    # The blank <main> named like a sidebar is chrome, so it goes.
    assert tree.body.css_first("main") is None
