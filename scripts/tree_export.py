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


def average_ensembles(models: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One ``newsclean.trees`` ensemble whose raw score is the mean of
    ``models``' raw scores (bagging): every tree kept, its leaf values divided
    by the number of models, the biases averaged. Inference walks it as any
    other ensemble."""
    if len(models) == 1:
        return models[0]
    first = models[0]
    out: dict[str, Any] = {k: first[k] for k in ("feature_names", "classes")}
    for k in ("feature", "threshold", "left", "right", "value", "roots", "tree_output"):
        out[k] = []
    scale = 1.0 / len(models)
    for m in models:
        if m["feature_names"] != first["feature_names"] or m["classes"] != first["classes"]:
            raise ValueError("bagged models must share their features and classes")
        offset = len(out["feature"])
        out["feature"] += m["feature"]
        out["threshold"] += m["threshold"]
        out["left"] += m["left"]  # relative to their tree's root: no offset
        out["right"] += m["right"]
        out["value"] += [v * scale for v in m["value"]]
        out["roots"] += [r + offset for r in m["roots"]]
        out["tree_output"] += m["tree_output"]
    out["bias"] = [float(v) for v in np.mean([m["bias"] for m in models], axis=0)]
    out["depth"] = max(int(m["depth"]) for m in models)
    return out
