"""readability-pages out of sample: each site scored by a block model that never saw it.

Mozilla Readability's test pages (130 pages: news and blog articles of many
sites and years, several not in English, and the suite's small hand-written
fixtures; the reference is Readability's own output) train the shipped block
model since the twenty-first session, the real pages among them
(``scripts/block_dataset.py``, ``READABILITY_MIN_HTML``); every page is scored.
Here the set's sites (a directory's name without its trailing number:
``nytimes-1`` to ``nytimes-5`` are one site) are split in two halves,
alternately in sorted order; a block model is trained on wcxb-dev ``train``, the
generated pages, scrapinghub-articles and one half (``scripts/train_block_model.py``,
the shipped recipe), and the other half is scored with it, both ways. Beside it,
in the same run: a block model trained without any readability page
(``--without``, for instance the previous shipped model), trafilatura and
readability-lxml. The metric is WCXB's word F1, mean over pages, over all pages,
over the real ones (not the fixtures) and apart for the real pages in English
and the others (py3langid on the reference). The fixtures have no language
group: language identification on a reference of one to six words ("Test",
"Test Case 1") is a guess, and two such guesses had put fixtures newsclean
leaves empty among the "other languages".

    .venv/bin/python benchmarks/readability_holdout.py [--work DIR] [--without MODEL]

The two datasets and models take about 35 minutes on two cores; they are kept
in ``--work`` and reused. Writes ``benchmarks/results/readability_holdout.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from block_dataset import READABILITY_MIN_HTML  # noqa: E402
from common import (  # noqa: E402
    Page,
    command_line,
    load_readability,
    markdown_table,
    mean_score,
    publish,
    wcxb_page_score,
)
from scrapinghub_holdout import HALVES, halves_of, holdout_tools, prepare  # noqa: E402

GROUPS = ("all", "real pages", "English", "other languages")


def language_group(page: Page) -> str | None:
    """``English``, ``other languages``, or None for a page without a language
    (lorem ipsum, markup-only test pages)."""
    import py3langid

    lang = str(py3langid.classify(page.truth[:1000])[0])
    if lang in ("la", "zxx"):
        return None
    return "English" if lang == "en" else "other languages"


def page_groups(page: Page) -> list[str]:
    """The GROUPS a page counts in."""
    groups = ["all"]
    if len(page.html) < READABILITY_MIN_HTML:
        return groups
    groups.append("real pages")
    language = language_group(page)
    if language is not None:
        groups.append(language)
    return groups


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/work/scratch/readability-holdout"))
    ap.add_argument("--without", type=Path, default=None,
                    help="a block model trained without readability pages, scored beside")
    args = ap.parse_args(argv)
    pages = [p for p in load_readability() if p.truth.strip()]
    sites = {p.domain or "" for p in pages}
    halves = halves_of(sites)
    models = prepare(args.work, halves, "--readability-exclude")
    in_half = {h: [p for p in pages if p.domain in halves[h]] for h in HALVES}
    member = {p.id: page_groups(p) for p in pages}
    tools = holdout_tools(models, args.without, "readability", "newsclean as shipped")
    rows = []
    for name, by_half in tools.items():
        scores: dict[str, list] = {g: [] for g in GROUPS}
        for h in HALVES:
            for p in in_half[h]:
                s = wcxb_page_score(by_half[h](p), p.truth)
                for g in member[p.id]:
                    scores[g].append(s)
        cells = []
        for g in GROUPS:
            m = mean_score(scores[g])
            cells += [f"{m.f1:.3f}", f"{m.precision:.3f}", f"{m.recall:.3f}"]
        rows.append((name, *cells))
    header = ["tool"]
    for g in GROUPS:
        count = sum(g in groups for groups in member.values())
        header += [f"F1 {g} ({count})", "P", "R"]
    text = "\n".join([
        "# readability-pages out of sample\n",
        f"{len(pages)} pages from {len(sites)} sites, split in two halves of"
        f" {len(halves['a'])} and {len(halves['b'])} sites ({len(in_half['a'])} and"
        f" {len(in_half['b'])} pages). Each half is scored by a block model trained on"
        " wcxb-dev train, the generated pages, scrapinghub-articles and the other half's"
        " real pages only (scripts/train_block_model.py). WCXB word F1, mean over pages; the"
        " reference is Readability's own output.\n",
        markdown_table(header, rows),
        "\n" + command_line("readability_holdout.py", sys.argv[1:]),
    ])
    publish("readability_holdout", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
