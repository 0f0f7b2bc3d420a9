"""The fast paths of dom.py and nodes.py give exactly the answers of the slow
definitions."""

from __future__ import annotations

from itertools import accumulate

from html_pages import verdicts
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html.dom import _DEPTH_TOKEN, estimate_depth
from newsclean.html.nodes import _attr_rules, _rule_attrs

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


def test_rule_attrs_cover_every_attribute_selector() -> None:
    # Elements without any of these attributes skip the selector tests.
    assert {rule.name for rule in _attr_rules()} == _rule_attrs()


def test_hidden_selector_wins_over_chrome_tag_on_the_same_element() -> None:
    # <nav hidden> is "hidden" (first in table order), plain <nav> "navigation":
    # the tag-name shortcut must not skip the selectors.
    html = (
        f"<html><body><article><p>{_TEXT}</p><p>{_TEXT}</p></article>"
        "<nav hidden>Home World Sport</nav><nav>Weather Travel Culture</nav></body></html>"
    )
    got = verdicts(html)
    assert got["Home World Sport"] == "hidden"
    assert got["Weather Travel Culture"] == "navigation"
    assert got[_TEXT] == ""


def test_a_verdict_reaches_the_text_however_deep_it_sits() -> None:
    html = (
        f"<html><body><article><p>{_TEXT}</p></article><footer><div><ul><li><span>"
        "<a href='/about'>About us</a></span></li></ul></div></footer></body></html>"
    )
    assert verdicts(html)["About us"] == "copyright"
