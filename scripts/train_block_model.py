"""Train the block model and the page-type model on wcxb-dev ``train``; write the
shipped model file.

Steps (all on ``train``; ``validation`` is never read here):

1. the block dataset (``block_dataset.py``, cached under /work/scratch/extract-model):
   every page through newsclean's own parsing and feature code, blocks labelled
   by the reference main content;
2. learned tables: class/id words -> share of content under elements named so,
   page markers (URL words, schema.org and Open Graph types, body classes) ->
   page type; a word must occur on several domains;
3. the page-type model (gradient-boosted trees over page features);
4. the block model, stage 1 (block features + page-type probabilities) and
   stage 2 (stage 1's verdicts on the block's neighbours and containers);
5. the decision threshold.

Hyper-parameters and the threshold are chosen by GroupKFold on ``train`` with the
domain as group; every learned input of a later step (tables, page-type
probabilities, stage-1 scores) is computed out of fold for the rows that train it.

    .venv/bin/python scripts/train_block_model.py [--cv-only] [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One thread: on a shared two-core machine OpenMP's threads wait on each other
# (measured: 4x the CPU time of one thread for the same fit).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from block_dataset import SCRATCH, PageRecord  # noqa: E402
from common import wcxb_page_score  # noqa: E402

from newsclean.html.context import context_features  # noqa: E402
from newsclean.html.features import (  # noqa: E402
    PAGE_TYPES,
    class_features,
    page_token_features,
)
from newsclean.html.names import TokenTable, name_tokens  # noqa: E402
from newsclean.html.nodes import PageTree  # noqa: E402

ATTRIBUTION = "WCXB by Murrough Foley, CC-BY-4.0"
MIN_DOMAINS = 3
SMOOTH = 2.0


# --- learned tables -------------------------------------------------------------------


def _tree(r: PageRecord) -> PageTree:
    n = r.parent.size
    z = np.zeros(n, dtype=np.int64)
    return PageTree(
        blocks=[],
        block_node=r.block_node,
        parent=r.parent,
        depth=r.depth,
        tags=[],
        names=r.names,
        own_verdict=z,
        guard=z.astype(bool),
        tag_bits=z,
        itemprop_body=z.astype(bool),
        nodes={},
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def fit_class_table(recs: Sequence[PageRecord]) -> TokenTable:
    """class/id word -> centred logit of the share of content text under elements
    named with it (per domain first, so that one site counts once)."""
    per: dict[str, list[float]] = defaultdict(list)
    shares: list[float] = []
    by_domain: dict[str, list[PageRecord]] = defaultdict(list)
    for r in recs:
        by_domain[r.domain].append(r)
    for pages in by_domain.values():
        pos: Counter[str] = Counter()
        tot: Counter[str] = Counter()
        for r in pages:
            pt = _tree(r)
            chars = np.array([len(t) for t in r.texts], dtype=np.float64)
            content = chars * (r.labels >= 0.5)
            nn = r.parent.size
            c_all = np.zeros(nn)
            c_pos = np.zeros(nn)
            np.add.at(c_all, r.block_node, chars)
            np.add.at(c_pos, r.block_node, content)
            levels = pt.by_depth()
            s_all = pt.subtree_sum(c_all, levels)
            s_pos = pt.subtree_sum(c_pos, levels)
            for i, raw in enumerate(r.names):
                if raw == " " or s_all[i] <= 0:
                    continue
                for tok in set(name_tokens(raw)):
                    pos[tok] += s_pos[i]
                    tot[tok] += s_all[i]
        for tok, t in tot.items():
            s = pos[tok] / t
            per[tok].append(s)
            shares.append(s)
    prior = float(np.mean(shares)) if shares else 0.5
    table = TokenTable(("content",))
    base = _logit(prior)
    for tok, vals in per.items():
        if len(vals) < MIN_DOMAINS:
            continue
        p = (sum(vals) + SMOOTH * prior) / (len(vals) + SMOOTH)
        table.scores[tok] = np.array([_logit(p) - base])
    return table


def fit_page_table(recs: Sequence[PageRecord]) -> TokenTable:
    """page marker -> per page type, centred log-odds (counted once per domain)."""
    types = PAGE_TYPES
    seen: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    type_domains: dict[str, set[str]] = defaultdict(set)
    for r in recs:
        type_domains[r.page_type].add(r.domain)
        for tok in set(r.page_tokens):
            seen[tok][r.domain][r.page_type] += 1
    total = sum(len(v) for v in type_domains.values())
    prior = np.array([max(len(type_domains[t]), 1) / total for t in types])
    table = TokenTable(types)
    for tok, domains in seen.items():
        if len(domains) < MIN_DOMAINS:
            continue
        counts = np.zeros(len(types))
        for per_type in domains.values():
            n = sum(per_type.values())
            for t, c in per_type.items():
                if t in types:
                    counts[types.index(t)] += c / n
        p = (counts + SMOOTH * prior) / (counts.sum() + SMOOTH)
        table.scores[tok] = np.log(p / prior)
    return table


# --- features per page given the tables --------------------------------------------


@dataclass(slots=True)
class Tables:
    classes: TokenTable
    page: TokenTable


def fit_tables(recs: Sequence[PageRecord]) -> Tables:
    return Tables(fit_class_table(recs), fit_page_table(recs))


def page_vector(r: PageRecord, t: Tables) -> np.ndarray:
    return np.concatenate([r.page, page_token_features(r.page_tokens, t.page)])


def block_matrix(r: PageRecord, t: Tables, ptype: np.ndarray) -> np.ndarray:
    pt = _tree(r)
    cls = class_features(pt, t.classes, pt.by_depth())
    pv = page_vector(r, t)
    n = r.X.shape[0]
    return np.hstack(
        [r.X.astype(np.float64), cls, np.tile(pv, (n, 1)), np.tile(ptype, (n, 1))]
    )


def oof_tables(recs: Sequence[PageRecord], folds: int) -> list[Tables]:
    """Per page, tables fitted on the other folds' domains (for training rows)."""
    groups = [r.domain for r in recs]
    out: list[Tables | None] = [None] * len(recs)
    for tr, te in GroupKFold(folds).split(np.zeros(len(recs)), groups=groups):
        tab = fit_tables([recs[i] for i in tr])
        for i in te:
            out[i] = tab
    return [t for t in out if t is not None]


