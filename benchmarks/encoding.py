"""Decoding undeclared and mislabelled pages: newsclean.io.decode beside the detectors.

A matrix of short news-style paragraphs written for this benchmark (14 languages),
each encoded in the legacy encodings used for that language on the web and in
UTF-8, wrapped in an HTML page **without** any charset declaration (the case
where detection decides), plus a second matrix where the page lies (declares
UTF-8 or ISO-8859-1 while the bytes are something else). A case is right when
the decoded page contains the original paragraph exactly.

Tools, in one run:
- newsclean ``decode_html`` (BOM, UTF-8 validity, labels, then uchardet via resiliparse)
- resiliparse ``detect_encoding`` + ``bytes_to_str`` alone
- charset-normalizer ``from_bytes(...).best()``
- trafilatura's ``decode_file`` (its own charset_normalizer-based path)

Run::

    .venv/bin/python benchmarks/encoding.py

Writes benchmarks/results/encoding.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from charset_normalizer import from_bytes
from common import command_line, publish
from resiliparse.parse.encoding import bytes_to_str, detect_encoding

from newsclean.io.decode import decode_html

SAMPLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "en": ("The council’s new budget — approved on Tuesday — adds “three” ferry crossings "
           "and a café for commuters at the harbour terminal.", ("cp1252",)),
    "fr": ("Le conseil municipal a approuvé mardi un nouveau budget qui prévoit la rénovation "
           "de l'école élémentaire et l'ouverture d'un marché couvert près de la gare.",
           ("cp1252", "iso8859_15")),
    "de": ("Der Stadtrat hat am Dienstag beschlossen, die Fähre über den Fluss häufiger "
           "fahren zu lassen; die Bürger müssen künftig weniger lange warten.",
           ("cp1252",)),
    "es": ("El ayuntamiento aprobó el martes un presupuesto que incluye la reforma del "
           "puerto y una nueva línea de autobús nocturno para los vecinos.", ("cp1252",)),
    "pl": ("Rada miasta zatwierdziła we wtorek nowy budżet, który przewiduje remont "
           "dworca i budowę ścieżek rowerowych wzdłuż rzeki.", ("cp1250", "iso8859_2")),
    "cs": ("Městská rada v úterý schválila nový rozpočet, který počítá s opravou "
           "nádraží a s výstavbou cyklostezek podél řeky.", ("cp1250", "iso8859_2")),
    "ru": ("Городской совет во вторник утвердил новый бюджет, который предусматривает "
           "ремонт вокзала и строительство велосипедных дорожек вдоль реки.",
           ("cp1251", "koi8_r")),
    "uk": ("Міська рада у вівторок затвердила новий бюджет, який передбачає ремонт "
           "вокзалу та будівництво велосипедних доріжок уздовж річки.", ("cp1251", "koi8_u")),
    "el": ("Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό που "
           "προβλέπει την ανακαίνιση του σταθμού και νέους ποδηλατόδρομους.",
           ("cp1253", "iso8859_7")),
    "tr": ("Belediye meclisi salı günü istasyonun yenilenmesini ve nehir boyunca "
           "bisiklet yolları yapılmasını öngören yeni bütçeyi onayladı.", ("cp1254",)),
    "ja": ("市議会は火曜日、駅の改修と川沿いの自転車道の建設を盛り込んだ新しい予算案を"
           "可決した。市長は記者会見で、工事は来年春に始まる予定だと述べた。",
           ("cp932", "euc_jp")),
    "zh": ("市议会周二批准了新的预算，其中包括车站的翻修以及沿河自行车道的建设。"
           "市长在记者会上表示，工程预计将于明年春季开工。", ("gb18030",)),
    "zh-tw": ("市議會週二通過了新的預算，其中包括車站的翻修以及沿河自行車道的建設。"
              "市長在記者會上表示，工程預計將於明年春季開工。", ("big5",)),
    "ko": ("시의회는 화요일 역 보수와 강변 자전거 도로 건설을 포함한 새 예산안을 "
           "승인했다. 시장은 기자회견에서 공사가 내년 봄에 시작될 예정이라고 밝혔다.",
           ("cp949",)),
}  # fmt: skip


def page(paragraph: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>City news</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Council budget</h1>"
        f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    )


def cases() -> list[tuple[str, str, bytes, str, str | None]]:
    """(group, label, bytes, expected paragraph, http charset)."""
    out: list[tuple[str, str, bytes, str, str | None]] = []
    for lang, (text, encs) in SAMPLES.items():
        for enc in (*encs, "utf-8"):
            data = page(text).encode(enc)
            out.append(("undeclared", f"{lang}/{enc}", data, text, None))
        for enc in encs:
            # the page says utf-8 (header) but is legacy-encoded
            out.append(("header lies (utf-8)", f"{lang}/{enc}", page(text).encode(enc), text,
                        "utf-8"))  # fmt: skip
        # the page says iso-8859-1 (the commonest wrong default) but is utf-8
        utf8 = page(text, '<meta charset="iso-8859-1">').encode("utf-8")
        out.append(("meta lies (latin-1)", f"{lang}/utf-8", utf8, text, None))
    return out


def newsclean_tool(data: bytes, http: str | None) -> str:
    return decode_html(data, http).text


def resiliparse_tool(data: bytes, http: str | None) -> str:
    enc = http or detect_encoding(data) or "utf-8"
    return bytes_to_str(data, enc, errors="replace")


def charset_normalizer_tool(data: bytes, http: str | None) -> str:
    if http:
        try:
            return data.decode(http)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", "replace")


def trafilatura_tool(data: bytes, http: str | None) -> str:
    from trafilatura.utils import decode_file

    return str(decode_file(data))


TOOLS: dict[str, Callable[[bytes, str | None], str]] = {
    "newsclean decode_html": newsclean_tool,
    "resiliparse detect_encoding": resiliparse_tool,
    "charset-normalizer": charset_normalizer_tool,
    "trafilatura decode_file": trafilatura_tool,
}


def main() -> None:
    # no options, but --help says what this runs rather than running it
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    all_cases = cases()
    groups = sorted({c[0] for c in all_cases}, key=lambda g: [c[0] for c in all_cases].index(g))
    rows = []
    failures: dict[str, list[str]] = {}
    for name, fn in TOOLS.items():
        right = dict.fromkeys(groups, 0)
        total = dict.fromkeys(groups, 0)
        t0 = time.perf_counter()
        for group, label, data, text, http in all_cases:
            total[group] += 1
            try:
                ok = text in fn(data, http)
            except Exception:
                ok = False
            if ok:
                right[group] += 1
            else:
                failures.setdefault(name, []).append(f"{group}: {label}")
        ms = (time.perf_counter() - t0) * 1000 / len(all_cases)
        rows.append((name, right, total, ms))
    head = "| tool | " + " | ".join(groups) + " | all | ms/page |"
    lines = [head, "|" + "---|" * (len(groups) + 3)]
    base_ms = rows[0][3]
    for name, right, total, ms in rows:
        cells = " | ".join(f"{right[g]}/{total[g]}" for g in groups)
        allr = sum(right.values())
        allt = sum(total.values())
        lines.append(f"| {name} | {cells} | {allr}/{allt} ({allr / allt:.0%}) | "
                     f"{ms:.3f} ({ms / base_ms:.1f}×) |")  # fmt: skip
    table = "\n".join(lines)
    md = [
        "# Encoding detection",
        "",
        command_line("encoding.py") + " "
        f"({len(all_cases)} pages, {len(SAMPLES)} languages; a case is right when the "
        "decoded page contains the original paragraph exactly; ms/page includes decoding).",
        "",
        table,
        "",
    ]
    for name, fails in failures.items():
        md.append(f"- {name} wrong on: " + ", ".join(fails))
    publish("encoding", "\n".join(md) + "\n")


if __name__ == "__main__":
    main()
