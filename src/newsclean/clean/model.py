"""The shipped line classifier: a gradient-boosted tree ensemble stored as plain JSON.

Inference is numpy only (no scikit-learn): all trees are packed into flat arrays
and every line walks every tree at once, one depth level per step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsclean.clean.features import FEATURE_NAMES, STAGE2_FEATURE_NAMES, stage2_features


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
    threshold_keep: float
    # derived once per model: feature index (leaves -> 0) and interleaved children
    _feat_off: np.ndarray = field(init=False, repr=False, compare=False)
    _children: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_feat_off",
                           np.where(self.feature < 0, 0, self.feature).astype(np.int64))
        object.__setattr__(self, "_children",
                           np.stack([self.left, self.right], axis=1).ravel().astype(np.int64))

    @classmethod
    def from_dict(cls, d: dict[str, Any],
                  expected: tuple[str, ...] = FEATURE_NAMES) -> TreeModel:
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
            threshold_keep=float(d.get("threshold", 0.5)),
        )

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Raw score (log-odds of 'article line') per row of X."""
        n = X.shape[0]
        if n == 0 or self.roots.size == 0:
            return np.full(n, self.bias)
        # Flat gathers (np.take on a contiguous feature-major copy of X and on an
        # interleaved child table) are several times faster than 2-D fancy indexing.
        xt = np.ascontiguousarray(X.T, dtype=np.float64).ravel()
        rows = np.tile(np.arange(n, dtype=np.int64), self.roots.size)
        nodes = np.repeat(self.roots, n)
        for _ in range(self.depth):
            vals = xt.take(self._feat_off.take(nodes) * n + rows)
            # go left when x <= t (NaN goes right, as in the tree walk it replaces)
            right = ~(vals <= self.threshold.take(nodes))
            nodes = self._children.take(nodes * 2 + right)
        return self.bias + self.value.take(nodes).reshape(self.roots.size, n).sum(axis=0)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(X)))


@dataclass(frozen=True)
class LineClassifier:
    """Stage 1 judges each line on its own features; stage 2 re-judges it knowing
    stage 1's verdicts on its neighbours (features.stage2_features)."""

    stage1: TreeModel
    stage2: TreeModel | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LineClassifier:
        if "stage1" not in d:
            return cls(TreeModel.from_dict(d))
        s2 = d.get("stage2")
        return cls(
            TreeModel.from_dict(d["stage1"]),
            TreeModel.from_dict(s2, STAGE2_FEATURE_NAMES) if s2 else None,
        )

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = self.stage1.predict_proba(X)
        if self.stage2 is None:
            return p
        return self.stage2.predict_proba(stage2_features(X, p))


def load_model_file(path: str) -> LineClassifier:
    with open(path, encoding="utf-8") as fh:
        return LineClassifier.from_dict(json.load(fh))


@lru_cache(maxsize=1)
def shipped_model() -> LineClassifier | None:
    """The model in data/line_model.json, or None while it has not been trained."""
    res = resources.files("newsclean.clean").joinpath("data/line_model.json")
    try:
        return LineClassifier.from_dict(json.loads(res.read_text("utf-8")))
    except (FileNotFoundError, ValueError, KeyError):
        return None
