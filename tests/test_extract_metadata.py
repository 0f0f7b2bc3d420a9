"""Metadata extraction on pages written here: JSON-LD variants, Open Graph and
meta tags, microdata, visible bylines, title suffixes, dates, canonical URLs."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsclean.metadata import Metadata, extract_metadata, parse_date, url_date


def page(head: str = "", body: str = "", lang: str | None = None) -> str:
    la = f' lang="{lang}"' if lang else ""
    return f"<!doctype html><html{la}><head>{head}</head><body>{body}</body></html>"


def ld(obj: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def meta(html: str, url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), url)


ARTICLE_BODY = "<article><p>" + "Some words of the article body. " * 20 + "</p></article>"


# --- JSON-LD ------------------------------------------------------------------------


def test_jsonld_graph_with_author_objects_and_publisher() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://ex.org/#site", "name": "Wrong Site Name"},
            {"@type": "Person", "@id": "https://ex.org/#jane", "name": "Jane Doe"},
            {
                "@type": "NewsArticle",
                "headline": "Council approves the new bridge",
                "author": [
                    {"@id": "https://ex.org/#jane"},
                    {"@type": "Person", "name": "John Roe"},
                ],
                "publisher": {"@type": "NewsMediaOrganization", "name": "The Daily Example"},
                "datePublished": "2023-05-04T08:30:00+02:00",
                "dateModified": "2023-05-06T10:00:00+02:00",
            },
        ],
    }
    m = meta(page(ld(graph) + "<title>Council approves the new bridge | The Daily Example</title>"))
    assert m.title == "Council approves the new bridge"
    assert m.authors == ["Jane Doe", "John Roe"]
    assert m.site_name == "The Daily Example"
    assert m.date == "2023-05-04T08:30:00+02:00"


def test_jsonld_top_level_array_and_byline_string() -> None:
    objs = [
        {"@type": "BreadcrumbList", "itemListElement": []},
        {
            "@type": ["BlogPosting"],
            "headline": "How we fixed the build",
            "author": "By Ana Lima and Peter Smith",
            "datePublished": "2021-11-02",
        },
    ]
    m = meta(page(ld(objs)))
    assert m.title == "How we fixed the build"
    assert m.authors == ["Ana Lima", "Peter Smith"]
    assert m.date == "2021-11-02"


def test_jsonld_reportage_with_given_and_family_name_and_full_type_url() -> None:
    obj = {
        "@type": "http://schema.org/ReportageNewsArticle",
        "headline": "Floods in the valley",
        "author": {"@type": "Person", "givenName": "Marta", "familyName": "Kowalska"},
        "datePublished": "2020-03-01T12:00:00Z",
    }
    m = meta(page(ld(obj)))
    assert (m.title, m.authors, m.date) == (
        "Floods in the valley",
        ["Marta Kowalska"],
        "2020-03-01T12:00:00+00:00",
    )


def test_jsonld_broken_wrappers_are_tolerated() -> None:
    raw = (
        '<script type="application/ld+json">\n<![CDATA[\n{"@type": "Article", '
        '"headline": "Wrapped headline", "author": {"name": "Kim Lee"},}\n]]>\n</script>'
    )
    m = meta(page(raw))
    assert m.title == "Wrapped headline"
    assert m.authors == ["Kim Lee"]


def test_invalid_jsonld_falls_back_to_meta() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<meta property="og:title" content="Meta headline wins">'
        '<meta name="author" content="Rui Costa">'
    )
    m = meta(page(head))
    assert m.title == "Meta headline wins"
    assert m.authors == ["Rui Costa"]


# --- Open Graph / meta / microdata ------------------------------------------------------


def test_open_graph_and_meta_tags() -> None:
    head = (
        '<meta property="og:title" content="Rates rise again">'
        '<meta property="og:site_name" content="Money Weekly">'
        '<meta property="article:published_time" content="2019-07-01T06:00:00Z">'
        '<meta property="article:modified_time" content="2019-07-03T06:00:00Z">'
        '<meta name="author" content="Sara Berg">'
        "<title>Rates rise again - Money Weekly</title>"
    )
    m = meta(page(head, ARTICLE_BODY))
    assert m.title == "Rates rise again"
    assert m.site_name == "Money Weekly"
    assert m.date == "2019-07-01T06:00:00+00:00"
    assert m.authors == ["Sara Berg"]


def test_space_separated_meta_properties() -> None:
    m = meta(page('<meta property="og:title twitter:title" content="Shared headline">'))
    assert m.title == "Shared headline"


def test_microdata_author_and_date() -> None:
    body = (
        '<article itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Microdata headline</h1>'
        '<span itemprop="author" itemscope><span itemprop="name">Lena Vogel</span></span>'
        '<time itemprop="datePublished" datetime="2018-02-03">3. Februar 2018</time>'
        "<p>Text.</p></article>"
    )
    m = meta(page("", body))
    assert m.title == "Microdata headline"
    assert m.authors == ["Lena Vogel"]
    assert m.date == "2018-02-03"


def test_visible_byline_by_a_and_b_with_role() -> None:
    body = (
        "<article><h1>Storm hits the coast</h1>"
        '<div class="article-byline">By Maria Santos and Tom Hardy | Staff Writer</div>'
        "<p>Text.</p></article>"
    )
    assert meta(page("", body)).authors == ["Maria Santos", "Tom Hardy"]


def test_byline_with_date_email_and_url_is_cleaned() -> None:
    body = (
        '<article><p class="byline">By Jean Dupont (jean@example.org) '
        "https://twitter.com/jd Updated March 3, 2022 10:15</p></article>"
    )
    assert meta(page("", body)).authors == ["Jean Dupont"]


# --- placeholders and navigation words ------------------------------------------------


@pytest.mark.parametrize("placeholder", ["admin", "Admin", "staff", "Editor", "guest", "webmaster"])
def test_placeholder_authors_are_dropped(placeholder: str) -> None:
    m = meta(page(f'<meta name="author" content="{placeholder}">'))
    assert m.authors == []


def test_wordpress_admin_falls_through_to_visible_byline() -> None:
    head = ld({"@type": "BlogPosting", "headline": "Post", "author": {"name": "admin"}})
    body = '<article><span class="byline">Posted by Nina Park</span><p>Text.</p></article>'
    assert meta(page(head, body)).authors == ["Nina Park"]


def test_a_desk_credited_alone_is_the_author() -> None:
    # a newsroom's byline names who answers for the page when no person does
    desk = {"@type": "Person", "name": "Resy Staff"}
    head = ld({"@type": "Article", "headline": "Where to eat", "author": desk})
    assert meta(page(head)).authors == ["Resy Staff"]
    body = (
        '<article><h1>Gift guide</h1><p class="byline">By TOI Lifestyle Desk</p>'
        "<p>Text.</p></article>"
    )
    assert meta(page("", body)).authors == ["TOI Lifestyle Desk"]


def test_a_desk_beside_a_person_names_the_person() -> None:
    desk = {"@type": "Organization", "name": "Harbour Herald Staff"}
    person = {"@type": "Person", "name": "Nina Park"}
    head = ld({"@type": "Article", "headline": "Storm", "author": [desk, person]})
    assert meta(page(head)).authors == ["Nina Park"]


def test_agency_author_is_kept() -> None:
    m = meta(page('<meta name="author" content="Associated Press">'))
    assert m.authors == ["Associated Press"]


def test_navigation_words_are_not_authors() -> None:
    body = (
        '<nav><a href="/author/alice-smith/">Alice Smith</a></nav>'
        '<article><div class="author"><a href="/">Home</a> <a href="#">Share</a></div>'
        "<p>Text.</p></article>"
    )
    assert meta(page("", body)).authors == []


def test_related_teaser_authors_are_not_read() -> None:
    body = (
        "<article><h1>Main story</h1>"
        '<span class="author-name">Olga Petrova</span><p>Text.</p></article>'
        '<aside class="related"><span class="author-name">Other Writer</span></aside>'
    )
    assert meta(page("", body)).authors == ["Olga Petrova"]


def test_authors_are_deduplicated() -> None:
    head = ld({"@type": "Article", "headline": "X", "author": ["Ann Lee", "ANN LEE", "Bo Chen"]})
    assert meta(page(head)).authors == ["Ann Lee", "Bo Chen"]


def test_inverted_bibliographic_names() -> None:
    head = (
        '<meta name="dc.creator" content="Jong, Michiel de">'
        '<meta name="dc.creator" content="Kooman, F.">'
    )
    assert meta(page(head)).authors == ["Michiel de Jong", "F. Kooman"]


# --- titles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc_title",
    [
        "Bridge reopens after repairs | City Courier",
        "Bridge reopens after repairs - City Courier",
        "Bridge reopens after repairs — City Courier",
        "Bridge reopens after repairs – City Courier",
        "City Courier: Bridge reopens after repairs",
        "City Courier | Bridge reopens after repairs",
    ],
)
def test_title_site_suffix_and_prefix_are_stripped(doc_title: str) -> None:
    head = f'<meta property="og:site_name" content="City Courier"><title>{doc_title}</title>'
    m = meta(page(head))
    assert m.title == "Bridge reopens after repairs"
    assert m.site_name == "City Courier"


def test_title_h1_agreement_strips_unknown_suffix_and_names_the_site() -> None:
    html = page(
        "<title>Bridge reopens after repairs :: Courier Online</title>",
        "<article><h1>Bridge reopens after repairs</h1><p>x</p></article>",
    )
    m = meta(html)
    assert m.title == "Bridge reopens after repairs"
    assert m.site_name == "Courier Online"


def test_title_site_from_domain() -> None:
    m = meta(page("<title>Talks resume in Geneva | Courier</title>"), "https://www.courier.com/a/1")
    assert m.title == "Talks resume in Geneva"


def test_headline_colon_is_kept() -> None:
    m = meta(page("<title>Review: a quiet, brilliant debut novel</title>"))
    assert m.title == "Review: a quiet, brilliant debut novel"


def test_lowercase_tail_is_part_of_the_headline() -> None:
    m = meta(page("<title>How we designed our queue - an async task framework</title>"))
    assert m.title == "How we designed our queue - an async task framework"


def test_og_title_suffix_is_stripped_too() -> None:
    head = (
        '<meta property="og:title" content="Minister resigns | Herald">'
        '<meta property="og:site_name" content="Herald">'
    )
    assert meta(page(head)).title == "Minister resigns"


def test_logo_h1_is_not_the_headline() -> None:
    body = (
        '<header><h1 class="site-logo"><a href="/">Example Times</a></h1></header>'
        "<main><h2>x</h2></main>"
    )
    html = page("<title>Markets close higher — Example Times</title>", body)
    m = meta(html)
    assert m.title == "Markets close higher"


def test_headline_most_sources_agree_on() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Wikimedia list article"})
    head += '<meta property="og:title" content="List of rivers of Chile - Wikipedia">'
    head += "<title>List of rivers of Chile - Wikipedia</title>"
    body = "<h1>List of rivers of Chile</h1>"
    assert meta(page(head, body)).title == "List of rivers of Chile"


# --- site names -----------------------------------------------------------------------


def test_site_name_tagline_and_company_suffix() -> None:
    head = '<meta property="og:site_name" content="Metro Daily - All the news that matters">' + ld(
        {"@type": "NewsArticle", "headline": "H", "publisher": {"name": "Metro Daily"}}
    )
    assert meta(page(head)).site_name == "Metro Daily"
    head2 = (
        '<meta property="og:site_name" content="Le Matin.fr">'
        '<meta name="application-name" content="Le Matin">'
    )
    assert meta(page(head2)).site_name == "Le Matin.fr"


def test_site_name_from_application_name() -> None:
    assert (
        meta(page('<meta name="application-name" content="Tech Digest">')).site_name
        == "Tech Digest"
    )


# --- dates ----------------------------------------------------------------------------


def test_page_date_wins_over_url_date() -> None:
    head = ld({"@type": "NewsArticle", "headline": "H", "datePublished": "2021-03-04"})
    m = meta(page(head), "https://news.example.com/2020/01/15/some-story")
    assert m.date == "2021-03-04"


def test_url_date_is_the_last_resort() -> None:
    m = meta(page("<title>T</title>"), "https://news.example.com/2020/01/15/some-story")
    assert m.date == "2020-01-15"


def test_declared_url_date_when_the_fetch_url_has_none() -> None:
    head = '<link rel="canonical" href="https://news.example.com/2018/06/30/story">'
    assert meta(page(head), "https://amp.example.com/story?id=1").date == "2018-06-30"
    og = '<meta property="og:url" content="https://news.example.com/2018/06/30/story">'
    assert meta(page(og)).date == "2018-06-30"


def test_published_not_modified() -> None:
    head = (
        '<meta property="article:modified_time" content="2022-09-09T09:00:00Z">'
        '<meta property="og:updated_time" content="2022-09-09T09:00:00Z">'
        + ld(
            {
                "@type": "NewsArticle",
                "headline": "H",
                "dateModified": "2022-09-09",
                "datePublished": "2022-08-01T07:00:00Z",
            }
        )
    )
    assert meta(page(head)).date == "2022-08-01T07:00:00+00:00"


def test_modified_only_gives_no_publication_date() -> None:
    head = '<meta property="article:modified_time" content="2022-09-09T09:00:00Z">'
    assert meta(page(head)).date is None


def test_time_element_in_article() -> None:
    body = '<article><time datetime="2017-10-12T14:00:00-04:00">Oct 12</time><p>x</p></article>'
    assert meta(page("", body)).date == "2017-10-12T14:00:00-04:00"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
        ("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00"),
        ("2019-01-03T07:00:02.000Z", "2019-01-03T07:00:02+00:00"),
        ("2024-06-25", "2024-06-25"),
        ("Fri, 24 Jul 2015 05:36:09 +0100", "2015-07-24T05:36:09+01:00"),
        ("20150724", "2015-07-24"),
        ("July 24, 2015", "2015-07-24"),
        ("24 July 2015", "2015-07-24"),
        ("24.07.2015", "2015-07-24"),
        ("07/24/2015 09:49:00", "2015-07-24"),
        ("03/04/2015", "2015-04-03"),
        ("2015/07/24", "2015-07-24"),
        ("1437716169", "2015-07-24T05:36:09+00:00"),
        ("not a date", None),
        ("1850-01-01", None),
        ("2015-13-45", None),
    ],
)
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


def test_url_date_forms() -> None:
    assert url_date("https://x.org/2019/7/4/story") == "2019-07-04"
    assert url_date("https://x.org/news/20190704/story") == "2019-07-04"
    assert url_date("https://x.org/2019/07/story") is None
    assert url_date(None) is None


# --- canonical URL ---------------------------------------------------------------------


def test_canonical_is_resolved_against_the_page_url() -> None:
    m = meta(
        page('<link rel="canonical" href="/news/story-1">'), "https://ex.org/amp/news/story-1?x=1"
    )
    assert m.canonical_url == "https://ex.org/news/story-1"


def test_canonical_uses_base_href_and_og_url_fallback() -> None:
    html = page('<base href="https://cdn.ex.org/site/"><link rel="canonical" href="story">')
    assert meta(html, "https://ex.org/a").canonical_url == "https://cdn.ex.org/site/story"
    og = page('<meta property="og:url" content="https://ex.org/og-story">')
    assert meta(og).canonical_url == "https://ex.org/og-story"


def test_relative_canonical_without_any_base_is_dropped() -> None:
    assert meta(page('<link rel="canonical" href="/x">')).canonical_url is None


# --- hints ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "obj",
    [
        {"@type": "NewsArticle", "headline": "H", "isAccessibleForFree": False},
        {"@type": "NewsArticle", "headline": "H", "isAccessibleForFree": "False"},
        {
            "@type": "NewsArticle",
            "headline": "H",
            "hasPart": {
                "@type": "WebPageElement",
                "isAccessibleForFree": "false",
                "cssSelector": ".paywall",
            },
        },
    ],
)
def test_subscription_declarations(obj: dict[str, Any]) -> None:
    assert meta(page(ld(obj))).access.level == "subscription"


def test_free_article_is_declared_free() -> None:
    obj = {"@type": "NewsArticle", "headline": "H", "isAccessibleForFree": True}
    assert meta(page(ld(obj))).access.level == "free"


@pytest.mark.parametrize(
    ("value", "words"),
    [(1205, 1205), ("1205", 1205), ("1,205", 1205), ("1\u00a0205", 1205), (812.0, 812),
     (0, None), (-3, None), (True, None), ("about 900", None), ("12.5", None), (None, None)],
)
def test_declared_article_length_as_written(value: Any, words: int | None) -> None:
    obj = {"@type": "NewsArticle", "headline": "H", "wordCount": value}
    assert meta(page(ld(obj))).access.words == words


def test_declared_article_length_from_microdata() -> None:
    assert meta(page('<meta itemprop="wordCount" content="640">')).access.words == 640
    assert meta(page("")).access.words is None


def test_language_hint_from_html_lang_then_og_locale() -> None:
    assert meta(page("", "", lang="pt-BR")).language_hint == "pt"
    assert meta(page('<meta property="og:locale" content="de_DE">')).language_hint == "de"
    assert meta(page("")).language_hint is None


def test_page_type() -> None:
    assert meta(page('<meta property="og:type" content="article">')).page_type == "article"


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html>",
        "\x00\x01binary",
        "<title></title><h1></h1>",
        '<script type="application/ld+json">[[[[[[[[[[[[[{}]]]]]]]]]]]]]</script>',
        '<script type="application/ld+json">{"@type": 5, "author": {"name": 7}}</script>',
        '<meta name="author" content="' + "x" * 5000 + '">',
        '<link rel="canonical" href="http://[::1">',
    ],
)
def test_bad_input_never_raises(html: str) -> None:
    m = meta(html, "not a url")
    assert isinstance(m, Metadata)
    assert all(isinstance(a, str) and a for a in m.authors)


def test_wordpress_copy_of_a_newspaper_story() -> None:
    """The issue's pattern: a content farm's WordPress copy, Yoast graph, 'admin'."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://farm.example/#website", "name": "Daily Buzz Hub"},
            {
                "@type": "WebPage",
                "@id": "https://farm.example/city-budget/#webpage",
                "name": "City passes record budget – Daily Buzz Hub",
                "datePublished": "2024-02-10T09:12:00+00:00",
                "dateModified": "2024-02-12T11:00:00+00:00",
            },
            {
                "@type": "Article",
                "headline": "City passes record budget",
                "author": {"@id": "https://farm.example/#/schema/person/1"},
                "datePublished": "2024-02-10T09:12:00+00:00",
                "dateModified": "2024-02-12T11:00:00+00:00",
                "publisher": {"@id": "https://farm.example/#website"},
            },
            {"@type": "Person", "@id": "https://farm.example/#/schema/person/1", "name": "admin"},
        ],
    }
    head = (
        "<title>City passes record budget – Daily Buzz Hub</title>"
        '<meta property="og:site_name" content="Daily Buzz Hub">'
        '<meta property="og:title" content="City passes record budget – Daily Buzz Hub">'
        '<meta property="article:published_time" content="2024-02-10T09:12:00+00:00">'
        '<meta name="author" content="admin">'
        '<link rel="canonical" href="https://farm.example/city-budget/">' + ld(graph)
    )
    body = (
        '<header class="site-header"><p class="site-title"><a href="/">Daily Buzz Hub</a></p>'
        '</header><article><h1 class="entry-title">City passes record budget</h1>'
        '<div class="entry-meta"><span class="byline">by <span class="author vcard">'
        '<a class="url fn n" href="https://farm.example/author/admin/">admin</a></span></span>'
        '<time class="entry-date published" datetime="2024-02-10T09:12:00+00:00">'
        "February 10, 2024</time></div><p>Text.</p></article>"
    )
    m = meta(page(head, body), "https://farm.example/2023/12/01/city-budget/")
    assert m.title == "City passes record budget"
    assert m.site_name == "Daily Buzz Hub"
    assert m.date == "2024-02-10T09:12:00+00:00"
    assert m.authors == []
    assert m.canonical_url == "https://farm.example/city-budget/"


