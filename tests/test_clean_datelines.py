"""Date lines (clean/datelines.py): a line that is a date and little else, in any
language the date tables read; clean_text removes the article's dateline as
`byline` and gives the record its date. Whole bylines the same way: removed as
`byline`, they give the record its authors."""

from __future__ import annotations

import numpy as np
import pytest

import newsclean
from newsclean.clean.datelines import is_date_line, is_dated_byline
from newsclean.record import Removed


@pytest.mark.parametrize(
    "line",
    [
        "2018-08-16",
        "17.05.2021",
        "Posted March 5, 2024",
        "Updated: 3 May 2021, 14:05",
        "sexta-feira, 22 de outubro de 2010 às 20:13",
        "Текст: Лида Буслаева · 11 октября 2018",
        "12 de marzo de 2024",
        "2017-03-10 09:58 来源： 网易科学人",
        "发稿时间： 2017-03-10 08:42:00 来源： 人民日报海外版 中国青年网",
        "2017年3月10日 09:58",
        "2024년 3월 5일",
        "Post by Simple07 » 11. Sep 2024, 21:06",
        # the Buddhist era's year, Thai month abbreviations and digits, Arabic digits
        "อัปเดตล่าสุด 7 ม.ค. 2567 เวลา 10:30 น.",
        "วันที่ ๑๒ มีนาคม ๒๕๖๗",
        "نشر في ١٤ نوفمبر ٢٠١٩",
        # published, then updated: two fields, each held to a date line's limits
        # (one-letter connectives "à", "o" are no words of their own)
        "04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        "Published 4 May 2015 | Updated 5 May 2015, 10:02",
        "Opublikowano: 12.03.2024 · Aktualizacja: 13.03.2024 o 10:15",
    ],
)
def test_date_lines_in_many_languages(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        # a sentence that holds a date
        "In 2019, the company said on March 5, 2024 that it would close the plant.",
        "From March 5, 2019 to May 2, 2020 we sold more than ever before.",
        "2017年3月10日，国务院发布了关于进一步加强安全生产工作的通知，要求各地认真落实",
        "เมื่อวันที่ 7 ม.ค. 2567 นายกรัฐมนตรีกล่าวว่ารัฐบาลจะเร่งแก้ไขปัญหาค่าครองชีพ",
        # a number from 2500 that is no year
        "2500 บาท",
        # a year but no date
        "Copyright 2024 Example Inc.",
        "The 2024 season starts in May",
        # numbers that are not dates (a Unix time, a phone number)
        "1234567890",
        "+44 20 7946 0958",
        # a date in a line too long to be a dateline
        "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin "
        "Untersinger (avec Damien Leloup)",
        # three fields: a source beside the two dates
        "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        "",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_date_lines_of_a_text() -> None:
    lines = ["Headline of the story", "3 May 2021", "A paragraph of text follows."]
    assert [is_date_line(x) for x in lines] == [False, True, False]


PARAGRAPHS = [
    "Полина Поризкова рассказала журналистам, почему старение её пугает и что она делает, "
    "чтобы оставаться в форме все эти годы работы в индустрии моды.",
    "Модель призналась, что в юности никогда не думала о возрасте, но теперь каждый день "
    "замечает перемены в своём лице и теле, и это её по-настоящему тревожит.",
    "По её словам, в индустрии моды женщинам после сорока почти не дают работы, и она сама "
    "пережила это на собственном опыте несколько лет назад, когда агентства перестали звонить.",
    "Сейчас она пишет книгу о том, как принять себя в любом возрасте, и надеется, что её "
    "история поможет другим женщинам не бояться перемен и жить полной жизнью.",
]


def test_dateline_above_the_article_fills_the_date() -> None:
    text = "\n".join(
        ["Полина Поризкова: почему старение ужасает", "11 октября 2018", *PARAGRAPHS]
    )
    art = newsclean.clean_text(text)
    assert ("byline", "11 октября 2018") in [(r.reason, r.text) for r in art.removed]
    assert art.date == "2018-10-11"
    assert art.text.split("\n\n") == PARAGRAPHS


def test_a_published_and_updated_dateline_gives_the_publication_date() -> None:
    line = "11.10.2018 à 13h36 • Mis à jour le 12.10.2018 à 15h02"
    art = newsclean.clean_text("\n".join(["Полина Поризкова", line, *PARAGRAPHS]))
    assert ("byline", line) in [(r.reason, r.text) for r in art.removed]
    assert art.date == "2018-10-11"
    assert art.text.split("\n\n") == PARAGRAPHS


def test_a_dropped_date_line_just_below_the_lead_is_the_dateline() -> None:
    # the lead paragraph first, then the date among the share buttons
    text = "\n".join(["Полина Поризкова: почему старение ужасает", PARAGRAPHS[0], "Поделиться",
                      "11.10.2018 13:36", "ВКонтакте", "Telegram", *PARAGRAPHS[1:]])
    art = newsclean.clean_text(text)
    assert ("byline", "11.10.2018 13:36") in [(r.reason, r.text) for r in art.removed]
    assert art.date == "2018-10-11"
    assert art.text.split("\n\n") == PARAGRAPHS


def test_the_nearest_date_above_the_article_is_its_date() -> None:
    # the site header's date (the day of the crawl) sits above the menu; the
    # article's date next to its text
    text = "\n".join(["Полина Поризкова: почему старение ужасает", "Четверг, 3 декабря 2026",
                      "Главная", "Новости", "Культура", "Поделиться", "11 октября 2018",
                      *PARAGRAPHS])
    art = newsclean.clean_text(text)
    removed = {r.text: r.reason for r in art.removed}
    assert removed["11 октября 2018"] == "byline"
    assert removed["Четверг, 3 декабря 2026"] == "boilerplate"
    assert art.date == "2018-10-11"


def test_dated_posts_of_a_thread_stay() -> None:
    # a thread's post headers carry dates too: they are its text, not a dateline
    posts = []
    for k, para in enumerate(PARAGRAPHS):
        posts += [f"user{k} · 0{k + 1}.03.2026 19:4{k}", para]
    art = newsclean.clean_text("\n".join(posts))
    # the first line, headline-like, is taken as the title (listed as such);
    # no other line goes
    assert art.removed == [Removed(posts[0], "title_duplicate")]
    assert art.text.split("\n\n") == posts[1:]
    assert art.date is None


def test_a_kept_date_line_above_the_prose_is_the_dateline() -> None:
    # an extraction's dateline sits between its headline and its first
    # paragraph; whether or not the model keeps it, it is the story's date, not
    # its text. A date line further down (below the first prose line) is not.
    text = "\n".join(["Полина Поризкова: почему старение ужасает", "Текст: Лида Буслаева",
                      "11.10.2018 09:58", *PARAGRAPHS[:2], "12.10.2018 10:15", *PARAGRAPHS[2:]])
    art = newsclean.clean_text(text)
    removed = {r.text: r.reason for r in art.removed}
    assert removed["11.10.2018 09:58"] == "byline"
    assert removed.get("12.10.2018 10:15") != "byline"
    assert art.date == "2018-10-11"
    assert all(p in art.text.split("\n\n") for p in PARAGRAPHS)


def test_date_lines_above_the_prose_of_the_model_kept_go_as_byline() -> None:
    from newsclean.clean.lines import _datelines_above_prose

    norm = ["Weather in Kyiv", "08.04.2015 12:46", "Updated 9 April 2015", PARAGRAPHS[0],
            "3 May 2021", PARAGRAPHS[1]]
    prose = np.array([False, False, False, True, False, True])
    keep = np.array([True, True, False, True, True, True])
    decided: dict[int, str] = {}
    _datelines_above_prose(norm, keep, prose, decided)
    # the kept date line above the prose goes; the one the model dropped is left
    # to _name_metadata_lines, the one below the first prose line stays
    assert decided == {1: "byline"}
    assert keep.tolist() == [True, False, False, True, True, True]


def test_a_schedule_above_the_prose_is_no_dateline() -> None:
    # a travel offer's booking and travel dates above its description: a list of
    # dated items, kept as they are; a story has one dateline there, perhaps with
    # an update line
    from newsclean.clean.lines import _datelines_above_prose

    norm = ["Winter offers", "Book: by Dec 31, 2025", "Travel: through Mar 31, 2026",
            "Book: by Jan 4, 2026", "Travel: through May 31, 2026", PARAGRAPHS[0]]
    prose = np.array([False] * 5 + [True])
    keep = np.ones(6, dtype=bool)
    decided: dict[int, str] = {}
    _datelines_above_prose(norm, keep, prose, decided)
    assert decided == {} and keep.all()
    _datelines_above_prose(["08.04.2015 12:46", "Updated 9 April 2015", PARAGRAPHS[0]],
                           keep[:3], np.array([False, False, True]), decided)
    assert decided == {0: "byline", 1: "byline"}


@pytest.mark.parametrize(
    ("line", "dated_byline"),
    [
        ("Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par Ann Lee", True),
        ("3 March 2021 · Von Anna Schmidt", True),
        # fields without a byline word, or without a date
        ("Le Monde | 04.05.2015 à 13h36", False),
        ("Le Monde | Par Ann Lee", False),
        # a sentence between separators is no field
        ("Par Ann Lee | 3 March 2021 | The council voted on Tuesday to approve the new budget "
         "for roads and schools across the whole district", False),
    ],
)
def test_dated_bylines(line: str, dated_byline: bool) -> None:
    assert is_dated_byline(line) is dated_byline


# Whole bylines: a line opened by a byline word of the authors table whose names
# are most of it, in any language the table holds (metadata.authors.byline_line_names).
CO_AUTHORED = [
    ("Von Anna Müller und Jörg Schmidt", ["Anna Müller", "Jörg Schmidt"]),
    ("Par Jean d\u2019Ormesson et Zoë Martin", ["Jean d\u2019Ormesson", "Zoë Martin"]),
    ("Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
    ("Door Jan de Vries en Piet Jansen", ["Jan de Vries", "Piet Jansen"]),
    ("Av Anna Berg och Erik Lund", ["Anna Berg", "Erik Lund"]),
]


@pytest.mark.parametrize(("line", "names"), CO_AUTHORED)
def test_a_byline_above_the_story_names_its_authors(line: str, names: list[str]) -> None:
    # No language's phrase family lists its co-author forms; the authors table's
    # byline words, connectives and name particles read them all. Kept or
    # dropped by the model, the byline goes as `byline` and names the record's
    # authors.
    text = "\n".join(["Полина Поризкова: почему старение ужасает", line, *PARAGRAPHS])
    art = newsclean.clean_text(text)
    assert Removed(line, "byline") in art.removed
    assert art.authors == names
    assert art.text.split("\n\n") == PARAGRAPHS


def test_the_byline_the_model_dropped_near_the_story_is_named() -> None:
    from newsclean.clean.lines import _name_metadata_lines

    norm = ["Von Eva Klein und Max Roth", "Menü", "Von Anna Müller und Jörg Schmidt",
            "11.10.2018 09:58", PARAGRAPHS[0], PARAGRAPHS[1]]
    keep = np.array([False, False, False, False, True, True])
    decided: dict[int, str] = {1: "navigation"}
    _name_metadata_lines(keep, norm, decided)
    # the nearest byline and the nearest date line above the story; the byline
    # further up (a teaser's) stays the model's `boilerplate`
    assert decided == {1: "navigation", 2: "byline", 3: "byline"}


def test_authored_teasers_above_the_prose_are_no_byline() -> None:
    from newsclean.clean.lines import _datelines_above_prose

    norm = ["Meistgelesen", "Von Eva Klein und Max Roth", "Von Anna Müller",
            "Von Jörg Schmidt und Ute Berg", PARAGRAPHS[0]]
    keep = np.ones(5, dtype=bool)
    decided: dict[int, str] = {}
    _datelines_above_prose(norm, keep, np.array([False] * 4 + [True]), decided)
    assert decided == {} and keep.all()


@pytest.mark.parametrize(
    "line",
    ["Von Montag bis Freitag geöffnet", "By the end of the year, prices had risen",
     "Par d\u2019autres moyens", "Por la mañana"],
)
def test_lines_opened_by_a_byline_word_that_name_nobody(line: str) -> None:
    from newsclean.metadata.authors import byline_line_names

    assert byline_line_names(line) == []
