"""Pages given without their address: newsclean.extract with and without the URL.

Saved HTML often comes without the address it was served from (a directory of
``.html`` files, a scraper's dump), and ``newsclean extract`` then calls
``newsclean.extract(html)`` with no URL. The URL's path is one of the page-type
model's inputs ("/2024/03/13/slug" reads as an article, "/forum/t/123" as a
thread); without it newsclean reads the address the page declares (its
canonical link or ``og:url``), and on a page that declares none the markup and
words must decide. This runs every
page twice, with its URL and without, and reports what changes: mean word F1
(WCXB's metric) on all pages and on articles, ``page_type`` accuracy, and
``article`` precision and recall against the rest.

Pages: wcxb-dev ``validation`` and ``train`` (the block and page-type models
learn from train, so its figures are in sample) and the page-type probes of
``benchmarks/typeprobe/`` (other languages, written blind; nothing trains on
them). No other tool runs: the question is what newsclean does with less input.

    .venv/bin/python benchmarks/without_url.py

Writes ``benchmarks/results/without_url.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import common  # noqa: E402
from typeprobe import PROBE_NAMES, PROBES  # noqa: E402


def _row(label: str, pages: Sequence[tuple[str, str | None, str, str]]) -> list[list[str]]:
    """Two rows (with the URL, without it) for ``pages``: (html, url, reference
    text, reference page type) each."""
    import newsclean

    rows = []
    for with_url in (True, False):
        f1s, art_f1s = [], []
        right = tp = fp = fn = 0
        for html, url, truth, ptype in common.iter_with_progress(
                pages, f"{label} {'with' if with_url else 'without'} URL"):
            art = newsclean.extract(html, url=url if with_url else None)
            f1 = common.wcxb_page_score(art.text or "", truth).f1
            f1s.append(f1)
            if ptype == "article":
                art_f1s.append(f1)
            right += art.page_type == ptype
            called = art.page_type == "article"
            tp += called and ptype == "article"
            fp += called and ptype != "article"
            fn += not called and ptype == "article"
        rows.append([
            label, str(len(pages)), "yes" if with_url else "no",
            f"{statistics.fmean(f1s):.4f}",
            f"{statistics.fmean(art_f1s):.4f}" if art_f1s else "-",
            f"{right / len(pages):.3f}",
            f"{tp / max(1, tp + fp):.3f} ({tp}/{tp + fp})",
            f"{tp / max(1, tp + fn):.3f} ({tp}/{tp + fn})",
        ])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.parse_args(argv)
    rows: list[list[str]] = []
    for split in ("validation", "train"):
        pages = [(p.html, p.url, p.truth, p.page_type or "") for p in common.wcxb_pages(split)]
        rows += _row(f"wcxb-dev {split}", pages)
    for name, label in PROBE_NAMES.items():
        probe = json.loads((PROBES / name).read_text("utf-8"))
        pages = [(p["html"], p["url"], p["main_content"], p["page_type"])
                 for p in probe["pages"]]
        rows += _row(f"typeprobe {label.split(' (')[0]}", pages)
    text = (
        "# Pages given without their address\n\n"
        "newsclean.extract on each page with its URL and without it (`url=None`, as for "
        "saved HTML files: the address the page declares, when it declares one, stands in). "
        "wcxb-dev train is in the models' training data; the typeprobe "
        "pages (other languages, written blind) are not.\n\n"
        + common.markdown_table(
            ["pages", "n", "URL given", "word F1, all", "word F1, articles",
             "page type accuracy", "`article` precision", "`article` recall"], rows)
        + "\n\n" + common.command_line("without_url.py", argv or sys.argv[1:])
    )
    common.publish("without_url", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
