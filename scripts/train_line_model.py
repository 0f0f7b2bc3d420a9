"""Train the shipped line model (src/newsclean/clean/data/line_model.npz).

Data: every line of the scraped text of every wcxb-dev ``train`` page, in the three
shapes newsclean is given (html-text's whole-page text, resiliparse's plain text,
trafilatura's extraction), labelled against the page's ``main_content``
(scripts/clean_inputs.py caches the texts, scripts/clean_dataset.py labels the
lines). Optionally scrapinghub-articles too (``--with-scrapinghub``).

The model, fitted in three steps, each on out-of-fold output of the one before:

1. an n-gram model: logistic regression over hashed character n-grams of the
   line (clean/ngrams.py), trained on the distinct lines;
2. stage 1: gradient-boosted trees over the line's shape, n-gram score, phrase
   families, repetition, position and neighbours (clean/linefeatures.py);
3. stage 2: the same trees again, also seeing stage 1's verdicts around the line.

Cross-validation is grouped by domain: every figure printed is for pages whose
domain no model of that fold saw. The shipped model is fitted on all train pages.

    .venv/bin/python scripts/train_line_model.py [--folds 5] [--out PATH] [--no-cv]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clean_dataset  # noqa: E402
import clean_inputs  # noqa: E402

from newsclean.clean.lines import _is_title_duplicate, find_title  # noqa: E402
from newsclean.clean.linefeatures import (  # noqa: E402
    FEATURE_NAMES,
    PHRASE_GROUPS,
    STAGE2_FEATURE_NAMES,
    line_features,
    stage2_features,
)
from newsclean.clean.ngrams import BITS, ngram_index  # noqa: E402
from newsclean.clean.normalise import normalise_lines  # noqa: E402
from newsclean.clean.phrases import match_phrase  # noqa: E402
from newsclean.clean.sections import section_opener  # noqa: E402
from newsclean.clean.shape import make_doc  # noqa: E402

SEED = 13
MODEL_PATH = Path(__file__).resolve().parents[1] / "src/newsclean/clean/data/line_model.npz"


@dataclass
class Prepared:
    page: str
    domain: str
    page_type: str
    split: str
    kind: str
    lines: list[str]  # after the headline line is taken out
    norm: list[str]
    y: np.ndarray
    w: np.ndarray
    truth: str
    title: str | None
    reasons: list[str | None]
    phrase_group: np.ndarray
    opener: np.ndarray
    title_dup: np.ndarray
    X: np.ndarray | None = field(default=None, repr=False)


_PHRASE_CACHE: dict[str, str | None] = {}


def _reason(norm: str) -> str | None:
    if norm not in _PHRASE_CACHE:
        hit = match_phrase(norm)
        _PHRASE_CACHE[norm] = hit.reason if hit is not None else None
    return _PHRASE_CACHE[norm]


def prepare(d: clean_dataset.LineDoc) -> Prepared:
    lines, y = list(d.lines), d.y
    idx, title, site = find_title(lines) if d.kind != "trafilatura" else (-1, None, None)
    if idx >= 0:
        lines = lines[:idx] + lines[idx + 1 :]
        y = np.concatenate([y[:idx], y[idx + 1 :]])
    norm = normalise_lines(lines)
    reasons = [_reason(x) for x in norm]
    title_dup = np.zeros(len(lines), dtype=bool)
    if title:
        for i, line in enumerate(lines):
            if _is_title_duplicate(line, title, site)[0]:
                title_dup[i] = True
                reasons[i] = "title_duplicate"
    group = np.array([PHRASE_GROUPS.get(r or "", 0) for r in reasons], dtype=np.int64)
    opener = np.array([section_opener(x) is not None for x in norm], dtype=bool)
    words = np.array([len(x.split()) for x in norm], dtype=np.float64)
    return Prepared(d.page, d.domain, d.page_type, d.split, d.kind, lines, norm, y.astype(np.int64),
                    1.0 + np.log1p(words), d.truth, title, reasons, group, opener, title_dup)


def domain_folds(domains: Sequence[str], k: int) -> np.ndarray:
    """Deterministic fold per domain: sorted domains dealt round-robin after a seeded shuffle."""
    uniq = sorted(set(domains))
    order = np.random.default_rng(SEED).permutation(len(uniq))
    fold_of = {uniq[j]: r % k for r, j in enumerate(order)}
    return np.array([fold_of[s] for s in domains])


# --- 1. the n-gram model ------------------------------------------------------------


class NgramData:
    """Distinct normalised lines of the docs as one sparse matrix (rows: lines)."""

    def __init__(self, docs: Sequence[Prepared]) -> None:
        from scipy import sparse

        index: dict[str, int] = {}
        self.doc_rows: list[np.ndarray] = []
        for d in docs:
            self.doc_rows.append(np.array([index.setdefault(x, len(index)) for x in d.norm],
                                          dtype=np.int64))
        uniq = list(index)
        self.n = len(uniq)
        rows, cols = [], []
        chunk = 2000
        for s in range(0, self.n, chunk):
            part = [x for x in uniq[s : s + chunk]]
            doc = make_doc(part)
            li, b = ngram_index(doc)
            rows.append((li + s).astype(np.int32))
            cols.append(b.astype(np.int32))
        r = np.concatenate(rows)
        c = np.concatenate(cols)
        counts = np.bincount(r, minlength=self.n).astype(np.float64)
        norm = np.where(counts > 0, 1.0 / np.sqrt(np.maximum(counts, 1.0)), 0.0)
        m = sparse.csr_matrix((norm[r].astype(np.float32), (r, c)), shape=(self.n, 1 << BITS))
        m.sum_duplicates()
        self.matrix = m

    def fit(self, docs: Sequence[Prepared], use: np.ndarray,
            alpha: float) -> tuple[np.ndarray, float]:
        """Logistic regression (averaged SGD, L2 ``alpha``) on the distinct lines of
        the docs where ``use``: each line twice at most (article / not), weighted by
        its occurrences."""
        from sklearn.linear_model import SGDClassifier

        pos = np.zeros(self.n)
        neg = np.zeros(self.n)
        for d, rows, u in zip(docs, self.doc_rows, use, strict=True):
            if not u:
                continue
            np.add.at(pos, rows, d.y * d.w)
            np.add.at(neg, rows, (1 - d.y) * d.w)
        rp, rn = np.flatnonzero(pos), np.flatnonzero(neg)
        from scipy import sparse

        X = sparse.vstack([self.matrix[rp], self.matrix[rn]]).tocsr()
        y = np.concatenate([np.ones(rp.size), np.zeros(rn.size)])
        sw = np.concatenate([pos[rp], neg[rn]])
        clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=8, tol=None,
                            random_state=SEED, average=True)
        clf.fit(X, y, sample_weight=sw)
        return clf.coef_.ravel().astype(np.float32), float(clf.intercept_[0])

    def scores(self, coef: np.ndarray, bias: float) -> np.ndarray:
        return np.asarray(self.matrix @ coef.astype(np.float64)).ravel() + bias


# --- the access-wall scorer ---------------------------------------------------------

WALL_REASONS = frozenset({"paywall", "javascript"})


def family_examples() -> list[tuple[str, bool, int]]:
    """(normalised example, is a wall, family index) of every phrase family."""
    from newsclean.clean.normalise import normalise_text
    from newsclean.clean.phrases import load_families

    out = []
    for k, fam in enumerate(load_families()):
        for e in fam.examples:
            out.append((normalise_text(e).strip(), fam.reason in WALL_REASONS, k))
    return out


def example_matrix(texts: Sequence[str]) -> Any:
    from scipy import sparse

    doc = make_doc(list(texts))
    li, b = ngram_index(doc)
    counts = np.bincount(li, minlength=len(texts)).astype(np.float64)
    norm = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    m = sparse.csr_matrix((norm[li].astype(np.float32), (li, b)), shape=(len(texts), 1 << BITS))
    m.sum_duplicates()
    return m


def fit_wall(nd: NgramData, docs: Sequence[Prepared], use: np.ndarray,
             examples: Sequence[tuple[str, bool, int]], *,
             alpha: float = 1e-5) -> tuple[np.ndarray, float]:
    """Wall lines (the wall families' hits in the data and their examples in every
    language) against every other line, each distinct line once."""
    from scipy import sparse
    from sklearn.linear_model import SGDClassifier

    label = np.full(nd.n, -1, dtype=np.int64)
    for d, rows, u in zip(docs, nd.doc_rows, use, strict=True):
        if not u:
            continue
        wall = np.array([r in WALL_REASONS for r in d.reasons], dtype=np.int64)
        label[rows] = np.maximum(label[rows], wall)
    rows = np.flatnonzero(label >= 0)
    ex = [e for e in examples if e[0]]
    X = sparse.vstack([nd.matrix[rows], example_matrix([e[0] for e in ex])]).tocsr()
    y = np.concatenate([label[rows], np.array([int(e[1]) for e in ex])])
    # the few wall lines weigh as much as a tenth of all the others
    pos = max(1, int(y.sum()))
    sw = np.where(y == 1, 0.1 * (y.size - pos) / pos, 1.0)
    clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=8, tol=None,
                        random_state=SEED, average=True)
    clf.fit(X, y, sample_weight=sw)
    return clf.coef_.ravel().astype(np.float32), float(clf.intercept_[0])


# --- 2, 3. the tree stages -------------------------------------------------------------


def fit_trees(X: np.ndarray, y: np.ndarray, w: np.ndarray, names: Sequence[str], *,
              max_iter: int = 200, max_depth: int = 6, learning_rate: float = 0.1,
              max_leaf_nodes: int = 31, min_samples_leaf: int = 40) -> dict[str, Any]:
    """Histogram gradient-boosted trees exported as the dict clean/model.py reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_iter=max_iter, max_depth=max_depth, max_leaf_nodes=max_leaf_nodes,
        learning_rate=learning_rate, l2_regularization=1.0, min_samples_leaf=min_samples_leaf,
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
            "value": [float(v) for v in nodes["value"]],
        })
    return {
        "feature_names": list(names),
        "learning_rate": 1.0,
        "max_depth": max_depth,
        "bias": float(np.ravel(clf._baseline_prediction)[0]),
        "trees": trees,
    }


def tree_proba(model: dict[str, Any], X: np.ndarray) -> np.ndarray:
    from newsclean.clean.model import TreeModel

    return TreeModel.from_dict(model, tuple(model["feature_names"])).predict_proba(X)


def features(d: Prepared, ngram: np.ndarray) -> np.ndarray:
    return line_features(make_doc(d.norm), ngram, d.phrase_group, d.opener, d.title_dup)


def load_docs(cache: Path, with_scrapinghub: bool) -> list[Prepared]:
    raw = [d for d in clean_dataset.load(cache, "wcxb") if d.split == "train"]
    if with_scrapinghub:
        raw += clean_dataset.load(cache, "scrapinghub")
    return [prepare(d) for d in raw if d.lines]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=clean_inputs.DEFAULT_CACHE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--with-scrapinghub", action="store_true")
    args = ap.parse_args(argv)
    docs = load_docs(args.cache, args.with_scrapinghub)
    print(f"{len(docs)} docs, {sum(len(d.y) for d in docs)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
