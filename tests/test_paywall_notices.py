"""Access-wall notices recognised however they are worded (the one wall scorer,
newsclean.clean.wall), in any language, and taken out of the article where the
text stops."""

from __future__ import annotations

import numpy as np
import pytest

import newsclean
from newsclean.clean.wall import (
    BITS,
    MAX_CHARS,
    model,
    ngram_index,
    normalise,
    wall_lines,
    wall_scores,
)
from newsclean.text import OTHER_WHITESPACE, normalise_lines

PARAGRAPH = (
    "The council voted on Tuesday to approve the new budget for roads and schools, "
    "after a debate that ran late into the evening and drew a large crowd of residents."
)

NOTICES = [
    "This story is available exclusively to our subscribers.",
    "Sign in or subscribe to keep reading this article.",
    "Ce contenu est réservé à nos abonnés numériques.",
    "Dieser Beitrag ist nur für Abonnenten unseres Angebots.",
    "Este artículo es solo para suscriptores digitales.",
]

ARTICLE_LINES = [
    PARAGRAPH,
    "Netflix said it gained nine million subscribers in the quarter.",
    "Members of the committee will meet again in May.",
    "She signed in at the front desk before the hearing began.",
    "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen.",
    "Le conseil municipal a approuvé mardi le nouveau budget.",
]


@pytest.mark.parametrize("line", NOTICES)
def test_wall_notices_in_other_words(line: str) -> None:
    assert wall_lines([line]) == [True]


def test_article_lines_are_not_notices() -> None:
    assert wall_lines(ARTICLE_LINES) == [False] * len(ARTICLE_LINES)


def test_long_text_is_never_a_notice() -> None:
    assert wall_lines(["Subscribe to keep reading. " * 20]) == [False]
    line = ("The newspaper said on Monday that its number of digital subscribers had "
            "doubled, and that readers who subscribe now will pay less. " * 5)
    assert len(line) > MAX_CHARS and wall_lines([line]) == [False]


# Article sentences in languages the dev pages rarely show: the scorer was
# trained with article lines in 13 languages, so prose is not a wall there either.
FOREIGN_PROSE = [
    "Власти города объявили во вторник о строительстве нового моста через реку.",
    "市议会周二宣布，将在明年春天之前完成新桥的建设工作。",
    "Belediye meclisi salı günü yeni köprünün inşaatına başlanacağını açıkladı.",
    "أعلن المجلس البلدي يوم الثلاثاء عن بدء بناء الجسر الجديد فوق النهر.",
    "Rada miasta ogłosiła we wtorek budowę nowego mostu nad rzeką.",
]


def test_prose_in_other_languages_is_not_a_notice() -> None:
    assert wall_lines(FOREIGN_PROSE) == [False] * len(FOREIGN_PROSE)


def test_notices_in_scripts_without_spaces_are_judged_when_words_are_counted_as_such() -> None:
    # clean_text counts a line's words as the shape features do (half the
    # characters of a script written without spaces): a Chinese or Japanese
    # notice is one whitespace "word", under the scorer's three-word floor
    from newsclean.clean.shape import make_doc
    from newsclean.text import normalise_lines

    notices = ["本文为付费内容，订阅后即可阅读全文", "この記事は有料会員限定です。"]
    prose = [FOREIGN_PROSE[1], "東京で開かれた会議では、来年度の予算案について意見を交わした。"]
    lines = normalise_lines(notices + prose)
    words = make_doc(lines).word_equivalents()
    assert wall_lines(lines, normalised=True, words=words) == [True, True, False, False]
    assert wall_lines(notices + prose) == [True, True, False, False]
    assert wall_lines(lines, normalised=True, words=make_doc(lines).word_counts()) == [False] * 4


def test_scores_are_per_text_and_cut_at_the_trained_threshold() -> None:
    scores = wall_scores([NOTICES[0], ARTICLE_LINES[0]])
    assert scores.shape == (2,)
    assert scores[0] >= model().threshold > scores[1]
    assert wall_scores([]).shape == (0,)


def test_odd_spaces_are_every_whitespace_character_but_the_space_and_line_break() -> None:
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()} - {" ", "\n"}
    assert set(OTHER_WHITESPACE) == spaces and len(OTHER_WHITESPACE) == len(spaces)
    assert normalise("Subscribe\u3000to\t keep\xa0reading") == "subscribe to keep reading"


