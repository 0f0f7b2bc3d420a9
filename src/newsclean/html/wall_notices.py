"""Access-wall notices recognised by their characters, in any language.

"Subscribe to keep reading", "Already a member? Log in", "Dieser Artikel ist
exklusiv für Abonnenten", "Pour lire la suite, abonnez-vous": a wall notice is a
short line whose character n-grams ("subscri", "abonn", "log in", "? sign")
are those of wall wording, however the sentence is put. A logistic model over
hashed character n-grams (orders 2 to 5 of the case-folded, NFKC-normalised
line, digits folded, with its start and end marked) scores each line;
``data/wall_model.npz`` is trained by ``scripts/train_wall_model.py`` on the
phrase tables' wall examples in 18 languages, wall notices found on the
training pages and composed variants, against article lines and other page
furniture (WCXB by Murrough Foley, CC-BY-4.0, and the older sets).

All lines of a page are scored in one pass: one code-point array, one rolling
hash per order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

ORDERS: tuple[int, ...] = (2, 3, 4, 5)
BITS = 17
# Only short lines are notices; longer text is prose that may mention subscribers.
MAX_CHARS = 300
# A notice is a sentence: a label of a word or two ("Loading...", "JavaScript")
# carries too few n-grams to judge.
MIN_WORDS = 3
_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_START, _END, _GAP = 2, 3, 0


def normalise(text: str) -> str:
    """NFKC, case-folded, single spaces, digits as 0 ("3 articles" = "5 articles")."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return "".join("0" if ch.isdigit() else ch for ch in text)


def ngram_index(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, bucket) of every character n-gram of every text."""
    parts: list[str] = []
    for t in texts:
        parts.append(f"\x02{normalise(t)[:MAX_CHARS]}\x03\x00")
    joined = "".join(parts)
    if not joined:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    gap = codes == _GAP
    owner = np.cumsum(gap) - gap  # text index of each position
    gaps_before = np.concatenate([[0], np.cumsum(gap)])
    size = codes.shape[0]
    lines_out: list[np.ndarray] = []
    buckets_out: list[np.ndarray] = []
    shift = np.uint64(64 - BITS)
    with np.errstate(over="ignore"):
        for n in ORDERS:
            m = size - n + 1
            if m <= 0:
                continue
            h = np.full(m, np.uint64(n * 0x9E3779B1), dtype=np.uint64)
            for k in range(n):
                h = h * _PRIME + codes[k : k + m]
            pos = np.arange(m)
            ok = gaps_before[pos + n] - gaps_before[pos] == 0
            h = h[ok]
            h ^= h >> np.uint64(33)
            h *= _MIX
            h ^= h >> np.uint64(29)
            lines_out.append(owner[pos[ok]].astype(np.int64))
            buckets_out.append((h >> shift).astype(np.int64))
    return np.concatenate(lines_out), np.concatenate(buckets_out)


def ngram_values(line_idx: np.ndarray, n_texts: int) -> np.ndarray:
    """Each n-gram's feature value: 1 / sqrt(the number of n-grams of its text)."""
    counts = np.bincount(line_idx, minlength=n_texts).astype(np.float64)
    norms = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    return np.asarray(norms[line_idx])


@dataclass(frozen=True, slots=True)
class WallModel:
    weights: np.ndarray
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def model() -> WallModel:
    path = resources.files("newsclean.html").joinpath("data/wall_model.npz")
    with path.open("rb") as fh, np.load(fh) as data:
        if int(data["bits"]) != BITS or tuple(int(x) for x in data["orders"]) != ORDERS:
            raise ValueError("data/wall_model.npz was trained on other n-grams; retrain it")
        return WallModel(
            data["weights"].astype(np.float64),
            float(data["bias"]),
            float(data["threshold"]),
        )


def wall_scores(texts: Sequence[str]) -> np.ndarray:
    """The model's score of each text (higher: more like a wall notice)."""
    m = model()
    idx, buckets = ngram_index(texts)
    values = ngram_values(idx, len(texts)) * m.weights[buckets]
    return m.bias + np.bincount(idx, weights=values, minlength=len(texts))


def wall_lines(texts: Sequence[str]) -> list[bool]:
    """Which texts are access-wall notices: short sentences scored above the
    threshold chosen in training."""
    short = [i for i, t in enumerate(texts) if len(t) <= MAX_CHARS and len(t.split()) >= MIN_WORDS]
    out = [False] * len(texts)
    if not short:
        return out
    scores = wall_scores([texts[i] for i in short])
    threshold = model().threshold
    for i, s in zip(short, scores, strict=True):
        out[i] = bool(s >= threshold)
    return out
