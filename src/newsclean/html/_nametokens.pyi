"""Types of the compiled class/id name words (src/newsclean/html/_nametokens.c)."""

import numpy as np

def name_tokens(raw: str, /) -> tuple[str, ...] | None: ...

def name_summaries(
    strings: list[str], scores: dict[str, float], out: np.ndarray, /
) -> list[int]: ...
