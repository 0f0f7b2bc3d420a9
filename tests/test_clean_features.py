"""Line features: normalisation, shape in any script, hashed n-grams, context, all vectorised."""

from __future__ import annotations

import numpy as np
import pytest

import newsclean
from newsclean.clean.features import (
    FEATURE_NAMES,
    STAGE2_FEATURE_NAMES,
    line_features,
    main_span,
    run_lengths,
    stage2_features,
    window_mean,
)
from newsclean.clean.ngrams import familiarity, ngram_index
from newsclean.clean.shape import SHAPE_NAMES, make_doc, shape_features
from newsclean.text import normalise_lines, normalise_text

SHAPE = {n: i for i, n in enumerate(SHAPE_NAMES)}
COL = {n: i for i, n in enumerate(FEATURE_NAMES)}


def test_no_break_zero_width_and_compatibility_forms_normalise_to_plain_text() -> None:
    assert normalise_text("Already\u00a0a\u202fsubscriber?\u200b Log\u00a0in.") == (
        "Already a subscriber? Log in.")
    assert normalise_text("ｆｕｌｌ\u3000ｗｉｄｔｈ don\u2019t") == "full width don't"
    assert normalise_text("soft\u00adhyphen\ufeff\tand  runs") == "softhyphen and runs"


def test_arabic_tatweel_goes_and_tanween_has_one_order() -> None:
    assert normalise_text("اشـــترك") == normalise_text("اشترك")
    assert normalise_text("أيضاً") == normalise_text("أيضًا")


def test_normalising_a_document_keeps_its_lines() -> None:
    lines = ["One\u00a0line", "\u200b", "ثلاثـة", "x\u2028y"]
    assert normalise_lines(lines) == ["One line", "", "ثلاثة", "x y"]


def _shape(lines: list[str]) -> np.ndarray:
    return shape_features(make_doc(normalise_lines(lines)))


def test_closing_quote_after_full_stop_is_terminal() -> None:
    X = _shape(["\u201cWe will rebuild it,\u201d she said.", "\u201cWe will.\u201d",
                "He called it \u201cthe end\u201d", "Menu"])
    t = X[:, SHAPE["terminal_end"]]
    assert list(t) == [1.0, 1.0, 0.5, 0.0]


def test_prose_and_menus_differ_in_shape() -> None:
    X = _shape(["Home | World | Sport | Culture",
                "The council voted on Thursday to keep the ferry, the chair said."])
    assert X[0, SHAPE["separators_per_word"]] > 0.5 > X[1, SHAPE["separators_per_word"]]
    assert X[0, SHAPE["capitalised_share"]] == 1.0 > X[1, SHAPE["capitalised_share"]]
    assert X[1, SHAPE["log_words"]] > X[0, SHAPE["log_words"]]


def test_scripts_without_spaces_count_about_two_characters_a_word() -> None:
    X = _shape(["今天的天气很好我们在公园里散步了一个下午。",
                "วันนี้อากาศดีมากเราไปเดินเล่นที่สวนสาธารณะกัน"])
    words = np.expm1(X[:, SHAPE["log_words"]])
    assert 8 <= words[0] <= 12 and 15 <= words[1] <= 25
    assert np.all(X[:, SHAPE["nospace_share"]] > 0.8)


def test_years_urls_and_digits_are_seen() -> None:
    X = _shape(["Posted 12 March 2024 at www.example.com", "No digits at all here"])
    assert X[0, SHAPE["year_like"]] == 1.0 and X[0, SHAPE["urlish"]] == 1.0
    assert X[1, SHAPE["digit_share"]] == 0.0
    X = _shape(["1999 2020 1899 20201 //a wwww @@", "http://x 2021"])
    assert X[0, SHAPE["year_like"]] == 2.0 and X[0, SHAPE["urlish"]] == 3.0
    assert X[0, SHAPE["at_sign"]] == 2.0
    assert X[1, SHAPE["year_like"]] == 1.0 and X[1, SHAPE["urlish"]] == 1.0


def test_a_document_of_one_character_has_a_shape() -> None:
    # its code-point array ("\nx\n") is shorter than the four-digit year test
    assert _shape(["x"]).shape == (1, len(SHAPE_NAMES))
    assert newsclean.clean_text("a\nb").status != "error"


def test_ngrams_never_span_two_lines_and_mark_line_edges() -> None:
    doc = make_doc(["ab", "cd"])
    index = ngram_index(doc, orders=(1, 2, 3, 4))
    li, buckets = index.line, index.bucket
    # per line: 2 unigrams, 3 bigrams (\na ab b\n), 2 trigrams, 1 four-gram (\nab\n)
    assert np.bincount(li).tolist() == [8, 8]
    same = ngram_index(make_doc(["cd"]), orders=(1, 2, 3, 4)).bucket
    assert sorted(buckets[li == 1]) == sorted(same)


