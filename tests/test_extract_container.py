"""On an article page, kept blocks outside the element that holds most of the kept
text (the story's container) stay only when the model is sure of them: a reader
comment or an author bio scored like the story's paragraphs goes, a paragraph of
the story the markup split off stays when it scores high."""

from __future__ import annotations

import numpy as np
import pytest
from html_pages import ARTICLE_PARAGRAPHS, FOOTER, HEADER

from newsclean.html import container
from newsclean.html.blockmodel import block_model
from newsclean.html.container import ContainerRule, class_paths, container_keep
from newsclean.html.dom import parse_html
from newsclean.html.features import base_features
from newsclean.html.nodes import PageTree, page_tree
from newsclean.html.signals import page_signals

COMMENT = ("I have lived in this county for thirty years and I can tell you that nobody "
           "on the council has ever asked the people on our street what they think about "
           "the bus routes, the library or anything else.")
BIO = ("Maria Lopez covers local government for the Gazette. She joined the paper in "
       "2015 after six years at a regional radio station.")


def _page() -> tuple[PageTree, list[str]]:
    story = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    html = f"""<html><body>{HEADER}<main><article><h1>Council approves the budget</h1>
<div class="entry-content">{story}</div></article>
<div class="author-box"><p>{BIO}</p></div>
<section class="comments"><div class="comment"><p>{COMMENT}</p></div></section>
</main>{FOOTER}</body></html>"""
    pt = page_tree(parse_html(html))
    assert pt is not None
    return pt, [b.text for b in pt.blocks]


def _apply(pt: PageTree, keep: np.ndarray, proba: np.ndarray, rule: ContainerRule) -> np.ndarray:
    chars = np.array([len(b.text) for b in pt.blocks], dtype=np.float64)
    return container_keep(keep, proba, chars, pt.block_node, pt.depth, pt.parent,
                          pt.walk_order(), rule)


def test_kept_blocks_outside_the_story_container_need_a_sure_score() -> None:
    pt, texts = _page()
    story = [texts.index(p) for p in ARTICLE_PARAGRAPHS]
    comment, bio = texts.index(COMMENT), texts.index(BIO)
    keep = np.zeros(len(texts), dtype=bool)
    keep[[*story, comment, bio]] = True
    proba = np.where(keep, 0.8, 0.1)
    proba[bio] = 0.95
    out = _apply(pt, keep, proba, ContainerRule(0.6, 0.9))
    # the story stays; the comment (0.8, outside) goes; the bio stays: it scores 0.95
    assert out[story].all()
    assert not out[comment]
    assert out[bio]
    assert keep[comment]  # the input is not changed


def test_nothing_changes_when_the_kept_text_is_not_mostly_in_one_element() -> None:
    pt, texts = _page()
    story = [texts.index(p) for p in ARTICLE_PARAGRAPHS]
    comment = texts.index(COMMENT)
    keep = np.zeros(len(texts), dtype=bool)
    keep[[story[0], comment]] = True
    # two kept blocks, neither with 90% of the kept weight: the container is the
    # element holding both (the main element), so both stay
    proba = np.where(keep, 0.5, 0.0)
    out = _apply(pt, keep, proba, ContainerRule(0.9, 0.95))
    assert out.tolist() == keep.tolist()
    # one kept block, or none: nothing to compare it with
    single = np.zeros(len(texts), dtype=bool)
    single[comment] = True
    assert _apply(pt, single, proba, ContainerRule(0.6, 0.9)).tolist() == single.tolist()
    none = np.zeros(len(texts), dtype=bool)
    assert not _apply(pt, none, proba, ContainerRule(0.6, 0.9)).any()


def test_the_rule_round_trips_and_refuses_a_share_that_names_no_single_element() -> None:
    rule = ContainerRule(0.6, 0.9, ("article", "documentation"))
    assert ContainerRule.from_dict(rule.to_dict()) == rule
    with pytest.raises(ValueError):
        ContainerRule(0.5, 0.9)


def test_the_shipped_model_names_its_container_rule() -> None:
    rule = block_model().container
    assert rule is not None
    assert 0.5 < rule.share <= 1.0 and 0.0 < rule.outside_min <= 1.01
    assert "article" in rule.types


def _split_body() -> tuple[PageTree, list[str], np.ndarray]:
    """A story whose body an ad slot splits into two elements of the same markup,
    the first holding most of it, and a comment after it."""
    first = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[:-1])
    html = f"""<html><body>{HEADER}<main><article><h1>Council approves the budget</h1>
<div class="story-body">{first}</div><div class="ad-slot"><span>Advertisement</span></div>
<div class="story-body"><p>{ARTICLE_PARAGRAPHS[-1]}</p></div></article>
<section class="comments"><div class="comment"><p>{COMMENT}</p></div></section>
</main>{FOOTER}</body></html>"""
    tree = parse_html(html)
    pt = page_tree(tree)
    assert pt is not None
    return pt, [b.text for b in pt.blocks], class_paths(pt.tags, pt.names, pt.parent,
                                                         pt.block_node)


