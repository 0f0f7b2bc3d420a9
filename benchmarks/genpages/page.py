"""The generated page model and the per-page context the templates render from.

A ``Ctx`` holds everything one page needs (language table, article, metadata
truth, wall kind, random source) and records what the templates put on the page:
the ground-truth blocks that stay visible and every junk string injected, with
its category, so the benchmark can say which junk leaked and which article
blocks were lost.
"""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

# Block kinds of the article source format: "## " subheading, "- " list item,
# "> " block quote, anything else a paragraph.
_PREFIXES = (("## ", "h"), ("- ", "li"), ("> ", "bq"))

TLD = {
    "en": "com",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "it": "it",
    "pt": "pt",
    "nl": "nl",
    "pl": "pl",
    "ru": "ru",
    "ja": "jp",
    "zh": "cn",
    "ar": "com",
    "tr": "com.tr",
    "th": "co.th",
    "hi": "in",
}


def load_languages(held_out: bool = False) -> dict[str, dict[str, Any]]:
    """The language tables under data/, keyed by ISO 639-1 code: the trained ones,
    and with ``held_out`` also those marked ``"held_out": true``, which no training
    script draws (the generalisation benchmark's languages the models never saw)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(DATA.glob("*.json")):
        table = json.loads(path.read_text("utf-8"))
        if held_out or not table.get("held_out"):
            out[table["lang"]] = table
    return out


def held_out_languages() -> list[str]:
    """The codes of the held-out language tables, sorted."""
    return sorted(set(load_languages(held_out=True)) - set(load_languages()))


def parse_blocks(lines: list[str]) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    for line in lines:
        for prefix, kind in _PREFIXES:
            if line.startswith(prefix):
                blocks.append((kind, line[len(prefix) :].strip()))
                break
        else:
            blocks.append(("p", line.strip()))
    return blocks


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


@dataclass
class GenPage:
    """One generated page with exact ground truth."""

    id: str
    lang: str
    template: str
    url: str
    html: str
    text: str  # ground-truth article text, blocks separated by a blank line
    blocks: list[tuple[str, str]]  # (kind, text) of the truth, in order
    junk: list[tuple[str, str]]  # (category, text) visible on the page, not article
    title: str
    site_name: str
    authors: list[str]
    date: str  # publication date, YYYY-MM-DD
    paywalled: bool
    wall: str | None  # paywall / registration / js / syndicated, None when open
    placeholder: bool = False  # the page shows a CMS placeholder as its author


@dataclass
class Ctx:
    """Rendering context of one page."""

    rng: random.Random
    L: dict[str, Any]
    article: dict[str, Any]
    others: list[dict[str, Any]]  # other articles of the language, for teasers
    site: str
    domain: str
    authors_shown: list[str]  # what the page displays as authors
    authors_true: list[str]  # [] when the shown author is a placeholder
    published: date
    modified: date
    url_date: date
    wall: str | None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # visible truth
    junk: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return str(self.L["lang"])

    @property
    def title(self) -> str:
        return str(self.article["title"])

    @property
    def url(self) -> str:
        d = self.url_date
        return (
            f"https://www.{self.domain}/{d.year}/{d.month:02d}/{d.day:02d}/{self.article['slug']}/"
        )

    def fmt_date(self, d: date, style: int | None = None) -> str:
        fmts: list[str] = self.L["date_fmt"]
        f = fmts[self.rng.randrange(len(fmts))] if style is None else fmts[style % len(fmts)]
        return f.format(
            d=d.day,
            dd=f"{d.day:02d}",
            m=d.month,
            mm=f"{d.month:02d}",
            y=d.year,
            # the Buddhist era's year, as Thai sites write it (2567 for 2024)
            be=d.year + 543,
            month=self.L["months"][d.month - 1],
        )

    def pick(self, cat: str, record: bool = True, **kw: Any) -> str:
        """A random variant of a junk category, formatted; recorded as junk."""
        variants: list[str] = self.L["junk"][cat]
        s = variants[self.rng.randrange(len(variants))]
        s = s.format(
            n=self.rng.randint(2, 14),
            author=self.rng.choice(self.L["authors"]),
            y=self.modified.year,
            site=self.site,
            **kw,
        )
        if record:
            self.junk.append((cat, s))
        return s

    def picks(self, cat: str, k: int) -> list[str]:
        variants: list[str] = self.L["junk"][cat]
        chosen = self.rng.sample(variants, min(k, len(variants)))
        for s in chosen:
            self.junk.append((cat, s))
        return chosen

    def note(self, cat: str, s: str) -> str:
        self.junk.append((cat, s))
        return s

    def truth(self) -> list[tuple[str, str]]:
        """The article blocks that the page shows: all of them, or the opening
        paragraphs when the page is walled (the rest was withheld)."""
        blocks = parse_blocks(self.article["blocks"])
        if self.wall in ("paywall", "registration", "js"):
            # A wall cuts after the first one to three paragraphs.
            keep = self.rng.randint(1, 3)
            out: list[tuple[str, str]] = []
            for b in blocks:
                if b[0] == "p":
                    keep -= 1
                out.append(b)
                if keep == 0:
                    break
            blocks = out
        self.blocks = blocks
        return blocks

    def wall_lines(self) -> list[str]:
        kind = self.wall if self.wall in ("paywall", "registration", "js") else "paywall"
        return self.picks(kind, self.rng.randint(2, 3))
