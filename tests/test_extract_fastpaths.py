"""The speed-ups of extraction give exactly the answers of the plain definitions:
class/id verdicts judged in batches over an Aho-Corasick automaton, verdicts and
sums over the page's node arrays one depth level at a time, cached ancestor
chains, the language sample, and the reading of the tables the fast paths are
built from."""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import re
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import numpy as np
import pytest
from html_pages import verdicts
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html import dom
from newsclean.html._charcounts import known_runs, letter_runs, vocab_pack
from newsclean.html._levels import levels_pass
from newsclean.html.article import LANGUAGE_SAMPLE, language_sample
from newsclean.html.chrome_words import WordStarts, alternatives, by_first_char
from newsclean.html.content import Block, Elements, collect_blocks
from newsclean.html.dom import (
    _PAYWALL,
    _VERDICTS_MAX,
    _judge_one,
    _names,
    chrome_rules,
    clear_name_cache,
    name_judgements,
    name_verdicts,
    parse_html,
)
from newsclean.html.features import (
    _TEXT_WORD,
    MAX_WORD_CHARS,
    page_token_features,
    page_word_scores,
    page_words,
    page_words_numpy,
    word_share,
)
from newsclean.html.names import TokenTable
from newsclean.html.nodes import (
    MAX,
    MIN,
    NEAREST,
    OR,
    SUM,
    PageTree,
    levels_pass_numpy,
    page_tree,
)
from newsclean.text import char_table

_TEXT = (
    "The harbour authority said on Monday that the new ferry terminal will finally open "
    "to passengers in early autumn, after two years of disputes over its funding."
)


def _table_words() -> list[str]:
    raw = json.loads(
        resources.files("newsclean.html").joinpath("data/chrome.json").read_text("utf-8")
    )
    pats = [p for p, _ in raw["class_id"]] + [raw["paywall_markup"], raw["content_guard"]]
    return [w for p in pats for _, w in alternatives(p) or []]


_WORDS = _table_words()
_PIECES = [*_WORDS, "x", "a", "on", "More", "Post", "trust", "Foo", "İ", "é", "1"]
_SEPS = ["", "", "-", " ", "_", "\n", "X", "\t"]


def _reference(raw: str) -> str | None:
    # The definition: the whole family alternation scanned left to right.
    slow = dataclasses.replace(chrome_rules(), word_starts=None)
    return _judge_one(_names(raw), slow)


# --- the table-word helpers -----------------------------------------------------------


def test_alternatives_keep_lookarounds_and_read_the_word() -> None:
    assert alternatives(r"ad(?![a-z])|nav\-|menu") == [
        ("ad(?![a-z])", "ad"),
        (r"nav\-", "nav-"),
        ("menu", "menu"),
    ]


def test_alternatives_refuse_anything_but_words() -> None:
    assert alternatives("ad+s|menu") is None
    assert alternatives("(?:ad|ads)") is None
    assert alternatives("a.b") is None


def test_word_starts_finds_the_shortest_word_at_each_word_start() -> None:
    words = ["ad", "ads", "advert", "nav", "nav-", "menu"]
    starts = WordStarts(words)
    text = "\nads-bar x-navbar\nmenu-item headline padding\nadvert"
    # "padding" holds "ad" but not at a word start; "x-navbar" has one after "-".
    assert starts.find(text) == [(1, "ad"), (11, "nav"), (18, "menu"), (45, "ad")]
    for s in ["ad", "adx", "advert", "nav", "navbar", "menu-item", "men", "a", "", "xad"]:
        expected = any(s.startswith(w) for w in words)
        assert bool(starts.find(" " + s) and starts.find(" " + s)[0][0] == 1) == expected, s


def test_by_first_char_keeps_branch_order_and_group_names() -> None:
    groups: list[tuple[str | None, list[tuple[str, str]]]] = [
        ("f0", [("ab", "ab"), ("cd", "cd")]),
        ("f1", [("a(?!x)", "a")]),
    ]
    per_char = by_first_char(groups)
    assert per_char == {"a": "(?P<f0>ab)|(?P<f1>a(?!x))", "c": "(?P<f0>cd)"}


# --- class/id verdicts -----------------------------------------------------------------


# class/id strings made of table words and separators, as pieces to join
_CLASS_STRINGS = st.lists(
    st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), max_size=6),
    min_size=1,
    max_size=12,
)


