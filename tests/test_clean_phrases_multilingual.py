"""Per-language junk families (data/phrases/<lang>.json): paraphrases beyond the
listed examples are caught, and article prose that merely mentions
subscriptions, cookies, comments, newsletters, sharing, copying or JavaScript is
kept. The cases of every language are in tests/data/phrase_cases.json."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from newsclean.clean.phrases import load_families, match_phrase

_DIR = resources.files("newsclean.clean").joinpath("data").joinpath("phrases")
PER_LANG_FILES = sorted(f.name for f in _DIR.iterdir() if f.name.endswith(".json"))

CASES: dict[str, dict[str, list]] = {
    lang: cases
    for lang, cases in json.loads(
        (Path(__file__).parent / "data" / "phrase_cases.json").read_text("utf-8")
    ).items()
    if not lang.startswith("_")
}
JUNK = [(lang, *case) for lang, cases in CASES.items() for case in cases["junk"]]
PROSE = [(lang, line) for lang, cases in CASES.items() for line in cases["prose"]]

# Tables written with paraphrases and prose for every kind of junk (sixteenth
# session): each covers the main kinds, with enough cases to show it.
FULL_TABLES = ("th", "hi", "id", "vi", "fa", "he", "el", "hu", "ro", "bg", "hr", "sk",
               "da", "no", "fi", "et", "lv", "lt")
MAIN_KINDS = {"paywall", "javascript", "comment_form", "cookie", "newsletter", "share",
              "related", "advertisement", "byline", "navigation", "copyright"}


@pytest.mark.parametrize(("lang", "line", "reason", "paywall"), JUNK)
def test_paraphrased_junk_is_caught(lang: str, line: str, reason: str, paywall: bool) -> None:
    hit = match_phrase(line)
    assert hit is not None, line
    assert (hit.reason, hit.paywall) == (reason, paywall), (lang, line, hit)


@pytest.mark.parametrize(("lang", "line"), PROSE)
def test_prose_about_the_same_topics_is_kept(lang: str, line: str) -> None:
    assert match_phrase(line) is None, (lang, match_phrase(line))


def test_paraphrases_are_not_listed_examples() -> None:
    examples = {e for f in load_families() for e in f.examples}
    assert not [line for _, line, _, _ in JUNK if line in examples]


@pytest.mark.parametrize("lang", FULL_TABLES)
def test_full_tables_cover_the_main_junk_kinds(lang: str) -> None:
    reasons = {f.reason for f in load_families() if f.lang == lang}
    assert reasons >= MAIN_KINDS
    assert len(CASES[lang]["junk"]) >= 7 and len(CASES[lang]["prose"]) >= 6


@pytest.mark.parametrize("name", PER_LANG_FILES)
def test_per_language_file_holds_only_its_language(name: str) -> None:
    raw = json.loads(_DIR.joinpath(name).read_text("utf-8"))
    lang = name.removesuffix(".json")
    assert raw["families"]
    assert {f["lang"] for f in raw["families"]} == {lang}


def test_per_language_files_are_loaded() -> None:
    langs = {f.lang for f in load_families()}
    assert {n.removesuffix(".json") for n in PER_LANG_FILES} <= langs


# A byline says "Author: Name" or "Author Name"; prose about an author ("the
# author of the book ...") or opening with a byline or date word must stay, in
# the languages that share the word.
@pytest.mark.parametrize(
    "line",
    [
        "Автор книги розповів про своє дитинство у Львові.",
        "Autor knihy vyrůstal v Brně a studoval v Praze.",
        # a capitalised name must follow a byline word, and nothing but a short tail
        "Af Danmarks 98 kommuner har 40 indført forbuddet.",
        "Av Norges 357 kommuner har 40 innført forbudet.",
        "Teksti on saatavilla myös ruotsiksi.",
        "Autors Rūdolfs Blaumanis dzimis 1863. gadā un rakstīja stāstus un lugas.",
        # a date word that opens a sentence about something else
        "Opdateret udgave af bogen udkommer til foråret.",
        "Päivitetty ohjeistus julkaistaan ensi viikolla.",
        # Hebrew has no capitals: a byline's name is a few words, not a sentence
        "מאת הוועדה נמסר כי הדיונים יימשכו גם בשבוע הבא",
    ],
)
def test_prose_starting_with_a_byline_word_is_kept(line: str) -> None:
    assert match_phrase(line) is None, match_phrase(line)


def test_hebrew_byline_with_a_short_name() -> None:
    hit = match_phrase("מאת יוסי לוי | 12.03.2024")
    assert hit is not None and hit.reason == "byline"


def test_persian_letters_in_either_spelling() -> None:
    # Persian yeh and kaf (U+06CC, U+06A9) or the Arabic ones (U+064A, U+0643),
    # with or without the zero-width non-joiner: the same line to the families.
    for line in ("دیدگاه‌ها بسته شده است", "ديدگاهها بسته شده است", "دیدگاه ها بسته شده است"):
        hit = match_phrase(line)
        assert hit is not None and hit.reason == "comment_form", line


@pytest.mark.parametrize("line", ["del", "Menu"])
def test_words_of_other_languages_are_not_danish_labels(line: str) -> None:
    # Python's "del" in a code listing, an English "Menu" heading
    hit = match_phrase(line)
    assert hit is None or hit.lang not in ("da", "no")


@pytest.mark.parametrize(
    "line",
    [
        # an English product name and an English documentation line: not an
        # Estonian byline or Indonesian tags
        "Reporter Microphones",
        "LABEL: Optional attribute for adding a unique name. Refer to the naming guide.",
    ],
)
def test_english_lines_are_not_read_by_other_tables(line: str) -> None:
    assert match_phrase(line) is None, match_phrase(line)
