"""Generalisation benchmark: generated multilingual pages from unseen "sites".

The pages come from ``benchmarks/genpages`` (article texts and junk written for
this benchmark in many languages, rendered through templates modelled on common
CMSs and site types, with exact ground truth). Nothing here comes from the dev
data. The models are not blind to it, though: the line model trains on other
draws (seeds 101, 102) and the block model on other draws (seed 101) of the same
templates and texts (scripts/block_dataset.py GEN_SEED), so this checks that
newsclean handles these page shapes in 13 languages rather than that it
generalises to unseen ones: for unseen sites see benchmarks/wcxb.py
(wcxb-dev validation).

In one run, one process:

- HTML path: ``newsclean.extract`` vs trafilatura (default and favor_precision),
  scored with the dev set's shingle metric (``\\w+`` tokens, 4-shingle multisets,
  mean per-page precision and recall, F1 of the means), overall, per language and
  per template; share of injected junk items that leak into the text, per junk
  category; share of article blocks lost, per block kind.
- Chinese and Japanese also on character 4-grams: ``\\w+`` makes a whole clause
  one token there, so the word metric barely sees their text.
- ``paywalled``: accuracy, precision, recall (newsclean only; trafilatura has no
  such flag), recall per wall kind, and how many open pages that ship a *hidden*
  paywall template were flagged (0 is right on the HTML path; from visible text
  alone the hidden text cannot be told apart).
- Metadata agreement per field (title exact without site suffix, site name,
  authors as a set with placeholders meaning "no author", publication date by
  day, language) for newsclean and trafilatura (``extract_metadata``; its
  language is py3langid on its own text, as in benchmarks/metadata.py).
- Text path: the page's whole visible text (html-text) cleaned by
  ``newsclean.clean_text`` vs datatrove's C4QualityFilter in line mode, and
  untouched; per language, the share of junk items removed and of article
  blocks kept (``--text-only`` runs this part alone). The shipped line model
  was fitted on generated pages too (other seeds, the same texts): for a figure
  on languages it never saw, see scripts/train_line_model.py's leave-language-out
  report.

    .venv/bin/python benchmarks/generalisation.py [--seed 7] [--repeat 1]
        [--langs en,de] [--templates farm,amp] [--dump pages.jsonl] [--text-only]

Writes the tables to ``benchmarks/results/generalisation.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from common import c4_line_filter, shingles  # noqa: E402
from common import html_text as visible_text  # noqa: E402
from genpages.build import build_pages  # noqa: E402
from genpages.page import GenPage  # noqa: E402

RESULTS = ROOT / "results" / "generalisation.md"
_TOKEN = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


# --- the metric (as benchmarks/extraction.py and the data README) ---------------------


def char_shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of runs of ``n`` word characters: for Chinese and Japanese, where
    ``\\w+`` makes a whole clause one token and the word metric goes blind."""
    chars = "".join(_TOKEN.findall(text or ""))
    return Counter(tuple(chars[i : i + n]) for i in range(len(chars) - n + 1))


def page_prf(
    pred: str, truth: str, unit: Callable[[str], Counter[tuple[str, ...]]] = shingles
) -> tuple[float | None, float | None]:
    p, t = unit(pred), unit(truth)
    tp = sum((p & t).values())
    prec = tp / sum(p.values()) if p else None
    rec = tp / sum(t.values()) if t else None
    return prec, rec


@dataclass
class Agg:
    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    unit: Callable[[str], Counter[tuple[str, ...]]] = shingles

    def add(self, pred: str, truth: str) -> None:
        p, r = page_prf(pred, truth, self.unit)
        if p is not None:
            self.precisions.append(p)
        if r is not None:
            self.recalls.append(r)

    def prf(self) -> tuple[float, float, float]:
        p = sum(self.precisions) / len(self.precisions) if self.precisions else 0.0
        r = sum(self.recalls) / len(self.recalls) if self.recalls else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r


