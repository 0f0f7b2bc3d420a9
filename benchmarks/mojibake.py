"""Pages stored double-encoded: their UTF-8 once read as Windows-1252 and written
again ("doesnâ€™t"), as a CMS, a feed or an earlier scraper leaves them.

Every page of scrapinghub-articles and readability-pages (many languages) is
served twice, as it is and double-encoded (each UTF-8 byte read as its
Windows-1252 character, the five bytes that table leaves undefined as their
Latin-1 ones: what ftfy calls sloppy Windows-1252), to newsclean and to
trafilatura; and its whole visible text (html-text), as scraped and
double-encoded, to newsclean's text cleaning. Scored against the page's
reference with each set's own metric (scrapinghub: shingle F1;
readability-pages: WCXB word F1 against Readability's output), so the drop
from one to the other is what the double encoding costs.
Also: how many of newsclean's records of the untouched pages the repair changed
(none should: no page of these sets is double-encoded), and newsclean's CPU
time on both.

    .venv/bin/python benchmarks/mojibake.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402


def _byte_as_cp1252(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_TABLE = [_byte_as_cp1252(b) for b in range(256)]


def double_encoded(text: str) -> str:
    """``text``'s UTF-8 bytes read as (sloppy) Windows-1252."""
    return "".join(_TABLE[b] for b in text.encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    common.pin_one_core()
    import newsclean
    from newsclean.options import Options

    keep = Options(repair_mojibake=False)
    sets = [("scrapinghub-articles", common.load_scrapinghub(), "shingle"),
            ("readability-pages", common.load_readability(), "word")]
    rows = []
    changed_clean = 0
    cpu = {"as served": 0.0, "double-encoded": 0.0}
    for name, pages, metric in sets:
        scores: dict[str, list[float]] = {}
        pairs: dict[str, list[tuple[str, str]]] = {}
        for page in common.iter_with_progress(pages, name):
            broken = double_encoded(page.html)
            scraped = common.html_text(page.html)
            runs = [
                ("as served", "newsclean", page.html, None),
                ("double-encoded", "newsclean", broken, None),
                ("double-encoded", "newsclean --keep-mojibake", broken, keep),
                ("as served", "trafilatura", page.html, None),
                ("double-encoded", "trafilatura", broken, None),
                ("as served", "newsclean clean_text (html-text)", scraped, None),
                ("double-encoded", "newsclean clean_text (html-text)", double_encoded(scraped),
                 None),
            ]
            for form, tool, html, options in runs:
                t0 = time.process_time()
                if tool.startswith("newsclean clean_text"):
                    text = newsclean.clean_text(html).text if html.strip() else ""
                elif tool.startswith("newsclean"):
                    text = newsclean.extract(html, page.url, options=options).text
                else:
                    text = common.trafilatura_text(html, page.url)
                if tool == "newsclean":
                    cpu[form] += time.process_time() - t0
                key = f"{form}|{tool}"
                if metric == "shingle":
                    pairs.setdefault(key, []).append((text or "", page.truth))
                else:
                    scores.setdefault(key, []).append(
                        common.wcxb_page_score(text or "", page.truth).f1)
            served = newsclean.extract(page.html, page.url)
            if served.text != newsclean.extract(page.html, page.url, options=keep).text:
                changed_clean += 1
        for key in (pairs or scores):
            form, tool = key.split("|")
            f1 = (common.shingle_score(pairs[key]).f1 if metric == "shingle"
                  else statistics.fmean(scores[key]))
            rows.append([name, str(len(pages)), form, tool, f"{f1:.3f}"])
    table = common.markdown_table(["set", "pages", "pages served", "tool", "F1"], rows)
    text = "\n".join([
        "Pages stored double-encoded (UTF-8 read as Windows-1252 and written again), "
        "beside the same pages as served; each set's own metric (scrapinghub: shingle F1; "
        "readability-pages: word F1 against Readability's output).",
        "",
        table,
        "",
        f"newsclean records of the pages as served that the repair changed: {changed_clean} "
        f"of {sum(len(p) for _, p, _ in sets)}. newsclean CPU time: as served "
        f"{cpu['as served']:.1f} s, double-encoded {cpu['double-encoded']:.1f} s.",
        "",
        common.command_line("mojibake.py", argv or []),
    ])
    common.publish("mojibake", text, save=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
