"""Train the shipped line classifier (src/newsclean/clean/data/line_model.json).

Reproducible: fixed seeds, fixed data order. Training data are the lines of the
whole-page visible text (html-text's ``extract_text``) of

* /work/shared/data/scrapinghub-articles: a line is positive when it belongs to
  the human-checked ``articleBody`` (fuzzy: shared 4-token shingles), and
* /work/shared/data/readability-pages: likewise against the text of Readability's
  ``expected.html`` (another tool's output, so a weaker label).

Evaluation is grouped by site (registered domain / test-page name): every figure
printed is for pages whose site was not in the fold's training data. The shipped
model is then trained on all pages.

    .venv/bin/python scripts/train_line_model.py [--data /work/shared/data] [--folds 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from newsclean.clean.features import (
    FEATURE_NAMES,
    STAGE2_FEATURE_NAMES,
    line_features,
    stage2_features,
)
from newsclean.clean.lines import find_title

WORD_RE = re.compile(r"\w+")
DEFAULT_DATA = "/work/shared/data"
MODEL_PATH = Path(__file__).resolve().parents[1] / "src/newsclean/clean/data/line_model.json"
SEED = 13


@dataclass
class Page:
    site: str
    source: str
    text: str  # whole-page visible text, the cleaner's input
    target: str  # the article text


def site_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    parts = host.lower().removeprefix("www.").split(".")
    # registered-domain approximation: enough to keep one site's pages in one fold
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in {"co", "com", "org", "net", "ac"}:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def visible_text(html: str) -> str:
    import html_text

    return str(html_text.extract_text(html))


def read_gz(path: Path) -> str:
    with gzip.open(path) as fh:
        return fh.read().decode("utf-8", "replace")


def load_scrapinghub(root: str) -> list[Page]:
    base = Path(root) / "scrapinghub-articles"
    gt: dict[str, Any] = json.loads((base / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(gt):
        raw = read_gz(base / "html" / f"{key}.html.gz")
        text = visible_text(raw)
        pages.append(Page(site_of(gt[key]["url"]), f"sh:{key}", text, gt[key]["articleBody"]))
    return pages


def load_readability(root: str) -> list[Page]:
    base = Path(root) / "readability-pages"
    pages = []
    for d in sorted(p for p in base.iterdir() if (p / "source.html").exists()):
        exp = d / "expected.html"
        if not exp.exists():
            continue
        src = (d / "source.html").read_text("utf-8", "replace")
        pages.append(Page(f"rd:{d.name}", f"rd:{d.name}", visible_text(src),
                          visible_text(exp.read_text("utf-8", "replace"))))
    return pages


def _shingles(tokens: Sequence[str], n: int = 4) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def label_lines(lines: Sequence[str], target: str) -> np.ndarray:
    """1 for lines whose text belongs to the target article (fuzzy), else 0."""
    tgt_tokens = WORD_RE.findall(target)
    tgt_sh = set(_shingles(tgt_tokens))
    tgt_paras = {" ".join(WORD_RE.findall(p)) for p in target.split("\n") if p.strip()}
    tgt_joined = " " + " ".join(tgt_tokens) + " "
    y = np.zeros(len(lines), dtype=np.int64)
    short: list[int] = []
    for i, line in enumerate(lines):
        toks = WORD_RE.findall(line)
        if len(toks) >= 4:
            sh = _shingles(toks)
            y[i] = int(sum(s in tgt_sh for s in sh) >= 0.5 * len(sh))
        elif toks:
            joined = " ".join(toks)
            if joined in tgt_paras:
                y[i] = 1
            elif f" {joined} " in tgt_joined:
                short.append(i)
    # a short fragment found in the article counts only between article lines
    for i in short:
        if 0 < i < len(lines) - 1 and y[i - 1] and y[i + 1]:
            y[i] = 1
    return y


@dataclass
class DocData:
    site: str
    lines: list[str]
    title: str | None
    X: np.ndarray
    y: np.ndarray
    w: np.ndarray


def page_data(page: Page) -> DocData:
    lines = [ln.strip() for ln in page.text.split("\n") if ln.strip()]
    idx, title, _site = find_title(lines)
    body = [ln for i, ln in enumerate(lines) if i != idx]
    X = line_features(body, title=title)
    y = label_lines(body, page.target)
    # longer lines carry more of the scored text
    w = np.array([1.0 + np.log1p(len(WORD_RE.findall(ln))) for ln in body])
    return DocData(page.site, body, title, X, y, w)


def fit(docs: Sequence[DocData], *, max_iter: int = 200, max_depth: int = 5,
        learning_rate: float = 0.1, names: Sequence[str] = FEATURE_NAMES) -> dict[str, Any]:
    """Gradient-boosted trees (histogram GBDT) exported as the JSON the package reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    X = np.vstack([d.X for d in docs])
    y = np.concatenate([d.y for d in docs])
    w = np.concatenate([d.w for d in docs])
    clf = HistGradientBoostingClassifier(
        max_iter=max_iter, max_depth=max_depth, max_leaf_nodes=24,
        learning_rate=learning_rate, l2_regularization=1.0, min_samples_leaf=40,
        early_stopping=False, random_state=SEED,
    )
    clf.fit(X, y, sample_weight=w)
    trees = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": [int(v) for v in nodes["feature_idx"]],
            "threshold": [float(v) for v in nodes["num_threshold"]],
            "left": [-1 if lf else int(v) for v, lf in zip(nodes["left"], leaf, strict=True)],
            "right": [-1 if lf else int(v) for v, lf in zip(nodes["right"], leaf, strict=True)],
            "value": [round(float(v), 6) for v in nodes["value"]],
        })
    return {
        "kind": "gradient_boosted_trees",
        "feature_names": list(names),
        # leaf values already include the shrinkage
        "learning_rate": 1.0,
        "max_depth": max_depth,
        "bias": float(np.ravel(clf._baseline_prediction)[0]),
        "threshold": 0.5,
        "trees": trees,
    }


