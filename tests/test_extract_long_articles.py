"""Articles longer than any page the block model learned from keep all their text.

The model judges a block partly by where it sits; position is told relative to
the page's running text and the block's containers, never in absolute
characters, and kept blocks pass their verdict to siblings of the same markup.
So the last paragraphs of a live blog or a transcript stay with the first ones,
and the chrome after them still goes."""

from __future__ import annotations

import random

import numpy as np
import pytest
from html_pages import ARTICLE_PARAGRAPHS, FOOTER, HEADER

from newsclean.html.article import extract_article
from newsclean.html.blockmodel import block_model
from newsclean.html.siblings import (
    SiblingRule,
    drop_headed_lists,
    drop_link_rows,
    extend_keep,
    keep_code_between,
    keep_whole_tables,
)
from newsclean.options import Options

SENTENCES = [s.strip() + "." for p in ARTICLE_PARAGRAPHS for s in p.split(". ") if s.strip()]


def _entries(n: int) -> list[str]:
    """Live-blog entries: a time stamp and two or three of the article's
    sentences, each entry different."""
    rnd = random.Random(n)
    out = []
    for i in range(n):
        body = " ".join(rnd.sample(SENTENCES, rnd.randint(2, 3))).replace("..", ".")
        out.append(f"{8 + i // 60:02d}:{i % 60:02d} Entry {i + 1}: {body}")
    return out