def test_the_table_compiles_to_the_fast_path() -> None:
    # If a table entry stops being plain words the verdicts silently fall back
    # to the slow scan; this keeps the shipped table on the fast one.
    assert chrome_rules().word_starts is not None


@settings(max_examples=400, deadline=None)
@given(_CLASS_STRINGS)
def test_batch_verdicts_equal_the_one_string_definition(
    strings: list[list[tuple[str, str]]],
) -> None:
    raws = ["".join(p + s for p, s in parts) for parts in strings]
    clear_name_cache()
    assert name_verdicts(raws) == [_reference(r) for r in raws]


@settings(max_examples=400, deadline=None)
@given(_CLASS_STRINGS)
def test_the_guard_judged_with_the_verdict_is_the_lower_cased_string_s(
    strings: list[list[tuple[str, str]]],
) -> None:
    # The content_guard feature reads the string lower-cased, without the
    # camelCase word starts the verdict reads.
    raws = ["".join(p + s for p, s in parts) for parts in strings]
    raws += ["mainContent", "MainContent", "ENTRY-CONTENT", "article-body", "relatedPosts"]
    guard = chrome_rules().content_guard
    clear_name_cache()
    got = name_judgements(raws)
    assert [v for v, _ in got] == [_reference(r) for r in raws]
    assert [g for _, g in got] == [guard.search(r.lower()) is not None for r in raws]


def test_each_table_word_alone_gets_its_verdict() -> None:
    clear_name_cache()
    for word in _WORDS:
        for raw in (word, f"x {word}", f"{word}-x", word.upper()):
            assert name_verdicts([raw, "plain"]) == [_reference(raw), None], raw


def test_a_full_cache_never_loses_a_verdict() -> None:
    # More distinct class strings than the cache holds, in one call and across
    # calls: the cache is cleared on the way, the answers stay whole.
    clear_name_cache()
    many = [f"box-{i} share-{i}" for i in range(_VERDICTS_MAX + 10)]
    assert set(name_verdicts(many)) == {"share"}
    assert name_verdicts(["paywall", *many[:5]]) == [_PAYWALL] + ["share"] * 5


def test_verdicts_are_safe_under_threads() -> None:
    clear_name_cache()
    names = [f"related-{i}" for i in range(4000)]

    def work(k: int) -> list[str | None]:
        return name_verdicts(names[k::3] + ["plain", "nav-menu"])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(24)))
    assert all(r[-2:] == [None, "navigation"] for r in results)
    assert all(set(r[:-2]) == {"related"} for r in results)


def test_verdicts_of_known_names() -> None:
    clear_name_cache()
    got = name_verdicts(
        ["share-bar", "relatedPosts", "article-body comments", "paywall", "heading", "ad"]
    )
    assert got == ["share", "related", None, _PAYWALL, None, "advertisement"]


def test_a_newline_inside_a_class_string_is_a_word_boundary_as_before() -> None:
    clear_name_cache()
    raws = ["post\nnav", "x\nmenu", "\n", "", "ad\n", "comment\narticle-body"]
    assert name_verdicts(raws) == [_reference(r) for r in raws]


def test_the_verdict_cache_is_bounded(monkeypatch: object) -> None:
    clear_name_cache()
    monkeypatch.setattr(dom, "_VERDICTS_MAX", 4)  # type: ignore[attr-defined]
    name_verdicts(["a", "b", "c"])
    name_verdicts(["menu", "nav", "share"])
    assert len(dom._VERDICTS) <= 4
    assert name_verdicts(["menu"]) == ["navigation"]


# --- the page as arrays -------------------------------------------------------------


def test_chrome_inside_chrome_takes_the_nearest_verdict() -> None:
    html = (
        f"<html><body><article><p>{_TEXT}</p><p>{_TEXT}</p></article>"
        '<div class="sidebar"><div class="share">Share on X</div><p>Most read today</p></div>'
        '<div class="newsletter">Sign up for our newsletter</div></body></html>'
    )
    got = verdicts(html)
    assert got["Share on X"] == "share"
    assert got["Most read today"] == "related"
    assert got["Sign up for our newsletter"] == "newsletter"
    assert got[_TEXT] == ""