# --- matching helpers -------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).casefold().translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


def squash(s: str) -> str:
    """Whitespace-free normal form, so CJK text matches however it was spaced."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def checkable(junk: str) -> bool:
    """Junk long enough that finding it in an output is not a coincidence."""
    return len(_TOKEN.findall(junk)) >= 3 or len(_CJK.findall(junk)) >= 6


# --- tools ------------------------------------------------------------------------------

Meta = dict[str, Any]


def run_newsclean(page: GenPage) -> tuple[str, Meta, bool]:
    import newsclean

    a = newsclean.extract(page.html, url=page.url)
    meta = {
        "title": a.title,
        "site_name": a.site_name,
        "authors": a.authors,
        "date": a.date,
        "language": a.language,
    }
    return a.text, meta, a.paywalled


def trafilatura_text(precision: bool) -> Callable[[GenPage], str]:
    import trafilatura

    def run(page: GenPage) -> str:
        return trafilatura.extract(page.html, url=page.url, favor_precision=precision) or ""

    return run


def trafilatura_meta(page: GenPage, text: str) -> Meta:
    import py3langid
    from trafilatura.metadata import extract_metadata

    m = extract_metadata(page.html, default_url=page.url)
    authors = [a.strip() for a in re.split(r";", m.author or "") if a.strip()]
    lang = py3langid.classify(text)[0] if text.strip() else None
    return {
        "title": m.title,
        "site_name": m.sitename,
        "authors": authors,
        "date": m.date,
        "language": lang,
    }


# --- agreement --------------------------------------------------------------------------


def agree(fieldname: str, got: Any, page: GenPage) -> bool:
    if fieldname == "title":
        return bool(got) and norm(got) == norm(page.title)
    if fieldname == "site_name":
        return bool(got) and norm(got) == norm(page.site_name)
    if fieldname == "authors":
        return {norm(a) for a in got or []} == {norm(a) for a in page.authors}
    if fieldname == "date":
        return bool(got) and str(got)[:10] == page.date
    if fieldname == "language":
        return bool(got) and str(got).split("-")[0].lower() == page.lang
    raise ValueError(fieldname)


FIELDS = ("title", "site_name", "authors", "date", "language")


# --- the run ----------------------------------------------------------------------------


@dataclass
class Result:
    """Outputs of every tool on every page (same order as the pages)."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    metas: dict[str, list[Meta]] = field(default_factory=dict)
    paywalled: dict[str, list[bool]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


HTML_TOOLS = ("newsclean", "trafilatura", "trafilatura (favor_precision)")
TEXT_TOOLS = ("untouched visible text", "C4 line filter (datatrove)", "newsclean.clean_text")


def run_all(pages: Sequence[GenPage], progress: bool = True) -> Result:
    import newsclean

    res = Result()
    runners: dict[str, Callable[[GenPage], str]] = {
        "trafilatura": trafilatura_text(False),
        "trafilatura (favor_precision)": trafilatura_text(True),
    }
    for name in (*HTML_TOOLS, *TEXT_TOOLS):
        res.texts[name] = []
        res.seconds[name] = 0.0
    res.metas = {"newsclean": [], "trafilatura": []}
    res.paywalled = {"newsclean": [], "newsclean.clean_text": []}
    newsclean.extract("<html><body><p>warm up</p></body></html>")  # imports off the clock
    for i, page in enumerate(pages):
        t0 = time.perf_counter()
        try:
            text, meta, pw = run_newsclean(page)
        except Exception as exc:  # a crash is a finding, not a reason to stop
            print(f"newsclean crashed on {page.id}: {exc!r}", file=sys.stderr)
            text, meta, pw = "", {}, False
        res.seconds["newsclean"] += time.perf_counter() - t0
        res.texts["newsclean"].append(text)
        res.metas["newsclean"].append(meta)
        res.paywalled["newsclean"].append(pw)
        for name, fn in runners.items():
            t0 = time.perf_counter()
            try:
                out = fn(page)
            except Exception:
                out = ""
            res.seconds[name] += time.perf_counter() - t0
            res.texts[name].append(out)
        res.metas["trafilatura"].append(trafilatura_meta(page, res.texts["trafilatura"][-1]))
        _text_path(res, page)
        if progress and (i + 1) % 50 == 0:
            print(f"{i + 1}/{len(pages)} pages", file=sys.stderr)
    return res


def _text_path(res: Result, page: GenPage) -> None:
    """The page's whole visible text, untouched, through C4's line filter and
    through newsclean.clean_text, appended to ``res``."""
    import newsclean

    vis = visible_text(page.html)
    res.texts["untouched visible text"].append(vis)
    t0 = time.perf_counter()
    res.texts["C4 line filter (datatrove)"].append(c4_line_filter(vis))
    res.seconds["C4 line filter (datatrove)"] += time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        ca = newsclean.clean_text(vis)
        ct, cpw = ca.text, ca.paywalled
    except Exception as exc:  # a crash is a finding, not a reason to stop
        print(f"clean_text crashed on {page.id}: {exc!r}", file=sys.stderr)
        ct, cpw = "", False
    res.seconds["newsclean.clean_text"] += time.perf_counter() - t0
    res.texts["newsclean.clean_text"].append(ct)
    res.paywalled["newsclean.clean_text"].append(cpw)


def run_text(pages: Sequence[GenPage]) -> Result:
    """The text path only."""
    import newsclean

    res = Result()
    for name in TEXT_TOOLS:
        res.texts[name] = []
        res.seconds[name] = 0.0
    res.paywalled = {"newsclean.clean_text": []}
    newsclean.clean_text("warm up")
    for page in pages:
        _text_path(res, page)
    return res


# --- tables -----------------------------------------------------------------------------


def lang_lines_table(pages: Sequence[GenPage], res: Result, tools: Sequence[str]) -> list[str]:
    """Per language: share of the checkable junk items removed (not found in the
    output) and of the article blocks kept (found in it)."""
    junk: dict[str, list[int]] = defaultdict(lambda: [0] * (len(tools) + 1))
    kept: dict[str, list[int]] = defaultdict(lambda: [0] * (len(tools) + 1))
    for i, page in enumerate(pages):
        outs = [squash(res.texts[t][i]) for t in tools]
        for key in (page.lang, "all"):
            for _, item in set(page.junk):
                if checkable(item):
                    junk[key][0] += 1
                    sj = squash(item)
                    for k, o in enumerate(outs):
                        junk[key][k + 1] += sj not in o
            for kind, text in page.blocks:
                kept[key][0] += 1
                sb = squash(text.split(" ", 1)[1] if kind == "td" else text)
                for k, o in enumerate(outs):
                    kept[key][k + 1] += sb in o
    rows = []
    for key in sorted(junk, key=lambda k: (k == "all", k)):
        j, b = junk[key], kept[key]
        rows.append([key, str(j[0]), str(b[0])]
                    + [f"{j[k + 1] / max(1, j[0]):.3f} / {b[k + 1] / max(1, b[0]):.3f}"
                       for k in range(len(tools))])
    return _table(["lang", "junk items", "article blocks",
                   *[f"{t}: junk removed / blocks kept" for t in tools]], rows)


def text_report(pages: Sequence[GenPage], res: Result, args: argparse.Namespace) -> str:
    return "\n".join([
        "# Generalisation benchmark, text path (generated multilingual pages)",
        "",
        f"{len(pages)} pages (seed {args.seed}, repeat {args.repeat}); the page's whole "
        "visible text (html-text) cleaned. Command: `.venv/bin/python "
        "benchmarks/generalisation.py " + " ".join(sys.argv[1:]) + "`",
        "",
        *score_table(pages, res, TEXT_TOOLS, "C4 line filter (datatrove)"),
        "",
        "## Junk items removed and article blocks kept, per language",
        "",
        *lang_lines_table(pages, res, TEXT_TOOLS[1:]),
        "",
        "## Per language (shingle F1)",
        "",
        *group_table(pages, res, TEXT_TOOLS[1:], "lang"),
        "",
        "## Chinese and Japanese on character 4-grams",
        "",
        *cjk_table(pages, res, TEXT_TOOLS[1:]),
        "",
    ])


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def score_table(
    pages: Sequence[GenPage], res: Result, tools: Sequence[str], baseline: str, speed: bool = True
) -> list[str]:
    scores = {}
    for name in tools:
        agg = Agg()
        for page, out in zip(pages, res.texts[name], strict=True):
            agg.add(out, page.text)
        scores[name] = agg.prf()
    base_f1 = scores[baseline][0]
    rows = []
    for name in tools:
        f1, prec, rec = scores[name]
        row = [name, f"{f1:.3f}", f"{prec:.3f}", f"{rec:.3f}"]
        row.append(f"{f1 / base_f1:.3f}" if base_f1 else "-")
        if speed:
            secs = res.seconds.get(name, 0.0)
            row.append(f"{len(pages) / secs:.0f}" if secs else "-")
        rows.append(row)
    header = ["tool", "F1", "precision", "recall", f"F1 / {baseline}"]
    return _table(header + (["pages/s"] if speed else []), rows)


def group_table(pages: Sequence[GenPage], res: Result, tools: Sequence[str], key: str) -> list[str]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pages):
        groups[getattr(p, key)].append(i)
    rows = []
    for g in sorted(groups):
        row = [g, str(len(groups[g]))]
        for name in tools:
            agg = Agg()
            for i in groups[g]:
                agg.add(res.texts[name][i], pages[i].text)
            f1, prec, rec = agg.prf()
            row.append(f"{f1:.3f} ({prec:.2f}/{rec:.2f})")
        rows.append(row)
    return _table([key, "pages", *[f"{t} F1 (P/R)" for t in tools]], rows)


