"""Line features: shape, terminal punctuation with closing quotes, stop words, context."""

from __future__ import annotations

import numpy as np

from newsclean.clean.features import (
    FEATURE_NAMES,
    guess_stop_language,
    line_features,
    stopwords,
)

COL = {n: i for i, n in enumerate(FEATURE_NAMES)}


def test_shape_and_empty() -> None:
    assert line_features([]).shape == (0, len(FEATURE_NAMES))
    assert line_features(["a", "b c"]).shape == (2, len(FEATURE_NAMES))


def test_closing_quote_after_full_stop_is_terminal() -> None:
    X = line_features(["\u201cWe will rebuild it,\u201d she said.", "\u201cWe will.\u201d",
                       "He called it \u201cthe end\u201d", "Menu"])
    assert X[0, COL["terminal_punct"]] == 1.0
    assert X[1, COL["terminal_punct"]] == 1.0 and X[1, COL["ends_closer"]] == 1.0
    assert X[2, COL["terminal_punct"]] == 0.5
    assert X[3, COL["terminal_punct"]] == 0.0


def test_stop_word_language_is_guessed_from_the_document() -> None:
    de = ["Die Stadt hat beschlossen, dass die Fähre nicht mehr fährt und nicht repariert wird."]
    assert guess_stop_language(de) == "de"
    assert guess_stop_language(["これは日本語の文章です。今日は天気がいいですね。"]) == "ja"
    assert guess_stop_language(["今天的天气很好，我们在公园里散步了一个下午。"]) == "zh"
    assert guess_stop_language(["anything"], "fr") == "fr"


def test_every_stop_word_language_has_words() -> None:
    words, cjk = stopwords()
    for lang in ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl"):
        assert len(words[lang]) >= 30, lang
    assert set(cjk) == {"ja", "zh"}


def test_prose_has_more_stop_words_than_a_menu() -> None:
    X = line_features(["Sport Business Technology Culture",
                       "It was the first time that the team had won at home this year."])
    assert X[1, COL["stopword_ratio"]] > X[0, COL["stopword_ratio"]] + 0.2


def test_runs_of_short_lines_and_title_similarity() -> None:
    lines = ["Home", "News", "Sport", "Ferry saved by council vote",
             "The council voted to save the ferry, which had been due to stop in spring."]
    X = line_features(lines, title="Ferry saved by council vote")
    assert X[0, COL["short_run"]] > X[4, COL["short_run"]]
    assert X[3, COL["title_sim"]] == 1.0
    assert np.all(np.isfinite(X))


def test_main_span_is_the_best_run() -> None:
    from newsclean.clean.features import main_span

    p = np.array([0.1, 0.9, 0.8, 0.2, 0.9, 0.1, 0.1])
    assert main_span(p, np.ones(7), 0.5) == (1, 5)
    a, b = main_span(np.zeros(3), np.ones(3), 0.5)
    assert b - a == 1


def test_stage2_features_see_the_neighbours() -> None:
    from newsclean.clean.features import STAGE2_FEATURE_NAMES, stage2_features

    lines = ["Home", "A first paragraph of the article, with words.", "Subheading",
             "A second paragraph of the article, with more words.", "Footer"]
    X = line_features(lines)
    p = np.array([0.1, 0.95, 0.3, 0.95, 0.1])
    X2 = stage2_features(X, p)
    col = {n: i for i, n in enumerate(STAGE2_FEATURE_NAMES)}
    assert X2.shape == (5, len(STAGE2_FEATURE_NAMES))
    assert X2[2, col["p_max_before3"]] == 0.95 and X2[2, col["p_max_after3"]] == 0.95
    assert X2[2, col["in_span"]] == 1.0 and X2[0, col["in_span"]] == 0.0
    assert stage2_features(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0)).shape[0] == 0
