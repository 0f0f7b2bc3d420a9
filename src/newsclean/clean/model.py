"""The shipped line model (data/line_model.npz): n-gram scorers and two tree stages.

Inference needs no scikit-learn (numpy, and the two C modules newsclean/_treewalk.c
and clean/_ngramsums.c). One NPZ file holds every array:

* ``ngram_*``: the hashed character n-gram weights of the article-vs-junk logistic
  regression (clean/ngrams.py), stored as int8 with one scale;
* ``seen3``: one bit per bucket, set for the 3-grams seen in at least two
  training documents (the line's familiarity, clean/ngrams.py);
* ``s1.*`` / ``s2.*``: the two gradient-boosted tree stages, as
  ``newsclean.trees`` stores an ensemble (the block model's trees are evaluated
  by the same code); each stage is bagged, the mean log-odds of three fits on
  different samples of the training sites, stored as one ensemble whose leaves
  carry a third of their values;
* ``ex.*``: the trees that tell an extraction from a whole page's text
  (clean/extraction.py), over the text's shape and the stages' verdicts;
* ``meta``: a JSON string with feature names, the decoding thresholds, the data it
  was trained on and its attribution (WCXB by Murrough Foley, CC-BY-4.0).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from newsclean.clean.extraction import EXTRACTION_FEATURE_NAMES, PROSE_SHARE, mostly_prose
from newsclean.clean.features import (
    FEATURE_NAMES,
    STAGE2_FEATURE_NAMES,
    line_features,
    stage2_features,
)
from newsclean.clean.ngrams import (
    LineSums,
    NgramIndex,
    line_sums,
    linear_scores,
    ngram_index,
)
from newsclean.clean.shape import Doc
from newsclean.trees import TreeEnsemble, ensemble_arrays, ensemble_from_arrays


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

    def sums(self, doc: Doc, seen: np.ndarray) -> LineSums:
        """The weights' sums and the familiarity counts of each line of ``doc``,
        in one compiled pass (``logits`` and ngrams.familiarity give the same
        numbers from an index)."""
        return line_sums(doc, self.orders, self.bits, self._q, seen)

    def logits_of(self, sums: LineSums) -> np.ndarray:
        """``logits`` from ``sums``."""
        return self.bias + self._scale * sums.linear()

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


@dataclass(frozen=True)
class LineModel:
    ngram: NgramScorer
    seen3: np.ndarray  # bool per bucket: 3-grams of the training documents
    stage1: TreeEnsemble
    stage2: TreeEnsemble
    meta: dict[str, Any]
    # None in a model file older than the learned verdict: the prose-share rule
    extraction: TreeEnsemble | None = None

    @property
    def params(self) -> dict[str, float]:
        """The decoding thresholds chosen by cross-validation (clean/lines.py)."""
        return dict(self.meta["params"])

    def scores(self, doc: Doc, phrase_group: np.ndarray, opener: np.ndarray,
               title_dup: np.ndarray, lower: Sequence[str] | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(probability that each line of ``doc`` is main content, the line's
        familiarity: how much of it is like the training text); ``lower`` is
        the lines case-folded, when the caller has them."""
        if doc.n == 0:
            return np.zeros(0), np.zeros(0)
        sums = self.ngram.sums(doc, self.seen3)
        ng = self.ngram.logits_of(sums)
        fam = sums.familiarity()
        X = line_features(doc, ng, fam, phrase_group, opener, title_dup, lower)
        p1 = self.stage1.predict_proba(X)
        return self.stage2.predict_proba(stage2_features(X, p1)), fam

    def looks_extracted(self, features: np.ndarray) -> bool:
        """Whether a text (one row of clean/extraction.py's features) is already
        an extraction, to be cleaned recall first."""
        params = self.params
        if self.extraction is None:
            return bool(features[0, PROSE_SHARE] >= params["extracted_prose_share"])
        if mostly_prose(features)[0]:
            return True
        return bool(self.extraction.predict_proba(features)[0] >= params["extracted_cut"])

    def probabilities(self, doc: Doc, phrase_group: np.ndarray, opener: np.ndarray,
                      title_dup: np.ndarray) -> np.ndarray:
        """Probability that each line of ``doc`` is main content."""
        return self.scores(doc, phrase_group, opener, title_dup)[0]

    def save(self, target: str | Path | BinaryIO) -> None:
        """Write the NPZ to a path or a binary file object."""
        arrays: dict[str, Any] = {**self.ngram.to_arrays("ngram"),
                  "seen3": np.packbits(self.seen3),
                  **ensemble_arrays("s1", self.stage1.to_dict()),
                  **ensemble_arrays("s2", self.stage2.to_dict()),
                  **(ensemble_arrays("ex", self.extraction.to_dict())
                     if self.extraction is not None else {}),
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
                stage1=ensemble_from_arrays(z, "s1", FEATURE_NAMES),
                stage2=ensemble_from_arrays(z, "s2", STAGE2_FEATURE_NAMES),
                meta=meta,
                extraction=(ensemble_from_arrays(z, "ex", EXTRACTION_FEATURE_NAMES)
                            if "ex.spec" in z.files else None),
            )


@lru_cache(maxsize=1)
def shipped_model() -> LineModel:
    """data/line_model.npz, loaded once per process."""
    res = resources.files("newsclean.clean").joinpath("data/line_model.npz")
    with res.open("rb") as fh:
        return LineModel.load(fh)
