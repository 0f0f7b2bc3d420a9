"""clean_blocks: decide for every line/block whether it is article text, and why not.

Evidence, in order: the headline (recovered or given) and its copies, the junk
phrase families (phrases.py, each hit a removal with its family's reason), and
the line model (model.py: the line's form, n-grams, neighbours and
repetition) for the furniture no phrase list enumerates. Every line is matched
in its normalised form (newsclean.text); the lines given back are the originals.

Text that is already an extraction (most of it prose, or blocks of an HTML
article region) is cleaned recall first: only lines the model is sure of go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsclean.clean import charclass as cc
from newsclean.clean.datelines import is_dated_byline, is_dateline_like
from newsclean.clean.extraction import (
    PROSE_SHARE,
    edge_distance,
    edges_apart,
    extraction_features,
    prose_lines,
)
from newsclean.clean.features import PHRASE_GROUPS
from newsclean.clean.model import LineModel, shipped_model
from newsclean.clean.phrase_scan import match_lines
from newsclean.clean.phrases import PhraseHit
from newsclean.clean.sections import section_cut, section_openers
from newsclean.clean.shape import make_doc
from newsclean.clean.wall import SURE_SCORE, wall_line_scores
from newsclean.clean.wall import model as wall_model
from newsclean.metadata.authors import byline_line_names
from newsclean.record import Removed
from newsclean.text import (
    UNSPACED_CHAR_RE,
    UNSPACED_CHARS,
    JoinedLines,
    as_shown,
    fold,
    has_words,
    list_item,
    normalise_lines,
    normalise_text,
    visible,
    without_bullets,
)

# Separators between a headline and the site name in "<title> | <site>" lines.
# Scripts written without spaces set them without spaces too ("标题｜新华网",
# "标题_新浪网", "标题-中新网"): beside such a character a bar or an underscore
# separates as a spaced one does; a dash only where the split is confirmed (a
# known title, or the headline repeated below), as headlines use dashes. Those
# patterns are tried on lines that hold such a character only (_separators).
_SPACED_SEP = r"\s+(?:[|•·»:~]|::|[-–—]|at|on|auf|sur|en|su|em|op|на)\s+"
_STRICT_SEP = r"\s+(?:[|•·»~]|::|[-–—])\s+"
_UNSPACED_BAR = rf"(?<=[{UNSPACED_CHARS}])\s*[|_｜＿]\s*|\s*[|_｜＿]\s*(?=[{UNSPACED_CHARS}])"
_UNSPACED_DASH = rf"(?<=[{UNSPACED_CHARS}])\s*[-–—]\s*(?=[{UNSPACED_CHARS}])"
_SITE_SEP_RE = re.compile(_SPACED_SEP, re.I)
_SITE_SEP_UNSPACED_RE = re.compile(rf"{_SPACED_SEP}|{_UNSPACED_BAR}|{_UNSPACED_DASH}", re.I)
_STRICT_SEP_RE = re.compile(_STRICT_SEP)
_STRICT_SEP_UNSPACED_RE = re.compile(rf"{_STRICT_SEP}|{_UNSPACED_BAR}")
_WORD_RE = re.compile(r"[^\W_]+")


def _separators(line: str, strict: bool = False) -> list[re.Match[str]]:
    """The site separators of ``line``, in order (``strict``: the ones strong
    enough to split a line with no copy of its headline below)."""
    unspaced = UNSPACED_CHAR_RE.search(line) is not None
    if strict:
        return list((_STRICT_SEP_UNSPACED_RE if unspaced else _STRICT_SEP_RE).finditer(line))
    return list((_SITE_SEP_UNSPACED_RE if unspaced else _SITE_SEP_RE).finditer(line))


MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 30
MAX_SITE_WORDS = 6
# Above the story a dateline and an update line, or the page header's date: more
# date lines than this there are a list of dated items.
MAX_DATELINES = 2
# Extracted text whose paragraphs of at least DUPLICATE_LINE_CHARS characters,
# repeated word for word, make up DUPLICATE_SHARE of it holds a second copy of
# the article (an AMP, print or embedded-data copy).
DUPLICATE_LINE_CHARS = 60
DUPLICATE_SHARE = 0.4
# Whole-page text (not an extraction): a kept line that, case folded and at least
# this long, is a kept line above it is the page's second copy (a responsive
# layout's menus and teasers, a carousel's cloned slides). Out of fold on
# wcxb-dev train html-text (scripts/train_line_model.py reports it): articles
# +0.0033 of mean page F1 (precision +0.007, recall -0.002), other pages +0.003;
# on text read as an extraction (trafilatura's output, text seeds, Readability's
# lorem-ipsum test pages, which repeat paragraphs on purpose) it is not applied.
PAGE_COPY_CHARS = 20
# A kept line the wall scorer flags goes as "paywall" only when at least this
# share of its 3-grams were seen in training (ngrams.familiarity).
WALL_FAMILIARITY = 0.9
# A line of at most this many words without a sentence mark is a label.
LABEL_WORDS = 4
# How far above the first kept line the nearest dropped date line (or whole
# byline) is the article's dateline (share buttons, a caption, a standfirst, a
# lead image's credit may sit between). On wcxb-dev train html-text (579 dated
# pages), with the other rules of the forty-seventh session: 10 lines: right
# 338, wrong 53, undated pages given a date 51; 15: 352 / 54 / 53; 20: 356 / 54
# / 54; 25: 359 / 54 / 55 (resiliparse's text 310 / 48 / 47, 327 / 50 / 50, 331 /
# 51 / 51, 334 / 51 / 54); authors right 128 -> 132 at 20, no more wrong. A
# date further up is the site header's (today's) more often.
DATELINE_REACH = 20
# Below the first kept line (a standfirst or a lead paragraph above the
# dateline), when none is above: on the same pages' texts left without a date,
# the first dropped date line within 1 / 2 / 4 / 7 / 11 lines below gives the
# reference day on 5 / 12 / 15 / 16 / 16 pages, another day on 0 / 1 / 1 / 1 /
# 4, and a date to 0 / 0 / 1 / 3 / 3 pages the reference gives none.
DATELINE_BELOW_REACH = 4
_SENTENCE_MARKS = tuple(".!?:;。！？")
# What tells a story's dateline and its byline, each among the lines near the
# story (a dated byline is a dateline): removed as `byline`, they fill the record.
_METADATA_LINES = (is_dateline_like, byline_line_names)


@dataclass(slots=True)
class CleanResult:
    lines: list[str]
    removed: list[Removed] = field(default_factory=list)
    paywalled: bool = False
    title: str | None = None
    site_name: str | None = None


def _split_site(line: str, known_title: str) -> tuple[str, str] | None:
    """(title, site) when ``line`` reads "<title> SEP <site>" or "<site> SEP <title>"."""
    folded_title = fold(known_title)
    for m in reversed(_separators(line)):
        head, tail = line[: m.start()].strip(), line[m.end() :].strip()
        if not head or not tail:
            continue
        if fold(head) == folded_title and len(tail.split()) <= MAX_SITE_WORDS:
            return head, tail
        if fold(tail) == folded_title and len(head.split()) <= MAX_SITE_WORDS:
            return tail, head
    return None


def _table_row(line: str) -> bool:
    """A row of a table of several filled cells ("| Plan | Price |", as
    extractors write tables): no headline, though its cells recur further down
    (a layout table's one cell, "| <masthead> | |", reads as its text)."""
    return line[0] == "|" and sum(1 for cell in line.split("|") if cell.strip()) >= 2


def _title_like(line: str, hit: PhraseHit | None) -> bool:
    if not line or len(line) > MAX_TITLE_CHARS or _table_row(line):
        return False
    # a headline has a word to read: "0", "≡", a phone number or a bare
    # address are the page's furniture
    if not has_words(line, 1):
        return False
    # a headline does not end like a statement (an ellipsis is a teaser's cut)
    if line[-1] in cc.FULL_STOP_CHARS and not line.endswith("..."):
        return False
    # in a script written without spaces a whitespace "word" is a clause: half
    # the characters stand for its words (charclass.word_equivalent)
    return hit is None and cc.word_equivalent(line) <= MAX_TITLE_WORDS


def _guess_site_split(line: str, others: Sequence[str],
                      others_lower: Sequence[str] | None = None) -> tuple[str, str | None]:
    """Split a leading "<headline> | <site>" line without a known title;
    ``others_lower`` is ``others`` case-folded, when the caller has it."""
    candidates = _separators(line)
    if not candidates:
        return line, None
    # prefer a split whose headline part is repeated as its own line further down;
    # a line folding to a part is at least half as long as the shortest part and
    # holds the part's longest word (one substring test rules most lines out)
    shortest = min(min(m.start(), len(line) - m.end()) for m in candidates)
    lo, hi = shortest // 2, len(line)
    if others_lower is None:
        others_cf = [x.casefold() for x in others if lo <= len(x) <= hi]
    else:
        others_cf = [c for x, c in zip(others, others_lower, strict=True) if lo <= len(x) <= hi]

    def repeated(part: str) -> bool:
        key = max(_WORD_RE.findall(part.casefold()), key=len, default="")
        target = fold(part)
        return bool(key) and any(key in x and fold(x) == target for x in others_cf)

    for m in reversed(candidates):
        head, tail = line[: m.start()].strip(), line[m.end() :].strip()
        if head and tail and len(tail.split()) <= MAX_SITE_WORDS and repeated(head):
            return head, tail
        if head and tail and len(head.split()) <= MAX_SITE_WORDS and repeated(tail):
            return tail, head
    strict = _separators(line, strict=True)
    if strict:
        m = strict[-1]
        head, tail = line[: m.start()].strip(), line[m.end() :].strip()
        if head and tail and len(tail.split()) <= 4 and len(head.split()) >= len(tail.split()):
            return head, tail
    return line, None


def find_title(norm: Sequence[str], hits: Sequence[PhraseHit | None],
               lower: Sequence[str] | None = None) -> tuple[int, str | None, str | None]:
    """(index of the headline line or -1, title, site) for text without metadata:
    the first line, when it reads like a headline (``lower``: the lines
    case-folded, when the caller has them)."""
    if not norm or not _title_like(norm[0], hits[0]):
        return -1, None, None
    title, site = _guess_site_split(norm[0], norm[1:], None if lower is None else lower[1:])
    return 0, title, site


def _as_written(line: str, title: str, site: str | None) -> tuple[str, str | None]:
    """The headline ``title`` and site name ``site`` that find_title read in the
    normalised form of ``line``, as ``line`` writes them: a record's text fields
    keep the writer's quotes, ellipses and full-width forms, which normalising
    folds ("5" for "５", "..." for "…"); only what a reader does not see is
    tidied (``text.as_shown``: no-break spaces between a scraped headline's
    words are layout, a zero-width space is nothing)."""
    if site is None:
        whole = as_shown(line)
        return (whole, None) if normalise_text(whole).strip() == title else (title, None)
    return _written_part(line, title), _written_part(line, site)


def _written_part(line: str, part: str) -> str:
    """``part``, the normalised text on one side of a site separator in
    ``line``, as ``line`` writes it; ``part`` itself when no side of the
    original normalises to it (a character normalising removes sat in the
    separator)."""
    line = as_shown(line)
    for m in reversed(_separators(line)):
        for side in (line[m.end() :].strip(), line[: m.start()].strip()):
            if normalise_text(side).strip() == part:
                return side
    return part


def _title_duplicate(line: str, title: str) -> tuple[bool, str | None]:
    ft = fold(line)
    if not ft:
        return False, None
    if ft == fold(title):
        return True, None
    if len(line) > 2 * len(title) + 80:
        return False, None
    split = _split_site(line, title)
    return (True, split[1]) if split is not None else (False, None)


def keep_lines(probs: np.ndarray, norm: Sequence[str], *, extracted: bool, precise: bool,
               params: dict[str, float], prose: np.ndarray | None = None,
               edges: bool = True, far_edges: bool = False) -> np.ndarray:
    """Which lines the model keeps: recall first on text that is already an
    extraction (``extracted``: model.looks_extracted's verdict, or an HTML
    article region), a stricter threshold on whole-page text. In an extraction
    of an article (``edges``: extraction.edges_apart), the lines around its prose
    (``t_edge``) are where a scraper's leftovers sit (menu labels, teasers of
    other stories, share and newsletter prompts); inside it, a short line is a
    subheading or a quote far more often. A listing's or a thread's extraction
    has little prose, and the lines around it are its items: no edge there.
    ``far_edges`` (text input, not the HTML path, whose regions end at their
    blocks): lines ``far_lines`` or more outside the prose take ``t_far``, as
    the lines a scraper kept around an article's container (a byline or a
    standfirst sits next to the prose, a menu or the next story further out).
    ``prose`` is prose_lines(norm) when the caller has it. On whole-page text,
    the lines above the first line the model is sure of (``sure``) take
    ``t_above`` and those below the last one ``t_below``: the menu and the
    site's header sit above the story, the footer and the next stories below
    (model files without them: ``t_page`` throughout)."""
    if extracted:
        t = np.full(len(norm), params["t_extracted"])
        if edges:
            dist = edge_distance(norm, prose)
            t[dist > 0] = params.get("t_edge", params["t_extracted"])
            if far_edges and "t_far" in params:
                far = dist >= params["far_lines"]
                if "side_lines" in params:
                    far |= long_sides(dist, int(params["side_lines"]))
                t[far] = params["t_far"]
    else:
        t = np.full(len(norm), params["t_page"])
        sure = np.flatnonzero(probs >= params.get("sure", 2.0))
        if sure.size:
            t[: sure[0]] = params["t_above"]
            t[sure[-1] + 1 :] = params["t_below"]
    if precise:
        t += params["precise_bonus"]
    return probs >= t


def long_sides(dist: np.ndarray, side_lines: int) -> np.ndarray:
    """The lines outside an extraction's prose (``dist``: edge_distance) on a
    side (before its first prose line, after its last) that holds at least
    ``side_lines`` of them: a scraper's leftovers come in runs (a menu, a list
    of other stories, a share and newsletter block), an extractor's own edges
    are a line or two (a headline, a standfirst, a byline, a caption)."""
    out = np.zeros(dist.size, dtype=bool)
    inside = np.flatnonzero(dist == 0)
    if not inside.size:
        return out
    first, last = int(inside[0]), int(inside[-1])
    if first >= side_lines:
        out[:first] = True
    if dist.size - 1 - last >= side_lines:
        out[last + 1:] = True
    return out


@dataclass(slots=True)
class Evidence:
    """What is known of each line before the model: its normalised form, the
    phrase family or headline copy that decides it, whether it opens a section."""

    lines: list[str]  # the lines to decide (the recovered headline line left out)
    norm: list[str]
    decided: dict[int, str]
    paywalled: bool
    title: str | None
    site_name: str | None
    title_dup: np.ndarray
    openers: list[str | None]
    lower: list[str]  # norm case-folded (title copies, section stems, repetition)
    # the first line, when it was taken as the headline of text without metadata
    headline: str | None = None

    @property
    def phrase_group(self) -> np.ndarray:
        group = np.zeros(len(self.lines), dtype=np.int64)
        for i, reason in self.decided.items():
            group[i] = PHRASE_GROUPS.get(reason, 0)
        return group

    @property
    def opener(self) -> np.ndarray:
        return np.array([o is not None for o in self.openers], dtype=bool)


def _casefold_lines(norm: list[str]) -> list[str]:
    """Each line case-folded, line by line: str.casefold folds an ASCII string at
    memory speed, and most lines are ASCII, while one other character sends a
    whole joined text down the slow path (2-3 times the time on the
    validation pages)."""
    return [x.casefold() for x in norm]


def _lines_holding(lower: list[str], key: str) -> list[int]:
    """The indices of the lines of ``lower`` that hold ``key`` (a string
    without line breaks), ascending: one scan of the joined lines, not a test
    per line."""
    if not key:
        return list(range(len(lower)))
    joined = JoinedLines(lower)
    found: list[int] = []
    at = joined.text.find(key)
    while at >= 0:
        i = joined.line_at(at)
        found.append(i)
        # the next occurrence in a later line
        at = joined.text.find(key, joined.starts[i + 1]) if i + 1 < len(lower) else -1
    return found


def gather_evidence(lines: list[str], *, title: str | None, site_name: str | None,
                    from_html: bool) -> Evidence:
    """The headline, its copies, phrase families and section openers of ``lines``
    (stripped, non-empty). Text without metadata gives up its headline line."""
    # a bulleted item reads as the same item unbulleted (resiliparse's plain text)
    norm = without_bullets(normalise_lines(lines))
    hits = match_lines(norm)
    lower = _casefold_lines(norm)
    headline = None
    if title is None and not from_html and not list_item(lines[0]):
        idx, found, site = find_title(norm, hits, lower)
        if idx >= 0 and found is not None:
            headline = lines[idx]
            title, site = _as_written(headline, found, site)
            site_name = site_name or site
            lines, norm, hits = lines[idx + 1 :], norm[idx + 1 :], hits[idx + 1 :]
            lower = lower[idx + 1 :]
    n = len(lines)
    decided: dict[int, str] = {}
    title_dup = np.zeros(n, dtype=bool)
    if title:
        ntitle = normalise_lines([title])[0]
        # a copy of the title holds its longest word: most lines are ruled out by
        # one substring test
        key = max(_WORD_RE.findall(ntitle.casefold()), key=len, default="")
        limit = 2 * len(ntitle) + 80
        for i in _lines_holding(lower, key):
            x = norm[i]
            if len(x) <= limit:
                dup, site = _title_duplicate(x, ntitle)
                if dup:
                    title_dup[i] = True
                    decided[i] = "title_duplicate"
                    if site_name is None and site is not None:
                        site_name = _written_part(lines[i], site)
    for i, x in enumerate(norm):
        # nothing but zero-width, format and control characters (a stripped
        # ASCII line is visible when it is not empty: calling visible() on
        # every line cost about 1% of clean_text's instructions)
        if not x or (not x.isascii() and not visible(x)):
            decided[i] = "hidden"
    paywalled = False
    for i, hit in enumerate(hits):
        if hit is not None and i not in decided:
            decided[i] = hit.reason
            paywalled = paywalled or hit.paywall
    openers = section_openers(norm, lower)
    return Evidence(lines, norm, decided, paywalled, title, site_name, title_dup, openers,
                    lower, headline)


def _drop_walls(keep: np.ndarray, walls: np.ndarray, scores: np.ndarray, prose: np.ndarray,
                decided: dict[int, str]) -> None:
    """Access-wall notices phrased unlike any family, in text the models know:
    the wall scorer's verdict (``walls``: its ``scores`` at its threshold, judged
    only on lines whose n-grams are those of the training text: the threshold
    holds article lines of those languages to 0.2% false positives; in a script
    it never saw, the score is noise) removes a kept line as ``paywall``. A
    notice withholds what follows it: a sentence with kept prose after it is the
    article's own ("Die ersten Boote sollen ... zu den gleichen Preisen ... mit
    Ermäßigung für Studierende" reads a little like an offer), and so is any
    line between two kept prose lines (an item of a feature list, "In this
    article, we examine:"), unless the scorer is sure of it
    (``wall.SURE_SCORE``). Between kept prose the scorer had removed 38
    reference lines and 21 junk lines of trafilatura's outputs of the wcxb-dev
    train pages; the wall probes' notices all end their story."""
    walls = keep & walls
    if not walls.any():
        return
    # whether any kept prose line comes after, and before, each line
    kept_prose = keep & prose
    prose_after = np.zeros(len(keep), dtype=bool)
    prose_after[:-1] = np.logical_or.accumulate(kept_prose[::-1])[::-1][1:]
    prose_before = np.zeros(len(keep), dtype=bool)
    prose_before[1:] = np.logical_or.accumulate(kept_prose)[:-1]
    inside = prose_after & (prose | prose_before)
    for i in np.flatnonzero(walls).tolist():
        if i in decided or (inside[i] and scores[i] < SURE_SCORE):
            continue
        decided[i] = "paywall"
        keep[i] = False


def _drop_labels_above_headline(norm: Sequence[str], words: np.ndarray, keep: np.ndarray,
                                title_dup: np.ndarray, prose: np.ndarray,
                                decided: dict[int, str]) -> None:
    """Short labels (a menu item, a section name, a crumb) between the page's
    headline line and the headline's copy above the article go as navigation:
    the article starts at its headline. ``words`` are the lines' word counts
    by Doc.word_equivalents: a Chinese standfirst is one whitespace "word", not
    a label. A copy of the headline below prose is no headline above the
    article (a page whose title comes back as a heading further down, a teaser
    of the story at its end): the short lines before it are the text's own
    (a documentation page's code lines went as navigation)."""
    dup = np.flatnonzero(title_dup)
    if not dup.size or not keep[int(dup[0]) + 1 :].any() or prose[: int(dup[0])].any():
        return
    for i in range(int(dup[0])):
        x = norm[i]
        if keep[i] and i not in decided and words[i] <= LABEL_WORDS and \
                not x.endswith(_SENTENCE_MARKS):
            decided[i] = "navigation"
            keep[i] = False


def clean_blocks(
    blocks: Sequence[str],
    *,
    title: str | None = None,
    site_name: str | None = None,
    from_html: bool = False,
    precise: bool = False,
    model: LineModel | None = None,
) -> CleanResult:
    """Keep the article lines of ``blocks``; every other line goes to ``removed``
    with its reason. ``model`` overrides the shipped model (benchmarks use
    cross-validated ones); ``precise`` drops borderline lines too."""
    lines = [s for s in map(str.strip, blocks) if s]
    res = CleanResult(lines=[], title=title, site_name=site_name)
    if not lines:
        return res
    ev = gather_evidence(lines, title=title, site_name=site_name, from_html=from_html)
    res.title, res.site_name, res.paywalled = ev.title, ev.site_name, ev.paywalled
    if ev.headline is not None:
        # the line is the record's title now: listed, as every line the text loses
        res.removed.append(Removed(ev.headline, "title_duplicate"))
    lines, norm, decided = ev.lines, ev.norm, ev.decided
    n = len(lines)
    if n == 0:
        return res
    mdl = model if model is not None else shipped_model()
    doc = make_doc(norm)
    probs, familiar = mdl.scores(doc, ev.phrase_group, ev.opener, ev.title_dup, ev.lower)
    words = doc.word_counts()
    # words counted in scripts without spaces too: prose, wall notices, labels
    counted = doc.word_equivalents(words)
    prose = prose_lines(norm, doc, counted)
    if from_html:
        extracted = edges = True
    else:
        shape = extraction_features(norm, prose, ev.phrase_group, ev.title_dup, probs, words)
        extracted = mdl.looks_extracted(shape)
        edges = edges_apart(float(shape[0, PROSE_SHARE]), mdl.params)
    keep = keep_lines(probs, norm, extracted=extracted, precise=precise, params=mdl.params,
                      prose=prose, edges=edges, far_edges=not from_html)
    # the wall scorer judges each line the model drops (to name its reason) and,
    # on text, each kept line in a language the models know; one pass for both
    judged = ~keep | ((familiar >= WALL_FAMILIARITY) & (not from_html))
    judged &= _undecided(n, decided)
    scores = np.full(n, -np.inf)
    if judged.any():
        at = np.flatnonzero(judged).tolist()
        scores[judged] = wall_line_scores([norm[i] for i in at], normalised=True,
                                          folded=[ev.lower[i] for i in at],
                                          words=counted[judged])
    walls = scores >= wall_model().threshold
    if not from_html:
        # the HTML path judges wall notices with the page's markup (html/withheld.py)
        _drop_walls(keep, walls, scores, prose, decided)
        _drop_labels_above_headline(norm, counted, keep, ev.title_dup, prose, decided)
    # the comment thread after the article: its entries read like prose
    _cut_section(lines, decided, keep & _undecided(n, decided), ev.openers)
    if from_html:
        _decide_copies(lines, decided)
    else:
        if not extracted:
            page_copies(ev.lower, keep & _undecided(n, decided), decided)
        _datelines_above_prose(norm, keep, prose, decided)
    _name_metadata_lines(keep, norm, decided)
    wall_at = walls.tolist()
    for i in np.flatnonzero(~keep).tolist():
        if i not in decided:
            decided[i] = "paywall" if wall_at[i] else "boilerplate"
    reason_of = decided.get
    for i, line in enumerate(lines):
        reason = reason_of(i)
        if reason is None:
            res.lines.append(line)
        else:
            res.removed.append(Removed(line, reason))
    return res


def _datelines_above_prose(norm: Sequence[str], keep: np.ndarray, prose: np.ndarray,
                           decided: dict[int, str]) -> None:
    """Date lines the model kept above the first prose line ("08.04.2015 12:46",
    "Von <name> publiziert am 25. September 2018", or a line of fields with a
    date and a byline: ``is_dated_byline``) are the story's dateline, not its
    text, and a whole byline there ("Von Anna Müller und Jörg Schmidt":
    metadata.authors.byline_line_names) its byline: removed as ``byline`` (the
    record takes its date and authors from them). In a thread or a listing a
    date or an author heads each post or item, below the first prose line as
    often as above it: those stay. Out of fold on wcxb-dev train the date lines
    move the word F1 of no input shape (a date line is a few words), and go
    from the text seeds, where each is one junk line in ten."""
    # a dated byline of many words reads as prose: the prose starts after it
    first = next((i for i in np.flatnonzero(prose).tolist() if not is_dated_byline(norm[i])), 0)
    free = [i for i in range(first) if keep[i] and i not in decided]
    for test in _METADATA_LINES:
        found = [i for i in free if test(norm[i])]
        if len(found) > MAX_DATELINES:
            # a schedule or a list of dated items ("Book by Dec 31, 2025",
            # "Travel through Mar 31, 2026"...) or of authored teasers, not a
            # story's dateline or byline
            continue
        for i in found:
            decided[i] = "byline"
            keep[i] = False
        free = [i for i in free if i not in decided]


def _name_metadata_lines(keep: np.ndarray, norm: Sequence[str],
                         decided: dict[int, str]) -> None:
    """The article's dateline and byline among the lines the model dropped:
    for each, the nearest one above the first line kept, else the first one
    just below it, removed as ``byline`` (its date and names become the
    record's when it has none). A dateline is a date line (clean/datelines.py)
    or a dated byline; a byline is a whole line of names opened by a byline word
    ("Von Anna Müller und Jörg Schmidt": metadata.authors.byline_line_names,
    the authors table's byline words and name grammar in each of its
    languages). Other such lines (the page header's date, an "updated" line, a
    teaser's date or author) stay ``boilerplate``."""
    n = len(keep)
    free = keep & _undecided(n, decided)
    if not free.any():
        return
    first = int(np.argmax(free))
    above = range(first - 1, max(0, first - DATELINE_REACH) - 1, -1)
    below = range(first + 1, min(n, first + 1 + DATELINE_BELOW_REACH))
    for test in _METADATA_LINES:
        for i in (*above, *below):
            if not keep[i] and i not in decided and test(norm[i]):
                decided[i] = "byline"
                break


def _undecided(n: int, decided: dict[int, str]) -> np.ndarray:
    mask = np.ones(n, dtype=bool)
    mask[list(decided)] = False
    return mask


def _cut_section(lines: Sequence[str], decided: dict[int, str], free: np.ndarray,
                 openers: Sequence[str | None]) -> None:
    """Everything from the section opener that ends the article (the comment
    thread; ``sections.section_cut`` of the ``free`` lines, kept and not
    decided) is decided as that section's reason."""
    end, reason = section_cut(lines, free, openers)
    if reason is not None:
        for i in range(end, len(lines)):
            decided.setdefault(i, reason)


def page_copies(lower: Sequence[str], kept: np.ndarray, decided: dict[int, str]) -> None:
    """Whole-page text: the ``kept`` lines that repeat a kept line above them
    (``PAGE_COPY_CHARS`` and more; ``lower`` are the lines normalised and case
    folded: folding punctuation away too cost a tenth of clean_text's time) are
    decided as ``duplicate_line``."""
    keys = ((i, lower[i]) for i in np.flatnonzero(kept).tolist())
    for i in _later_copies(keys, PAGE_COPY_CHARS):
        decided[i] = "duplicate_line"


def _later_copies(keys: Iterable[tuple[int, str]], min_chars: int) -> list[int]:
    """The positions of ``keys`` (position, key) whose key, ``min_chars`` long or
    more, an earlier one had."""
    seen: set[str] = set()
    out: list[int] = []
    for i, key in keys:
        if len(key) >= min_chars and key in seen:
            out.append(i)
        seen.add(key)
    return out


def _decide_copies(lines: Sequence[str], decided: dict[int, str]) -> None:
    """Extracted text: later verbatim copies of paragraphs, when they are a
    second copy of much of the text."""
    undecided = ((i, line) for i, line in enumerate(lines) if i not in decided)
    copies = _later_copies(undecided, DUPLICATE_LINE_CHARS)
    # Recipes, meal plans and interviews repeat some paragraphs on purpose; only
    # a second copy of much of the text is an extraction artefact.
    total = sum(map(len, lines))
    if copies and sum(len(lines[i]) for i in copies) >= DUPLICATE_SHARE * total:
        for i in copies:
            decided[i] = "duplicate_line"
