"""Every entry of the metadata word lists (src/newsclean/metadata/data/words.json)
does what the table says it is for."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsclean.metadata import Metadata, extract_metadata
from newsclean.metadata.title import _fold

WORDS: dict[str, Any] = json.loads(
    resources.files("newsclean.metadata").joinpath("data/words.json").read_text("utf-8")
)
HEADLINE = "Council approves the new budget for roads"


def meta_of(head: str = "", body: str = "", url: str | None = None) -> Metadata:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(LexborHTMLParser(html), url)


@pytest.mark.parametrize("sep", WORDS["title_separators"]["strong"])
def test_a_strong_separator_marks_an_unknown_site_suffix(sep: str) -> None:
    m = meta_of(f"<title>{HEADLINE} {sep} Harbour Courier</title>")
    assert (m.title, m.site_name) == (HEADLINE, "Harbour Courier")


@pytest.mark.parametrize("sep", ["~", "/", ":"])
def test_a_weak_separator_alone_does_not(sep: str) -> None:
    m = meta_of(f"<title>{HEADLINE} {sep} Harbour Courier</title>")
    assert m.site_name is None and m.title == f"{HEADLINE} {sep} Harbour Courier"


def test_a_colon_separates_only_a_known_site_name() -> None:
    m = meta_of(
        f'<title>Harbour Courier: {HEADLINE}</title><meta property="og:site_name" '
        'content="Harbour Courier">'
    )
    assert m.title == HEADLINE


@pytest.mark.parametrize("marker", WORDS["copyright_markers"])
@pytest.mark.parametrize("phrase", WORDS["rights_phrases"])
def test_copyright_holder_without_the_rights_phrase(marker: str, phrase: str) -> None:
    # The holder and the domain agree: the site's name, without "All rights reserved".
    m = meta_of(
        "<title>Council approves the new budget</title>",
        f"<article><p>Text.</p></article><footer><p>{marker} 2024 Harbour Courier {phrase} "
        "reserved.</p></footer>",
        url="https://harbourcourier.example/a",
    )
    assert m.site_name == "Harbour Courier"


@pytest.mark.parametrize("letter,ascii_form", sorted(WORDS["undecomposed_letters"].items()))
def test_letters_fold_as_domains_write_them(letter: str, ascii_form: str) -> None:
    assert _fold(f"Gr{letter}nd Daily") == f"gr{ascii_form}nddaily"
    m = meta_of(
        "<title>Council approves the new budget</title>",
        f"<article><p>Text.</p></article><footer><p>© 2024 Gr{letter}nd Daily</p></footer>",
        url=f"https://www.gr{ascii_form}nddaily.example/a",
    )
    assert m.site_name == f"Gr{letter}nd Daily"


_CONJUNCTIONS = {"y", "e"}


@pytest.mark.parametrize("particle", sorted(set(WORDS["name_particles"]) - _CONJUNCTIONS))
def test_name_particles_stay_inside_a_byline_name(particle: str) -> None:
    body = (
        f'<article><h1>{HEADLINE}</h1><div class="byline">By Lucia {particle} Bianchi</div>'
        "<p>The council approved it on Tuesday.</p></article>"
    )
    assert meta_of(f"<title>{HEADLINE}</title>", body).authors == [f"Lucia {particle} Bianchi"]


@pytest.mark.parametrize("particle", sorted(WORDS["elided_particles"]))
def test_elided_particles_stay_inside_a_byline_name(particle: str) -> None:
    body = (
        f'<article><h1>{HEADLINE}</h1><div class="byline">By Lucia {particle}\u2019Amato</div>'
        "<p>The council approved it on Tuesday.</p></article>"
    )
    assert meta_of(f"<title>{HEADLINE}</title>", body).authors == [f"Lucia {particle}\u2019Amato"]


@pytest.mark.parametrize("particle", sorted(_CONJUNCTIONS & set(WORDS["name_particles"])))
def test_particles_that_are_also_conjunctions_join_two_names(particle: str) -> None:
    body = (
        f'<article><h1>{HEADLINE}</h1><div class="byline">By Lucia {particle} Bianchi</div>'
        "<p>The council approved it on Tuesday.</p></article>"
    )
    assert meta_of(f"<title>{HEADLINE}</title>", body).authors == ["Lucia", "Bianchi"]
