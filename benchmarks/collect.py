"""Assemble docs/BENCHMARKS.md from the latest result of every benchmark script.

Each script under benchmarks/ writes its table to benchmarks/results/<name>.md
(with the command that made it and the machine it ran on); this joins them in
a fixed order under a short preamble so the document always shows the latest
measured figures. ``benchmarks/results/`` is not committed, so a section whose
script was not run on this machine is carried over from the current
docs/BENCHMARKS.md (each section sits under a ``<!-- section: NAME -->`` marker):
running one benchmark and then this script replaces that one section only.
Hand-written notes that explain a section's figures sit under a
``<!-- notes: NAME -->`` marker at its end: they stay when the figures above them
are replaced (edit them when the figures change what they say).

Usage: python benchmarks/collect.py
"""

from __future__ import annotations

import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
ORDER = [
    "extraction",
    "scrapinghub_holdout",
    "readability_holdout",
    "wcxb",
    "wcxb_oof",
    "typeprobe",
    "without_url",
    "type_agreement",
    "comments",
    "long_articles",
    "metadata",
    "dates",
    "dates_visible",
    "authors_visible",
    "paywall",
    "wall_notices",
    "cleaning",
    "seedprobe",
    "boilerplate",
    "dedup",
    "dedup_scaling",
    "throughput",
    "run_vs_extract",
    "startup",
    "hostile",
    "encoding",
    "mojibake",
    "io_read",
    "generalisation",
    "inspect_scale",
    "io_hostile",
    "throughput_memory",
    "fetch",
]
DOC = ROOT / "docs" / "BENCHMARKS.md"
MARKER = re.compile(r"^<!-- section: ([a-z_]+) -->$", re.MULTILINE)
NOTES = "<!-- notes: {name} -->"

PREAMBLE = """# Benchmarks

Every figure here comes from a script under `benchmarks/` that runs newsclean and
the tools people would use instead side by side in one run. Each section names the
command that produced it. To reproduce everything:

```sh
make setup && .venv/bin/pip install -e '.[bench]'
.venv/bin/python benchmarks/extraction.py      # extraction quality + speed (issue 3)
.venv/bin/python benchmarks/scrapinghub_holdout.py  # scrapinghub-articles, out of sample
.venv/bin/python benchmarks/readability_holdout.py  # readability-pages, out of sample
.venv/bin/python benchmarks/wcxb.py --split all  # wcxb-dev by page type (issue 12)
.venv/bin/python benchmarks/wcxb_oof.py         # wcxb-dev train out of fold, per type
.venv/bin/python benchmarks/typeprobe.py       # page types of pages in 24 other languages, blind
.venv/bin/python benchmarks/type_agreement.py  # a second annotator vs WCXB's page types
.venv/bin/python benchmarks/comments.py       # articles with reader comments, written blind
.venv/bin/python benchmarks/long_articles.py   # lengthened validation articles
.venv/bin/python benchmarks/generalisation.py  # generated multilingual pages, walls and junk
.venv/bin/python benchmarks/metadata.py        # metadata agreement on readability-pages
.venv/bin/python benchmarks/dates.py          # dates, titles, authors on wcxb-dev (issue 12)
.venv/bin/python benchmarks/dates_visible.py   # dates shown only as text, six languages
.venv/bin/python benchmarks/authors_visible.py # bylines shown only as text, six languages
.venv/bin/python benchmarks/paywall.py         # paywalled / access on wcxb-dev (issue 12)
.venv/bin/python benchmarks/wall_notices.py    # wall notices worded unlike the phrase tables
.venv/bin/python benchmarks/cleaning.py        # text cleaning (issues 4, 13)
.venv/bin/python benchmarks/seedprobe.py       # seed-like texts written blind, 24 languages
.venv/bin/python benchmarks/boilerplate.py     # corpus-learned boilerplate
.venv/bin/python benchmarks/dedup.py           # near-duplicates and originals (issue 5)
.venv/bin/python benchmarks/dedup_scaling.py   # dedup time and memory at 100k / 1M
.venv/bin/python benchmarks/throughput.py      # end-to-end WARC -> Parquet (issue 6)
.venv/bin/python benchmarks/run_vs_extract.py  # run (2 workers) vs extract on 10,000 small files
.venv/bin/python benchmarks/startup.py         # time to the first record, cold process
.venv/bin/python benchmarks/hostile.py         # hostile inputs (issue 8)
.venv/bin/python benchmarks/mojibake.py        # pages and text stored double-encoded
.venv/bin/python benchmarks/fetch.py           # newsclean fetch vs trafilatura.downloads (issue 14)
.venv/bin/python benchmarks/collect.py         # rebuilds this file from benchmarks/results/
```

The development data live in `../shared/data` (see its README); nothing from it is
committed. Machine: {machine}.
"""


def current_sections() -> dict[str, str]:
    """The sections of the committed docs/BENCHMARKS.md, by name."""
    if not DOC.exists():
        return {}
    text = DOC.read_text(encoding="utf-8")
    marks = list(MARKER.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return {
        m.group(1): text[m.end() : end].strip() + "\n" for m, end in zip(marks, ends, strict=True)
    }


def _notes(name: str, section: str) -> str:
    """The hand-written notes at the end of a committed section, with their marker."""
    mark = NOTES.format(name=name)
    at = section.find(mark)
    return "" if at < 0 else "\n" + section[at:].strip() + "\n"


def main() -> None:
    parts = [PREAMBLE.format(machine=f"{platform.machine()}, {platform.python_version()}, 2 cores")]
    sections = current_sections()
    fresh = {p.stem: p.read_text(encoding="utf-8").strip() + "\n" for p in RESULTS.glob("*.md")}
    for name, text in fresh.items():
        sections[name] = text + _notes(name, sections.get(name, ""))
    names = [n for n in ORDER if n in sections]
    names += sorted(n for n in sections if n not in ORDER)
    for name in names:
        parts.append(f"<!-- section: {name} -->\n{sections[name]}")
    DOC.write_text("\n".join(parts), encoding="utf-8")
    kept = [n for n in names if n not in fresh]
    print(f"docs/BENCHMARKS.md: {len(names)} sections; new results: {', '.join(sorted(fresh))}")
    print(f"carried over from the committed file: {', '.join(kept) or 'none'}")


if __name__ == "__main__":
    main()