def test_a_content_container_name_guards_against_its_chrome_words() -> None:
    html = '<html><body><div class="entry-content comments-open"><p>words</p></div></body></html>'
    pt = page_tree(parse_html(html))
    assert pt is not None
    div = pt.block_node[0]
    assert bool(pt.guard[pt.parent[div]]) and pt.own_verdict[pt.parent[div]] == 0


def test_paywall_markup_is_its_own_verdict() -> None:
    html = (
        f"<html><body><article><p>{_TEXT}</p>"
        '<div class="paywall-box">Subscribe to keep reading</div></article></body></html>'
    )
    assert verdicts(html)["Subscribe to keep reading"] == "paywall"


def test_silent_tags_nested_in_each_other_are_all_removed_and_noscript_kept() -> None:
    html = (
        "<html><body><noscript><iframe src=x></iframe>Please enable JavaScript</noscript>"
        "<button><svg><title>icon</title></svg>Menu</button>"
        f"<p>{_TEXT}</p></body></html>"
    )
    pt = page_tree(parse_html(html))
    assert pt is not None
    assert pt.noscript_text == "Please enable JavaScript"
    assert [b.text for b in pt.blocks] == ["Please enable JavaScript", _TEXT]


def test_hidden_selector_applies_to_an_element_with_other_attributes_too() -> None:
    html = (
        f"<html><body><p>{_TEXT}</p>"
        '<div role="navigation" style="color:red" data-x="1">Home World</div>'
        '<div style="display:none" data-y="2">Hidden teaser</div></body></html>'
    )
    got = verdicts(html)
    assert got["Home World"] == "navigation" and got["Hidden teaser"] == "hidden"


# --- content blocks --------------------------------------------------------------------


def _blocks(inner: str) -> list[Block]:
    tree = parse_html(f"<html><body>{inner}</body></html>")
    assert tree.body is not None
    return collect_blocks(tree.body)


def test_a_paragraph_in_a_blockquote_up_to_six_levels_up_is_a_quote() -> None:
    near = "<blockquote>" + "<div>" * 5 + "<p>Quoted words</p>" + "</div>" * 5 + "</blockquote>"
    far = "<blockquote>" + "<div>" * 6 + "<p>Far words</p>" + "</div>" * 6 + "</blockquote>"
    assert [b.kind for b in _blocks(near)] == ["quote"]
    assert [b.kind for b in _blocks(far)] == ["p"]


def test_blocks_point_into_their_elements_indexed_parents_first() -> None:
    tree = parse_html(
        "<html><body><div><section><p>One</p><p>Two</p></section><p>Three</p></div>"
        "<a href='/x'><h3>Linked headline</h3></a></body></html>"
    )
    assert tree.body is not None
    els = Elements(tree.body)
    one, two, three, linked = collect_blocks(tree.body, elements=els)
    parent, tags = els.parent, els.tags
    assert len({one.node, two.node, three.node}) == 3
    assert parent[one.node] == parent[two.node]
    section = parent[one.node]
    assert parent[three.node] == parent[section]
    assert [tags[k] for k in (one.node, section, parent[section])] == ["p", "section", "div"]
    # Each element once, after its parent: the layout page_tree turns into arrays.
    assert all(parent[k] < k for k in range(1, len(els)))
    assert tags[0] == "body" and parent[0] == -1
    assert els.has_tag_above(linked.node, "a", 3) and linked.link_density == 1.0
    assert not els.has_tag_above(one.node, "a", 3)


# --- language sample -------------------------------------------------------------------


@given(st.lists(st.text(min_size=1, max_size=400), max_size=8))
def test_language_sample_is_the_start_of_the_joined_text(texts: list[str]) -> None:
    blocks = [Block("p", t, 0, 0) for t in texts]
    assert language_sample(blocks) == " ".join(texts)[:LANGUAGE_SAMPLE]


# --- headline selectors ----------------------------------------------------------------

_H1_PAGE = (
    "<html><body><header><h1 class='Site-TITLE'>Harbour Post</h1></header>"
    "<main><article><div><h1 class='entry-title'>Ferry terminal opens</h1></div></article>"
    "<h1 class='HeadLine x'>Second</h1></main><h1>Plain</h1><h1 class='tİtle'>Dotted</h1>"
    "<section><h1 class=''>Empty class</h1></section></body></html>"
)