def test_ngrams_of_a_line_do_not_depend_on_case_or_digits() -> None:
    a = ngram_index(make_doc(["Share 12"])).bucket
    b = ngram_index(make_doc(["share 47"])).bucket
    assert sorted(a) == sorted(b)


def test_familiarity_is_the_share_of_trigrams_seen_in_training() -> None:
    doc = make_doc(["share this", "ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ", "share"])
    index = ngram_index(doc)
    seen = np.zeros(1 << 20, dtype=bool)
    trigrams = index.bucket[index.tri]
    seen[trigrams[index.line[index.tri] == 0]] = True
    fam = familiarity(index, doc.n, seen)
    # the first line's trigrams were all seen, the Ol Chiki line's none (but for
    # a collision); "share" shares all but its line-end trigrams with line 0
    assert fam[0] == 1.0 and fam[1] < 0.2 and 0.5 < fam[2] < 1.0


def _features(lines: list[str]) -> np.ndarray:
    norm = normalise_lines(lines)
    n = len(norm)
    return line_features(make_doc(norm), np.zeros(n), np.ones(n), np.zeros(n, dtype=np.int64),
                         np.zeros(n, dtype=bool), np.zeros(n, dtype=bool))


def test_feature_matrix_shape_and_finite_values() -> None:
    assert _features([]).shape == (0, len(FEATURE_NAMES))
    X = _features(["Home", "Home", "A sentence of prose that ends here.", "x" * 5000])
    assert X.shape == (4, len(FEATURE_NAMES))
    assert np.all(np.isfinite(X))
    assert X[0, COL["dup_count"]] == np.log(2) and X[0, COL["dup_first"]] == 1.0
    assert X[1, COL["dup_first"]] == 0.0


def test_runs_windows_and_the_best_span() -> None:
    assert run_lengths(np.array([1, 1, 0, 1, 1, 1], dtype=bool)).tolist() == [2, 2, 1, 3, 3, 3]
    assert window_mean(np.array([0.0, 3.0, 0.0]), 1).tolist() == [1.5, 1.0, 1.5]
    p = np.array([0.1, 0.9, 0.8, 0.2, 0.9, 0.1, 0.1])
    assert main_span(p, np.ones(7), 0.5) == (1, 5)
    a, b = main_span(np.zeros(3), np.ones(3), 0.5)
    assert b - a == 1


def test_stage2_features_see_the_neighbours() -> None:
    X = _features(["Home", "A first paragraph of the article, with words.", "Subheading",
                   "A second paragraph of the article, with more words.", "Footer"])
    p = np.array([0.1, 0.95, 0.3, 0.95, 0.1])
    X2 = stage2_features(X, p)
    col = {n: i for i, n in enumerate(STAGE2_FEATURE_NAMES)}
    assert X2.shape == (5, len(STAGE2_FEATURE_NAMES))
    assert X2[2, col["p_max_before3"]] == 0.95 and X2[2, col["p_max_after3"]] == 0.95
    assert X2[2, col["in_span"]] == 1.0 and X2[0, col["in_span"]] == 0.0
    assert stage2_features(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0)).shape[0] == 0


@pytest.mark.parametrize("text", ["\U0001f600 emoji only", "\U00020000\U0002a6d6 rare CJK",
                                  "\x00\x01 control", "\ud800 lone surrogate"])
def test_any_code_point_gives_finite_features(text: str) -> None:
    assert np.all(np.isfinite(_features([text, "Ordinary words here."])))


WORDY_LINES = [
    "The minister said on Monday that the vote would go ahead.",
    "one", "東京で会議が開かれた。 二 三", "𝐁𝐨𝐥𝐝 😀 text",
    # every character str.split() splits at, between words (as raw as a caller
    # could hand them: make_doc's lines are only required to be non-empty)
    "a\tb\x0bc\x0cd\re\x1cf\x1dg\x1eh\x1fi\x85j\xa0k\u1680l\u2000m\u200an\u2028o\u2029p"
    "\u202fq\u205fr\u3000s",
    "trailing spaces   ", "   leading", "x  y", "\u200bzero\u200bwidth is no space",
]


def test_word_counts_are_str_split_counts() -> None:
    doc = make_doc(WORDY_LINES)
    assert doc.word_counts().tolist() == [len(x.split()) for x in WORDY_LINES]


def test_the_space_table_is_the_regex_engines_whitespace() -> None:
    from newsclean.clean.charclass import _space_table
    from newsclean.text import char_table

    assert np.array_equal(_space_table(), char_table(r"\s"))


def test_word_counts_on_every_whitespace_character() -> None:
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) != "\n"]
    lines = [f"a{s}b" for s in spaces] + [f"{s}a" for s in spaces]
    assert make_doc(lines).word_counts().tolist() == [2] * len(spaces) + [1] * len(spaces)


