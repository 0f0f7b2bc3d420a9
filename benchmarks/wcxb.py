"""WCXB benchmark: newsclean beside trafilatura and resiliparse on ``wcxb-dev``.

In one run, one process pinned to one core, every page goes through every tool in
turn (pages are read and decompressed before timing; each call is timed in process
CPU time). Reported per split and per page type, with the benchmark's own metric
(``benchmarks/common.py``: bag-of-words F1, precision, recall averaged over pages)
and its snippet rates (``with`` snippets found: higher is better; ``without``
snippets found: lower is better):

- word F1 / P / R per tool, per split and page type, and newsclean's F1 minus the
  best anchor's, with the standard error of that difference over the same pages
  (a page type of 30 pages moves by a few hundredths with the pages drawn);
- newsclean's ``page_type`` accuracy, article-vs-rest precision and recall, and the
  confusion matrix (reference type in rows);
- CPU pages/s per tool, newsclean's speed ratio to each anchor, and each tool's
  slowest page (id and seconds; the id only, never the page's text). trafilatura
  is timed twice: its text alone (the quality tables' run) and with its metadata
  (``trafilatura_metadata``, timed only), the same work as ``newsclean.extract``,
  which always reads title, authors, date and site.

Speed is timed over ``--passes`` interleaved passes (3 by default; the first is
the quality run, the others time the same calls again): a page's time is the
median of its passes, and the ratio of every pass is printed beside the one of
the medians. One pass moved the ratio by 10% between runs of the same code on a
shared instance (the machine slows every tool, not every tool alike); the
median of each page's passes drops a pass a slow spell hit.

newsclean's text is the ``text`` field of ``newsclean.extract`` (every page type:
the benchmark scores main content, not the article filter).

    .venv/bin/python benchmarks/wcxb.py [--split validation|train|all] [--limit N]
        [--tools newsclean,trafilatura,trafilatura_metadata,resiliparse] [--page-type T]
        [--passes 3]

Writes ``benchmarks/results/wcxb.md`` (``--output-name`` changes the name); a run
cut short by ``--limit``, ``--tools`` or ``--page-type`` only under another name.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS,
    Page,
    Score,
    cpu_timed,
    iter_with_progress,
    markdown_table,
    mean_score,
    paired_se,
    pin_one_core,
    publish,
    snippet_rates,
    trafilatura_text,
    wcxb_page_score,
    wcxb_pages,
)

PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
ANCHORS = ("trafilatura", "trafilatura_metadata", "resiliparse")


@dataclass(slots=True)
class Output:
    text: str
    page_type: str | None = None
    seconds: float = 0.0  # the median of ``passes``
    error: str | None = None
    passes: list[float] = field(default_factory=list)  # CPU seconds of each timed pass


Tool = Callable[[Page], Output]


def _newsclean() -> Tool:
    import newsclean

    def run(page: Page) -> Output:
        art = newsclean.extract(page.html, url=page.url)
        return Output(art.text, getattr(art, "page_type", None))

    return run


def _trafilatura() -> Tool:
    def run(page: Page) -> Output:
        return Output(trafilatura_text(page.html, page.url))

    return run


def _trafilatura_metadata() -> Tool:
    import trafilatura

    def run(page: Page) -> Output:
        # The record newsclean.extract returns (text, title, authors, date,
        # site name): trafilatura's metadata pass (htmldate for the date) is
        # part of the same work.
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        return Output(str(getattr(doc, "text", None) or "") if doc is not None else "")

    return run


def _resiliparse() -> Tool:
    from resiliparse.extract.html2text import extract_plain_text

    def run(page: Page) -> Output:
        return Output(str(extract_plain_text(page.html, main_content=True)))

    return run


TOOLS: dict[str, Callable[[], Tool]] = {
    "newsclean": _newsclean,
    "trafilatura": _trafilatura,
    "trafilatura_metadata": _trafilatura_metadata,
    "resiliparse": _resiliparse,
}
# Timed only: its text is trafilatura's (the quality tables would repeat the
# trafilatura columns).
SPEED_ONLY = frozenset({"trafilatura_metadata"})
LABELS = {
    "newsclean": "newsclean",
    "trafilatura": "trafilatura 2.3.1",
    "trafilatura_metadata": "trafilatura 2.3.1 with metadata (title, author, date, site)",
    "resiliparse": "resiliparse 2.0.1 (main_content)",
}


@dataclass(slots=True)
class Run:
    pages: list[Page]
    outputs: dict[str, list[Output]] = field(default_factory=dict)


def _call(tool: Tool, page: Page) -> tuple[Output, float]:
    try:
        return cpu_timed(tool, page)
    except Exception as exc:  # a tool's crash scores as an empty output
        return Output("", error=type(exc).__name__), 0.0


def run_tools(tools: dict[str, Tool], pages: Sequence[Page], passes: int = 1) -> Run:
    """Every page through every tool in turn, ``passes`` times; CPU seconds per
    call. The outputs are the first pass's; a call's ``seconds`` is the median
    of its passes."""
    run = Run(list(pages), {name: [] for name in tools})
    for page in iter_with_progress(pages, "wcxb"):
        for name, tool in tools.items():
            out, spent = _call(tool, page)
            out.passes.append(spent)
            run.outputs[name].append(out)
    for n in range(2, passes + 1):
        for i, page in enumerate(iter_with_progress(pages, f"wcxb timing pass {n}/{passes}")):
            for name, tool in tools.items():
                run.outputs[name][i].passes.append(_call(tool, page)[1])
    for outs in run.outputs.values():
        for out in outs:
            out.seconds = statistics.median(out.passes)
    return run


def _scores(run: Run, tool: str, idx: Sequence[int]
            ) -> tuple[Score, float | None, float | None, list[float]]:
    """The tool's mean score on pages ``idx``, its snippet rates, and each
    page's F1 (for differences between tools on the same pages)."""
    outs = run.outputs[tool]
    scores = [wcxb_page_score(outs[i].text, run.pages[i].truth) for i in idx]
    withs: list[float] = []
    withouts: list[float] = []
    for i in idx:
        w, wo = snippet_rates(outs[i].text, run.pages[i])
        if w is not None:
            withs.append(w)
        if wo is not None:
            withouts.append(wo)
    return (
        mean_score(scores),
        sum(withs) / len(withs) if withs else None,
        sum(withouts) / len(withouts) if withouts else None,
        [sc.f1 for sc in scores],
    )


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def quality_table(run: Run, split: str) -> str:
    tools = [t for t in run.outputs if t not in SPEED_ONLY]
    groups: list[tuple[str, list[int]]] = [("all", list(range(len(run.pages))))]
    for t in PAGE_TYPES:
        idx = [i for i, p in enumerate(run.pages) if p.page_type == t]
        if idx:
            groups.append((t, idx))
    header = ["split", "page type", "pages"]
    for t in tools:
        header += [f"{t} F1", f"{t} P", f"{t} R", f"{t} with", f"{t} without"]
    anchors = [t for t in tools if t in ANCHORS]
    if "newsclean" in tools and anchors:
        header.append("newsclean - best anchor (paired se)")
    rows = []
    for name, idx in groups:
        row: list[str] = [split, name, str(len(idx))]
        f1s: dict[str, float] = {}
        page_f1s: dict[str, list[float]] = {}
        for t in tools:
            sc, w, wo, page_f1s[t] = _scores(run, t, idx)
            f1s[t] = sc.f1
            row += [f"{sc.f1:.3f}", f"{sc.precision:.3f}", f"{sc.recall:.3f}", _fmt(w), _fmt(wo)]
        if "newsclean" in tools and anchors:
            best = max(anchors, key=f1s.__getitem__)
            row.append(f"{f1s['newsclean'] - f1s[best]:+.3f}"
                       f" (se {paired_se(page_f1s['newsclean'], page_f1s[best]):.3f})")
        rows.append(row)
    return markdown_table(header, rows)


