"""Is a text already an extraction? Its prose lines, its edges, and the learned verdict.

Text that an extractor already pulled out of a page (trafilatura's output, a
reader view, newsclean's own HTML path) is cleaned recall first; a whole page's
text (html-text, a browser's select-all) with its menus and footers is cleaned
harder. A listing's or a forum's extraction holds little prose, so a rule on
the share of prose alone took most of them for whole pages and cut their items
(scripts/train_line_model.py: the rule recognised 32% of trafilatura's outputs
of the wcxb-dev train pages, the learned verdict 96%, out of fold). The verdict
is a small tree ensemble over the text's shape as a whole: how much of it is
prose and where that prose starts and ends, how much the phrase families
recognise as furniture, whether the headline is repeated, and how sure the line
model is of its lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsclean.clean import charclass as cc
from newsclean.clean.shape import Doc, make_doc, unmarked_prose_end

# Lines of at least this many words ending with a sentence mark are prose.
PROSE_WORDS = 12
# A sentence ends with a sentence-final mark of any script the line model's
# shape features read (clean/charclass.py: the danda, the Arabic question mark,
# the Ethiopic full stop...) or with a closing quote or parenthesis. The other
# closers the shape features know ("]", "」", "›"...) end a label or a link as
# often ("[Video]", "アプリ「フリーWi-Fiプロテクション」", "Learn more ›"): counted
# here, out of fold on wcxb-dev train, whole-page F1 moved -0.00003 and the
# seed-like texts lost junk lines removed.
_PROSE_ENDS = cc.TERMINAL_CHARS + "\"'”’»)"
# _PROSE_ENDS as a table over the code points up to U+FFFF (all of them are below)
_PROSE_END_TABLE = np.zeros(0x10000, dtype=bool)
_PROSE_END_TABLE[[ord(c) for c in _PROSE_ENDS]] = True
# A line of at most this many words counts as a label here (a menu item, a
# heading, a date), whatever its last mark (lines.LABEL_WORDS, 4 words without a
# sentence mark, is the rule that removes labels above a headline).
SHORT_LABEL_WORDS = 3
# The phrase groups (features.PHRASE_GROUPS) whose share of lines is a feature
# of its own: comment sections, navigation and page-footer furniture.
COMMENT_GROUP, NAVIGATION_GROUP, FOOTER_GROUP = 2, 3, 5

EXTRACTION_FEATURE_NAMES: tuple[str, ...] = (
    "prose_char_share",
    "log_lines",
    "label_share",
    "log_labels",
    "phrase_share",
    "navigation_share",
    "footer_share",
    "comment_share",
    "title_copy",
    "first_prose_at",
    "last_prose_from_end",
    "log_lines_before_prose",
    "log_lines_after_prose",
    "p_mean",
    "p_low_share",
    "p_char_mean",
    "median_words",
    "prose_line_share",
)
# The column of EXTRACTION_FEATURE_NAMES the prose rule reads.
PROSE_SHARE = EXTRACTION_FEATURE_NAMES.index("prose_char_share")
# Below this line probability a line is one the model doubts.
P_LOW = 0.2
# Text with at least this share of its characters in prose lines is an extraction
# whatever the verdict says: an article's paragraphs with a scraper's leftovers
# around them (the example, a text seed), which the verdict, fitted on
# trafilatura's outputs against whole pages, never saw. Judged by the verdict
# alone, such texts lost article lines to the whole-page threshold (seed-like
# texts by a model fitted without their domains: article lines kept 0.991 ->
# 0.977). 0.9 is the cut cross-validation chose when this rule stood alone.
PROSE_EXTRACTED = 0.9


def prose_lines(norm: Sequence[str], doc: Doc | None = None,
                words: np.ndarray | None = None) -> np.ndarray:
    """Which lines are prose (many words, a sentence end; in Thai and Lao, many
    more words and no end); ``doc`` is
    make_doc(norm) and ``words`` its lines' Doc.word_equivalents, when the
    caller has them. Words are counted in scripts without spaces too: by
    whitespace alone, no paragraph of Chinese or Japanese was prose, and the
    edges of an extraction in those scripts were never found."""
    if not norm:
        return np.zeros(0, dtype=bool)
    if doc is None:
        doc = make_doc(list(norm))
    if words is None:
        words = doc.word_equivalents()
    last = doc.last_codes()
    return ((words >= PROSE_WORDS) & _PROSE_END_TABLE.take(np.minimum(last, 0xFFFF))) | \
        unmarked_prose_end(last, words)


def _char_share(chars: np.ndarray, weights: np.ndarray) -> float:
    """Mean of ``weights`` over the lines, each line counted by its characters."""
    return float((chars * weights).sum()) / max(1.0, float(chars.sum()))


def prose_share(norm: Sequence[str], prose: np.ndarray | None = None) -> float:
    """Share of the characters that are in prose lines (many words, a sentence
    end); ``prose`` is ``prose_lines(norm)`` when the caller has it."""
    if prose is None:
        prose = prose_lines(norm)
    return _char_share(np.fromiter(map(len, norm), dtype=np.float64, count=len(norm)), prose)


def mostly_prose(features: np.ndarray) -> np.ndarray:
    """Per row of extraction features: is the text mostly prose (PROSE_EXTRACTED),
    an extraction whatever the verdict?"""
    return features[:, PROSE_SHARE] >= PROSE_EXTRACTED


def edges_apart(prose_char_share: float, params: dict[str, float]) -> bool:
    """Whether the lines around an extraction's prose are judged apart (``t_edge``,
    ``t_far``): when at least ``edge_prose`` of its characters are in prose lines
    (chosen with the thresholds; PROSE_EXTRACTED in model files without it). In
    a listing's or a thread's extraction, with less prose, those lines are its
    items."""
    return prose_char_share >= params.get("edge_prose", PROSE_EXTRACTED)


def edge_distance(norm: Sequence[str], prose: np.ndarray | None = None) -> np.ndarray:
    """How many lines each line lies before the first prose line or after the
    last one: 0 from the first prose line to the last, 1 for the lines next to
    them, and so on; 1 for every line of a text without prose."""
    at = np.flatnonzero(prose_lines(norm) if prose is None else prose)
    n = len(norm)
    if not at.size:
        return np.ones(n, dtype=np.int64)
    i = np.arange(n, dtype=np.int64)
    first, last = int(at[0]), int(at[-1])
    return np.where(i < first, first - i, np.where(i > last, i - last, 0))


def extraction_features(norm: Sequence[str], prose: np.ndarray, phrase_group: np.ndarray,
                        title_dup: np.ndarray, probs: np.ndarray,
                        words: np.ndarray | None = None) -> np.ndarray:
    """One row of EXTRACTION_FEATURE_NAMES for a text of at least one line:
    ``prose`` is prose_lines(norm), ``phrase_group`` and ``title_dup`` the
    evidence clean_blocks gathered, ``probs`` the line model's probabilities,
    ``words`` the lines' word counts when the caller has them."""
    n = len(norm)
    chars = np.fromiter(map(len, norm), dtype=np.float64, count=n)
    if words is None:
        words = np.fromiter((len(x.split()) for x in norm), dtype=np.int64, count=n)
    words = words.astype(np.float64)
    labels = words <= SHORT_LABEL_WORDS
    at = np.flatnonzero(prose)
    before = int(at[0]) if at.size else n
    after = n - 1 - int(at[-1]) if at.size else n
    row = [
        _char_share(chars, prose),
        np.log1p(n),
        float(labels.mean()),
        np.log1p(float(labels.sum())),
        float((phrase_group > 0).mean()),
        float((phrase_group == NAVIGATION_GROUP).mean()),
        float((phrase_group == FOOTER_GROUP).mean()),
        float((phrase_group == COMMENT_GROUP).mean()),
        float(title_dup.any()),
        before / n if at.size else 1.0,
        after / n if at.size else 1.0,
        np.log1p(before),
        np.log1p(after),
        float(probs.mean()),
        float((probs < P_LOW).mean()),
        _char_share(chars, probs),
        float(np.median(words)),
        float(prose.mean()),
    ]
    return np.array([row], dtype=np.float64)
