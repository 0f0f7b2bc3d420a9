"""Types of the compiled document arrays and shape counts (src/newsclean/clean/_shapecounts.c)."""

import numpy as np

def doc_arrays(codes: np.ndarray, cls_table: np.ndarray, fold_table: np.ndarray,
               nospace_table: np.ndarray, beyond: int, cls: np.ndarray, fold: np.ndarray,
               nospace: np.ndarray, line_of: np.ndarray, /) -> None: ...
def shape_counts(codes: np.ndarray, cls: np.ndarray, nospace: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray, roles: np.ndarray, rows: np.ndarray, by_class: np.ndarray,
                 /) -> bool: ...