def type_table(run: Run) -> str | None:
    """newsclean's page_type against the reference: accuracy, article-vs-rest
    precision/recall, confusion (reference in rows, predicted in columns)."""
    if "newsclean" not in run.outputs:
        return None
    outs = run.outputs["newsclean"]
    pairs = [
        (p.page_type or "?", o.page_type or "none") for p, o in zip(run.pages, outs, strict=True)
    ]
    n = len(pairs)
    correct = sum(t == q for t, q in pairs)
    pred_art = sum(q == "article" for _, q in pairs)
    true_art = sum(t == "article" for t, _ in pairs)
    both = sum(t == q == "article" for t, q in pairs)
    prec = both / pred_art if pred_art else 0.0
    rec = both / true_art if true_art else 0.0
    cols = [*PAGE_TYPES, "none"]
    conf: dict[str, Counter[str]] = defaultdict(Counter)
    for t, q in pairs:
        conf[t][q if q in cols else "none"] += 1
    rows = [[t, *(str(conf[t][c]) for c in cols)] for t in PAGE_TYPES if conf[t]]
    return (
        f"page_type accuracy {correct / n:.3f} ({correct}/{n}); article vs rest: "
        f"precision {prec:.3f}, recall {rec:.3f}\n\n"
        + markdown_table(["reference \\ predicted", *cols], rows)
    )


