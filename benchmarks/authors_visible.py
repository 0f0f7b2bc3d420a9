"""Authors shown only as a visible byline, in six languages.

Each probe under ``benchmarks/authorprobe/`` holds article pages (en, de, fr,
es, it, pt) written by a helper session that saw neither newsclean's byline
rules nor its tables (nor the other probes; ``probe.json`` was read while the
twenty-seventh session's byline changes were made, ``probe2.json`` written
after them and read in the fortieth session, ``probe3.json`` written in the
thirty-second session and read only by this script; ``probe4.json``, written in
that session too, was read while its byline change was made; ``probe5.json``,
written in the fortieth session, read only by this script): no JSON-LD, no author meta tag, no
``rel=author`` or ``itemprop``; the byline is text ("By Ann Lee", "Von Anna
Berger und Jonas Weber", "Par Claire Martin", "di Giulia Conti", with a role, a
date or an agency beside it), and other names stand in the text (people
quoted, a photo credit). A page is right when the tool's authors are the
byline's names, no more and no fewer (compared case-folded, accents kept);
``none`` when it gives none.

Beside ``newsclean.extract``: trafilatura's ``extract_metadata``.

    .venv/bin/python benchmarks/authors_visible.py

Writes ``benchmarks/results/authors_visible.md``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import PROBE_FILES, command_line, probe_sections, publish  # noqa: E402

PROBE_DIR = ROOT / "benchmarks" / "authorprobe"
# The dates probes share the files' names and headings; the second authors probe
# was read in the fortieth session (the third and the fifth are unread).
PROBES = {**PROBE_FILES,
          "probe2.json": "second probe (written after the first; read in the fortieth session)",
          "probe5.json": "fifth probe (written in the fortieth session; held out)"}


def _names(values: list[str] | str | None) -> frozenset[str]:
    """The names a tool gives, case-folded, split where trafilatura joins them
    ("Ann Lee; Bo Chen")."""
    if not values:
        return frozenset()
    if isinstance(values, str):
        values = re.split(r"\s*[;|]\s*", values)
    return frozenset(" ".join(v.split()).casefold() for v in values if v and v.strip())


def _newsclean() -> Callable[[str, str], list[str] | str | None]:
    import newsclean

    return lambda html, url: newsclean.extract(html, url=url).authors


def _trafilatura() -> Callable[[str, str], list[str] | str | None]:
    from trafilatura import extract_metadata

    def run(html: str, url: str) -> str | None:
        meta = extract_metadata(html, default_url=url)
        return meta.author if meta is not None else None

    return run


def _verdict(page: dict[str, Any], got: Any) -> int:
    """Right when the names are the byline's, none when there is none."""
    names = _names(got)
    return 0 if names == _names(page["authors"]) else (2 if not names else 1)


def main(argv: list[str] | None = None) -> int:
    tools = {"newsclean": _newsclean(), "trafilatura 2.3.1 (extract_metadata)": _trafilatura()}
    out = ["# Authors shown only as a visible byline (six languages)", "",
           "Article pages written by helper sessions that saw neither newsclean's byline "
           "rules nor its tables (benchmarks/authorprobe/): no structured author anywhere; "
           "right = exactly the byline's names.", ""]
    out += probe_sections(PROBE_DIR, tools, _verdict, PROBES)
    out.append(command_line("authors_visible.py"))
    publish("authors_visible", "\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
