"""The compiled context columns (clean/_context.c) are their numpy twins', bit for
bit: on the lines of real pages of many languages, on documents of one, two and
three lines (windows wider than the document), on runs of short lines at both
ends, on ties for the longest line and the best span, on random values; a wrong
call raises instead of reading or writing out of bounds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean.clean.model as model_module
from newsclean.clean import _context
from newsclean.clean import features as F
from newsclean.clean.article import clean_article
from newsclean.clean.shape import Doc
from newsclean.options import Options

ROOT = Path(__file__).resolve().parent.parent
SHORT = F._SHORT_BELOW
N_LINE_ROWS = F.DOCUMENT_ROWS


def _line_context(lw: np.ndarray, term: np.ndarray, ngram: np.ndarray, caps: np.ndarray,
                  phrase: np.ndarray, familiar: np.ndarray, chars: np.ndarray) -> np.ndarray:
    n = lw.size
    total = max(1.0, float(chars.sum()))
    out = np.full((len(F.CONTEXT_NAMES), n), -7.0)
    _context.line_context(lw, term, ngram, caps, phrase, familiar, chars, total, SHORT, out)
    # the rows left to the caller stay untouched
    assert (out[N_LINE_ROWS:] == -7.0).all()
    runs = out[F.CONTEXT_NAMES.index("short_run")]
    np.log1p(runs, out=runs)
    return out[:N_LINE_ROWS]


Columns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                np.ndarray]


def _twin_lines(cols: Columns) -> None:
    want = F._line_context_numpy(*cols, max(1.0, float(cols[-1].sum())))
    np.testing.assert_array_equal(_line_context(*cols), want)


def _twin_stage2(p: np.ndarray, weights: np.ndarray) -> None:
    n = p.size
    out = np.full((len(F.STAGE2_NAMES), n), -7.0)
    total = max(1e-9, float((p * weights).sum()))
    _context.stage2_context(p, weights, F.SPAN_CENTER, total, out)
    mean_row = F.STAGE2_NAMES.index("p_doc_mean")
    assert (out[mean_row] == -7.0).all()
    out[mean_row] = float(p.mean())
    np.testing.assert_array_equal(out, F._stage2_numpy(p, weights))


def _columns(lw: list[float], chars: list[float] | None = None, seed: int = 0) -> Columns:
    rng = np.random.default_rng(seed)
    n = len(lw)
    return (np.array(lw, dtype=np.float64), rng.choice([0.0, 0.5, 1.0], n), rng.normal(size=n),
            rng.random(n), rng.choice([0.0, 1.0], n), rng.random(n),
            np.array(chars if chars is not None else [round(np.expm1(x)) * 6 for x in lw],
                     dtype=np.float64))


@pytest.mark.parametrize("lw", [
    [2.0], [0.5, 3.0], [0.5, 0.5, 0.5], [3.0, 0.5, 0.5], [0.5, 0.5, 3.0, 3.0, 0.5],
    [0.0] * 40, [3.0] * 40, [SHORT, SHORT - 1e-12, SHORT + 1e-12, 0.0],
])
def test_line_context_is_the_numpy_twins_on_small_documents(lw: list[float]) -> None:
    _twin_lines(_columns(lw))


def test_the_first_of_tied_longest_lines_is_the_reference_point() -> None:
    cols = _columns([1.0, 2.0, 2.0, 1.0, 2.0], chars=[10, 40, 40, 10, 40])
    _twin_lines(cols)
    got = _line_context(*cols)
    assert got[F.CONTEXT_NAMES.index("dist_longest")].tolist() == [0.2, 0.0, 0.2, 0.4, 0.6]


@pytest.mark.parametrize("p", [
    [0.9], [0.1], [0.1, 0.9], [0.4, 0.4, 0.4], [0.9, 0.1, 0.9, 0.1, 0.9],
    [0.1, 0.9, 0.8, 0.2, 0.9, 0.1, 0.1], [0.0] * 30, [1.0] * 30,
])
def test_stage2_context_is_the_numpy_twins_on_small_documents(p: list[float]) -> None:
    arr = np.array(p)
    _twin_stage2(arr, np.linspace(1.0, 4.0, arr.size))
    _twin_stage2(arr, np.ones(arr.size))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 6, allow_nan=False), min_size=1, max_size=120), st.integers(0, 99))
def test_line_context_is_the_numpy_twins_on_random_values(lw: list[float], seed: int) -> None:
    _twin_lines(_columns(lw, seed=seed))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=120),
       st.lists(st.floats(1, 8, allow_nan=False), min_size=120, max_size=120))
def test_stage2_context_is_the_numpy_twins_on_random_values(p: list[float], w: list[float]) -> None:
    _twin_stage2(np.array(p), np.array(w[: len(p)]))


def _texts() -> list[str]:
    """Pages as scrapers leave them: each sample article (six languages) with
    the junk lines of the phrase cases (24 languages) above and below it, and
    the issue's example."""
    from test_clean_article import example_text

    cases = json.loads((ROOT / "tests/data/phrase_cases.json").read_text())
    junk = [j[0] for lang in cases.values() if isinstance(lang, dict) for j in lang["junk"]]
    texts = [example_text()]
    for k, article in enumerate(json.loads((ROOT / "sample/articles.json").read_text())):
        around = junk[k * 12 : k * 12 + 12]
        texts.append("\n".join([*around[:6], article["title"], *article["paragraphs"],
                                *around[6:]]))
    return texts


