"""Publication dates shown only as visible text, in six languages.

Issue 12 judges dates on held-back pages "mostly without structured metadata".
Each probe under ``benchmarks/dateprobe/`` holds article pages (en, de, fr, es,
it, pt) written by a helper session that saw neither newsclean's date rules nor
its tables (nor the other probes): no JSON-LD, no date meta tags, no
``<time datetime>``, no date in the URL; the date is a byline or a line under
the headline, in the formats each language's sites use, some with a later
"updated" date, dates in the body or a copyright year beside it. ``probe.json``
(60 pages) was read while the twenty-seventh session's date rules were made;
``probe2.json`` (36 pages) was written after them and ``probe3.json`` (36
pages, more than half of them with other dates on the page: an update, dated
sidebar teasers, today's date in the header) in the thirty-second session;
both are read only by this script. ``probe4.json`` (36 pages, every one with
two or more competing dates) was written in that session too and read while
its date rules were made.
Each tool's date is right when it is the reference day; wrong when it is
another; none when it gives none.

Beside ``newsclean.extract``: trafilatura's ``extract_metadata`` (htmldate
inside, extensive search) and htmldate alone (``find_date``, extensive search,
original date).

    .venv/bin/python benchmarks/dates_visible.py

Writes ``benchmarks/results/dates_visible.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import command_line, probe_sections, publish  # noqa: E402

PROBE_DIR = ROOT / "benchmarks" / "dateprobe"


def _newsclean() -> Callable[[str, str], str | None]:
    import newsclean

    return lambda html, url: newsclean.extract(html, url=url).date


def _trafilatura() -> Callable[[str, str], str | None]:
    from trafilatura import extract_metadata

    def run(html: str, url: str) -> str | None:
        meta = extract_metadata(html, default_url=url)
        return meta.date if meta is not None else None

    return run


def _htmldate() -> Callable[[str, str], str | None]:
    from htmldate import find_date

    def run(html: str, url: str) -> str | None:
        return find_date(html, url=url, extensive_search=True, original_date=True)

    return run


def _verdict(page: dict[str, Any], got: Any) -> int:
    """Right when the answer is the reference day, none when there is none."""
    day = str(got or "")[:10]
    return 0 if day == page["published"] else (2 if not day else 1)


def main(argv: list[str] | None = None) -> int:
    tools = {
        "newsclean": _newsclean(),
        "trafilatura 2.3.1 (extract_metadata)": _trafilatura(),
        "htmldate (extensive_search, original_date)": _htmldate(),
    }
    out = ["# Publication dates shown only as visible text (six languages)", "",
           "Article pages written by helper sessions that saw neither newsclean's date "
           "rules nor its tables (benchmarks/dateprobe/): no structured date anywhere; "
           "right = the reference day.", ""]
    out += probe_sections(PROBE_DIR, tools, _verdict)
    out.append(command_line("dates_visible.py"))
    publish("dates_visible", "\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