def test_h1_selectors_filtered_in_python_equal_lexbor() -> None:
    from newsclean.metadata.tables import tables
    from newsclean.metadata.title import _h1_filter

    tree = parse_html(_H1_PAGE)
    h1s = tree.css("h1")
    selectors = [
        *tables().headline_sel,
        "section h1",
        "header h1",
        "h1[class*=title i]",
        "h1[class*=x i]",
    ]
    tested = 0
    for sel in selectors:
        keep = _h1_filter(sel)
        if keep is None:
            continue
        tested += 1
        assert [n.mem_id for n in h1s if keep(n)] == [n.mem_id for n in tree.css(sel)], sel
    assert tested >= 6


def test_other_selectors_are_left_to_lexbor() -> None:
    from newsclean.metadata.title import _h1_filter

    for sel in ("[itemprop=headline]", "h2", "article > h1", "h1.title", "h1[class*=title]"):
        assert _h1_filter(sel) is None


def test_declarations_read_in_one_query_equal_one_query_each() -> None:
    from newsclean.metadata.page import _DECLARATIONS, _declarations

    html = (
        "<html><head><title>Ferry | Harbour Post</title><meta property='og:title' content='F'>"
        "<base href='/x/'><link rel='canonical' href='/a'><link href='/nohref-rel'>"
        "<script type='application/ld+json'>{}</script></head><body>"
        "<svg><title>icon</title><script>1</script></svg><meta itemprop='author' content='A'>"
        "<base><link rel='author' href='/b'></body></html>"
    )
    tree = parse_html(html)
    found = _declarations(tree)
    for tag, selector in _DECLARATIONS.items():
        assert [n.mem_id for n in found[tag]] == [n.mem_id for n in tree.css(selector)], tag
    assert len(found["title"]) == 2 and len(found["link"]) == 2 and len(found["base"]) == 1


def _byline_words() -> list[str]:
    raw = json.loads(
        resources.files("newsclean.metadata")
        .joinpath("data/authors.json")
        .read_text("utf-8")
    )
    return [*raw["prefixes"], *raw["particle_prefixes"], *raw["colon_prefixes"]]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_byline_words(), "Ann", "Lee", ":", " ", "/", "：", "x"]),
        max_size=5,
    )
)
def test_one_byline_start_regex_equals_the_two(parts: list[str]) -> None:
    from newsclean.metadata.tables import tables

    t = tables()
    text = "".join(parts) + " "
    both = t.prefix_re.match(text) or t.particle_re.match(text)
    assert bool(t.byline_start_re.match(text)) == bool(both)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abAB .ſK\u212a", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text("abAB .ſK\u212ax", max_size=6),
)
def test_prefix_tree_matches_what_the_alternation_matches(words: list[str], text: str) -> None:
    import re

    from newsclean.metadata.tables import alternation, prefix_tree

    for flags in (0, re.IGNORECASE):
        flat = re.compile(rf"^(?:{alternation(words)})(?:\s|$)", flags)
        tree = re.compile(rf"^(?:{prefix_tree(words)})(?:\s|$)", flags)
        assert bool(tree.match(text)) == bool(flat.match(text))


@settings(max_examples=500, deadline=None)
@given(st.text("012589 x٣", max_size=40))
def test_year_starts_are_where_year_matches(text: str) -> None:
    from newsclean.metadata.dateparse import YEAR, year_starts

    assert sorted(year_starts(text)) == [m.start() for m in YEAR.finditer(text)]


