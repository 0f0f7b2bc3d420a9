"""bytes -> str: the encoding matrix (BOMs, labels that agree, disagree or lie,
undeclared legacy encodings, invalid and NUL bytes) and the charset table."""

from __future__ import annotations

import codecs
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.io.decode import (
    charset_from_content_type,
    decode,
    decode_html,
    meta_charset,
    normalize_charset,
)

FRENCH = "Le conseil a approuvé mardi un budget qui prévoit la rénovation de l'école élémentaire."
GERMAN = "Der Stadtrat hat beschlossen, dass die Fähre künftig häufiger über den Fluss fährt."
RUSSIAN = "Городской совет во вторник утвердил новый бюджет и ремонт вокзала у реки."
JAPANESE = "市議会は火曜日、駅の改修と川沿いの自転車道の建設を盛り込んだ新しい予算案を可決した。"
CHINESE = "市议会周二批准了新的预算，其中包括车站的翻修以及沿河自行车道的建设。"


def page(text: str, head: str = "") -> str:
    body = f"<p>{text}</p><p>{text}</p>"
    return f"<html><head>{head}<title>News</title></head><body>{body}</body></html>"


# --- BOMs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_wins_over_every_label(bom: bytes, codec: str) -> None:
    data = bom + page(GERMAN, '<meta charset="windows-1252">').encode(codec)
    out = decode_html(data, "iso-8859-1")
    assert out.source == "bom"
    assert GERMAN in out.text and not out.text.startswith("\ufeff")


def test_utf16_without_bom_is_recognised() -> None:
    out = decode_html(page(GERMAN).encode("utf-16-le"))
    assert out.encoding == "utf-16-le" and GERMAN in out.text


# --- labels agree, disagree, lie ------------------------------------------------


def test_header_and_meta_agree() -> None:
    data = page(RUSSIAN, '<meta charset="koi8-r">').encode("koi8_r")
    out = decode_html(data, "KOI8-R")
    assert out.source == "header" and RUSSIAN in out.text


def test_meta_http_equiv_is_read() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    out = decode_html(page(JAPANESE, head).encode("shift_jis"))
    assert out.source == "meta" and JAPANESE in out.text


def test_meta_after_a_long_script_is_still_found() -> None:
    head = "<script>" + "var x = 1;\n" * 400 + '</script><meta charset="gb2312">'
    out = decode_html(page(CHINESE, head).encode("gb18030"))
    assert out.source == "meta" and CHINESE in out.text


def test_header_and_meta_disagree_the_bytes_decide() -> None:
    # header says windows-1251, meta says koi8-r, bytes are koi8-r: both tables
    # decode any byte, detection breaks the tie
    data = page(RUSSIAN, '<meta charset="koi8-r">').encode("koi8_r")
    assert RUSSIAN in decode(data, "windows-1251")
    # and the other way round
    data = page(RUSSIAN, '<meta charset="koi8-r">').encode("cp1251")
    assert RUSSIAN in decode(data, "windows-1251")


def test_multibyte_label_that_does_not_fit_loses_to_the_other() -> None:
    # header shift_jis cannot decode these gb18030 bytes; the meta can
    data = page(CHINESE, '<meta charset="gbk">').encode("gb18030")
    assert CHINESE in decode(data, "shift_jis")


@pytest.mark.parametrize(
    ("text", "codec"),
    [(FRENCH, "cp1252"), (RUSSIAN, "cp1251"), (JAPANESE, "shift_jis"), (CHINESE, "gb18030")],
)
def test_utf8_label_that_lies_falls_back_to_detection(text: str, codec: str) -> None:
    data = page(text, '<meta charset="utf-8">').encode(codec)
    out = decode_html(data, "utf-8")
    assert text in out.text
    assert "\ufffd" not in out.text


def test_latin1_label_on_utf8_bytes_is_utf8() -> None:
    data = page(FRENCH + " — “quotes”", '<meta charset="iso-8859-1">').encode("utf-8")
    out = decode_html(data, "ISO-8859-1")
    assert FRENCH + " — “quotes”" in out.text and "Ã" not in out.text


def test_latin1_label_means_windows_1252() -> None:
    data = page("The “council” – café €5").encode("cp1252")
    assert "The “council” – café €5" in decode(data, "iso-8859-1")


def test_unknown_label_is_ignored() -> None:
    data = page(GERMAN, '<meta charset="no-such-charset">').encode("cp1252")
    assert GERMAN in decode(data, "x-made-up")


# --- undeclared legacy encodings -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (FRENCH + " " + GERMAN, "cp1252"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc_jp"),
        (CHINESE, "gb18030"),
        (RUSSIAN, "koi8_r"),
        (RUSSIAN, "cp1251"),
    ],
)
def test_undeclared_legacy_encoding_is_detected(text: str, codec: str) -> None:
    out = decode_html(page(text).encode(codec))
    assert out.source == "detected"
    assert text in out.text


def test_iso_2022_jp_is_not_taken_for_ascii() -> None:
    out = decode_html(page(JAPANESE).encode("iso2022_jp"))
    assert JAPANESE in out.text


# --- damage -------------------------------------------------------------------


def test_a_few_invalid_bytes_in_utf8_are_replaced_not_fatal() -> None:
    good = page(FRENCH * 3).encode("utf-8")
    data = good[:200] + b"\xff\xfe\xc3" + good[200:]
    out = decode_html(data)
    assert out.encoding == "utf-8" and out.text.count("\ufffd") >= 1
    assert FRENCH in out.text


def test_nul_bytes_are_dropped() -> None:
    data = page("Ferry\x00 timetable").encode("utf-8")
    assert "Ferry timetable" in decode(data)
    assert "\x00" not in decode(b"\x00\x00<p>x</p>\x00")


def test_empty_input() -> None:
    assert decode(b"") == ""


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "shift_jis", "x-bogus", "utf-16"]))
def test_never_raises_and_never_returns_nul(data: bytes, label: str | None) -> None:
    out = decode_html(data, label)
    assert isinstance(out.text, str) and "\x00" not in out.text


# --- helpers and the charset table ------------------------------------------------


def test_charset_from_content_type() -> None:
    assert charset_from_content_type('text/html; charset="Shift_JIS"') == "Shift_JIS"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


def test_meta_charset_only_in_the_first_bytes() -> None:
    assert meta_charset(b'<meta charset="koi8-r">') == "koi8-r"
    assert meta_charset(b"x" * 20000 + b'<meta charset="koi8-r">') is None


def test_non_text_codecs_are_not_charsets() -> None:
    assert normalize_charset("base64") is None
    assert normalize_charset("rot13") is None
    assert normalize_charset("") is None


def _aliases() -> dict[str, str]:
    raw = resources.files("newsclean.io").joinpath("data/charset_aliases.json").read_text()
    table: dict[str, str] = json.loads(raw)["aliases"]
    return table


@pytest.mark.parametrize(("label", "codec"), sorted(_aliases().items()))
def test_every_charset_alias_maps_to_a_working_codec(label: str, codec: str) -> None:
    assert normalize_charset(label.upper()) == codec
    assert codecs.lookup(codec)
    # the codec decodes ASCII as ASCII: a page's markup survives any label
    assert b"<p>ok</p>".decode(codec) == "<p>ok</p>"
