"""Seed-like texts in many languages: real article paragraphs with the real page
junk next to them, built from pages never used for measuring (not validation).

A seed-like text is what a crawler's text seed holds: an article's paragraphs
with the page furniture that sat around them (section labels, teasers of other
stories, newsletter and share prompts, crumbs). For every page of
scrapinghub-articles, readability-pages and wcxb-dev ``train`` whose reference
text is not English (py3langid on the reference; Readability's lorem-ipsum test
pages left out), the page's whole visible text (html-text) is labelled line by
line against the reference (scripts/clean_labels.py) and cut to the article's
paragraphs (lines of at least PARAGRAPH_WORDS words, or PARAGRAPH_CHARS
characters in scripts without spaces) plus the JUNK_AROUND junk lines just
before the first and just after the last of them, in page order.

Scored: the share of junk lines removed and of article lines kept, per language
and over all (goal: >= 95% removed with >= 98% kept). The pages are in the
shipped model's training data; ``benchmarks/cleaning.py --heldout-model`` scores
them with a model trained without them (``scripts/train_line_model.py
--exclude-domains``).

    .venv/bin/python benchmarks/seedlike.py --cache /work/scratch/clean-2 [--model PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "scripts"))

import common  # noqa: E402
from clean_labels import label_lines, split_lines  # noqa: E402

PARAGRAPH_WORDS = 8
PARAGRAPH_CHARS = 25
JUNK_AROUND = 6
# Not languages: Readability's lorem-ipsum pages ("la"), markup-only pages.
NOT_LANGUAGES = frozenset({"en", "la", "zxx", "kab"})
SETS = ("scrapinghub", "readability", "wcxb")


@dataclass
class SeedText:
    page: str
    domain: str
    lang: str
    lines: list[str]
    article: list[bool]


def _paragraph(line: str) -> bool:
    if len(line.split()) >= PARAGRAPH_WORDS:
        return True
    # scripts without spaces between words
    return len(line) >= PARAGRAPH_CHARS and len(line.split()) <= 2 and not line.isascii()


def seed_cut(lines: Sequence[str], y: np.ndarray) -> tuple[list[int], list[bool]] | None:
    """The lines of a page's whole-page text (``y``: 1 on reference lines) a seed
    keeps, in page order: its article paragraphs and the JUNK_AROUND junk lines
    just before the first and just after the last; with whether each is an
    article line. None when fewer than two paragraphs."""
    art = [i for i, x in enumerate(lines) if y[i] and _paragraph(x)]
    if len(art) < 2:
        return None
    junk_before = [i for i in range(art[0]) if not y[i]][-JUNK_AROUND:]
    junk_after = [i for i in range(art[-1] + 1, len(lines)) if not y[i]][:JUNK_AROUND]
    keep = sorted({*art, *junk_before, *junk_after})
    article = set(art)
    return keep, [i in article for i in keep]


def seed_texts(cache: Path) -> list[SeedText]:
    import py3langid

    out: list[SeedText] = []
    for name in SETS:
        with gzip.open(cache / f"inputs-{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            rows = [json.loads(x) for x in fh]
        for row in rows:
            if row.get("split") == "validation" or not (row.get("truth") or "").strip():
                continue
            lang = str(py3langid.classify(row["truth"][:1000])[0])
            if lang in NOT_LANGUAGES:
                continue
            lines = split_lines(row["html_text"] or "")
            cut = seed_cut(lines, label_lines(lines, row["truth"]))
            if cut is None:
                continue
            keep, article = cut
            out.append(SeedText(row["id"], row["domain"], lang, [lines[i] for i in keep],
                                article))
    return out


def score(texts: Sequence[SeedText], model_path: Path | None = None) -> list[list[str]]:
    """Rows (language, texts, junk removed, article kept) and the total, of
    newsclean's cleaner (``model_path``: another line model than the shipped one)."""
    from newsclean.clean.article import clean_article
    from newsclean.clean.model import LineModel
    from newsclean.options import Options

    model = LineModel.load(model_path) if model_path is not None else None

    def clean(text: str) -> list[str]:
        art = clean_article(text, options=Options(), model=model)
        return art.text.split("\n\n") if art.text else []

    return score_with(texts, clean)


def score_with(texts: Sequence[SeedText], clean: Callable[[str], list[str]]) -> list[list[str]]:
    """Rows (language, texts, junk removed, article kept) and the total, of a
    cleaner given a text's lines joined by line breaks and answering the lines
    it keeps."""
    from newsclean.mojibake import repair

    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for t in texts:
        kept = clean("\n".join(t.lines))
        # a line is kept when it comes back as one of the kept lines, or as
        # that line with its mojibake put back (newsclean.mojibake)
        remaining: dict[str, int] = {}
        for x in kept:
            remaining[x] = remaining.get(x, 0) + 1
        for line, is_art in zip(t.lines, t.article, strict=True):
            if remaining.get(line, 0) <= 0:
                line = repair(line)
            got = remaining.get(line, 0) > 0
            if got:
                remaining[line] -= 1
            for key in (t.lang, "all"):
                c = tally[key]
                if is_art:
                    c[3] += 1
                    c[4] += got
                else:
                    c[1] += 1
                    c[2] += not got
        for key in (t.lang, "all"):
            tally[key][0] += 1
    rows = []
    for key in sorted(tally, key=lambda k: (k == "all", k)):
        n, junk, removed, arts, kept_n = tally[key]
        rows.append([key, str(n), f"{removed / max(1, junk):.3f} ({removed}/{junk})",
                     f"{kept_n / max(1, arts):.3f} ({kept_n}/{arts})"])
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--domains", action="store_true",
                    help="print the domains of the seed-like pages (to hold them out)")
    args = ap.parse_args(argv)
    texts = seed_texts(args.cache)
    if args.domains:
        print("\n".join(sorted({t.domain for t in texts})))
        return 0
    print(common.markdown_table(["language", "texts", "junk lines removed",
                                 "article lines kept"], score(texts, args.model)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
