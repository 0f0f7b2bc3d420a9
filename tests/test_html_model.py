"""The shipped block model: it loads, carries its attribution, matches the feature
code, and its packed trees compute what the trees say."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

import newsclean
from newsclean.html.blockmodel import (
    MODEL_FILE,
    block_model,
    page2_feature_names,
    stage1_feature_names,
)
from newsclean.html.features import PAGE_TYPES, page_feature_names
from newsclean.record import PAGE_TYPES as RECORD_PAGE_TYPES
from newsclean.trees import CHUNK_ROWS, TreeEnsemble

ATTRIBUTION = "WCXB by Murrough Foley, CC-BY-4.0"


def test_model_file_loads_and_carries_the_wcxb_attribution() -> None:
    model = block_model()
    assert model.attribution == ATTRIBUTION
    assert "CC-BY-4.0" in model.meta["licence"]
    assert model.meta["script"] == "scripts/train_block_model.py"
    # the attribution is inside the file itself, readable without newsclean
    with resources.files("newsclean.html").joinpath(MODEL_FILE).open("rb") as fh:
        raw = np.load(fh, allow_pickle=False)
        assert json.loads(str(raw["meta"]))["attribution"] == ATTRIBUTION


def test_model_matches_the_feature_code() -> None:
    model = block_model()
    assert model.stage1.feature_names == stage1_feature_names()
    assert model.page1.feature_names == tuple(page_feature_names())
    assert model.page2.feature_names == page2_feature_names()
    assert set(model.page2.classes) == set(PAGE_TYPES) == set(RECORD_PAGE_TYPES)
    assert set(model.thresholds) == set(PAGE_TYPES)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())


def test_readme_names_the_attribution() -> None:
    from pathlib import Path

    readme = Path(__file__).resolve().parents[1] / "README.md"
    assert ATTRIBUTION in readme.read_text("utf-8")


def _stump(feature: int, threshold: float, left: float, right: float) -> dict[str, list[float]]:
    return {
        "feature": [feature, -1, -1],
        "threshold": [threshold, 0.0, 0.0],
        "left": [1, -1, -1],
        "right": [2, -1, -1],
        "value": [0.0, left, right],
    }


def _ensemble(trees: list[dict[str, list[float]]], outputs: list[int], bias: list[float],
              classes: tuple[str, ...] = ()) -> TreeEnsemble:
    d: dict[str, list[float]] = {"feature": [], "threshold": [], "left": [], "right": [],
                                 "value": []}
    roots = []
    for t in trees:
        roots.append(len(d["feature"]))
        for key in d:
            d[key].extend(t[key])
    return TreeEnsemble.from_dict(
        {**d, "roots": roots, "tree_output": outputs, "bias": bias, "depth": 1,
         "feature_names": ["a", "b"], "classes": list(classes)}
    )


def test_binary_trees_add_their_leaves_to_the_bias() -> None:
    model = _ensemble([_stump(0, 0.5, -1.0, 2.0), _stump(1, 0.0, 0.25, -0.25)], [0, 0], [0.1])
    X = np.array([[0.0, -1.0], [1.0, 1.0], [0.5, 0.0]])
    assert np.allclose(model.decision(X), [0.1 - 1.0 + 0.25, 0.1 + 2.0 - 0.25, 0.1 - 1.0 + 0.25])
    assert np.allclose(model.predict_proba(X), 1 / (1 + np.exp(-model.decision(X))))


def test_multiclass_trees_add_to_their_own_class_and_softmax() -> None:
    model = _ensemble([_stump(0, 0.5, 1.0, -1.0), _stump(0, 0.5, -1.0, 1.0)], [0, 1], [0.0, 0.0],
                      ("x", "y"))
    p = model.predict_proba(np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert p.shape == (2, 2) and np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 0] > 0.8 and p[1, 1] > 0.8


def test_huge_inputs_are_scored_in_chunks_with_the_same_result() -> None:
    model = block_model().stage1
    rng = np.random.default_rng(0)
    X = rng.normal(size=(CHUNK_ROWS + 17, len(model.feature_names)))
    whole = model.decision(X)
    assert whole.shape == (X.shape[0],)
    assert np.allclose(whole[-20:], model.decision(X[-20:]))


@pytest.mark.parametrize("html", ["<p>Some text</p>", "<html><body></body></html>"])
def test_every_html_record_has_a_page_type_or_a_status(html: str) -> None:
    art = newsclean.extract(html)
    assert art.page_type in RECORD_PAGE_TYPES or art.status != "ok"


def test_text_inputs_have_no_page_type() -> None:
    art = newsclean.clean_text("The council voted on Tuesday to approve the new budget. " * 5)
    assert art.page_type is None


def test_trees_are_renumbered_breadth_first_with_children_side_by_side() -> None:
    from newsclean.trees import _breadth_first

    # tree 0 (nodes 0-4): 0 -> (1, 2), 2 -> (3, 4); tree 1 (nodes 5-7): 5 -> (6, 7).
    # Children are offsets from their tree's root; -1 marks a leaf.
    left = np.array([1, -1, 3, -1, -1, 1, -1, -1])
    right = np.array([2, -1, 4, -1, -1, 2, -1, -1])
    order, first, roots = _breadth_first(left, right, np.array([0, 5]))
    assert order.tolist() == [0, 1, 2, 3, 4, 5, 6, 7]
    assert first.tolist() == [1, 1, 3, 3, 4, 6, 6, 7]
    assert roots.tolist() == [0, 5]
    # a tree whose right branch comes first in memory is reordered level by level
    left = np.array([3, -1, -1, 1, -1])  # root 0 -> (3, 4); node 3 -> (1, 2)
    right = np.array([4, -1, -1, 2, -1])
    order, first, roots = _breadth_first(left, right, np.array([0]))
    assert order.tolist() == [0, 3, 4, 1, 2]
    assert first.tolist() == [1, 3, 2, 3, 4]
