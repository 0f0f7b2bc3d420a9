"""Cleaning benchmark: scraped text -> article text, newsclean beside C4's line filter.

In one run, one process:

1. ``wcxb-dev/validation`` (393 pages of domains the shipped model never saw),
   whole-page text as naive scrapers save it (html-text; resiliparse's plain text
   too), scored with WCXB's word metric (common.wcxb_page_score, mean per page),
   all pages and article pages: untouched, datatrove's C4QualityFilter in line
   mode, newsclean ``clean_text``; trafilatura given the HTML for reference.
2. Already-extracted text as input, recall first: trafilatura's output and
   newsclean's own HTML output (``newsclean.extract(html).text``) through
   ``clean_text``: precision and recall change against the input.
3. scrapinghub-articles whole-page text (html-text), the data README's shingle F1.
4. Speed: whole-page cleaning (``clean_text`` on html-text) in documents per CPU
   second, this process pinned to one core: a first pass, then the best of five
   steady passes (newsclean's and C4's passes alternating).
5. The issue's example as scraped (no-break spaces): exactly its six paragraphs?
6. Bad input: one record each, with status, reason and removal reasons.
7. Seed-like texts in many languages (benchmarks/seedlike.py: real non-English
   article paragraphs with the real junk around them, from pages of the
   training sets, none from validation): junk lines removed, article lines kept;
   with ``--heldout-model`` also by a model fitted without those pages.

The shipped model (src/newsclean/clean/data/line_model.npz) was fitted on
wcxb-dev ``train``, scrapinghub-articles, readability-pages and generated pages
(scripts/train_line_model.py): the wcxb-dev validation figures are on pages and
domains it never saw; scrapinghub-articles is in its training data (the
site-grouped cross-validated figure is printed by the training script).

    .venv/bin/python benchmarks/cleaning.py [--limit N] [--cache DIR] [--heldout-model NPZ]

``--cache`` reuses the scraped texts written by scripts/clean_inputs.py (and is
needed for the seed-like texts).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests"))

import common  # noqa: E402

import newsclean  # noqa: E402


def _texts(pages: Sequence[common.Page], cache: Path | None, name: str
           ) -> list[dict[str, str]]:
    """html-text, resiliparse and trafilatura texts of each page (cached or computed)."""
    if cache is not None and (cache / f"inputs-{name}.jsonl.gz").exists():
        with gzip.open(cache / f"inputs-{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            rows = {r["id"]: r for r in map(json.loads, fh)}
        if all(p.id in rows for p in pages):
            return [rows[p.id] for p in pages]
    out = []
    for p in common.iter_with_progress(pages, f"scraping {name}"):
        out.append({"html_text": common.html_text(p.html),
                    "resiliparse": common.resiliparse_plain(p.html),
                    "trafilatura": common.trafilatura_text(p.html, p.url)})
    return out


def clean(text: str) -> str:
    return newsclean.clean_text(text).text


def date_row(name: str, got: Sequence[str | None], pages: Sequence[common.Page]) -> list[str]:
    """The dates clean_text gave texts without metadata (``got``: a dateline or
    byline it removed) against the reference date: right (same day) and wrong on
    the dated pages, given on the undated ones."""
    dated = [(g, p.date) for g, p in zip(got, pages, strict=True) if p.date]
    right = sum(g is not None and g[:10] == d[:10] for g, d in dated)
    wrong = sum(g is not None and g[:10] != d[:10] for g, d in dated)
    undated = [g for g, p in zip(got, pages, strict=True) if not p.date]
    n = max(1, len(dated))
    return [name, str(len(dated)), f"{right / n:.3f} ({right})", f"{wrong / n:.3f} ({wrong})",
            f"{sum(g is not None for g in undated)} of {len(undated)}"]


def author_row(name: str, got: Sequence[Sequence[str]], pages: Sequence[common.Page]
               ) -> list[str]:
    """The authors clean_text gave texts without metadata (``got``: a byline it
    removed) against the reference author (benchmarks/metadata.py's rule):
    right, wrong and none on the pages that name one, given on the others."""
    from metadata import author_agrees

    named = [(g, p.author) for g, p in zip(got, pages, strict=True) if p.author]
    right = sum(author_agrees(g, a) for g, a in named)
    none = sum(not g for g, _ in named)
    others = [g for g, p in zip(got, pages, strict=True) if not p.author]
    n = max(1, len(named))
    wrong = len(named) - right - none
    return [name, str(len(named)), f"{right / n:.3f} ({right})", f"{wrong / n:.3f} ({wrong})",
            f"{none / n:.3f} ({none})", f"{sum(bool(g) for g in others)} of {len(others)}"]


def title_row(name: str, got: Sequence[str | None], pages: Sequence[common.Page]) -> list[str]:
    """The titles clean_text took from texts without metadata (a first line that
    reads like a headline) against the reference title (benchmarks/metadata.py's
    rule): right, wrong (another line taken) and none, on the pages that have one."""
    from metadata import title_agrees

    titled = [(g, p.title) for g, p in zip(got, pages, strict=True) if p.title]
    right = sum(title_agrees(g, t) for g, t in titled)
    none = sum(g is None for g, _ in titled)
    n = max(1, len(titled))
    wrong = len(titled) - right - none
    return [name, str(len(titled)), f"{right / n:.3f} ({right})", f"{wrong / n:.3f} ({wrong})",
            f"{none / n:.3f} ({none})"]


def _wcxb(preds: Sequence[str], pages: Sequence[common.Page], article: bool) -> common.Score:
    return common.mean_score([common.wcxb_page_score(x, p.truth)
                              for x, p in zip(preds, pages, strict=True)
                              if not article or p.page_type == "article"])


def _row(name: str, preds: Sequence[str], pages: Sequence[common.Page],
         extra: str = "") -> list[str]:
    a, b = _wcxb(preds, pages, False), _wcxb(preds, pages, True)
    return [name, f"{a.f1:.3f}", f"{a.precision:.3f}", f"{a.recall:.3f}",
            f"{b.f1:.3f}", f"{b.precision:.3f}", f"{b.recall:.3f}", extra]


def _delta_rows(name: str, before: Sequence[str], after: Sequence[str],
                pages: Sequence[common.Page]) -> list[list[str]]:
    rows = []
    for label, article in (("all pages", False), ("article pages", True)):
        s0, s1 = _wcxb(before, pages, article), _wcxb(after, pages, article)
        dp, dr = s1.precision - s0.precision, s1.recall - s0.recall
        rows.append([name, label, f"{s0.f1:.3f} → {s1.f1:.3f}",
                     f"{s0.precision:.3f} → {s1.precision:.3f} ({dp:+.4f})",
                     f"{s0.recall:.3f} → {s1.recall:.3f} ({dr:+.4f})"])
    return rows


def _target_rows(ours_ht: Sequence[str], tf: Sequence[str], ours_tf: Sequence[str],
                 pages: Sequence[common.Page], sh_f1: float, speed: float,
                 example_ok: bool, seeds: tuple[str, float, float] | None) -> list[list[str]]:
    """Issue 13's figures beside their targets (figure, target, measured, met?)."""
    a, b = _wcxb(ours_ht, pages, False), _wcxb(ours_ht, pages, True)
    rows: list[tuple[str, str, str, bool]] = [
        # four decimals: a figure a few thousandths from its target shows how near
        ("wcxb-dev validation, html-text: F1 all pages", ">= 0.83", f"{a.f1:.4f}", a.f1 >= 0.83),
        ("wcxb-dev validation, html-text: F1 article pages", ">= 0.93", f"{b.f1:.4f}",
         b.f1 >= 0.93),
        ("wcxb-dev validation, html-text: recall article pages", ">= 0.97", f"{b.recall:.4f}",
         b.recall >= 0.97),
    ]
    for label, article in (("all pages", False), ("article pages", True)):
        s0, s1 = _wcxb(tf, pages, article), _wcxb(ours_tf, pages, article)
        dp, dr = s1.precision - s0.precision, s1.recall - s0.recall
        rows += [(f"trafilatura's output, {label}: precision change", ">= +0.02", f"{dp:+.4f}",
                  dp >= 0.02),
                 (f"trafilatura's output, {label}: recall change", ">= -0.005", f"{dr:+.4f}",
                  dr >= -0.005)]
    rows += [("scrapinghub-articles whole-page F1 (in the training data)", ">= 0.91",
              f"{sh_f1:.3f}", sh_f1 >= 0.91),
             ("whole-page cleaning, documents per CPU second, one core (steady)", ">= 150",
              f"{speed:.0f}", speed >= 150),
             ("the issue's example as scraped", "its six paragraphs",
              "yes" if example_ok else "no", example_ok)]
    if seeds is not None:
        which, junk, kept = seeds
        rows += [(f"seed-like texts ({which}): junk lines removed", ">= 0.95", f"{junk:.3f}",
                  junk >= 0.95),
                 (f"seed-like texts ({which}): article lines kept", ">= 0.98", f"{kept:.3f}",
                  kept >= 0.98)]
    return [[f, t, m, "met" if ok else "**missed**"] for f, t, m, ok in rows]


# Noise on a shared instance only adds CPU time (a pass moved by 130-190
# documents/s within minutes in the nineteenth session): the best of more passes
# is the closer estimate of the code's own rate, as timeit takes its best repeat.
STEADY_PASSES = 5


def _speeds(fns: Sequence[Callable[[str], Any]], inputs: Sequence[str]
            ) -> list[tuple[float, list[float]]]:
    """Documents per CPU second of each cleaner: (the first pass, after one
    warm-up document; STEADY_PASSES more, steady state). The cleaners' passes
    alternate, so a machine whose speed drifts (a shared instance moves by 10-20%
    between runs) slows them alike; the steady figure is the best pass, as
    timeit takes the best of its repeats (the others are noise added, not
    work). Before each pass the cache of judged phrase lines is emptied (every
    page is a new site). What the later passes no longer pay is once per
    process: each phrase family's regexes are compiled the first time a line
    needs them (with 35 languages' tables, about 0.3 s over these pages), a cost
    a corpus run pays once per worker, not per document (benchmarks/startup.py
    measures start-up)."""
    from newsclean.clean.phrases import match_candidates

    rates: list[list[float]] = [[] for _ in fns]
    for fn in fns:
        fn(inputs[0])
    for _ in range(1 + STEADY_PASSES):
        for fn, got in zip(fns, rates, strict=True):
            match_candidates.cache_clear()
            t0 = time.process_time()
            for x in inputs:
                fn(x)
            spent = time.process_time() - t0
            got.append(len(inputs) / spent if spent > 0 else float("inf"))
    return [(r[0], r[1:]) for r in rates]


def _shares(total_row: Sequence[str]) -> tuple[float, float]:
    """(junk removed, article kept) of seedlike.score's total row ("0.604 (253/419)")."""
    return float(total_row[2].split()[0]), float(total_row[3].split()[0])


def issue_example() -> tuple[bool, str]:
    from test_clean_article import PARAGRAPHS, example_text

    nbsp = example_text().replace(" ", "\u00a0")
    art = newsclean.clean_text(nbsp)
    want = [p.replace(" ", "\u00a0") for p in PARAGRAPHS]
    got = art.text.split("\n\n")
    ok = got == want and art.paywalled
    return ok, (f"{len(got)} paragraphs, {sum(g in want for g in got)} of the six, "
                f"paywalled {art.paywalled}, removed {len(art.removed)} lines")


def bad_inputs() -> list[list[str]]:
    cases = {
        "unseen script (Ol Chiki, Vai, Cherokee)": "\n".join(
            ["ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ ᱫᱚ ᱢᱤᱫ ᱯᱩᱨᱟᱹᱱ ᱯᱟᱹᱨᱥᱤ ᱠᱟᱱᱟ ᱾ " * 4,
             "ꕙꔤ ꕞꕌꖝ ꔳ ꕉ ꕮꔧ ꗏꗒꗡ ꖸ ꔻꕯ ꕞꕌꖝ ꗬꘂ ꕉ ꔳ ꗏ " * 4,
             "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏂᏴᏫᏯ ᎤᏂᏬᏂᎯᏍᏗ ᎨᏒᎢ ᏂᎦᏓ ᎠᏂᏴᏫ " * 4] * 3),
        "one 5 MB line": "word " * 1_000_000,
        "only numbers": "\n".join(f"{i} {i * 7.5:.2f} {i * 13}" for i in range(2000)),
        "only URLs": "\n".join(f"https://example.com/{i}/story-{i}.html" for i in range(1000)),
        "mixed directions": "\n".join(
            ["The minister said \u202bهذا القرار نهائي ولا رجعة فيه\u202c on Monday, "
             "and the opposition walked out of the chamber in protest.",
             "\u05d4\u05d5\u05d0 \u05d0\u05de\u05e8 that the vote would go ahead anyway, "
             "ישיבה arrangement 2024 \u200f.",
             "مرحبا Hello שלום 123 \u202e reversed text \u202c end."] * 20),
    }
    rows = []
    for name, text in cases.items():
        t0 = time.process_time()
        art = newsclean.clean_text(text)
        spent = time.process_time() - t0
        reasons = Counter(r.reason for r in art.removed)
        unexplained = sum(1 for r in art.removed if not r.reason)
        rows.append([name, f"{len(text):,}", art.status, art.reason or "", str(len(art.text)),
                     ", ".join(f"{k} {v}" for k, v in reasons.most_common()) or "none",
                     str(unexplained), f"{spent:.2f}"])
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--heldout-model", type=Path, default=None,
                    help="a line model fitted without the seed-like texts' pages")
    args = ap.parse_args(argv)
    common.pin_one_core()

    pages = common.wcxb_pages("validation", limit=args.limit or None)
    texts = _texts(pages, args.cache, "wcxb")
    ht = [t["html_text"] for t in texts]
    rp = [t["resiliparse"] for t in texts]
    tf = [t["trafilatura"] for t in texts]

    arts_ht = [newsclean.clean_text(x) for x in ht]
    ours_ht = [a.text for a in arts_ht]
    arts_rp = [newsclean.clean_text(x) for x in rp]
    ours_rp = [a.text for a in arts_rp]
    c4_ht = [common.c4_line_filter(x) for x in ht]
    whole = [
        _row("untouched html-text", ht, pages),
        _row("C4 line filter (datatrove), html-text", c4_ht, pages),
        _row("**newsclean clean_text, html-text**", ours_ht, pages),
        _row("untouched resiliparse plain text", rp, pages),
        _row("newsclean clean_text, resiliparse text", ours_rp, pages),
        _row("trafilatura 2.3.1 given the HTML (reference)", tf, pages),
    ]

    arts_tf = [newsclean.clean_text(x) for x in tf]
    ours_tf = [a.text for a in arts_tf]
    nc_html = [newsclean.extract(p.html, url=p.url).text for p in pages]
    ours_nc = [clean(x) for x in nc_html]
    deltas = (_delta_rows("trafilatura's output → clean_text", tf, ours_tf, pages)
              + _delta_rows("newsclean.extract's text → clean_text", nc_html, ours_nc, pages))

    sh = common.load_scrapinghub(limit=args.limit or None)
    sh_texts = _texts(sh, args.cache, "scrapinghub")
    sh_in = [t["html_text"] for t in sh_texts]
    sh_rows = []
    for name, preds in (("untouched html-text", sh_in),
                        ("C4 line filter (datatrove)", [common.c4_line_filter(x) for x in sh_in]),
                        ("**newsclean clean_text**", [clean(x) for x in sh_in])):
        s = common.shingle_score(zip(preds, [p.truth for p in sh], strict=True))
        sh_f1 = s.f1  # the last row's: newsclean's
        sh_rows.append([name, f"{s.f1:.3f}", f"{s.precision:.3f}", f"{s.recall:.3f}"])

    dates = [date_row("html-text (whole page)", [a.date for a in arts_ht], pages),
             date_row("trafilatura's output", [a.date for a in arts_tf], pages)]
    authors = [author_row("html-text (whole page)", [a.authors for a in arts_ht], pages),
               author_row("trafilatura's output", [a.authors for a in arts_tf], pages)]
    titles = [title_row("html-text (whole page)", [a.title for a in arts_ht], pages),
              title_row("resiliparse plain text", [a.title for a in arts_rp], pages),
              title_row("trafilatura's output", [a.title for a in arts_tf], pages)]
    (first_ours, steady_ours), (first_c4, steady_c4) = _speeds([clean, common.c4_line_filter], ht)
    speed_ours = (first_ours, max(steady_ours))
    speed_c4 = (first_c4, max(steady_c4))
    chars = statistics.fmean(map(len, ht))
    ok, example = issue_example()
    seed_rows: list[str] = []
    seed_total: tuple[str, float, float] | None = None
    if args.cache is not None:
        import seedlike

        seeds = seedlike.seed_texts(args.cache)
        header = ["language", "texts", "junk lines removed", "article lines kept"]
        seed_rows = [
            f"## Seed-like texts ({len(seeds)} texts: real non-English article paragraphs "
            "with the real junk around them; benchmarks/seedlike.py)", "",
            "Shipped model (these pages are in its training data):", "",
            common.markdown_table(header, shipped := seedlike.score(seeds)), ""]
        seed_total = ("shipped model, in its training data", *_shares(shipped[-1]))
        if args.heldout_model is not None:
            heldout = seedlike.score(seeds, args.heldout_model)
            seed_rows += ["A model fitted without these pages' domains "
                          "(`scripts/train_line_model.py --exclude-domains`):", "",
                          common.markdown_table(header, heldout), ""]
            seed_total = ("model fitted without their domains", *_shares(heldout[-1]))

    report = "\n".join([
        "# Cleaning",
        "",
        "Issue 13's figures against its targets (this run; the tables below give the detail):",
        "",
        common.markdown_table(["figure", "target", "measured", ""],
                              _target_rows(ours_ht, tf, ours_tf, pages, sh_f1, speed_ours[1], ok,
                                           seed_total)),
        "",
        f"## Cleaning scraped text: wcxb-dev validation ({len(pages)} pages, "
        f"{sum(p.page_type == 'article' for p in pages)} articles; WCXB word metric)",
        "",
        common.markdown_table(
            ["input → output", "F1 all", "P all", "R all", "F1 articles", "P articles",
             "R articles", ""], whole),
        "",
        "## Already-extracted text as input (recall first)",
        "",
        common.markdown_table(["input", "pages", "F1", "precision (change)", "recall (change)"],
                              deltas),
        "",
        f"## scrapinghub-articles whole-page text ({len(sh)} pages, shingle metric; "
        "in the shipped model's training data)",
        "",
        common.markdown_table(["input → output", "F1", "precision", "recall"], sh_rows),
        "",
        "## Dates from text without metadata (wcxb-dev validation; a dateline or byline "
        "clean_text removed gives the record's date)",
        "",
        common.markdown_table(["input", "dated pages", "right (same day)", "wrong",
                               "undated pages given a date"], dates),
        "",
        "## Authors from text without metadata (wcxb-dev validation; a byline clean_text "
        "removed gives the record's authors)",
        "",
        common.markdown_table(["input", "pages naming an author", "right", "wrong", "none",
                               "pages naming none given authors"], authors),
        "",
        "## Titles from text without metadata (wcxb-dev validation; the first line, "
        "when it reads like a headline and is no list item)",
        "",
        common.markdown_table(["input", "pages with a title", "right", "wrong (another line)",
                               "none"], titles),
        "",
        "## Speed (one core, CPU time, wcxb-dev validation html-text, "
        f"{chars:,.0f} characters a page on average)",
        "",
        common.markdown_table(["cleaner", f"documents/s, steady (best of {STEADY_PASSES} passes)",
                               "steady passes", "documents/s, first pass of the process"],
                              [["newsclean clean_text", f"{speed_ours[1]:.0f}",
                                ", ".join(f"{r:.0f}" for r in steady_ours),
                                f"{speed_ours[0]:.0f}"],
                               ["C4 line filter (datatrove)", f"{speed_c4[1]:.0f}",
                                ", ".join(f"{r:.0f}" for r in steady_c4),
                                f"{speed_c4[0]:.0f}"]]),
        "",
        f"newsclean at {speed_ours[1] / speed_c4[1]:.3f} of C4's rate (steady). The "
        "target row reads the steady rate: one-time costs of a process (compiling "
        "the phrase families' regexes a corpus reaches) are not paid per document. "
        "The two cleaners' passes alternate; each pass's figure is there to show how "
        "much the machine moved during the run.",
        "",
        f"## The issue's example as scraped (no-break spaces): "
        f"{'exactly its six paragraphs' if ok else 'NOT its six paragraphs'} ({example})",
        "",
        *seed_rows,
        "## Bad input (clean_text)",
        "",
        common.markdown_table(["input", "characters", "status", "reason", "text chars",
                               "removed (reasons)", "removed without reason", "CPU s"],
                              bad_inputs()),
        "",
        "The shipped line model was fitted on wcxb-dev train, scrapinghub-articles, "
        "readability-pages and generated pages; no wcxb-dev validation page was used for "
        "fitting or for choosing a threshold. Command: `NEWSCLEAN_DATA=/work/shared/data "
        ".venv/bin/python benchmarks/cleaning.py " + " ".join(sys.argv[1:]) + "`",
    ])
    common.publish("cleaning", report, save=not args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