def cjk_table(pages: Sequence[GenPage], res: Result, tools: Sequence[str]) -> list[str]:
    """ja and zh scored on character 4-grams (same averaging as the main metric)."""
    rows = []
    for lang in ("ja", "zh"):
        idx = [i for i, p in enumerate(pages) if p.lang == lang]
        if not idx:
            continue
        row = [lang, str(len(idx))]
        for name in tools:
            agg = Agg(unit=char_shingles)
            for i in idx:
                agg.add(res.texts[name][i], pages[i].text)
            f1, prec, rec = agg.prf()
            row.append(f"{f1:.3f} ({prec:.2f}/{rec:.2f})")
        rows.append(row)
    return _table(["lang", "pages", *[f"{t} F1 (P/R)" for t in tools]], rows)


def leak_table(pages: Sequence[GenPage], res: Result, tools: Sequence[str]) -> list[str]:
    """Share of checkable junk items found in the output, per category."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(tools) + 1))
    for i, page in enumerate(pages):
        outs = [squash(res.texts[t][i]) for t in tools]
        for cat, junk in set(page.junk):
            if not checkable(junk):
                continue
            c = counts[cat]
            c[0] += 1
            sj = squash(junk)
            for k, o in enumerate(outs):
                c[k + 1] += sj in o
    rows = [
        [cat, str(c[0]), *[f"{c[k + 1] / c[0]:.2f}" for k in range(len(tools))]]
        for cat, c in sorted(counts.items())
    ]
    return _table(["junk category", "items", *tools], rows)


def lost_table(pages: Sequence[GenPage], res: Result, tools: Sequence[str]) -> list[str]:
    """Share of truth blocks missing from the output, per block kind."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(tools) + 1))
    for i, page in enumerate(pages):
        outs = [squash(res.texts[t][i]) for t in tools]
        for kind, text in page.blocks:
            c = counts[kind]
            c[0] += 1
            # a table row's truth is "<n> <cell>"; tools join cells differently
            sb = squash(text.split(" ", 1)[1] if kind == "td" else text)
            for k, o in enumerate(outs):
                c[k + 1] += sb not in o
    names = {
        "p": "paragraph",
        "h": "subheading",
        "li": "list item",
        "bq": "block quote",
        "td": "table row",
    }
    rows = [
        [names.get(kind, kind), str(c[0]), *[f"{c[k + 1] / c[0]:.3f}" for k in range(len(tools))]]
        for kind, c in sorted(counts.items())
    ]
    return _table(["block kind", "blocks", *tools], rows)