def fit_two_stage(docs: Sequence[DocData], *, inner_folds: int = 4) -> dict[str, Any]:
    """Stage 1 on all docs; stage 2 on stage-1 probabilities predicted out of fold
    (by site), so that stage 2 learns from verdicts as imperfect as at run time."""
    from newsclean.clean.model import TreeModel

    folds = site_folds([d.site for d in docs], inner_folds)
    oof: list[np.ndarray | None] = [None] * len(docs)
    for f in range(inner_folds):
        model = TreeModel.from_dict(fit([d for d, g in zip(docs, folds, strict=True) if g != f]))
        for i, g in enumerate(folds):
            if g == f:
                oof[i] = model.predict_proba(docs[i].X)
    stage2_docs = [
        DocData(d.site, d.lines, d.title, stage2_features(d.X, p), d.y, d.w)
        for d, p in zip(docs, oof, strict=True)
        if p is not None
    ]
    return {
        "kind": "two_stage_line_classifier",
        "stage1": fit(docs),
        "stage2": fit(stage2_docs, names=STAGE2_FEATURE_NAMES),
    }


def site_folds(sites: Sequence[str], k: int) -> list[int]:
    """Deterministic fold per site: sites sorted by name, dealt round-robin after shuffling."""
    uniq = sorted(set(sites))
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(uniq))
    fold_of = {uniq[j]: r % k for r, j in enumerate(order)}
    return [fold_of[s] for s in sites]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--no-cv", action="store_true")
    args = ap.parse_args(argv)

    from newsclean.clean.model import LineClassifier

    pages = load_scrapinghub(args.data) + load_readability(args.data)
    docs = [page_data(p) for p in pages]
    print(f"{len(docs)} pages, {sum(len(d.y) for d in docs)} lines, "
          f"{sum(int(d.y.sum()) for d in docs)} positive", file=sys.stderr)
    if not args.no_cv:
        folds = site_folds([d.site for d in docs], args.folds)
        stats: Counter[str] = Counter()
        for f in range(args.folds):
            train = [d for d, g in zip(docs, folds, strict=True) if g != f]
            test = [d for d, g in zip(docs, folds, strict=True) if g == f]
            model = LineClassifier.from_dict(fit_two_stage(train))
            for d in test:
                pred = model.predict_proba(d.X) >= 0.5
                stats["tp"] += int((pred & (d.y == 1)).sum())
                stats["fp"] += int((pred & (d.y == 0)).sum())
                stats["fn"] += int((~pred & (d.y == 1)).sum())
                stats["tn"] += int((~pred & (d.y == 0)).sum())
        p = stats["tp"] / max(1, stats["tp"] + stats["fp"])
        r = stats["tp"] / max(1, stats["tp"] + stats["fn"])
        acc = (stats["tp"] + stats["tn"]) / max(1, sum(stats.values()))
        print(f"held-out by site ({args.folds} folds), line level: precision {p:.3f} "
              f"recall {r:.3f} accuracy {acc:.3f}")
    model_dict = fit_two_stage(docs)
    # temp file + rename: a concurrent reader never sees half a model
    tmp = Path(args.out).with_suffix(".json.tmp")
    tmp.write_text(json.dumps(model_dict, separators=(",", ":")), "utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
