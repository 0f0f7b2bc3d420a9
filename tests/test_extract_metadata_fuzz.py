"""Arbitrary markup never makes extract_metadata raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from newsclean.metadata import Metadata, extract_metadata

FRAGMENTS = st.sampled_from(
    [
        "<title>",
        "</title>",
        "<h1>",
        "</h1>",
        " | ",
        " - ",
        "By ",
        " and ",
        "admin",
        '<meta name="author" content="',
        '<meta property="og:title" content="',
        '">',
        '<script type="application/ld+json">',
        "</script>",
        '{"@type": "NewsArticle", ',
        '"author": [',
        '"headline": "',
        '"datePublished": "',
        "2021-02-30",
        '"}',
        "]",
        "}",
        '<link rel="canonical" href="',
        "http://[::1",
        '<time datetime="',
        "\x00",
        "é",
        "<",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40), st.text(max_size=30))
def test_never_raises(parts: list[str], url: str) -> None:
    m = extract_metadata(LexborHTMLParser("".join(parts)), url or None)
    assert isinstance(m, Metadata)
    assert all(isinstance(a, str) and a.strip() for a in m.authors)
    assert m.date is None or m.date[:4].isdigit()