def _random_tree(parents: list[int]) -> tuple[PageTree, list[list[int]]]:
    # Node k+1 hangs under a node numbered at most k; node 0 is the root.
    parent = np.array([-1, *(min(p, k) for k, p in enumerate(parents))], dtype=np.int64)
    depth = np.zeros(parent.size, dtype=np.int64)
    for i in range(1, parent.size):
        depth[i] = depth[parent[i]] + 1
    chains = []
    for i in range(parent.size):
        chain = [i]
        while parent[chain[-1]] >= 0:
            chain.append(int(parent[chain[-1]]))
        chains.append(chain)
    zeros = np.zeros(parent.size, dtype=np.int64)
    pt = PageTree([], np.zeros(0, dtype=np.int64), parent, depth, [], [], zeros,
                  zeros.astype(bool), zeros, zeros.astype(bool))  # fmt: skip
    return pt, chains


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=30),
    st.lists(st.integers(0, 50), min_size=31, max_size=31),
)
def test_array_walks_equal_walking_each_node_up(parents: list[int], values: list[int]) -> None:
    pt, chains = _random_tree(parents)
    own = np.array(values[: pt.n_nodes], dtype=np.int64)
    sums = pt.subtree_sum(own.astype(float))
    for node in range(pt.n_nodes):
        below = [m for m, chain in enumerate(chains) if node in chain]
        assert sums[node] == sum(values[m] for m in below)
    assert list(pt.inherit_max(own)) == [max(own[c] for c in ch) for ch in chains]
    assert list(pt.inherit_or(own)) == [
        functools.reduce(operator.or_, (int(own[c]) for c in ch)) for ch in chains
    ]
    sparse = np.where(own % 3 == 0, own, 0)
    assert list(pt.nearest(sparse)) == [
        next((int(sparse[c]) for c in ch if sparse[c]), 0) for ch in chains
    ]


_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.1, 1e300]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=30),
    st.lists(st.integers(-(2**40), 2**40), min_size=31, max_size=31),
    st.lists(_FLOATS, min_size=31, max_size=31),
)
def test_compiled_level_passes_equal_the_numpy_twin(
    parents: list[int], ints: list[int], floats: list[float]
) -> None:
    pt, _ = _random_tree(parents)
    order, bounds = pt.walk_order()
    levels = pt.by_depth()
    n = pt.n_nodes
    small = np.array(ints[:n], dtype=np.int64) % 4  # NEAREST meets zeros
    for values in (np.array(ints[:n], dtype=np.int64), small, np.array(floats[:n])):
        for down, ops in ((True, (MAX, OR, NEAREST, SUM, MIN)), (False, (SUM, MIN, MAX))):
            for op in ops:
                if op == OR and values.dtype.kind == "f":
                    continue
                want, got = values.copy(), values.copy()
                with np.errstate(all="ignore"):
                    levels_pass_numpy(op, down, pt.parent, levels, want)
                    levels_pass(op, down, pt.parent, order, bounds, got)
                if values.dtype.kind == "f" and op in (MAX, MIN):
                    # numpy may take either zero of 0.0 and -0.0: equal values
                    assert np.array_equal(got, want, equal_nan=True)
                else:
                    assert got.tobytes() == want.tobytes()


def test_compiled_level_passes_refuse_damaged_trees() -> None:
    parent = np.array([-1, 0, 1], dtype=np.int64)
    order = np.array([0, 1, 2], dtype=np.int64)
    bounds = np.array([0, 1, 2, 3], dtype=np.int64)
    values = np.zeros(3, dtype=np.int64)
    levels_pass(SUM, False, parent, order, bounds, values)
    damaged = [
        (np.array([-1, 0, 5], dtype=np.int64), order, bounds, values),
        (np.array([-1, -1, 1], dtype=np.int64), order, bounds, values),
        (parent, np.array([0, 1, 3], dtype=np.int64), bounds, values),
        (parent, order, np.array([0, 1, 4, 3], dtype=np.int64), values),
        (parent, order, np.array([0, 2, 1, 3], dtype=np.int64), values),
        (parent, order, bounds, np.zeros(2, dtype=np.int64)),
    ]
    for args in damaged:
        with pytest.raises(ValueError):
            levels_pass(MAX, True, *args)
    with pytest.raises(ValueError):
        levels_pass(OR, True, parent, order, bounds, np.zeros(3))
    with pytest.raises(ValueError):
        levels_pass(7, True, parent, order, bounds, values)
    with pytest.raises(TypeError):
        levels_pass(MAX, True, parent, order, bounds, np.zeros(3, dtype=np.int32))


# --- the page's words ----------------------------------------------------------------


def _words_reference(texts: list[str]) -> list[str]:
    # The definition: the regex's runs of letters over the lower-cased text.
    joined = "\n".join(texts)[:MAX_WORD_CHARS].lower()
    return list(dict.fromkeys(_TEXT_WORD.findall(joined)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8))
def test_page_words_are_the_regex_s_runs_of_letters(texts: list[str]) -> None:
    want = _words_reference(texts)
    assert page_words(texts) == want
    assert page_words_numpy(texts) == want