def paywall_rows(pages: Sequence[GenPage], flags: Sequence[bool], name: str) -> list[str]:
    tp = sum(p.paywalled and f for p, f in zip(pages, flags, strict=True))
    fp = sum((not p.paywalled) and f for p, f in zip(pages, flags, strict=True))
    fn = sum(p.paywalled and not f for p, f in zip(pages, flags, strict=True))
    tn = len(pages) - tp - fp - fn
    acc = (tp + tn) / len(pages)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    per_kind = []
    # "hidden": open pages that ship a hidden paywall template (flagged/pages; 0 is right)
    for kind in ("paywall", "registration", "js", "syndicated", "hidden"):
        sel = [f for p, f in zip(pages, flags, strict=True) if p.wall == kind]
        if sel:
            per_kind.append(f"{kind} {sum(sel)}/{len(sel)}")
    return [
        name,
        f"{acc:.3f}",
        f"{prec:.3f}",
        f"{rec:.3f}",
        str(tp + fn),
        str(fp),
        "; ".join(per_kind),
    ]


def meta_table(pages: Sequence[GenPage], res: Result) -> list[str]:
    rows = []
    for fld in FIELDS:
        row = [fld]
        for tool in ("newsclean", "trafilatura"):
            ok = sum(agree(fld, m.get(fld), p) for p, m in zip(pages, res.metas[tool], strict=True))
            row.append(f"{ok / len(pages):.3f}")
        rows.append(row)
    sel = [i for i, p in enumerate(pages) if p.placeholder]
    row = [f"authors, on the {len(sel)} pages showing a placeholder (admin, newsroom...)"]
    for tool in ("newsclean", "trafilatura"):
        ok = sum(not res.metas[tool][i].get("authors") for i in sel)
        row.append(f"{ok / max(1, len(sel)):.3f}")
    rows.append(row)
    return _table(["field", "newsclean", "trafilatura 2.3.1"], rows)


