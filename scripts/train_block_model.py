"""Train the block model and the page-type model on wcxb-dev ``train``; write the
shipped model file.

Steps (all on ``train``; ``validation`` is never read here):

1. the block dataset (``block_dataset.py``, cached under /work/scratch/extract-model):
   every page through newsclean's own parsing and feature code, blocks labelled
   by the reference main content; generated article pages (block_dataset.py
   GEN_SEED, GEN_TEMPLATES), the scrapinghub-articles pages and the
   readability-pages join them (they train, they are never scored here);
2. learned tables: class/id words -> share of content under elements named so,
   page markers (URL words, schema.org and Open Graph types, body classes) ->
   page type, words of the page's text -> page type; a word must occur on
   several domains;
3. the page-type model (gradient-boosted trees over page features);
4. the block model (block features + page-type probabilities), then the
   page-type model that also knows the word table and what the block model kept;
5. the decision thresholds (per page type);
6. the sibling rule (``newsclean.html.siblings``): which bars let kept blocks
   pass their verdict to siblings of the same markup, if any;
7. the container rule (``newsclean.html.container``): on which page types, and
   with which share and bar, kept blocks outside the element holding most of the
   kept text need a higher probability, if any;
8. the repeated-blocks rule (``newsclean.html.repeats``): from how many folded
   characters a kept block repeating an earlier one under another parent goes,
   and on which page types.

Hyper-parameters, thresholds, the sibling, container and repeat rules are chosen by GroupKFold on
``train`` with the domain as group; every learned input of a later step (tables, page-type
probabilities, stage-1 scores) is computed out of fold for the rows that train it.

    .venv/bin/python scripts/train_block_model.py [--cv-only] [--folds 5]
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One thread: on a shared two-core machine OpenMP's threads wait on each other
# (measured: 4x the CPU time of one thread for the same fit).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from block_dataset import SCRATCH, PageRecord  # noqa: E402
from common import wcxb_page_score  # noqa: E402
from tree_export import export_trees  # noqa: E402

from newsclean.annotate.language import detect_language  # noqa: E402
from newsclean.html.blockmodel import (  # noqa: E402
    comments_start,
    page2_feature_names,
    page2_plain_feature_names,
    save_model,
    stage1_feature_names,
)
from newsclean.html.container import ContainerRule, class_paths, container_keep  # noqa: E402
from newsclean.html.context import content_page_features  # noqa: E402
from newsclean.html.features import (  # noqa: E402
    PAGE_TYPES,
    Tables,
    block_feature_names,
    class_features,
    opener_features,
    page_feature_names,
    page_token_features,
    page_words,
    word_share,
)
from newsclean.html.names import TokenTable, name_tokens  # noqa: E402
from newsclean.html.nodes import PageTree, depth_order  # noqa: E402
from newsclean.html.repeats import RepeatRule, repeated  # noqa: E402
from newsclean.html.siblings import (  # noqa: E402
    SiblingRule,
    extend_keep,
    node_signatures,
    sibling_groups,
)

ATTRIBUTION = "WCXB by Murrough Foley, CC-BY-4.0"
LINK_COL = block_feature_names().index("link_density")
MIN_DOMAINS = 3
SMOOTH = 2.0
# The word table: a word must occur on this many domains (about 6,000 words),
# and the logistic regression is held tighter than the markers' (chosen by
# domain-grouped CV: C 0.1-1 and 3-20 domains all within 0.01 of accuracy).
WORD_MIN_DOMAINS = 20
WORD_C = 0.3


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
            chars = block_chars(r)
            content = chars * (r.labels >= 0.5)
            nn = r.parent.size
            c_all = np.zeros(nn)
            c_pos = np.zeros(nn)
            np.add.at(c_all, r.block_node, chars)
            np.add.at(c_pos, r.block_node, content)
            s_all = pt.subtree_sum(c_all)
            s_pos = pt.subtree_sum(c_pos)
            for i, raw in enumerate(r.names):
                if raw == " " or s_all[i] <= 0:
                    continue
                # distinct in first-seen order, not a set's: the float sums below
                # then add in the same order whatever the hash seed
                for tok in dict.fromkeys(name_tokens(raw)):
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


_WORDS: dict[str, list[str]] = {}


def record_words(r: PageRecord) -> list[str]:
    """``page_words`` of a record (computed once per record)."""
    words = _WORDS.get(r.id)
    if words is None:
        words = _WORDS[r.id] = page_words(r.texts)
    return words


def record_markers(r: PageRecord) -> list[str]:
    return r.page_tokens


def fit_page_table(
    recs: Sequence[PageRecord],
    C: float = 1.0,
    tokens: Callable[[PageRecord], list[str]] = record_markers,
    min_domains: int = MIN_DOMAINS,
) -> TokenTable:
    """page marker (or word) -> per page type weight of a multinomial logistic
    regression on the tokens present (each domain weighs the same; tokens seen on
    fewer than ``min_domains`` domains are left out). A page's summed weights are
    its logits."""
    domains: dict[str, set[str]] = defaultdict(set)
    for r in recs:
        for t in dict.fromkeys(tokens(r)):
            domains[t].add(r.domain)
    kept = sorted(t for t, d in domains.items() if len(d) >= min_domains)
    vocab = {t: i for i, t in enumerate(kept)}
    rows: list[int] = []
    cols: list[int] = []
    for k, r in enumerate(recs):
        for t in dict.fromkeys(tokens(r)):
            j = vocab.get(t)
            if j is not None:
                rows.append(k)
                cols.append(j)
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(recs), len(vocab)))
    per_domain = Counter(r.domain for r in recs)
    w = np.array([1.0 / per_domain[r.domain] for r in recs])
    y = np.array([r.page_type for r in recs])
    lr = LogisticRegression(C=C, max_iter=3000)
    lr.fit(X, y, sample_weight=w * (len(w) / w.sum()))
    coef = np.zeros((len(PAGE_TYPES), len(vocab)))
    # A type the training pages lack never wins.
    bias = np.full(len(PAGE_TYPES), -30.0)
    classes = list(lr.classes_)
    for k, t in enumerate(PAGE_TYPES):
        if t in classes and lr.coef_.shape[0] > 1:
            coef[k] = lr.coef_[classes.index(t)]
            bias[k] = lr.intercept_[classes.index(t)]
    table = TokenTable(PAGE_TYPES, bias=bias)
    for t, j in vocab.items():
        table.scores[t] = coef[:, j].copy()
    return table


# --- features per page given the tables --------------------------------------------


def fit_tables(recs: Sequence[PageRecord]) -> Tables:
    return Tables(
        fit_class_table(recs),
        fit_page_table(recs),
        fit_page_table(recs, WORD_C, record_words, WORD_MIN_DOMAINS),
    )


def page_vector(r: PageRecord, t: Tables) -> np.ndarray:
    return np.concatenate([r.page, page_token_features(r.page_tokens, t.page)])


def record_word_share(r: PageRecord, t: Tables) -> float:
    """``features.word_share`` of a record under table ``t``."""
    words = record_words(r)
    return word_share(sum(w in t.words.scores for w in words), len(words))


def word_vector(r: PageRecord, t: Tables) -> np.ndarray:
    """The word table's scores of the page (``WORD_FEATURES``)."""
    return page_token_features(record_words(r), t.words)


