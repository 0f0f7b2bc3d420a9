"""Features of every block of a page, for the block model and the page-type model.

Four groups, all computed with numpy over the whole page at once:

- the block's own text: kind, length, words, link density, character classes,
  sentence ends, whether the same text recurs on the page and what share of the
  page's text its copies make, whether it is the title;
- where it sits (relative to the page's running text and to the headline,
  never in absolute characters), depth, the tags above it, the chrome
  verdict of the nearest ancestor that has one (``nodes.VERDICTS``), the learned
  scores of the class/id words of its element and ancestors;
- its containers: for the ancestors 1-4 levels up, their share of the page's
  text, link density, number of blocks, and how many siblings share their tag
  and class (repeated structure: list items, posts, cards);
- the page: number of blocks, text, link density, headings, and the learned
  page-marker scores per page type.

The final page-type model also reads the learned scores of the words of the
page's text (``WORD_FEATURES``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from newsclean import record
from newsclean.clean.sections import section_openers

# The compiled scans (src/newsclean/html/_charcounts.c, built by `pip install`);
# text_stats_numpy and page_words_numpy below are their twins and the tests'
# references.
from newsclean.html._charcounts import char_counts as _char_counts
from newsclean.html._charcounts import letter_runs as _letter_runs
from newsclean.html.names import TokenTable, page_class_tokens
from newsclean.html.nodes import SUM, TAG_BITS, VERDICTS, PageTree
from newsclean.html.siblings import markup_paths, node_signatures, sibling_groups
from newsclean.html.signals import PageSignals
from newsclean.text import bmp_code_points, char_table, fold_all
from newsclean.text import fold as _fold

KINDS = ("p", "h", "li", "quote", "pre", "row", "caption")
_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
ANCESTOR_LEVELS = (1, 2, 3, 4)
PAGE_TYPES: tuple[str, ...] = tuple(record.PAGE_TYPES)

_PUNCT = frozenset(
    map(
        ord,
        "!\"#%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        "\u2013\u2014\u2026\u201c\u201d\u2018\u2019\u00ab\u00bb"
        "\u3001\u3002\uff0c\uff01\uff1f\u00b7\u2022",
    )
)
_COMMAS = frozenset(map(ord, ",\uff0c\u3001\u060c"))
_ENDS = frozenset(map(ord, ".!?\u3002\uff01\uff1f\u2026"))
_CURRENCY = frozenset(map(ord, "$\u20ac\u00a3\u00a5\u20b9\u20bd\u20a9\u20ba"))


def _lut(codes: frozenset[int]) -> np.ndarray:
    table = np.zeros(0x10000, dtype=bool)
    table[list(codes)] = True
    return table


_PUNCT_LUT = _lut(_PUNCT)
_COMMA_LUT = _lut(_COMMAS)
_END_LUT = _lut(_ENDS)
_CURRENCY_LUT = _lut(_CURRENCY)


def block_feature_names() -> list[str]:
    names = [f"kind_{k}" for k in KINDS]
    names += [
        "level",
        "log_chars",
        "log_words",
        "link_density",
        "log_link_chars",
        "digit_ratio",
        "upper_ratio",
        "nonascii_ratio",
        "punct_ratio",
        "commas_per_word",
        "sentence_ends",
        "ends_sentence",
        "mean_word_len",
        "currency",
        "log_cells",
        "repeated",
        "repeat_text_share",
        "title_match",
        "sib_text_before",
        "sib_text_after",
        "a1_text_before",
        "a1_text_after",
        "a2_text_before",
        "a2_text_after",
        "log_good_gap",
        "before_h1",
        "h1_shared_level",
        "h1_shared_up",
        "depth",
        "rel_depth",
    ]
    names += [f"in_{t}" for t in TAG_BITS]
    names += [f"verdict_{v}" for v in VERDICTS[1:]]
    names += ["verdict_distance", "guarded", "itemprop_body"]
    for k in ANCESTOR_LEVELS:
        names += [
            f"a{k}_text_share",
            f"a{k}_link_density",
            f"a{k}_log_blocks",
            f"a{k}_own_share",
            f"a{k}_good_share",
            f"a{k}_log_rep",
        ]
    names += ["own_log_rep", "max_log_rep", "rep_level", "log_path_rep", "path_text_share"]
    return names


# Columns of BaseFeatures.X.
N_BLOCK_FEATURES = len(block_feature_names())

CLASS_FEATURES = (
    *(f"cls_own_{s}" for s in ("sum", "max", "min")),
    *(f"cls_up1_{s}" for s in ("sum", "max", "min")),
    *(f"cls_up2_{s}" for s in ("sum", "max", "min")),
    "cls_chain_sum",
    "cls_chain_max",
    "cls_chain_min",
)

# Where the block stands to the page's comment thread: the block is a heading
# that opens one ("Comments", "Leave a Reply", "12 Kommentare": the section
# openers of clean/data/sections.json); it comes after the first such heading;
# and how much of the page's text lies from that heading on. Features, not a
# cut: on a forum thread the posts after such a heading are the content, and
# the model sees the page type beside them.
OPENER_FEATURES = ("opens_comments", "after_comments", "comments_text_share")


def feature_names() -> list[str]:
    """Columns of the block model's input (:meth:`PageFeatures.rows`): block,
    class-name, section-opener, page features."""
    return [*block_feature_names(), *CLASS_FEATURES, *OPENER_FEATURES, *page_feature_names()]


def opener_features(texts: Sequence[str]) -> np.ndarray:
    """(blocks, OPENER_FEATURES) of the blocks' texts in document order."""
    n = len(texts)
    out = np.zeros((n, len(OPENER_FEATURES)))
    opens = np.fromiter((r == "comments" for r in section_openers(texts)), dtype=bool, count=n)
    if not opens.any():
        return out
    first = int(np.argmax(opens))
    chars = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    out[:, 0] = opens
    out[first + 1 :, 1] = 1.0
    out[first + 1 :, 2] = chars[first:].sum() / max(float(chars.sum()), 1.0)
    return out


