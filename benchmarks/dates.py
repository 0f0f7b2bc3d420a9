"""Dates, titles and authors on wcxb-dev: newsclean beside trafilatura and htmldate.

For every page of a wcxb-dev split each tool reads the page's metadata in one
process, and each field is compared with the benchmark's own ``publish_date``,
``title`` and ``author``:

- newsclean: the public ``newsclean.extract(html, url=...)`` (the record's
  ``date``, ``title``, ``authors``);
- trafilatura 2.3.1: ``trafilatura.metadata.extract_metadata(html, default_url=url)``
  (its dates come from htmldate with ``extensive_search`` and ``original_date``);
- htmldate 1.11: ``find_date(html, url=url, original_date=True)`` with and
  without ``extensive_search`` (dates only).

Agreement rules:

- date: the same calendar day (the first 10 characters of the ISO value), on
  the pages whose reference has a date. Also counted: pages with a reference
  date where the tool gives another day (``wrong``) and pages without a
  reference date where the tool gives one (``undated given a date``; wcxb leaves
  the date empty on most product, service and listing pages);
- title: ``benchmarks/metadata.py``'s rule (equal after normalisation, or equal
  once a site name after a separator is removed from either side);
- author: the name tokens (``\\w+`` without digits, minus joining words) of the
  tool's authors equal the reference's, or one set holds the other and the
  smaller one is a full name of two tokens or more (wcxb writes degrees and
  roles beside some names: "Jillian Kubala, MS, RD"); also counted: pages
  without a reference author where the tool names one (``no author given
  one``).

"Pages without structured dates" are the dated pages whose HTML declares no
publication date in JSON-LD (``datePublished``/``dateCreated``) or in a
publication-date meta tag: the pages where visible dates decide.

Times are CPU seconds per page of this process (one core), over all pages of the
split; newsclean's time is its whole extraction, not its metadata alone.

    .venv/bin/python benchmarks/dates.py [--split validation|train|all] [--limit N]

Writes ``benchmarks/results/dates.md``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Page,
    command_line,
    iter_with_progress,
    pin_one_core,
    publish,
    wcxb_pages,
)
from metadata import norm, title_agrees  # noqa: E402

_JOINERS = {"by", "written", "and", "und", "et", "y", "e", "par", "por", "von"}
_PUBLISHED_META = {
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "date",
    "article.published",
}
_LD_DATE = re.compile(r'"(?:datePublished|dateCreated)"\s*:')


@dataclass(slots=True)
class Meta:
    date: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)


def _tokens(s: str) -> set[str]:
    return {t for t in re.findall(r"[^\W\d_]+", norm(s)) if t not in _JOINERS}


def author_agrees(ours: Sequence[str], ref: str | None) -> bool:
    if not ref or not ours:
        return False
    a, b = _tokens(" ".join(ours)), _tokens(ref)
    if not a or not b:
        return False
    if a == b:
        return True
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= 2 and small <= big


def date_agrees(ours: str | None, ref: str | None) -> bool:
    return bool(ours and ref) and str(ours)[:10] == str(ref)[:10]


def has_structured_date(html: str) -> bool:
    """Whether the page declares a publication date in JSON-LD or a meta tag."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script"):
        if "ld+json" in (node.attributes.get("type") or "").lower() and _LD_DATE.search(
            node.text() or ""
        ):
            return True
    for node in tree.css("meta[content]"):
        a = node.attributes
        for key in (a.get("property"), a.get("name"), a.get("itemprop")):
            if key and key.lower() in _PUBLISHED_META and (a.get("content") or "").strip():
                return True
    return False


# --- tools ----------------------------------------------------------------------------


def newsclean_tool() -> Callable[[Page], Meta]:
    import newsclean

    def run(page: Page) -> Meta:
        art = newsclean.extract(page.html, url=page.url)
        return Meta(art.date, art.title, list(art.authors))

    return run


def trafilatura_tool() -> Callable[[Page], Meta]:
    from trafilatura.metadata import extract_metadata

    def run(page: Page) -> Meta:
        doc = extract_metadata(page.html, default_url=page.url)
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return Meta(doc.date, doc.title, authors)

    return run


def htmldate_tool(extensive: bool) -> Callable[[], Callable[[Page], Meta]]:
    def make() -> Callable[[Page], Meta]:
        from htmldate import find_date

        def run(page: Page) -> Meta:
            return Meta(
                find_date(page.html, extensive_search=extensive, original_date=True, url=page.url)
            )

        return run

    return make