def test_the_columns_of_real_pages_are_the_numpy_twins(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[np.ndarray, ...]] = []
    stage2_calls: list[tuple[np.ndarray, np.ndarray]] = []
    line_features, stage2_features = model_module.line_features, model_module.stage2_features

    def spy(doc: Doc, ngram: np.ndarray, familiar: np.ndarray, phrase_group: np.ndarray,
            *rest: object) -> np.ndarray:
        X = line_features(doc, ngram, familiar, phrase_group, *rest)  # type: ignore[arg-type]
        calls.append((X, doc.ends - doc.starts, ngram * familiar, familiar, phrase_group))
        return X

    def spy2(X: np.ndarray, p: np.ndarray) -> np.ndarray:
        stage2_calls.append((X, p))
        return stage2_features(X, p)

    monkeypatch.setattr(model_module, "line_features", spy)
    monkeypatch.setattr(model_module, "stage2_features", spy2)
    texts = _texts()
    for text in texts:
        clean_article(text, options=Options())
    assert len(calls) == len(stage2_calls) == len(texts)
    col = {n: i for i, n in enumerate(F.FEATURE_NAMES)}
    for X, spans, ngram, familiar, phrase_group in calls:
        chars = spans.astype(np.float64)
        cols = (np.ascontiguousarray(X[:, col["log_words"]]),
                np.ascontiguousarray(X[:, col["terminal_end"]]), ngram,
                np.ascontiguousarray(X[:, col["capitalised_share"]]),
                (phrase_group > 0).astype(np.float64), familiar, chars)
        want = F._line_context_numpy(*cols, max(1.0, float(chars.sum())))
        got = X[:, len(F.SHAPE_NAMES) + len(F.EVIDENCE_NAMES):].T[:N_LINE_ROWS]
        np.testing.assert_array_equal(got, want)
        _twin_lines(cols)
    for X, p in stage2_calls:
        _twin_stage2(p, X[:, col["log_words"]] + 1.0)


def test_wrong_calls_raise() -> None:
    a = np.zeros(5)
    out = np.zeros((len(F.CONTEXT_NAMES), 5))
    with pytest.raises(ValueError, match="wrong length"):
        _context.line_context(a, a, a, a, a, a, np.zeros(4), 1.0, SHORT, out)
    with pytest.raises(ValueError, match="wrong length"):
        _context.line_context(a, a, a, a, a, a, a, 1.0, SHORT, np.zeros((3, 5)))
    with pytest.raises(TypeError, match="wrong array type"):
        _context.line_context(a, a, a, a, a, a, np.zeros(5, dtype=np.float32), 1.0, SHORT, out)
    with pytest.raises((TypeError, BufferError, ValueError)):  # not contiguous
        _context.line_context(a, a, a, a, a, a, a, 1.0, SHORT,
                              np.zeros((len(F.CONTEXT_NAMES), 10))[:, ::2])
    out2 = np.zeros((len(F.STAGE2_NAMES), 5))
    with pytest.raises(ValueError, match="wrong length"):
        _context.stage2_context(a, np.zeros(6), 0.4, 1.0, out2)
    with pytest.raises(TypeError):
        _context.stage2_context(a, a, 0.4, 1.0, out2.tolist())  # type: ignore[arg-type]
    # an empty document is no work and no error
    _context.stage2_context(np.zeros(0), np.zeros(0), 0.4, 1.0, np.zeros((len(F.STAGE2_NAMES), 0)))


def test_the_compiled_rows_are_the_feature_names_layout() -> None:
    # _context.c's row enums: rows 0-22 of 31 context columns, 17 stage-2 columns;
    # a column added to features.py's names must be added there too
    assert (F.DOCUMENT_ROWS, len(F.CONTEXT_NAMES)) == (23, 31)
    assert F.CONTEXT_NAMES[22] == "mass_before" and F.CONTEXT_NAMES[2] == "short_run"
    assert len(F.STAGE2_NAMES) == 17 and F.STAGE2_NAMES[11] == "p_doc_mean"
