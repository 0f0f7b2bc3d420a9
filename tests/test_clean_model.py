"""The JSON tree ensemble evaluates like the trees it was exported from."""

from __future__ import annotations

import numpy as np
import pytest

from newsclean.clean.features import FEATURE_NAMES, line_features
from newsclean.clean.model import LineClassifier, TreeModel, shipped_model

NF = len(FEATURE_NAMES)


def _stump(feature: int, thr: float, lo: float, hi: float) -> dict[str, list[float]]:
    return {"feature": [feature, -2, -2], "threshold": [thr, -2.0, -2.0],
            "left": [1, -1, -1], "right": [2, -1, -1], "value": [0.0, lo, hi]}


def test_handmade_ensemble_sums_leaves_times_learning_rate() -> None:
    d = {"feature_names": list(FEATURE_NAMES), "learning_rate": 0.5, "max_depth": 1,
         "bias": 0.25, "trees": [_stump(0, 1.0, -2.0, 2.0), _stump(3, 0.5, 1.0, -1.0)]}
    m = TreeModel.from_dict(d)
    X = np.zeros((3, NF))
    X[1, 0] = 5.0
    X[2, 3] = 1.0
    assert np.allclose(m.decision(X), [0.25 - 1.0 + 0.5, 0.25 + 1.0 + 0.5, 0.25 - 1.0 - 0.5])
    assert np.all((m.predict_proba(X) > 0) & (m.predict_proba(X) < 1))


def test_wrong_feature_set_is_rejected() -> None:
    with pytest.raises(ValueError):
        TreeModel.from_dict({"feature_names": ["a"], "learning_rate": 1, "max_depth": 1,
                             "trees": []})


@pytest.mark.slow
def test_matches_scikit_learn_on_random_data() -> None:
    sk = pytest.importorskip("sklearn.ensemble")
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_line_model as tlm

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, NF))
    y = (X[:, 0] + X[:, 5] * X[:, 7] > 0).astype(int)
    doc = tlm.DocData("s", [], None, X, y, np.ones(len(y)))
    d = tlm.fit([doc], max_iter=20, max_depth=3)
    ours = TreeModel.from_dict(d).predict_proba(X)
    clf = sk.HistGradientBoostingClassifier(
        max_iter=20, max_depth=3, max_leaf_nodes=24, learning_rate=0.1, l2_regularization=1.0,
        min_samples_leaf=40, early_stopping=False, random_state=tlm.SEED)
    clf.fit(X, y, sample_weight=np.ones(len(y)))
    assert np.allclose(ours, clf.predict_proba(X)[:, 1], atol=1e-4)


def test_shipped_model_loads_and_separates_prose_from_menus() -> None:
    m = shipped_model()
    assert m is not None
    menu = ["Home", "World", "Politics", "Business", "Tech", "Sport", "Contact", "About"]
    prose = [
        "The council voted on Thursday to keep the ferry running for another decade, "
        "after months of protests by residents who depend on it to reach work.",
        "The operator said the repairs would begin in the autumn, when fewer people "
        "travel, and that the service would not be interrupted.",
        "Two councillors voted against the plan, arguing that the money should go to "
        "the bus link instead.",
    ]
    p = m.predict_proba(line_features(menu + prose + menu))
    menu_p = np.concatenate([p[: len(menu)], p[len(menu) + len(prose) :]])
    prose_p = p[len(menu) : len(menu) + len(prose)]
    # the menu item next to the prose shares some of its context; the rest are sure
    assert np.median(menu_p) < 0.1
    assert prose_p.mean() > menu_p.max() + 0.1
    assert prose_p.mean() > 0.5


def test_two_stage_classifier_uses_stage_two_on_stage_one_output() -> None:
    from newsclean.clean.features import STAGE2_FEATURE_NAMES

    s1 = {"feature_names": list(FEATURE_NAMES), "learning_rate": 1.0, "max_depth": 1,
          "trees": [_stump(0, 1.0, -3.0, 3.0)]}
    # stage 2 flips stage 1: keeps what stage 1 rejected (p below 0.5)
    p_col = STAGE2_FEATURE_NAMES.index("p")
    s2 = {"feature_names": list(STAGE2_FEATURE_NAMES), "learning_rate": 1.0, "max_depth": 1,
          "trees": [_stump(p_col, 0.5, 2.0, -2.0)]}
    clf = LineClassifier.from_dict({"stage1": s1, "stage2": s2})
    X = np.zeros((2, NF))
    X[1, 0] = 5.0
    p = clf.predict_proba(X)
    assert p[0] > 0.5 > p[1]
    assert LineClassifier.from_dict(s1).stage2 is None
