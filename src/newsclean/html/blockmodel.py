"""The shipped block model: which blocks of a page are its main content, and what
kind of page it is.

``data/block_model.npz`` (trained by ``scripts/train_block_model.py`` on
wcxb-dev ``train``; WCXB by Murrough Foley, CC-BY-4.0) holds:

- three learned token tables: class/id words -> how much of the text under
  elements so named is content; page markers (URL words, schema.org and Open
  Graph types, body classes) -> page type; words of the page's text -> page type;
- a page-type model (trees over page features) -> ``PAGE_TYPES`` probabilities;
- the block model (trees over block, class-name and page features and the
  page-type probabilities) -> probability that a block is main content;
- a second page-type model that also knows the word table's scores and what the
  block model kept (how much text, in how many repeated structures: one
  article, posts, items), whose answer is the record's ``page_type``
  (``article`` only when at least ``article_min`` likely), and its twin
  without the word table for pages in a language the table never learnt
  (``PlainTyping``); a block is kept from
  the threshold of the likeliest page type, and with its siblings of the same
  markup when most of them are kept (``siblings.py``; the thresholds, the
  sibling rule and the bar for ``article`` are chosen by domain-grouped
  cross-validation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from newsclean.html.container import ContainerRule, class_paths, container_keep
from newsclean.html.context import content_page_feature_names, content_page_features
from newsclean.html.features import (
    CLASS_FEATURES,
    OPENER_FEATURES,
    PAGE_TYPES,
    WORD_FEATURES,
    Tables,
    feature_names,
    page_feature_names,
    page_features,
)
from newsclean.html.names import TokenTable
from newsclean.html.nodes import PageTree, page_tree
from newsclean.html.repeats import RepeatRule
from newsclean.html.siblings import (
    SiblingRule,
    drop_headed_lists,
    drop_link_rows,
    extend_keep,
    keep_code_between,
    keep_whole_tables,
)
from newsclean.html.signals import PageSignals, page_signals
from newsclean.html.threads import (
    declares_discussion,
    kept_run_start,
    story_anchor,
    thread_span,
)
from newsclean.trees import CHUNK_ROWS, TreeEnsemble, ensemble_arrays, ensemble_from_arrays

MODEL_FILE = "data/block_model.npz"


def stage1_feature_names() -> tuple[str, ...]:
    return (*feature_names(), *(f"ptype_{t}" for t in PAGE_TYPES))


def page2_feature_names() -> tuple[str, ...]:
    return (
        *page_feature_names(),
        *WORD_FEATURES,
        *(f"ptype_{t}" for t in PAGE_TYPES),
        *content_page_feature_names(),
    )


def page2_plain_feature_names() -> tuple[str, ...]:
    """The final page-type model's inputs without the word table's scores."""
    return tuple(n for n in page2_feature_names() if n not in WORD_FEATURES)


@dataclass(frozen=True)
class BlockModel:
    tables: Tables
    page1: TreeEnsemble
    stage1: TreeEnsemble
    page2: TreeEnsemble
    thresholds: dict[str, float]
    """Per page type, the probability from which a block is kept."""
    article_min: float
    """A page is an article only when at least this likely (precision first)."""
    siblings: SiblingRule | None
    """Kept blocks pass their verdict to siblings of the same markup (None: no rule)."""
    attribution: str
    meta: dict[str, Any]
    container: ContainerRule | None = None
    """Kept blocks outside the article's container need a higher probability
    (container.py; None in a model file without the rule)."""
    repeats: RepeatRule | None = None
    """Kept blocks repeating earlier kept ones go (repeats.py; None in a model
    file without the rule)."""
    plain: PlainTyping | None = None
    """How a page whose words the word table barely knows is typed (None in a
    model file without it: by ``page2`` like any page)."""


@dataclass(frozen=True)
class PlainTyping:
    """The final page type of a page in a language the word table never learnt:
    its scores there are noise the trees read as evidence (on the train pages
    with their words taken away, out of fold, ``page2`` typed 0.767 of them
    right and 0.865 of the pages it called articles were articles), so a second
    model fitted without them types the page (0.808 and 0.964)."""

    model: TreeEnsemble
    below: float
    """Pages whose :func:`features.word_share` is under this are typed by ``model``."""
    article_min: float
    """``BlockModel.article_min`` for ``model``'s probabilities."""