def block_matrix(r: PageRecord, t: Tables, ptype: np.ndarray) -> np.ndarray:
    pt = _tree(r)
    cls = class_features(pt, t.classes)
    pv = page_vector(r, t)
    n = r.X.shape[0]
    return np.hstack(
        [r.X.astype(np.float64), cls, opener_features(r.texts), np.tile(pv, (n, 1)),
         np.tile(ptype, (n, 1))]
    )


# --- models ----------------------------------------------------------------------------

PAGE_PARAMS: dict[str, Any] = dict(
    max_iter=150, learning_rate=0.06, max_leaf_nodes=8, min_samples_leaf=8,
    l2_regularization=1.0, max_depth=4,
)
STAGE1_PARAMS: dict[str, Any] = dict(
    max_iter=200, learning_rate=0.1, max_leaf_nodes=24, min_samples_leaf=40,
    l2_regularization=1.0, max_depth=7,
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


# --- evaluation ---------------------------------------------------------------------


def page_f1(r: PageRecord, keep: np.ndarray) -> float:
    text = "\n".join(t for t, k in zip(r.texts, keep, strict=True) if k)
    return wcxb_page_score(text, r.truth).f1


def variant_f1s(r: PageRecord, keep: np.ndarray, base: float,
                variants: Iterable[np.ndarray]) -> list[float]:
    """Page F1 of each variant of ``keep`` (a rule's grid applied to it): ``base``
    where a variant keeps the same blocks, and a variant keeping the same blocks
    as an earlier one scored once."""
    seen: dict[bytes, float] = {}
    out = []
    for new in variants:
        if np.array_equal(new, keep):
            out.append(base)
            continue
        key = np.packbits(new).tobytes()
        if key not in seen:
            seen[key] = page_f1(r, new)
        out.append(seen[key])
    return out


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
    """Every learned step's output for every page, out of fold (shared folds)."""

    folds: list[tuple[np.ndarray, np.ndarray]]
    tables: list[Tables]  # per page, fitted without the page's fold
    Xp: np.ndarray  # page features
    Xw: np.ndarray  # word table scores (for the final page-type model)
    ptype: np.ndarray  # (pages, types) first page-type model
    X1: list[np.ndarray]  # block matrices
    p1: list[np.ndarray]  # block probabilities
    Xp2: np.ndarray  # Xp, Xw, first page types, what the block model kept
    ptype2: np.ndarray  # (pages, types) the page-type model that knows the content
    ptype2_plain: np.ndarray  # (pages, types) the same without the word table's scores
    share: np.ndarray  # (pages,) the share of the page's words the word table knows


def stage_folds(recs: Sequence[PageRecord], folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    groups = [r.domain for r in recs]
    return list(GroupKFold(folds).split(np.zeros(len(recs)), groups=groups))


def run_stages(recs: list[PageRecord], folds: int) -> Stages:
    split = stage_folds(recs, folds)
    t0 = time.time()
    tables: list[Tables | None] = [None] * len(recs)
    for tr, te in split:
        tab = fit_tables([recs[i] for i in tr])
        for i in te:
            tables[i] = tab
    tabs = [t for t in tables if t is not None]
    Xp = np.vstack([page_vector(r, t) for r, t in zip(recs, tabs, strict=True)])
    Xw = np.vstack([word_vector(r, t) for r, t in zip(recs, tabs, strict=True)])
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
        print(f"block model fold {f}: {time.time() - t0:.0f}s", file=sys.stderr)
    heads = np.hstack([Xp, Xw, ptype])
    Xp2 = np.vstack([page2_vector(r, heads[k], p1[k]) for k, r in enumerate(recs)])
    ptype2 = np.zeros_like(ptype)
    ptype2_plain = np.zeros_like(ptype)
    plain = plain_columns(Xp.shape[1], Xw.shape[1], Xp2.shape[1])
    for tr, te in split:
        ptype2[te] = ptype_proba(fit_page_model(Xp2[tr], yp[tr]), Xp2[te])
        ptype2_plain[te] = ptype_proba(fit_page_model(Xp2[tr][:, plain], yp[tr]),
                                       Xp2[te][:, plain])
    share = np.array([record_word_share(r, t) for r, t in zip(recs, tabs, strict=True)])
    return Stages(split, tabs, Xp, Xw, ptype, X1, p1, Xp2, ptype2, ptype2_plain, share)


def plain_columns(n_page: int, n_words: int, n_all: int) -> np.ndarray:
    """The columns of the final page-type model's input without the word
    table's scores (``page2_plain_feature_names``)."""
    return np.r_[0:n_page, n_page + n_words:n_all]


def block_chars(r: PageRecord) -> np.ndarray:
    """(blocks,) characters of each block of a record (features' ``chars``)."""
    return np.array([len(t) for t in r.texts], dtype=np.float64)


def page2_vector(r: PageRecord, head: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """The second page-type model's input: ``head`` (page features, word table,
    first page types) and what the block model kept."""
    chars = block_chars(r)
    links = r.X[:, LINK_COL].astype(np.float64) * chars
    return np.concatenate([head, content_page_features(p1, chars, links, r.kinds, r.group)])


def decide_types(proba: np.ndarray, article_min: float) -> np.ndarray:
    """Page types from probabilities: ``article`` only when at least
    ``article_min`` likely, else the likeliest other type."""
    art = PAGE_TYPES.index("article")
    out = proba.argmax(axis=1)
    other = np.where(np.arange(len(PAGE_TYPES)) == art, -1.0, proba).argmax(axis=1)
    return np.where((out == art) & (proba[:, art] < article_min), other, out)


def choose_article_min(truth: np.ndarray, proba: np.ndarray, target: float = 0.95) -> float:
    """The lowest ``article`` probability bar whose article precision out of fold
    is at least ``target`` plus one standard error of a precision measured on as
    many predicted articles (or the bar with the best precision). The bar at the
    edge (precision just at ``target``) lands under it on half of the new page
    sets of that size: the eleventh and twelfth sessions' models, each at its
    edge out of fold (0.951), read 0.968 and 0.943 on validation. Out of fold on
    the twelfth session's model the margin (0.009 on 583 pages) takes the bar from
    0.75 to 0.825: precision 0.951 -> 0.961, article recall 0.938 -> 0.936,
    accuracy 0.868 -> 0.869."""
    best = (0.0, 0.0)
    for bar in np.arange(0.3, 0.96, 0.025):
        pred = np.array(PAGE_TYPES)[decide_types(proba, float(bar))]
        art = pred == "article"
        if not art.any():
            continue
        prec = float(np.mean(truth[art] == "article"))
        margin = math.sqrt(target * (1.0 - target) / int(art.sum()))
        if prec >= target + margin:
            return float(bar)
        best = max(best, (prec, float(bar)))
    return best[1]


def choose_plain_below(recs: Sequence[PageRecord], share: np.ndarray) -> float:
    """The word share (``features.word_share``) under which a page is typed
    without the word table: the bar that best tells apart the real pages whose
    reference text is in English (the language newsclean detects) from the
    others, the middle of the best bars. The pages: wcxb-dev train, and the
    scrapinghub-articles and readability-pages, about one in eight of which
    are in other languages."""
    idx = [k for k, r in enumerate(recs) if "~" not in r.id or r.id.endswith(("~sh", "~rd"))]
    langs = [detect_language(recs[k].truth) for k in idx]
    known = [(share[k], lang == "en") for k, lang in zip(idx, langs, strict=True) if lang]
    grid = np.round(np.arange(0.05, 0.66, 0.01), 2)
    errors = np.array([sum((s < g) == en for s, en in known) for g in grid])
    tied = grid[errors == errors.min()]
    below = float(np.round(np.median(tied), 2))
    n_other = sum(not en for _, en in known)
    print(f"word share bar {below:.2f}: {errors.min()} of {len(known)} pages on the wrong side"
          f" ({n_other} not in English; best bars {tied.min():.2f}-{tied.max():.2f})")
    return below


THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def one_se_lowest(scores: np.ndarray) -> int:
    """Index of the lowest threshold (columns in increasing order) whose mean page
    F1 is within one standard error of the best column's, the error taken over
    the paired per-page differences. Where the curve is flat, the lower threshold
    keeps more text: a long live blog whose entries score just above the lower
    bar is not cut for a gain out of fold that is within noise."""
    means = scores.mean(axis=0)
    best = int(np.argmax(means))
    n = scores.shape[0]
    for j in range(best):
        d = scores[:, j] - scores[:, best]
        se = float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
        if d.mean() >= -se:
            return j
    return best


def choose_thresholds(
    recs: Sequence[PageRecord], probs: Sequence[np.ndarray], types: np.ndarray
) -> dict[str, float]:
    """Per (likeliest) page type, the block threshold with the best mean page F1;
    for ``article``, the lowest within one standard error of it
    (``one_se_lowest``): an article page can run to thousands of short entries
    (a live blog) whose scores sit near the bar. Nested cross-validation cannot
    tell the rules apart (best everywhere 0.8607, this 0.8603, the lowest within
    one standard error for every type 0.8602; standard error of a difference
    ~0.001)."""
    out: dict[str, float] = {}
    for t in PAGE_TYPES:
        idx = [k for k in range(len(recs)) if PAGE_TYPES[types[k]] == t]
        if not idx:
            out[t] = 0.5
            continue
        scores = np.array([[page_f1(recs[k], probs[k] >= thr) for thr in THRESHOLDS]
                           for k in idx])
        j = one_se_lowest(scores) if t == "article" else int(np.argmax(scores.mean(axis=0)))
        out[t] = THRESHOLDS[j]
    return out


def page_type_report(recs: Sequence[PageRecord], types: np.ndarray) -> None:
    truth = np.array([r.page_type for r in recs])
    pred = np.array(PAGE_TYPES)[types]
    acc = float(np.mean(pred == truth))
    art = pred == "article"
    prec = float(np.mean(truth[art] == "article")) if art.any() else 0.0
    rec = float(np.mean(pred[truth == "article"] == "article"))
    print(f"page type accuracy {acc:.3f}; article precision {prec:.3f} recall {rec:.3f}")
    for t in PAGE_TYPES:
        row = Counter(pred[truth == t])
        print(f"  {t:14s} " + " ".join(f"{u[:4]}:{row[u]}" for u in PAGE_TYPES))


def chosen_out_of_fold(table: np.ndarray, pages: Sequence[PageRecord], folds: int,
                       rows: np.ndarray | None = None) -> np.ndarray:
    """Per page, the F1 of the rule chosen without its fold: ``table`` is (pages,
    1 + rules), column 0 no rule; on each domain fold the column with the best
    mean over the other folds' ``rows`` (all pages when None) is taken for the
    fold's ``rows``, the others keep column 0."""
    rows = np.ones(len(pages), dtype=bool) if rows is None else rows
    groups = [r.domain for r in pages]
    oof = table[:, 0].copy()
    for tr, te in GroupKFold(folds).split(np.zeros(len(pages)), groups=groups):
        j = int(np.argmax(table[tr][rows[tr]].mean(axis=0)))
        oof[te] = np.where(rows[te], table[te, j], table[te, 0])
    return oof


# --- sibling rule ------------------------------------------------------------------------

SIBLING_GRID = [
    SiblingRule(share, kept, ld)
    for share in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)
    for kept in (2, 3, 5)
    for ld in (0.05, 0.2, 0.4)
]


def sibling_inputs(r: PageRecord) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A record's sibling groups, block characters and link densities: what
    ``extend_keep`` reads besides the blocks kept and the rule."""
    groups = sibling_groups(r.parent, r.block_node, node_signatures(r.tags, r.names))
    return groups, block_chars(r), r.X[:, LINK_COL].astype(np.float64)


def sibling_scores(
    pages: Sequence[PageRecord], keeps: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Page F1 without any rule (pages,) and with each rule of SIBLING_GRID
    (pages, rules)."""
    base = np.array([page_f1(r, k) for r, k in zip(pages, keeps, strict=True)])
    out = np.zeros((len(pages), len(SIBLING_GRID)))
    for i, (r, keep) in enumerate(zip(pages, keeps, strict=True)):
        groups, chars, ld = sibling_inputs(r)
        out[i] = variant_f1s(r, keep, base[i],
                             (extend_keep(keep, groups, chars, ld, rule) for rule in SIBLING_GRID))
    return base, out


def choose_sibling_rule(
    pages: Sequence[PageRecord], keeps: Sequence[np.ndarray], folds: int
) -> SiblingRule | None:
    """The rule of SIBLING_GRID with the best mean page F1 (None when no rule
    beats keeping the model's blocks alone), and its domain-grouped CV figures:
    chosen on the other folds, scored on each held-out fold."""
    base, scores = sibling_scores(pages, keeps)
    # Column 0: no rule.
    table = np.column_stack([base, scores])

    oof = chosen_out_of_fold(table, pages, folds)
    types = np.array([r.page_type for r in pages])
    art = types == "article"
    print(f"sibling rule, out of fold: all {base.mean():.3f} -> {oof.mean():.3f}, "
          f"article {base[art].mean():.3f} -> {oof[art].mean():.3f}; per type: "
          + " ".join(f"{t} {base[types == t].mean():.3f}->{oof[types == t].mean():.3f}"
                     for t in PAGE_TYPES if (types == t).any()))  # fmt: skip
    k = int(np.argmax(table.mean(axis=0)))
    rule = None if k == 0 else SIBLING_GRID[k - 1]
    print(f"sibling rule on all of train: {rule} (mean F1 {table[:, k].mean():.3f})")
    sys.stdout.flush()
    return rule


# --- container rule ----------------------------------------------------------------------

CONTAINER_GRID = [ContainerRule(share, bar)
                  for share in (0.55, 0.6, 0.65, 0.7, 0.75)
                  for bar in (0.8, 0.85, 0.9, 0.95)]


def container_scores(pages: Sequence[PageRecord], probs: Sequence[np.ndarray],
                     keeps: Sequence[np.ndarray]) -> np.ndarray:
    """(pages, 1 + rules): page F1 with the blocks kept, then with each rule of
    CONTAINER_GRID applied to them."""
    out = np.zeros((len(pages), 1 + len(CONTAINER_GRID)))
    for i, (r, p, keep) in enumerate(zip(pages, probs, keeps, strict=True)):
        out[i, 0] = page_f1(r, keep)
        chars = block_chars(r)
        walk = depth_order(r.depth)
        out[i, 1:] = variant_f1s(r, keep, out[i, 0], (
            container_keep(keep, p, chars, r.block_node, r.depth, r.parent, walk, rule, r.group)
            for rule in CONTAINER_GRID))
    return out


def choose_container_rule(pages: Sequence[PageRecord], probs: Sequence[np.ndarray],
                          keeps: Sequence[np.ndarray], likeliest: np.ndarray,
                          folds: int) -> ContainerRule | None:
    """The share and bar of CONTAINER_GRID with the best mean page F1 on the pages
    whose likeliest type is ``article`` (None when none beats no rule), with its
    domain-grouped CV figure (chosen on the other folds, scored on each held-out
    one); then the other likeliest types on which that rule gains more than two
    standard errors of the paired difference join ``article``."""
    table = container_scores(pages, probs, keeps)
    kinds = np.array(PAGE_TYPES)[likeliest]
    art = kinds == "article"
    oof = chosen_out_of_fold(table, pages, folds, art)
    truth = np.array([r.page_type for r in pages])
    print(f"container rule on likely articles, out of fold: all {table[:, 0].mean():.4f} -> "
          f"{oof.mean():.4f}, article {table[truth == 'article', 0].mean():.4f} -> "
          f"{oof[truth == 'article'].mean():.4f}")
    k = int(np.argmax(table[art].mean(axis=0)))
    if k == 0:
        print("container rule: none")
        return None
    rule = CONTAINER_GRID[k - 1]
    types = ["article"]
    for t in PAGE_TYPES:
        rows = kinds == t
        if t == "article" or rows.sum() < 2:
            continue
        d = table[rows, k] - table[rows, 0]
        se = float(d.std(ddof=1) / math.sqrt(d.size))
        print(f"  on likely {t} pages: {d.mean():+.4f} (standard error {se:.4f})")
        if d.mean() > 2 * se:
            types.append(t)
    rule = ContainerRule(rule.share, rule.outside_min, tuple(types))
    d = table[art, k] - table[art, 0]
    print(f"container rule on all of train: {rule} (likely articles {table[art, 0].mean():.4f}"
          f" -> {table[art, k].mean():.4f}; {int((d > 0).sum())} pages better, "
          f"{int((d < 0).sum())} worse)")
    sys.stdout.flush()
    return rule


def contained_keep(r: PageRecord, p: np.ndarray, keep: np.ndarray,
                   rule: ContainerRule) -> np.ndarray:
    """``keep`` after the container rule (html/container.py) on one record."""
    return container_keep(keep, p, block_chars(r), r.block_node, r.depth, r.parent,
                          depth_order(r.depth), rule,
                          class_paths(list(r.tags), list(r.names), r.parent, r.block_node))


# --- repeated blocks -------------------------------------------------------------------

REPEAT_GRID = [RepeatRule(chars, PAGE_TYPES) for chars in (10, 20, 40, 80)]


def repeat_keep(r: PageRecord, keep: np.ndarray, rule: RepeatRule) -> np.ndarray:
    """``keep`` without the kept blocks that repeat earlier kept ones (html/repeats.py)."""
    idx = np.flatnonzero(keep)
    copies = repeated([r.texts[i] for i in idx], [r.kinds[i] for i in idx],
                      r.parent[r.block_node[idx]].tolist(), rule)
    out = keep.copy()
    out[idx[np.array(copies, dtype=bool)]] = False
    return out


def choose_repeat_rule(pages: Sequence[PageRecord], keeps: Sequence[np.ndarray],
                       likeliest: np.ndarray, folds: int) -> RepeatRule | None:
    """The rule of REPEAT_GRID with the best mean page F1 over all pages (None
    when none beats no rule), with its domain-grouped CV figure (chosen on the
    other folds, scored on each held-out one); it then applies to the likeliest
    types on which it gains on average out of fold."""
    table = np.zeros((len(pages), 1 + len(REPEAT_GRID)))
    for i, (r, keep) in enumerate(zip(pages, keeps, strict=True)):
        table[i, 0] = page_f1(r, keep)
        table[i, 1:] = variant_f1s(r, keep, table[i, 0],
                                   (repeat_keep(r, keep, rule) for rule in REPEAT_GRID))
    oof = chosen_out_of_fold(table, pages, folds)
    d = oof - table[:, 0]
    se = float(d.std(ddof=1) / math.sqrt(d.size))
    print(f"repeated blocks, out of fold: all {table[:, 0].mean():.4f} -> {oof.mean():.4f}"
          f" ({d.mean():+.4f}, standard error {se:.4f})")
    k = int(np.argmax(table.mean(axis=0)))
    if k == 0:
        print("repeat rule: none")
        return None
    kinds = np.array(PAGE_TYPES)[likeliest]
    types = []
    for t in PAGE_TYPES:
        gain = oof[kinds == t] - table[kinds == t, 0]
        print(f"  on likely {t} pages ({gain.size}): {gain.mean() if gain.size else 0.0:+.4f}")
        if gain.size and gain.mean() > 0:
            types.append(t)
    rule = REPEAT_GRID[k - 1]
    rule = RepeatRule(rule.min_chars, tuple(types))
    print(f"repeat rule on all of train: {rule} (mean F1 {table[:, 0].mean():.4f} ->"
          f" {table[:, k].mean():.4f})")
    sys.stdout.flush()
    return rule


def report_comment_cut(pages: Sequence[PageRecord], probs: Sequence[np.ndarray],
                       keeps: Sequence[np.ndarray], called_article: np.ndarray) -> None:
    """Out of fold, what html/blockmodel.py's comment-section cut (comments_start,
    on the pages called articles) does to mean page F1: its constants are not
    chosen here, only measured."""
    diffs: list[float] = []
    for r, p, keep, sure in zip(pages, probs, keeps, called_article, strict=True):
        if not sure:
            diffs.append(0.0)
            continue
        start = comments_start(keep, p, opener_features(r.texts)[:, 0] > 0,
                               r.X[:, LINK_COL].astype(np.float64))
        if start < 0:
            diffs.append(0.0)
            continue
        cut = keep.copy()
        cut[start:] = False
        diffs.append(page_f1(r, cut) - page_f1(r, keep))
    d = np.array(diffs)
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
    print(f"comment-section cut on pages called articles, out of fold: {int((d != 0).sum())} "
          f"of {d.size} pages change ({int((d > 0).sum())} better), mean page F1 "
          f"{d.mean():+.4f} (standard error {se:.4f})")
    sys.stdout.flush()


# --- the shipped model -------------------------------------------------------------------


def train_final(recs: list[PageRecord], st: Stages, thresholds: dict[str, float],
                article_min: float, plain: dict[str, float], siblings: SiblingRule | None,
                container: ContainerRule | None, repeats: RepeatRule | None,
                out: Path) -> None:
    """Fit every step on all of ``train`` (each step's inputs out of fold, as at
    CV time) and write the model file."""
    t0 = time.time()
    full = fit_tables(recs)
    yp = np.array([r.page_type for r in recs])
    page1 = fit_page_model(st.Xp, yp)
    X, y, w = soft_rows(st.X1, recs)
    stage1 = fit_blocks(X, y, w, STAGE1_PARAMS)
    page2 = fit_page_model(st.Xp2, yp)
    cols = plain_columns(st.Xp.shape[1], st.Xw.shape[1], st.Xp2.shape[1])
    page2_plain = fit_page_model(st.Xp2[:, cols], yp)
    print(f"final fit: {time.time() - t0:.0f}s", file=sys.stderr)
    meta = {
        "attribution": ATTRIBUTION,
        "licence": "The model is derived from WCXB (Web Content eXtraction Benchmark) by"
        " Murrough Foley, CC-BY-4.0: https://creativecommons.org/licenses/by/4.0/"
        + ("; and from scrapinghub's article-extraction benchmark (scrapinghub-articles),"
           " MIT licence, Copyright (c) 2020 Scrapinghub"
           if any(r.id.endswith("~sh") for r in recs) else "")
        + ("; and from Mozilla Readability's test pages (readability-pages), Apache"
           " License 2.0"
           if any(r.id.endswith("~rd") for r in recs) else ""),
        "trained_on": f"wcxb-dev train: {sum('~' not in r.id for r in recs)} pages"
        " (and their chrome-stripped and lengthened variants),"
        f" {len({r.domain for r in recs if '~' not in r.id})} domains;"
        f" {sum('~gen' in r.id for r in recs)} generated article pages"
        " (benchmarks/genpages, scripts/block_dataset.py GEN_SEED and GEN_TEMPLATES);"
        f" {sum(r.id.endswith('~sh') for r in recs)} scrapinghub-articles pages;"
        f" {sum(r.id.endswith('~rd') for r in recs)} readability-pages",
        "script": "scripts/train_block_model.py",
        "thresholds": thresholds,
        "article_min": article_min,
        "plain": plain,
        "siblings": siblings.to_dict() if siblings else None,
        "container": container.to_dict() if container else None,
        "repeats": repeats.to_dict() if repeats else None,
        "tables": {
            "classes": full.classes.to_dict(),
            "page": full.page.to_dict(),
            "words": full.words.to_dict(),
        },
    }
    ensembles = {
        "page1": export_trees(page1, page_feature_names(), [str(c) for c in page1.classes_]),
        "stage1": export_trees(stage1, stage1_feature_names()),
        "page2": export_trees(page2, page2_feature_names(), [str(c) for c in page2.classes_]),
        "page2_plain": export_trees(page2_plain, page2_plain_feature_names(),
                                    [str(c) for c in page2_plain.classes_]),
    }
    save_model(str(out), meta, ensembles)
    print(f"model written to {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)


def load_dataset(path: Path) -> list[PageRecord]:
    with path.open("rb") as fh:
        return pickle.load(fh)


MODEL_OUT = ROOT / "src" / "newsclean" / "html" / "data" / "block_model.npz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=SCRATCH / "dataset_train.pkl",
                    help="built by scripts/block_dataset.py when missing")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true", help="report the CV figures, write nothing")
    ap.add_argument("--out", type=Path, default=MODEL_OUT)
    args = ap.parse_args(argv)
    if not args.dataset.exists():
        import block_dataset

        block_dataset.main(["--split", "train", "--out", str(args.dataset)])
    recs = load_dataset(args.dataset)
    st = run_stages(recs, args.folds)
    # Chosen and reported on the pages as served; the stripped variants only train.
    real = [k for k, r in enumerate(recs) if "~" not in r.id]
    pages = [recs[k] for k in real]
    truth = np.array([r.page_type for r in pages])
    print("page types, page features only:")
    page_type_report(pages, st.ptype[real].argmax(axis=1))
    article_min = choose_article_min(truth, st.ptype2[real])
    print(f"page types, knowing the content (article when p >= {article_min:.3f}):")
    page_type_report(pages, decide_types(st.ptype2[real], article_min))
    # Every train page typed as if the word table knew none of its words: the
    # model for pages in another language.
    plain = {"below": choose_plain_below(recs, st.share),
             "article_min": choose_article_min(truth, st.ptype2_plain[real])}
    print(f"page types without the word table (article when p >= {plain['article_min']:.3f}):")
    page_type_report(pages, decide_types(st.ptype2_plain[real], plain["article_min"]))
    # the final page types as run time gives them: without the word table for
    # the pages whose words it barely knows
    low = st.share[real] < plain["below"]
    ptype2 = np.where(low[:, None], st.ptype2_plain[real], st.ptype2[real])
    types = np.where(low, decide_types(ptype2, plain["article_min"]),
                     decide_types(ptype2, article_min))
    print(f"page types as run time gives them ({int(low.sum())} pages typed without the"
          " word table):")
    page_type_report(pages, types)
    p1 = [st.p1[k] for k in real]
    print_report("one threshold", pages, p1, THRESHOLDS[2:])
    # Blocks follow the likeliest type (the article bar only names the page).
    likeliest = ptype2.argmax(axis=1)
    thresholds = choose_thresholds(pages, p1, likeliest)
    per = defaultdict(list)
    for k, r in enumerate(pages):
        f = page_f1(r, p1[k] >= thresholds[PAGE_TYPES[likeliest[k]]])
        per[r.page_type].append(f)
        per["all"].append(f)
    print(f"per-type thresholds {thresholds}: "
          + " ".join(f"{k} {np.mean(v):.3f}" for k, v in sorted(per.items())))
    keeps = [p >= thresholds[PAGE_TYPES[t]] for p, t in zip(p1, likeliest, strict=True)]
    siblings = choose_sibling_rule(pages, keeps, args.folds)
    if siblings is not None:
        keeps = [extend_keep(k, *sibling_inputs(r), siblings)
                 for r, k in zip(pages, keeps, strict=True)]
    container = choose_container_rule(pages, p1, keeps, likeliest, args.folds)
    if container is not None:
        keeps = [contained_keep(r, p, k, container) if PAGE_TYPES[t] in container.types else k
                 for r, p, k, t in zip(pages, p1, keeps, likeliest, strict=True)]
    report_comment_cut(pages, p1, keeps, types == PAGE_TYPES.index("article"))
    repeats = choose_repeat_rule(pages, keeps, likeliest, args.folds)
    # beside the dataset: two runs on other datasets do not overwrite each other's
    with (args.dataset.parent / "cv_stages.pkl").open("wb") as fh:
        pickle.dump({"ids": [r.id for r in pages], "ptype": st.ptype[real],
                     "ptype2": st.ptype2[real], "ptype2_plain": st.ptype2_plain[real],
                     "share": st.share[real], "p1": p1, "types": types}, fh)  # fmt: skip
    if args.cv_only:
        return 0
    train_final(recs, st, thresholds, article_min, plain, siblings, container, repeats, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
