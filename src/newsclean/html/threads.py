"""Reader comments that no heading opens: a thread told by its structure.

``blockmodel.comments_start`` ends an article at a heading that opens its
comments ("12 Kommentare", "コメント（12件）"). Many threads have no such
heading: a Disqus or Facebook thread rendered inline, a comment form and then
the list, a bare count or a sort control ("Newest | Oldest"). Their comments are
paragraphs of prose, and the block model keeps them; where the thread is longer
than the story, the page-type model even calls the page a forum
(``benchmarks/comments.py``: helper-written pages in 24 languages).

What every such thread has is its shape: a run of elements of the same markup
(the same tag and first class word), each holding a line that says when
(``clean.datelines.is_time_mark``: "il y a 2 mois", "vor 3 Stunden",
"14.03.2024 18:22", "2時間前", "3 mar") and a body the block model kept; the
time line the model left out, or it opens the post (a head of a name and a
time: the model keeps those too under some markup).
A run of at least ``MIN_ITEMS`` of them, under the story and outside the element
that holds the story's prose, is a thread: its blocks go, as ``comments``.

A forum thread has the same shape, and there the posts are the page. Three
things keep them:

- the story must be text outside every post of the run (a forum's first post is
  a post of the run: its time line is there, kept or not), 300 characters at
  least from the first block the model is sure of (on an article, from the start
  of the kept run that block is in: a Korean portal's story the model is sure of
  in no block is anchored at its last paragraph; on a forum, an opening post's
  title must not make a story of a short post);
- the story must sit in its own element, which holds none of the posts (a live
  blog's dated entries are inside the story's element);
- a page declaring a discussion (``data/threads.json``: schema.org
  ``DiscussionForumPosting``, ``QAPage``...) is never cut.

Measured on wcxb-dev ``train`` out of fold (the block model's out-of-fold
probabilities and page types, every rule after them as run time applies them):
no train page changes; on ``validation`` (the shipped model) one article page
changes, for the better. The settings below were not tuned on any set: they
say "a few posts" and "a few sentences of story".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from newsclean.clean.datelines import is_time_mark
from newsclean.html.nodes import PageTree, class_part, distinct_ids

# A thread is at least this many posts under the story (a pair of dated
# paragraphs is as often a story's own "Update:" lines).
MIN_ITEMS = 3
# ... and they are most of the run: a run of the markup where most elements have
# no date is not a list of posts.
MIN_SHARE = 0.6
# A post's body: a block this long, not mostly links, that is not its time line.
BODY_CHARS = 30
MAX_LINK_DENSITY = 0.5
# The story above the thread: a few sentences at least (a teaser or a title
# over a thread is a forum's opening post, or a listing).
STORY_CHARS = 300
# A post's head, its first line: a name and a time ("Mamie Jo • il y a 2
# mois"), not a sentence.
HEAD_CHARS = 60


@lru_cache(maxsize=1)
def discussion_types() -> frozenset[str]:
    """The schema.org types by which a page says it is a discussion."""
    text = resources.files("newsclean.html").joinpath("data/threads.json").read_text("utf-8")
    return frozenset(str(t).lower() for t in json.loads(text)["discussion_types"])


def declares_discussion(types: Sequence[str]) -> bool:
    """Whether a page's JSON-LD or microdata types say it is a discussion."""
    known = discussion_types()
    return any(t.lower() in known for t in types)


def story_anchor(keep: np.ndarray, proba: np.ndarray, sure: float) -> int:
    """The first kept block the model is ``sure`` of (the story's text, not a
    masthead or a standfirst it half believes), or its surest kept block when
    it is sure of none; -1 when nothing is kept."""
    kept = np.flatnonzero(keep)
    if not kept.size:
        return -1
    at = kept[proba[kept] >= sure]
    return int(at[0]) if at.size else int(kept[np.argmax(proba[kept])])


def kept_run_start(keep: np.ndarray, at: int) -> int:
    """The first block of the run of kept blocks that block ``at`` is in."""
    gaps = np.flatnonzero(~keep[:at])
    return int(gaps[-1]) + 1 if gaps.size else 0


_TRAILING_NUMBER = re.compile(r"[-_]?\d+$")


def _item_signatures(pt: PageTree) -> np.ndarray:
    """An id per element for its tag and first class word, without a number
    ending it (a forum's first post is often "message message--first", its
    replies "message message--post"); -1 for elements without a class, which
    every layout has many of. List items and ``<article>`` elements stand for
    themselves without one."""
    names, of_name = pt.name_ids()
    # a number ending the word tells alternate rows apart (a forum's first post
    # in "windowbg", its replies in "windowbg2" and "windowbg" by turns)
    words, of_word = distinct_ids([_TRAILING_NUMBER.sub("", (class_part(name).split() or [""])[0])
                                   for name in names])
    tags, of_tag = distinct_ids(pt.tags)
    word = of_word[of_name]
    sig = of_tag.astype(np.int64) * len(words) + word
    bare = np.fromiter((not t for t in words), dtype=bool, count=len(words))[word]
    itemlike = np.fromiter((t in ("li", "article") for t in tags), dtype=bool,
                           count=len(tags))[of_tag]
    return np.where(bare & ~itemlike, -1, sig)


