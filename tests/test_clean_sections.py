"""Section openers (data/sections.json) and the tail rules of clean_blocks: a
comment thread after the article goes, whatever its entries say; a second copy
of the extracted text goes, and on whole-page text every later copy of a kept
line; paragraphs a recipe repeats on purpose stay."""

from __future__ import annotations

import re

import numpy as np
import pytest

from newsclean.clean.article import clean_article
from newsclean.clean.lines import clean_blocks
from newsclean.clean.phrases import normalise
from newsclean.clean.sections import (
    MAX_THREAD_RATIO,
    article_end,
    load_sections,
    section_cut,
    section_opener,
    stems,
)
from newsclean.options import Options
from newsclean.record import REASONS

SECTIONS = load_sections()
ARTICLE = [
    "The regional water board approved a plan on Tuesday to replace the oldest mains "
    "in the valley over the next six years, after a winter of repeated bursts left "
    "thousands of homes without water for days.",
    "Engineers said about a third of the network was laid before 1950 and that cast-iron "
    "pipes of that age fail far more often in hard frosts than the plastic ones that "
    "replace them.",
    "The work will be paid for by a small rise in bills from next April, which the "
    "board said would be phased in for households on low incomes.",
]
# Comment entries read like prose: nothing but the thread's heading marks them.
THREAD = [
    "I have lived here for thirty years and the pipes have always been a problem, so "
    "this is long overdue in my opinion.",
    "Why should we pay more when the board has been wasting money on consultants for "
    "a decade? Someone should look into the accounts before any rise.",
    "Great news for the valley, finally.",
]


def _sid(i: int) -> str:
    return f"{SECTIONS[i].reason}-{SECTIONS[i].lang}"


@pytest.mark.parametrize("i", range(len(SECTIONS)), ids=_sid)
def test_section_examples_open_their_section_and_counterexamples_do_not(i: int) -> None:
    sec = SECTIONS[i]
    assert sec.reason in REASONS
    assert sec.examples and sec.counterexamples
    for example in sec.examples:
        assert section_opener(example) == sec.reason, example
    for line in sec.counterexamples:
        assert section_opener(line) is None, line


@pytest.mark.parametrize("i", range(len(SECTIONS)), ids=_sid)
def test_every_section_pattern_is_covered_by_an_example(i: int) -> None:
    sec = SECTIONS[i]
    for pat in sec.patterns:
        assert pat.startswith("^"), pat  # openers are headings: matched at the line start
        rx = re.compile(pat, re.IGNORECASE)
        assert any(rx.search(normalise(e)) for e in sec.examples), pat


@pytest.mark.parametrize("i", range(len(SECTIONS)), ids=_sid)
def test_every_example_contains_a_prefilter_stem(i: int) -> None:
    for example in SECTIONS[i].examples:
        assert any(stem in normalise(example).casefold() for stem in stems()), example


def test_long_lines_never_open_a_section() -> None:
    assert section_opener("Comments " + "x" * 200) is None


def test_comment_counter_before_the_article_does_not_cut_it() -> None:
    lines = ["12 comments", *ARTICLE, "Comments", *THREAD]
    assert article_end(lines) == (1 + len(ARTICLE), "comments")


def test_a_heading_followed_by_more_than_the_ratio_of_the_article_cuts_nothing() -> None:
    # a research article's "Discussion", a question's "Add a comment" over
    # its answers: what follows is the page, many times the text above
    lines = [*ARTICLE, "Discussion", *(ARTICLE * 8)]
    kept = np.ones(len(lines), dtype=bool)
    assert section_cut(lines, kept) == (len(lines), None)
    res = clean_blocks(lines, from_html=True)
    assert "comments" not in {r.reason for r in res.removed}


