"""scikit-learn's histogram gradient-boosted trees as ``newsclean.trees`` data
(``TreeEnsemble.from_dict`` input): how both training scripts export a model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier


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
