"""The compiled dedup features (dedup/_signature.c) are its numpy twin's to the
bit: the same tokens, XXH64 hashes, shingles, signature and keys, on real
article texts and on text built to trip a tokeniser."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.dedup._signature import features, xxh64
from newsclean.dedup.minhash import (
    NUM_PERM,
    PREFIX_TOKENS,
    SHINGLE,
    _params,
    dedup_features,
    dedup_features_numpy,
    minhash,
    minhash_signature,
    shingle_hashes,
    tokens,
)

ROOT = Path(__file__).resolve().parents[1]

# Characters a tokeniser can get wrong: case folding that changes length
# (ß, ﬁ, İ), digits of other scripts, superscripts, a Thai vowel mark and the
# katakana middle dot (in the no-space ranges but not word characters), kana,
# a Han character, astral letters and emoji, combining marks, a lone
# surrogate, NUL, underscores and line breaks.
TRICKY = ["a", "B", "_", ".", " ", "\n", "é", "ß", "İ", "ﬁ", "٣", "²", "Σ", "ς", "\u0e31",
          "ก", "\u30fb", "カ", "中", "\U0001f600", "\ud800", "\u0301", "\x00", "ǅ", "𝔸", "-"]


def article_texts() -> list[str]:
    articles = json.loads((ROOT / "sample/articles.json").read_text())
    return ["\n\n".join([a["title"], *a["paragraphs"]]) for a in articles]


def test_xxh64_is_the_published_hash_at_every_length() -> None:
    rng = random.Random(5)
    for length in range(101):
        for _ in range(4):
            data = bytes(rng.randrange(256) for _ in range(length))
            assert xxh64(data) == xxhash.xxh64_intdigest(data)
    big = bytes(rng.randrange(256) for _ in range(100_003))
    assert xxh64(big) == xxhash.xxh64_intdigest(big)


def test_real_articles_get_the_twins_features() -> None:
    texts = article_texts()
    assert len(texts) >= 6
    for text in texts:
        assert dedup_features(text) == dedup_features_numpy(text)
        # the article as a page's text repeats: many equal shingles
        assert dedup_features(text * 3) == dedup_features_numpy(text * 3)


def test_tricky_characters_tokenise_as_the_regex_does() -> None:
    rng = random.Random(11)
    for _ in range(1500):
        text = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 60)))
        assert dedup_features(text) == dedup_features_numpy(text), repr(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_the_twins_features(text: str) -> None:
    assert dedup_features(text) == dedup_features_numpy(text)


def test_texts_of_every_storage_width_agree() -> None:
    # Python stores a text in 1, 2 or 4 bytes a character by its widest one
    base = "Die Stadt baut die alte Hafenbrücke bis zum Frühjahr neu auf"
    for widest in ("", "\u0101", "\u4e2d", "\U0001f600", "\U00010400"):
        text = f"{base} {widest} {base.upper()}"
        assert dedup_features(text) == dedup_features_numpy(text)


def test_empty_short_and_wordless_texts() -> None:
    for text in ("", " \n ", "...", "word", "two words", "a b c d", "a b c d e", "a b c d e f"):
        got = dedup_features(text)
        assert got == dedup_features_numpy(text)
        assert got.n_tokens == len(tokens(text))
    empty = np.frombuffer(dedup_features("").signature, "<u4")
    assert (empty == 0xFFFFFFFF).all()


def test_signature_and_prefix_key_follow_their_definitions() -> None:
    text = article_texts()[0]
    toks = tokens(text)
    f = dedup_features(text)
    assert np.array_equal(np.frombuffer(f.signature, "<u4"), minhash(shingle_hashes(toks)))
    assert np.array_equal(minhash_signature(text), minhash(shingle_hashes(toks)))
    prefix = " ".join(toks[:PREFIX_TOKENS]).encode()
    assert f.prefix_key == xxhash.xxh64_intdigest(prefix) - (1 << 63)
    assert f.n_shingles == shingle_hashes(toks).size


def test_a_long_text_in_every_script_width() -> None:
    words = [f"wort{i % 5000}" for i in range(200_000)]
    text = " ".join(words) + " 東京大学"
    assert dedup_features(text) == dedup_features_numpy(text)


def test_bad_arguments_raise() -> None:
    a, b = _params(NUM_PERM)
    with pytest.raises(ValueError):
        features("text", SHINGLE, PREFIX_TOKENS, a.ravel(), b.ravel()[:5])
    with pytest.raises(ValueError):
        features("text", 0, PREFIX_TOKENS, a.ravel(), b.ravel())
    with pytest.raises(TypeError):
        features("text", SHINGLE, PREFIX_TOKENS, a.ravel().astype(np.float64), b.ravel())
    with pytest.raises(TypeError):
        features(b"bytes", SHINGLE, PREFIX_TOKENS, a.ravel(), b.ravel())  # type: ignore[arg-type]
