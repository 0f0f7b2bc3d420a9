"""Train the publication-date chooser (src/newsclean/metadata/data/date_model.json).

Data: wcxb-dev ``train`` (WCXB by Murrough Foley, CC-BY-4.0), the pages with a
``publish_date``. For each page every source of ``newsclean.metadata.date_sources``
gives its date; each distinct day is one example, positive when it is the
reference day. A logistic regression over the day's features
(``date_model.features``) scores the days; the page's date is the best-scoring
day.

Evaluation is grouped by domain (five folds; every figure is for pages whose
domain the fold's model never saw): the share of dated pages whose chosen day is
the reference, beside the old fixed order of sources (JSON-LD, meta, markup, URL)
and the share of undated pages given a date. The threshold under which no date
is given is the lowest score that costs no right answer in cross-validation.
The shipped model is trained on all of ``train``.

    .venv/bin/python scripts/train_date_model.py [--data /work/shared/data] [--dry-run]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser
from sklearn.linear_model import LogisticRegression

from newsclean.metadata import date_model
from newsclean.metadata.date_sources import SOURCES, structured_candidates, visible_candidates
from newsclean.metadata.page import Page as MetaPage
from newsclean.metadata.page import ld_article, read_page

ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = ROOT / "src/newsclean/metadata/data/date_model.json"
SEED = 17
FOLDS = 5
C = 1.0
ATTRIBUTION = "WCXB by Murrough Foley, CC-BY-4.0"


@dataclass(slots=True)
class Example:
    id: str
    domain: str
    ref: str | None
    found: dict[str, str]


def candidates(html: str, url: str | None) -> dict[str, str]:
    tree = LexborHTMLParser(html)
    page: MetaPage = read_page(tree, url)
    article = ld_article(page)
    found = structured_candidates(page, article)
    visible_candidates(page, article, html, found)
    return found


def load(data: Path) -> list[Example]:
    root = data / "wcxb-dev"
    train = set(json.loads((root / "splits.json").read_text("utf-8"))["train"])
    out: list[Example] = []
    with gzip.open(root / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = sorted((json.loads(x) for x in fh if x.strip()), key=lambda r: r["id"])
    for r in rows:
        if r["id"] not in train:
            continue
        html = gzip.decompress((root / "html" / f"{r['id']}.html.gz").read_bytes()).decode(
            "utf-8", "replace"
        )
        out.append(Example(r["id"], r["domain"], r.get("publish_date"), candidates(html, r["url"])))
    return out


def design(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    xs: list[np.ndarray] = []
    ys: list[int] = []
    for ex in examples:
        if not ex.ref or not ex.found:
            continue
        days, x = date_model.features(ex.found)
        xs.append(x)
        ys.extend(int(d == ex.ref) for d in days)
    return np.vstack(xs), np.asarray(ys)


def fit(examples: Sequence[Example]) -> LogisticRegression:
    x, y = design(examples)
    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


def fast_path(found: dict[str, str]) -> str | None:
    """What ``dates.published_date`` returns without the model: the JSON-LD
    publication date, else a meta tag's."""
    for source in ("jsonld", "meta"):
        if source in found:
            return found[source][:10]
    return None


def best(clf: LogisticRegression, found: dict[str, str]) -> tuple[str | None, float]:
    fast = fast_path(found)
    if fast is not None:
        return fast, float("inf")
    if not found:
        return None, float("-inf")
    days, x = date_model.features(found)
    scores = clf.decision_function(x)
    i = int(np.argmax(scores))
    return days[i], float(scores[i])


def fixed_order(found: dict[str, str]) -> str | None:
    for source in ("jsonld", "meta", "url", "canonical_url"):
        if source in found:
            return found[source][:10]
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--dry-run", action="store_true", help="evaluate, do not write the model")
    args = ap.parse_args(argv)
    examples = load(args.data)
    domains = sorted({e.domain for e in examples})
    random.Random(SEED).shuffle(domains)
    fold = {d: i % FOLDS for i, d in enumerate(domains)}
    picks: dict[str, tuple[str | None, float]] = {}
    for f in range(FOLDS):
        clf = fit([e for e in examples if fold[e.domain] != f])
        for e in examples:
            if fold[e.domain] == f:
                picks[e.id] = best(clf, e.found)
    dated = [e for e in examples if e.ref]
    undated = [e for e in examples if not e.ref]
    plain = [e for e in dated if "jsonld" not in e.found and "meta" not in e.found]
    right_scores = [picks[e.id][1] for e in dated if picks[e.id][0] == e.ref]
    threshold = min(right_scores) if right_scores else 0.0
    print(
        f"{len(examples)} train pages, {len(dated)} with a date ({len(plain)} without "
        "a JSON-LD or meta date); domain-grouped CV:"
    )
    for name, get in (
        ("model", lambda e: picks[e.id][0]),
        ("structured and URL only (jsonld, meta, url)", lambda e: fixed_order(e.found)),
    ):
        ok = sum(get(e) == e.ref for e in dated)
        ok_plain = sum(get(e) == e.ref for e in plain)
        given = sum(get(e) is not None for e in undated)
        print(
            f"  {name:42s} right {ok / len(dated):.3f} ({ok}); without structured date "
            f"{ok_plain / max(1, len(plain)):.3f} ({ok_plain}/{len(plain)}); "
            f"undated given a date {given}/{len(undated)}"
        )
    kept = sum(picks[e.id][0] is not None and picks[e.id][1] >= threshold for e in undated)
    print(f"  threshold {threshold:.3f}: undated given a date {kept}/{len(undated)}")
    clf = fit(examples)
    names = [*SOURCES, "sources", "days"]
    for n, w in zip(names, clf.coef_[0], strict=True):
        print(f"  weight {n:18s} {w:+.3f}")
    if args.dry_run:
        return 0
    out = {
        "_doc": "Logistic model scoring each candidate publication day of a page "
        "(newsclean/metadata/date_model.py); trained by scripts/train_date_model.py "
        "on wcxb-dev train.",
        "_attribution": ATTRIBUTION,
        "features": names,
        "weights": [round(float(w), 5) for w in clf.coef_[0]],
        "bias": round(float(clf.intercept_[0]), 5),
        "threshold": round(threshold, 5),
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
