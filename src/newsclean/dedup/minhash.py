"""Per-document dedup features: normalised text hash and MinHash signature.

These are the worker-side half of deduplication: plain functions over one text,
with small picklable results (``DedupFeatures``), so that executors can compute
them next to extraction and ship only ~600 bytes per document to the corpus
index (``clusters.DedupIndex``).

Signatures use 2-universal multiply-shift hashing, one row per permutation.
``dedup_features`` computes them in C (``_signature.c``: tokens, XXH64, shingles
and minima in one walk over the text); the numpy functions below
(``tokens``, ``shingle_hashes``, ``minhash``) are its twin, the same values to
the bit (tests/test_dedup_signature.py), and ~20x faster than datasketch's
per-document update loop themselves (see benchmarks/dedup.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import xxhash

from newsclean.dedup._signature import features as _features

NUM_PERM: Final = 128
"""Signature length. 128 x 32-bit values = 512 bytes per document."""

SHINGLE: Final = 5
"""Word n-gram size. 5-grams keep unrelated news articles at Jaccard ~0 while a
copy with 3% of its words changed still has Jaccard ~0.75."""

PREFIX_TOKENS: Final = 24
"""Words hashed into ``prefix_key``: an extra LSH band that makes a truncated copy
(first paragraphs + a wall notice) a candidate even when its Jaccard is ~0.25."""

_SEED: Final = 0x6E657773636C65  # fixed: signatures must agree across workers and runs
# Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar): one token
# per character, otherwise a whole sentence would be one "word" and shingles of
# five sentences would miss every near-duplicate. Other scripts: \w+ words.
_NOSPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_TOKEN = re.compile(f"[{_NOSPACE}]|[^\\W{_NOSPACE}]+", re.UNICODE)
_MASK32: Final = np.uint64(0xFFFFFFFF)
_SHIFT32: Final = np.uint64(32)
_CHUNK: Final = 4096  # shingles per block: bounds memory to CHUNK x NUM_PERM x 8 bytes


def _perm_params(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(_SEED))
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a.reshape(-1, 1), b.reshape(-1, 1)


_PARAMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _params(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The permutations' multipliers and offsets, (num_perm, 1) uint64 each."""
    if num_perm not in _PARAMS:
        _PARAMS[num_perm] = _perm_params(num_perm)
    return _PARAMS[num_perm]


def tokens(text: str) -> list[str]:
    """Word tokens (characters in scripts without spaces), case-folded: the unit of
    shingles and of the length guards."""
    return _TOKEN.findall(text.casefold())


def exact_key(text: str) -> int:
    """Hash of the text with case, punctuation and whitespace folded (signed int64).

    Two texts get the same key when they have the same words in the same order,
    so copies differing only in quotes style, spacing or line breaks match.
    """
    return xxhash.xxh64_intdigest(" ".join(tokens(text)).encode()) - (1 << 63)


def shingle_hashes(toks: list[str], shingle: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``shingle``-grams (all tokens if shorter)."""
    if not toks:
        return np.empty(0, dtype=np.uint64)
    th = np.fromiter(
        (xxhash.xxh64_intdigest(t.encode()) for t in toks), dtype=np.uint64, count=len(toks)
    )
    k = min(shingle, len(toks))
    n = len(toks) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    mult = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for j in range(k):
            # polynomial combination keeps word order; wraps mod 2**64 by design
            h = h * mult + th[j : j + n]
        # fold to 32 bits: the multiply-shift family below is universal on 32-bit keys
        h = (h >> _SHIFT32) ^ (h & _MASK32)
    return np.unique(h)


def minhash(hashes: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signature (uint32[num_perm]) of a set of 32-bit shingle hashes."""
    a, b = _params(num_perm)
    sig = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(hashes), _CHUNK):
            v = a * hashes[start : start + _CHUNK].reshape(1, -1)
            v += b
            v >>= _SHIFT32
            np.minimum(sig, v.min(axis=1), out=sig)
    return sig.astype(np.uint32)


def minhash_signature(text: str, num_perm: int = NUM_PERM, shingle: int = SHINGLE) -> np.ndarray:
    """MinHash signature of a text's word shingles (uint32[num_perm])."""
    a, b = _params(num_perm)
    sig = _features(text.casefold(), shingle, 0, a.ravel(), b.ravel())[0]
    return np.frombuffer(sig, dtype="<u4").astype(np.uint32)


@dataclass(frozen=True, slots=True)
class DedupFeatures:
    """What deduplication needs from one document (picklable, ~550 bytes)."""

    exact_key: int
    prefix_key: int  # hash of the first PREFIX_TOKENS words: truncated copies share it
    n_tokens: int
    n_shingles: int
    signature: bytes  # uint32[NUM_PERM], little endian


def dedup_features(text: str, num_perm: int = NUM_PERM, shingle: int = SHINGLE) -> DedupFeatures:
    """Compute the dedup features of one article text. Never raises on str input."""
    a, b = _params(num_perm)
    sig, n_tokens, n_shingles, key, prefix = _features(
        (text or "").casefold(), shingle, PREFIX_TOKENS, a.ravel(), b.ravel()
    )
    return DedupFeatures(key, prefix, n_tokens, n_shingles, sig)


def dedup_features_numpy(text: str, num_perm: int = NUM_PERM,
                         shingle: int = SHINGLE) -> DedupFeatures:
    """``dedup_features`` by the regex and numpy functions above: its twin,
    slower (the reference the compiled path is tested against)."""
    toks = tokens(text or "")
    sh = shingle_hashes(toks, shingle)
    sig = minhash(sh, num_perm)
    key = xxhash.xxh64_intdigest(" ".join(toks).encode()) - (1 << 63)
    prefix = xxhash.xxh64_intdigest(" ".join(toks[:PREFIX_TOKENS]).encode()) - (1 << 63)
    return DedupFeatures(key, prefix, len(toks), int(sh.size), sig.astype("<u4").tobytes())


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Row-wise Jaccard estimates of two (n, num_perm) signature matrices."""
    return np.asarray((sig_a == sig_b).mean(axis=-1), dtype=np.float64)


def containment_estimate(
    jaccard: np.ndarray, size_small: np.ndarray, size_large: np.ndarray
) -> np.ndarray:
    """|A∩B| / |A| for the smaller set A, from the Jaccard estimate and set sizes.

    |A∩B| = J (|A| + |B|) / (1 + J); exact when J is exact, and the error of J
    (sd ~ sqrt(J(1-J)/num_perm)) scales by (|A|+|B|)/|A|, hence the Jaccard floor
    that ``clusters`` requires before trusting it.
    """
    small = np.maximum(size_small.astype(np.float64), 1.0)
    inter = jaccard * (small + size_large) / (1.0 + jaccard)
    return np.asarray(np.minimum(inter / small, 1.0), dtype=np.float64)
