"""Whether a page withheld article text: the ``paywalled`` flag.

``paywalled`` is set on evidence that text is missing, not on what a publisher
declares (that is ``access``; metered and subscription sites often serve the
whole article to crawlers). The evidence:

- **a wall notice where the article stops**: a block of the article region
  removed as an access wall (or a JavaScript wall) with little article text
  after it. The same words in the middle of an article are a promotion: the
  text goes on. Notices are the phrase tables' families that mark a page
  withheld (``"paywall": true``: an offer to start a trial, JavaScript asked for
  a comment form withhold nothing) and lines the wall scorer
  (``newsclean.clean.wall``) recognises however they are worded: next to a
  notice the tables found (wall boxes come in clusters) and at the end of the
  article of a page that shows an access regime. On an article page the few
  visible blocks right after its last kept one count too, in the wording of
  those families (a wall box beside the article element, which the block model
  leaves out), and the first few after it wherever they stand, up to the
  page's footer, in the wording of the access-wall families or as two lines
  the wall scorer is fairly sure of (``wall_box``). A notice under a hidden
  element (a wall
  modal the page ships hidden) is hidden text, not withheld text;
- **a wall element at the article**: an element named like an access wall
  (``class="paywall"``...) whose words are wall words, inside the article
  region or beside it (under the region's parent). A meter bar or a log-in
  dialog elsewhere on the page is page furniture;
- **a declared gated part that is empty**: JSON-LD ``hasPart`` with
  ``isAccessibleForFree: false`` names the gated part by CSS selector; when
  the page's elements of that name hold hardly any text, the part was cut.

- **a body cut short of its declared length**: on a page declaring restricted
  access (``metered`` or ``subscription``), a record holding less than half the
  words the publisher declares the article has (schema.org ``wordCount``): the
  teaser a metered site serves when its wall is drawn by script.

All of it yields to the article's declared length (schema.org ``wordCount``):
a record holding at least 90% of the words the publisher says the article has
withheld nothing, whatever notice or wall box the page shows beside it (a
newsletter prompt that reads like a wall, a wall box a crawler is shown with
the whole text). On the 78 development pages that declare their article's
length, the record holds at least 90% of it on 75 (median 0.99); the one walled
page's record holds 32%.

An access wall may empty a record (``empty``, reason ``access_wall``) only when
the page holds nothing else to read: a log-in or sign-up prompt on a page that
carries its content is furniture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from newsclean.clean.charclass import word_equivalent
from newsclean.clean.phrase_scan import match_texts
from newsclean.clean.phrases import PhraseHit, match_phrase
from newsclean.clean.wall import MAX_CHARS, SURE_SCORE, model, wall_line_scores, wall_lines
from newsclean.html.content import Block
from newsclean.html.dom import norm_space
from newsclean.html.nodes import PageTree
from newsclean.record import Removed

WALL_REASONS = frozenset(("paywall", "javascript"))
# After a wall notice that withholds the rest, at most this much article text
# follows (a caption, a "related" line the filters missed).
TAIL_CHARS = 300
# A gated part with less text than this was cut (a teaser, an empty box).
GATED_CHARS = 200
# A page with this much text beside its wall notices carries content: a wall
# on it does not empty the record.
CONTENT_CHARS = 300
# Wall wording is short; longer text is read only from its start.
MAX_NOTICE_CHARS = 800
# Wall notices stand where the text stops: the last blocks of the article.
TAIL_BLOCKS = 4
# The model judges notice-sized blocks at its threshold: a closing paragraph of
# an article in a language the model has seen little of can share its n-grams.
# Longer ones, up to the scorer's own limit (wall.MAX_CHARS: a notice of two
# sentences, "You have reached your limit of free articles this month. Subscribe
# for unlimited access."), only at its sure score: no reference block of 101-300
# characters among the last four of a development page's article scores above
# -0.74, against 2.2.
TAIL_NOTICE_CHARS = 100
# Notices the model is fairly sure of (``OPEN_TAIL_SCORE``) among the last
# blocks that make a page walled without any other sign of an access regime.
# At the model's threshold two lines would flag an open development page (a
# deals article's "Sign up for a Hulu ad-free account for $11.99 a month", 0.88,
# and "If you already have a Hulu account...", 0.04).
TAIL_WALL_LINES = 2
# Without that sign, a notice-sized block among the last ones goes from the text
# (the page stays unflagged) from this score on: of the reference lines among
# the last four blocks of the 1,808 development pages' articles, one
# notice-sized line scores above 0.88 ("To be continued", 4.2: the model reads
# "continue" as walls do) and one longer ("This article is republished from The
# Conversation...", 1.58). Where the text stops (the trailing run of blocks the
# model calls notices at its threshold) the threshold is enough, as on text
# (clean/lines.py): of the 1,250 last lines of the wall model's training
# references, out of fold, eight score above it, all of them calls to action the
# references kept ("Subscribe", "Become a Member", "Continue reading the main
# story"). Longer blocks still need the sure score (``_notices``).
OPEN_TAIL_SCORE = 1.5
# A record with this share of the article's declared words (wordCount) holds the
# whole article. Declared counts run a little above the text (captions, a
# standfirst): below it stay two complete development records (0.76, 0.81 of
# theirs, their references as short) and the walled one (0.32).
COMPLETE_SHARE = 0.9
# A declared length under this says nothing (a count of the teaser, a template's
# placeholder).
MIN_DECLARED_WORDS = 100
# On a page declaring restricted access, a record with less than this share of the
# declared words is a teaser. Complete development records hold 0.76 or more of
# theirs, the walled one 0.32.
CUT_SHORT_SHARE = 0.5


def is_wall_notice(text: str) -> bool:
    """Whether a text is access-wall or JavaScript-wall wording: a wall family
    of the phrase tables, or a short line the wall-notice model recognises in
    any wording (``newsclean.clean.wall``)."""
    return wall_notices([text])[0]


def wall_notices(texts: Sequence[str]) -> list[bool]:
    """``is_wall_notice`` of each text, the model scoring them in one batch."""
    return [r is not None for r in wall_reasons(texts)]


def notice_hit(text: str) -> PhraseHit | None:
    """The phrase family a text is in, read from its start (wall wording is short)."""
    return match_phrase(text[:MAX_NOTICE_CHARS]) if text else None


def notice_hits(texts: Sequence[str]) -> list[PhraseHit | None]:
    """``notice_hit`` of each text, in one scan of the phrase families."""
    return match_texts([text[:MAX_NOTICE_CHARS] for text in texts])


def wall_reasons(texts: Sequence[str], *, model: bool = True) -> list[str | None]:
    """For each text, the wall reason it goes for when it is wall wording
    (``javascript`` for a JavaScript or cookie wall the phrase tables name,
    else ``paywall``), None when it is not; ``model``: also the lines the
    wall-notice model recognises (else the phrase tables' wall families only)."""
    out: list[str | None] = [None] * len(texts)
    ask: list[int] = []
    given = [i for i, text in enumerate(texts) if text]
    for i, hit in zip(given, notice_hits([texts[i] for i in given]), strict=True):
        if hit is not None and (bool(hit.paywall) or hit.reason in WALL_REASONS):
            out[i] = hit.reason if hit.reason in WALL_REASONS else "paywall"
        else:
            ask.append(i)
    if ask and model:
        for i, wall in zip(ask, wall_lines([texts[i] for i in ask]), strict=True):
            if wall:
                out[i] = "paywall"
    return out


def marks_withheld(text: str) -> bool:
    """Whether a removed wall notice says that text is withheld: one the
    phrase tables name in a family that marks the page withheld
    (``"paywall": true``: "Subscribe to keep reading"), or one only the
    wall-notice model recognised. Wall wording of the other families says
    nothing of the sort ("Your browser does not support the video tag")."""
    hit = notice_hit(text)
    return hit is None or bool(hit.paywall)


def withholding_notices(removed: Sequence[Removed]) -> set[str]:
    """The texts of the removed wall notices that mark the page withheld
    (``marks_withheld``)."""
    return {r.text for r in removed if r.reason in WALL_REASONS and marks_withheld(r.text)}


def withholding_wording(texts: Sequence[str]) -> bool:
    """Whether any text is in the wording of a phrase-table family that marks
    the page withheld."""
    return any(hit is not None and hit.paywall for hit in notice_hits(texts))


NoticeReason = Callable[[Block], str]


def _paywall(block: Block) -> str:
    return "paywall"


def notice_reason(pt: PageTree) -> NoticeReason:
    """The reason a wall notice the model found goes for: ``hidden`` under a
    hidden element (a wall modal the page ships hidden and shows by script:
    its text is not withheld text), else ``paywall``. The hidden blocks are
    found the first time a notice asks."""
    hidden: set[int] | None = None

    def reason(block: Block) -> str:
        nonlocal hidden
        if hidden is None:
            flags = pt.hidden_blocks().tolist()
            hidden = {id(b) for b, h in zip(pt.blocks, flags, strict=True) if h}
        return "hidden" if id(block) in hidden else "paywall"

    return reason


@dataclass(frozen=True, slots=True)
class Tail:
    """``tail_notices``' answer: the blocks still kept, and the notices it
    removed on the wall model's word alone."""

    kept: list[Block]
    unconfirmed: frozenset[str] = frozenset()
    """Texts of notices removed with nothing else on the page saying that
    access is restricted: out of the text, but no evidence that text was
    withheld (``wall_at_end``)."""


def tail_notices(kept: Sequence[Block], removed: list[Removed], walled: bool,
                 reason: NoticeReason = _paywall) -> Tail:
    """Wall notices the phrase tables missed, where walls stand: among the last
    ``TAIL_BLOCKS`` blocks of the article of a page that shows an access
    regime (``walled``: it declares metered or subscription access, has
    wall-named elements, or the phrase tables found a wall notice in its
    article); a block longer than a notice only when the model is sure of it
    (``_notices``). Short closing lines of any article ("To be continued...", "Rate
    this article") share words with walls, so one line the model recognises
    needs the page's own wall signal; ``TAIL_WALL_LINES`` of them the model is
    fairly sure of (``OPEN_TAIL_SCORE``) are that signal (a wall box phrased
    unlike the tables). The notices go to ``removed`` for ``reason``
    (``paywall``); article text before them stays. Only those the model is
    fairly sure of are evidence that text is withheld: a line merely above its
    threshold goes from the text unconfirmed (``Tail.unconfirmed``), as metered
    sites declare restricted access whatever they serve (on the held-out wall
    probe's declared pages, control lines flagged 19 -> 14 of 60, notices 76 ->
    74 of 80).

    Without that signal the notices where the text stops (the trailing run of
    blocks the model recognises) and, before them, notice-sized lines the model
    is fairly sure of ("Il vous reste 72 % de cet article à lire"; a longer one
    at ``wall.SURE_SCORE``) still go, but only from the text: lines the model
    is as sure of also close open articles ("Save this article to your
    account", "Rate this article"), so they do not mark the page withheld
    (``Tail.unconfirmed``)."""
    if not kept:
        return Tail(list(kept))
    start = max(0, len(kept) - TAIL_BLOCKS)
    tail = [b.text for b in kept[start:]]
    if all(len(t) > MAX_CHARS for t in tail):
        return Tail(list(kept))
    scores = wall_line_scores(tail)
    short = _notice_sized(tail)
    flagged = _notices(tail, scores, short=short).tolist()
    fairly_sure = _notices(tail, scores, OPEN_TAIL_SCORE, short=short).tolist()
    if walled or sum(fairly_sure) >= TAIL_WALL_LINES:
        flags = flagged
        # the scorer's word below the fairly-sure bar is no evidence on its own
        unconfirmed = frozenset(t for t, f, s in zip(tail, flagged, fairly_sure, strict=True)
                                if f and not s)
    else:
        flags = fairly_sure
        # where the text stops: the trailing run of notices at the threshold
        for i in range(len(tail) - 1, -1, -1):
            if not flagged[i]:
                break
            flags[i] = True
        unconfirmed = frozenset(t for t, f in zip(tail, flags, strict=True) if f)
    walls = {id(b) for b, wall in zip(kept[start:], flags, strict=True) if wall}
    return Tail(_take_out(kept, walls, removed, reason), unconfirmed)


def notices_beside_walls(
    chosen: Sequence[Block], kept: Sequence[Block], removed: list[Removed],
    reason: NoticeReason = _paywall,
) -> list[Block]:
    """Wall notices come in clusters ("This article is for subscribers only",
    "Already a subscriber? Log in", an offer's price), wherever the wall box
    stands: a kept block next to a notice the phrase tables removed
    (``chosen``: the model's blocks in document order, ``kept``: those still
    kept) goes too when the wall-notice model recognises it (``_notices``: a
    block longer than a notice only when it is sure of it), and so on along
    the cluster. The notices go to ``removed`` for ``reason`` (``paywall``)."""
    notices = {r.text for r in removed if r.reason in WALL_REASONS}
    if not notices or not kept:
        return list(kept)
    kept_ids = {id(b) for b in kept}
    # the removed notices, then each round the kept neighbours the model calls walls
    frontier = [i for i, b in enumerate(chosen) if id(b) not in kept_ids and b.text in notices]
    asked: set[int] = set()
    found: set[int] = set()
    while frontier:
        ask = sorted({
            j for i in frontier for j in (i - 1, i + 1)
            if 0 <= j < len(chosen) and j not in asked and id(chosen[j]) in kept_ids
            and len(chosen[j].text) <= MAX_CHARS
        })
        asked.update(ask)
        texts = [chosen[j].text for j in ask]
        flags = _notices(texts, wall_line_scores(texts)).tolist() if ask else []
        frontier = [j for j, wall in zip(ask, flags, strict=True) if wall]
        found.update(id(chosen[j]) for j in frontier)
    return _take_out(kept, found, removed, reason)


def _notice_sized(texts: Sequence[str]) -> np.ndarray:
    """Which texts are notice-sized (``TAIL_NOTICE_CHARS``)."""
    return np.fromiter((len(t) <= TAIL_NOTICE_CHARS for t in texts), dtype=bool,
                       count=len(texts))


def _notices(texts: Sequence[str], scores: np.ndarray, bar: float | None = None, *,
             short: np.ndarray | None = None) -> np.ndarray:
    """Which of ``texts`` (scored by ``wall_line_scores``) the model calls wall
    notices: notice-sized ones (``short``, computed when None) from ``bar`` (the
    model's threshold when None), longer ones at its sure score."""
    if short is None:
        short = _notice_sized(texts)
    short_bar = model().threshold if bar is None else bar
    return np.where(short, scores >= short_bar, scores >= SURE_SCORE)


def _take_out(kept: Sequence[Block], notices: set[int], removed: list[Removed],
              reason: NoticeReason) -> list[Block]:
    """``kept`` without the blocks whose ids are in ``notices``, which go to
    ``removed`` for ``reason``."""
    if not notices:
        return list(kept)
    removed.extend(Removed(b.text, reason(b)) for b in kept if id(b) in notices)
    return [b for b in kept if id(b) not in notices]


@dataclass(frozen=True, slots=True)
class Wall:
    """An element named like an access wall (class/id), with its text and the
    indices of the elements above it (``nodes.PageTree`` numbering)."""

    text: str
    ancestors: frozenset[int]


@dataclass(frozen=True, slots=True)
class Region:
    """The article region as the withheld test sees it."""

    blocks: Sequence[Block]
    """The region's blocks, in document order."""
    roots: frozenset[int]
    """The element holding every kept block."""
    parents: frozenset[int]
    """Its parent (not <body>): where a wall beside the article sits."""
    after: Sequence[Block] = ()
    """The few blocks right after the last kept one, in that parent."""
    beyond: Sequence[Block] = ()
    """The few visible blocks after the last kept one wherever they stand (a wall
    box beside the article's parent)."""


def wall_at_end(region: Region, kept_text: Sequence[str], removed: Sequence[Removed],
                unconfirmed: frozenset[str] = frozenset()) -> bool:
    """A notice that text is withheld with little kept text after it: removed
    from the region, or right after the article's last kept block (a wall box
    beside the article element): in the wording of a phrase family that marks a
    page withheld in its parent, or a wall box among the next few visible blocks
    wherever they stand (``wall_box``). Wall-box wording that withholds nothing
    (an offer, a widget's JavaScript notice) does not count (``marks_withheld``),
    nor do the notices ``tail_notices`` removed on the model's word alone
    (``unconfirmed``)."""
    if withholding_wording([b.text for b in region.after]) or \
            wall_box([b.text for b in region.beyond]):
        return True
    walls = withholding_notices(removed) - unconfirmed
    if not walls:
        return False
    kept = set(kept_text)
    after = 0
    seen = False
    for block in region.blocks:
        if block.text in walls:
            seen, after = True, 0
        elif seen and block.text in kept:
            after += len(block.text)
    return seen and after <= TAIL_CHARS


def wall_box(texts: Sequence[str]) -> bool:
    """Whether ``texts`` (the blocks after an article) hold a wall box: a line in
    the wording of the tables' access-wall families (not a JavaScript notice:
    after an article it is mostly a comment widget's), or ``TAIL_WALL_LINES``
    lines the wall-notice model is fairly sure of (``OPEN_TAIL_SCORE``; a block
    longer than a notice at the sure score) that no other family names ("Keep
    reading with a ... subscription", "Already subscribed? Sign in to your
    account"). One line of the model's is not enough: "Continue reading the main
    story" and "Did you like this article? You can buy me a coffee." follow
    complete development articles."""
    if len(texts) == 0:
        return False
    hits = notice_hits(texts)
    if any(h is not None and h.reason == "paywall" and h.paywall for h in hits):
        return True
    if len(texts) < TAIL_WALL_LINES:
        return False
    sure = _notices(texts, wall_line_scores(texts), OPEN_TAIL_SCORE).tolist()
    return sum(s and (h is None or h.reason == "paywall")
               for s, h in zip(sure, hits, strict=True)) >= TAIL_WALL_LINES


def _declared_share(declared_words: int | None, text: str) -> float | None:
    """The share of the article's declared length that ``text`` holds; None when
    no length of ``MIN_DECLARED_WORDS`` or more is declared."""
    if declared_words is None or declared_words < MIN_DECLARED_WORDS:
        return None
    return word_equivalent(text) / declared_words


def withheld_given_length(signalled: bool, restricted: bool, declared_words: int | None,
                          text: str) -> bool:
    """Whether ``text`` is withheld, the page's wall signals (``signalled``: a
    notice where the text stops, a wall element, an empty gated part) weighed
    against the publisher's declared length of the article: a record holding
    ``COMPLETE_SHARE`` of it withheld nothing, whatever the signals; one holding
    less than ``CUT_SHORT_SHARE`` of an article the page declares metered or
    subscription (``restricted``) is a teaser without any. The record's words are
    counted only when the answer can turn on them."""
    if not (signalled or restricted):
        return False
    share = _declared_share(declared_words, text)
    if share is None:
        return signalled
    if share >= COMPLETE_SHARE:
        return False
    return signalled or (restricted and share < CUT_SHORT_SHARE)


def wall_element_at_article(walls: Sequence[Wall], region: Region) -> bool:
    """An element named like an access wall, with wall words, in or beside the region."""
    for wall in walls:
        near = not wall.ancestors.isdisjoint(region.roots) or not wall.ancestors.isdisjoint(
            region.parents
        )
        if near and is_wall_notice(wall.text):
            return True
    return False


def gated_part_missing(tree: LexborHTMLParser, selectors: Sequence[str]) -> bool:
    """The declared gated parts (``hasPart.cssSelector``) are on the page but
    hold hardly any text. A selector that matches nothing says nothing: many
    sites declare one their markup never uses."""
    matched = False
    text = 0
    for selector in selectors:
        try:
            found = tree.css(selector)
        except ValueError:  # a selector lexbor cannot parse names nothing we can check
            continue
        matched = matched or bool(found)
        text += sum(len(norm_space(n.text(separator=" ") or "")) for n in found)
    return matched and text < GATED_CHARS


def only_a_wall(blocks: Sequence[Block], visible: str) -> bool:
    """Whether the page shows an access wall (``visible``: the text that may say
    so) and holds nothing to read beside wall notices: the only case where a
    wall empties the record. Every block of the page counts, kept or not (a
    forum's posts behind a log-in prompt are something to read)."""
    if not is_wall_notice(visible):
        return False
    chars = 0
    for block in blocks:
        if not is_wall_notice(block.text):
            chars += len(block.text)
            if chars >= CONTENT_CHARS:
                return False
    return True
