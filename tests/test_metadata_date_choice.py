"""Publication dates from every source a page gives, weighed by the date model.

Each page is what a CMS writes: a structured declaration, a byline under the
headline, a <time> element, a date in the URL, an "updated" line, dates of
other stories in a sidebar. The model (data/date_model.json) was trained on
wcxb-dev train; these are behaviours it must keep.
"""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

import newsclean
from newsclean.metadata import extract_metadata
from newsclean.metadata.date_model import choose, features, model
from newsclean.metadata.date_sources import SOURCES, byline_date, text_date
from newsclean.metadata.tables import MIDDLE_DOTS

TEXT = "<p>The council voted on Tuesday to approve the new budget for roads and schools.</p>" * 4


def date_of(body: str, head: str = "", url: str | None = None) -> str | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(LexborHTMLParser(html), url, html=html).date


@pytest.mark.parametrize(
    "byline",
    [
        "Published March 3, 2021",
        "Veröffentlicht am 3. März 2021",
        "Publié le 3 mars 2021",
        "Publicado el 3 de marzo de 2021",
        "3 марта 2021",
        "2021年3月3日",
        "03.03.2021",
    ],
)
def test_byline_date_under_the_headline(byline: str) -> None:
    body = (
        f'<article><h1>Council approves budget</h1><div class="meta">{byline}</div>{TEXT}</article>'
    )
    assert date_of(body) == "2021-03-03"


@pytest.mark.parametrize("separator", ["|", "—", *MIDDLE_DOTS])
def test_a_byline_line_naming_an_update_gives_the_date_of_its_published_field(
        separator: str) -> None:
    # every mark the byline reader splits fields on splits the line's dates too
    line = f"Updated 8 June 2022 {separator} Published 7 June 2022"
    assert byline_date(line) == ("2022-06-07", False)


def test_dates_of_other_stories_in_a_sidebar_do_not_win() -> None:
    sidebar = "".join(
        f'<li><a href="/s{i}">Story {i}</a> <span>{i + 1} May 2019</span></li>' for i in range(6)
    )
    body = (
        f'<article><h1>Council approves budget</h1><p class="byline">By Ann Lee, 3 March 2021</p>'
        f'{TEXT}</article><aside class="sidebar"><ul>{sidebar}</ul></aside>'
    )
    assert date_of(body) == "2021-03-03"



@pytest.mark.parametrize(
    "masthead",
    [
        '<div class="date">Thursday, 5 June 2025</div>',
        "<p>Today: 05.06.2025 | Weather 18°C</p>",
        '<span class="today">jeudi 5 juin 2025</span>',
    ],
)
def test_today_s_date_in_the_masthead_does_not_win_over_the_date_under_the_headline(
        masthead: str) -> None:
    # Before the headline a page shows the day it was served, later than the
    # story; the story's own date sits under its headline.
    body = (
        f'<header><a href="/">Town Gazette</a>{masthead}<nav><a href="/n">News</a></nav>'
        f'</header><main><h1>Council approves budget</h1>'
        f'<p class="info">By Ann Lee · 3 March 2021</p>{TEXT}</main>'
    )
    assert date_of(body) == "2021-03-03"


def test_a_date_above_the_headline_is_read_when_nothing_under_it_gives_one() -> None:
    body = (
        f'<main><p class="kicker">Politics · 3 March 2021</p>'
        f'<h1>Council approves budget</h1>{TEXT}</main>'
    )
    assert date_of(body) == "2021-03-03"

def test_json_ld_publication_date_is_the_fast_path() -> None:
    ld = {"@type": "NewsArticle", "headline": "H", "datePublished": "2015-01-01T08:00:00Z"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = f'<article><h1>H</h1><p class="date">Updated 3 March 2021</p>{TEXT}</article>'
    assert date_of(body, head) == "2015-01-01T08:00:00+00:00"


def test_agreeing_visible_sources_outvote_a_modification_date() -> None:
    state = '<script>window.__STATE__={"story":{"updatedAt":"2022-05-05T08:00:00Z"}}</script>'
    body = (
        f'<article><h1>Council approves budget</h1><time datetime="2021-03-03">3 March 2021</time>'
        f'<p class="date">3 March 2021</p>{TEXT}</article>{state}'
    )
    assert date_of(body, "", "https://ex.org/2021/03/03/council-budget") == "2021-03-03"


def test_meta_date_is_the_fast_path_and_keeps_its_timestamp() -> None:
    head = '<meta property="article:published_time" content="2021-03-03T10:04:00+01:00">'
    assert date_of(f"<article><h1>H</h1>{TEXT}</article>", head) == "2021-03-03T10:04:00+01:00"


def test_framework_state_date_in_a_script() -> None:
    state = '<script>window.__STATE__={"story":{"publishedAt":"2021-03-03T08:00:00Z"}}</script>'
    assert date_of(f"<article><h1>H</h1>{TEXT}</article>{state}")[:10] == "2021-03-03"


def test_page_without_any_date_has_none() -> None:
    assert date_of(f"<article><h1>Council approves budget</h1>{TEXT}</article>") is None


@pytest.mark.parametrize(
    "text", ["Call 0800 2021 3003", "Price: 2021 €", "12:45", "Page 3 of 2021 results in 45 ms"]
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert text_date(text) is None


def test_model_file_matches_the_sources_and_carries_its_attribution() -> None:
    from importlib import resources

    raw = json.loads(
        resources.files("newsclean.metadata").joinpath("data/date_model.json").read_text()
    )
    assert raw["features"] == [*SOURCES, "sources", "days"]
    assert "WCXB by Murrough Foley, CC-BY-4.0" in raw["_attribution"]
    assert model().weights.shape == (len(SOURCES) + 2,)


def test_agreeing_sources_win_and_the_precise_value_is_kept() -> None:
    found = {"jsonld": "2021-03-03T10:00:00+00:00", "url": "2021-03-03", "modified": "2022-01-01"}
    assert choose(found) == "2021-03-03T10:00:00+00:00"
    days, x = features(found)
    assert sorted(days) == ["2021-03-03", "2022-01-01"]
    assert x.shape == (2, len(SOURCES) + 2)


def test_extraction_reads_visible_dates_through_the_public_api() -> None:
    html = (
        "<html><head><title>Council approves budget</title></head><body><article>"
        '<h1>Council approves budget</h1><div class="post-meta">Posted on April 7, 2020</div>'
        f"{TEXT}"
        "</article></body></html>"
    )
    assert newsclean.extract(html).date == "2020-04-07"
