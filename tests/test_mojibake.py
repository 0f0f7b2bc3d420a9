"""Mojibake: text whose UTF-8 bytes were once decoded as Windows-1252 and
encoded again ("doesnâ€™t"). The page's bytes are valid UTF-8, so no charset
label or detector can see it; the record carries the text as it was written,
unless the user asks to keep it as served."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsclean
from newsclean.mojibake import looks_mojibaked, repair
from newsclean.options import Options

STORY = [
    "The harbour’s new ferry terminal opened on Monday, two years late and “well over budget”, "
    "the port authority’s director said — though she added that it wouldn’t cost passengers more.",
    "Ferries to the islands will leave every forty minutes in summer; the old quay, which "
    "couldn’t take the larger boats, becomes a café and a market hall by next spring.",
    "Residents’ groups welcomed the opening but asked for more parking: the terminal’s 120 spaces "
    "were full by nine o’clock on the first morning, according to the town’s own count.",
]
TITLE = "Harbour’s ferry terminal opens — two years late"


def _byte_as_cp1252(b: int) -> str:
    # the five bytes Windows-1252 leaves undefined pass as their Latin-1 (C1) code points
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


def double_encoded(text: str) -> str:
    """What a CMS stores after reading UTF-8 as Windows-1252 and writing it again."""
    return "".join(_byte_as_cp1252(b) for b in text.encode("utf-8"))


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    )
    return html.encode("utf-8")


def test_a_page_stored_double_encoded_gives_the_text_as_written() -> None:
    served = page(double_encoded(TITLE), [double_encoded(p) for p in STORY])
    assert "â€™" in served.decode("utf-8")  # valid UTF-8 bytes, wrong characters
    art = newsclean.extract(served, url="https://news.example.org/harbour")
    assert art.status == "ok"
    assert art.title == TITLE
    for paragraph in STORY:
        assert paragraph in art.text
    assert not looks_mojibaked(art.text)


def test_the_user_may_keep_the_page_as_served() -> None:
    served = page(double_encoded(TITLE), [double_encoded(p) for p in STORY])
    art = newsclean.extract(served, options=Options(repair_mojibake=False))
    assert double_encoded(STORY[0]) in art.text


def test_scraped_text_is_repaired_before_it_is_cleaned() -> None:
    text = "\n".join([double_encoded(TITLE), *(double_encoded(p) for p in STORY)])
    art = newsclean.clean_text(text)
    assert art.status == "ok"
    for paragraph in STORY:
        assert paragraph in art.text
    assert "â€" not in art.text and all("â€" not in r.text for r in art.removed)


def test_a_page_mixing_mojibake_and_correct_text_is_repaired_where_broken() -> None:
    served = page(TITLE, [STORY[0], double_encoded(STORY[1]), STORY[2]])
    art = newsclean.extract(served)
    for paragraph in STORY:
        assert paragraph in art.text


@pytest.mark.parametrize(
    "text",
    [
        "«Le café», dit-il, «était fermé à 20 h.»",  # French guillemets after an accent
        "SÃO PAULO, 3 de março — A prefeitura anunciou",  # Portuguese capitals
        "România în câmpul european, după alegeri",
        "Tiếng Việt có dấu: người dân đã được thông báo",
        "Größe 3½, Straße 12, 100 °C, ± 2 µm",
        "Ελληνικά, русский, עברית, العربية, 日本語, 한국어",
        "wait—no – “ok” … ‘fine’ €5 ™",
    ],
)
def test_correct_text_in_any_language_is_left_alone(text: str) -> None:
    assert repair(text) == text


@pytest.mark.parametrize(
    ("broken", "written"),
    [
        ("doesnâ€™t", "doesn’t"),
        ("cafÃ©", "café"),
        ("Ã¼ber Ã¶ffentliche", "über öffentliche"),
        ("100Â°C", "100°C"),
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
    ],
)
def test_each_form_of_mojibake_is_put_back(broken: str, written: str) -> None:
    assert looks_mojibaked(broken)
    assert repair(broken) == written


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("caf\u00c3\u00a9", True),  # a lead and a Latin-1 continuation
        ("doesn\u00e2\u20ac\u2122t", True),  # a Windows-1252 continuation
        ("100\u00c2 C", True),  # a no-break space's lead left after a word
        ("\u00c2 x", False),  # ... but not at the start
        ("a \u00c2 x", False),  # ... nor after a space
        ("x\u00c2", False),  # a lead alone
        ("\u00abcaf\u00e9\u00bb", True),  # passes the gate: ftfy judges it
        ("stra\u00dfe \u00f1and\u00fa", False),
        ("plain ascii", False),
    ],
)
def test_the_gate_on_text(text: str, sign: bool) -> None:
    assert looks_mojibaked(text) is sign


def test_line_breaks_stay_where_they_are() -> None:
    broken = "\n".join(double_encoded(p) for p in STORY)
    assert repair(broken).split("\n") == STORY


def test_the_cli_keeps_mojibake_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "page.html"
    src.write_bytes(page(double_encoded(TITLE), [double_encoded(p) for p in STORY]))
    for flag, expect in (([], STORY[0]), (["--keep-mojibake"], double_encoded(STORY[0]))):
        out = subprocess.run(
            [sys.executable, "-m", "newsclean", "extract", str(src), "--format", "txt", *flag],
            capture_output=True, text=True, check=True,
        ).stdout
        assert expect in out


def test_a_page_served_wholly_double_encoded_reads_as_the_page_it_was() -> None:
    # Japanese in UTF-8 holds bytes 0x85 (next line) and 0xA0 (no-break space):
    # read as Windows-1252 they are whitespace, which must not be collapsed first
    story = [
        "先日、不正に改造したスマートフォンを販売したとして、二十代の男性が逮捕されました。",
        "報道によると、販売されたのは機能制限を解除した端末で、非公式のアプリも使えるものでした。",
        "専門家は、改造した商品を無断で販売すると商標権の侵害にあたる場合があると指摘しています。",
    ]
    html = page("改造スマホ販売で逮捕", story) + b"<p>Aug.\xc2\xa09 \xe2\x80\x93 end</p>"
    served = double_encoded(html.decode("utf-8")).encode("utf-8")
    art = newsclean.extract(served)
    assert art.text.split("\n\n")[:3] == story
    assert art.title == "改造スマホ販売で逮捕"


def test_a_no_break_space_whose_byte_was_made_a_space_is_put_back() -> None:
    # "Aug.\u00a09" double-encoded, then a scraper's whitespace handling
    fixed = repair("on Aug.\u00c2 9 to\u00c2 6:30 a.m.")
    assert fixed.replace("\u00a0", " ") == "on Aug. 9 to 6:30 a.m."


def test_text_double_encoded_throughout_is_undone_whole() -> None:
    # the codecs' fast path: a long text, every character of it double-encoded
    text = "\n".join(STORY * 200)
    assert repair(double_encoded(text)) == text


def test_text_mixing_mojibake_and_correct_characters_goes_to_ftfy() -> None:
    # "’" written right next to one double-encoded: the whole-text decoding
    # fails, ftfy repairs the broken one alone
    assert repair("it’s the harbourâ€™s") == "it’s the harbour’s"