def test_notice_after_a_cut_article_goes_and_flags_the_record() -> None:
    # The model's verdict counts on a page that shows an access regime.
    tier = '<meta property="article:content_tier" content="locked">'
    html = (
        f"<html><head><title>Council approves budget</title>{tier}</head><body><article>"
        f"<h1>Council approves budget</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH} Again.</p>"
        "<p>This story is available exclusively to our subscribers.</p></article></body></html>"
    )
    art = newsclean.extract(html)
    assert art.paywalled is True
    assert "exclusively" not in art.text
    assert ("paywall", "This story is available exclusively to our subscribers.") in [
        (r.reason, r.text) for r in art.removed
    ]


def test_closing_line_of_an_open_page_stays_when_the_model_does_not_know_it() -> None:
    html = (
        "<html><head><title>Council approves budget</title></head><body><article>"
        f"<h1>Council approves budget</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH} Again.</p>"
        "<p>The council meets again on Thursday.</p></article></body></html>"
    )
    art = newsclean.extract(html)
    assert art.paywalled is False
    assert "meets again on Thursday" in art.text


def test_hashing_is_stable_and_per_line() -> None:
    idx, buckets = ngram_index(["ab", "ab"])
    assert list(idx[idx == 0].shape) == list(idx[idx == 1].shape)
    assert np.array_equal(buckets[idx == 0], buckets[idx == 1])
    assert int(buckets.max()) < (1 << BITS)
    assert normalise("Nur  für 3\u00a0Abonnenten") == "nur für 0 abonnenten"
    # one normalisation for every matcher: newsclean.text's (zero-width spaces go)
    assert normalise("Sub\u200bscribe") == "subscribe"


def test_model_file_is_small_and_attributed() -> None:
    from importlib import resources

    path = resources.files("newsclean.clean").joinpath("data/wall_model.npz")
    with path.open("rb") as fh, np.load(fh) as data:
        assert "WCXB by Murrough Foley, CC-BY-4.0" in str(data["attribution"])
    assert model().weights.shape == (1 << BITS,)


def test_lines_already_normalised_score_as_raw_lines_do() -> None:
    # normalised=True folds digits in the code-point array and skips the space
    # regex on single-spaced text: the same n-grams as the raw lines give
    lines = ["Subscribe now: 3 articles left\u00a0this month", "٣ مقالات متبقية", "Read  ١٢ more",
             "Ｓｉｇｎ in", "x\x1cy\u3000z 42", PARAGRAPH]
    norm = normalise_lines(lines)
    assert np.array_equal(wall_scores(norm, normalised=True), wall_scores(lines))


def test_every_decimal_digit_folds_like_the_regex() -> None:
    import re
    import sys

    from newsclean.clean.wall import _fold_digits

    codes = np.arange(sys.maxunicode + 1, dtype=np.uint64)
    codes = codes[(codes < 0xD800) | (codes > 0xDFFF)]
    folded = _fold_digits(codes)
    text = "".join(map(chr, codes.tolist()))
    expected = re.sub(r"\d", "0", text)
    assert "".join(map(chr, folded.tolist())) == expected


def test_the_training_script_reads_phrase_tables_that_exist() -> None:
    # The wall model is what scripts/train_wall_model.py writes; it names the
    # phrase tables it trains on, and a renamed or removed table must not be
    # skipped silently.
    import sys
    from importlib import resources
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_wall_model

    tables = resources.files("newsclean.clean").joinpath("data/phrases")
    shipped = {p.name.removesuffix(".json") for p in tables.iterdir() if p.name.endswith(".json")}
    assert set(train_wall_model.TABLES) <= shipped
    walls, others = train_wall_model.phrase_examples()
    assert {lang for _, lang in walls} >= {"en", "de", "fr", "es"}
    assert len(others) > len(walls) > 200


# Three paragraphs of one story, in text as an extractor saves it.
STORY = [
    "The council voted on Thursday to keep the ferry running through the winter, after "
    "residents packed the hall to oppose the closure.",
    "The service will cost the town about 40,000 euros a year, the treasurer said, money that "
    "will come from the harbour fund rather than from taxes.",
    "Residents who spoke at the meeting said the ferry is the only way to reach the clinic on "
    "the mainland when the bridge is closed by storms.",
]


@pytest.mark.parametrize("line", ["Free lounge access", "In this article, we examine:"])
def test_a_line_that_reads_like_a_wall_goes_after_the_story_and_stays_inside_it(line: str) -> None:
    # A wall withholds what follows it: between two kept paragraphs a line the
    # wall scorer doubts (a feature list's item, a lead-in to a list) is the
    # story's own; after the last one it is the notice where the text stops.
    inside = newsclean.clean_text("\n".join([STORY[0], line, *STORY[1:]]))
    assert line in inside.text.split("\n\n")
    after = newsclean.clean_text("\n".join([*STORY, line]))
    assert line not in after.text
    assert ("paywall", line) in [(r.reason, r.text) for r in after.removed]
