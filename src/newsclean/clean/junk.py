"""Junk scores for any sequence of lines or blocks, for any caller.

The text cleaner uses the line model through clean/lines.py; the HTML extractor
can score the short blocks of an article container with the same model:

    from newsclean.clean.junk import junk_scores
    junk_scores(["Subscribe to keep reading", "The council voted ..."])  # P(not content)

``junk_scores`` judges each line in its document (neighbours, position,
repetition: pass the blocks in reading order, the whole container). Whether a
line is an access-wall notice is the wall scorer's question
(``newsclean.clean.wall``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsclean.clean.features import PHRASE_GROUPS
from newsclean.clean.model import LineModel, shipped_model
from newsclean.clean.phrase_scan import match_lines
from newsclean.clean.sections import section_openers
from newsclean.clean.shape import make_doc
from newsclean.text import normalise_lines


def junk_scores(lines: Sequence[str], *, model: LineModel | None = None) -> np.ndarray:
    """Probability that each line is not main content (blank lines: 1.0).

    The phrase families are part of the evidence: a line of a junk family scores
    high whatever the model would say of its form alone.
    """
    out = np.ones(len(lines))
    norm = normalise_lines([str(x).replace("\n", " ") for x in lines])
    keep = [i for i, x in enumerate(norm) if x]
    norm = [norm[i] for i in keep]
    if not norm:
        return out
    mdl = model if model is not None else shipped_model()
    hits = match_lines(norm)
    group = np.array([PHRASE_GROUPS.get(h.reason, 0) if h else 0 for h in hits], dtype=np.int64)
    opener = np.array([o is not None for o in section_openers(norm)], dtype=bool)
    p = mdl.probabilities(make_doc(norm), group, opener, np.zeros(len(norm), dtype=bool))
    out[keep] = 1.0 - p
    return out