def test_page_words_of_mixed_scripts_digits_and_astral_characters() -> None:
    cases = [
        [],
        [""],
        ["a", "b c"],
        ["İstanbul ŞEHİR", "naïve café 2nd under_score x²y ½ Ⅻ"],
        ["日本語のテキスト", "Ελληνικά κείμενα", "текст"],
        ["𝐁𝐨𝐥𝐝 text", "emoji 😀 here"],
        ["x" * (MAX_WORD_CHARS + 5), "tail words"],
    ]
    for texts in cases:
        assert page_words(texts) == _words_reference(texts), texts
        assert page_words_numpy(texts) == _words_reference(texts), texts


def test_compiled_letter_runs_refuse_a_bad_table() -> None:
    letters = char_table(r"[^\W\d_]")
    assert letter_runs("ab c de", letters) == ["ab", "de"]
    assert letter_runs("ab \U0001f600", letters) is None
    with pytest.raises(ValueError):
        letter_runs("ab", letters[:100])
    with pytest.raises(TypeError):
        letter_runs("ab", letters.astype(np.int64))



def _table(words: list[str]) -> TokenTable:
    # Scores that tell the rows apart: a row's sum says which words were found.
    return TokenTable.from_dict({
        "columns": ["a", "b"],
        "tokens": {w: [float(k + 1), -0.5 * k] for k, w in enumerate(words)},
    })


_VOCAB_WORDS = ["said", "reply", "ответ", "日本語のテキスト", "naïve", "cart", "ab"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("saidreplyкотвеabnïvc 1_\n😀日本語")),
                        max_size=40), max_size=8),
       st.lists(st.text(min_size=1, max_size=6), max_size=20, unique=True))
def test_the_compiled_word_lookup_is_the_table_s_lookup_of_the_page_words(
        texts: list[str], extra: list[str]) -> None:
    table = _table(list(dict.fromkeys(_VOCAB_WORDS + extra)))
    letters = char_table(r"[^\W\d_]")
    joined = "\n".join(texts)[:MAX_WORD_CHARS].lower()
    assert np.array_equal(table.rows_summary(table.text_rows(joined, letters)),
                          table.summary(page_words(texts)))
    assert np.array_equal(page_word_scores(texts, table)[0],
                          page_token_features(page_words(texts), table))
    words = page_words(texts)
    assert page_word_scores(texts, table)[1] == word_share(
        sum(w in table.scores for w in words), len(words))


def test_known_runs_report_each_known_word_once_in_order_of_first_use() -> None:
    letters = char_table(r"[^\W\d_]")
    bold = "\U0001d401\U0001d428\U0001d425\U0001d41d"  # "Bold" in mathematical bold letters
    vocab = vocab_pack(["cart", "said", "x", "ответ", "a\U0001f600b", bold])
    assert known_runs("said cart, said x cartx ответ", letters, vocab) == [1, 0, 3]
    assert known_runs("", letters, vocab) == []
    # past the BMP as in it: letters join a run, an emoji ends one
    assert known_runs(f"a\U0001f600b {bold}! said", letters, vocab) == [5, 1]


def test_known_runs_read_letters_past_the_bmp_as_the_regex_does() -> None:
    # Every character past the BMP between two letters: one run (found as its
    # word) exactly when the regex's class takes the character for a letter.
    letters = char_table(r"[^\W\d_]")
    astral = "".join(map(chr, range(0x10000, 0x110000)))
    marked = re.sub(r"[^\W\d_]", "\x01", astral)
    words = [f"a{c}b" for c in astral]
    found = known_runs(" ".join(words), letters, vocab_pack(words))
    assert found == [k for k, m in enumerate(marked) if m == "\x01"]


def test_a_vocabulary_pack_refuses_twins_and_damage() -> None:
    letters = char_table(r"[^\W\d_]")
    with pytest.raises(ValueError):
        vocab_pack(["said", "cart", "said"])
    with pytest.raises(TypeError):
        vocab_pack(["said", 3])  # type: ignore[list-item]
    good = vocab_pack([f"w{k}ord" for k in range(50)] + ["said"])
    assert known_runs("said it", letters, good) == [50]
    rng = np.random.default_rng(0)
    damaged = [b"", good[:5], good[:-1], good[:40]]
    for _ in range(200):
        raw = bytearray(good)
        for at in rng.integers(0, len(raw), size=4):
            raw[int(at)] = int(rng.integers(0, 256))
        damaged.append(bytes(raw))
    for pack in damaged:
        # an error or an answer, never a read out of bounds or an endless probe
        try:
            found = known_runs("said wword w3ord " * 3, letters, pack)
        except ValueError:
            continue
        assert found is None or all(isinstance(k, int) for k in found)
    with pytest.raises(ValueError):
        known_runs("said", letters[:100], good)


