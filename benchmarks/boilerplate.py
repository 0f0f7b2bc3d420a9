"""Corpus-learned boilerplate: article lines wrongly removed, page furniture caught.

Corpus, assembled at run time from ../shared/data/scrapinghub-articles: each
page's whole visible text (html-text, as a naive scraper saves it) on its own
host, plus ``--copies`` syndicated copies of each article: the same article
lines placed inside the page furniture (the lines before and after the article)
of another page, on that page's host. So each host carries its own page plus a
few foreign articles inside its furniture, and every article appears on several
sites: the case where counting lines without site and context diversity
would delete syndicated article text.

A line is an *article line* when its folded form (case, digits, punctuation)
occurs in the page's ``articleBody`` and it has 4+ words; *junk* when it does not
occur there; short lines found in the body are reported separately. Run::

    .venv/bin/python benchmarks/boilerplate.py

Writes benchmarks/results/boilerplate.md.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from urllib.parse import urlsplit

import html_text
from common import load_scrapinghub, publish

from newsclean.clean.boilerplate import BoilerplateCounter, normalize_line


def load_pages() -> list[tuple[str, list[str], str]]:
    """(host, visible-text lines, folded articleBody) per page."""
    out = []
    for page in load_scrapinghub():
        lines = [ln.strip() for ln in html_text.extract_text(page.html).split("\n") if ln.strip()]
        host = (urlsplit(page.url or "").hostname or page.id).removeprefix("www.")
        out.append((host, lines, " " + normalize_line(page.truth) + " "))
    return out


def label(line: str, body: str) -> str:
    norm = normalize_line(line)
    if not norm:
        return "empty"
    inside = f" {norm} " in body
    if inside and len(norm.split()) >= 4:
        return "article"
    return "short_in_body" if inside else "junk"


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=4)
    args = ap.parse_args(argv)
    rng = random.Random(3)
    pages = load_pages()
    docs: list[tuple[str, list[tuple[str, str]]]] = []  # (host, [(line, label)])
    spans = []
    for _host, lines, body in pages:
        labs = [label(ln, body) for ln in lines]
        idx = [i for i, lab in enumerate(labs) if lab == "article"]
        spans.append((idx[0], idx[-1]) if idx else (len(lines), len(lines) - 1))
    for i, (host, lines, body) in enumerate(pages):
        docs.append((host, [(ln, label(ln, body)) for ln in lines]))
        a0, a1 = spans[i]
        article = [(ln, label(ln, body)) for ln in lines[a0 : a1 + 1]]
        for j in rng.sample([k for k in range(len(pages)) if k != i], args.copies):
            h2, l2, b2 = pages[j]
            s0, s1 = spans[j]
            # the host's furniture is junk wherever it appears
            before = [(ln, "junk") for ln in l2[:s0]]
            after = [(ln, "junk") for ln in l2[s1 + 1 :]]
            docs.append((h2, before + article + after))

    with BoilerplateCounter() as counter:
        for host, doc_lines in docs:
            counter.add(host, "\n".join(ln for ln, _ in doc_lines))
        table = counter.finalize()

    total: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    words_total: Counter[str] = Counter()
    words_removed: Counter[str] = Counter()
    examples: list[str] = []
    for host, doc_lines in docs:
        for ln, lab in doc_lines:
            n = len(ln.split())
            total[lab] += 1
            words_total[lab] += n
            if table.is_boilerplate(ln, host):
                removed[lab] += 1
                words_removed[lab] += n
                if lab == "article" and len(examples) < 5:
                    examples.append(ln[:100])

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.2f}%" if b else "n/a"

    rows = [
        "| line kind | lines | removed | share removed | words removed |",
        "|---|---|---|---|---|",
    ]
    for lab in ("article", "short_in_body", "junk"):
        rows.append(
            f"| {lab} | {total[lab]:,} | {removed[lab]:,} | {pct(removed[lab], total[lab])} "
            f"| {pct(words_removed[lab], words_total[lab])} |"
        )
    rules = Counter(r for r, _, _ in table.keys.values())
    text = (
        f"Corpus: {len(docs)} documents ({len(pages)} pages + {args.copies} syndicated copies "
        f"each, inside other sites' furniture) on {len({h for h, _ in docs})} hosts; "
        f"{len(table.keys)} keys learned for all sites ({dict(rules)}), "
        f"{len(table) - len(table.keys)} (site, key) pairs for one site only.\n\n"
        + "\n".join(rows)
        + "\n\nArticle lines removed (examples): "
        + ("; ".join(repr(e) for e in examples) or "none")
        + "\n"
    )
    publish("boilerplate",
            "# Corpus-learned boilerplate\n\n`"
            + " ".join([".venv/bin/python benchmarks/boilerplate.py", *sys.argv[1:]])
            + "`\n\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