def test_outlet_beside_its_writers_is_dropped() -> None:
    head = '<meta property="og:site_name" content="Money Insider Europe">' + ld(
        {"@type": "NewsArticle", "headline": "H", "author": ["Tanya Lou", "Money Insider"]}
    )
    assert meta(page(head)).authors == ["Tanya Lou"]
    alone = '<meta property="og:site_name" content="Wire Daily">' + ld(
        {"@type": "NewsArticle", "headline": "H", "author": "Wire Daily"}
    )
    assert meta(page(alone)).authors == ["Wire Daily"]


# --- the headline as shown ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("<h1>Metroid<em>, One</em> Of Gaming's Richest Universes</h1>",
         "Metroid, One Of Gaming's Richest Universes"),
        ("<h1>Council approves budget<br>Road repairs to double</h1>",
         "Council approves budget Road repairs to double"),
        # empty h1s do not count; the site's logo is no headline
        ("<h1></h1><h1>Road repairs to double</h1>", "Road repairs to double"),
        ('<h1><a href="/">Northfield Gazette</a></h1>', None),
        ('<h1 class="site-logo">Northfield Gazette</h1>', None),
        # two headlines: none is the page's
        ("<h1>Road repairs to double</h1><h1>Bus routes cut</h1>", None),
        ("<h1>" + "word " * 80 + "</h1>", None),
    ],
)
def test_shown_title_is_the_one_h1(body: str, shown: str | None) -> None:
    assert meta(page(body=body + ARTICLE_BODY)).shown_title == shown


def test_a_failing_reader_empties_its_field_only_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import newsclean.metadata as metadata_module

    def broken(*args: Any) -> Any:
        raise TypeError("a reader's own bug")

    monkeypatch.setattr(metadata_module, "title_and_site", broken)
    # dateparser (which htmldate and trafilatura call, as other tests do) sets
    # up logging with disable_existing_loggers: every logger made before is off
    monkeypatch.setattr(logging.getLogger("newsclean.metadata"), "disabled", False)
    html = page(
        head='<meta property="article:published_time" content="2025-02-18T19:30:00Z">',
        body="<h1>Road repairs to double</h1>" + ARTICLE_BODY,
    )
    with caplog.at_level("DEBUG", logger="newsclean.metadata"):
        got = meta(html)
    assert (got.title, got.date) == (None, "2025-02-18T19:30:00+00:00")
    assert "a reader's own bug" in caplog.text
