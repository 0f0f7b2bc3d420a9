"""Corpus-learned boilerplate: site furniture removed, syndicated text kept."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from news_words import NEWS_WORDS

from newsclean.clean.boilerplate import (
    REASON,
    BoilerplateCounter,
    BoilerplateRules,
    BoilerplateTable,
    apply_boilerplate,
    document_rows,
    is_sentence,
    line_key,
    site_of,
    write_lines_parquet,
)
from newsclean.record import EMPTY, OK, REASONS, Article

_VOCAB = NEWS_WORDS

COOKIE = "We use cookies to improve your experience on our site. By continuing you accept them."
QUOTE = "“We will rebuild the bridge before the spring floods,” the mayor told reporters."
SHARE = "Share this article"


def para(rng: random.Random, n: int = 40) -> str:
    return " ".join(rng.choice(_VOCAB) for _ in range(n)).capitalize() + "."


def article_text(rng: random.Random, extra: list[str]) -> str:
    lines = [para(rng, 45), para(rng, 30), *extra, para(rng, 25)]
    return "\n\n".join(lines)


def build_corpus(counter: BoilerplateCounter) -> str:
    """30 sites x 5 pages with a cookie line; QUOTE in one different story per site;
    a wire story (containing QUOTE) syndicated to all 30 sites. Returns the wire text."""
    rng = random.Random(5)
    wire = article_text(rng, [QUOTE, "What happens next"])
    for s in range(30):
        site = f"news{s}.example"
        for p in range(5):
            extra = [QUOTE] if p == 0 else []
            counter.add(site, article_text(rng, extra) + "\n\n" + COOKIE)
        counter.add(site, wire + "\n\n" + COOKIE)
    return wire


def test_cookie_line_on_30_sites_removed_syndicated_quote_kept() -> None:
    with BoilerplateCounter() as c:
        wire = build_corpus(c)
        table = c.finalize()
    assert table.is_boilerplate(COOKIE)
    assert table.keys[line_key(COOKIE)][0] == "site"  # type: ignore[index]
    assert not table.is_boilerplate(QUOTE)
    for line in wire.split("\n\n"):  # the wire story's own lines, short ones included
        assert not table.is_boilerplate(line), line


def test_short_furniture_across_sites_removed_sentences_kept() -> None:
    rng = random.Random(8)
    sentence = "The council will publish the full report on its website next week."
    with BoilerplateCounter() as c:
        for s in range(20):  # one page per site: only cross-site evidence
            c.add(f"site{s}.example", article_text(rng, [SHARE, sentence]))
        table = c.finalize()
    assert table.is_boilerplate(SHARE)
    assert table.keys[line_key(SHARE)][0] == "cross_site"  # type: ignore[index]
    assert not table.is_boilerplate(sentence)


def test_too_few_sites_or_pages_learn_nothing() -> None:
    rng = random.Random(9)
    with BoilerplateCounter() as c:
        for s in range(3):
            for _ in range(2):
                c.add(f"s{s}.example", article_text(rng, [SHARE, COOKIE]))
        assert len(c.finalize()) == 0


def test_unknown_sites_count_as_separate_sites() -> None:
    rng = random.Random(10)
    with BoilerplateCounter() as c:
        for _ in range(12):
            c.add(None, article_text(rng, ["Advertisement"]))
        assert c.finalize().is_boilerplate("ADVERTISEMENT")


def test_line_normalisation_folds_case_digits_punctuation() -> None:
    assert line_key("© Copyright 2023 Foo News. All rights reserved!") == line_key(
        "copyright 2024 foo news all rights reserved"
    )
    assert line_key("Read more") != line_key("Read less")
    assert line_key(" --- ") is None


def test_sentence_shape() -> None:
    assert is_sentence(QUOTE)
    assert is_sentence("He said it would happen again next year.")
    assert not is_sentence("Share this article")
    assert not is_sentence("Sign up.")
    assert not is_sentence("Related stories from the region this week")


def test_site_of() -> None:
    assert site_of("https://www.Example.com/a/b") == "example.com"
    assert site_of(None, " The Daily ") == "the daily"
    assert site_of(None) is None


def test_apply_moves_lines_to_removed_and_keeps_paragraphs() -> None:
    table = BoilerplateTable({line_key(COOKIE): ("site", 30, 150)})  # type: ignore[dict-item]
    art = Article(id="a", source="s", text=f"First paragraph.\n\n{COOKIE}\n\nSecond paragraph.")
    out = apply_boilerplate(art, table)
    assert out.text == "First paragraph.\n\nSecond paragraph."
    assert [(r.text, r.reason) for r in out.removed] == [(COOKIE, REASON)]
    assert REASON in REASONS
    assert art.text.count("\n\n") == 2  # input untouched

    only = apply_boilerplate(Article(id="b", source="s", text=COOKIE), table)
    assert only.status == EMPTY and only.reason == "no_article_text" and only.text == ""
    same = Article(id="c", source="s", text="Nothing to remove.")
    assert apply_boilerplate(same, table) is same and same.status == OK


def test_save_load_round_trip(tmp_path: Path) -> None:
    with BoilerplateCounter(str(tmp_path / "bp.duckdb")) as c:
        build_corpus(c)
        table = c.finalize(BoilerplateRules(site_min_docs=3))
    path = str(tmp_path / "table.json")
    table.save(path)
    loaded = BoilerplateTable.load(path)
    assert loaded.keys == table.keys and len(loaded) > 0
    assert loaded.rules.site_min_docs == 3
    assert loaded.is_boilerplate(COOKIE) and not loaded.is_boilerplate(QUOTE)


def test_worker_parts_merge_like_direct_adds(tmp_path: Path) -> None:
    rng = random.Random(11)
    docs = [
        (f"site{s}.example", article_text(rng, [SHARE]) + "\n\n" + COOKIE)
        for s in range(12)
        for _ in range(4)
    ]
    write_lines_parquet(str(tmp_path / "p0.parquet"), docs[:20])
    write_lines_parquet(str(tmp_path / "p1.parquet"), docs[20:])
    with BoilerplateCounter(str(tmp_path / "m.duckdb")) as c:
        c.add_parquet(str(tmp_path / "p0.parquet"))
        c.add_parquet(str(tmp_path / "p1.parquet"))
        merged = c.finalize()
    with BoilerplateCounter() as c:
        for site, text in docs:
            c.add_rows(document_rows(site, text))
        direct = c.finalize()
    assert merged.keys == direct.keys
    assert merged.is_boilerplate(SHARE) and merged.is_boilerplate(COOKIE)


def test_furniture_of_one_site_is_removed_there_only(tmp_path: Path) -> None:
    rng = random.Random(12)
    teaser = "Mayor promises to rebuild the old harbor bridge before spring."
    with BoilerplateCounter() as c:
        for _ in range(6):  # a "related stories" teaser on every page of one site
            c.add("one.example", article_text(rng, []) + "\n\n" + teaser)
        for s in range(3):  # the same sentence inside stories on other sites
            c.add(f"other{s}.example", article_text(rng, [teaser]))
        table = c.finalize()
    assert table.is_boilerplate(teaser, "one.example")
    assert not table.is_boilerplate(teaser, "other0.example")
    assert not table.is_boilerplate(teaser)
    art = Article(id="x", source="s", url="https://www.one.example/a", text=f"Body.\n\n{teaser}")
    assert apply_boilerplate(art, table).text == "Body."
    other = Article(id="y", source="s", url="https://other1.example/b", text=f"Body.\n\n{teaser}")
    assert apply_boilerplate(other, table) is other
    table.save(str(tmp_path / "t.json"))
    assert BoilerplateTable.load(str(tmp_path / "t.json")).site_keys == table.site_keys


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=20)))
def test_any_text_gives_rows_and_applies(text: str, site: str | None) -> None:
    rows = document_rows(site, text)
    assert rows[0][1] == 0  # the document row comes first
    assert all(isinstance(k, int) and k != 0 for _, k, _, _ in rows[1:])
    table = BoilerplateTable({k: ("site", 9, 9) for _, k, _, _ in rows[1:]})
    out = apply_boilerplate(Article(id="a", source="s", text=text), table)
    assert out.status in (OK, EMPTY)
    assert all(r.reason == REASON for r in out.removed)
