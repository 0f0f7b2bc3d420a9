"""The compiled n-gram sums (clean/_ngramsums.c) give the numbers of the numpy
n-gram index they replace at run time, bit for bit: the line model's weight sums
and familiarity counts per line, and the wall scorer's scores, on text in many
scripts, with empty, long and astral-plane lines; a wrong call raises instead of
reading out of bounds."""

from __future__ import annotations

import numpy as np
import pytest

from newsclean.clean import wall
from newsclean.clean._ngramsums import line_sums, text_scores
from newsclean.clean.model import shipped_model
from newsclean.clean.ngrams import (
    BITS,
    ORDERS,
    familiarity,
    index_sums,
    ngram_index,
)
from newsclean.clean.shape import make_doc
from newsclean.text import normalise_lines

TEXTS = {
    "english page": ["Home", "News", "Share this article", "Subscribe to our newsletter",
                     "The minister said on Monday that the vote would go ahead as planned.",
                     "© 2024 Example Media. All rights reserved.", "Log in", "12:45 PM"],
    "many scripts": ["Последние новости", "ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ", "東京で会議が開かれた。",
                     "مرحبا بالعالم", "Ελληνικά νέα", "हिन्दी समाचार", "ภาษาไทย ข่าว"],
    "astral plane and marks": ["😀 emoji 🎉", "𝐁𝐨𝐥𝐝 text", "a", "|", "»", "x y"],
    "empty lines": ["first", "", "third line", "", ""],
    "one long line": ["word " * 3000, "short"],
    "digits and case": ["Share 12", "share 47", "SHARE 99", "2024-01-05"],
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_line_sums_are_the_index_sums(name: str) -> None:
    model = shipped_model()
    doc = make_doc(normalise_lines(TEXTS[name]))
    got = model.ngram.sums(doc, model.seen3)
    index = model.ngram.index(doc)
    want = index_sums(index, doc.n, model.ngram._q, model.seen3)
    for key in ("sums", "counts", "tri_total", "tri_hits"):
        assert np.array_equal(getattr(got, key), getattr(want, key)), key
    assert np.array_equal(model.ngram.logits_of(got), model.ngram.logits(doc, index))
    assert np.array_equal(got.familiarity(), familiarity(index, doc.n, model.seen3))


def test_line_sums_count_the_ngrams_of_each_line() -> None:
    # "ab" between breaks: 2 unigrams, 3 bigrams, 2 trigrams, 1 four-gram; the
    # empty line none
    doc = make_doc(["ab", "", "cd"])
    q = np.ones(1 << 20, dtype=np.int8)
    seen = np.zeros(1 << 20, dtype=bool)
    out = [np.zeros(3, dtype=np.int64) for _ in range(4)]
    line_sums(doc.fold, doc.starts, doc.ends, (1, 2, 3, 4), 20, q, seen, 3, *out)
    sums, counts, tri_total, tri_hits = (x.tolist() for x in out)
    assert counts == [8, 0, 8] and sums == counts
    assert tri_total == [2, 0, 2] and tri_hits == [0, 0, 0]
    assert ngram_index(doc, orders=(1, 2, 3, 4)).bucket.size == 16


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_wall_scores_are_the_index_scores(name: str) -> None:
    m = wall.model()
    for normalised in (False, True):
        texts = normalise_lines(TEXTS[name]) if normalised else TEXTS[name]
        got = wall.wall_scores(texts, normalised=normalised)
        assert np.array_equal(got, m.bias + wall._index_scores(texts, m, normalised))


def test_a_text_holding_the_separator_is_scored_as_one_text() -> None:
    texts = ["Subscribe now to read \x00 the full story today", "", "another line of words"]
    scores = wall.wall_scores(texts)
    assert scores.shape == (3,)
    assert wall.wall_lines(texts) == [bool(s >= wall.model().threshold) for s in scores]


def test_a_wrong_call_raises_instead_of_reading_out_of_bounds() -> None:
    doc = make_doc(["ab", "cd"])
    q = np.zeros(1 << BITS, dtype=np.int8)
    seen = np.zeros(1 << BITS, dtype=bool)

    def call(starts: np.ndarray, ends: np.ndarray, weights: np.ndarray = q,
             bits: int = BITS, orders: tuple[int, ...] = ORDERS) -> None:
        n = starts.size
        out = [np.zeros(n, dtype=np.int64) for _ in range(4)]
        line_sums(doc.fold, starts, ends, orders, bits, weights, seen, 3, *out)

    call(doc.starts, doc.ends)
    for starts, ends in (([0, 4], [2, 6]), ([1, 4], [2, 9]), ([1, 4], [2, 3])):
        with pytest.raises(ValueError):
            call(np.array(starts), np.array(ends))
    with pytest.raises(ValueError):
        call(doc.starts, doc.ends, weights=q[:100])
    with pytest.raises(ValueError):
        call(doc.starts, doc.ends, orders=(2, 1))
    with pytest.raises(TypeError):
        call(doc.starts, doc.ends, weights=q.astype(np.float64))
    out = np.zeros(1)
    codes = np.zeros(5, dtype=np.uint64)
    weights = np.zeros(1 << BITS)
    text_scores(codes, np.array([0]), np.array([3]), ORDERS, BITS, weights, out)
    with pytest.raises(ValueError):
        text_scores(codes, np.array([3]), np.array([3]), ORDERS, BITS, weights, out)
    with pytest.raises(ValueError):
        text_scores(codes, np.array([0]), np.array([3]), ORDERS, BITS, weights[:10], out)
