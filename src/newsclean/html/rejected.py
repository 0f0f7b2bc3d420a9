"""What the block model left out of the main content, and why; the article region
and the access-wall elements ``withheld`` judges.

A rejected block is reported (``Article.removed``) when it sits inside the
article: among the kept ones (between the first and the last) or under the
element that holds them all, as the text a reader would have seen there. Its
reason is what markup says of its nearest named ancestor (``data/chrome.json``
via ``nodes.VERDICTS``; a wall-named one only for wall wording), else what it
looks like (the headline again, a link list), else ``boilerplate``
(``rejection_reasons``, also what the inspector shows for the blocks outside
the article).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from newsclean.html.blockmodel import ScoredPage
from newsclean.html.content import Block
from newsclean.html.nodes import PAYWALL_CODE, TAG_BITS, VERDICTS
from newsclean.html.withheld import WALL_REASONS, Region, Wall, wall_notices, wall_reasons
from newsclean.record import REASONS, Removed
from newsclean.text import fold

# A block made mostly of link text is a link list or a teaser, not prose.
LINK_DENSITY = 0.5
# A linked block this short is a menu entry, longer ones are teasers.
NAVIGATION_CHARS = 40
# The blocks right after the last kept one (in the same parent) that the
# withheld test reads as the article's end: a wall box stands where the text
# stops (withheld.wall_at_end).
END_BLOCKS = 2
# The visible blocks after the last kept one, wherever they stand, in which the
# withheld test looks for a wall box (withheld.wall_box), leaving out the page's
# chrome (elements named like a side rail, comments, a newsletter box...): a box
# beside the article's parent (an old newspaper template's story tools, then the
# box). Read without the chrome test, six blocks reached a complete dev
# article's sidebar ("Want to see fewer ads?" / "Become a Member.", twice).
BEYOND_BLOCKS = 4
# ... among this many blocks after the last kept one.
BEYOND_SCAN = 12
_FOOTER_BIT = 1 << TAG_BITS.index("footer")
_CHROME_BITS = sum(1 << TAG_BITS.index(t) for t in ("nav", "aside", "header"))
# The class/id verdicts of elements a wall box does not stand in (every one but
# none, hidden, handled apart, and a wall's), as bits.
_CHROME_NAMES = sum(1 << i for i, v in enumerate(VERDICTS) if v not in ("", "hidden", "paywall"))


def _reason(code: int) -> str | None:
    name = VERDICTS[code]
    if not name or name not in REASONS:
        return None
    return name


def rejected_inside(scored: ScoredPage, title: str | None) -> list[Removed]:
    """The blocks left out inside the article: between the first and the last
    kept block, or under the element that holds every kept block. Each gets a
    reason."""
    keep = scored.keep
    hits = np.flatnonzero(keep)
    if hits.size == 0:
        return []
    pt = scored.tree
    root = pt.common_ancestor(hits)
    inside = np.zeros(pt.n_nodes, dtype=bool)
    if root > 0:  # under <body>, "inside the container" says nothing
        inside[root] = True
        inside = pt.inherit_or(inside.astype(np.int64)).astype(bool)
    within = inside[pt.block_node]
    within[int(hits[0]) : int(hits[-1]) + 1] = True
    picked = np.flatnonzero(within & ~keep)
    reasons = rejection_reasons(scored, picked, title)
    return [Removed(pt.blocks[int(i)].text, r) for i, r in zip(picked, reasons, strict=True)]


def rejection_reasons(scored: ScoredPage, picked: np.ndarray, title: str | None) -> list[str]:
    """Why each block of ``picked`` is not main content: what markup says of its
    nearest named ancestor, else what it looks like (the headline again, a link
    list), else ``boilerplate``."""
    pt = scored.tree
    verdicts = pt.nearest_verdict()[pt.block_node[picked]].tolist()
    folded_title = fold(title) if title else ""
    marked = [_reason(v) for v in verdicts]
    # A wall-named container can hold the whole page (a store's reviews, a
    # buying guide's price links): only wall wording under it is a wall notice,
    # or the notice would flag a complete article as withheld.
    asked = [k for k, r in enumerate(marked) if r in WALL_REASONS]
    if asked:
        words = wall_notices([pt.blocks[int(picked[k])].text for k in asked])
        for k, wall in zip(asked, words, strict=True):
            if not wall:
                marked[k] = None
    # Unnamed blocks in wall wording are wall notices, whatever their shape (a
    # linked "Already a subscriber? Log in" too): withheld.wall_at_end reads
    # these reasons to tell a cut article. (Those just found not to be wall
    # wording under a wall name are not asked again.)
    judged = set(asked)
    unnamed = [k for k, r in enumerate(marked) if r is None and k not in judged]
    if unnamed:
        # the phrase tables' wall families only: the wall-notice model alone
        # took "Rate this article", "Verify your identity." and "Start your free
        # trial" after complete wcxb-dev train articles for walls
        found = wall_reasons([pt.blocks[int(picked[k])].text for k in unnamed], model=False)
        for k, named in zip(unnamed, found, strict=True):
            marked[k] = named
    out: list[str] = []
    start, end = scored.comments or (-1, -1)
    for i, reason in zip(picked.tolist(), marked, strict=True):
        block = pt.blocks[i]
        if reason is None:
            if start <= i < end:
                reason = "comments"
            elif folded_title and fold(block.text) == folded_title:
                reason = "title_duplicate"
            elif block.link_density > LINK_DENSITY:
                reason = "related" if len(block.text) > NAVIGATION_CHARS else "navigation"
            else:
                reason = "boilerplate"
        out.append(reason)
    return out


def wall_elements(scored: ScoredPage) -> list[Wall]:
    """The elements named like an access wall (class/id) that hold text."""
    pt = scored.tree
    at = np.flatnonzero(pt.own_verdict == PAYWALL_CODE)
    if at.size == 0:
        return []
    under = pt.blocks_under({int(w) for w in at})
    return [
        Wall(" ".join(pt.blocks[b].text for b in members), frozenset(pt.ancestors(w)))
        for w, members in under.items()
        if members
    ]


def article_region(scored: ScoredPage, text: Collection[str]) -> Region:
    """The article as the withheld test sees it: the element holding every kept
    block whose text is in the record (``text``; their lowest common ancestor),
    its parent unless that is the body, the blocks from the first of them to the
    last kept block inside that parent, and on an article page the END_BLOCKS
    visible blocks after it there. A kept block further on (a meter bar after the
    footer) is page furniture, not the end of the article."""
    pt = scored.tree
    hits = np.flatnonzero(scored.keep)
    inner = np.array([i for i in hits if pt.blocks[int(i)].text in text], dtype=np.int64)
    if inner.size == 0:
        inner = hits
    if inner.size == 0:
        return Region([], frozenset(), frozenset())
    root = pt.common_ancestor(inner)
    up = int(pt.parent[root])
    near = np.zeros(pt.n_nodes, dtype=np.int64)
    near[up if up > 0 else root] = 1
    under = pt.inherit_or(near).astype(bool)[pt.block_node]
    last = max(int(i) for i in hits if under[i] and i >= inner[0])
    # the wall box stands where an article's text stops: the blocks right after
    # the last kept one, in the same parent; not on other page types (a form's
    # or a thread's "enable JavaScript" after a service page's content), not
    # hidden ones (a wall modal shipped hidden on an open page). The likeliest
    # type, not the record's: a teaser and its wall box in another language
    # are an article 0.6-0.95 likely to the word-less typing, under its
    # article bar (0.95), and were called forums (helper-written wall boxes,
    # docs/EXTRACTION.md)
    after: list[Block] = []
    beyond: list[Block] = []
    if scored.likeliest == "article" and last + 1 < len(pt.blocks):
        hidden = pt.hidden_blocks()
        end = last + 1
        while end < len(pt.blocks) and end <= last + END_BLOCKS and under[end]:
            end += 1
        after = [pt.blocks[i] for i in range(last + 1, end) if not hidden[i]]
        # up to the page's footer (a meter bar after it is furniture), past the
        # page's chrome: a side rail, a comment section, a newsletter box named
        # so are no wall box
        tags = pt.inherit_or(pt.tag_bits)[pt.block_node]
        named = pt.inherit_or(np.left_shift(1, pt.own_verdict.astype(np.int64)))[pt.block_node]
        for i in range(last + 1, min(len(pt.blocks), last + 1 + BEYOND_SCAN)):
            if len(beyond) == BEYOND_BLOCKS or (tags[i] & _FOOTER_BIT and not under[i]):
                break
            if not (hidden[i] or tags[i] & _CHROME_BITS or named[i] & _CHROME_NAMES):
                beyond.append(pt.blocks[i])
    return Region(
        pt.blocks[int(inner[0]) : last + 1],
        frozenset({root}),
        frozenset({up}) if up > 0 else frozenset(),
        after,
        beyond,
    )
