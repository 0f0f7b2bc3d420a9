"""Tree ensembles as data (newsclean.trees): both shipped models' trees are
evaluated here; it adds leaves like the trees it replaces, stores and reloads the
same arrays, scores a row as a plain node-by-node walk does, and its compiled walk
(_treewalk.c) reaches the very leaves its numpy walk reaches, or refuses a damaged
ensemble without reading out of bounds."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from newsclean.clean.model import shipped_model
from newsclean.html.blockmodel import block_model
from newsclean.trees import TreeEnsemble, ensemble_arrays, ensemble_from_arrays


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


def test_wrong_feature_set_is_rejected() -> None:
    d = _ensemble([_stump(0, 0.5, -1.0, 1.0)], [0], [0.0]).to_dict()  # features a, b
    with pytest.raises(ValueError):
        TreeEnsemble.from_dict(d, ("x", "y"))


def _shipped() -> list[TreeEnsemble]:
    blocks = block_model()
    lines = shipped_model()
    return [blocks.page1, blocks.stage1, blocks.page2, lines.stage1, lines.stage2]


@pytest.mark.parametrize("which", range(5))
def test_an_ensemble_round_trips_through_its_dict_and_its_arrays(which: int) -> None:
    model = _shipped()[which]
    again = TreeEnsemble.from_dict(model.to_dict(), model.feature_names)
    buf = io.BytesIO()
    np.savez(buf, **ensemble_arrays("m", model.to_dict()))
    buf.seek(0)
    with np.load(buf) as z:
        stored = ensemble_from_arrays(z, "m", model.feature_names)
    for other in (again, stored):
        for key in ("feature", "threshold", "first_child", "value", "roots", "tree_output",
                    "bias"):
            assert np.array_equal(getattr(other, key), getattr(model, key)), key
        assert other.depth == model.depth and other.classes == model.classes


@pytest.mark.parametrize("which", range(5))
def test_shipped_trees_score_as_a_walk_node_by_node_does(which: int) -> None:
    # the level-by-level walk of every row through every tree at once against
    # the plain one: right when x > threshold, else (NaN too) left; rows on the
    # split points
    model = _shipped()[which]
    d = model.to_dict()
    rng = np.random.default_rng(which)
    X = rng.normal(size=(30, len(model.feature_names))) * 10
    X[rng.random(X.shape) < 0.05] = np.nan
    on_split = rng.random(X.shape) < 0.3
    X[on_split] = d["threshold"][rng.integers(0, len(d["threshold"]), on_split.sum())]
    expected = np.tile(d["bias"], (len(X), 1))
    for i, row in enumerate(X):
        for root, out in zip(d["roots"].tolist(), d["tree_output"].tolist(), strict=True):
            node = root
            while d["left"][node] >= 0:
                right = row[d["feature"][node]] > d["threshold"][node]
                node = root + int(d["right"][node] if right else d["left"][node])
            expected[i, out] += d["value"][node]
    got = model.decision(X)
    assert np.allclose(got.reshape(len(X), -1), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("which", range(5))
@pytest.mark.parametrize("rows", [1, 7, 15, 16, 17, 33, 300])
def test_the_compiled_walk_reaches_the_leaves_numpy_reaches(which: int, rows: int) -> None:
    # the same leaf values, bit for bit (the sums are numpy's either way): rows
    # on split points, NaN (left), infinities, fewer and more rows than the
    # walk takes side by side (a whole block of 16, and the rows after the
    # last whole block)
    model = _shipped()[which]
    rng = np.random.default_rng(100 + which)
    thresholds = model.threshold[np.isfinite(model.threshold)]
    X = rng.choice(thresholds, size=(rows, len(model.feature_names)))
    X += rng.normal(scale=1e-3, size=X.shape) * (rng.random(X.shape) < 0.3)
    X[rng.random(X.shape) < 0.05] = np.nan
    X[rng.random(X.shape) < 0.02] = np.inf
    X[rng.random(X.shape) < 0.02] = -np.inf
    native, numpy_walk = model._leaves(X), model._numpy_leaves(X)
    assert native.shape == (model.roots.size, rows)
    assert np.array_equal(native, numpy_walk)
    # float32 rows and a Fortran-ordered copy are read as the numpy walk reads them
    for other in (X.astype(np.float32), np.asfortranarray(X)):
        assert np.array_equal(model._leaves(other), model._numpy_leaves(other))


def test_a_damaged_ensemble_raises_instead_of_reading_out_of_bounds() -> None:
    from newsclean._treewalk import pack, walk

    model = _ensemble([_stump(1, 0.5, -1.0, 2.0)], [0], [0.0])
    x = np.zeros((2, 3))  # features x rows: 2 features, 3 rows
    leaves = np.empty((1, 3))
    packed = pack(model.first_child, model.feature, model.threshold)
    walk(packed, model.value, model.roots, model.depth, x, 3, leaves)
    assert leaves.tolist() == [[-1.0, -1.0, -1.0]]
    # a child outside the nodes, a child before its parent, a negative feature
    for key, bad in (("first_child", [5, 1, 2]), ("first_child", [0, 0, 2]),
                     ("feature", [-1, 0, 0])):
        arrays = {"first_child": model.first_child, "feature": model.feature}
        arrays[key] = np.array(bad, dtype=np.int64)
        with pytest.raises(ValueError):
            pack(arrays["first_child"], arrays["feature"], model.threshold)
    # a feature past the rows' width, a root outside the nodes, shapes that disagree
    with pytest.raises(ValueError):
        walk(packed, model.value, model.roots, model.depth, np.zeros((1, 3)), 3, leaves)
    with pytest.raises(ValueError):
        walk(packed, model.value, np.array([7]), model.depth, x, 3, leaves)
    with pytest.raises(ValueError):
        walk(packed, model.value, model.roots, model.depth, x, 2, leaves)
    with pytest.raises(TypeError):
        walk(packed, model.value.astype(np.float32), model.roots, model.depth, x, 3, leaves)
    # a leaf (its own child) whose threshold some value exceeds would step past
    # the last node: refused before the walk
    nodes = np.frombuffer(packed, dtype=[("threshold", "<f8"), ("feature", "<i4"),
                                         ("first_child", "<i4")]).copy()
    assert nodes["first_child"][-1] == len(nodes) - 1
    nodes["threshold"][-1] = 0.0
    with pytest.raises(ValueError):
        walk(nodes.tobytes(), model.value, model.roots, model.depth, x + 1.0, 3, leaves)
    # whatever the bytes, every index is checked: a result or ValueError
    rng = np.random.default_rng(0)
    for _ in range(200):
        junk = rng.integers(0, 256, size=len(packed), dtype=np.uint8).tobytes()
        with contextlib.suppress(ValueError):
            walk(junk, model.value, model.roots, 4, x, 3, leaves)