def build_report(pages: Sequence[GenPage], res: Result, args: argparse.Namespace) -> str:
    langs = sorted({p.lang for p in pages})
    tmpls = sorted({p.template for p in pages})
    walled = sum(p.paywalled for p in pages)
    lines = [
        "# Generalisation benchmark (generated multilingual pages)",
        "",
        f"{len(pages)} pages generated by `benchmarks/genpages` "
        f"(seed {args.seed}, repeat {args.repeat}): "
        f"{len(langs)} languages ({', '.join(langs)}), "
        f"{len(tmpls)} templates ({', '.join(tmpls)}), "
        f"{walled} walled or syndicated-wall pages. Texts and junk written for this benchmark; "
        "nothing from the dev data; the line, block and page-type models train on other "
        "draws of the same templates and texts (seeds 101-102). One process, one core.",
        "",
        "    .venv/bin/python benchmarks/generalisation.py " + " ".join(sys.argv[1:]),
        "",
        "## HTML path: article text",
        "",
        *score_table(pages, res, HTML_TOOLS, "trafilatura"),
        "",
        "pages/s: newsclean.extract includes metadata, language and the paywall flag; "
        "trafilatura.extract without metadata. The box is shared, so speeds are rough.",
        "",
        "### Per language",
        "",
        *group_table(pages, res, HTML_TOOLS, "lang"),
        "",
        "### Chinese and Japanese on character 4-grams (`\\w+` tokens are whole clauses there)",
        "",
        *cjk_table(pages, res, HTML_TOOLS),
        "",
        "### Per template",
        "",
        *group_table(pages, res, HTML_TOOLS, "template"),
        "",
        "### Junk leaked into the text (share of injected items of >= 3 words found in the output)",
        "",
        *leak_table(pages, res, HTML_TOOLS),
        "",
        "### Article blocks lost (share of truth blocks not found in the output)",
        "",
        *lost_table(pages, res, HTML_TOOLS),
        "",
        "## `paywalled` (newsclean only; trafilatura has no such flag)",
        "",
        *_table(
            [
                "path",
                "accuracy",
                "precision",
                "recall",
                "walled pages",
                "false positives",
                "recall by wall kind",
            ],
            [
                paywall_rows(pages, res.paywalled["newsclean"], "newsclean.extract (HTML)"),
                paywall_rows(
                    pages,
                    res.paywalled["newsclean.clean_text"],
                    "newsclean.clean_text (visible text)",
                ),
            ],
        ),
        "",
        "## Metadata agreement (share of all pages; authors: a placeholder shown on the page "
        "means no author)",
        "",
        *meta_table(pages, res),
        "",
        "## Text path: the page's whole visible text (html-text) cleaned",
        "",
        *score_table(pages, res, TEXT_TOOLS, "C4 line filter (datatrove)"),
        "",
        "### Per language",
        "",
        *group_table(pages, res, TEXT_TOOLS[1:], "lang"),
        "",
        "### Chinese and Japanese on character 4-grams (text path)",
        "",
        *cjk_table(pages, res, TEXT_TOOLS[1:]),
        "",
        "### Junk items removed and article blocks kept, per language (text path)",
        "",
        *lang_lines_table(pages, res, TEXT_TOOLS[1:]),
        "",
        "### Junk leaked (text path)",
        "",
        *leak_table(pages, res, TEXT_TOOLS),
        "",
        "### Article blocks lost (text path)",
        "",
        *lost_table(pages, res, TEXT_TOOLS[1:]),
        "",
    ]
    return "\n".join(lines)


