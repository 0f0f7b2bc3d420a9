"""Types of the compiled level passes (src/newsclean/html/_levels.c)."""

import numpy as np

def levels_pass(op: int, down: bool, parent: np.ndarray, order: np.ndarray, bounds: np.ndarray,
                values: np.ndarray, /) -> None: ...