# --- the page's UTF-8 bytes ------------------------------------------------------------


def test_the_parser_given_the_utf8_bytes_builds_the_tree_of_the_text() -> None:
    html = "<html><body><p>Grüße aus Köln — 東京 😀</p><div><p>x</p></div></body></html>"
    given = parse_html(html, utf8=html.encode("utf-8"))
    assert given.html == parse_html(html).html
    # too deep: the flattened text is parsed, not the bytes of the original
    deep = "<div>" * 40 + "Grüße" + "</div>" * 40
    flat = parse_html(deep, max_depth=10, utf8=deep.encode("utf-8"))
    assert flat.html == parse_html(deep, max_depth=10).html


def test_a_page_with_a_lone_surrogate_is_extracted_from_its_repaired_text() -> None:
    import newsclean

    html = f"<html><body><article><p>{_TEXT} \ud800 {_TEXT}</p></article></body></html>"
    art = newsclean.extract(html)
    assert "\ud800" not in art.text
    assert art.text == newsclean.extract(html.replace("\ud800", "\ufffd")).text


# --- page markers from the metadata reader's elements -----------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<title>A title</title><meta property="og:type" content="article">',
        '<script type="Application/LD+JSON">{"@type": "NewsArticle", "headline": "x"}</script>'
        '<script type="application/ld+json ">{"@type": "Recipe"}</script>'
        '<script type="text/javascript">var x = {"@type": "Event"};</script>',
        '<meta property="OG:TYPE" content="a"><meta property="og:type " content="b">'
        '<meta PROPERTY="og:type" content="c"><meta property="og:type" content="d">',
        '<meta name="description" content="d"><meta itemprop="name" content="">'
        "<title></title><title>second</title>",
    ],
)
def test_page_signals_from_the_declared_elements_equal_their_own_queries(head: str) -> None:
    from newsclean.html.signals import page_signals
    from newsclean.metadata.page import read_page

    html = (
        f"<html><head>{head}</head><body><svg><title>icon</title></svg>"
        '<script type="application/ld+json">{"@type": "Person", "name": "A"}</script>'
        f"<p>{_TEXT}</p></body></html>"
    )
    tree = parse_html(html)
    found = read_page(tree, "https://example.com/a/b").found
    assert found is not None
    url = "https://example.com/a/b"
    assert page_signals(tree, url, found) == page_signals(tree, url)


# --- folding a page's blocks at once ---------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_non_word_runs_spaced_with_numpy_equal_the_regex(text: str) -> None:
    from newsclean.text import _NON_WORD_LINE, _spaced_non_words

    assert _spaced_non_words(text) == _NON_WORD_LINE.sub(" ", text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_fold_all_is_fold_of_each(texts: list[str]) -> None:
    from newsclean.text import fold, fold_all

    texts = [t.replace("\n", " ") for t in texts]
    assert fold_all(texts) == [fold(t) for t in texts]


def test_fold_all_of_mixed_scripts_and_astral_characters() -> None:
    from newsclean.text import fold, fold_all

    texts = ["Hello, World!", "İstanbul — ŞEHİR…", "日本語、テキスト。", "𝐁𝐨𝐥𝐝 😀 x", "a_b--c", ""]
    assert fold_all(texts) == [fold(t) for t in texts]



_SPACES_AND_MARKS = list(" \n\r\t\x0b\x0c\x1c\x85\u00a0\u2028\u2029\u3000\u200b\u00ad"
                         "\u0627\u064b\u2019\u0301\ufb01\u2026\u1680") + list("aZé1_-")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40),
                          st.text(alphabet=st.sampled_from(_SPACES_AND_MARKS), max_size=40)),
                max_size=8))
def test_normalise_all_is_normalise_of_each(texts: list[str]) -> None:
    from newsclean.clean.phrases import normalise, normalise_all

    assert normalise_all(texts) == [normalise(t) for t in texts]
    assert normalise_all([]) == []


