"""Gradient-boosted tree ensembles stored as plain data.

A shipped model is a dict (JSON) of flat arrays: per node its feature, threshold,
children and leaf value, per tree its root and the output (class) it adds to.
Inference renumbers all trees together; a small C module (_treewalk.c) walks
each row down each tree, and numpy adds the leaves. The numpy walk here (every
row down every tree at once, one depth level per step) reaches the same leaves
and is the reference the tests hold the C one to. Training (scikit-learn)
happens in ``scripts/``; nothing here needs it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

# The compiled walk (src/newsclean/_treewalk.c, built by `pip install`); the numpy
# walk below gives the same scores, about half as fast, and is kept as the
# reference the tests hold the compiled one to (NEWSCLEAN_NUMPY_TREES=1 runs it).
from newsclean._treewalk import pack as _pack_nodes
from newsclean._treewalk import walk as _walk

NATIVE = not os.environ.get("NEWSCLEAN_NUMPY_TREES")

# Rows whose features a caller builds at once (memory: rows x features).
CHUNK_ROWS = 4096
# Rows walked through the trees at once: the working arrays hold rows x trees
# entries, and past about a thousand rows they fall out of the CPU's caches (a
# 3,000-block page scored whole took twice as long as in pieces of 1,024).
WALK_ROWS = 1024

# The flat arrays of an ensemble's dict (``TreeEnsemble.from_dict`` input) as a
# model file stores them, under ``<name>.<key>``; the rest is in ``<name>.spec``.
ENSEMBLE_ARRAYS = ("feature", "threshold", "left", "right", "value", "roots", "tree_output",
                   "bias")


def ensemble_arrays(name: str, d: dict[str, Any]) -> dict[str, np.ndarray]:
    """An ensemble's dict as named arrays for ``np.savez`` (indices as int32)."""
    arrays: dict[str, np.ndarray] = {}
    for key in ENSEMBLE_ARRAYS:
        dtype = np.float64 if key in ("threshold", "value", "bias") else np.int32
        default = np.zeros(len(d["roots"])) if key == "tree_output" else None
        arrays[f"{name}.{key}"] = np.asarray(d.get(key, default), dtype=dtype)
    spec = {"feature_names": list(d["feature_names"]), "classes": list(d.get("classes", [])),
            "depth": int(d["depth"])}
    arrays[f"{name}.spec"] = np.array(json.dumps(spec))
    return arrays


def ensemble_from_arrays(z: Any, name: str, expected: tuple[str, ...] | None = None
                         ) -> TreeEnsemble:
    """The ensemble ``ensemble_arrays`` stored under ``name`` in an opened NPZ."""
    d: dict[str, Any] = {key: z[f"{name}.{key}"] for key in ENSEMBLE_ARRAYS}
    d.update(json.loads(str(z[f"{name}.spec"])))
    return TreeEnsemble.from_dict(d, expected)


