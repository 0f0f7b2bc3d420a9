"""Page types and main content of pages in other languages, written blind.

wcxb-dev, the set the block and page-type models learn from, is 98% English;
the held-back sets are not. Helper sessions that saw nothing of newsclean (no
source, no model, no other probe) wrote realistic pages of the seven WCXB page
types in languages other than English, in the markup of the platforms such
pages come from (WordPress, Drupal, Bitrix, Shopify, Magento, phpBB, Discourse,
XenForo, Sphinx, MkDocs, Docusaurus, Zendesk, municipal CMSs, React sites with
hashed class names...), each with the chrome real sites carry and, on some, no
structured data at all, and marked each page's main content line by line:

- probe a: de, fr, es, it, pl, pt, one page of each type a language (42 pages);
- probe b: nl, ru, tr, sv, cs, ja, the same (42 pages);
- probe c: ar, zh, ko, el, hu, ro, the same (42 pages), written after the
  change it measures (pages whose words the word table barely knows typed
  without it) was built;
- probe d: fi, da, uk, vi, he, hi, the same (42 pages), written in the
  thirty-fifth session and measured once with the shipped model before
  anything was tried on it (the pages were not read).

None trains anything. Per probe: newsclean's ``page_type`` (accuracy,
``article`` precision and recall, the confusion matrix) and the main content's
word F1 (WCXB's metric, ``\\w+`` tokens: for Japanese and Chinese a token is a
whole run of characters between punctuation, so their figures are rough) beside
trafilatura and resiliparse in the same run. ``--block-model`` types and
extracts with another block model file than the shipped one (to compare a
retrain).

    .venv/bin/python benchmarks/typeprobe.py [--block-model PATH]

Writes ``benchmarks/results/typeprobe.md`` (a ``--block-model`` run only prints its tables).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import common  # noqa: E402

PROBES = ROOT / "benchmarks" / "typeprobe"
PROBE_NAMES = {
    "probe-a.json": "probe a (de, fr, es, it, pl, pt)",
    "probe-b.json": "probe b (nl, ru, tr, sv, cs, ja)",
    "probe-c.json": "probe c (ar, zh, ko, el, hu, ro; written after the word-less typing)",
    "probe-d.json": "probe d (fi, da, uk, vi, he, hi; written in the thirty-fifth session)",
}
TYPES = ("article", "listing", "forum", "product", "collection", "documentation", "service")


def _tools() -> dict[str, Callable[[str, str], tuple[str, str | None]]]:
    from resiliparse.extract.html2text import extract_plain_text

    import newsclean

    def ours(html: str, url: str) -> tuple[str, str | None]:
        art = newsclean.extract(html, url=url)
        return art.text, art.page_type

    return {
        "newsclean": ours,
        "trafilatura": lambda html, url: (common.trafilatura_text(html, url), None),
        "resiliparse": lambda html, url: (str(extract_plain_text(html, main_content=True)), None),
    }


Tally = tuple[Counter[tuple[str, str]], dict[str, dict[str, list[float]]]]


def run_probe(name: str, pages: Sequence[dict[str, Any]]) -> Tally:
    """newsclean's page types (reference, answer) and every tool's word F1 by
    page type."""
    tools = _tools()
    f1: dict[str, dict[str, list[float]]] = {t: defaultdict(list) for t in tools}
    confusion: Counter[tuple[str, str]] = Counter()
    for page in common.iter_with_progress(pages, name):
        for tool, fn in tools.items():
            try:
                text, ptype = fn(page["html"], page["url"])
            except Exception:  # a crash scores as no text
                text, ptype = "", None
            score = common.wcxb_page_score(text, page["main_content"]).f1
            f1[tool][page["page_type"]].append(score)
            f1[tool]["all"].append(score)
            if tool == "newsclean":
                confusion[(page["page_type"], ptype or "none")] += 1
    return confusion, f1


def section(name: str, tally: Tally) -> list[str]:
    confusion, f1 = tally
    tools = list(f1)
    n = sum(confusion.values())
    right = sum(v for (t, p), v in confusion.items() if t == p)
    called = sum(v for (_, p), v in confusion.items() if p == "article")
    called_right = confusion[("article", "article")]
    articles = sum(v for (t, _), v in confusion.items() if t == "article")
    out = [f"## {name}: {n} pages", "",
           f"newsclean `page_type` right on {right / n:.3f} ({right}/{n}); `article`"
           f" precision {called_right / max(called, 1):.3f} ({called_right}/{called}),"
           f" recall {called_right / max(articles, 1):.3f} ({called_right}/{articles})", "",
           common.markdown_table(
               ["page \\ newsclean's page_type", *TYPES, "none"],
               [[t, *(confusion[(t, p)] for p in (*TYPES, "none"))] for t in TYPES]),
           "",
           common.markdown_table(
               ["page type", "pages", *(f"{t} F1" for t in tools)],
               [[t, len(f1["newsclean"][t]),
                 *(f"{statistics.fmean(f1[tool][t]):.3f}" for tool in tools)]
                for t in ("all", *TYPES) if f1["newsclean"][t]]),
           ""]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--block-model", type=Path, default=None,
                    help="a block model file to extract with instead of the shipped one")
    args = ap.parse_args(argv)
    out = ["# Page types of pages in other languages, written blind", "",
           "Pages of the seven WCXB types in languages other than English, written by "
           "helper sessions that saw nothing of newsclean, each page's main content marked "
           "(benchmarks/typeprobe.py); no model trains on them. WCXB's word F1 (mean over "
           "pages); Japanese and Chinese `\\w+` tokens are whole runs of characters.", ""]
    if args.block_model is not None:
        out += [f"Block model: `{args.block_model}` (not the shipped one).", ""]
    tallies: dict[str, Tally] = {}
    with (common.using_block_model(common.load_block_model(args.block_model))
          if args.block_model is not None else contextlib.nullcontext()):
        for name, path in common.existing_probes(PROBES, PROBE_NAMES):
            tallies[name] = run_probe(name, json.loads(path.read_text("utf-8"))["pages"])
    total: Tally = (Counter(), {})
    for name, tally in tallies.items():
        out += section(name, tally)
        total[0].update(tally[0])
        for tool, by_type in tally[1].items():
            for t, scores in by_type.items():
                total[1].setdefault(tool, defaultdict(list))[t].extend(scores)
    if tallies:
        out += section("all probes", total)
    out.append(common.command_line("typeprobe.py", ["--block-model", str(args.block_model)]
                                   if args.block_model is not None else []))
    # a run with another model compares it: the shipped model's report stays
    common.publish("typeprobe", "\n".join(out) + "\n", save=args.block_model is None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