# --- whether any author selector matches ------------------------------------------------


def test_existence_selectors_drop_only_what_another_answers_for() -> None:
    from newsclean.metadata.tables import existence_selectors

    assert existence_selectors(
        [
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]",
            "[class*=byline i] a[href*=author i]",
            "[class*=Author i]",
            "[class*=author i]",
            "[class*=author-name i]",
            "address.author",
            "div.writer",
            "x > y",
            "p + [class*=byline i]",
            "[class*=byline i]",
        ]
    ) == ["[itemprop=author]", "[class*=Author i]", "div.writer", "x > y", "[class*=byline i]"]


@pytest.mark.parametrize(
    "body",
    [
        "<p>no markup</p>",
        '<div class="ByLine">By <a href="/x/AUTHOR/y">Ann</a></div>',
        '<address class="author">Ann</address>',
        '<span class="post-authorName">Ann</span>',
        '<div itemprop="author"><span itemprop="name">Ann</span></div>',
        '<a rel="author" href="/a">Ann</a>',
        '<a href="/Author/ann">Ann</a>',
        '<div data-testid="story-byline">Ann</div>',
        '<p class="submitted">Submitted by Ann</p>',
        '<div class="AUTHOR">x</div>',
    ],
)
def test_the_author_existence_query_answers_as_the_full_list(body: str) -> None:
    from newsclean.metadata.tables import tables

    tree = parse_html(f"<html><body>{body}</body></html>")
    every = ", ".join(sel for sel, _ in tables().author_sel)
    assert (tree.css_first(tables().author_any) is None) == (tree.css_first(every) is None)


# --- share bars -------------------------------------------------------------------------


def _share_bar_reference(norm: str) -> bool:
    from newsclean.clean.phrases import SHARE_BAR_CHARS, _platforms

    if len(norm) > SHARE_BAR_CHARS:
        return False
    # a one-letter name (X) counts only in capitals
    hits = [h for h in _platforms().findall(norm) if len(h) > 1 or h.isupper()]
    if len(hits) < 2:
        return False
    rest = _platforms().sub(" ", norm).split()
    return len([w for w in rest if any(c.isalnum() for c in w)]) <= 2 * len(hits)


_SHARE_PIECES = ["Facebook", "TWITTER", "x", "X", "Share", "on", "via", "E-Mail", "email",
                 "WhatsApp", "linkedin.com", "maxim", "vk", "QQ", "sms", "ſms", "fı", "شارك",
                 "فيس بوك", "1", "|", "·"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SHARE_PIECES), max_size=10), st.sampled_from([" ", "", " | "]))
def test_share_bar_shortcut_answers_as_the_full_search(words: list[str], sep: str) -> None:
    from newsclean.clean.phrases import share_bar

    line = sep.join(words)
    assert share_bar(line) == _share_bar_reference(line)


# --- the depth estimate's tokens --------------------------------------------------------

_DEPTH_PIECES = ["<", "</", "<br", "<BR", "</br>", "<brx", "<br-x", "<p", "<pre", "</p>", "<div",
                 "</div>", "<a", "</a>", ">", " ", "x", "-", "/", "<!--", "<1", "<li", "<link",
                 "<tbody", "<t", "<DIV", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_DEPTH_PIECES), max_size=30))
def test_depth_tokens_are_the_start_and_end_tags_that_nest(pieces: list[str]) -> None:
    import re

    names = dom._by_first_letter(f"{dom._VOID}|{dom._AUTOCLOSE}")
    reference = re.compile(rf"(</?)(?!(?:{names})(?![\w-]))[a-zA-Z][\w-]*", re.ASCII)
    html = "".join(pieces)
    assert dom._DEPTH_TOKEN.findall(html) == reference.findall(html)


@pytest.mark.parametrize("char_class", [r"\w", r"[^\W\d_]"])
def test_a_character_table_is_what_the_regex_engine_matches(char_class: str) -> None:
    # the word characters of fold_all and the letters of page_words
    import re

    table = char_table(char_class)
    assert table.shape == (0x10000,)
    assert [i for i in range(0x10000) if table[i]] == [
        m.start() for m in re.finditer(char_class, "".join(map(chr, range(0x10000))))
    ]