def page_feature_names() -> list[str]:
    names = [
        "page_log_blocks",
        "page_log_chars",
        "page_link_density",
        "page_good_share",
        "page_n_h1",
        "page_log_headings",
        "page_linked_heading_share",
        "page_log_articles",
        "page_max_log_rep",
        "page_log_rep_groups",
        "page_log_currency",
        "page_li_share",
        "page_row_share",
        "page_pre_share",
        "page_grouped_share",
        "page_top_group_share",
        "page_top_group_log_chars",
        "page_top_group_link_density",
        "page_log_groups5",
        "page_article_share",
        "page_log_time_blocks",
        "page_form_share",
        "page_table_share",
        "page_chrome_share",
        "page_comments_share",
        "page_digit_ratio",
        "page_log_long_paras",
        "page_long_para_share",
        "page_log_subheads",
        "page_log_linked_heads",
        "page_noscript_share",
    ]
    return [*names, *PAGE_TOKEN_FEATURES]


PAGE_TOKEN_FEATURES = (
    *(f"ptok_p_{t}" for t in PAGE_TYPES),
    *(f"ptok_max_{t}" for t in PAGE_TYPES),
)

WORD_FEATURES = (
    *(f"words_p_{t}" for t in PAGE_TYPES),
    *(f"words_max_{t}" for t in PAGE_TYPES),
)


# Words of letters only (no digits, no underscore), two or more.
_LETTER = r"[^\W\d_]"
_TEXT_WORD = re.compile(_LETTER + "{2,}")
# Only the beginning of a huge page's text is read for its words (a catalogue of
# megabytes says what it is long before its end): bounded time and memory.
MAX_WORD_CHARS = 100_000


def _word_text(texts: list[str]) -> str:
    """The text the page's words are read from: its blocks, one a line, lower
    case, the first ``MAX_WORD_CHARS`` characters."""
    return "\n".join(texts)[:MAX_WORD_CHARS].lower()


def page_words(texts: list[str]) -> list[str]:
    """The distinct words (lower case, letters only) of the page's blocks, read
    from the first ``MAX_WORD_CHARS`` characters of their text: what the page
    says (``reply``, ``cart``, ``said``, ``install``, ``quote``...) for the word
    table. Taken in C (``_charcounts.letter_runs``); :func:`page_words_numpy`
    gives the same words."""
    return _distinct_words(_word_text(texts))


def _distinct_words(joined: str) -> list[str]:
    words = _letter_runs(joined, char_table(_LETTER))
    return list(dict.fromkeys(_TEXT_WORD.findall(joined))) if words is None else words