def _story_and_comment_kept(
    texts: list[str],
) -> tuple[list[int], int, np.ndarray, np.ndarray, np.ndarray]:
    """The story's paragraphs and the comment, all kept at 0.8: (story, comment,
    keep, proba, chars)."""
    story = [texts.index(p) for p in ARTICLE_PARAGRAPHS]
    comment = texts.index(COMMENT)
    keep = np.zeros(len(texts), dtype=bool)
    keep[[*story, comment]] = True
    proba = np.where(keep, 0.8, 0.1)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    return story, comment, keep, proba, chars


def test_a_story_body_split_over_two_elements_of_the_same_markup_stays_whole() -> None:
    pt, texts, markup = _split_body()
    story, comment, keep, proba, chars = _story_and_comment_kept(texts)
    rule = ContainerRule(0.6, 0.9)
    walk = pt.walk_order()
    out = container_keep(keep, proba, chars, pt.block_node, pt.depth, pt.parent, walk, rule,
                         markup)
    # the last paragraph sits in the second story-body element: it stays with the
    # first; the comment, in markup of its own, goes
    assert out[story].all()
    assert not out[comment]
    # without the markup paths, the second half of the body would go with the comment
    bare = container_keep(keep, proba, chars, pt.block_node, pt.depth, pt.parent, walk, rule)
    assert not bare[story[-1]]


def test_the_rule_never_takes_away_most_of_the_kept_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pt, texts = _page()
    story = [texts.index(p) for p in ARTICLE_PARAGRAPHS]
    comment = texts.index(COMMENT)
    keep = np.zeros(len(texts), dtype=bool)
    keep[[*story[:2], comment]] = True
    # the two story paragraphs are sure, the long block outside is not: by
    # weight the story's element holds 60% or more, by characters the other one
    # holds most of the kept text
    proba = np.where(keep, 0.99, 0.0)
    proba[comment] = 0.36
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    chars[comment] = 1.5 * chars[story[:2]].sum()

    def apply() -> np.ndarray:
        return container_keep(keep, proba, chars, pt.block_node, pt.depth, pt.parent,
                              pt.walk_order(), ContainerRule(0.6, 0.9))

    assert apply().tolist() == keep.tolist()
    # without the bar, the block outside would go
    monkeypatch.setattr(container, "MAX_DROPPED_SHARE", 1.0)
    assert not apply()[comment]


def test_element_ids_do_not_make_a_story_section_markup_of_its_own() -> None:
    # Medium writes an id on every section and paragraph: with the ids in the
    # path no two paragraphs had the same markup, and a section outside the
    # heaviest one went whenever the model was less sure of it than the bar.
    paras = [f'<p id="p{i}" class="para">{t}</p>' for i, t in enumerate(ARTICLE_PARAGRAPHS)]
    html = f"""<html><body>{HEADER}<main><article><h1>Council approves the budget</h1>
<section id="s1"><div class="body">{"".join(paras[:-1])}</div></section>
<figure><img src="a.png"></figure>
<section id="s2"><div class="body">{paras[-1]}</div></section></article>
<section class="comments"><div class="comment"><p>{COMMENT}</p></div></section>
</main>{FOOTER}</body></html>"""
    tree = parse_html(html)
    pt = page_tree(tree)
    assert pt is not None
    story, comment, keep, proba, chars = _story_and_comment_kept([b.text for b in pt.blocks])
    rule = ContainerRule(0.6, 0.9)
    args = (keep, proba, chars, pt.block_node, pt.depth, pt.parent, pt.walk_order(), rule)
    paths = class_paths(pt.tags, pt.names, pt.parent, pt.block_node)
    assert len(set(paths[story].tolist())) == 1
    out = container_keep(*args, paths)
    assert out[story].all()
    assert not out[comment]
    # the paths may come from a function, asked only when a kept block would go
    assert container_keep(*args, lambda: paths).tolist() == out.tolist()
    with_ids = base_features(pt, page_signals(tree, None)).group
    assert not container_keep(*args, with_ids)[story[-1]]


def test_class_paths_leave_out_ids_but_not_tags_or_classes() -> None:
    tags = ["body", "div", "p", "p", "p", "span"]
    names = [" ", "main ", "para a1", "para a2", "other a3", "para a4"]
    parent = np.array([-1, 0, 1, 1, 1, 1])
    paths = class_paths(tags, names, parent, np.array([2, 3, 4, 5]))
    assert paths[0] == paths[1]
    assert len(set(paths.tolist())) == 3
    assert class_paths(tags, names, parent, np.zeros(0, dtype=np.int64)).size == 0
