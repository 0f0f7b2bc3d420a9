"""Types of the compiled n-gram sums (src/newsclean/clean/_ngramsums.c)."""

from collections.abc import Sequence

import numpy as np

def line_sums(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, orders: Sequence[int],
              bits: int, q: np.ndarray, seen: np.ndarray, seen_order: int, sums: np.ndarray,
              counts: np.ndarray, seen_total: np.ndarray, seen_hits: np.ndarray, /) -> None: ...
def text_scores(codes: np.ndarray, starts: np.ndarray, lens: np.ndarray, orders: Sequence[int],
                bits: int, weights: np.ndarray, out: np.ndarray, /) -> None: ...
