"""Types of the compiled context columns (src/newsclean/clean/_context.c)."""

import numpy as np

def line_context(words: np.ndarray, terminal: np.ndarray, ngram: np.ndarray, caps: np.ndarray,
                 phrase: np.ndarray, familiar: np.ndarray, chars: np.ndarray, total: float,
                 short_below: float, out: np.ndarray, /) -> None: ...
def stage2_context(p: np.ndarray, weights: np.ndarray, center: float, total: float,
                   out: np.ndarray, /) -> None: ...