def test_the_ratio_counts_only_kept_text() -> None:
    lines = [*ARTICLE, "Comments", *THREAD, *(["Reply"] * 1000)]
    kept = np.array([len(x) > 10 for x in lines])
    assert sum(map(len, lines[len(ARTICLE) + 1 :])) > MAX_THREAD_RATIO * sum(map(len, ARTICLE))
    assert section_cut(lines, kept) == (len(ARTICLE), "comments")
    assert section_cut(lines, kept, max_ratio=-1.0) == (len(lines), None)


def test_extracted_text_loses_the_comment_thread_after_its_heading() -> None:
    res = clean_blocks([*ARTICLE, "Top Rated Comments", *THREAD], from_html=True)
    assert res.lines == ARTICLE
    assert [r.reason for r in res.removed] == ["comments"] * (1 + len(THREAD))


def test_phrase_reasons_win_over_the_section_reason() -> None:
    res = clean_blocks([*ARTICLE, "Leave a Reply",
                        "Your email address will not be published.", *THREAD],
                       from_html=True)
    assert res.lines == ARTICLE
    reasons = [r.reason for r in res.removed]
    assert reasons[:2] == ["comment_form", "comment_form"]
    assert set(reasons[2:]) == {"comments"}


def test_whole_page_text_loses_a_thread_of_german_comments() -> None:
    thread = ["Das hätte man schon vor zehn Jahren machen müssen, die Leitungen sind "
              "überall in einem schlechten Zustand und niemand kümmert sich darum.",
              "Wer bezahlt das am Ende? Natürlich wieder die Bürger mit höheren Gebühren."]
    art = clean_article("\n".join([*ARTICLE, "12 Kommentare", *thread]), options=Options())
    assert art.text.split("\n\n") == ARTICLE


def test_a_second_copy_of_the_text_is_removed() -> None:
    res = clean_blocks([*ARTICLE, "Related coverage", *ARTICLE], from_html=True)
    assert res.lines == ARTICLE
    assert [r.reason for r in res.removed].count("duplicate_line") == len(ARTICLE)


def test_paragraphs_a_recipe_repeats_on_purpose_stay() -> None:
    step = "Stir the sauce over a low heat for five minutes until it thickens slightly."
    lines = [*ARTICLE, step, "Then add the second batch of vegetables and season well.",
             step, "Serve at once with fresh bread and a green salad on the side."]
    res = clean_blocks(lines, from_html=True)
    assert res.lines.count(step) == 2


NAV = ["Home", "News", "Local", "Politics", "Sport", "Business", "Weather", "Opinion",
       "Culture", "Travel", "Sign in", "Subscribe", "Search", "Menu"]
TEASERS = ["Council delays vote on new bus depot", "Flood warnings lifted across the county",
           "School inspection results published", "Road closures planned for the bank holiday",
           "Hospital car park charges to rise", "New cycle lane opens on the high street"]
FOOTER = ["About us", "Contact", "Advertise", "Careers", "Privacy policy", "Cookie settings",
          "Terms of use", "© 2024 Valley Gazette"]


def test_whole_page_text_keeps_one_copy_of_what_the_page_shows_twice() -> None:
    # a responsive page scraped whole: the desktop and the mobile copy of the story
    page = [*NAV, "Water board approves pipe renewal plan", *ARTICLE, "Most read", *TEASERS,
            *NAV, *ARTICLE, "Latest", *TEASERS, *FOOTER]
    res = clean_blocks(page)
    assert all(res.lines.count(p) == 1 for p in ARTICLE)
    assert [r.text for r in res.removed if r.reason == "duplicate_line"] == ARTICLE


def test_extracted_text_keeps_the_paragraphs_it_repeats() -> None:
    # already an extraction (mostly prose): a repeated step is the author's
    step = "Stir the sauce over a low heat for five minutes until it thickens slightly."
    lines = [*ARTICLE, step, "Then add the second batch of vegetables and season well.",
             step, "Serve at once with fresh bread and a green salad on the side."]
    res = clean_blocks(lines)
    assert res.lines.count(step) == 2
    assert not any(r.reason == "duplicate_line" for r in res.removed)
