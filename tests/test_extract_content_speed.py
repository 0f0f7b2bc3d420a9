"""The fast paths of dom.py and nodes.py give exactly the answers of the slow
definitions."""

from __future__ import annotations

from itertools import accumulate

import pytest
from html_pages import verdicts
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html._tagdepth import tag_depth
from newsclean.html.dom import _DEPTH_TOKEN, _SHALLOW, estimate_depth, estimate_depth_numpy
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


# Tag names the shallow list holds, nearly holds (case, a longer name) or
# does not, odd starts of a tag, and characters of every width.
_EDGES = [*_PIECES, "<BR>", "<br-x>", "<br_", "<brx", "<br", "</br", "<P>", "</ p>", "<1a>",
          "<optgroup>", "</optgroupx>", "<col", "colgroup>", "/", "<-a>", "<h1>", "</h1>",
          "\u00e9", "\u0436", "\U0001f600", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_EDGES), max_size=40))
def test_compiled_depth_equals_the_numpy_twin(pieces: list[str]) -> None:
    html = "".join(pieces)
    want = _reference_depth(html)
    assert estimate_depth_numpy(html) == want
    assert estimate_depth(html) == want
    assert estimate_depth(html.encode("utf-8")) == want
    assert estimate_depth(html.encode("latin-1", "replace")) == want


def test_compiled_depth_refuses_a_malformed_name_list() -> None:
    assert tag_depth("<div><p>", _SHALLOW) == 1
    for names in ("", "a||b", "|a", "a|", "a|b c"):
        with pytest.raises(ValueError):
            tag_depth("<div>", names)


def test_depth_estimate_of_closing_only_and_empty_pages_is_zero() -> None:
    for depth in (estimate_depth, estimate_depth_numpy):
        assert depth("") == 0
        assert depth("</div></div>") == 0
        assert depth("<div><div></div><div><div>") == 3


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
