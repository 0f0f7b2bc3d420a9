"""Hard-wrapped .txt paragraphs are re-joined before classification and output."""

from __future__ import annotations

import textwrap

from newsclean.clean.article import clean_article, unwrap, wrap_width
from newsclean.options import Options

PARAS = [
    "The city council voted on Tuesday to extend the night bus network to the "
    "northern suburbs, after a year in which ridership on the existing routes "
    "grew faster than on any other part of the transport system.",
    "Officials said the new routes would start running in the spring and would "
    "cost about four million a year, most of it paid for by a levy on parking "
    "spaces in the city centre that was approved last autumn.",
    "Residents of the northern districts, who have campaigned for the service "
    "for almost a decade, welcomed the decision but said they would watch "
    "closely whether the buses actually ran on time once the winter came.",
]


def _wrapped(width: int, sep: str) -> str:
    return sep.join(textwrap.fill(p, width) for p in PARAS)


def test_wrapped_paragraphs_with_blank_lines_are_rejoined() -> None:
    lines = [x.strip() for x in _wrapped(72, "\n\n").split("\n")]
    assert wrap_width(lines) is not None
    assert unwrap(lines) == PARAS


def test_wrapped_paragraphs_without_blank_lines_split_at_short_last_lines() -> None:
    # each paragraph's last line is short, so the next one starts a paragraph
    paras = [p + " It was the first such vote since the war." for p in PARAS]
    text = "\n".join(textwrap.fill(p, 78) for p in paras)
    lines = [x.strip() for x in text.split("\n")]
    out = unwrap(lines)
    assert len(out) == len(paras)
    assert all(o.split() == p.split() for o, p in zip(out, paras, strict=True))


def test_clean_text_output_has_one_blank_line_between_rejoined_paragraphs() -> None:
    art = clean_article("Night buses reach the north\n\n" + _wrapped(70, "\n\n"),
                        options=Options())
    assert art.title == "Night buses reach the north"
    assert art.text.split("\n\n") == PARAS


def test_unwrapped_text_and_short_lines_are_left_alone() -> None:
    lines = PARAS + ["Home", "News", "Sport", "Weather"]
    assert wrap_width(lines) is None
    assert unwrap(lines) == lines
    menu = ["Home", "World news and politics", "Business and markets today",
            "Culture, books and film", "Contact the newsroom team"]
    assert unwrap(menu) == menu


def test_list_items_in_wrapped_text_stay_separate_and_hyphens_join() -> None:
    text = textwrap.fill(PARAS[0], 72) + "\n- first item of the list\n- second item"
    lines = [x.strip() for x in text.split("\n")]
    assert unwrap(lines)[-2:] == ["- first item of the list", "- second item"]
    hy = [x.strip() for x in textwrap.fill(PARAS[1] + " " + PARAS[2], 60).split("\n")]
    hy[0] = hy[0] + " well-"
    hy[1] = "known " + hy[1]
    assert "well-known" in unwrap(hy)[0]
