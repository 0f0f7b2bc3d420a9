"""Text a page shows twice is kept once: a schema.org copy of the story hidden for
crawlers, a responsive layout's second copy, a post quoted whole. Copies side by
side under one element (a chorus, a repeated step) are the author's and stay."""

from __future__ import annotations

import numpy as np
import pytest
from html_pages import ARTICLE_PARAGRAPHS, FOOTER, HEADER

from newsclean import extract
from newsclean.html.blockmodel import block_model
from newsclean.html.dom import parse_html
from newsclean.html.explain import KEPT, REMOVED, explain_page
from newsclean.html.nodes import page_tree
from newsclean.html.repeats import RepeatRule, hidden_copy, repeated
from newsclean.options import Options

RULE = RepeatRule(min_chars=20, types=("article",))
PARA = "The council approved the new budget on Tuesday after a long debate."


def test_a_copy_under_another_element_goes_and_the_first_stays() -> None:
    texts = [PARA, "Something else entirely, said the mayor.", PARA]
    assert repeated(texts, ["p", "p", "p"], [1, 1, 2], RULE) == [False, False, True]


def test_copies_side_by_side_under_one_element_stay() -> None:
    chorus = "And the river runs on, and the river runs home"
    assert repeated([chorus, "A verse between", chorus], ["p"] * 3, [5, 5, 5], RULE) == [
        False, False, False]


def test_table_rows_and_short_lines_are_never_copies() -> None:
    row = "Total | 1,204 | 1,311 | 1,498"
    assert repeated([row, row], ["row", "row"], [1, 2], RULE) == [False, False]
    # below min_chars folded: "Reply" under each of two posts
    assert repeated(["Reply", "Reply"], ["p", "p"], [1, 2], RULE) == [False, False]


def test_case_punctuation_and_no_break_spaces_do_not_hide_a_copy() -> None:
    copy = PARA.upper().replace(" ", "\u00a0").replace(".", "!")
    assert repeated([PARA, copy], ["p", "p"], [1, 2], RULE) == [False, True]


def test_a_block_repeating_several_paragraphs_in_one_is_no_exact_copy() -> None:
    # near copies cost more time than they gain (repeats.py); only a hidden
    # one is looked for (hidden_copy, below)
    texts = [*ARTICLE_PARAGRAPHS[:2], " ".join(ARTICLE_PARAGRAPHS[:2])]
    assert repeated(texts, ["p", "p", "p"], [1, 1, 2], RULE) == [False, False, False]


def test_the_rule_round_trips_through_the_model_file_format() -> None:
    assert RepeatRule.from_dict(RULE.to_dict()) == RULE


@pytest.fixture(scope="module")
def hidden_copy_page() -> str:
    story = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return f"""<html><head><title>Council approves the budget</title></head><body>
{HEADER}<main><article><h1>Council approves the budget</h1>
<div class="entry-content">{story}</div></article>
<div style="display:none" itemscope itemtype="http://schema.org/NewsArticle">
<div itemprop="headline">Council approves the budget</div>
<div itemprop="articleBody">{story}</div></div>
</main>{FOOTER}</body></html>"""


def test_the_shipped_model_carries_a_repeat_rule_for_articles() -> None:
    rule = block_model().repeats
    assert rule is not None
    assert "article" in rule.types


def test_a_hidden_copy_of_the_story_is_removed_as_a_duplicate(hidden_copy_page: str) -> None:
    rec = extract(hidden_copy_page, url="https://gazette.example/2024/05/budget")
    assert rec.status == "ok"
    for p in ARTICLE_PARAGRAPHS:
        assert rec.text.count(p) == 1
    assert sorted(r.text for r in rec.removed if r.reason == "duplicate_line") == sorted(
        ARTICLE_PARAGRAPHS)


def test_the_inspector_shows_the_story_kept_and_its_copy_removed(
    hidden_copy_page: str,
) -> None:
    fates = explain_page(hidden_copy_page, url="https://gazette.example/2024/05/budget",
                         options=Options())
    for p in ARTICLE_PARAGRAPHS:
        seen = [(b.fate, b.reason) for b in fates.blocks if b.text == p]
        assert seen == [(KEPT, None), (REMOVED, "duplicate_line")]


# The story again as schema.org microdata in a hidden element, its body one run
# of text (no paragraph elements), beside the crawlers' other fields.
CRAWLER_FIELDS = (
    "budget,council,city hall,taxes,Local politics",
    "https://gazette.example/images/budget-1200x630.jpg",
    "Gazette Media Group",
)


def _crawler_copy_page(hidden: str = "style='display:none'") -> str:
    story = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    body = "\n\n".join(ARTICLE_PARAGRAPHS)
    keywords, image, publisher = CRAWLER_FIELDS
    return f"""<html><head><title>Council approves the budget</title></head><body>
{HEADER}<main><article><h1>Council approves the budget</h1>
<div class="entry-content">{story}</div></article>
<div {hidden} itemscope itemtype="http://schema.org/NewsArticle">
<div itemprop="keywords">{keywords}</div>
<div itemprop="image" itemscope><div itemprop="url">{image}</div></div>
<div itemprop="publisher" itemscope><div itemprop="name">{publisher}</div></div>
<div itemprop="articleBody">{body}</div></div>
</main>{FOOTER}</body></html>"""


def test_a_hidden_copy_in_one_block_goes_whole_with_its_element() -> None:
    rec = extract(_crawler_copy_page(), url="https://gazette.example/2024/05/budget")
    assert rec.status == "ok"
    for p in ARTICLE_PARAGRAPHS:
        assert rec.text.count(p) == 1
    for field in CRAWLER_FIELDS:
        assert field not in rec.text
    hidden = [r.text for r in rec.removed if r.reason == "hidden"]
    assert any(ARTICLE_PARAGRAPHS[0] in t and ARTICLE_PARAGRAPHS[-1] in t for t in hidden)


def test_the_same_element_shown_to_readers_is_left_to_the_model() -> None:
    page = _crawler_copy_page(hidden="class='schema-copy'")
    tree = page_tree(parse_html(page))
    assert tree is not None
    copy = next(i for i, b in enumerate(tree.blocks) if len(b.text) > 400)
    paragraphs = [i for i, b in enumerate(tree.blocks) if b.text in ARTICLE_PARAGRAPHS]
    picked = np.array(sorted([*paragraphs, copy]))
    assert not any(hidden_copy(tree, picked))


def test_hidden_text_that_copies_nothing_is_left_to_the_model() -> None:
    tab = " ".join(f"Specification line {i} of the product, with its own words." for i in range(12))
    page = f"""<html><body><main>{''.join(f'<p>{p}</p>' for p in ARTICLE_PARAGRAPHS)}
<div style="display:none"><div>{tab}</div></div></main></body></html>"""
    tree = page_tree(parse_html(page))
    assert tree is not None
    assert not any(hidden_copy(tree, np.arange(len(tree.blocks))))


def test_the_inspector_shows_the_hidden_copy_removed_as_hidden() -> None:
    fates = explain_page(_crawler_copy_page(), url="https://gazette.example/2024/05/budget",
                         options=Options())
    copy = [(b.fate, b.reason) for b in fates.blocks if ARTICLE_PARAGRAPHS[-1] in b.text
            and ARTICLE_PARAGRAPHS[0] in b.text]
    assert copy == [(REMOVED, "hidden")]
    for p in ARTICLE_PARAGRAPHS:
        assert [(b.fate, b.reason) for b in fates.blocks if b.text == p] == [(KEPT, None)]