def thread_span(pt: PageTree, keep: np.ndarray, chars: np.ndarray, link_density: np.ndarray,
                anchor: int, begin: int) -> tuple[int, int] | None:
    """The blocks ``[start, end)`` of a comment thread under the story anchored
    at block ``anchor`` (``story_anchor``), or None. ``chars`` is each block's
    length (the block features'). The story's text is counted from block
    ``begin`` (``anchor``, or the start of its kept run). See the module's
    docstring for what makes a thread."""
    n = len(pt.blocks)
    if anchor < 0 or n == 0 or not keep[anchor + 1 :].any():
        return None
    first, last = pt.block_bounds()
    sig = _item_signatures(pt)
    # an item holds a time line and a body: two blocks at least; a run needs
    # MIN_ITEMS of them below the story
    several = last > first
    cand = np.flatnonzero(several & (sig >= 0) & (first > anchor))
    cand = cand[cand > 0]
    if cand.size < MIN_ITEMS:
        return None
    below_sigs, per_sig = np.unique(sig[cand], return_counts=True)
    runs = below_sigs[per_sig >= MIN_ITEMS]
    if runs.size == 0:
        return None
    members_of = np.flatnonzero(np.isin(sig, runs) & several)
    members_of = members_of[members_of > 0]
    # the time lines, looked for only in the blocks of those runs
    covered = np.zeros(n + 1, dtype=np.int64)
    np.add.at(covered, first[members_of], 1)
    np.add.at(covered, last[members_of] + 1, -1)
    blocks = pt.blocks
    # a post's head ("Mamie Jo • il y a 2 mois"); a longer line saying when
    # ("2019-02-23, 09:14 PM (This post was last modified: ... by ...)") still
    # makes an element a post, which is all a forum's first post needs
    mark = np.zeros(n, dtype=bool)
    dated = np.zeros(n, dtype=bool)
    for b in np.flatnonzero(np.cumsum(covered[:n]) > 0).tolist():
        line = blocks[b].text.strip()
        if is_time_mark(line, max_words=None):
            dated[b] = True
            # within a head's few words (is_time_mark's own bound)
            mark[b] = is_time_mark(line)
    body = (chars >= BODY_CHARS) & (link_density < MAX_LINK_DENSITY) & ~dated

    def upto(flags: np.ndarray) -> np.ndarray:
        return np.concatenate(([0], np.cumsum(flags)))

    marks, bodies = upto(dated), upto(body)
    open_marks, kept_bodies = upto(mark & ~keep), upto(body & keep)
    spans: list[tuple[int, int, np.ndarray]] = []
    for run in runs.tolist():
        members = members_of[sig[members_of] == run]
        lo, hi = first[members], last[members] + 1
        # posts: a line saying when and a body
        posts = ((marks[hi] - marks[lo]) > 0) & ((bodies[hi] - bodies[lo]) > 0)
        # cut: a post whose body the model kept, and which it did not read as
        # story: a time line left out, or a head line (name and time) opening it
        headed = mark[lo] & (chars[lo] <= HEAD_CHARS)
        cut = posts & (((open_marks[hi] - open_marks[lo]) > 0) | headed) & (
            (kept_bodies[hi] - kept_bodies[lo]) > 0)
        below = cut & (lo > anchor)
        if cut.sum() < max(MIN_ITEMS, MIN_SHARE * members.size) or below.sum() < MIN_ITEMS:
            continue
        spans.append((int(lo[below].min()), int(hi[cut].max()), members[posts]))
    for start, end, posts_at in sorted(spans, key=lambda s: (s[0], s[1])):
        if _story_apart(pt, keep, chars, first, last, begin, start, posts_at.tolist()):
            return start, end
    return None


def _story_apart(pt: PageTree, keep: np.ndarray, chars: np.ndarray, first: np.ndarray,
                 last: np.ndarray, begin: int, start: int, posts: list[int]) -> bool:
    """Whether the kept text from ``begin`` to the thread's ``start`` is a story
    of its own: outside every post, long enough, and in an element holding no
    post."""
    in_post = np.zeros(len(pt.blocks), dtype=bool)
    for v in posts:
        in_post[first[v] : last[v] + 1] = True
    story = np.flatnonzero(keep[:start] & ~in_post[:start])
    story = story[story >= begin]
    if chars[story].sum() < STORY_CHARS:
        return False
    long_ = story[chars[story] >= BODY_CHARS]
    prose = long_ if long_.size else story
    container = pt.common_ancestor(prose)
    if prose.size == 1 or container in set(pt.block_node[prose].tolist()):
        # one element holds the story's text: the story is what holds that
        container = max(int(pt.parent[container]), 0)
    return not any(container in pt.ancestors(v, inclusive=True) for v in posts)
