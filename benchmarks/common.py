"""What every benchmark shares: where the data is, how pages load, how text is scored,
how a tool is timed.

Two metrics are in use, each the one its data set publishes:

- **shingle F1** (scrapinghub-articles): runs of 4 consecutive ``\\w+`` tokens, case
  kept, as a multiset; precision is the mean over pages whose prediction has
  shingles, recall the mean over pages whose target has shingles, F1 from the two
  means (``shingle_score``);
- **WCXB word F1** (wcxb-dev): bag of lower-cased ``\\w+`` tokens per page, per-page
  precision, recall and F1 averaged over pages; an empty prediction scores 0, an
  empty reference scores 1 only for an empty prediction (``wcxb_page_score``).

Run any benchmark from the repository root with the project's venv, for example
``.venv/bin/python benchmarks/wcxb.py``. ``NEWSCLEAN_DATA`` overrides the data
directory (default: ``../shared/data`` beside the repository).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("NEWSCLEAN_DATA", ROOT.parent / "shared" / "data"))
RESULTS = ROOT / "benchmarks" / "results"

WORD_RE = re.compile(r"\w+")

# --- scrapinghub-articles: shingle F1 ---------------------------------------------------


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def folded(s: str | None) -> str:
    """The form two tools' metadata are compared in: NFKC, case-folded,
    typographic quotes and dashes as ASCII, whitespace collapsed."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).casefold().translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of runs of ``n`` consecutive ``\\w+`` tokens (case kept)."""
    tokens = WORD_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class Score:
    f1: float
    precision: float
    recall: float


def shingle_score(pairs: Iterable[tuple[str, str]]) -> Score:
    """scrapinghub's score over (prediction, target) pairs: mean per-page precision
    (pages whose prediction has shingles) and recall (pages whose target has
    shingles); F1 of the two means."""
    precisions: list[float] = []
    recalls: list[float] = []
    for pred, truth in pairs:
        p, t = shingles(pred), shingles(truth)
        tp = sum((p & t).values())
        if p:
            precisions.append(tp / sum(p.values()))
        if t:
            recalls.append(tp / sum(t.values()))
    pm = sum(precisions) / len(precisions) if precisions else 0.0
    rm = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(2 * pm * rm / (pm + rm) if pm + rm else 0.0, pm, rm)


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page: its HTML and the reference main text."""

    id: str
    url: str | None
    html: str
    truth: str
    # WCXB only (None elsewhere)
    domain: str | None = None
    page_type: str | None = None
    split: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()


def _read_gz_html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def load_scrapinghub(limit: int | None = None, data: Path | None = None) -> list[Page]:
    """scrapinghub-articles pages in id order."""
    root = data or DATA / "scrapinghub-articles"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    pages: list[Page] = []
    for pid in sorted(truth):
        path = root / "html" / f"{pid}.html.gz"
        if not path.exists():
            continue
        row = truth[pid]
        pages.append(Page(pid, row.get("url"), _read_gz_html(path), row["articleBody"]))
        if limit and len(pages) >= limit:
            break
    return pages


def readability_site(name: str) -> str:
    """The site of a readability-pages directory: its name without a trailing
    number (``nytimes-3`` -> ``nytimes``), so that one site's pages share a fold."""
    return re.sub(r"-\d+$", "", name)


def load_readability(data: Path | None = None) -> list[Page]:
    """readability-pages in name order: the page, and as reference the text of
    Readability's own output (``expected.html``, through html-text). The pages
    come without their address (``url`` None); ``domain`` is the site
    (``readability_site``), ``page_type`` ``article``: the set is Readability's
    test pages, each one an article Readability extracts."""
    root = data or DATA / "readability-pages"
    pages: list[Page] = []
    for page_dir in sorted(p for p in root.iterdir() if (p / "source.html").exists()):
        html = (page_dir / "source.html").read_text("utf-8", errors="replace")
        expected = (page_dir / "expected.html").read_text("utf-8", errors="replace")
        pages.append(Page(page_dir.name, None, html, html_text(expected),
                          domain=readability_site(page_dir.name), page_type="article"))
    return pages


