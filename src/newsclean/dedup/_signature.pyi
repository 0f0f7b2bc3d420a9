"""Types of the compiled dedup features (src/newsclean/dedup/_signature.c)."""

import numpy as np

def features(folded: str, shingle: int, prefix_tokens: int, a: np.ndarray, b: np.ndarray,
             /) -> tuple[bytes, int, int, int, int]: ...
def xxh64(data: bytes, /) -> int: ...
