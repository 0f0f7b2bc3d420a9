"""Bylines without byline markup, newsroom placeholders, and site names inferred
from a page that declares none (issue 3, metadata round 2). Pages are built
here, one per pattern."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

import newsclean
from newsclean.metadata import Metadata, extract_metadata

BODY_TEXT = "<p>The council voted on Tuesday to repair the old bridge over the river.</p>"


def meta(html: str, url: str | None = "https://www.example.com/2021/05/05/bridge/") -> Metadata:
    return extract_metadata(LexborHTMLParser(html), url)


def page(byline: str, title: str = "Council votes to repair the old bridge") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><main>"
        f"<h1>{title}</h1>{byline}<article>{BODY_TEXT}</article></main></body></html>"
    )


# --- bylines ---------------------------------------------------------------------------

TIME = '<time datetime="2021-05-05T08:00:00+00:00">{t}</time>'


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # Drupal: the submitted line with the name and a <time>.
        (
            '<div class="node__submitted">Von Katrin Vogelsang · '
            + TIME.format(t="5. Mai 2021")
            + "</div>",
            ["Katrin Vogelsang"],
        ),
        (
            "<div>Submitted by Priya Raman on 5 May 2021</div>",
            ["Priya Raman"],
        ),
        # A plain div: prefix word, names, a separator and the date.
        (
            '<div class="info">By Margaret Ellison &amp; Priya Raman | '
            + TIME.format(t="Posted on May 5, 2021")
            + "</div>",
            ["Margaret Ellison", "Priya Raman"],
        ),
        (
            "<small>Por Carmen Salgado " + TIME.format(t="5 de mayo de 2021") + "</small>",
            ["Carmen Salgado"],
        ),
        ("<small>Par Sophie Lefèvre, le 5 mai 2021</small>", ["Sophie Lefèvre"]),
        (
            "<small>Di Giulia Ferraresi " + TIME.format(t="05/05/2021") + "</small>",
            ["Giulia Ferraresi"],
        ),
        (
            "<span>Door Pieter van Dam " + TIME.format(t="5 mei 2021") + "</span>",
            ["Pieter van Dam"],
        ),
        (
            "<div>Autor: Tomasz Zieliński " + TIME.format(t="5 maja 2021") + "</div>",
            ["Tomasz Zieliński"],
        ),
        ("<div>Yazar: Zeynep Kara · " + TIME.format(t="5 Mayıs 2021") + "</div>", ["Zeynep Kara"]),
        (
            "<div>Автор: Ольга Смирнова " + TIME.format(t="5 мая 2021") + "</div>",
            ["Ольга Смирнова"],
        ),
        ("<div>作者：王静 · " + TIME.format(t="2021年5月5日") + "</div>", ["王静"]),
        ("<div>田中健一記者 | " + TIME.format(t="2021年5月5日") + "</div>", ["田中健一"]),
        ("<div>بقلم خالد العتيبي · " + TIME.format(t="5 مايو 2021") + "</div>", ["خالد العتيبي"]),
        # No prefix at all: the names before the article's <time>.
        (
            "<small>Дмитрий Волков &amp; Анна Лебедева " + TIME.format(t="5 мая 2021") + "</small>",
            ["Дмитрий Волков", "Анна Лебедева"],
        ),
        # A line of fields: the one a byline word opens after the <time>, not the
        # paper's name before it; an agency's field gives way to the name before
        (
            "<p>Le Monde | " + TIME.format(t="4 mai 2015") + " | Par Claire Martin</p>",
            ["Claire Martin"],
        ),
        ("<p>Ann Lee | " + TIME.format(t="May 5, 2021") + " | By Reuters</p>", ["Ann Lee"]),
        # AMP.
        ('<p class="byline">By Tom Whitfield</p>', ["Tom Whitfield"]),
        # names with words the label tables hold ("close", "story", "text")
        ('<p class="byline">By Glenn Close and Mark Story</p>', ["Glenn Close", "Mark Story"]),
        # A credit line naming the text's author and the photographer: the
        # element's "credit" class does not make it a photo caption.
        ('<p class="credit">Text: Ann Lee · Photos: Bo Chen</p>', ["Ann Lee"]),
        ('<p class="credit">Texte : Claire Martin · Photos : Paul Roux</p>', ["Claire Martin"]),
    ],
)
def test_bylines_without_byline_markup(byline: str, names: list[str]) -> None:
    assert meta(page(byline)).authors == names


@pytest.mark.parametrize(
    "html",
    [
        # A headline before the date is not a byline.
        "<html><body><h2><span>Yahoo's Sale to Verizon Ends an Era for a Web Pioneer</span>"
        + TIME.format(t="May 5, 2021")
        + "</h2>"
        + BODY_TEXT
        + "</body></html>",
        # A sentence that opens with "By".
        page("<p>By the end of the year the bridge will be open.</p>"),
        # A photo credit.
        page("<figure><img src=a.jpg><figcaption>Фото: ТАСС</figcaption></figure>"),
        page('<figure><img src=a.jpg><span class="credit">Фото: Иван Петров</span></figure>'),
        # A link label that opens with a byline word.
        page('<p><a href="/plain">Text Without Notes</a></p>'),
        # The byline's label where the name was left out.
        page('<p class="byline">WRITTEN BY</p>'),
        page('<span itemprop="author">By</span>'),
        # ... or the label alone, in words of the byline, placeholder and
        # navigation tables, or ending in a byline word that ends a longer one
        page('<span class="author">Posted</span>'),
        page('<span class="author-name">The Author</span>'),
        page('<div class="byline">Reviewed by</div>'),
        page('<div class="byline">Medically reviewed by</div>'),
        page('<div class="author">Revisado por</div>'),
    ],
)
def test_not_bylines(html: str) -> None:
    assert meta(html).authors == []


def test_cjk_names_are_not_inverted_or_joined() -> None:
    head = '<meta name="author" content="陈晓燕, 李明轩">'
    assert meta(f"<html><head>{head}</head><body></body></html>").authors == ["陈晓燕", "李明轩"]
    assert meta(
        page("<div>记者 陈晓燕 李明轩 " + TIME.format(t="2021年5月5日") + "</div>")
    ).authors == [
        "陈晓燕",
        "李明轩",
    ]


# --- newsroom placeholders ---------------------------------------------------------------


@pytest.mark.parametrize(
    "shown",
    [
        "La rédaction",
        "Redação",
        "Redacción",
        "Ein Artikel von Redaktion",
        "di Redazione",
        "redazione web",
        "Redactie, verslaggever",
        "redactie online",
        "Redakcja",
        "red.",
        "Редакция",
        "Пресс-служба",
        "بقلم التحرير",
        "فريق التحرير",
        "Haber Merkezi",
        "Haber: Haber Merkezi",
        "Yazan: editör",
        "编辑部",
        "本报编辑",
        "編集部",
        "dpa/Redaktion",
        "Redaktion Harbour Herald",
    ],
)
def test_newsroom_placeholders_are_not_authors(shown: str) -> None:
    byline = f'<span class="author-name">{shown}</span>'
    assert meta(page(byline)).authors == []
    head = f'<meta name="author" content="{shown}">'
    assert meta(f"<html><head>{head}</head><body></body></html>").authors == []


def test_a_person_beside_the_newsroom_stays() -> None:
    assert meta(page('<span class="author-name">Lotte Jansen, redactie</span>')).authors == [
        "Lotte Jansen"
    ]
    assert meta(page('<span class="author-name">dpa</span>')).authors == ["dpa"]


def sidebar_page(sidebar: str, byline: str = "") -> str:
    return (
        "<html><head><title>Council votes to repair the old bridge</title></head><body>"
        f"<main><h1>Council votes to repair the old bridge</h1>{byline}"
        f"<article>{BODY_TEXT}</article></main>"
        f"<aside class='sidebar'>{sidebar}</aside></body></html>"
    )


AUTHOR_BOX = (
    '<div class="author"><p class="name">'
    '<a href="/author/hgoetz/" rel="author">Halina Goetz</a></p></div>'
)


def test_a_sidebar_author_box_naming_one_person_names_the_author() -> None:
    assert meta(sidebar_page(AUTHOR_BOX)).authors == ["Halina Goetz"]


def test_a_byline_in_the_article_wins_over_the_sidebar() -> None:
    byline = '<p class="byline">By Nina Park</p>'
    assert meta(sidebar_page(AUTHOR_BOX, byline)).authors == ["Nina Park"]


@pytest.mark.parametrize(
    "sidebar",
    [
        # other stories' authors: not this page's
        '<ul><li><a href="/author/ann/">Ann Lee</a></li>'
        '<li><a href="/author/bo/">Bo Chen</a></li></ul>',
        # one story's author in a related-stories box or a menu of the sidebar
        '<div class="related-posts"><a href="/author/ann/">Ann Lee</a></div>',
        '<ul class="menu"><li><a href="/author/ann/">Ann Lee</a></li></ul>',
        # a comment form's label and a copyright line are no names
        '<div class="comment-author"><label>Name *</label></div>',
        '<div class="author-credit">© 2025 Harbour Herald</div>',
    ],
)
def test_sidebar_names_that_name_nobody(sidebar: str) -> None:
    assert meta(sidebar_page(sidebar)).authors == []


def test_an_avatars_initials_are_no_name() -> None:
    byline = (
        '<div class="post-author__avatar">CM</div>'
        '<div class="post-author__label">Craig McCarthy</div>'
    )
    assert meta(page(byline)).authors == ["Craig McCarthy"]


def test_author_boxes_opening_with_empty_wrappers_are_read_past() -> None:
    avatars = '<div class="author-image"><img src="a.png" alt=""></div>' * 7
    byline = f'{avatars}<p class="author-by-line-text"><span>By </span>Scott Pletcher</p>'
    assert meta(page(byline)).authors == ["Scott Pletcher"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("<p>Written by</p><p>Edzel Tabing</p>", ["Edzel Tabing"]),
        ("<h2>Article by</h2><div>Matias Heikkilä</div>", ["Matias Heikkilä"]),
        ("<h3>Autor:</h3><p>Lucia Bianchi</p>", ["Lucia Bianchi"]),
        # what follows the label is no name
        ("<h3>Author</h3><p>Jane Doe is a freelance writer who covers the courts.</p>", []),
        ("<p>Written by</p><p>12 March 2024</p>", []),
        # a label and links: a facet menu ("Shop by" and its values)
        ('<p>By</p><p><a href="/c/wireless">Wireless Gear</a></p>', []),
    ],
)
def test_a_bylines_label_in_an_element_of_its_own(byline: str, names: list[str]) -> None:
    assert meta(page(byline)).authors == names


# --- site names --------------------------------------------------------------------------


def site_page(title: str, header: str = "", footer: str = "", head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head><body><header>{header}</header>"
        f"<main><h1>Council votes to repair the old bridge</h1>{BODY_TEXT}</main>"
        f"<footer>{footer}</footer></body></html>"
    )


def test_title_affix_confirmed_by_the_logo() -> None:
    html = site_page(
        "Council votes to repair the old bridge | Harbour Courier",
        header='<a class="site-logo" href="/">Harbour Courier</a>',
    )
    m = meta(html, "https://news.example/a")
    assert (m.site_name, m.title) == ("Harbour Courier", "Council votes to repair the old bridge")


def test_site_prefix_confirmed_by_the_copyright_line_is_stripped() -> None:
    html = site_page(
        "Harbour Courier: Council votes to repair the old bridge",
        footer="<p>© 2024 Harbour Courier. All rights reserved.</p>",
    )
    m = meta(html, "https://news.example/a")
    assert (m.site_name, m.title) == ("Harbour Courier", "Council votes to repair the old bridge")


def test_site_prefix_confirmed_by_the_domain() -> None:
    m = meta(
        site_page("L'Écho des Vallées: Council votes to repair the old bridge"),
        "https://www.lechodesvallees.fr/2021/05/05/bridge/",
    )
    assert (m.site_name, m.title) == (
        "L'Écho des Vallées",
        "Council votes to repair the old bridge",
    )


def test_logo_confirmed_by_the_copyright_holder() -> None:
    html = site_page(
        "Council votes to repair the old bridge",
        header='<a rel="home" href="/">Midland Ledger</a>',
        footer="<p>Copyright 2019-2024 Midland Ledger</p>",
    )
    assert meta(html, "https://news.example/a").site_name == "Midland Ledger"


def test_cjk_copyright_holder_and_title_suffix() -> None:
    html = site_page(
        "市立図書館、夜間開館を来月から開始へ - 瀬戸内日日新聞",
        footer="<p>© 2021 瀬戸内日日新聞 無断転載を禁じます。</p>",
    )
    m = meta(html, "https://www.janews8.jp/a")
    assert (m.site_name, m.title) == ("瀬戸内日日新聞", "市立図書館、夜間開館を来月から開始へ")


def test_masthead_text_confirms_a_colon_prefix() -> None:
    html = (
        "<html><head><title>Northern Gazette: Council votes to repair the old bridge</title>"
        "</head><body><table><tr><td><font size=5>Northern Gazette</font></td></tr>"
        f"<tr><td><b>Council votes to repair the old bridge</b>{BODY_TEXT}</td></tr></table>"
        "</body></html>"
    )
    m = meta(html, "https://news.example/a")
    assert (m.site_name, m.title) == ("Northern Gazette", "Council votes to repair the old bridge")


def test_bare_og_title_and_named_title_suffix() -> None:
    head = '<meta property="og:title" content="Council votes to repair the old bridge">'
    html = site_page("Council votes to repair the old bridge - Riverside Post", head=head)
    assert meta(html, "https://news.example/a").site_name == "Riverside Post"


def test_unconfirmed_sources_give_no_site_name() -> None:
    # A colon prefix nothing else names, a logo nothing confirms, a greeting.
    html = site_page(
        "Analysis: Council votes to repair the old bridge",
        header='<a rel="home" href="/">Hi, I&#39;m Nicolas.</a>',
        footer="<p>© 2024 Nicolas</p>",
    )
    m = meta(html, "https://news.example/a")
    assert m.site_name is None
    assert m.title == "Analysis: Council votes to repair the old bridge"


def test_public_extract_carries_inferred_site_and_byline() -> None:
    html = site_page(
        "Council votes to repair the old bridge – Harbour Courier",
        header='<p class="site-title"><a href="/">Harbour Courier</a></p>',
    ).replace("<main>", "<main><div>By Priya Raman | " + TIME.format(t="May 5, 2021") + "</div>")
    art = newsclean.extract(html, url="https://www.harbourcourier.example/2021/05/05/bridge/")
    assert art.site_name == "Harbour Courier"
    assert art.authors == ["Priya Raman"]
    assert art.title == "Council votes to repair the old bridge"


def test_logo_and_a_domain_one_letter_apart() -> None:
    html = site_page(
        "Council votes to repair the old bridge",
        header='<a class="site-logo" href="/">Głos Pomorza</a>',
    )
    assert meta(html, "https://www.gospomorza.pl/a").site_name == "Głos Pomorza"
    # Short names must match exactly: "Post" is not "Pest".
    html = site_page("Council votes", header='<a class="site-logo" href="/">Post</a>')
    assert meta(html, "https://www.pest.example/a").site_name is None


def test_headline_repeated_at_the_top_is_not_the_site() -> None:
    html = (
        "<html><head><title>市区新建十座口袋公园，年底前全部开放 | 海滨新闻网</title></head><body>"
        "<div class='hdl'><span>市区新建十座口袋公园，年底前全部开放</span></div>"
        f"{BODY_TEXT}</body></html>"
    )
    m = meta(html, "https://www.zhnews8.cn/a")
    assert (m.site_name, m.title) == ("海滨新闻网", "市区新建十座口袋公园，年底前全部开放")


def test_weekday_before_a_time_is_not_a_byline() -> None:
    body = "<p>Mon 18 Nov 2019 " + TIME.format(t="18.54 GMT") + "</p>"
    assert meta(page(body)).authors == []


def test_section_prefix_is_not_the_site_but_the_suffix_is() -> None:
    head = '<meta property="og:title" content="Opinion | Council votes to repair the old bridge">'
    html = site_page("Opinion | Council votes to repair the old bridge - Riverside Post", head=head)
    m = meta(html, "https://news.example/a")
    assert (m.site_name, m.title) == ("Riverside Post", "Council votes to repair the old bridge")


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        (
            '<span class="submitted">Submitted by <span class="username">Ann Lee</span>'
            " on Fri, 05/05/2021 - 10:00</span>",
            ["Ann Lee"],
        ),
        ("<div>Por Ana Ruiz | Madrid | 5 de mayo de 2021</div>", ["Ana Ruiz"]),
        ("<div>Von Anna Müller, 5. Mai 2021, 10:00 Uhr</div>", ["Anna Müller"]),
        # an agency or a role after the name, a photo credit on the same line
        ("<p>By Rachel Green, with AFP</p>", ["Rachel Green"]),
        ("<p>Von Sabine Krüger, dpa</p>", ["Sabine Krüger"]),
        ("<p>Par Nicolas Roux avec AFP</p>", ["Nicolas Roux"]),
        ("<p>Di Francesca Ricci, inviata a Napoli</p>", ["Francesca Ricci"]),
        ("<p>di Paolo Greco (ANSA)</p>", ["Paolo Greco"]),
        ("<p>Texte : Élise Fontaine · Photo : Marc Lambert</p>", ["Élise Fontaine"]),
        ("<p>Texto: Mariana Ribeiro; Foto: Carlos Mendes</p>", ["Mariana Ribeiro"]),
        # an agency beside a person is whom they wrote for; after a full name, a
        # part that is not one is a place or a role
        ("<p>Por María López / EFE</p>", ["María López"]),
        ('<div class="byline">Par Claire Martin avec AFP</div>', ["Claire Martin"]),
        ('<div class="byline">Di Marco Rossi, inviato a Bruxelles</div>', ["Marco Rossi"]),
        ('<div class="byline">Por Ana Sousa, enviada especial a Bruxelas</div>', ["Ana Sousa"]),
        ("<p>Por Fernanda Lima, de Porto Alegre — 3 de junho de 2024</p>", ["Fernanda Lima"]),
        # a byline word opens the line: a longer tail (role, place, date) may follow
        ("<p>Par Nicolas Fabre, correspondant à Bruxelles | Publié le 3 mai 2024</p>",
         ["Nicolas Fabre"]),
        ("<p>Por Lucía Fernández, corresponsal en Bruselas</p>", ["Lucía Fernández"]),
        # a credit word after a name particle is a surname, not a credit
        ("<div>Por José María de la Fuente</div>", ["José María de la Fuente"]),
        ("<p>Por Rui da Fonte, Foto: Ana Lima</p>", ["Rui da Fonte"]),
    ],
)
def test_byline_tails_are_cut(byline: str, names: list[str]) -> None:
    assert meta(page(byline)).authors == names


def test_a_wire_agency_alone_under_the_headline_is_the_byline() -> None:
    assert meta(page("<p>EFE</p>")).authors == ["EFE"]
    assert meta(page("<div><span>ANSA</span></div>")).authors == ["ANSA"]


def test_an_agency_named_inside_a_sentence_or_a_link_is_no_byline() -> None:
    assert meta(page("<p>A Reuters poll</p>")).authors == []
    assert meta(page('<p><a href="/reuters">Reuters</a></p>')).authors == []
    # far below the headline, a lone agency name is a footer's or a menu's
    below = "".join(f"<p>Line {i} of the story's opening.</p>" for i in range(8))
    assert meta(page(below + "<p>AFP</p>")).authors == []


def test_every_authors_probe_on_disk_is_one_the_benchmark_reads() -> None:
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    import authors_visible

    on_disk = {p.name for p in authors_visible.PROBE_DIR.glob("probe*.json")}
    assert on_disk == set(authors_visible.PROBES)
    for name in on_disk:
        pages = json.loads((authors_visible.PROBE_DIR / name).read_text("utf-8"))["pages"]
        # six languages, the same number of pages each, every page naming its authors
        langs = [p["lang"] for p in pages]
        assert set(langs) == {"en", "de", "fr", "es", "it", "pt"}
        assert len({langs.count(x) for x in set(langs)}) == 1
        assert all(p["authors"] and p["html"] for p in pages)
