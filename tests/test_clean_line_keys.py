"""The compiled line keys (clean/_linekeys.c) are the Python definitions'
(boilerplate.normalize_line, line_key, is_sentence) to the bit: boilerplate
tables saved by one run are read by later ones, so a key never changes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.clean._linekeys import line_rows
from newsclean.clean.boilerplate import is_sentence, line_key, line_keys, normalize_line

ROOT = Path(__file__).resolve().parents[1]

# Folding that changes length (ß, ﬁ, İ), digits of other scripts (Arabic-Indic
# three, a superscript two that is a digit but not a decimal), the closing
# quotes and brackets after a full stop, CJK and Arabic terminal marks, white
# space Python strips (no-break space, line separator, file separator), a
# combining mark, a lone surrogate, NUL, underscores and line breaks.
TRICKY = ["a", "B", "_", ".", " ", "\n", "é", "ß", "İ", "ﬁ", "٣", "²", "Σ", "1", "2", "!", "?",
          '"', "”", "’", "»", ")", "]", "…", "。", "！", "؟", "\t", "\u00a0", "\u2028", "\r",
          "\x1c", "\u0301", "\ud800", "\x00", "中", "\U0001d538", "-", "'"]


def definitions(text: str) -> tuple[list[int | None], list[int], list[bool]]:
    lines = text.split("\n")
    return ([line_key(x) for x in lines], [len(normalize_line(x)) for x in lines],
            [is_sentence(x) for x in lines])


def test_keys_of_saved_tables_never_change() -> None:
    # values a boilerplate table of an earlier version holds
    assert line_key("Share this article") == -177341237165055922
    assert line_keys("Share this article\n\n© Copyright 2023 Foo News. All rights reserved!") == [
        -177341237165055922, None, -4008072537050920236]


def test_real_articles_get_the_definitions_rows() -> None:
    articles = json.loads((ROOT / "sample/articles.json").read_text())
    assert len(articles) >= 6
    for a in articles:
        text = "\n\n".join([a["title"], "By " + a["author"], *a["paragraphs"], "Share | Tweet"])
        assert line_rows(text, text.casefold()) == definitions(text)


def test_tricky_characters_fold_as_the_regexes_do() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 80)))
        assert line_rows(text, text.casefold()) == definitions(text), repr(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_the_definitions_rows(text: str) -> None:
    assert line_rows(text, text.casefold()) == definitions(text)


def test_sentence_shape_by_words_and_ending() -> None:
    text = "\n".join([
        "“We will rebuild the bridge before the spring floods,” the mayor said.”",
        "Four words end here.)   ",
        "Three words only.",
        "sixteen " * 16,
        "Fifteen words with no ending " + "word " * 10,
    ])
    assert line_rows(text, text.casefold())[2] == [True, True, False, True, False]


def test_a_folded_text_with_other_lines_is_refused() -> None:
    with pytest.raises(ValueError):
        line_rows("one\ntwo", "one two")
    with pytest.raises(TypeError):
        line_rows(b"one", "one")  # type: ignore[arg-type]
