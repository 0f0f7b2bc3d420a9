"""Types of the compiled tree walk (src/newsclean/_treewalk.c)."""

import numpy as np

def pack(first_child: np.ndarray, feature: np.ndarray, threshold: np.ndarray, /) -> bytes: ...
def walk(packed: bytes, value: np.ndarray, roots: np.ndarray, depth: int, x: np.ndarray,
         rows: int, leaves: np.ndarray, /) -> None: ...
