"""Metadata benchmark: newsclean beside trafilatura on the readability-pages.

For every page of ``readability-pages`` (``<name>/source.html`` and Readability's
own ``expected-metadata.json``) both tools read title, author, site name,
publication date and language, in one process, and each field is compared with
the reference. Only pages where the reference has a value count for a field.

Agreement rules (the same for every tool):

- text is normalised by NFKC, case folding, straight quotes and dashes, and
  collapsing whitespace;
- title: equal, or equal once a site name is removed from either side: one
  title is the other plus a leading/trailing part after a separator
  (``| - – — · : _ / » ::``);
- author: the set of word tokens (``\\w+`` without digits, minus "by",
  "written" and the joining words "and", "und", "et", "y", "e", "par", "por",
  "von", "with", "avec", "mit") of the tool's authors equals that of the first
  line with a name of the reference byline (later lines of Readability's raw
  byline text are dates and outlets);
- site name: equal after normalisation, ignoring a leading "the";
- date: the same calendar day (the first 10 characters of both ISO values),
  or two timestamps with offsets that denote the same instant;
- language: the same primary subtag (``en-US`` counts as ``en``).

trafilatura returns no language unless asked to filter by one; its own filter
runs py3langid on its extracted text, so that is what its language column is.

Side tables: the two language detectors (py3langid, resiliparse) on the
reference article text, and the date sources (newsclean's structured reading,
htmldate with and without extensive search) with their time per page.

Second table: the same two tools on the generated multilingual pages of
``benchmarks/genpages`` (13 languages, CMS-like templates, exact truth; nothing
from the dev data), with the agreement rules of ``benchmarks/generalisation.py``
(title exact without site suffix, site name, authors as a set where a shown
placeholder means "no author", date by day, language).

    .venv/bin/python benchmarks/metadata.py [--data DIR] [--limit N] [--no-genpages]

Writes the tables to ``benchmarks/results/metadata.md`` (``--output`` names another
file; a run cut short by ``--limit`` or ``--no-genpages`` is saved only there).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from common import folded as norm  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("NEWSCLEAN_DATA", "/work/shared/data")) / "readability-pages"
RESULTS = ROOT / "results" / "metadata.md"
FIELDS = ("title", "author", "site_name", "date", "language")
_REF_KEYS = {
    "title": "title",
    "author": "byline",
    "site_name": "siteName",
    "date": "publishedTime",
    "language": "lang",
}


# --- pages ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: str
    reference: dict[str, Any]
    reference_text: str


def load_pages(pages_dir: Path, limit: int | None = None) -> list[Page]:
    pages: list[Page] = []
    for d in sorted(p for p in Path(pages_dir).iterdir() if p.is_dir()):
        src, meta = d / "source.html", d / "expected-metadata.json"
        if not (src.exists() and meta.exists()):
            continue
        expected = d / "expected.html"
        ref_html = expected.read_text("utf-8", errors="replace") if expected.exists() else ""
        pages.append(
            Page(
                d.name,
                src.read_text("utf-8", errors="replace"),
                json.loads(meta.read_text("utf-8")),
                _html_text(ref_html),
            )
        )
        if limit and len(pages) >= limit:
            break
    return pages


def _html_text(html: str) -> str:
    if not html:
        return ""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    return root.text(separator=" ") if root is not None else ""


# --- agreement ----------------------------------------------------------------------

_SEPARATORS = re.compile(r"^\s*(?:[|\-–—·:_/»~]|::)")
# "with" / "avec" / "mit" join co-authors as "and" does: "Ann Lee (avec Bo Chen)"
# names the same two people as "Ann Lee et Bo Chen"
_JOINERS = {"by", "written", "and", "und", "et", "y", "e", "par", "por", "von",
            "with", "avec", "mit"}


def title_agrees(ours: str | None, ref: str | None) -> bool:
    a, b = norm(ours), norm(ref)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_.startswith(short):
        return bool(_SEPARATORS.match(long_[len(short) :]))
    if long_.endswith(short):
        return bool(_SEPARATORS.match(long_[: -len(short)].rstrip()[::-1]))
    return False


def _name_tokens(s: str) -> set[str]:
    return {t for t in re.findall(r"[^\W\d_]+", norm(s)) if t not in _JOINERS}


def author_agrees(ours: Sequence[str], ref: str | None) -> bool:
    if not ref or not ours:
        return False
    # Readability's byline is the raw text of a byline element; its first line
    # is the names, later lines dates and outlets.
    first = next((ln for ln in ref.splitlines() if _name_tokens(ln)), ref)
    return _name_tokens(" ".join(ours)) == _name_tokens(first)


def site_agrees(ours: str | None, ref: str | None) -> bool:
    def key(s: str | None) -> str:
        n = norm(s)
        return n[4:] if n.startswith("the ") else n

    return bool(key(ours)) and key(ours) == key(ref)


def _instant(s: str) -> datetime | None:
    s = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", s.strip().replace(" ", "T", 1))
    s = re.sub(r"(\.\d{6})\d+", r"\1", s)
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else None


def date_agrees(ours: str | None, ref: str | None) -> bool:
    if not (ours and ref):
        return False
    if str(ours)[:10] == str(ref)[:10]:
        return True
    # The same moment written in another time zone can fall on another day.
    a, b = _instant(str(ours)), _instant(str(ref))
    return a is not None and b is not None and a == b


def lang_agrees(ours: str | None, ref: str | None) -> bool:
    def primary(s: str | None) -> str:
        return re.split(r"[-_]", s.strip().lower())[0] if s else ""

    return bool(primary(ours)) and primary(ours) == primary(ref)


AGREES: dict[str, Callable[[Any, Any], bool]] = {
    "title": title_agrees,
    "author": author_agrees,
    "site_name": site_agrees,
    "date": date_agrees,
    "language": lang_agrees,
}


# --- tools ----------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    title: str | None
    author: list[str]
    site_name: str | None
    date: str | None
    language: str | None


def newsclean_tool() -> Callable[[str], Result]:
    """The public API, as users get it: ``newsclean.extract``. Falls back to the
    metadata module alone (language from the body text) if extraction fails."""
    from selectolax.lexbor import LexborHTMLParser

    from newsclean.annotate.language import detect_language
    from newsclean.metadata import extract_metadata

    # What ``newsclean.extract`` runs; called directly because importing the
    # ``newsclean.extract`` subpackage rebinds that package attribute.
    from newsclean.options import Options
    from newsclean.pipeline.stages import extract_one

    def nc_extract(html: str) -> Any:
        return extract_one(html, url=None, options=Options())

    def run(html: str) -> Result:
        try:
            art = nc_extract(html)
            return Result(art.title, list(art.authors), art.site_name, art.date, art.language)
        except Exception:
            tree = LexborHTMLParser(html)
            m = extract_metadata(tree, None)
            lang = detect_language(_body(tree), hint=m.language_hint)
            return Result(m.title, m.authors, m.site_name, m.date, lang)

    return run


def _body(tree: Any) -> str:
    """Visible body text: scripts and styles would otherwise count as text."""
    tree.strip_tags(["script", "style", "noscript", "template"])
    return tree.body.text(separator=" ") if tree.body is not None else ""


def newsclean_metadata_tool() -> Callable[[str], Result]:
    """The metadata module alone: parse, ``extract_metadata``, and
    ``detect_language`` on the whole body text (no content extraction)."""
    from selectolax.lexbor import LexborHTMLParser

    from newsclean.annotate.language import detect_language
    from newsclean.metadata import extract_metadata

    def run(html: str) -> Result:
        tree = LexborHTMLParser(html)
        m = extract_metadata(tree, None)
        lang = detect_language(_body(tree), hint=m.language_hint)
        return Result(m.title, m.authors, m.site_name, m.date, lang)

    return run


def trafilatura_tool() -> Callable[[str], Result]:
    import py3langid
    import trafilatura

    def run(html: str) -> Result:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        if doc is None:
            return Result(None, [], None, None, None)
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        author = d.get("author")
        authors = [a.strip() for a in author.split(";")] if author else []
        text = d.get("text") or ""
        lang = d.get("language") or (py3langid.classify(text)[0] if text.strip() else None)
        return Result(d.get("title"), authors, d.get("sitename"), d.get("date"), lang)

    return run


TOOLS: dict[str, Callable[[], Callable[[str], Result]]] = {
    "newsclean": newsclean_tool,
    "newsclean (metadata module only)": newsclean_metadata_tool,
    "trafilatura 2.3.1": trafilatura_tool,
}


# --- running ----------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    tool: str
    agree: dict[str, int]
    counted: dict[str, int]
    seconds: float
    pages: int
    misses: dict[str, list[str]]

    def rate(self, f: str) -> float:
        return self.agree[f] / self.counted[f] if self.counted[f] else 0.0


def score_tool(name: str, fn: Callable[[str], Result], pages: Sequence[Page]) -> Row:
    agree = dict.fromkeys(FIELDS, 0)
    counted = dict.fromkeys(FIELDS, 0)
    misses: dict[str, list[str]] = {f: [] for f in FIELDS}
    elapsed = 0.0
    for page in pages:
        t0 = time.perf_counter()
        try:
            res = fn(page.html)
        except Exception:
            res = Result(None, [], None, None, None)
        elapsed += time.perf_counter() - t0
        for f in FIELDS:
            ref = page.reference.get(_REF_KEYS[f])
            if not ref:
                continue
            counted[f] += 1
            if AGREES[f](getattr(res, f), ref):
                agree[f] += 1
            else:
                misses[f].append(f"{page.name}: {getattr(res, f)!r} vs {ref!r}")
    return Row(name, agree, counted, elapsed, len(pages), misses)


def run(pages_dir: Path | str = DEFAULT_DATA, limit: int | None = None) -> list[Row]:
    """One row per tool: per-field agreement with the reference and time."""
    pages = load_pages(Path(pages_dir), limit)
    rows: list[Row] = []
    for name, make in TOOLS.items():
        fn = make()
        if pages:
            fn(pages[0].html)  # warm-up: imports, compiled tables
        rows.append(score_tool(name, fn, pages))
    return rows


def language_rows(pages: Sequence[Page]) -> list[tuple[str, int, int, float]]:
    """Each detector on the reference article text of pages with a `lang`
    (text only, no hint from the page)."""
    from newsclean.annotate.language import detect_language

    out = []
    sample = [p for p in pages if p.reference.get("lang") and p.reference_text.strip()]
    for det in ("py3langid", "resiliparse"):
        detect_language(sample[0].reference_text if sample else "warm up text", detector=det)
        ok = 0
        t0 = time.perf_counter()
        for p in sample:
            if lang_agrees(detect_language(p.reference_text, detector=det), p.reference["lang"]):
                ok += 1
        out.append((det, ok, len(sample), time.perf_counter() - t0))
    return out


def date_rows(pages: Sequence[Page]) -> list[tuple[str, int, int, float]]:
    """Date sources on pages with a `publishedTime`: agreement and seconds."""
    from htmldate import find_date
    from selectolax.lexbor import LexborHTMLParser

    from newsclean.metadata import extract_metadata

    def ours(html: str) -> str | None:
        return extract_metadata(LexborHTMLParser(html), None).date

    def hd(extensive: bool) -> Callable[[str], str | None]:
        def f(html: str) -> str | None:
            return find_date(html, extensive_search=extensive, original_date=True)

        return f

    def ours_then_hd(html: str) -> str | None:
        return ours(html) or hd(False)(html)

    sources: list[tuple[str, Callable[[str], str | None]]] = [
        ("newsclean structured reading", ours),
        ("htmldate (extensive_search=False)", hd(False)),
        ("htmldate (extensive_search=True)", hd(True)),
        ("newsclean, then htmldate fast", ours_then_hd),
    ]
    sample = [p for p in pages if p.reference.get("publishedTime")]
    out = []
    for name, fn in sources:
        ok = 0
        elapsed = 0.0
        for p in pages:  # time over all pages: pages without dates cost the most
            t0 = time.perf_counter()
            try:
                got = fn(p.html)
            except Exception:
                got = None
            elapsed += time.perf_counter() - t0
            if p in sample and date_agrees(got, p.reference["publishedTime"]):
                ok += 1
        out.append((name, ok, len(sample), elapsed / max(1, len(pages))))
    return out


# --- output -----------------------------------------------------------------------


def table_markdown(rows: Sequence[Row]) -> str:
    base = next((r for r in rows if r.tool.startswith("trafilatura")), None)
    counted = rows[0].counted if rows else dict.fromkeys(FIELDS, 0)
    head = "| tool | " + " | ".join(f"{f} (n={counted[f]})" for f in FIELDS) + " | ms/page |"
    lines = [head, "|" + "---|" * (len(FIELDS) + 2)]
    for r in rows:
        cells = []
        for f in FIELDS:
            cell = f"{r.rate(f):.2f} ({r.agree[f]})"
            if base is not None and r is not base and base.rate(f):
                cell += f" (×{r.rate(f) / base.rate(f):.2f})"
            cells.append(cell)
        ms = 1000 * r.seconds / max(1, r.pages)
        lines.append(f"| {r.tool} | " + " | ".join(cells) + f" | {ms:.1f} |")
    return "\n".join(lines)


def metadata_table(pages_dir: Path | str = DEFAULT_DATA) -> str:
    """The main table, for benchmarks/extraction.py."""
    rows = run(pages_dir)
    return (
        f"Metadata agreement with Readability's reference on readability-pages "
        f"({rows[0].pages if rows else 0} pages; a field counts only pages where the "
        f"reference has a value):\n\n" + table_markdown(rows)
    )


GEN_FIELDS = ("title", "site_name", "authors", "date", "language")


def genpages_rows(seed: int = 7) -> tuple[int, list[tuple[str, list[str]]]]:
    """Per-field agreement of newsclean and trafilatura on the generated pages."""
    sys.path.insert(0, str(ROOT))
    from generalisation import agree  # the generalisation benchmark's own rules
    from genpages.build import build_pages

    pages = build_pages(seed=seed)
    import newsclean

    tr = trafilatura_tool()
    out: list[tuple[str, list[str]]] = []
    got: dict[str, list[dict[str, Any]]] = {"newsclean": [], "trafilatura": []}
    for p in pages:
        a = newsclean.extract(p.html, url=p.url)
        got["newsclean"].append(
            {
                "title": a.title,
                "site_name": a.site_name,
                "authors": a.authors,
                "date": a.date,
                "language": a.language,
            }
        )
        r = tr(p.html)
        got["trafilatura"].append(
            {
                "title": r.title,
                "site_name": r.site_name,
                "authors": r.author,
                "date": r.date,
                "language": r.language,
            }
        )
    for f in GEN_FIELDS:
        cells = []
        for tool in ("newsclean", "trafilatura"):
            ok = sum(agree(f, g[f], p) for g, p in zip(got[tool], pages, strict=True))
            cells.append(f"{ok / len(pages):.3f} ({ok})")
        out.append((f, cells))
    sel = [i for i, p in enumerate(pages) if p.placeholder]
    cells = []
    for tool in ("newsclean", "trafilatura"):
        ok = sum(not got[tool][i]["authors"] for i in sel)
        cells.append(f"{ok / max(1, len(sel)):.3f} ({ok})")
    out.append((f"no author on the {len(sel)} pages showing a placeholder", cells))
    return len(pages), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--misses", action="store_true", help="print each disagreement")
    ap.add_argument("--output", type=Path, default=RESULTS)
    ap.add_argument("--no-genpages", action="store_true", help="skip the generated pages")
    ap.add_argument("--seed", type=int, default=7, help="seed of the generated pages")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    pages = load_pages(args.data, args.limit)
    if not pages:
        print(f"no pages under {args.data}", file=sys.stderr)
        return 2
    rows = []
    for name, make in TOOLS.items():
        fn = make()
        fn(pages[0].html)
        rows.append(score_tool(name, fn, pages))
    parts = [
        "# Metadata (readability-pages)\n",
        f"{len(pages)} pages, one process on one core. Agreement with Readability's own "
        "metadata (not a human gold standard); a field counts only the pages where the "
        "reference has a value (n). Rules: see the docstring of benchmarks/metadata.py. "
        "Cells: agreement rate (pages agreeing) and the ratio to trafilatura. "
        "`newsclean` is the public extraction (`extract_one`, what `newsclean.extract` "
        "runs); `metadata module only` is `extract_metadata` plus `detect_language` on "
        "the visible body text with the page's declared language as a hint.\n",
        table_markdown(rows),
        "\n## Language detectors on the reference article text\n",
        "| detector | agreement | ms/page |",
        "|---|---|---|",
    ]
    for det, ok, n, secs in language_rows(pages):
        parts.append(f"| {det} | {ok / max(1, n):.2f} ({ok}/{n}) | {1000 * secs / max(1, n):.2f} |")
    parts += [
        "\n## Publication date sources\n",
        "| source | agreement | ms/page (all pages) |",
        "|---|---|---|",
    ]
    for name, ok, n, per_page in date_rows(pages):
        parts.append(f"| {name} | {ok / max(1, n):.2f} ({ok}/{n}) | {1000 * per_page:.2f} |")
    if not args.no_genpages:
        n, grows = genpages_rows(args.seed)
        parts += [
            f"\n## Generated multilingual pages (benchmarks/genpages, seed {args.seed})\n",
            f"{n} pages in 13 languages from CMS-like templates, exact truth; rules of "
            "benchmarks/generalisation.py. newsclean is `newsclean.extract` with the page "
            "URL; trafilatura is `bare_extraction(with_metadata=True)` as above. Seed 7 "
            "is the set looked at while developing; `--seed N` draws other pages.\n",
            "| field | newsclean | trafilatura 2.3.1 |",
            "|---|---|---|",
        ]
        parts += [f"| {f} | {c[0]} | {c[1]} |" for f, c in grows]
    from common import publish

    # a run cut short does not overwrite the full report unless it is named apart
    partial = args.limit is not None or args.no_genpages
    publish("metadata", "\n".join(parts) + "\n", path=args.output, save=not partial)
    if args.misses:
        for r in rows:
            for f in FIELDS:
                for m in r.misses[f]:
                    print(f"[{r.tool}] {f}: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
