"""``html.explain.explain_page``: every block of a page in document order with what
extraction did with it, read off the same run that made the record."""

from __future__ import annotations

from html_pages import ARTICLE_PARAGRAPHS, article_page, forum_page, in_cyrillic

from newsclean.html.article import extract_article
from newsclean.html.explain import KEPT, OUTSIDE, REMOVED, explain_page
from newsclean.options import Options
from newsclean.record import REASONS, Article, Removed

URL = "https://news.example.org/2025/03/council-budget"


def test_the_kept_blocks_are_the_record_text_in_page_order() -> None:
    seen = explain_page(article_page(), url=URL, options=Options())
    art = seen.article
    assert art.status == "ok"
    assert "\n\n".join(b.text for b in seen.blocks if b.fate == KEPT) == art.text
    assert all(p in art.text for p in ARTICLE_PARAGRAPHS)
    # the record is the one extract_article gives
    assert art.to_dict() == extract_article(article_page(), url=URL, options=Options()).to_dict()


def test_blocks_left_out_say_why() -> None:
    seen = explain_page(article_page(), url=URL, options=Options())
    assert seen.threshold is not None
    left_out = [b for b in seen.blocks if b.fate in (OUTSIDE, REMOVED)]
    assert left_out
    assert all(b.reason in REASONS for b in left_out)
    assert all(b.probability < seen.threshold for b in seen.blocks if not b.chosen)
    menu = next(b for b in seen.blocks if b.text == "Sport")
    assert (menu.fate, menu.reason) == (OUTSIDE, "navigation")


def test_the_page_type_probabilities_sum_to_one() -> None:
    seen = explain_page(forum_page(), url="https://forum.example.org/t/123", options=Options())
    assert set(seen.type_proba) == {
        "article", "listing", "forum", "product", "collection", "documentation", "service"
    }  # fmt: skip
    assert abs(sum(seen.type_proba.values()) - 1.0) < 1e-6


def test_a_page_in_another_language_says_it_was_typed_without_its_words() -> None:
    url = "https://forum.example.org/t/123"
    assert not explain_page(forum_page(), url=url, options=Options()).typed_without_words
    seen = explain_page(in_cyrillic(forum_page()), url=url, options=Options())
    assert seen.typed_without_words
    assert seen.article.page_type == "forum"


def test_a_finished_record_moves_its_removed_lines_out_of_the_text() -> None:
    # as a boilerplate table applied after extraction does
    def drop_first(art: Article) -> Article:
        first, rest = art.text.split("\n\n", 1)
        art.text = rest
        art.removed = [*art.removed, Removed(first, "boilerplate")]
        return art

    seen = explain_page(article_page(), url=URL, options=Options(), finish=drop_first)
    dropped = seen.article.removed[-1].text
    first = next(b for b in seen.blocks if b.chosen and b.text == dropped)
    assert (first.fate, first.reason) == (REMOVED, "boilerplate")
    assert "\n\n".join(b.text for b in seen.blocks if b.fate == KEPT) == seen.article.text


def test_a_script_only_page_shows_its_noscript_notice() -> None:
    notice = "Please enable JavaScript to read this page."
    html = f"<html><body><div id='app'></div><noscript>{notice}</noscript></body></html>"
    seen = explain_page(html, url=None, options=Options())
    assert seen.article.status == "empty"
    assert seen.noscript == notice
    assert [(b.text, b.fate) for b in seen.blocks] == [(notice, OUTSIDE)]
