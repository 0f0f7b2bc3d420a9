"""Smoke test of the generalisation benchmark's page generator.

The generator must build pages in every language and template with ground truth
that is really on the page, and newsclean must give exactly one record per page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import newsclean

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from genpages.build import build_pages  # noqa: E402
from genpages.page import (  # noqa: E402
    TLD,
    esc,
    held_out_languages,
    load_languages,
    parse_blocks,
)
from genpages.templates import TEMPLATES  # noqa: E402


def test_generator_builds_pages_newsclean_gives_one_record_each() -> None:
    langs = load_languages()
    assert len(langs) >= 10
    pages = build_pages(seed=3)
    assert {p.lang for p in pages} == set(langs)
    assert {p.template for p in pages} == set(TEMPLATES)
    assert any(p.paywalled for p in pages) and any(not p.paywalled for p in pages)
    # Deterministic for a seed.
    assert [p.html for p in build_pages(seed=3)[:5]] == [p.html for p in pages[:5]]
    # One page per template, spread over languages, through newsclean.
    sample = {p.template: p for p in pages[::7]}.values()
    for page in sample:
        # the truth is on the page, junk is recorded, metadata truth is set
        assert page.blocks and page.junk and page.title and page.site_name and page.date
        assert esc(page.title) in page.html
        art = newsclean.extract(page.html, url=page.url)
        assert isinstance(art, newsclean.Article)
        assert art.status in ("ok", "empty", "skipped", "error")
        assert newsclean.clean_text(page.text).status in ("ok", "empty", "skipped", "error")


def test_a_menus_comments_link_does_not_end_the_article() -> None:
    # Chinese pages of the <br><br> template: a kept masthead, then a menu whose
    # "评论" (Commentary) link reads as a comment section's heading; the article
    # below it stays (html/blockmodel.py: comments_start).
    pages = [p for p in build_pages(seed=7, langs=["zh"], templates=["brbr"])
             if not p.paywalled]
    assert pages
    for page in pages:
        art = newsclean.extract(page.html, url=page.url)
        kept = sum(text in art.text for _, text in page.blocks)
        assert kept >= 0.9 * len(page.blocks), page.url


def test_held_out_packs_are_formed_like_the_trained_ones() -> None:
    # Thai and Hindi are rendered by the generalisation benchmark but drawn by no
    # training script: their packs must give the templates all they ask for.
    trained = load_languages()
    every = load_languages(held_out=True)
    held = held_out_languages()
    assert {"th", "hi"} <= set(held)
    assert not set(held) & set(trained)
    assert set(every) == set(trained) | set(held)
    en = trained["en"]
    kw = {"n": 3, "author": "A", "y": 2024, "site": "S", "date": "D"}
    for lang in held:
        L = every[lang]
        assert L["lang"] == lang and L["held_out"] is True and lang in TLD
        assert set(L) - {"held_out"} == set(en)
        assert set(L["junk"]) == set(en["junk"])  # every junk kind
        for kind, variants in L["junk"].items():
            fewest = min(len(T["junk"][kind]) for T in trained.values())
            assert len(variants) >= fewest, (lang, kind)
            assert len(set(variants)) == len(variants), (lang, kind)
            for v in variants:
                assert v.strip() and v.format(**kw)
        for key in ("authors", "placeholders", "sites"):
            assert len(L[key]) >= min(len(T[key]) for T in trained.values())
        assert len(L["months"]) == 12 and len(set(L["months"])) == 12
        for f in L["date_fmt"]:
            assert f.format(d=1, dd="01", m=1, mm="01", y=2024, be=2567, month=L["months"][0])
        assert len(L["articles"]) == 3
        assert len({a["slug"] for a in L["articles"]}) == 3
        for art in L["articles"]:
            assert art["title"] and art["tags"] and re.fullmatch(r"[a-z0-9-]+", art["slug"])
            kinds = [k for k, _ in parse_blocks(art["blocks"])]
            assert 9 <= len(kinds) <= 12, art["slug"]
            assert kinds.count("h") == 1 and kinds.count("bq") == 1
            assert kinds.count("li") >= 3 and kinds.count("p") >= 4


def test_held_out_texts_are_written_as_their_languages_write() -> None:
    every = load_languages(held_out=True)
    for art in every["th"]["articles"]:
        texts = [art["title"]] + [t for _, t in parse_blocks(art["blocks"])]
        letters = "".join(re.findall(r"[^\W\d_]", " ".join(texts)))
        assert sum("\u0e00" <= c <= "\u0e7f" for c in letters) > 0.95 * len(letters)
        for kind, text in parse_blocks(art["blocks"]):
            # no sentence marks: spaces between phrases, a paragraph ends with a letter
            assert not re.search(r"[.!?](\s|$)", text), text
            if kind == "p" and len(text) > 100:
                assert " " in text
    for art in every["hi"]["articles"]:
        for kind, text in parse_blocks(art["blocks"]):
            if kind == "p":
                assert text.endswith(("।", "।”", ":")), text


def test_build_pages_renders_held_out_languages_only_when_asked() -> None:
    held = set(held_out_languages())
    some = ["brbr", "amp", "farm"]
    default = build_pages(seed=5, templates=some)
    assert default and not {p.lang for p in default} & held
    with_held = build_pages(seed=5, templates=some, held_out=True)
    n = len(default)
    # the trained pages are the same, the held-out ones come after them all
    assert [(p.id, p.html, p.text) for p in with_held[:n]] == [
        (p.id, p.html, p.text) for p in default
    ]
    assert {p.lang for p in with_held[n:]} == held
    assert len(with_held) - n == len(held) * 3 * len(some)
    # asked for by name: the same pages, whatever else is asked for
    th = build_pages(seed=5, langs=["th"], templates=some)
    assert [p.html for p in th] == [p.html for p in with_held if p.lang == "th"]
    mixed = build_pages(seed=5, langs=["en", "th"], templates=some)
    assert [p.html for p in mixed if p.lang == "th"] == [p.html for p in th]
    assert [p.html for p in mixed if p.lang == "en"] == [
        p.html for p in build_pages(seed=5, langs=["en"], templates=some)
    ]
    for page in th:
        assert page.blocks and page.junk and esc(page.title) in page.html
        assert ".co.th/" in page.url
        art = newsclean.extract(page.html, url=page.url)
        assert art.status in ("ok", "empty", "skipped", "error")