def page_words_numpy(texts: list[str]) -> list[str]:
    """:func:`page_words` with numpy, the reference the tests hold it to."""
    joined = _word_text(texts)
    # ``_TEXT_WORD.findall``: the runs of two letters or more, found by numpy
    # over the code points (a fifth less time than the regex, which tests
    # every character against Unicode categories one by one).
    codes = bmp_code_points(joined)
    if codes is None:
        return list(dict.fromkeys(_TEXT_WORD.findall(joined)))
    # +1 where a run of letters starts, -1 just past its end
    edges = np.zeros(codes.size + 2, dtype=np.int8)
    edges[1:-1] = char_table(_LETTER)[codes]
    edges = np.diff(edges)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    two = ends - starts > 1
    runs = zip(starts[two].tolist(), ends[two].tolist(), strict=True)
    return list(dict.fromkeys([joined[a:b] for a, b in runs]))


@dataclass(slots=True)
class Tables:
    """The learned token tables the features read."""

    classes: TokenTable  # class/id token -> content log-odds (1 column)
    page: TokenTable  # page marker token -> per page type log-odds (PAGE_TYPES)
    words: TokenTable  # word of the page's text -> per page type log-odds (PAGE_TYPES)


# How many levels above a block the headline's container is looked for
# (_shared_level): the farthest any feature reads a block's ancestors.
SHARED_LEVEL_MAX = 8


def block_ancestors(pt: PageTree) -> np.ndarray:
    """(SHARED_LEVEL_MAX + 1, blocks): each block's element (row 0) and its
    ancestors 1 to SHARED_LEVEL_MAX levels up (the body stays the body). The
    container, class-name and headline features all read them: walked once
    per page."""
    up = np.where(pt.parent < 0, np.arange(pt.n_nodes), pt.parent)
    out = np.empty((SHARED_LEVEL_MAX + 1, pt.block_node.size), dtype=np.int64)
    out[0] = pt.block_node
    for k in range(1, SHARED_LEVEL_MAX + 1):
        np.take(up, out[k - 1], out=out[k])
    return out


_BIT = {t: i for i, t in enumerate(TAG_BITS)}
_CHROME_BITS = sum(1 << _BIT[t] for t in ("nav", "aside", "footer", "header"))


# ASCII characters that fold() turns into spaces.
_NON_ALNUM_ASCII = frozenset(c for c in map(chr, range(128)) if not c.isalnum())


def _title_match(texts: list[str], title: str | None) -> np.ndarray:
    """2 where a block is the title (folded), 1 where one holds the other."""
    ft = _fold(title) if title else ""
    if not ft:
        return np.zeros(len(texts))
    limit = 2 * len(title or "") + 40
    # Folding every block near the title's length was most of this function.
    # An ASCII block folds to its lower-case letters and digits with spaces
    # for the rest, so it can only equal or hold the title when it holds the
    # title's longest word, and only lie inside the title (10 characters or
    # more) when every letter and digit it has is in the title: the blocks
    # that can do neither are not folded (tests/test_html_model.py holds this
    # to folding them all).
    longest = max(ft.split(), key=len)
    allowed = _NON_ALNUM_ASCII.union(ft)
    near = [
        i for i, t in enumerate(texts)
        if len(t) <= limit and (not t.isascii() or longest in (low := t.lower())
                                or (len(t) >= 10 and allowed.issuperset(low)))
    ]
    return _title_scores(texts, near, ft)


def _title_scores(texts: list[str], near: list[int], ft: str) -> np.ndarray:
    """:func:`_title_match` of the blocks ``near`` (the others 0), ``ft`` the
    folded title."""
    out = np.zeros(len(texts))
    for i, fb in zip(near, fold_all([texts[i] for i in near]), strict=True):
        if fb == ft:
            out[i] = 2.0
        elif fb and len(fb) >= 10 and (fb in ft or (len(ft) >= 20 and ft in fb)):
            out[i] = 1.0
    return out


def _group_stats(
    inv: np.ndarray, counts: np.ndarray, chars: np.ndarray, links: np.ndarray, total: float
) -> list[float]:
    """Repeated markup paths (3+ blocks): share of the text in them; the biggest
    one's share, mean block length and link density; how many have 5+ blocks."""
    g_chars = np.bincount(inv, weights=chars)
    g_links = np.bincount(inv, weights=links)
    rep = counts >= 3
    if not rep.any():
        return [0.0, 0.0, 0.0, 0.0, 0.0]
    top = int(np.argmax(np.where(rep, g_chars, -1.0)))
    return [
        float(g_chars[rep].sum()) / total,
        float(g_chars[top]) / total,
        math.log1p(float(g_chars[top]) / float(counts[top])),
        float(g_links[top]) / max(float(g_chars[top]), 1.0),
        math.log1p(float(np.sum(counts >= 5))),
    ]