# --- wcxb-dev: word F1 -------------------------------------------------------------------


def _snippets(value: Any) -> tuple[str, ...]:
    # The file stores the snippet lists as Python-literal strings.
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if not value:
        return ()
    import ast

    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return ()
    return tuple(str(v) for v in parsed) if isinstance(parsed, list | tuple) else ()


def wcxb_pages(
    split: str | None = "validation",
    *,
    page_type: str | None = None,
    limit: int | None = None,
    data: Path | None = None,
) -> list[Page]:
    """WCXB dev pages of one split (``train``, ``validation``, or None for all), in id
    order, optionally of one page type."""
    root = data or DATA / "wcxb-dev"
    splits = json.loads((root / "splits.json").read_text("utf-8"))
    split_of = {pid: name for name, ids in splits.items() for pid in ids}
    pages: list[Page] = []
    with gzip.open(root / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for r in sorted(rows, key=lambda r: r["id"]):
        sp = split_of.get(r["id"])
        if split is not None and sp != split:
            continue
        if page_type is not None and r.get("page_type") != page_type:
            continue
        pages.append(
            Page(
                id=r["id"],
                url=r.get("url"),
                html=_read_gz_html(root / "html" / f"{r['id']}.html.gz"),
                truth=r.get("main_content") or "",
                domain=r.get("domain"),
                page_type=r.get("page_type"),
                split=sp,
                title=r.get("title"),
                author=r.get("author"),
                date=r.get("publish_date"),
                with_snippets=_snippets(r.get("with")),
                without_snippets=_snippets(r.get("without")),
            )
        )
        if limit and len(pages) >= limit:
            break
    return pages


def wcxb_tokens(text: str) -> Counter[str]:
    return Counter(WORD_RE.findall((text or "").lower()))


def wcxb_page_score(pred: str, truth: str) -> Score:
    """WCXB's per-page word precision, recall and F1."""
    p, t = wcxb_tokens(pred), wcxb_tokens(truth)
    if not t:
        ok = 1.0 if not p else 0.0
        return Score(ok, ok, ok)
    if not p:
        return Score(0.0, 0.0, 0.0)
    tp = sum((p & t).values())
    prec, rec = tp / sum(p.values()), tp / sum(t.values())
    return Score(2 * prec * rec / (prec + rec) if prec + rec else 0.0, prec, rec)


def mean_score(scores: Sequence[Score]) -> Score:
    """WCXB's figure: the mean of per-page F1, precision and recall."""
    if not scores:
        return Score(0.0, 0.0, 0.0)
    return Score(
        statistics.fmean(s.f1 for s in scores),
        statistics.fmean(s.precision for s in scores),
        statistics.fmean(s.recall for s in scores),
    )


def paired_se(a: Sequence[float], b: Sequence[float]) -> float:
    """Standard error of the mean difference of two tools' page scores ``a``
    and ``b`` on the same pages: a page type of 30 pages moves by a few
    hundredths with the pages drawn, and this says by how much."""
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    return statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else 0.0


def snippet_rates(pred: str, page: Page) -> tuple[float | None, float | None]:
    """Share of ``with`` snippets found in ``pred`` and of ``without`` snippets
    found (case-insensitive substring); None when the page has none."""
    low = (pred or "").lower()
    w = page.with_snippets
    wo = page.without_snippets
    with_rate = sum(s.lower() in low for s in w) / len(w) if w else None
    without_rate = sum(s.lower() in low for s in wo) / len(wo) if wo else None
    return with_rate, without_rate


# --- timing --------------------------------------------------------------------------


def cpu_timed(fn: Callable[[Any], Any], arg: Any) -> tuple[Any, float]:
    """``fn(arg)`` and the CPU seconds this process spent on it (other processes on a
    shared machine do not count)."""
    start = time.process_time()
    out = fn(arg)
    return out, time.process_time() - start


def timed(fn: Callable[[str], str], inputs: Sequence[str]) -> tuple[list[str], float]:
    """Outputs of ``fn`` over ``inputs`` and the items per CPU second."""
    start = time.process_time()
    out = [fn(x) for x in inputs]
    spent = time.process_time() - start
    return out, len(inputs) / spent if spent > 0 else float("inf")


def process_times(
    cmd: Sequence[str], stdin_path: Path | None = None
) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """Run ``cmd`` to its end: (wall seconds, CPU seconds of the process tree, result)."""
    before = os.times()
    with open(stdin_path or os.devnull, "rb") as stdin:
        t0 = time.perf_counter()
        proc = subprocess.run(list(cmd), stdin=stdin, capture_output=True)
        wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, proc


def pin_one_core() -> None:
    """Pin this process to one CPU so that speed figures are per core."""
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


# --- the usual alternatives ----------------------------------------------------------


def c4_line_filter(text: str) -> str:
    """datatrove's C4 quality filter in line mode (its per-line rules only, the
    document never dropped)."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    flt = C4QualityFilter(
        min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False
    )
    doc = Document(text=text, id="x")
    flt.filter(doc)
    return doc.text


def html_text(html: str) -> str:
    """The visible text as naive scrapers save it (``html-text``)."""
    import html_text as ht

    return str(ht.extract_text(html, guess_layout=True))


def resiliparse_plain(html: str) -> str:
    """resiliparse's plain text of the whole page (no main-content selection)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return str(extract_plain_text(HTMLTree.parse(html), main_content=False))


def trafilatura_text(html: str, url: str | None = None) -> str:
    """trafilatura's default extraction (its ``bare_extraction`` text)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=False)
    if doc is None:
        return ""
    text = doc.text if hasattr(doc, "text") else doc.get("text")
    return str(text or "")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


# The probes helper sessions wrote (benchmarks/wallprobe, dateprobe, authorprobe):
# the first read while the rules it measures were made, the second written after
# them and read only by the benchmark scripts, the third written in the
# thirty-second session (after every rule it measures; its helpers saw neither
# the rules nor the earlier probes) and read only by the benchmark scripts; the
# fourth (dates and bylines: harder pages of the same kind) read while that
# session's date and byline changes were made. The wall probes have their own
# names (wall_notices.PROBE_NAMES): three of them train the wall model.
PROBE_FILES = {
    "probe.json": "first probe (read while the rules were made)",
    "probe2.json": "second probe (written after)",
    "probe3.json": "third probe (written in the thirty-second session)",
    "probe4.json": "fourth probe (read while the thirty-second session's changes were made)",
}


def existing_probes(directory: Path, names: Mapping[str, str]) -> Iterator[tuple[str, Path]]:
    """(heading, path) of each probe file of ``directory`` that ``names`` (file
    -> heading) names and that exists, in ``names``' order: a checkout without
    a probe's file measures the others."""
    for file, name in names.items():
        path = directory / file
        if path.exists():
            yield name, path


def probe_sections(directory: Path, tools: dict[str, Callable[[str, str], Any]],
                   verdict: Callable[[dict[str, Any], Any], int],
                   names: Mapping[str, str] = PROBE_FILES) -> list[str]:
    """Markdown lines: a heading and a :func:`probe_table` for each probe of
    ``directory`` (``names``: file -> heading) that exists."""
    out: list[str] = []
    for name, path in existing_probes(directory, names):
        pages = json.loads(path.read_text("utf-8"))["pages"]
        out += [f"## {name}: {len(pages)} pages", "", probe_table(pages, tools, verdict), ""]
    return out


def probe_table(pages: Sequence[dict[str, Any]], tools: dict[str, Callable[[str, str], Any]],
                verdict: Callable[[dict[str, Any], Any], int]) -> str:
    """The table of a helper-written probe (benchmarks/*probe/): per tool, the
    pages right, wrong and without an answer, and right per language.
    ``tools`` give an answer for a page's HTML and URL; ``verdict`` says 0
    (right), 1 (wrong) or 2 (none) of an answer. A tool that raises gives no
    answer."""
    tally: dict[str, dict[str, list[int]]] = {
        name: defaultdict(lambda: [0, 0, 0]) for name in tools}
    for page in pages:
        for name, tool in tools.items():
            try:
                got = tool(page["html"], page["url"])
            except Exception:  # a crash is no answer
                got = None
            k = verdict(page, got)
            for group in (page["lang"], "all"):
                tally[name][group][k] += 1
    langs = sorted({p["lang"] for p in pages})
    rows = []
    for name in tools:
        r, w, n = tally[name]["all"]
        cells = [name, f"{r / len(pages):.3f} ({r}/{len(pages)})", str(w), str(n)]
        cells += [f"{tally[name][lang][0]}/{sum(tally[name][lang])}" for lang in langs]
        rows.append(cells)
    return markdown_table(["tool", "right", "wrong", "none", *langs], rows)


def load_block_model(path: Path) -> Any:
    """A block model file (``scripts/train_block_model.py``'s output), loaded."""
    from newsclean.html.blockmodel import load_model

    with path.open("rb") as fh:
        return load_model(fh)


@contextmanager
def using_block_model(model: Any) -> Iterator[None]:
    """Inside, ``newsclean.extract`` scores blocks and types pages with
    ``model`` (``load_block_model``) instead of the shipped block model."""
    import newsclean.html.article as article

    saved = article.block_model
    article.block_model = lambda: model
    try:
        yield
    finally:
        article.block_model = saved


def write_result(name: str, text: str, path: Path | None = None) -> Path:
    """Save a benchmark's report as ``benchmarks/results/<name>.md`` (collected
    into docs/BENCHMARKS.md by ``benchmarks/collect.py``), or as ``path`` when given
    (a script's ``--output`` naming another file), ending it with a newline."""
    path = RESULTS / f"{name}.md" if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", "utf-8")
    return path


def publish(name: str, text: str, *, save: bool = True, path: Path | None = None) -> Path | None:
    """How a benchmark ends: its report ``text`` printed to stdout and, when ``save``,
    written as ``benchmarks/results/<name>.md`` (``write_result``), or as ``path``
    when given (a script's ``--output``), the path said on stderr. A run that must
    not replace the report (``save`` false: cut short by ``--limit`` or a subset
    of tools, a comparison with another model, ``--no-write``) is only printed,
    and stderr says the results file was left as it was; unless ``path`` names
    another file than the report's own, which such a run may write. Returns the
    path written, or None."""
    print(text)
    own = RESULTS / f"{name}.md"
    if not save and (path is None or path.resolve() == own.resolve()):
        print(f"not saved: {own} left as it was", file=sys.stderr)
        return None
    written = write_result(name, text, path)
    print(f"wrote {written}", file=sys.stderr)
    return written


def command_line(script: str, argv: Sequence[str] = ()) -> str:
    """The report line that says how it was made, for instance
    Command: `.venv/bin/python benchmarks/wcxb.py --split validation`
    (``script`` with its ``.py``; ``argv`` quoted as a shell needs them, so
    that an empty argument such as ``--memory-docs ''`` can be copied back)."""
    return "Command: `" + shlex.join([".venv/bin/python", f"benchmarks/{script}", *argv]) + "`"


def iter_with_progress(items: Sequence[Any], label: str) -> Iterator[Any]:
    """``items`` with a tqdm bar on a terminal."""
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        yield from items
        return
    yield from tqdm(items, desc=label, leave=False, disable=None)
