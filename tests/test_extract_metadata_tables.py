"""Every entry of the metadata data tables (src/newsclean/html/data/metadata_*.json)
is exercised here on a page that only that entry can explain."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsclean.metadata import Metadata, extract_metadata, forum_poster


def table(name: str) -> dict[str, Any]:
    text = resources.files("newsclean.metadata").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


META = table("meta.json")
LD = table("jsonld.json")
MARKUP = table("markup.json")
AUTHORS = table("authors.json")


def meta_of(head: str = "", body: str = "", url: str | None = None) -> Metadata:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(LexborHTMLParser(html), url)


def tag(key: str, value: str) -> str:
    attr = (
        "http-equiv"
        if key == "content-language"
        else ("property" if ":" in key and not key.startswith(("dc", "cxense")) else "name")
    )
    return f'<meta {attr}="{key}" content="{value}">'


def ld(obj: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# --- meta.json -----------------------------------------------------------------


@pytest.mark.parametrize("key", META["title"])
def test_meta_title_keys(key: str) -> None:
    assert meta_of(tag(key, "Harbour expansion approved")).title == "Harbour expansion approved"


@pytest.mark.parametrize("key", META["site_name"])
def test_meta_site_name_keys(key: str) -> None:
    assert meta_of(tag(key, "Coastal Gazette")).site_name == "Coastal Gazette"


@pytest.mark.parametrize("key", META["author"])
def test_meta_author_keys(key: str) -> None:
    assert meta_of(tag(key, "Irene Adler")).authors == ["Irene Adler"]


@pytest.mark.parametrize("key", META["author_label"])
@pytest.mark.parametrize("label", ["Written by", "Geschrieben von", "Escrito por"])
def test_meta_author_label_keys(key: str, label: str) -> None:
    # Yoast: "twitter:label1" names what "twitter:data1" holds
    data = key.replace("label", "data", 1)
    head = tag(f"{key}2", "Est. reading time") + tag(f"{data}2", "4 minutes")
    head += tag(f"{key}1", label) + tag(f"{data}1", "Irene Adler")
    assert meta_of(head).authors == ["Irene Adler"]
    # a label that is no byline word names no author
    assert meta_of(tag(f"{key}2", "Est. reading time") + tag(f"{data}2", "4 minutes")).authors == []


@pytest.mark.parametrize("key", META["date"])
def test_meta_date_keys(key: str) -> None:
    assert meta_of(tag(key, "2016-04-05T10:00:00Z")).date == "2016-04-05T10:00:00+00:00"


@pytest.mark.parametrize("key", META["canonical_url"])
def test_meta_canonical_keys(key: str) -> None:
    assert meta_of(tag(key, "https://ex.org/s/1")).canonical_url == "https://ex.org/s/1"


@pytest.mark.parametrize("key", META["language"])
def test_meta_language_keys(key: str) -> None:
    assert meta_of(tag(key, "nl-NL")).language_hint == "nl"


@pytest.mark.parametrize("key", META["page_type"])
def test_meta_page_type_keys(key: str) -> None:
    assert meta_of(tag(key, "article")).page_type == "article"


@pytest.mark.parametrize("key", META["paywall"])
def test_meta_paywall_keys(key: str) -> None:
    assert meta_of(tag(key, "locked")).access.level == "subscription"
    assert meta_of(tag(key, "metered")).access.level == "metered"
    assert meta_of(tag(key, "free")).access.level == "free"


def test_meta_table_has_no_unknown_fields() -> None:
    fields = {k for k in META if not k.startswith("_")}
    assert fields == {
        "title",
        "site_name",
        "author",
        "author_label",
        "date",
        "canonical_url",
        "language",
        "page_type",
        "paywall",
    }


# --- jsonld.json ---------------------------------------------------------------


@pytest.mark.parametrize("typ", LD["article_types"])
def test_jsonld_article_types(typ: str) -> None:
    obj = {"@type": typ, "headline": "Rail strike called off", "datePublished": "2020-02-02"}
    m = meta_of(ld(obj))
    assert (m.title, m.date) == ("Rail strike called off", "2020-02-02")


def test_non_article_types_are_not_articles() -> None:
    m = meta_of(ld({"@type": "Event", "headline": "Not a headline", "datePublished": "2020-02-02"}))
    assert (m.title, m.date) == (None, None)


@pytest.mark.parametrize("typ", LD["site_types"])
def test_jsonld_site_types(typ: str) -> None:
    assert meta_of(ld({"@type": typ, "name": "Valley Voice"})).site_name == "Valley Voice"


@pytest.mark.parametrize("key", LD["title_keys"])
def test_jsonld_title_keys(key: str) -> None:
    assert meta_of(ld({"@type": "NewsArticle", key: "Dam levels fall"})).title == "Dam levels fall"


@pytest.mark.parametrize("key", LD["author_keys"])
def test_jsonld_author_keys(key: str) -> None:
    obj = {
        "@type": "NewsArticle",
        "headline": "H",
        key: {"@type": "Person", "name": "Ola Nordmann"},
    }
    assert meta_of(ld(obj)).authors == ["Ola Nordmann"]


@pytest.mark.parametrize("key", LD["date_keys"])
def test_jsonld_date_keys(key: str) -> None:
    assert (
        meta_of(ld({"@type": "NewsArticle", "headline": "H", key: "2014-12-31"})).date
        == "2014-12-31"
    )


@pytest.mark.parametrize(
    ("level", "value"), [(k, v) for k, vs in LD["access_values"].items() for v in vs]
)
def test_jsonld_access_values(level: str, value: str) -> None:
    obj = {"@type": "NewsArticle", "headline": "H", "isAccessibleForFree": value}
    # isAccessibleForFree is a yes/no: a tier word ("metered") read there says nothing.
    expected = level if value.lower() not in ("metered",) else None
    assert meta_of(ld(obj)).access.level == expected


# --- markup.json ---------------------------------------------------------------

HEADLINE_PAGES = {
    "article h1": "<article><h1>{h}</h1></article>",
    "main h1": "<main><h1>{h}</h1></main>",
    "[itemprop=headline]": '<div><span itemprop="headline">{h}</span></div>',
    "h1[class*=title i]": '<div><h1 class="Post-Title">{h}</h1></div>',
    "h1[class*=headline i]": '<div><h1 class="story-Headline">{h}</h1></div>',
    "h1": "<div><h1>{h}</h1></div>",
}


def test_every_headline_selector_has_a_page() -> None:
    assert set(HEADLINE_PAGES) == set(MARKUP["headline"])


@pytest.mark.parametrize("selector", MARKUP["headline"])
def test_headline_selectors(selector: str) -> None:
    body = HEADLINE_PAGES[selector].format(h="Wildfire contained after a week")
    assert LexborHTMLParser(body).css_first(selector) is not None
    assert meta_of("", body).title == "Wildfire contained after a week"


AUTHOR_PAGES = {
    "[itemprop=author] [itemprop=name]": (
        '<div itemprop="author"><b>Writer:</b> <span itemprop="name">{a}</span></div>'
    ),
    "[itemprop=author]": '<span itemprop="author">{a}</span>',
    "[class*=byline i] [class*=author i]": (
        '<div class="Byline">Words: <span class="author">{a}</span></div>'
    ),
    "[class*=byline i] a[href*=author i]": (
        '<div class="byline">Text: <a href="/Author/x">{a}</a></div>'
    ),
    "a[rel~=author]": '<a rel="author" href="/p/1">{a}</a>',
    "address.author": '<address class="author">{a}</address>',
    "[class*=byline i]": '<p class="story-byline">By {a}</p>',
    "[class*=author-name i]": '<span class="post-author-name">{a}</span>',
    "[class*=authorname i]": '<span class="AuthorName">{a}</span>',
    "a[href*='/author/']": '<a href="/author/x/">{a}</a>',
    "a[href*='/authors/']": '<a href="/authors/x/">{a}</a>',
    "a[href*='/writer/']": '<a href="/writer/x/">{a}</a>',
    "a[href*='/autor/']": '<a href="/autor/x/">{a}</a>',
    "a[href*='/auteur/']": '<a href="/auteur/x/">{a}</a>',
    "[class*=submitted i]": (
        '<div class="node__submitted">Submitted by {a} on '
        '<time datetime="2021-03-03">3 March 2021</time></div>'
    ),
    "[class*=author i]": '<div class="entry-Author">{a}</div>',
    "[data-testid*=byline i]": '<div data-testid="Byline-block">{a}</div>',
}


def test_every_author_selector_has_a_page() -> None:
    assert set(AUTHOR_PAGES) == {e["selector"] for e in MARKUP["author"]}


@pytest.mark.parametrize("entry", MARKUP["author"], ids=lambda e: e["selector"])
def test_author_selectors(entry: dict[str, Any]) -> None:
    body = "<article>" + AUTHOR_PAGES[entry["selector"]].format(a="Hanna Schmidt") + "</article>"
    assert LexborHTMLParser(body).css_first(entry["selector"]) is not None
    assert meta_of("", body).authors == ["Hanna Schmidt"]


def test_read_all_selectors_list_co_authors() -> None:
    body = (
        '<article><span itemprop="author">Ann Lee</span>, '
        '<span itemprop="author">Bo Chen</span></article>'
    )
    assert meta_of("", body).authors == ["Ann Lee", "Bo Chen"]


FORUM_POSTER_PAGES = {
    # phpBB's post profile; a user card's long text is no user name
    "[class*=username i]": (
        '<dl class="postprofile"><dt><a class="username-coloured">{a}</a></dt></dl>'
    ),
}


def test_every_forum_poster_selector_has_a_page() -> None:
    assert set(FORUM_POSTER_PAGES) == set(MARKUP["forum_poster"])


@pytest.mark.parametrize("selector", MARKUP["forum_poster"])
def test_forum_poster_selectors(selector: str) -> None:
    posts = "".join(FORUM_POSTER_PAGES[selector].format(a=a) for a in ("galitsyn", "Simple07"))
    assert forum_poster(LexborHTMLParser(f"<div>{posts}</div>")) == ["galitsyn"]
    card = FORUM_POSTER_PAGES[selector].format(a="galitsyn, member since 2009, 4,512 posts, Ohio")
    assert forum_poster(LexborHTMLParser(card)) == []


DATE_PAGES = {
    "[itemprop=datePublished]": '<meta itemprop="datePublished" content="2012-06-07">',
    "time[pubdate]": '<div><time pubdate datetime="2012-06-07">7 June</time></div>',
    "article time[datetime]": '<article><time datetime="2012-06-07">x</time></article>',
    "header time[datetime]": '<header><time datetime="2012-06-07">x</time></header>',
    "time[datetime]": '<div><time datetime="2012-06-07">x</time></div>',
    "[class*=published i][datetime]": '<span class="Published" datetime="2012-06-07">x</span>',
}


@pytest.mark.parametrize("selector", DATE_PAGES)
def test_dates_in_markup(selector: str) -> None:
    body = DATE_PAGES[selector]
    assert LexborHTMLParser(body).css_first(selector) is not None
    assert meta_of("", body).date == "2012-06-07"


@pytest.mark.parametrize("hint", MARKUP["logo_hints"])
def test_logo_hints(hint: str) -> None:
    body = f'<div class="{hint}"><h1>Valley Voice</h1></div><article><p>x</p></article>'
    m = meta_of("<title>Dam levels fall again this week | Valley Voice</title>", body)
    assert m.title == "Dam levels fall again this week"


@pytest.mark.parametrize("hint", MARKUP["chrome_hints"])
def test_chrome_hints(hint: str) -> None:
    body = (
        f'<div class="{hint}"><a href="/author/x/">Sam Field</a></div>'
        '<article><a href="/author/y/">Rita Moreno</a></article>'
    )
    assert meta_of("", body).authors == ["Rita Moreno"]


# --- authors.json --------------------------------------------------------------


def authors(value: str) -> list[str]:
    return meta_of(tag("author", value)).authors


@pytest.mark.parametrize("prefix", AUTHORS["prefixes"])
def test_author_prefixes(prefix: str) -> None:
    assert authors(f"{prefix} Lucia Bianchi") == ["Lucia Bianchi"]


@pytest.mark.parametrize("prefix", AUTHORS["particle_prefixes"])
def test_particle_prefixes_only_before_a_full_name(prefix: str) -> None:
    assert authors(f"{prefix} Lucia Bianchi") == ["Lucia Bianchi"]
    # "Di Maio", "Van Dyke": a particle that is part of a surname stays.
    assert authors(f"{prefix.title()} Bianchi") == [f"{prefix.title()} Bianchi"]


@pytest.mark.parametrize("name", AUTHORS["placeholders"])
def test_placeholders(name: str) -> None:
    assert authors(name) == []
    assert authors(name.upper()) == []


@pytest.mark.parametrize(
    "variable",
    ["{{ author }}", "{{post.author_name}}", "${article.author}", "<%= author %>"],
)
def test_a_template_variable_left_unfilled_is_no_name(variable: str) -> None:
    assert authors(variable) == []
    # a user name with a dot is a name
    assert authors("b.scherer") == ["b.scherer"]


@pytest.mark.parametrize("handle", ["user3080392", "Ejp55230", "lulug30"])
def test_forum_user_names_with_numbers_are_names(handle: str) -> None:
    assert authors(handle) == [handle]


@pytest.mark.parametrize("value", ["2024-05-03", "Vol. 12, No. 3", "1234567"])
def test_counts_and_dates_are_no_names(value: str) -> None:
    assert authors(value) == []


@pytest.mark.parametrize("value", ["12 comments", "4 min read", "1,204 views", "2 replies",
                                   "5 minutes de lecture"])
def test_a_count_or_a_reading_time_is_no_name(value: str) -> None:
    assert authors(value) == []


def test_a_name_holding_a_number_is_a_name() -> None:
    # a name's words open with a capital: a user's or a page's name with a number
    assert authors("98 Buck Social") == ["98 Buck Social"]


def test_a_forum_bylines_guillemet_is_no_part_of_the_name() -> None:
    # phpBB: "by Simple07 » Sun Mar 03, 2024 9:15 am"
    assert authors("by Simple07 »") == ["Simple07"]
    assert authors("Simple07 » Sun Mar 03, 2024 9:15 am") == ["Simple07"]
    # the post's date alone in the author box: no name, not its weekday
    assert authors("Sun Dec 17, 2023 11:23 am") == []
    assert authors("Sun Jin-ho") == ["Sun Jin-ho"]
    # a breadcrumb trail is no name
    assert authors("Home » Technology Solutions Consulting") == []


@pytest.mark.parametrize("word", AUTHORS["navigation"])
def test_navigation_words(word: str) -> None:
    assert authors(word) == []


@pytest.mark.parametrize("role", AUTHORS["roles"])
def test_roles(role: str) -> None:
    assert authors(f"Lucia Bianchi, {role}") == ["Lucia Bianchi"]
    assert authors(f"Lucia Bianchi | {role.title()}") == ["Lucia Bianchi"]


@pytest.mark.parametrize("degree", AUTHORS["degrees"])
def test_degrees(degree: str) -> None:
    assert authors(f"Lucia Bianchi, {degree}") == ["Lucia Bianchi"]


@pytest.mark.parametrize("conj", AUTHORS["conjunctions"])
def test_conjunctions_split(conj: str) -> None:
    assert authors(f"Lucia Bianchi {conj} Omar Haddad") == ["Lucia Bianchi", "Omar Haddad"]


@pytest.mark.parametrize("word", AUTHORS["coauthor_connectives"])
def test_coauthor_connectives_open_a_parenthesis_of_names(word: str) -> None:
    assert authors(f"Lucia Bianchi ({word} Omar Haddad)") == ["Lucia Bianchi", "Omar Haddad"]


def test_a_parenthesis_inside_a_name_stays_as_written() -> None:
    assert authors("Richard (R.J.) Eskow") == ["Richard (R.J.) Eskow"]
    assert authors("Lucia Bianchi (ANSA) and Omar Haddad") == ["Lucia Bianchi", "Omar Haddad"]
    # a capital first word is no connective ("a" is Czech and Slovak "and")
    assert authors("Lucia Bianchi (A Coruña)") == ["Lucia Bianchi (A Coruña)"]


@pytest.mark.parametrize("marker", AUTHORS["cut_markers"])
def test_cut_markers(marker: str) -> None:
    assert authors(f"Lucia Bianchi {marker} Omar Haddad") == ["Lucia Bianchi"]


def test_length_limits() -> None:
    many = ", ".join(f"Person Number{chr(65 + i)}" for i in range(AUTHORS["max_authors"] + 3))
    assert len(authors(many)) == AUTHORS["max_authors"]
    long_name = " ".join(["Word"] * (AUTHORS["max_words"] + 1))
    assert authors(long_name) == []
    assert authors("A" * (AUTHORS["max_chars"] + 1)) == []


DATE_TEXT_PAGES = {
    "[class*=publish i]": '<p class="Published-on">Published 3 March 2021</p>',
    "[class*=dateline i]": '<p class="dateline">LONDON, March 3, 2021</p>',
    "[class*=post-date i]": '<span class="post-date">03.03.2021</span>',
    "[class*=entry-date i]": '<span class="entry-date">2021/03/03</span>',
    "[class*=article-date i]": '<div class="article-date">3rd March 2021</div>',
    "[class*=byline i]": '<div class="byline">By Ann Lee, March 3, 2021</div>',
    "[class*=date i]": '<div class="Date">Mar. 3, 2021</div>',
    "[class*=meta i] time": '<div class="post-meta"><time>2021-03-03</time></div>',
    "time": "<p><time>March 3, 2021</time></p>",
}


@pytest.mark.parametrize("selector", DATE_TEXT_PAGES)
def test_dates_written_in_the_page(selector: str) -> None:
    body = "<article>" + DATE_TEXT_PAGES[selector] + "</article>"
    assert LexborHTMLParser(body).css_first(selector) is not None
    assert meta_of("", body).date == "2021-03-03"


@pytest.mark.parametrize("word", MARKUP["modified_words"])
def test_modified_words_mark_updates(word: str) -> None:
    # Beside a publication date the update loses; alone it is the last resort.
    for updated in (
        f'<p class="date">{word} 3 March 2021</p>',
        f'<p class="date-{word}">3 March 2021</p>',
    ):
        both = (
            f"<article><h1>Bridge reopens</h1>{updated}"
            '<p class="date">12 January 2020</p><p>Text.</p></article>'
        )
        assert meta_of("", both).date == "2020-01-12"
        assert meta_of("", f"<article>{updated}</article>").date == "2021-03-03"


@pytest.mark.parametrize("sub", AUTHORS["placeholder_substrings"])
def test_placeholder_substrings(sub: str) -> None:
    assert authors(f"jd{sub}") == []
    assert authors(f"Lucia Bianchi, site{sub}") == ["Lucia Bianchi"]


def test_outlets_and_role_descriptions_after_a_name() -> None:
    assert authors("Tom Krisher, AP Auto Writer") == ["Tom Krisher"]
    assert authors("Amy Lee, NJ Advance Media for NJ.com") == ["Amy Lee"]
    assert authors("Troy Smith, Cleveland.com") == ["Troy Smith"]


def test_url_site_name_is_not_a_name() -> None:
    head = tag("og:site_name", "https://www.example.com") + tag("application-name", "Example")
    assert meta_of(head).site_name == "Example"


@pytest.mark.parametrize("word", AUTHORS["collective_suffixes"])
def test_collective_suffixes(word: str) -> None:
    # a desk is the credit of a page that names no person ("Resy Staff", "TOI
    # Lifestyle Desk"); beside a person it is whom the person wrote for
    # (a name holding a newsroom word names nobody:
    # test_newsroom_words_are_desks_not_people)
    desk = [] if word in AUTHORS["newsroom_words"] else [f"Harbour Herald {word}"]
    assert authors(f"Harbour Herald {word}") == desk
    assert authors(f"Harbour Herald {word}, Lucia Bianchi") == ["Lucia Bianchi"]
    assert authors(f"Lucia Bianchi and Harbour Herald {word}") == ["Lucia Bianchi"]


@pytest.mark.parametrize("agency", AUTHORS["agencies"])
def test_an_agency_beside_a_name_is_whom_they_wrote_for(agency: str) -> None:
    # the person is the author; an agency alone is the byline's only credit
    assert authors(f"Lucia Bianchi {agency}") == ["Lucia Bianchi"]
    assert authors(f"Lucia Bianchi / {agency}") == ["Lucia Bianchi"]
    assert authors(agency) == [agency]


@pytest.mark.parametrize("word", MARKUP["site_connectors"])
def test_site_connectors_strip_only_the_known_site_name(word: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from newsclean.metadata import extract_metadata

    def title_of(title: str) -> str | None:
        page = (
            f"<html><head><title>{title}</title>"
            '<meta property="og:site_name" content="Harbour Post"></head>'
            "<body><p>Text.</p></body></html>"
        )
        return extract_metadata(LexborHTMLParser(page), "https://harbourpost.example/a").title

    assert title_of(f"Ferry service resumes after storm {word} Harbour Post") == (
        "Ferry service resumes after storm"
    )
    # Not the site's name: the words belong to the headline.
    assert title_of(f"Ferry service resumes after storm {word} Monday morning") == (
        f"Ferry service resumes after storm {word} Monday morning"
    )


@pytest.mark.parametrize("word", AUTHORS["newsroom_words"])
def test_newsroom_words_are_desks_not_people(word: str) -> None:
    assert authors(word) == []
    assert authors(f"{word} Harbour Herald") == []
    assert authors(f"{word} Online") == []
    assert authors(f"Harbour Herald {word}") == []
    assert authors(f"Lucia Bianchi, {word}") == ["Lucia Bianchi"]


@pytest.mark.parametrize("suffix", AUTHORS["cjk_suffixes"])
def test_cjk_suffixes(suffix: str) -> None:
    assert authors(f"田中健一{suffix}") == ["田中健一"]
    # A suffix only ends a CJK name.
    assert authors(f"Lucia {suffix}") == [f"Lucia {suffix}"]


@pytest.mark.parametrize("word", AUTHORS["trailing_connectors"])
def test_trailing_connectors(word: str) -> None:
    body = f"<article><p>Submitted by Lucia Bianchi {word} 3 March 2021</p><p>Text.</p></article>"
    assert meta_of("", body).authors == ["Lucia Bianchi"]


HOME_PAGES = {
    "a[rel~=home]": '<a rel="home" href="/">{s}</a>',
    "[class*=logo i] > a[href]": '<div class="Logo"><a href="/x">{s}</a></div>',
    "a[class*=logo i]": '<a class="site-logo" href="/">{s}</a>',
    "[class*=site-title i]": '<p class="site-title">{s}</p>',
    "[class*=site-name i]": '<span class="site-name">{s}</span>',
    "[class*=sitename i]": '<span class="siteName">{s}</span>',
    "[class*=brand i]": '<div class="navbar-brand">{s}</div>',
    "header a[href='/']": '<header><a href="/">{s}</a></header>',
    "[class*=header i] a[href='/']": '<div class="top-header"><a href="/">{s}</a></div>',
}


def test_every_home_link_selector_has_a_page() -> None:
    assert set(HOME_PAGES) == set(MARKUP["home_link"])


@pytest.mark.parametrize("selector", MARKUP["home_link"])
def test_home_link_selectors(selector: str) -> None:
    body = HOME_PAGES[selector].format(s="Valley Voice") + "<article><p>Text.</p></article>"
    assert LexborHTMLParser(body).css_first(selector) is not None
    # The logo text agrees with the domain: the site's name.
    assert meta_of("", body, "https://www.valleyvoice.example/a/1").site_name == "Valley Voice"
    # Alone, nothing confirms it.
    assert meta_of("", body, "https://news.example/a/1").site_name is None


@pytest.mark.parametrize("prefix", AUTHORS["colon_prefixes"])
def test_colon_prefixes(prefix: str) -> None:
    assert authors(f"{prefix.title()}: Lucia Bianchi") == ["Lucia Bianchi"]
    # Without the colon the word belongs to the name.
    assert authors(f"{prefix.title()} Bianchi") == [f"{prefix.title()} Bianchi"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("โดย สมชาย ใจดี", ["สมชาย ใจดี"]),
        ("ผู้เขียน: สุดารัตน์ แก้วมณี", ["สุดารัตน์ แก้วมณี"]),
        # a desk: its word inside a name written without spaces
        ("ผู้เขียน: ทีมข่าวภูมิภาค", []),
        ("लेखक: रमेश कुमार", ["रमेश कुमार"]),
    ],
)
def test_thai_and_hindi_bylines(byline: str, expected: list[str]) -> None:
    assert authors(byline) == expected
