"""The shipped line model (data/line_model.npz): n-gram scorers and two tree stages.

Inference is numpy only (no scikit-learn). One NPZ file holds every array:

* ``ngram_*``: the hashed character n-gram weights of the article-vs-junk logistic
  regression (clean/ngrams.py), stored as int8 with one scale;
* ``seen3``: one bit per bucket, set for the 3-grams seen in at least two
  training documents (the line's familiarity, clean/ngrams.py);
* ``s1_*`` / ``s2_*``: the two gradient-boosted tree stages, packed flat; every
  line walks every tree at once, one depth level per step;
* ``meta``: a JSON string with feature names, the decoding thresholds, the data it
  was trained on and its attribution (WCXB by Murrough Foley, CC-BY-4.0).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from newsclean.clean.features import (
    FEATURE_NAMES,
    STAGE2_FEATURE_NAMES,
    line_features,
    stage2_features,
)
from newsclean.clean.ngrams import NgramIndex, familiarity, linear_scores, ngram_index
from newsclean.clean.shape import Doc


@dataclass(frozen=True)
class _Heap:
    """Trees as complete binary trees in heap order, one block of 2**(depth+1) - 1
    nodes per tree: node j's children are 2j + 1 and 2j + 2. A leaf above the
    last level becomes a split whose two subtrees are copies of it, so every
    row reaches the last level and gets that leaf's value whichever way it went."""

    feature: np.ndarray  # (nodes,) int64; 0 at padding splits and leaves
    threshold: np.ndarray  # (nodes,) float64
    right: np.ndarray  # (nodes,) int64 absolute index of the right child (left = right - 1)
    value: np.ndarray  # (nodes,) float64; non-zero only on the last level
    roots: np.ndarray  # (trees,) int64

    @classmethod
    def of(cls, t: TreeModel) -> _Heap:
        size = 2 ** (t.depth + 1) - 1
        inner = 2**t.depth - 1
        total = size * t.roots.size
        feature = np.zeros(total, dtype=np.int64)
        threshold = np.zeros(total, dtype=np.float64)
        value = np.zeros(total, dtype=np.float64)
        src_feature, src_thr = t.feature.tolist(), t.threshold.tolist()
        src_left, src_right, src_value = t.left.tolist(), t.right.tolist(), t.value.tolist()
        for k, root in enumerate(t.roots.tolist()):
            base = k * size
            src = [root] * size  # the original node at each heap position
            for j in range(inner):
                s = src[j]
                if src_feature[s] >= 0:
                    feature[base + j] = src_feature[s]
                    threshold[base + j] = src_thr[s]
                    src[2 * j + 1], src[2 * j + 2] = src_left[s], src_right[s]
                else:
                    src[2 * j + 1] = src[2 * j + 2] = s
            for j in range(inner, size):
                if src_feature[src[j]] >= 0:
                    raise ValueError(f"a tree is deeper than max_depth={t.depth}")
                value[base + j] = src_value[src[j]]
        j = np.arange(total, dtype=np.int64) % size
        right = np.arange(total, dtype=np.int64) - j + 2 * j + 2
        return cls(feature, threshold, right, value,
                   np.arange(t.roots.size, dtype=np.int64) * size)