def _log(x: np.ndarray | float) -> np.ndarray:
    return np.log1p(np.maximum(x, 0))


def _text_gap(chars: np.ndarray, good: np.ndarray) -> np.ndarray:
    """Log characters between each block and the nearest block of running text
    (``good``): it does not grow with the length of the text itself."""
    n = chars.size
    hits = np.flatnonzero(good)
    if hits.size == 0:
        return np.full(n, _log(float(chars.sum())))
    end = np.cumsum(chars)  # characters up to and including each block
    start = end - chars
    at = np.searchsorted(hits, np.arange(n))  # first good block at or after each block
    left = hits[np.maximum(at - 1, 0)]
    right = hits[np.minimum(at, hits.size - 1)]
    gap_left = np.where(at > 0, start - end[left], np.inf)
    gap_right = np.where(at < hits.size, start[right] - end, np.inf)
    gap = np.minimum(gap_left, gap_right)
    gap[good] = 0.0
    return _log(gap)


def _shared_level(pt: PageTree, node: int, ups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first element above each block that also holds ``node`` (the
    headline's element): how many levels above the block, and how many above
    the headline. A paragraph beside the headline shares its parent (1, 1);
    comments, a sidebar or the footer after the article meet it only higher up
    the headline's side, however long the article. ``SHARED_LEVEL_MAX + 1``
    when there is no headline or further. ``ups``: :func:`block_ancestors`."""
    far = float(SHARED_LEVEL_MAX + 1)
    level = np.full(ups.shape[1], far)
    if node < 0:
        return level, level.copy()
    holds = np.zeros(pt.n_nodes, dtype=bool)
    holds[pt.ancestors(node, inclusive=True)] = True
    meets = holds[ups[1:]]  # (SHARED_LEVEL_MAX, blocks)
    met = meets.any(axis=0)
    first = meets.argmax(axis=0)  # levels above the block, less one
    level[met] = first[met] + 1.0
    meet = ups[1:][first, np.arange(ups.shape[1])]
    above = np.where(met, pt.depth[node] - pt.depth[meet], far)
    return level, np.minimum(above, far).astype(np.float64)


def _container_text_position(
    pt: PageTree,
    chars: np.ndarray,
    good: np.ndarray,
    siblings: np.ndarray,
    ups: np.ndarray,
) -> np.ndarray:
    """(6, blocks): for each block's run of siblings of the same markup
    (``siblings``: group ids) and its containers 1 and 2 levels up (``ups``:
    :func:`block_ancestors`), the share of the page's running text (``good``
    blocks) before and after them.

    Where a block sits is told by where its container sits, not by the block's
    own offset: the last paragraphs of an article longer than any training page
    sit where only footers sat, but their container holds the text, with none
    of it after. Shares, not character counts, so that nothing grows with the
    length of the text."""
    n = chars.size
    gchars = np.where(good, chars, 0.0)
    gtotal = float(gchars.sum())
    if n == 0 or gtotal <= 0:
        return np.full((6, n), 0.5)
    cum = np.cumsum(gchars)
    idx = np.arange(n)
    g_first = np.full(int(siblings.max()) + 1, n)
    g_last = np.full(g_first.size, -1)
    np.minimum.at(g_first, siblings, idx)
    np.maximum.at(g_last, siblings, idx)
    first, last = pt.block_bounds()
    # the first and last block of each run and container: (3, blocks)
    f = np.stack([g_first[siblings], first[ups[1]], first[ups[2]]])
    la = np.stack([g_last[siblings], last[ups[1]], last[ups[2]]])
    out = np.empty((6, n))
    out[0::2] = (cum[f] - gchars[f]) / gtotal
    out[1::2] = (gtotal - cum[la]) / gtotal
    return out


@dataclass(slots=True)
class PageFeatures:
    """Every feature of every block, kept in parts: the model's input rows are
    assembled a chunk at a time (:meth:`rows`), so a page of 250,000 blocks does
    not hold its whole matrix in float64 at once."""

    block: np.ndarray  # (blocks, block_feature_names()) float32, as the training set stores them
    classes: np.ndarray  # (blocks, class-name and section-opener features)
    page: np.ndarray  # (page_feature_names(),)
    words: np.ndarray  # (WORD_FEATURES,) for the final page-type model
    group: np.ndarray
    chars: np.ndarray
    siblings: np.ndarray
    """(blocks,) ``siblings.sibling_groups`` of the page (computed here already)."""
    links: np.ndarray
    """(blocks,) link characters (float64)."""
    kinds: list[str]
    """The blocks' kinds (``KINDS``): the rules after the model read them too."""
    word_share: float = 1.0
    """:func:`word_share` of the page: below the model's bar the page is typed
    without the word table's scores."""

    @property
    def n_blocks(self) -> int:
        return int(self.block.shape[0])

    def rows(self, lo: int, hi: int, extra: np.ndarray) -> np.ndarray:
        """Rows ``lo:hi`` of the model's input (``feature_names()``), then the
        columns ``extra`` gives every row alike."""
        nb, nc = self.block.shape[1], self.classes.shape[1]
        k = nb + nc + self.page.size
        X = np.empty((hi - lo, k + extra.size))
        X[:, :nb] = self.block[lo:hi]
        X[:, nb : nb + nc] = self.classes[lo:hi]
        X[:, nb + nc : k] = self.page
        X[:, k:] = extra
        return X


@dataclass(slots=True)
class BaseFeatures:
    """The features that need no learned table."""

    X: np.ndarray  # (blocks, block_feature_names())
    page: np.ndarray  # (page_feature_names() without the page-token ones,)
    group: np.ndarray  # (blocks,) id of the block's markup path (tag and class, 3 levels)
    chars: np.ndarray  # (blocks,) characters
    siblings: np.ndarray  # (blocks,) siblings.sibling_groups: same parent, tag and class
    links: np.ndarray  # (blocks,) link characters
    texts: list[str]  # the blocks' texts, for the features that read them again
    kinds: list[str]  # the blocks' kinds


# Characters counted per pass of text_stats_numpy: its working arrays take about
# 30 bytes a character (a 15 MB page whole took 460 MB), so a big page is
# counted in pieces of whole texts.
STATS_CHUNK_CHARS = 1 << 20
# The classes text_stats counts, in its keys' order (then "ends_sentence").
TEXT_CLASSES = ("digits", "upper", "lower", "nonascii", "punct", "commas", "spaces", "currency",
                "sentence_ends")
# Per BMP character, the classes char_counts reads from a table (bits 1, 2, 4, 8).
_CLASS_FLAGS = (_PUNCT_LUT * 1 + _COMMA_LUT * 2 + _CURRENCY_LUT * 4 + _END_LUT * 8).astype(np.uint8)


def text_stats(texts: list[str]) -> dict[str, np.ndarray]:
    """Character-class counts per text: ``chars``, then TEXT_CLASSES (int64) and
    ``ends_sentence`` (float64), counted in C (``_charcounts``) in one pass;
    :func:`text_stats_numpy` gives the same counts."""
    n = len(texts)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    if n == 0:
        return _empty_stats(lens)
    counts = np.empty((n, len(TEXT_CLASSES) + 1), dtype=np.int64)
    _char_counts(texts, _CLASS_FLAGS, counts)
    columns = counts.T.copy()
    out: dict[str, np.ndarray] = {"chars": lens}
    out.update(zip(TEXT_CLASSES, columns, strict=False))
    out["ends_sentence"] = columns[-1].astype(np.float64)
    return out


def _empty_stats(lens: np.ndarray) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {"chars": lens}
    for key in (*TEXT_CLASSES, "ends_sentence"):
        out[key] = np.zeros(0)
    return out


def text_stats_numpy(texts: list[str]) -> dict[str, np.ndarray]:
    """:func:`text_stats` with numpy (``_text_stats_numpy`` on runs of texts of
    about STATS_CHUNK_CHARS characters: the same counts in bounded memory), the
    reference the tests hold the compiled counts to."""
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if int(lens.sum()) <= STATS_CHUNK_CHARS:
        return _text_stats_numpy(texts)
    # a new run where the running total passes a multiple of the chunk size
    run = np.cumsum(lens) // STATS_CHUNK_CHARS
    cuts = [0, *(np.flatnonzero(np.diff(run)) + 1).tolist(), len(texts)]
    parts = [_text_stats_numpy(texts[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _text_stats_numpy(texts: list[str]) -> dict[str, np.ndarray]:
    """Character-class counts per text, in one pass over all texts."""
    n = len(texts)
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    # every text followed by its line break (counted in no class): a last text
    # that is empty still starts inside the array, as reduceat needs
    joined = "\n".join(texts) + "\n"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        starts[1:] = np.cumsum(lens[:-1] + 1)
    small = np.minimum(codes, 0xFFFF)
    cls = {
        "digits": (codes >= 48) & (codes <= 57),
        "upper": (codes >= 65) & (codes <= 90),
        "lower": (codes >= 97) & (codes <= 122),
        "nonascii": codes > 127,
        "punct": _PUNCT_LUT[small],
        "commas": _COMMA_LUT[small],
        "spaces": codes == 32,
        "currency": _CURRENCY_LUT[small],
    }
    ends = _END_LUT[small]
    nxt = np.empty_like(codes)
    nxt[:-1] = codes[1:]
    nxt[-1] = 10
    cls["sentence_ends"] = ends & ((nxt == 32) | (nxt == 10))
    if n == 0:
        return _empty_stats(lens)
    out: dict[str, np.ndarray] = {"chars": lens}
    for key, mask in cls.items():
        # Counted in int64 by the reduction itself: no int64 copy of each mask.
        out[key] = np.add.reduceat(mask, starts, dtype=np.int64)
    last = np.clip(starts + lens - 1, 0, codes.size - 1)
    out["ends_sentence"] = _END_LUT[small[last]].astype(np.float64)
    return out


def page_features(
    pt: PageTree, signals: PageSignals, tables: Tables
) -> PageFeatures:
    """Every feature of every block of the page."""
    ups = block_ancestors(pt)
    base = base_features(pt, signals, ups)
    cls = np.hstack([class_features(pt, tables.classes, ups), opener_features(base.texts)])
    ptok = page_token_features(page_tokens(signals, pt), tables.page)
    page = np.concatenate([base.page, ptok])
    words, share = page_word_scores(base.texts, tables.words)
    return PageFeatures(base.X, cls, page, words, base.group, base.chars, base.siblings,
                        base.links, base.kinds, share)


def page_tokens(signals: PageSignals, pt: PageTree) -> list[str]:
    """The page's markers: URL, types, body classes, and every class/id word used."""
    return list(dict.fromkeys([*signals.tokens(), *page_class_tokens(pt.name_ids()[0])]))


def page_token_features(tokens: list[str], table: TokenTable) -> np.ndarray:
    """Per page type, the probability the markers' linear model gives (softmax of
    the summed weights and the intercepts) and the strongest single marker."""
    return _type_scores(table.summary(tokens), table)


def page_word_scores(texts: list[str], table: TokenTable) -> tuple[np.ndarray, float]:
    """``page_token_features(page_words(texts), table)``, the words looked up
    as the compiled scan meets them (``TokenTable.text_rows``: a page's
    hundreds of distinct words each cost a new str, its hash and a dict probe
    missing the CPU cache), and the share of the page's distinct words the
    table knows (:func:`word_share`)."""
    joined = _word_text(texts)
    rows = table.text_rows(joined, char_table(_LETTER))
    distinct = len(_distinct_words(joined)) if rows.size else 0
    return _type_scores(table.rows_summary(rows), table), word_share(rows.size, distinct)


def word_share(known: int, distinct: int) -> float:
    """The share of a page's distinct words that the word table knows, 0 for a
    page without words. The table was learnt on pages in English: on a page in
    another language it knows a few names and loanwords (real pages of the
    training sets in other languages: 0.004-0.22; in English: 0.66 and more on
    95 of 100), and its scores there say nothing of the page's type."""
    return known / distinct if distinct else 0.0


def _type_scores(s: np.ndarray, table: TokenTable) -> np.ndarray:
    z = s[0] + (table.bias if table.bias is not None else 0.0)
    e = np.exp(z - z.max())
    return np.concatenate([e / e.sum(), s[1]])


def class_features(pt: PageTree, table: TokenTable, ups: np.ndarray | None = None) -> np.ndarray:
    """Learned class/id word scores of each block's element, its parent and
    grandparent, and their sum, maximum and minimum over the whole ancestor
    chain. ``ups``: :func:`block_ancestors` of the page, when the caller has
    them."""
    # Scored once per distinct string (a page repeats its class strings).
    distinct, of_node = pt.name_ids()
    summaries = table.name_summaries(distinct)[of_node]  # (nodes, sum max min)
    chain_max = pt.inherit_max(summaries[:, 1])
    chain_min = -pt.inherit_max(-summaries[:, 2])
    chain_sum = pt.combine(SUM, summaries[:, 0], down=True)
    if ups is None:
        ups = block_ancestors(pt)
    bn = ups[0]
    out = np.empty((bn.size, len(CLASS_FEATURES)))
    # the element's, its parent's and grandparent's sum, max and min, in that order
    out[:, :9] = summaries[ups[:3].T].reshape(bn.size, 9)
    out[:, 9] = chain_sum[bn]
    out[:, 10] = chain_max[bn]
    out[:, 11] = chain_min[bn]
    return out


def base_features(pt: PageTree, signals: PageSignals, ups: np.ndarray | None = None
                  ) -> BaseFeatures:
    """The block features and page features that need no learned table.
    ``ups``: :func:`block_ancestors` of the page, when the caller has them."""
    if ups is None:
        ups = block_ancestors(pt)
    blocks = pt.blocks
    n = len(blocks)
    texts = [b.text for b in blocks]
    st = text_stats(texts)
    chars = st["chars"].astype(np.float64)
    words = st["spaces"] + 1.0
    links = np.fromiter((b.link_chars for b in blocks), dtype=np.float64, count=n)
    kinds = [b.kind for b in blocks]
    kind_idx = np.fromiter(map(_KIND_INDEX.get, kinds, repeat(0)), dtype=np.int64, count=n)
    level = np.fromiter((b.level for b in blocks), dtype=np.float64, count=n)
    cells = np.fromiter((b.cells for b in blocks), dtype=np.float64, count=n)
    ld = np.divide(links, chars, out=np.zeros(n), where=chars > 0)
    letters = st["upper"] + st["lower"]
    total = float(chars.sum()) or 1.0

    # --- nodes: sums over subtrees, inherited verdicts and names -------------
    nn = pt.n_nodes
    bn = pt.block_node
    good = (chars >= 80) & (ld < 0.2) & ((kind_idx == _KIND_INDEX["p"])
                                         | (kind_idx == _KIND_INDEX["quote"]))
    # Sums of whole numbers of characters (and of blocks): exact in any order.
    sub_chars = pt.subtree_sum(np.bincount(bn, weights=chars, minlength=nn))
    sub_links = pt.subtree_sum(np.bincount(bn, weights=links, minlength=nn))
    sub_blocks = pt.subtree_sum(np.bincount(bn, minlength=nn))
    sub_good = pt.subtree_sum(np.bincount(bn, weights=np.where(good, chars, 0.0), minlength=nn))

    bits = pt.inherit_or(pt.tag_bits)
    verdict_node = pt.nearest(np.where(pt.own_verdict > 0, np.arange(nn), 0))
    verdict = pt.own_verdict[verdict_node]
    guard = pt.inherit_max(pt.guard.astype(np.int64))
    itemprop = pt.inherit_max(pt.itemprop_body.astype(np.int64))

    # Repeated structure: siblings (with text) sharing tag and class.
    sig = node_signatures(pt.tags, pt.names)
    n_sigs = int(sig.max()) + 1 if sig.size else 0
    siblings = sibling_groups(pt.parent, bn, sig)
    key = np.maximum(pt.parent, 0) * (n_sigs + 1) + sig
    _, inv, counts = np.unique(key, return_inverse=True, return_counts=True)
    rep = counts[inv].astype(np.float64)
    rep[0] = 1.0

    # --- per block: rows of the transposed matrix, in block_feature_names() order
    repeats = Counter(texts)
    rep_text = np.fromiter(map(repeats.__getitem__, texts), dtype=np.float64, count=n)
    title_match = _title_match(texts, signals.title)
    heads = kind_idx == _KIND_INDEX["h"]
    h1 = np.flatnonzero(heads & (level == 1))
    # the headline: the first h1, else the first block that is the title
    headline = h1[:1] if h1.size else np.flatnonzero(title_match == 2.0)[:1]
    depth = pt.depth[bn].astype(np.float64)
    bb = bits[bn]
    tag_rows = (bb >> np.arange(len(TAG_BITS))[:, None]) & 1  # (TAG_BITS, blocks)
    vb = verdict[bn]
    log_rep = np.log(rep)
    anc = ups[1 : len(ANCESTOR_LEVELS) + 1]
    sub_c = sub_chars[anc]
    sc = np.maximum(sub_c, 1.0)
    containers = np.empty((len(ANCESTOR_LEVELS), 6, n))
    containers[:, 0] = sub_c / total
    containers[:, 1] = sub_links[anc] / sc
    containers[:, 2] = _log(sub_blocks[anc])
    containers[:, 3] = chars / sc
    containers[:, 4] = sub_good[anc] / sc
    containers[:, 5] = log_rep[anc]
    reps = log_rep[ups[: len(ANCESTOR_LEVELS) + 1]]  # the element's and its ancestors'
    repeated = reps >= math.log(3)
    first_rep = np.where(repeated.any(axis=0), repeated.argmax(axis=0), 9)
    path = markup_paths(sig, pt.parent, bn)
    _, pinv, pcounts = np.unique(path, return_inverse=True, return_counts=True)
    path_chars = np.bincount(pinv, weights=chars)
    rows = [
        kind_idx == np.arange(len(KINDS))[:, None],
        level,
        _log(chars),
        _log(words),
        ld,
        _log(links),
        st["digits"] / np.maximum(chars, 1),
        st["upper"] / np.maximum(letters, 1),
        st["nonascii"] / np.maximum(chars, 1),
        st["punct"] / np.maximum(chars, 1),
        st["commas"] / words,
        st["sentence_ends"],
        st["ends_sentence"],
        chars / words,
        st["currency"],
        _log(cells),
        # How much of the page's text the copies of this text make, not how
        # many there are: a link label repeated under every teaser is a sliver
        # of the page, an article made of one paragraph repeated is all of it.
        rep_text > 1,
        np.where(rep_text > 1, rep_text * chars / total, 0.0),
        title_match,
        _container_text_position(pt, chars, good, siblings, ups),
        _text_gap(chars, good),
        np.arange(n) < headline[0] if headline.size else np.full(n, 0.5),
        *_shared_level(pt, int(bn[headline[0]]) if headline.size else -1, ups),
        depth,
        depth / max(float(pt.depth.max()), 1.0),
        tag_rows,
        vb == np.arange(1, len(VERDICTS))[:, None],
        np.where(vb > 0, depth - pt.depth[verdict_node[bn]], -1.0),
        guard[bn],
        itemprop[bn],
        containers.reshape(len(ANCESTOR_LEVELS) * 6, n),
        reps[0],
        reps.max(axis=0),
        first_rep,
        np.log(pcounts[pinv].astype(np.float64)),
        path_chars[pinv] / total,
    ]

    # --- page -----------------------------------------------------------------
    long_para = (chars >= 200) & (ld < 0.1) & ~heads
    n_heads = float(heads.sum())
    linked_heads = float(np.sum(heads & (ld > 0.6)))
    kind_chars = np.bincount(kind_idx, weights=chars, minlength=len(KINDS))
    tag_chars = tag_rows @ chars
    page = np.array(
        [
            math.log1p(n),
            math.log1p(total),
            float(links.sum()) / total,
            float(chars[good].sum()) / total,
            float(h1.size),
            math.log1p(n_heads),
            linked_heads / max(n_heads, 1.0),
            math.log1p(pt.tags.count("article")),
            float(log_rep.max()) if nn else 0.0,
            math.log1p(int(np.sum(counts >= 3))),
            math.log1p(float(st["currency"].sum())),
            float(kind_chars[_KIND_INDEX["li"]]) / total,
            float(kind_chars[_KIND_INDEX["row"]]) / total,
            float(kind_chars[_KIND_INDEX["pre"]]) / total,
            *_group_stats(pinv, pcounts, chars, links, total),
            float(tag_chars[_BIT["article"]]) / total,
            math.log1p(float(tag_rows[_BIT["time"]].sum())),
            float(tag_chars[_BIT["form"]]) / total,
            float(tag_chars[_BIT["table"]]) / total,
            float(chars[(bb & _CHROME_BITS) != 0].sum()) / total,
            float(chars[vb == VERDICTS.index("comments")].sum()) / total,
            float(st["digits"].sum()) / total,
            math.log1p(float(np.sum(long_para))),
            float(chars[long_para].sum()) / total,
            math.log1p(float(np.sum(heads & (level >= 2) & (level <= 3)))),
            math.log1p(linked_heads),
            float(tag_chars[_BIT["noscript"]]) / total,
        ]
    )
    # float32: the training set stores these columns so (scripts/block_dataset.py);
    # written row by row into the transposed matrix (one pass, no float64 copy)
    X = np.empty((n, N_BLOCK_FEATURES), dtype=np.float32)
    np.concatenate(np.atleast_2d(*rows), out=X.T, casting="same_kind")
    return BaseFeatures(X, page, path, chars, siblings, links, texts, kinds)
