"""Main-content extraction benchmark: newsclean beside the usual extractors.

Runs every tool in one process pinned to one core over the same pages of
``scrapinghub-articles`` (pages are read and decompressed before timing; each
page goes through every tool in turn and calls are timed in process CPU time, so
that a shared, loaded machine does not favour whichever tool ran last) and
scores them with that set's standard shingle metric. Prints a table with F1,
precision, recall, pages/s and the ratio to trafilatura, and writes it to
``benchmarks/results/extraction.md`` (``--output`` names another file; a run cut
short by ``--limit``, ``--tools``, ``--no-metadata`` or ``--no-stages`` is saved
only there). When ``benchmarks/metadata.py`` is present its readability-pages
metadata table is appended.

    .venv/bin/python benchmarks/extraction.py [--data DIR] [--limit N] [--tools a,b]
        [--no-metadata] [--no-stages]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from common import (  # noqa: E402
    Page,
    Score,
    load_scrapinghub,
    pin_one_core,
    publish,
    shingle_score,
)

DEFAULT_DATA = Path(os.environ.get("NEWSCLEAN_DATA", "/work/shared/data")) / "scrapinghub-articles"
RESULTS = ROOT / "results" / "extraction.md"


# --- the tools ------------------------------------------------------------------------

Extractor = Callable[[str, str | None], str]


def _newsclean(precise: bool) -> Extractor:
    from newsclean.html.article import extract_article
    from newsclean.options import Options

    options = Options(precise=precise)

    def run(html: str, url: str | None) -> str:
        return extract_article(html, url=url, options=options).text

    return run


def _trafilatura(precision: bool, comments: bool = True) -> Extractor:
    import trafilatura

    # Library defaults (include_comments=True) are "default"; the no-comments row
    # shows the best plain configuration, for a fair comparison.
    def run(html: str, url: str | None) -> str:
        out = trafilatura.extract(
            html, url=url, include_comments=comments, favor_precision=precision
        )
        return out or ""

    return run


def _readability() -> Extractor:
    import html_text
    from readability import Document

    def run(html: str, url: str | None) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return str(html_text.extract_text(summary))

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    def run(html: str, url: str | None) -> str:
        return extract_plain_text(html, main_content=True)

    return run


def _justext() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(html: str, url: str | None) -> str:
        paras = justext.justext(html.encode("utf-8"), stoplist)
        return "\n\n".join(p.text for p in paras if not p.is_boilerplate)

    return run


TOOLS: dict[str, Callable[[], Extractor]] = {
    "newsclean": lambda: _newsclean(False),
    "newsclean (precise)": lambda: _newsclean(True),
    "trafilatura 2.3.1": lambda: _trafilatura(False),
    "trafilatura 2.3.1 (favor_precision)": lambda: _trafilatura(True),
    "trafilatura 2.3.1 (include_comments=False)": lambda: _trafilatura(False, False),
    "readability-lxml 0.9": _readability,
    "resiliparse 2.0.1 (main_content)": _resiliparse,
    "jusText 3.0.2": _justext,
}
BASELINE = "trafilatura 2.3.1"


# --- running --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    tool: str
    score: Score
    pages_per_s: float
    errors: int


def run_tools(tools: dict[str, Extractor], pages: list[Page], rounds: int = 3) -> list[Row]:
    """Every page through every tool in turn (round robin), so that all tools
    see the same machine load; each call is timed in CPU seconds of this
    process, which on a shared machine does not count the time other processes
    hold the core (on an idle machine it equals the wall time). The whole round
    robin runs ``rounds`` times and each (tool, page) keeps its fastest time,
    as timeit does: interruptions only ever add time, and a shared machine
    moved single-round ratios by about 5% from run to run."""
    outputs: dict[str, list[str]] = {name: [] for name in tools}
    errors = dict.fromkeys(tools, 0)
    best: dict[str, list[float]] = {name: [float("inf")] * len(pages) for name in tools}
    for rnd in range(max(1, rounds)):
        for i, page in enumerate(pages):
            for name, extractor in tools.items():
                start = time.process_time()
                try:
                    out = extractor(page.html, page.url)
                except Exception:
                    out = ""
                    if rnd == 0:
                        errors[name] += 1
                best[name][i] = min(best[name][i], time.process_time() - start)
                if rnd == 0:
                    outputs[name].append(out)
    rows = []
    for name in tools:
        sc = shingle_score(zip(outputs[name], (p.truth for p in pages), strict=True))
        spent = sum(best[name])
        pps = len(pages) / spent if spent else 0.0
        rows.append(Row(name, sc, pps, errors[name]))
    return rows


def table(rows: list[Row], n_pages: int, rounds: int = 3) -> str:
    base = next((r for r in rows if r.tool == BASELINE), None)
    lines = [
        f"Main-content extraction, scrapinghub-articles ({n_pages} pages), one process, one core;"
        " tools interleaved page by page, pages/s in CPU time"
        f" (fastest of {rounds} rounds per call).",
        "",
        "| tool | F1 | precision | recall | pages/s | F1 vs trafilatura | speed vs trafilatura |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f1r = f"{r.score.f1 / base.score.f1:.3f}" if base and base.score.f1 else "-"
        spr = f"{r.pages_per_s / base.pages_per_s:.2f}x" if base and base.pages_per_s else "-"
        err = f" ({r.errors} errors)" if r.errors else ""
        lines.append(
            f"| {r.tool}{err} | {r.score.f1:.3f} | {r.score.precision:.3f} | "
            f"{r.score.recall:.3f} | {r.pages_per_s:.0f} | {f1r} | {spr} |"
        )
    return "\n".join(lines)


def _metadata_section() -> str | None:
    """The readability-pages metadata table from benchmarks/metadata.py, if present."""
    path = ROOT / "metadata.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("newsclean_bench_metadata", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        for name in ("metadata_table", "run_table", "table_markdown", "main_table"):
            fn: Any = getattr(module, name, None)
            if callable(fn):
                return str(fn())
    except Exception as exc:  # the extraction table must not be lost to it
        return f"(metadata benchmark failed: {type(exc).__name__}: {exc})"
    return None


def stage_times(pages: list[Page]) -> str:
    """Where newsclean's extraction time goes: the stages of ``extract_article``
    run one after the other on every page, each timed on its own."""
    from newsclean.annotate.language import detect_language
    from newsclean.html import article as art_mod
    from newsclean.html.blockmodel import block_model, score_blocks
    from newsclean.html.dom import clear_name_cache, parse_html
    from newsclean.html.furniture import filter_region
    from newsclean.html.nodes import page_tree

    # The class-name verdicts are cached per process; start cold, as the main
    # run did, so that the block collection is not flattered by the run before it.
    clear_name_cache()
    model = block_model()
    names = ("parse", "metadata", "blocks", "model", "furniture", "language")
    spent = dict.fromkeys(names, 0.0)
    for page in pages:
        t0 = time.process_time()
        tree = parse_html(page.html)
        t1 = time.process_time()
        meta = art_mod._metadata(tree, page.html, page.url)
        t2 = time.process_time()
        signals = art_mod.typing_signals(tree, page.url, meta)
        pt = page_tree(tree)
        t3 = time.process_time()
        kept = []
        if pt is not None:
            scored = score_blocks(pt, signals, model)
            kept = [b for b, k in zip(pt.blocks, scored.keep, strict=True) if k]
        t4 = time.process_time()
        kept = filter_region(kept, site_name=meta.site_name, authors=meta.authors).kept
        t5 = time.process_time()
        sample = art_mod.language_sample(kept)
        if sample:
            detect_language(sample, hint=meta.language_hint)
        t6 = time.process_time()
        marks = (t0, t1, t2, t3, t4, t5, t6)
        for k, name in enumerate(names):
            spent[name] += marks[k + 1] - marks[k]
    total = sum(spent.values())
    lines = [
        f"Where newsclean's time goes ({len(pages)} pages, ms per page):",
        "",
        "| stage | ms/page | share |",
        "|---|---|---|",
    ]
    for name in names:
        ms = 1000 * spent[name] / len(pages)
        lines.append(f"| {name} | {ms:.2f} | {spent[name] / total:.0%} |")
    lines.append(f"| total | {1000 * total / len(pages):.2f} | 100% |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--tools", default=None, help="comma-separated tool-name prefixes")
    ap.add_argument("--no-metadata", action="store_true", help="skip the metadata table")
    ap.add_argument("--output", type=Path, default=RESULTS)
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage timing table")
    ap.add_argument("--rounds", type=int, default=3,
                    help="round robins over all pages; each call keeps its fastest time")
    args = ap.parse_args(argv)
    pin_one_core()
    pages = load_scrapinghub(args.limit, args.data)
    if not pages:
        print(f"no pages under {args.data}", file=sys.stderr)
        return 2
    wanted = [t.strip() for t in args.tools.split(",")] if args.tools else None
    tools: dict[str, Extractor] = {}
    for name, make in TOOLS.items():
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        extractor = make()
        extractor(pages[0].html, pages[0].url)  # warm-up: imports, caches, compiled tables
        tools[name] = extractor
    rows = run_tools(tools, pages, args.rounds)
    for row in rows:
        print(f"{row.tool}: F1 {row.score.f1:.3f} ({row.pages_per_s:.0f} pages/s)", file=sys.stderr)
    text = table(rows, len(pages), args.rounds)
    if not args.no_stages and any(r.tool == "newsclean" for r in rows):
        text += "\n\n" + stage_times(pages)
    if not args.no_metadata:
        meta = _metadata_section()
        if meta:
            text += "\n\n" + meta
    # a run cut short does not overwrite the full report unless it is named apart
    partial = args.limit is not None or args.tools is not None or args.no_metadata or args.no_stages
    publish("extraction", text + "\n", path=args.output, save=not partial)
    return 0


if __name__ == "__main__":
    sys.exit(main())
