"""clean_text: byline lines it removes fill `authors` and `date` (README: bylines
are kept as metadata instead)."""

from __future__ import annotations

import pytest

import newsclean
from newsclean.metadata.bylines import byline_fields

BODY = (
    "The council voted on Tuesday to approve the new budget for roads and schools. "
    "The mayor said the plan would be reviewed again next spring by the committee.\n\n"
    "The budget includes funds for three new bridges and the repair of older ones "
    "across the district, officials said on Wednesday."
)


def test_byline_line_fills_authors_and_date() -> None:
    text = (
        "Council approves new budget for roads\n\n"
        "By Jane Doe and Omar Haddad | Published 3 March 2021\n\n" + BODY
    )
    art = newsclean.clean_text(text)
    assert ("byline", "By Jane Doe and Omar Haddad | Published 3 March 2021") in [
        (r.reason, r.text) for r in art.removed
    ]
    assert art.authors == ["Jane Doe", "Omar Haddad"]
    assert art.date == "2021-03-03"
    assert "Jane Doe" not in art.text


def test_byline_in_another_language() -> None:
    art = newsclean.clean_text("Neue Brücke eröffnet\n\nVon Anna Schmidt\n\n" + BODY)
    assert art.authors == ["Anna Schmidt"]


def test_text_without_byline_has_no_authors() -> None:
    art = newsclean.clean_text(BODY)
    assert (art.authors, art.date) == ([], None)


def test_fields_from_lines() -> None:
    assert byline_fields(["5 min read", "By Ann Lee", "Updated 4 May 2021"]) == (
        ["Ann Lee"],
        "2021-05-04",
    )
    # the publication date over an update's; the update's when there is no other
    assert byline_fields(["Updated 8 June 2022", "By Ann Lee", "Published 7 June 2022"]) == (
        ["Ann Lee"],
        "2022-06-07",
    )
    assert byline_fields(["Updated 8 June 2022 | Published 7 June 2022"])[1] == "2022-06-07"
    assert byline_fields(["Last updated 2 March 2024"])[1] == "2024-03-02"
    assert byline_fields(["A sentence about the Mayor of London that is much too long. " * 5]) == (
        [],
        None,
    )


def test_a_line_of_fields_names_the_authors_of_its_byline_field() -> None:
    # the paper's name in the first field is no author; a wire agency's byline
    # field gives way to the name before it
    line = "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par Ann Lee"
    assert byline_fields([line]) == (["Ann Lee"], "2015-05-04")
    assert byline_fields(["Ann Lee | 3 May 2021 | By Reuters"]) == (["Ann Lee"], "2021-05-03")


def test_a_dated_byline_above_the_story_fills_the_record() -> None:
    line = "The Courier | 3 March 2021 | By Jane Doe (with Omar Haddad)"
    art = newsclean.clean_text("Council approves new budget for roads\n\n" + line + "\n\n" + BODY)
    assert ("byline", line) in [(r.reason, r.text) for r in art.removed]
    assert (art.authors, art.date) == (["Jane Doe", "Omar Haddad"], "2021-03-03")
    assert art.text == BODY


def test_a_byline_of_fields_with_other_numbers_gives_its_date() -> None:
    line = "by Ann Lee | Mar 11, 2023 | Brakes and Brake Repair | 0 comments"
    assert byline_fields([line]) == (["Ann Lee"], "2023-03-11")


def test_a_byline_line_naming_no_person_gives_no_authors() -> None:
    # Lines a text loses as bylines that name nobody: a reading time, menu
    # labels a byline word opens (Dutch "Door" before an English "Door Locks"),
    # a brand; the next byline line names the author.
    lines = ["13 MIN READ", "By Role", "Door Locks", "Written by HomeAdvisor", "By Keith Barry"]
    assert byline_fields(lines) == (["Keith Barry"], None)
    assert byline_fields(lines[:4]) == ([], None)
    # a script written without spaces writes a whole name as one "word"
    assert byline_fields(["記者 山田太郎"])[0] == ["山田太郎"]


def test_a_spaced_middle_dot_of_any_form_separates_fields() -> None:
    # sites write the dot operator and the bullet operator for the middle dot;
    # unspaced, a middle dot joins the parts of a transcribed name
    for dot in ("\u00b7", "\u2022", "\u22c5", "\u2219"):
        line = f"By Matthew Richardson {dot} Review Editor {dot} Updated November 18, 2025"
        assert byline_fields([line]) == (["Matthew Richardson"], "2025-11-18"), dot
    assert byline_fields(["作者：马丁·路德"])[0] == ["马丁·路德"]


def test_the_fields_after_a_bylines_dateline_name_nobody() -> None:
    # the field that holds a date ends the names: its words ("نشر في",
    # published on), a reading time, categories and counts after it are no authors
    assert byline_fields(["كتب: فريق التحرير · نشر في 17/10/2022"])[0] == []
    assert byline_fields(["Von Anna Müller · 12. März 2024 · 3 Min. Lesezeit"])[0] == [
        "Anna Müller"]
    assert byline_fields(["by Daniel Gibson | Mar 11, 2023 | All About Brakes and Brake "
                          "Repair, Learn About Brakes | 0 comments"])[0] == ["Daniel Gibson"]
    # names and date in one field: the names
    assert byline_fields(["By Craig Randall, Alli Miles, Eszter Horanyi on March 12, 2026 | "
                          "Comments"])[0] == ["Craig Randall", "Alli Miles", "Eszter Horanyi"]


STORY = ("Teams in every industry use the platform; the role of each user and the type of "
         "case decide which plan fits, whatever the company size or the audience.")


def test_a_facet_menus_labels_name_nobody() -> None:
    # "By Role", "By Industry", "By Use Case": labels a byline word opens, side
    # by side, each a word the story writes in lower case
    lines = ["By Role", "By Industry", "By Use Case", "By Type", "9 min read"]
    assert byline_fields(lines, STORY) == ([], None)
    # the byline further down still names its author
    assert byline_fields([*lines, "Updated May 2, 2025", "By Ann Lee"], STORY)[0] == ["Ann Lee"]


def test_one_word_bylines_that_are_names_do_not_make_a_facet_menu() -> None:
    # forum user names and brands side by side are no menu's labels
    lines = ["by Quady", "Written by HomeAdvisor", "By Keith Barry"]
    assert byline_fields(lines, STORY)[0] == ["Keith Barry"]
    # a label alone beside a byline, as a menu label in another language reads
    assert byline_fields(["Door Locks", "By Keith Barry"], "Replace the locks of a door.")[0] == [
        "Keith Barry"]
    # two labels of two words each make no menu: a facet's label is one word
    assert byline_fields(["By Use Case", "By Ann Lee"], "In this use case the team chose.")[0] == [
        "Ann Lee"]


@pytest.mark.parametrize(
    ("line", "text", "authors"),
    [
        # every word of the "name" is the story's own
        ("From Our Economists", "Rates will fall, say our economists.", []),
        ("By Wine Region", "Each wine region has its grape.", []),
        # a name whose first name is a word stays a name
        ("By Will Smith", "The council will vote on the budget.", ["Will Smith"]),
        # a wire agency is an author, whatever words it is made of
        ("By The Associated Press", "The press associated with the party said so.",
         ["The Associated Press"]),
        # without the text to compare with, the name stands
        ("From Our Economists", "", ["Our Economists"]),
    ],
)
def test_a_name_made_of_the_texts_own_words_is_no_author(line: str, text: str,
                                                         authors: list[str]) -> None:
    assert byline_fields([line], text)[0] == authors