def _pass_ratios(run: Run) -> list[str]:
    """newsclean's speed against trafilatura's in each timed pass alone, with
    the two tools' CPU seconds in that pass."""
    if "trafilatura" not in run.outputs or "newsclean" not in run.outputs:
        return []
    ours, theirs = run.outputs["newsclean"], run.outputs["trafilatura"]
    n = min((len(o.passes) for o in ours + theirs), default=0)
    ratios = []
    for k in range(n):
        mine = sum(o.passes[k] for o in ours)
        other = sum(o.passes[k] for o in theirs)
        ratios.append(f"{other / mine:.2f}x ({mine:.1f} s against {other:.1f} s)"
                      if mine and other else "-")
    return ratios


def speed_table(run: Run) -> str:
    tools = list(run.outputs)
    rates: dict[str, float] = {}
    rows = []
    for t in tools:
        secs = [o.seconds for o in run.outputs[t]]
        total = sum(secs)
        rates[t] = len(secs) / total if total else 0.0
        slow = max(range(len(secs)), key=secs.__getitem__) if secs else -1
        over = sum(s > 1.0 for s in secs)
        errors = sum(o.error is not None for o in run.outputs[t])
        rows.append(
            [
                LABELS.get(t, t),
                f"{rates[t]:.1f}",
                f"{total:.1f}",
                run.pages[slow].id if slow >= 0 else "-",
                f"{secs[slow]:.2f}" if slow >= 0 else "-",
                str(over),
                str(errors),
            ]
        )
    text = markdown_table(
        ["tool", "pages/s (CPU)", "CPU s", "slowest page", "its s", "pages > 1 s", "errors"], rows
    )
    if "newsclean" in rates:
        ratios = [
            f"{rates['newsclean'] / rates[a]:.2f}x {a}" for a in tools if a in ANCHORS and rates[a]
        ]
        if ratios:
            text += "\n\nnewsclean speed: " + ", ".join(ratios) + " (pages/s in CPU time"
            passes = _pass_ratios(run)
            text += (f"; each page's median of {len(passes)} passes; pass by pass against "
                     f"trafilatura: {', '.join(passes)})." if len(passes) > 1 else ").")
        if "trafilatura_metadata" in rates:
            text += (
                " `trafilatura_metadata` is trafilatura asked for what newsclean.extract"
                " returns besides the text (title, author, date, site name:"
                " `with_metadata=True`); `trafilatura` is its text alone."
            )
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--split", default="validation", choices=("validation", "train", "all"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages per split")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tool names")
    ap.add_argument("--page-type", default=None, choices=PAGE_TYPES)
    ap.add_argument("--output-name", default="wcxb")
    ap.add_argument("--passes", type=int, default=3,
                    help="interleaved timing passes; a page's time is the median of its passes")
    args = ap.parse_args(argv)
    pin_one_core()
    names = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in names if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tools: {', '.join(unknown)} (known: {', '.join(TOOLS)})")
    splits = ["train", "validation"] if args.split == "all" else [args.split]
    tools = {name: TOOLS[name]() for name in names}
    parts = [
        "WCXB dev (Murrough Foley, CC-BY-4.0), the benchmark's word F1 (mean over pages);"
        " `with` = share of must-have snippets found (higher is better), `without` = share"
        " of boilerplate snippets found (lower is better). One process, one core,"
        " every page through every tool in turn, CPU time per call"
        + (f" (the median of {args.passes} interleaved passes)." if args.passes > 1 else ".")
    ]
    runs: list[Run] = []
    for split in splits:
        pages = wcxb_pages(split, page_type=args.page_type, limit=args.limit)
        if not pages:
            print(f"no pages in split {split}", file=sys.stderr)
            return 2
        for tool in tools.values():  # warm-up: imports, tables, models
            tool(pages[0])
        run = run_tools(tools, pages, passes=max(1, args.passes))
        runs.append(run)
        parts.append(f"## {split} ({len(pages)} pages)")
        parts.append(quality_table(run, split))
        types = type_table(run)
        if types:
            parts.append(types)
        parts.append(speed_table(run))
        print("\n\n".join(parts[-3:]), file=sys.stderr)
    if len(runs) > 1:
        both = Run([p for r in runs for p in r.pages])
        both.outputs = {t: [o for r in runs for o in r.outputs[t]] for t in tools}
        parts.append(f"## speed on every page of the splits ({len(both.pages)} pages)")
        parts.append(speed_table(both))
    # a run cut short (a few pages, some tools) does not overwrite the full
    # report unless it is named apart
    partial = args.limit is not None or args.tools != ",".join(TOOLS) or args.page_type
    publish("wcxb", "\n\n".join(parts), path=RESULTS / f"{args.output_name}.md",
            save=not partial)
    return 0


if __name__ == "__main__":
    sys.exit(main())