@dataclass(frozen=True)
class TreeModel:
    feature_names: tuple[str, ...]
    feature: np.ndarray  # (nodes,) int; -1 at leaves
    threshold: np.ndarray  # (nodes,)
    left: np.ndarray  # (nodes,) absolute index; leaves point to themselves
    right: np.ndarray
    value: np.ndarray  # (nodes,) leaf contribution, already scaled by the learning rate
    roots: np.ndarray  # (trees,)
    depth: int
    bias: float
    # derived once per model: every tree padded to a complete binary tree of
    # ``depth`` levels (_Heap), so that a walk is ``depth`` steps for every row
    # and the right child is always the left child's neighbour
    _heap: _Heap = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_heap", _Heap.of(self))

    @classmethod
    def from_dict(cls, d: dict[str, Any], expected: tuple[str, ...]) -> TreeModel:
        """The dict scripts/train_line_model.py exports (scikit-learn's trees)."""
        feats: list[int] = []
        thr: list[float] = []
        left: list[int] = []
        right: list[int] = []
        val: list[float] = []
        roots: list[int] = []
        lr = float(d["learning_rate"])
        for tree in d["trees"]:
            off = len(feats)
            roots.append(off)
            for f, t, lo, hi, v in zip(
                tree["feature"], tree["threshold"], tree["left"], tree["right"], tree["value"],
                strict=True,
            ):
                leaf = lo < 0
                node = len(feats)
                feats.append(-1 if leaf else int(f))
                thr.append(float(t))
                left.append(node if leaf else off + int(lo))
                right.append(node if leaf else off + int(hi))
                val.append(lr * float(v) if leaf else 0.0)
        names = tuple(d["feature_names"])
        if names != expected:
            raise ValueError("line model was trained on a different feature set")
        return cls(
            feature_names=names,
            feature=np.array(feats, dtype=np.int64),
            threshold=np.array(thr, dtype=np.float64),
            left=np.array(left, dtype=np.int64),
            right=np.array(right, dtype=np.int64),
            value=np.array(val, dtype=np.float64),
            roots=np.array(roots, dtype=np.int64),
            depth=int(d["max_depth"]),
            bias=float(d.get("bias", 0.0)),
        )

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Raw score (log-odds of 'article line') per row of X."""
        n = X.shape[0]
        if n == 0 or self.roots.size == 0:
            return np.full(n, self.bias)
        h = self._heap
        trees = self.roots.size
        # Flat gathers on the row-major X and the heap tables are several times
        # faster than 2-D fancy indexing; every row walks every tree at once and
        # the buffers are reused across the levels.
        x = np.ascontiguousarray(X, dtype=np.float64).ravel()
        row_off = np.tile(np.arange(n, dtype=np.int64) * X.shape[1], trees)
        nodes = np.repeat(h.roots, n)
        if self.depth:
            # the first level needs no gather per row: all of a tree's rows are at
            # its root, so its feature's column is compared as a whole
            columns = x.reshape(n, -1).take(h.feature.take(h.roots), axis=1).T
            nodes = np.repeat(h.right.take(h.roots), n) - (
                columns <= h.threshold.take(h.roots)[:, None]).ravel()
        at = np.empty_like(nodes)
        vals = np.empty(nodes.size, dtype=np.float64)
        thr = np.empty(nodes.size, dtype=np.float64)
        go_left = np.empty(nodes.size, dtype=bool)
        for _ in range(self.depth - 1):
            h.feature.take(nodes, out=at)
            at += row_off
            x.take(at, out=vals)
            h.threshold.take(nodes, out=thr)
            # go left when x <= t (NaN goes right, as in the tree walk it replaces)
            np.less_equal(vals, thr, out=go_left)
            h.right.take(nodes, out=at)
            np.subtract(at, go_left, out=nodes)
        return self.bias + h.value.take(nodes).reshape(trees, n).sum(axis=0)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(X)))


@dataclass(frozen=True)
class NgramScorer:
    """A logistic regression over hashed character n-grams."""

    weights: np.ndarray  # one per bucket
    bias: float
    orders: tuple[int, ...]
    bits: int
    # the weights as int8 steps of ``scale`` (as stored): a 1 MB table gathers
    # much faster than an 8 MB one
    _q: np.ndarray = field(init=False, repr=False, compare=False)
    _scale: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        scale = float(np.abs(self.weights).max()) / 127.0 if self.weights.size else 0.0
        scale = scale or 1.0
        object.__setattr__(self, "_scale", scale)
        object.__setattr__(self, "_q", np.round(self.weights / scale).astype(np.int8))

    def index(self, doc: Doc) -> NgramIndex:
        return ngram_index(doc, self.orders, self.bits)

    def logits(self, doc: Doc, index: NgramIndex | None = None) -> np.ndarray:
        """Per line of ``doc``; ``index`` is self.index(doc) when the caller has it."""
        idx = index if index is not None else self.index(doc)
        return self.bias + self._scale * linear_scores(idx, doc.n, self._q)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_q": self._q,
            f"{prefix}_scale": np.array(self._scale),
            f"{prefix}_bias": np.array(self.bias),
            f"{prefix}_orders": np.array(self.orders, dtype=np.int64),
            f"{prefix}_bits": np.array(self.bits),
        }

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> NgramScorer:
        return cls(
            weights=z[f"{prefix}_q"].astype(np.float64) * float(z[f"{prefix}_scale"]),
            bias=float(z[f"{prefix}_bias"]),
            orders=tuple(int(x) for x in z[f"{prefix}_orders"]),
            bits=int(z[f"{prefix}_bits"]),
        )


def trees_to_arrays(t: TreeModel, prefix: str) -> dict[str, np.ndarray]:
    """A tree stage as flat arrays for the NPZ."""
    return {
        f"{prefix}_feature": t.feature.astype(np.int16),
        f"{prefix}_threshold": t.threshold,
        f"{prefix}_left": t.left.astype(np.int32),
        f"{prefix}_right": t.right.astype(np.int32),
        f"{prefix}_value": t.value,
        f"{prefix}_roots": t.roots.astype(np.int32),
        f"{prefix}_depth": np.array(t.depth),
        f"{prefix}_bias": np.array(t.bias),
    }


def trees_from_arrays(z: Any, prefix: str, names: tuple[str, ...]) -> TreeModel:
    return TreeModel(
        feature_names=names,
        feature=z[f"{prefix}_feature"].astype(np.int64),
        threshold=z[f"{prefix}_threshold"].astype(np.float64),
        left=z[f"{prefix}_left"].astype(np.int64),
        right=z[f"{prefix}_right"].astype(np.int64),
        value=z[f"{prefix}_value"].astype(np.float64),
        roots=z[f"{prefix}_roots"].astype(np.int64),
        depth=int(z[f"{prefix}_depth"]),
        bias=float(z[f"{prefix}_bias"]),
    )


@dataclass(frozen=True)
class LineModel:
    ngram: NgramScorer
    seen3: np.ndarray  # bool per bucket: 3-grams of the training documents
    stage1: TreeModel
    stage2: TreeModel
    meta: dict[str, Any]

    @property
    def params(self) -> dict[str, float]:
        """The decoding thresholds chosen by cross-validation (clean/lines.py)."""
        return dict(self.meta["params"])

    def scores(self, doc: Doc, phrase_group: np.ndarray, opener: np.ndarray,
               title_dup: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(probability that each line of ``doc`` is main content, the line's
        familiarity: how much of it is like the training text)."""
        if doc.n == 0:
            return np.zeros(0), np.zeros(0)
        index = self.ngram.index(doc)
        ng = self.ngram.logits(doc, index)
        fam = familiarity(index, doc.n, self.seen3)
        X = line_features(doc, ng, fam, phrase_group, opener, title_dup)
        p1 = self.stage1.predict_proba(X)
        return self.stage2.predict_proba(stage2_features(X, p1)), fam

    def probabilities(self, doc: Doc, phrase_group: np.ndarray, opener: np.ndarray,
                      title_dup: np.ndarray) -> np.ndarray:
        """Probability that each line of ``doc`` is main content."""
        return self.scores(doc, phrase_group, opener, title_dup)[0]

    def save(self, target: str | Path | BinaryIO) -> None:
        """Write the NPZ to a path or a binary file object."""
        arrays: dict[str, Any] = {**self.ngram.to_arrays("ngram"),
                  "seen3": np.packbits(self.seen3),
                  **trees_to_arrays(self.stage1, "s1"),
                  **trees_to_arrays(self.stage2, "s2"),
                  "meta": np.array(json.dumps(self.meta, ensure_ascii=False))}
        if isinstance(target, str | Path):
            with open(target, "wb") as fh:
                np.savez_compressed(fh, **arrays)
        else:
            np.savez_compressed(target, **arrays)

    @classmethod
    def load(cls, source: Any) -> LineModel:
        with np.load(source, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if tuple(meta["feature_names"]) != FEATURE_NAMES:
                raise ValueError("line model was trained on a different feature set")
            return cls(
                ngram=NgramScorer.from_arrays(z, "ngram"),
                seen3=np.unpackbits(z["seen3"]).astype(bool),
                stage1=trees_from_arrays(z, "s1", FEATURE_NAMES),
                stage2=trees_from_arrays(z, "s2", STAGE2_FEATURE_NAMES),
                meta=meta,
            )


@lru_cache(maxsize=1)
def shipped_model() -> LineModel:
    """data/line_model.npz, loaded once per process."""
    res = resources.files("newsclean.clean").joinpath("data/line_model.npz")
    with res.open("rb") as fh:
        return LineModel.load(fh)
