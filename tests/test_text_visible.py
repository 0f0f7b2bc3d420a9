"""A paragraph a reader cannot see is no paragraph: page builders write
``<p>&zwj;</p>`` for an empty line, and obfuscated or padded text holds runs of
format characters (Unicode category Cf). Both paths remove such lines as
``hidden``, never silently."""

from __future__ import annotations

import pytest

import newsclean
from newsclean.options import Options
from newsclean.text import visible

TITLE = "Library reopens after the flood"
STORY = [
    "The town library reopened on Saturday, eight months after the river flooded its ground "
    "floor and ruined some twelve thousand books, most of them from the children's section.",
    "Volunteers dried and sorted what could be saved; the council paid for new shelves, and "
    "neighbouring towns sent more than four thousand books to fill them again.",
    "The reading room now sits on the first floor, and the ground floor will hold the "
    "archive's boxes on raised racks, so that the next flood finds nothing to spoil.",
]
# U+200D (zero-width joiner) stored double-encoded: its UTF-8 read as Windows-1252
ZWJ_DOUBLE_ENCODED = "\u00e2\u20ac\u008d"


def test_a_paragraph_of_an_invisible_character_alone_is_no_paragraph() -> None:
    # page builders write <p>&zwj;</p> for an empty line; stored double-encoded it
    # reads "â€\x8d" until repaired
    blank = ["<p>&zwj;</p>", "<p>&#8203;</p>", f"<p>{ZWJ_DOUBLE_ENCODED}</p>"]
    html = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            + "".join(f"<p>{p}</p>{b}" for p, b in zip(STORY, blank, strict=True))
            + "</article></body></html>")
    art = newsclean.extract(html, options=Options(markdown=True))
    assert art.text.split("\n\n") == STORY
    assert art.markdown is not None and "\u200d" not in art.markdown
    assert sum(r.reason == "hidden" for r in art.removed) == 3


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("\u200d", False),  # zero-width joiner
        ("\u2063\u2063\u2063", False),  # invisible separators
        ("\ufeff\u2060", False),  # BOM, word joiner
        (" \u00a0\u2064 ", False),  # spaces and an invisible plus
        ("\u2063" * 200, False),
        ("\u2063" * 200 + "x", True),
        ("\u2063a", True),
        ("é", True),
        ("…", True),
        ("Budget", True),
        ("", False),
    ],
)
def test_what_a_reader_sees(text: str, seen: bool) -> None:
    assert visible(text) is seen


def test_text_input_of_invisible_lines_removes_them_with_a_reason() -> None:
    lines = [STORY[0], "\u200d", STORY[1], "\u2063\u2063", STORY[2]]
    art = newsclean.clean_text("\n".join(lines))
    assert art.text.split("\n\n") == STORY
    assert sorted(r.text for r in art.removed if r.reason == "hidden") == ["\u200d",
                                                                       "\u2063\u2063"]