def dump(pages: Sequence[GenPage], res: Result, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i, p in enumerate(pages):
            rec = {
                "id": p.id,
                "lang": p.lang,
                "template": p.template,
                "wall": p.wall,
                "url": p.url,
                "truth": {
                    "text": p.text,
                    "title": p.title,
                    "site_name": p.site_name,
                    "authors": p.authors,
                    "date": p.date,
                    "paywalled": p.paywalled,
                },
                "junk": p.junk,
                "blocks": p.blocks,
                "out": {t: res.texts[t][i] for t in res.texts},
                "meta": {t: res.metas[t][i] for t in res.metas},
                "paywalled": {t: res.paywalled[t][i] for t in res.paywalled},
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="draws per language x article x template")
    ap.add_argument("--langs", default="")
    ap.add_argument("--templates", default="")
    ap.add_argument("--dump", default="", help="write per-page outputs as JSON Lines here")
    ap.add_argument("--no-write", action="store_true", help="do not write the results file")
    ap.add_argument("--text-only", action="store_true",
                    help="only the text path (visible text cleaned); prints, writes nothing")
    args = ap.parse_args(argv)
    pages = build_pages(
        seed=args.seed,
        repeat=args.repeat,
        langs=[s for s in args.langs.split(",") if s] or None,
        templates=[s for s in args.templates.split(",") if s] or None,
    )
    print(f"{len(pages)} pages", file=sys.stderr)
    if args.text_only:
        print(text_report(pages, run_text(pages), args))
        return 0
    res = run_all(pages)
    report = build_report(pages, res, args)
    print(report)
    if args.dump:
        dump(pages, res, args.dump)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