def live_blog(n: int) -> tuple[str, list[str]]:
    entries = _entries(n)
    paras = "".join(f"<p>{e}</p>" for e in entries)
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Live: the county budget debate | Northfield Gazette</title>
<meta property="og:type" content="article"></head><body>{HEADER}
<main><article><h1>Live: the county budget debate</h1>
<div class="entry-content">{paras}</div></article>
<aside class="related-posts"><h2>Related stories</h2><ul>
<li><a href="/news/1">Bus routes to be cut in spring timetable</a></li>
<li><a href="/news/2">New homes approved on former factory site</a></li>
<li><a href="/news/3">Library opening hours extended over summer</a></li></ul></aside>
</main>{FOOTER}</body></html>"""
    return html, entries


@pytest.mark.parametrize("entries", [40, 400, 2000])
def test_every_entry_of_a_long_live_blog_is_kept_and_the_chrome_is_not(entries: int) -> None:
    html, texts = live_blog(entries)
    art = extract_article(html, url=None, options=Options())
    assert art.status == "ok"
    kept = set(art.text.split("\n"))
    missing = [t for t in texts if t not in kept]
    assert len(missing) <= 0.01 * len(texts), (len(missing), missing[:3])
    assert texts[-1] in kept
    for chrome in ("Privacy policy", "Library opening hours extended", "Terms of use"):
        assert chrome not in art.text


def test_siblings_join_only_a_mostly_kept_group_and_never_as_links() -> None:
    rule = SiblingRule(min_share=0.5, min_kept=2, max_link_density=0.2)
    groups = np.array([0, 0, 0, 0, 1, 1, 1])
    chars = np.array([100.0, 100, 100, 100, 100, 100, 100])
    links = np.array([0.0, 0, 0, 0.9, 0, 0, 0])
    keep = np.array([True, True, False, False, True, False, False])
    out = extend_keep(keep, groups, chars, links, rule)
    # group 0: half its text kept by two blocks -> the prose sibling joins, the link one not;
    # group 1: one kept block of three -> nothing joins.
    assert out.tolist() == [True, True, True, False, True, False, False]


def test_the_rows_of_a_table_are_kept_together_when_they_reach_the_threshold_on_average() -> None:
    groups = np.array([0, 1, 1, 1, 2, 2, 3, 3])
    chars = np.array([100.0, 40, 40, 40, 40, 40, 100, 100])
    proba = np.array([0.9, 0.9, 0.3, 0.3, 0.5, 0.1, 0.9, 0.1])
    is_row = np.array([False, True, True, True, True, True, False, False])
    keep = proba >= 0.45
    out = keep_whole_tables(keep, groups, chars, proba, 0.45, is_row)
    # table 1 averages 0.5: its rows go together; table 2 averages 0.3: its kept
    # row stays, the other is not added; paragraphs (group 3) are not tables.
    assert out.tolist() == [True, True, True, True, True, False, True, False]


def test_a_link_list_under_a_heading_the_model_dropped_goes_with_it() -> None:
    # blocks: paragraph, dropped heading, its three linked items (one list),
    # kept heading, a plain list of two items after it, dropped heading + plain item
    kinds = ["p", "h", "li", "li", "li", "h", "li", "li", "h", "li"]
    groups = np.array([0, 1, 2, 2, 2, 3, 4, 4, 5, 6])
    chars = np.full(10, 50.0)
    links = np.array([0.0, 0, 1, 1, 0.9, 0, 1, 1, 0, 0])
    keep = np.array([True, False, True, True, True, True, True, True, False, True])
    out = drop_headed_lists(keep, groups, kinds, chars, links)
    # the first list goes; a list under a kept heading and plain items stay
    assert out.tolist() == [True, False, False, False, False, True, True, True, False, True]
    assert keep.tolist()[2] is True  # the input is not changed


def test_a_code_listing_between_kept_blocks_is_kept() -> None:
    # paragraph, listing, paragraph, listing, dropped block, listing at the end
    is_code = np.array([False, True, False, True, False, True])
    keep = np.array([True, False, True, False, False, False])
    out = keep_code_between(keep, is_code)
    # the listing the text explains stays; beside a dropped block or at the
    # edge a listing is the model's to judge
    assert out.tolist() == [True, True, True, False, False, False]
    assert keep.tolist()[1] is False  # the input is not changed
    assert keep_code_between(keep[:2], is_code[:2]).tolist() == [True, False]


def test_a_link_list_holding_most_of_the_kept_text_is_the_content_not_a_section() -> None:
    # a listing page: a heading the model dropped ("Latest news") over the list
    # of headline links that is all the page has; and the same list beside a
    # longer article, where it is a section next to the content
    kinds = ["h", "li", "li", "li"]
    groups = np.array([0, 1, 1, 1])
    links = np.array([0.0, 1, 1, 1])
    keep = np.array([False, True, True, True])
    out = drop_headed_lists(keep, groups, kinds, np.full(4, 60.0), links)
    assert out.tolist() == keep.tolist()
    kinds = ["p", "h", "li", "li", "li"]
    groups = np.array([0, 1, 2, 2, 2])
    links = np.array([0.0, 0, 1, 1, 1])
    keep = np.array([True, False, True, True, True])
    out = drop_headed_lists(keep, groups, kinds, np.array([900.0, 20, 60, 60, 60]), links)
    assert out.tolist() == [True, False, False, False, False]


def test_a_table_of_rows_made_of_links_goes_from_an_article() -> None:
    # a layout table's menu (one link a row), a data table with one plain row
    # among its linked ones, two linked rows alone, and a list of links
    groups = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3])
    is_row = np.array([True] * 9 + [False] * 3)
    links = np.array([1.0, 1, 0.95, 1, 1, 0.2, 1, 1, 1, 1, 1, 1])
    keep = np.ones(12, dtype=bool)
    out = drop_link_rows(keep, groups, is_row, links)
    assert out.tolist() == [False] * 4 + [True] * 8
    assert keep.all()  # the input is not changed


def test_an_old_table_layout_keeps_its_story_and_not_its_menu() -> None:
    menu = "".join(f"<tr><td><a href='/s{i}'>Section {i}</a></td></tr>" for i in range(12))
    story = "<br><br>".join(ARTICLE_PARAGRAPHS)
    # the story and its byline in the layout's second cell, between <br>s
    html = (
        "<html><head><title>Council approves the budget - Daily Gazette</title></head><body>"
        f"<table width=100%><tr><td width=150 valign=top><table>{menu}</table></td>"
        "<td valign=top><font size=4><b>Council approves the budget</b></font><br>"
        "<font size=2>By John Smith, March 3, 2004</font><br><br>"
        f"{story}<br><br><a href='/'>Home</a> | <a href='/news'>News</a> | "
        "<a href='/contact'>Contact</a><br>Copyright 2004 Daily Gazette</td></tr>"
        "</table></body></html>"
    )
    art = extract_article(html, url="http://gazette.example/2004/03/03/budget.html",
                          options=Options())
    assert art.page_type == "article"
    assert all(p in art.text for p in ARTICLE_PARAGRAPHS)
    assert "Section" not in art.text


def test_the_shipped_model_names_its_sibling_rule() -> None:
    rule = block_model().siblings
    assert rule is None or (0.0 < rule.min_share <= 1.0 and rule.min_kept >= 1)
