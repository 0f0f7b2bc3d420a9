"""The shipped block model: it loads, carries its attribution, matches the feature
code, and its packed trees compute what the trees say."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.html.blockmodel import (
    MODEL_FILE,
    block_model,
    page2_feature_names,
    page2_plain_feature_names,
    stage1_feature_names,
)
from newsclean.html.features import PAGE_TYPES, page_feature_names
from newsclean.record import PAGE_TYPES as RECORD_PAGE_TYPES
from newsclean.trees import WALK_ROWS

ATTRIBUTION = "WCXB by Murrough Foley, CC-BY-4.0"


def test_model_file_loads_and_carries_the_wcxb_attribution() -> None:
    model = block_model()
    assert model.attribution == ATTRIBUTION
    assert "CC-BY-4.0" in model.meta["licence"]
    # trained on scrapinghub-articles too: its MIT notice travels with the model
    assert "scrapinghub-articles pages" in model.meta["trained_on"]
    assert "Copyright (c) 2020 Scrapinghub" in model.meta["licence"]
    # and on Mozilla Readability's test pages, under the Apache License 2.0
    assert "readability-pages" in model.meta["trained_on"]
    assert "Apache License 2.0" in model.meta["licence"]
    assert model.meta["script"] == "scripts/train_block_model.py"
    # the attribution is inside the file itself, readable without newsclean
    with resources.files("newsclean.html").joinpath(MODEL_FILE).open("rb") as fh:
        raw = np.load(fh, allow_pickle=False)
        assert json.loads(str(raw["meta"]))["attribution"] == ATTRIBUTION


def test_model_matches_the_feature_code() -> None:
    model = block_model()
    assert model.stage1.feature_names == stage1_feature_names()
    assert model.page1.feature_names == tuple(page_feature_names())
    assert model.page2.feature_names == page2_feature_names()
    assert set(model.page2.classes) == set(PAGE_TYPES) == set(RECORD_PAGE_TYPES)
    assert set(model.thresholds) == set(PAGE_TYPES)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    # the page-type model for pages in a language the word table never learnt
    assert model.plain is not None
    assert model.plain.model.feature_names == page2_plain_feature_names()
    assert set(model.plain.model.classes) == set(PAGE_TYPES)
    assert 0.0 < model.plain.below < 0.66 and 0.5 < model.plain.article_min < 1.0


def test_readme_names_the_attribution() -> None:
    from pathlib import Path

    readme = Path(__file__).resolve().parents[1] / "README.md"
    assert ATTRIBUTION in readme.read_text("utf-8")
    assert "Copyright (c) 2020 Scrapinghub" in readme.read_text("utf-8")
    assert "readability-pages" in readme.read_text("utf-8")


def test_huge_inputs_are_scored_in_chunks_with_the_same_result() -> None:
    model = block_model().stage1
    rng = np.random.default_rng(0)
    X = rng.normal(size=(WALK_ROWS + 17, len(model.feature_names)))
    whole = model.decision(X)
    assert whole.shape == (X.shape[0],)
    assert np.allclose(whole[-20:], model.decision(X[-20:]))


@pytest.mark.parametrize("html", ["<p>Some text</p>", "<html><body></body></html>"])
def test_every_html_record_has_a_page_type_or_a_status(html: str) -> None:
    art = newsclean.extract(html)
    assert art.page_type in RECORD_PAGE_TYPES or art.status != "ok"


def test_text_inputs_have_no_page_type() -> None:
    art = newsclean.clean_text("The council voted on Tuesday to approve the new budget. " * 5)
    assert art.page_type is None


_ALPHABET = [*"aZ09 .!?,$\u20ac\n\t\u2026\u3002\uff0c\u3001\u060c\u00e9\uffff", "\U0001f600", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_ALPHABET), max_size=10).map("".join), max_size=8))
def test_compiled_character_counts_equal_the_numpy_twin(texts: list[str]) -> None:
    from newsclean.html import features

    got, want = features.text_stats(texts), features.text_stats_numpy(texts)
    assert list(got) == list(want)
    for key in want:
        assert got[key].dtype == want[key].dtype, key
        assert got[key].tobytes() == want[key].tobytes(), key


def test_compiled_character_counts_refuse_bad_arguments() -> None:
    from newsclean.html import _charcounts, features

    flags = features._CLASS_FLAGS
    out = np.zeros((2, 10), dtype=np.int64)
    _charcounts.char_counts(["a.", ""], flags, out)
    assert out[0].tolist() == [0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
    with pytest.raises(ValueError):
        _charcounts.char_counts(["a"], flags, out)
    with pytest.raises(ValueError):
        _charcounts.char_counts(["a", "b"], flags[:100], out)
    with pytest.raises(TypeError):
        _charcounts.char_counts(["a", b"b"], flags, out)
    with pytest.raises(TypeError):
        _charcounts.char_counts(["a", "b"], flags, out.astype(np.float64))


# Class/id names as sites write them, and the shapes the cut has to get right:
# camel humps, digit runs, doubled or trailing separators, compounds over 40
# characters, and strings the compiled scan leaves to the twin (not ASCII).
_NAMES = [
    "", " ", "a", "A", "aB", "ABC", "relatedPosts", "wp-block-group has-text-align-center",
    "post-1234 type-post status-publish", "a1b22c333", "0", "00-11", "a--b", "a-b--c",
    "x_-y", "-a-b-", "_a_", "aB1cD", "9aB", "a-0", "ab-0-cd", "tab\tnew\nline",
    "q" * 38 + "-b", "q" * 39 + "-b", "a" * 600 + "-b", "İstanbul-news", "post٣-x", "naïve-card",
]


_NAME_PIECES = [*"aZq09-_ .:İé٣", "Ab", "zY", "--", ""]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=24).map("".join))
def test_compiled_name_words_equal_the_regex_twin(raw: str) -> None:
    from newsclean.html import _nametokens, names

    got = _nametokens.name_tokens(raw)
    if raw.isascii():
        assert got == names._name_tokens(raw)
    else:
        assert got is None
    assert names.name_tokens(raw) == names._name_tokens(raw)


@pytest.mark.parametrize("raw", _NAMES)
def test_name_words_of_real_shapes(raw: str) -> None:
    from newsclean.html import names

    assert names.name_tokens(raw) == names._name_tokens(raw)


def test_name_words_say_what_the_names_are_made_of() -> None:
    from newsclean.html.names import name_tokens

    # a camel hump joins its words as a hyphen does
    assert name_tokens("entry-content relatedPosts") == (
        "entry-content", "related-posts", "entry", "content", "related", "posts")
    # digits fold to one 0; a long generated compound is cut into its parts only
    assert name_tokens("post-1234 css-" + "x" * 40) == ("post-0", "post", "css", "x" * 40)
    with pytest.raises(TypeError):
        from newsclean.html import _nametokens

        _nametokens.name_tokens(b"entry")  # type: ignore[arg-type]


def test_shipped_class_scores_of_real_names_are_the_python_sums_to_the_last_bit() -> None:
    # The compiled summaries feed the block model: a sum in another order
    # would move a block across a tree's split now and then.
    from newsclean.html.blockmodel import block_model

    table = block_model().tables.classes
    raws = [*_NAMES, "entry-content post-body", "sidebar widget_recent_entries",
            "td-post-content tagdiv-type", "article-body__content ArticleBody-articleBody",
            "Artikel-inhalt ´naïve", "x" * 5000 + " related-posts"]
    got = table.name_summaries(raws)
    want = np.array([table.name_summary_python(r) for r in raws])
    assert got.shape == (len(raws), 3)
    assert np.array_equal(got, want)
    # the shipped table knows these words: the test compares real sums
    assert np.count_nonzero(want[:, 0]) >= 5


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_PIECES), max_size=12).map("".join), max_size=8))
def test_compiled_class_scores_equal_the_python_twin(raws: list[str]) -> None:
    from newsclean.html.names import TokenTable

    # words the generated names are made of, with scores whose sums round
    table = TokenTable(("content",))
    for k, word in enumerate(["ab", "zy", "ab-zy", "zq", "aq", "0a", "ist", "ab-ab"]):
        table.scores[word] = np.array([(-1) ** k * (0.1 + k / 7)])
    want = np.array([table.name_summary_python(r) for r in raws]).reshape(-1, 3)
    assert np.array_equal(table.name_summaries(raws), want)


def test_compiled_class_scores_refuse_a_wrong_buffer() -> None:
    from newsclean.html import _nametokens

    with pytest.raises(ValueError, match="float64"):
        _nametokens.name_summaries(["a b"], {}, np.zeros((1, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="3 values"):
        _nametokens.name_summaries(["a b", "c"], {}, np.zeros((1, 3)))
    with pytest.raises(TypeError):
        _nametokens.name_summaries(["a", b"b"], {}, np.zeros((2, 3)))  # type: ignore[list-item]
    # a row of a string that is not ASCII is the caller's: its index comes back
    out = np.full((3, 3), 7.0)
    assert _nametokens.name_summaries(["ab", "naïve", " "], {"ab": 0.5}, out) == [1]
    assert out.tolist() == [[0.5, 0.5, 0.5], [7.0, 7.0, 7.0], [0.0, 0.0, 0.0]]


def _title_match_folding_all(texts: list[str], title: str | None) -> np.ndarray:
    # features._title_match without its filter: every block near the title's
    # length folded and compared.
    from newsclean.html.features import _title_scores
    from newsclean.text import fold

    ft = fold(title) if title else ""
    if not ft:
        return np.zeros(len(texts))
    near = [i for i, t in enumerate(texts) if len(t) <= 2 * len(title or "") + 40]
    return _title_scores(texts, near, ft)


_TITLE_WORDS = ["Storm", "storm", "hits", "HITS", "Coast", "coast's", "the", "_", "-", ":",
                "  ", "\t", "\n", "(2024)", "Ünïcode", "ｆｕｌｌ", "ß", "Menu", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_TITLE_WORDS), max_size=9).map(" ".join), max_size=8),
       st.lists(st.sampled_from(_TITLE_WORDS), max_size=7).map(" ".join))
def test_title_match_folds_only_the_blocks_that_can_match(texts: list[str], title: str) -> None:
    from newsclean.html.features import _title_match

    # the title, pieces of it and blocks holding it, beside the drawn blocks
    texts = [*texts, title, title.upper() + " - Site", f"x{title}x", title[3:],
             title[: len(title) // 2 + 6], title[len(title) // 3:].upper()]
    assert np.array_equal(_title_match(texts, title), _title_match_folding_all(texts, title))


def test_title_match_marks_the_title_and_the_blocks_holding_it() -> None:
    from newsclean.html.features import _title_match

    title = "Storm hits the coast: what we know"
    texts = ["Home", "STORM HITS THE COAST — What we know", "Storm hits the coast",
             "Live: storm hits the coast: what we know so far", "Weather", "what we know"]
    assert _title_match(texts, title).tolist() == [0.0, 2.0, 1.0, 1.0, 0.0, 1.0]


def test_character_counts_of_a_big_page_are_taken_in_pieces_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Counting a 15 MB page in one pass took 460 MB of working arrays; in pieces of
    # whole texts the counts must not change, whatever the cut points.
    from newsclean.html import features

    texts = ["Price: 12,50 €. Really?", "", "x" * 5000, "Ünïcödé — text.", "end!"] * 40
    whole = features._text_stats_numpy(texts)
    for chunk in (1, 7, 5000, 10**6):
        monkeypatch.setattr(features, "STATS_CHUNK_CHARS", chunk)
        pieces = features.text_stats_numpy(texts)
        assert pieces.keys() == whole.keys()
        for key in whole:
            assert np.array_equal(pieces[key], whole[key]), (chunk, key)