TOOLS: dict[str, Callable[[], Callable[[Page], Meta]]] = {
    "newsclean": newsclean_tool,
    "trafilatura 2.3.1 (extract_metadata)": trafilatura_tool,
    "htmldate 1.11 (extensive_search=True)": htmldate_tool(True),
    "htmldate 1.11 (extensive_search=False)": htmldate_tool(False),
}


# --- running --------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    tool: str
    results: list[Meta]
    seconds: float


def run_tool(name: str, make: Callable[[], Callable[[Page], Meta]], pages: Sequence[Page]) -> Row:
    fn = make()
    if pages:
        fn(pages[0])  # warm-up: imports and compiled tables
    out: list[Meta] = []
    spent = 0.0
    for page in iter_with_progress(pages, name):
        start = time.process_time()
        try:
            res = fn(page)
        except Exception:  # a tool that fails on a page scores nothing there
            res = Meta()
        spent += time.process_time() - start
        out.append(res)
    return Row(name, out, spent)


def _rate(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "-"


def report(split: str, pages: Sequence[Page], rows: Sequence[Row]) -> str:
    dated = [i for i, p in enumerate(pages) if p.date]
    undated = [i for i, p in enumerate(pages) if not p.date]
    plain = [i for i in dated if not has_structured_date(pages[i].html)]
    titled = [i for i, p in enumerate(pages) if p.title]
    authored = [i for i, p in enumerate(pages) if p.author]
    lines = [
        f"## wcxb-dev `{split}`: {len(pages)} pages, {len(dated)} with a date "
        f"({len(plain)} of them without a structured date)\n",
        "| tool | date right | date wrong | no date | right, no structured date "
        "| undated given a date | title | author | no author given one | ms/page |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        res = row.results
        right = sum(date_agrees(res[i].date, pages[i].date) for i in dated)
        wrong = sum(
            bool(res[i].date) and not date_agrees(res[i].date, pages[i].date) for i in dated
        )
        plain_ok = sum(date_agrees(res[i].date, pages[i].date) for i in plain)
        given = sum(bool(res[i].date) for i in undated)
        dates_only = row.tool.startswith("htmldate")
        title = (
            "-"
            if dates_only
            else _rate(sum(title_agrees(res[i].title, pages[i].title) for i in titled), len(titled))
        )
        author = (
            "-"
            if dates_only
            else _rate(
                sum(author_agrees(res[i].authors, pages[i].author) for i in authored), len(authored)
            )
        )
        unauthored = [i for i, p in enumerate(pages) if not p.author]
        named = "-" if dates_only else (
            f"{sum(bool(res[i].authors) for i in unauthored)}/{len(unauthored)}")
        ms = 1000 * row.seconds / max(1, len(pages))
        lines.append(
            f"| {row.tool} | {_rate(right, len(dated))} | {wrong} | {len(dated) - right - wrong} "
            f"| {_rate(plain_ok, len(plain))} | {given}/{len(undated)} | {title} | {author} "
            f"| {named} | {ms:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="all", choices=("validation", "train", "all"),
                    help="the report holds both splits: a run of one prints its table only")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tools", default=None, help="comma-separated prefixes of tool names")
    ap.add_argument("--json", type=Path, default=None, help="also save per-page results here")
    args = ap.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    pin_one_core()
    splits = ("train", "validation") if args.split == "all" else (args.split,)
    parts = [
        "# Dates, titles and authors (wcxb-dev)\n",
        "Agreement with wcxb's own `publish_date`, `title` and `author`; rules in the "
        "docstring of `benchmarks/dates.py`. ms/page is CPU time on one core over all pages "
        "of the split (newsclean: the whole extraction).\n",
    ]
    dump: dict[str, Any] = {}
    for split in splits:
        pages = wcxb_pages(split, limit=args.limit)
        tools = {
            k: v
            for k, v in TOOLS.items()
            if args.tools is None or any(k.startswith(t) for t in args.tools.split(","))
        }
        rows = [run_tool(name, make, pages) for name, make in tools.items()]
        parts.append(report(split, pages, rows))
        dump[split] = {
            r.tool: {
                p.id: [m.date, m.title, m.authors] for p, m in zip(pages, r.results, strict=True)
            }
            for r in rows
        }
    parts.append(command_line("dates.py", sys.argv[1:] if argv is None else argv))
    publish("dates", "\n".join(parts),
            save=args.limit is None and args.tools is None and args.split == "all")
    if args.json is not None:
        args.json.write_text(json.dumps(dump), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