def save_model(path: str, meta: dict[str, Any], ensembles: dict[str, dict[str, Any]]) -> None:
    """Write a model file: ``meta`` (JSON: attribution, tables, thresholds...) and
    each ensemble's arrays (``TreeEnsemble.from_dict`` input) under its name."""
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for name, d in ensembles.items():
        arrays.update(ensemble_arrays(name, d))
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def load_model(fh: Any) -> BlockModel:
    with np.load(fh, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        tables = Tables(
            TokenTable.from_dict(meta["tables"]["classes"]),
            TokenTable.from_dict(meta["tables"]["page"]),
            TokenTable.from_dict(meta["tables"]["words"]),
        )
        return BlockModel(
            tables=tables,
            page1=ensemble_from_arrays(z, "page1", tuple(page_feature_names())),
            stage1=ensemble_from_arrays(z, "stage1", stage1_feature_names()),
            page2=ensemble_from_arrays(z, "page2", page2_feature_names()),
            thresholds={str(k): float(v) for k, v in meta["thresholds"].items()},
            article_min=float(meta["article_min"]),
            siblings=SiblingRule.from_dict(meta["siblings"]) if meta["siblings"] else None,
            attribution=str(meta["attribution"]),
            container=(ContainerRule.from_dict(meta["container"])
                       if meta.get("container") else None),
            repeats=RepeatRule.from_dict(meta["repeats"]) if meta.get("repeats") else None,
            plain=(PlainTyping(ensemble_from_arrays(z, "page2_plain", page2_plain_feature_names()),
                               float(meta["plain"]["below"]), float(meta["plain"]["article_min"]))
                   if meta.get("plain") else None),
            # The tables' raw lists (tens of thousands of them) are built into
            # arrays above; kept, every full garbage collection walks them again.
            meta={k: v for k, v in meta.items() if k != "tables"},
        )


@lru_cache(maxsize=1)
def block_model() -> BlockModel:
    """The shipped model (loaded once per process)."""
    with resources.files("newsclean.html").joinpath(MODEL_FILE).open("rb") as fh:
        return load_model(fh)


@dataclass(slots=True)
class ScoredPage:
    tree: PageTree
    signals: PageSignals
    page_type: str
    type_proba: np.ndarray  # (PAGE_TYPES,)
    proba: np.ndarray  # (blocks,) probability of main content
    keep: np.ndarray  # (blocks,) bool
    threshold: float  # the probability from which a block is kept
    comments: tuple[int, int] | None = None
    """The blocks ``[start, end)`` taken out as the article's comments: from a
    heading that opens them (``comments_start``) or a thread told by its shape
    (html/threads.py)."""
    repeats: RepeatRule | None = None  # the repeated-blocks rule, when it applies to the page
    typed_without_words: bool = False
    """The page was typed by ``PlainTyping``: the word table barely knows its words."""

    @property
    def likeliest(self) -> str:
        """The likeliest page type. ``page_type`` answers ``article`` only past
        the article bar (a corpus kept to articles lets few other pages in), so
        an article the typing is less sure of is reported as the next likeliest
        type; where the page's structure is read (where its text stops, what
        follows it), the likeliest type is the better guess."""
        return PAGE_TYPES[int(np.argmax(self.type_proba))]


def page_type_of(proba: np.ndarray, article_min: float) -> str:
    """``article`` only when at least ``article_min`` likely, else the likeliest type."""
    order = np.argsort(-proba, kind="stable")
    best = PAGE_TYPES[int(order[0])]
    if best == "article" and proba[order[0]] < article_min:
        return PAGE_TYPES[int(order[1])]
    return best


def _type_proba(model: TreeEnsemble, x: np.ndarray) -> np.ndarray:
    """A page-type model's probabilities in ``PAGE_TYPES`` order (a type the
    training data lacked gets 0)."""
    p = model.predict_proba(x[None, :])[0]
    out = np.zeros(len(PAGE_TYPES))
    for j, name in enumerate(model.classes):
        out[PAGE_TYPES.index(name)] = p[j]
    return out


def score_blocks(pt: PageTree, signals: PageSignals, model: BlockModel) -> ScoredPage:
    """Page type and per-block content probabilities of a collected page."""
    feats = page_features(pt, signals, model.tables)
    tp1 = _type_proba(model.page1, feats.page)
    n = feats.n_blocks
    p1 = np.concatenate(
        [
            model.stage1.predict_proba(feats.rows(lo, min(lo + CHUNK_ROWS, n), tp1))
            for lo in range(0, n, CHUNK_ROWS)
        ]
        or [np.zeros(0)]
    )
    kinds, links = feats.kinds, feats.links
    content = content_page_features(p1, feats.chars, links, kinds, feats.group)
    plain = model.plain
    if plain is not None and feats.word_share < plain.below:
        without_words, article_min = True, plain.article_min
        tp2 = _type_proba(plain.model, np.concatenate([feats.page, tp1, content]))
    else:
        without_words, article_min = False, model.article_min
        tp2 = _type_proba(model.page2, np.concatenate([feats.page, feats.words, tp1, content]))
    # Blocks are kept by the likeliest type's threshold; the type reported (and
    # filtered on by keep_types) answers "article" only when sure of it.
    likeliest = PAGE_TYPES[int(np.argmax(tp2))]
    threshold = model.thresholds[likeliest]
    keep = p1 >= threshold
    ld = np.divide(links, feats.chars, out=np.zeros(n), where=feats.chars > 0)
    if model.siblings is not None:
        keep = extend_keep(keep, feats.siblings, feats.chars, ld, model.siblings)
    is_row = np.fromiter(map("row".__eq__, kinds), dtype=bool, count=n)
    keep = keep_whole_tables(keep, feats.siblings, feats.chars, p1, threshold, is_row)
    keep = drop_headed_lists(keep, feats.siblings, kinds, feats.chars, ld)
    if likeliest == "article":
        keep = drop_link_rows(keep, feats.siblings, is_row, ld)
    rule = model.container
    if rule is not None and likeliest in rule.types:
        keep = container_keep(keep, p1, feats.chars, pt.block_node, pt.depth, pt.parent,
                              pt.walk_order(), rule,
                              lambda: class_paths(pt.tags, pt.names, pt.parent, pt.block_node,
                                                  pt.name_ids()))
    if "pre" in kinds:
        keep = keep_code_between(keep, np.fromiter(map("pre".__eq__, kinds), dtype=bool, count=n))
    page_type = page_type_of(tp2, article_min)
    comments = None
    # only on a page sure to be an article (the record's page_type): on a thread
    # the same heading opens the replies, which are the page
    if page_type == "article":
        start = comments_start(keep, p1, feats.classes[:, OPENS_COMMENTS] > 0, ld)
        if start >= 0:
            comments = (start, n)
    # a thread no heading opens, on a page the typing found likelier an article
    # or a forum (a long thread under a short story reads as one) that does not
    # declare itself a discussion
    if comments is None and likeliest in THREAD_TYPES and not declares_discussion(
            signals.ld_types + signals.microdata_types):
        anchor = story_anchor(keep, p1, SURE_CONTENT)
        # an article's story is the kept run its anchor is in (a story the model
        # is sure of in no block is anchored at its surest block, often its last
        # paragraph); a forum's opening post is counted without its title
        begin = kept_run_start(keep, anchor) if likeliest == "article" else anchor
        comments = thread_span(pt, keep, feats.chars, ld, anchor, begin)
        if comments is not None:
            # what is left is a story: a page read as a forum for its long
            # thread is an article with comments (`--keep-types article` keeps
            # it). Typing every page with a thread's shape so (the model's
            # verdict on the posts aside) took three wcxb-dev train forums and a
            # validation one, whose first post stands apart, for articles.
            page_type = "article"
    if comments is not None:
        keep = keep.copy()
        keep[comments[0] : comments[1]] = False
    return ScoredPage(
        tree=pt,
        signals=signals,
        page_type=page_type,
        type_proba=tp2,
        proba=p1,
        keep=keep,
        threshold=threshold,
        comments=comments,
        repeats=model.repeats if model.repeats and likeliest in model.repeats.types else None,
        typed_without_words=without_words,
    )


# The column of the class features that says a block opens a comment section
# ("12 Comments", "Leave a Reply"...: clean/sections.py).
OPENS_COMMENTS = len(CLASS_FEATURES) + OPENER_FEATURES.index("opens_comments")
# A block the model is this sure of is the article's text (not a masthead or a
# standfirst it half believes): comment sections open after the first of them.
SURE_CONTENT = 0.9
# The likeliest page types a thread with no heading is looked for on.
THREAD_TYPES = ("article", "forum")
# A comments heading that is mostly a link is a menu's entry (a "Comments" or
# "评论" section of the site), not the start of this page's thread.
OPENER_MAX_LINK_DENSITY = 0.5


def comments_start(keep: np.ndarray, proba: np.ndarray, opens: np.ndarray,
                   link_density: np.ndarray) -> int:
    """Where an article's comment section opens: the first opener (``opens``:
    a heading of clean/sections.py's comments family) that is not a link (as a
    menu's "Comments" section is) after the first kept block the model is sure
    of, or after its surest kept block when it is sure of none (a Chinese
    portal's story at 0.66-0.87 under its "热门跟贴" thread: helper-written
    pages, benchmarks/comments.py; no wcxb-dev page changes); -1: none. The
    blocks kept from there go, whether the model kept the opener or not. A
    thread longer than the story reads to the model as the page's main run of
    text. Out of fold on wcxb-dev train (the twelfth
    session's block scores, 5 domain folds), on the pages called articles
    (``article_min``): 6 of 1,095 pages changed (5 better), mean page F1
    +0.0012 (standard error 0.0010); on likely forums the same cut loses 0.067
    (the reference keeps the replies), so articles only: a forum the page-type
    model takes for an article loses its replies (docs/EXTRACTION.md)."""
    # a story the model is sure of in no block: its surest kept block
    first = story_anchor(keep, proba, SURE_CONTENT)
    if first < 0:
        return -1
    after = np.flatnonzero((opens & (link_density < OPENER_MAX_LINK_DENSITY))[first + 1 :])
    return first + 1 + int(after[0]) if after.size else -1


def score_page(tree: LexborHTMLParser, url: str | None) -> ScoredPage | None:
    """Collect a parsed page's blocks and score them; None when the page has no
    body or no text. Removes the page's silent elements (scripts...) in place."""
    signals = page_signals(tree, url)
    pt = page_tree(tree)
    if pt is None or not pt.blocks:
        return None
    return score_blocks(pt, signals, block_model())
