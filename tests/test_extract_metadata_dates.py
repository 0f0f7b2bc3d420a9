"""Visible dates in many languages: every entry of data/dates.json, and
publication rather than modification."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsclean.metadata import extract_metadata, parse_date


def _dates() -> dict[str, Any]:
    text = resources.files("newsclean.metadata").joinpath("data/dates.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


DATES = _dates()
FORMS = [
    (lang, i + 1, form)
    for lang, per_lang in DATES["months"].items()
    for i, forms in enumerate(per_lang)
    for form in forms
]


def test_every_language_has_twelve_months() -> None:
    for lang, per_lang in DATES["months"].items():
        assert len(per_lang) == 12, lang


def test_no_form_names_two_months() -> None:
    seen: dict[str, int] = {}
    for _, month, form in FORMS:
        assert seen.setdefault(form.casefold(), month) == month, form


@pytest.mark.parametrize(("lang", "month", "form"), FORMS, ids=lambda x: str(x))
def test_month_forms(lang: str, month: int, form: str) -> None:
    assert parse_date(f"7 {form} 2021") == f"2021-{month:02d}-07"
    assert parse_date(f"7. {form.title()} 2021") == f"2021-{month:02d}-07"


@pytest.mark.parametrize("word", DATES["year_words"])
def test_year_words(word: str) -> None:
    assert parse_date(f"2024 {word} marzo 12") == "2024-03-12"
    assert parse_date(f"2024. {word} 12. marzo") == "2024-03-12"


@pytest.mark.parametrize("word", DATES["day_words"])
def test_day_words(word: str) -> None:
    assert parse_date(f"12 {word} marzo {word} 2024") == "2024-03-12"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Veröffentlicht am 5. Mai 2021", "2021-05-05"),
        ("Publié le 1er mars 2020", "2020-03-01"),
        ("12 de marzo de 2024", "2024-03-12"),
        ("31 de julho de 2021", "2021-07-31"),
        ("Pubblicato il 3 ottobre 2022", "2022-10-03"),
        ("Geplaatst op 12 maart 2024", "2024-03-12"),
        ("Opublikowano 30 czerwca 2024", "2024-06-30"),
        ("Опубликовано 11 ноября 2023 г.", "2023-11-11"),
        ("Yayınlanma: 12 Mart 2024", "2024-03-12"),
        ("نشر في ١٤ نوفمبر ٢٠١٩", "2019-11-14"),
        ("配信：2024年3月5日", "2024-03-05"),
        ("2019年7月17日 08:59", "2019-07-17"),
        ("2024년 3월 5일", "2024-03-05"),
        ("Posted on April 7, 2020", "2020-04-07"),
        # Thai: years of the Buddhist era (543 ahead), named or numbered months
        ("เผยแพร่ 7 ม.ค. 2567 10:30 น.", "2024-01-07"),
        ("วันที่ 12 มีนาคม พ.ศ. 2567", "2024-03-12"),
        ("๑๒ มีนาคม ๒๕๖๗", "2024-03-12"),
        ("12/03/2567", "2024-03-12"),
        ("7 มกราคม 2024", "2024-01-07"),
        # the year first, with or without a word of its own after it
        ("2024. március 12.", "2024-03-12"),
        ("2024 m. kovo 12 d.", "2024-03-12"),
        ("Publicēts 2024. gada 5. maijā", "2024-05-05"),
        ("ngày 5 tháng 3 năm 2024", "2024-03-05"),
        ("15 Μαΐου 2024", "2024-05-15"),
        ("Julkaistu 3.4.2023 / päivitetty 12. huhtikuuta 2023", "2023-04-03"),
        ("פורסם ב-12 במרץ 2024", "2024-03-12"),
        ("Objavljeno 12. ožujka 2024.", "2024-03-12"),
        # the ordinal first day as typed: a degree sign, Portuguese "1.º"
        ("di Giulia Conti · 1° settembre 2024, ore 09:15", "2024-09-01"),
        ("1.º de março de 2024", "2024-03-01"),
        # hyphens, when the order is certain
        ("Publicado: 28-11-2019 · 10:32", "2019-11-28"),
    ],
)
def test_visible_dates_in_many_languages(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["08-11-2019", "Call 12-34-2019", "3-2019-11"])
def test_a_hyphenated_date_in_either_order_or_no_date_is_not_read(text: str) -> None:
    # 08-11-2019 is 8 November in Madrid and August 11 in Ohio
    assert parse_date(text) is None


def test_month_word_inside_another_word_is_not_a_month() -> None:
    # "mai" inside "Maine", "mar" inside "Marburg": not dates.
    assert parse_date("7 Maine 2021") is None
    assert parse_date("7 Marburg 2021") is None


@pytest.mark.parametrize(
    ("modified", "published"),
    [
        ("Aktualisiert am 9. Januar 2020", "Veröffentlicht am 5. Mai 2019"),
        ("Mis à jour le 9 janvier 2020", "Publié le 5 mai 2019"),
        ("Actualizado el 9 de enero de 2020", "Publicado el 5 de mayo de 2019"),
        ("Обновлено 9 января 2020", "Опубликовано 5 мая 2019"),
        ("Güncellenme: 9 Ocak 2020", "Yayınlanma: 5 Mayıs 2019"),
        ("最終更新日：2020年1月9日", "2019年5月5日"),
    ],
)
def test_publication_not_modification(modified: str, published: str) -> None:
    body = (
        f'<article><h1>Bridge reopens</h1><div class="date">{modified}</div>'
        f'<div class="date">{published}</div><p>Text.</p></article>'
    )
    assert extract_metadata(LexborHTMLParser(body)).date == "2019-05-05"


@pytest.mark.parametrize(
    "line",
    [
        "Veröffentlicht am 05.05.2019 um 08:15 Uhr | Aktualisiert am 09.01.2020 um 17:40 Uhr",
        "Mis à jour le 09/01/2020 - Publié le 05/05/2019",
        "Zuletzt aktualisiert: 9. Januar 2020 · Veröffentlicht: 5. Mai 2019 · von Birte Hansen",
        "Updated 3:42 p.m. ET Jan. 9, 2020 | Published 11:10 a.m. ET May 5, 2019",
    ],
)
def test_publication_and_modification_in_one_line(line: str) -> None:
    # each part of the line is read with its own words: the line as a whole
    # reads as no date (two dates) or as the update it also names
    body = (
        "<body><header><a href='/'>Harbour Post</a></header><article><h1>Bridge reopens</h1>"
        f"<p>{line}</p><p>The bridge reopened to traffic on Monday after repairs that took "
        "most of the winter and cost the town more than planned.</p></article></body>"
    )
    assert extract_metadata(LexborHTMLParser(body)).date == "2019-05-05"
