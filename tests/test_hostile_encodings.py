"""Encodings end to end: bytes on disk -> ``newsclean extract`` -> the right text.

The io engineer's charset matrix tests ``decode`` itself; this checks the whole
path through the real CLI (file/WARC/JSONL reader, decoder, extractor, cleaner):
undeclared legacy encodings, ``<meta>`` and HTTP charsets that lie, BOMs that
overrule them, UTF-16, invalid bytes, and legacy-encoded text files and JSON
lines. Each page must come out ``ok`` with its sentences intact.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsclean.io.warc_write import response, write_warc

SENT = {
    "fr": "Le conseil municipal a voté le budget des écoles et des routes après un long débat.",
    "de": "Der Stadtrat hat nach langer Debatte den Haushalt für Straßen und Schulen beschlossen.",
    "ru": "Городской совет утвердил бюджет на дороги и школы после долгих споров.",
    "ja": "市議会は長い議論の末、道路と学校の予算を承認したと市長が記者団に語った。",
    "zh": "市议会经过长时间辩论后批准了道路和学校的预算，市长对记者说。",
    "pl": "Rada miasta zatwierdziła budżet na drogi i szkoły po długiej debacie.",
}


def page(lang: str, meta: str = "") -> str:
    s = SENT[lang]
    paras = "".join(f"<p>{s} ({i})</p>" for i in range(4))
    return (
        f"<html><head>{meta}<title>{s[:10]}</title></head><body><article><h1>{s[:10]}</h1>"
        f"{paras}</article></body></html>"
    )


def text_doc(lang: str) -> str:
    s = SENT[lang]
    return f"{s[:10]}\n\n" + "\n\n".join(f"{s} ({i})" for i in range(4)) + "\n"


# name -> (bytes, language whose sentence must come out)
FILES: dict[str, tuple[bytes, str]] = {
    "a_cp1252_undeclared.html": (page("fr").encode("windows-1252"), "fr"),
    "b_sjis_undeclared.html": (page("ja").encode("shift_jis"), "ja"),
    "c_gb18030_undeclared.html": (page("zh").encode("gb18030"), "zh"),
    "d_koi8r_undeclared.html": (page("ru").encode("koi8-r"), "ru"),
    "e_meta_says_utf8_is_cp1252.html": (
        page("de", '<meta charset="utf-8">').encode("cp1252"), "de"
    ),
    "f_meta_says_koi8r_is_utf8.html": (page("ru", '<meta charset="koi8-r">').encode(), "ru"),
    "g_bom_beats_meta.html": (
        b"\xef\xbb\xbf" + page("pl", '<meta charset="iso-8859-2">').encode(), "pl"
    ),
    "h_utf16le_bom.html": (page("ja").encode("utf-16"), "ja"),
    "i_utf16be_bom.html": (b"\xfe\xff" + page("zh").encode("utf-16-be"), "zh"),
    "j_cp1251_declared.html": (
        page("ru", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
        .encode("cp1251"),
        "ru",
    ),
    "k_koi8r_text.txt": (text_doc("ru").encode("koi8-r"), "ru"),
    "l_cp1252_text.txt": (text_doc("fr").encode("cp1252"), "fr"),
}  # fmt: skip

WARC_RESPONSES: list[tuple[bytes, str | None, str]] = [
    (page("ru").encode(), "text/html; charset=iso-8859-1", "ru"),  # header lies: UTF-8 bytes
    (page("ru").encode("koi8-r"), "text/html; charset=utf-8", "ru"),  # header lies: KOI8-R
    (page("fr").encode("cp1252"), "text/html; charset=utf-8", "fr"),
    (page("ja").encode("euc-jp"), "text/html; charset=EUC-JP", "ja"),  # header right
    (page("zh").encode("gb18030"), "text/html; charset=gb2312", "zh"),  # a subset's label
    (page("de", '<meta charset="utf-8">').encode("cp1252"), "text/html", "de"),
]


def run_extract(path: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", str(path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return [orjson.loads(x) for x in out.stdout.splitlines()]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("enc")
    for name, (data, _) in FILES.items():
        (root / name).write_bytes(data)
    write_warc(
        root / "m_http.warc.gz",
        [
            response(f"https://enc.example/{i}", b, ct)
            for i, (b, ct, _) in enumerate(WARC_RESPONSES)
        ],
    )
    lines = [
        orjson.dumps({"id": "utf8", "html": page("ru")}),
        # A JSONL line written in Latin-1 by a legacy tool (not valid UTF-8).
        ('{"id": "latin1", "text": "' + text_doc("fr").replace("\n", "\\n") + '"}').encode(
            "latin-1"
        ),
    ]
    (root / "n_lines.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    recs = run_extract(root)
    by_key: dict[str, dict[str, Any]] = {}
    for r in recs:
        src = r["source"].rsplit("/", 1)[-1]
        key = f"{src.split('#')[0]}#{r['url']}" if r["url"] else src
        by_key[r["id"] if src.startswith("n_lines") else key] = r
    return by_key


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_pages_decode_right(records: dict[str, dict[str, Any]], name: str) -> None:
    lang = FILES[name][1]
    rec = records[name]
    assert rec["status"] == "ok", rec
    assert SENT[lang] in rec["text"], rec["text"][:200]
    assert "\ufffd" not in rec["text"]
    if lang in ("ru", "ja", "zh"):
        assert rec["language"] == lang


@pytest.mark.parametrize("i", range(len(WARC_RESPONSES)))
def test_warc_pages_decode_right_whatever_the_http_header_says(
    records: dict[str, dict[str, Any]], i: int
) -> None:
    lang = WARC_RESPONSES[i][2]
    rec = records[f"m_http.warc.gz#https://enc.example/{i}"]
    assert rec["status"] == "ok", rec
    assert SENT[lang] in rec["text"], rec["text"][:200]
    assert "\ufffd" not in rec["text"]


@pytest.mark.parametrize("doc_id,lang", [("utf8", "ru"), ("latin1", "fr")])
def test_jsonl_lines_decode_right(
    records: dict[str, dict[str, Any]], doc_id: str, lang: str
) -> None:
    rec = records[doc_id]
    assert rec["status"] == "ok", rec
    assert SENT[lang] in rec["text"]


def long_page(lang: str, n: int) -> str:
    return page(lang).replace("</article>", f"<p>{SENT[lang]} (more)</p>" * n + "</article>")


def test_invalid_bytes_cost_only_themselves(tmp_path: Path) -> None:
    good = long_page("fr", 12).encode()
    bad = good.replace("écoles".encode(), b"\xffcoles", 1)  # one broken sequence
    (tmp_path / "bad.html").write_bytes(bad)
    [rec] = run_extract(tmp_path / "bad.html")
    assert rec["status"] == "ok"
    # The page is still read as UTF-8: every other paragraph is intact.
    assert rec["text"].count(SENT["fr"]) == 15
    assert "Ã" not in rec["text"]  # not mis-decoded as a legacy code page


def test_a_few_invalid_bytes_in_a_short_page_do_not_garble_it(tmp_path: Path) -> None:
    good = page("fr").encode()
    bad = good.replace("écoles".encode(), b"\xff\xfe\xc3coles", 1)
    (tmp_path / "bad.html").write_bytes(bad)
    [rec] = run_extract(tmp_path / "bad.html")
    assert rec["text"].count(SENT["fr"]) == 3
