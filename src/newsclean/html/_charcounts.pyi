"""Types of the compiled character-class counts (src/newsclean/html/_charcounts.c)."""

import numpy as np

def char_counts(texts: list[str], flags: np.ndarray, out: np.ndarray, /) -> None: ...