# --- models ----------------------------------------------------------------------------

PAGE_PARAMS: dict[str, Any] = dict(
    max_iter=150, learning_rate=0.06, max_leaf_nodes=8, min_samples_leaf=8,
    l2_regularization=1.0, max_depth=4,
)
STAGE1_PARAMS: dict[str, Any] = dict(
    max_iter=250, learning_rate=0.08, max_leaf_nodes=24, min_samples_leaf=40,
    l2_regularization=1.0, max_depth=7,
)
STAGE2_PARAMS: dict[str, Any] = dict(
    max_iter=150, learning_rate=0.08, max_leaf_nodes=16, min_samples_leaf=40,
    l2_regularization=1.0, max_depth=6,
)


def fit_page_model(X: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    clf = HistGradientBoostingClassifier(**PAGE_PARAMS, random_state=0)
    clf.fit(X, y)
    return clf


def ptype_proba(clf: HistGradientBoostingClassifier, X: np.ndarray) -> np.ndarray:
    """Probabilities in PAGE_TYPES order."""
    p = clf.predict_proba(X)
    out = np.zeros((X.shape[0], len(PAGE_TYPES)))
    for j, c in enumerate(clf.classes_):
        out[:, PAGE_TYPES.index(c)] = p[:, j]
    return out


def block_weights(r: PageRecord) -> np.ndarray:
    """Each page weighs the same (the metric is a mean over pages); inside a
    page a block weighs by its words, as the metric counts words."""
    nwords = np.array([max(1, len(t.split())) for t in r.texts], dtype=np.float64)
    return (nwords + 2.0) / (nwords + 2.0).sum()


def soft_rows(
    mats: Sequence[np.ndarray], recs: Sequence[PageRecord]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X, label, weight: a block whose label is partial appears twice, positive
    with its share of the weight and negative with the rest."""
    xs, ys, ws = [], [], []
    for X, r in zip(mats, recs, strict=True):
        w = block_weights(r)
        lab = r.labels
        for y, wy in ((1.0, w * lab), (0.0, w * (1 - lab))):
            keep = wy > 0
            xs.append(X[keep])
            ys.append(np.full(int(keep.sum()), y))
            ws.append(wy[keep])
    w = np.concatenate(ws)
    return np.vstack(xs), np.concatenate(ys), w * (len(w) / w.sum())


def fit_blocks(X: np.ndarray, y: np.ndarray, w: np.ndarray,
               params: dict[str, Any]) -> HistGradientBoostingClassifier:
    clf = HistGradientBoostingClassifier(**params, random_state=0)
    clf.fit(X, y, sample_weight=w)
    return clf


def stage2_matrix(r: PageRecord, X1: np.ndarray, p1: np.ndarray) -> np.ndarray:
    pt = _tree(r)
    chars = np.array([len(t) for t in r.texts], dtype=np.float64)
    ctx = context_features(pt, pt.by_depth(), p1, chars, r.group)
    return np.hstack([X1, ctx])


def export_trees(
    clf: HistGradientBoostingClassifier, names: Sequence[str], classes: Sequence[str] = ()
) -> dict[str, Any]:
    """A fitted HistGradientBoostingClassifier as ``newsclean.trees`` data. Child
    indices are relative to their tree's root; leaf values already carry the
    learning rate (scikit-learn applies it when growing)."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    outputs: list[int] = []
    depth = 0
    for per_iter in clf._predictors:
        for k, pred in enumerate(per_iter):
            nodes = pred.nodes
            roots.append(len(feature))
            outputs.append(k)
            depth = max(depth, int(nodes["depth"].max()))
            for nd in nodes:
                leaf = bool(nd["is_leaf"])
                feature.append(-1 if leaf else int(nd["feature_idx"]))
                threshold.append(0.0 if leaf else float(nd["num_threshold"]))
                left.append(-1 if leaf else int(nd["left"]))
                right.append(-1 if leaf else int(nd["right"]))
                value.append(float(nd["value"]) if leaf else 0.0)
    return {
        "feature_names": list(names),
        "classes": list(classes),
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
        "roots": roots,
        "tree_output": outputs,
        "bias": [float(v) for v in np.ravel(clf._baseline_prediction)],
        "depth": depth,
    }


# --- evaluation ---------------------------------------------------------------------


def page_f1(r: PageRecord, keep: np.ndarray) -> float:
    text = "\n".join(t for t, k in zip(r.texts, keep, strict=True) if k)
    return wcxb_page_score(text, r.truth).f1


def report(recs: Sequence[PageRecord], probs: Sequence[np.ndarray], thr: float) -> dict[str, float]:
    per: dict[str, list[float]] = defaultdict(list)
    for r, p in zip(recs, probs, strict=True):
        f = page_f1(r, p >= thr)
        per[r.page_type].append(f)
        per["all"].append(f)
    return {k: float(np.mean(v)) for k, v in per.items()}


def print_report(name: str, recs: Sequence[PageRecord], probs: Sequence[np.ndarray],
                 thresholds: Sequence[float] = (0.3, 0.4, 0.5, 0.6)) -> float:
    """Prints the CV figures per threshold; returns the best threshold."""
    best, best_thr = -1.0, 0.5
    for thr in thresholds:
        res = report(recs, probs, thr)
        print(f"{name} thr {thr}: " + " ".join(f"{k} {v:.3f}" for k, v in sorted(res.items())))
        if res["all"] > best:
            best, best_thr = res["all"], thr
    sys.stdout.flush()
    return best_thr


# --- out-of-fold stages -----------------------------------------------------------------


@dataclass(slots=True)
class Stages:
    folds: list[tuple[np.ndarray, np.ndarray]]
    tables: list[Tables]  # per page, fitted without its fold
    ptype: np.ndarray  # (pages, types) out of fold
    X1: list[np.ndarray]  # stage-1 matrices (out-of-fold tables and page types)
    p1: list[np.ndarray]  # stage-1 probabilities, out of fold
    p2: list[np.ndarray] | None = None


def stage_folds(recs: Sequence[PageRecord], folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    groups = [r.domain for r in recs]
    return list(GroupKFold(folds).split(np.zeros(len(recs)), groups=groups))


def run_stages(recs: list[PageRecord], folds: int, with_stage2: bool = True) -> Stages:
    """Every learned step out of fold, on shared domain-grouped folds."""
    split = stage_folds(recs, folds)
    t0 = time.time()
    tables: list[Tables | None] = [None] * len(recs)
    for tr, te in split:
        tab = fit_tables([recs[i] for i in tr])
        for i in te:
            tables[i] = tab
    tabs = [t for t in tables if t is not None]
    Xp = np.vstack([page_vector(r, t) for r, t in zip(recs, tabs, strict=True)])
    yp = np.array([r.page_type for r in recs])
    ptype = np.zeros((len(recs), len(PAGE_TYPES)))
    for tr, te in split:
        ptype[te] = ptype_proba(fit_page_model(Xp[tr], yp[tr]), Xp[te])
    print(f"tables and page types: {time.time() - t0:.0f}s", file=sys.stderr)
    X1 = [block_matrix(r, t, ptype[k]) for k, (r, t) in enumerate(zip(recs, tabs, strict=True))]
    p1: list[np.ndarray] = [np.zeros(0)] * len(recs)
    for f, (tr, te) in enumerate(split):
        X, y, w = soft_rows([X1[i] for i in tr], [recs[i] for i in tr])
        clf = fit_blocks(X, y, w, STAGE1_PARAMS)
        for i in te:
            p1[i] = clf.predict_proba(X1[i])[:, 1]
        print(f"stage 1 fold {f}: {time.time() - t0:.0f}s", file=sys.stderr)
    st = Stages(split, tabs, ptype, X1, p1)
    if with_stage2:
        st.p2 = stage2_oof(recs, st)
    return st


def stage2_oof(recs: list[PageRecord], st: Stages) -> list[np.ndarray]:
    t0 = time.time()
    X2 = [stage2_matrix(r, st.X1[k], st.p1[k]) for k, r in enumerate(recs)]
    p2: list[np.ndarray] = [np.zeros(0)] * len(recs)
    for f, (tr, te) in enumerate(st.folds):
        X, y, w = soft_rows([X2[i] for i in tr], [recs[i] for i in tr])
        clf = fit_blocks(X, y, w, STAGE2_PARAMS)
        for i in te:
            p2[i] = clf.predict_proba(X2[i])[:, 1]
        print(f"stage 2 fold {f}: {time.time() - t0:.0f}s", file=sys.stderr)
    return p2


def page_type_report(recs: Sequence[PageRecord], ptype: np.ndarray) -> None:
    truth = np.array([r.page_type for r in recs])
    pred = np.array(PAGE_TYPES)[ptype.argmax(axis=1)]
    acc = float(np.mean(pred == truth))
    art = pred == "article"
    prec = float(np.mean(truth[art] == "article")) if art.any() else 0.0
    rec = float(np.mean(pred[truth == "article"] == "article"))
    print(f"page type accuracy {acc:.3f}; article precision {prec:.3f} recall {rec:.3f}")
    for t in PAGE_TYPES:
        row = Counter(pred[truth == t])
        print(f"  {t:14s} " + " ".join(f"{u[:4]}:{row[u]}" for u in PAGE_TYPES))


def load_dataset(path: Path) -> list[PageRecord]:
    with path.open("rb") as fh:
        return pickle.load(fh)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=SCRATCH / "dataset_train.pkl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--no-stage2", action="store_true")
    args = ap.parse_args(argv)
    recs = load_dataset(args.dataset)
    st = run_stages(recs, args.folds, with_stage2=not args.no_stage2)
    page_type_report(recs, st.ptype)
    print_report("stage1", recs, st.p1)
    if st.p2 is not None:
        print_report("stage2", recs, st.p2)
    with (SCRATCH / "cv_stages.pkl").open("wb") as fh:
        pickle.dump({"ptype": st.ptype, "p1": st.p1, "p2": st.p2}, fh)
    if args.cv_only:
        return 0
    json.dumps({"attribution": ATTRIBUTION})
    return 0


if __name__ == "__main__":
    sys.exit(main())