def _breadth_first(
    left: np.ndarray, right: np.ndarray, roots: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every tree renumbered breadth first, so that a node's two children are
    neighbours and the walk steps to first_child + (x > threshold). ``left`` and
    ``right`` are offsets from the node's tree root (-1 at a leaf). Returns the
    old index of each new node, each new node's first child (itself at a leaf)
    and the new roots. All trees are walked level by level at once (a loop per
    node took most of a fresh process's model load)."""
    level = roots.astype(np.int64)
    root_of = level.copy()
    tree_of = np.arange(roots.size, dtype=np.int64)
    nodes, trees, depths = [level], [tree_of], [np.zeros(level.size, dtype=np.int64)]
    depth = 0
    while level.size:
        inner = left[level] >= 0
        parents, base, tree_of = level[inner], root_of[inner], tree_of[inner]
        # children in parent order, each parent's left before its right
        level = np.stack([base + left[parents], base + right[parents]], axis=1).ravel()
        root_of = np.repeat(base, 2)
        tree_of = np.repeat(tree_of, 2)
        depth += 1
        nodes.append(level)
        trees.append(tree_of)
        depths.append(np.full(level.size, depth, dtype=np.int64))
    old = np.concatenate(nodes)
    # stable: within a tree and a level, the order the parents gave
    rank = np.lexsort((np.concatenate(depths), np.concatenate(trees)))
    order = old[rank]
    where = np.empty(left.size, dtype=np.int64)
    where[order] = np.arange(order.size, dtype=np.int64)
    tree_sizes = np.bincount(np.concatenate(trees), minlength=roots.size)
    starts = np.concatenate([[0], np.cumsum(tree_sizes)[:-1]]).astype(np.int64)
    root_by_new = np.repeat(roots.astype(np.int64), tree_sizes)
    lo = left[order]
    first = np.where(lo >= 0, where[root_by_new + np.maximum(lo, 0)], np.arange(order.size))
    return order, first.astype(np.int64), starts


@lru_cache(maxsize=4)
def _row_offsets(n: int, t: int) -> np.ndarray:
    """0 .. n-1 repeated t times (read-only): the row of each (tree, row) entry
    of a walk; a page's two line-model stages walk the same rows."""
    rows = np.tile(np.arange(n, dtype=np.int64), t)
    rows.setflags(write=False)
    return rows


@dataclass(frozen=True)
class TreeEnsemble:
    """Sum of regression trees per output; ``outputs`` is 1 for a binary model
    (log-odds) and the number of classes for a multi-class one (softmax)."""

    feature_names: tuple[str, ...]
    feature: np.ndarray  # (nodes,) int; leaves carry 0 and point to themselves
    threshold: np.ndarray  # (nodes,) go right when x > threshold; +inf at leaves
    first_child: np.ndarray  # (nodes,) the left child; the right one follows it; leaves: self
    value: np.ndarray  # (nodes,) leaf value (already scaled by the learning rate)
    roots: np.ndarray  # (trees,)
    tree_output: np.ndarray  # (trees,) which output each tree adds to
    bias: np.ndarray  # (outputs,)
    depth: int
    classes: tuple[str, ...] = ()
    # the nodes as the compiled walk reads them (_treewalk.pack), packed once
    _nodes: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_nodes",
                           _pack_nodes(self.first_child, self.feature, self.threshold))

    @property
    def outputs(self) -> int:
        return int(self.bias.size)

    @classmethod
    def from_dict(cls, d: dict[str, Any], expected: tuple[str, ...] | None = None) -> TreeEnsemble:
        names = tuple(str(n) for n in d["feature_names"])
        if expected is not None and names != expected:
            raise ValueError("model was trained on a different feature set")
        feature = np.asarray(d["feature"], dtype=np.int64)
        threshold = np.asarray(d["threshold"], dtype=np.float64)
        value = np.asarray(d["value"], dtype=np.float64)
        left = np.asarray(d["left"], dtype=np.int64)
        right = np.asarray(d["right"], dtype=np.int64)
        roots = np.asarray(d["roots"], dtype=np.int64)
        order, first, new_roots = _breadth_first(left, right, roots)
        leaf = left[order] < 0
        return cls(
            feature_names=names,
            feature=np.where(leaf, 0, feature[order]),
            threshold=np.where(leaf, np.inf, threshold[order]),
            first_child=first,
            value=np.where(leaf, value[order], 0.0),
            roots=new_roots,
            tree_output=np.asarray(d.get("tree_output", np.zeros(roots.size)), dtype=np.int64),
            bias=np.atleast_1d(np.asarray(d["bias"], dtype=np.float64)),
            depth=int(d["depth"]),
            classes=tuple(str(c) for c in d.get("classes", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``from_dict`` input of this ensemble (its trees as renumbered here:
        loading the result gives the same arrays)."""
        index = np.arange(self.feature.size, dtype=np.int64)
        leaf = self.first_child == index
        sizes = np.diff(np.append(self.roots, self.feature.size))
        root_of = np.repeat(self.roots, sizes)
        left = np.where(leaf, -1, self.first_child - root_of)
        return {
            "feature_names": list(self.feature_names),
            "classes": list(self.classes),
            "feature": np.where(leaf, -1, self.feature),
            "threshold": np.where(leaf, 0.0, self.threshold),
            "left": left,
            "right": np.where(leaf, -1, left + 1),
            "value": self.value.copy(),
            "roots": self.roots.copy(),
            "tree_output": self.tree_output.copy(),
            "bias": self.bias.copy(),
            "depth": self.depth,
        }

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Raw scores: (rows,) for one output, (rows, outputs) otherwise."""
        if X.shape[0] > WALK_ROWS:
            return np.concatenate(
                [self.decision(X[i : i + WALK_ROWS]) for i in range(0, X.shape[0], WALK_ROWS)]
            )
        n = X.shape[0]
        k = self.outputs
        if n == 0 or self.roots.size == 0:
            out = np.tile(self.bias, (n, 1))
            return out[:, 0] if k == 1 else out
        leaves = self._leaves(X) if NATIVE else self._numpy_leaves(X)
        if k == 1:
            return self.bias[0] + leaves.sum(axis=0)
        # Per output and row, its trees' leaves added one by one in tree order
        # from 0 (as np.add.at would, at a fraction of its cost).
        bins = (self.tree_output[:, None] * n + np.arange(n)).ravel()
        out = np.bincount(bins, weights=leaves.ravel(), minlength=k * n).reshape(k, n)
        return out.T + self.bias

    def _leaves(self, X: np.ndarray) -> np.ndarray:
        """(trees, rows): the value of the leaf each row reaches in each tree,
        by the compiled walk."""
        n = X.shape[0]
        x = np.ascontiguousarray(X.T, dtype=np.float64)
        leaves = np.empty((self.roots.size, n), dtype=np.float64)
        _walk(self._nodes, self.value, self.roots, self.depth, x, n, leaves)
        return leaves

    def _numpy_leaves(self, X: np.ndarray) -> np.ndarray:
        """``_leaves`` with numpy alone: every row down every tree at once."""
        n = X.shape[0]
        # Flat gathers on a feature-major copy of X are several times faster
        # than 2-D fancy indexing.
        features = np.ascontiguousarray(X.T, dtype=np.float64)
        xt = features.ravel()
        t = self.roots.size
        roots = self.roots
        # The first step needs no gather: every row is at its tree's root, so
        # each tree compares one whole feature row. (A leaf's threshold is
        # +inf: it stays where it is; NaN goes left.) Rows x trees, tree-major.
        go = features[self.feature[roots]] > self.threshold[roots][:, None]
        nodes = (self.first_child[roots][:, None] + go).ravel()
        rows = _row_offsets(n, t)
        # A node's first child and the offset of its feature's row in xt, in
        # one int64 (child above bit 32): one gather a step instead of two, on
        # arrays of rows x trees entries.
        packed = (self.first_child.astype(np.int64) << 32) | (self.feature * n)
        low = np.int64(0xFFFFFFFF)
        for _ in range(self.depth - 1):
            step = packed.take(nodes)
            vals = xt.take((step & low) + rows)
            nodes = (step >> 32) + (vals > self.threshold.take(nodes))
        return self.value.take(nodes).reshape(t, n)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(rows,) probability of the positive class for a binary model;
        (rows, classes) softmax for a multi-class one."""
        z = self.decision(X)
        if z.ndim == 1:
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