def test_prose_lines_from_the_doc_are_the_split_ones() -> None:
    from newsclean.clean.extraction import prose_lines

    lines = normalise_lines([*WORDY_LINES, "A sentence of well over twelve words that ends the way "
                             "prose does, with a full stop.", "Twelve words but no end mark at all "
                             "in this line here ok"])
    doc = make_doc(lines)
    assert prose_lines(lines, doc).tolist() == prose_lines(lines).tolist()
    assert prose_lines(lines, doc)[-2] and not prose_lines(lines, doc)[-1]


def test_prose_in_scripts_without_spaces_is_counted_by_its_characters() -> None:
    # a Chinese or Japanese paragraph is one or two whitespace "words": counted
    # that way no line of such a text was prose, and an extraction's edges
    # (the menu above the story, the teasers below it) were never found
    from newsclean.clean.extraction import edge_distance, prose_lines

    paragraph = ("据报道，国际空间站的宇航员们在太空中生活期间不允许饮酒，"
                 "因为酒精会影响他们的判断力和身体状况。")
    japanese = "東京で開かれた会議では、来年度の予算案について各省庁の担当者が意見を交わした。"
    teaser = "宇航员在太空中喝酒会怎么样？后果很严重"  # no sentence mark at its end
    short = "会议结束。"  # a sentence, too short to be prose
    lines = ["首页", "新闻", teaser, paragraph, japanese, short, "返回首页>>", "相关新闻"]
    doc = make_doc(lines)
    letters = sum(c not in "，。" for c in paragraph)
    assert doc.word_equivalents().tolist()[3] == (letters + 1) // 2
    assert prose_lines(lines).tolist() == [False, False, False, True, True, False, False, False]
    assert prose_lines(lines, doc).tolist() == prose_lines(lines).tolist()
    assert edge_distance(lines).tolist() == [3, 2, 1, 0, 0, 1, 2, 3]
    # a sentence ends with the marks of its script: the danda, the Arabic
    # question mark; a closing bracket ends a label
    hindi = ("प्रधानमंत्री ने सोमवार को कहा कि सरकार अगले वर्ष से सभी गांवों में नई "
             "सड़कें और स्कूल बनाने का काम शुरू करेगी।")
    arabic = ("هل يمكن للحكومة أن تنفذ كل هذه الوعود خلال عام واحد فقط في ظل الأزمة "
              "الاقتصادية الحالية؟")
    label = "How To Design A Room Like An Interior Designer In Ten Easy Steps [Step By Step]"
    assert prose_lines([hindi, arabic, label]).tolist() == [True, True, False]
    # text in spaced scripts is counted as before
    latin = make_doc(["one two three", "Le ministre a dit lundi que le vote aurait lieu."])
    assert latin.word_equivalents().tolist() == latin.word_counts().tolist()


def test_thai_prose_is_told_by_its_length_and_khmer_by_its_khan() -> None:
    # Thai ends a sentence with a space and a paragraph with its last letter: by
    # sentence marks no Thai line was prose, and a Thai seed kept every menu
    # item and teaser around its paragraphs. A paragraph is prose by its length;
    # a headline or a teaser, shorter, is not.
    from newsclean.clean.extraction import edge_distance, prose_lines

    paragraph = ("นายกรัฐมนตรีกล่าวในการแถลงข่าวเมื่อวันพุธว่า รัฐบาลจะเร่งดำเนินการแก้ไข"
                 "ปัญหาค่าครองชีพที่สูงขึ้นอย่างต่อเนื่อง โดยเฉพาะราคาพลังงานและอาหาร")
    headline = "รัฐบาลเร่งแก้ค่าครองชีพ หลังเงินเฟ้อพุ่งต่อเนื่อง"
    lines = ["หน้าแรก", headline, paragraph, paragraph, "แชร์ข่าวนี้", "ข่าวที่เกี่ยวข้อง"]
    assert prose_lines(lines).tolist() == [False, False, True, True, False, False]
    assert edge_distance(lines).tolist() == [2, 1, 0, 0, 1, 2]
    # the line model reads the paragraph's end as a sentence's, not the headline's
    from newsclean.clean.shape import SHAPE_NAMES, shape_features

    ends = shape_features(make_doc(lines))[:, SHAPE_NAMES.index("terminal_end")]
    assert ends.tolist() == [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]
    # Lao, the same; Khmer ends its sentences with the khan (U+17D4)
    lao = ("ລັດຖະບານໄດ້ປະກາດວ່າຈະສ້າງຖະໜົນໃໝ່ຫຼາຍສາຍໃນແຂວງພາກເໜືອ "
           "ເພື່ອໃຫ້ຊາວບ້ານສາມາດເດີນທາງໄປຕະຫຼາດແລະໂຮງໝໍໄດ້ສະດວກຂຶ້ນໃນລະດູຝົນ")
    khmer = "រដ្ឋាភិបាលបានប្រកាសថានឹងសាងសង់ផ្លូវថ្មីជាច្រើននៅក្នុងខេត្តភាគខាងជើង។"
    assert prose_lines([lao, khmer, khmer[:-1]]).tolist() == [True, True, False]
