"""clean_blocks: decide for every line/block whether it is article text, and why not.

Order of evidence: the headline (recovered or given) and its duplicates, then the
junk phrase families (data/phrases/<lang>.json), then the line classifier (features.py +
model.py) for the furniture no phrase list can enumerate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsclean.clean.features import line_features, main_span
from newsclean.clean.model import LineClassifier, shipped_model
from newsclean.clean.phrases import match_phrase
from newsclean.clean.sections import article_end, section_opener
from newsclean.record import Removed
from newsclean.text import fold

# Separators between a headline and the site name in "<title> | <site>" lines.
_SITE_SEP_RE = re.compile(r"\s+(?:[|•·»:~]|::|[-–—]|at|on|auf|sur|en|su|em|op|на)\s+", re.I)
_STRICT_SEP_RE = re.compile(r"\s+(?:[|•·»~]|::|[-–—])\s+")
MAX_TITLE_CHARS = 250
MAX_SITE_WORDS = 6

# Whole-page text: the article is one main run of lines, found in three steps.
# 1. Core: the maximum-sum span of (p - REGION_CENTER) * weight. When the page
#    repeats its headline (a title_duplicate line) and the core starts more than
#    ANCHOR_LINES after it, the core is the best span starting within
#    ANCHOR_LINES after the headline instead: the article follows its headline,
#    a block of prose-like teasers further down does not.
# 2. Extension: the span grows both ways over lines the classifier is unsure of
#    (lists, recipe steps, Q&A lines score low on their own) and stops at a
#    barrier (a line of a junk family that marks a page region: related, share,
#    comments, copyright...; or a section opener) or at STOP_RUN lines in a row
#    under STOP_THRESHOLD, unless the BRIDGE_LINES after them average at least
#    BRIDGE_MEAN (the article goes on after a few odd lines).
# 3. Inside the span a line needs IN_THRESHOLD, outside it OUT_THRESHOLD (a
#    second article block after an inline teaser still survives when the
#    classifier is sure).
# CV trade-off: benchmarks/results/cleaning.md. Precise mode keeps only what a
# stricter core span (PRECISE_CENTER, PRECISE_IN) keeps as well.
REGION_CENTER = 0.25
ANCHOR_LINES = 20
STOP_THRESHOLD = 0.02
STOP_RUN = 3
BRIDGE_LINES = 6
BRIDGE_MEAN = 0.1
IN_THRESHOLD = 0.0
OUT_THRESHOLD = 0.7
PRECISE_CENTER = 0.4
PRECISE_IN = 0.15
# Junk families whose lines mark a region of the page around the article.
BARRIER_REASONS = frozenset({
    "related", "comments", "comment_form", "copyright", "share", "newsletter", "navigation",
    "tags", "title_duplicate", "byline", "cookie",
})
# HTML blocks come from an already selected article container, so only
# confident furniture goes there.
HTML_THRESHOLD = 0.05
PRECISE_BONUS = 0.15
# Inside the article span, runs of at most GAP_LINES dropped lines between kept
# lines come back when the classifier gives them at least FILL_THRESHOLD.
GAP_LINES = 2
FILL_THRESHOLD = 0.02
# Extracted text whose paragraphs of at least DUPLICATE_LINE_CHARS characters,
# repeated word for word, make up DUPLICATE_SHARE of it holds a second copy of
# the article (an AMP, print or embedded-data copy).
DUPLICATE_LINE_CHARS = 60
DUPLICATE_SHARE = 0.4


@dataclass(slots=True)
class CleanResult:
    lines: list[str]
    removed: list[Removed] = field(default_factory=list)
    paywalled: bool = False
    title: str | None = None
    site_name: str | None = None


def _split_site(line: str, known_title: str | None) -> tuple[str, str] | None:
    """(title, site) when ``line`` reads "<title> SEP <site>" or "<site> SEP <title>"."""
    seps = list(_SITE_SEP_RE.finditer(line))
    if not seps:
        return None
    folded_title = fold(known_title) if known_title else None
    for m in reversed(seps):
        head, tail = line[: m.start()].strip(), line[m.end() :].strip()
        if not head or not tail:
            continue
        if folded_title is not None:
            if fold(head) == folded_title and len(tail.split()) <= MAX_SITE_WORDS:
                return head, tail
            if fold(tail) == folded_title and len(head.split()) <= MAX_SITE_WORDS:
                return tail, head
    return None


def _title_like(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_TITLE_CHARS or len(s.split()) > 30:
        return False
    if s[-1] == "." and not s.endswith("..."):
        return False
    return match_phrase(s) is None


def _guess_site_split(line: str, others: set[str]) -> tuple[str, str | None]:
    """Split a leading "<headline> | <site>" line without a known title."""
    candidates = list(_SITE_SEP_RE.finditer(line))
    # prefer a split whose headline part is repeated as its own line further down
    for m in reversed(candidates):
        head, tail = line[: m.start()].strip(), line[m.end() :].strip()
        if head and tail and fold(head) in others and len(tail.split()) <= MAX_SITE_WORDS:
            return head, tail
        if head and tail and fold(tail) in others and len(head.split()) <= MAX_SITE_WORDS:
            return tail, head
    strict = list(_STRICT_SEP_RE.finditer(line))
    if strict:
        m = strict[-1]
        head, tail = line[: m.start()].strip(), line[m.end() :].strip()
        if head and tail and len(tail.split()) <= 4 and len(head.split()) >= len(tail.split()):
            return head, tail
    return line.strip(), None


def find_title(lines: Sequence[str]) -> tuple[int, str | None, str | None]:
    """(index of the headline line or -1, title, site) for text without metadata."""
    for i, line in enumerate(lines[:3]):
        if not line.strip():
            continue
        if not _title_like(line):
            return -1, None, None
        others = {fold(x) for j, x in enumerate(lines) if j != i}
        title, site = _guess_site_split(line, others)
        return i, title, site
    return -1, None, None


def _is_title_duplicate(line: str, title: str, site: str | None) -> tuple[bool, str | None]:
    ft = fold(line)
    if not ft:
        return False, None
    folded_title = fold(title)
    if ft == folded_title:
        return True, None
    if len(line) > 2 * len(title) + 80:
        return False, None
    split = _split_site(line, title)
    if split is not None:
        return True, split[1]
    return False, None


def classify(lines: Sequence[str], *, title: str | None, language: str | None,
             model: LineClassifier | None,
             phrase_hits: Sequence[bool | None] | None = None) -> np.ndarray:
    """Probability that each line is article text (1.0 everywhere without a model)."""
    if model is None or not lines:
        return np.ones(len(lines))
    X = line_features(lines, title=title, language=language, phrase_hits=phrase_hits)
    return model.predict_proba(X)


def keep_mask(lines: Sequence[str], probs: np.ndarray, *, from_html: bool, precise: bool,
              params: dict[str, float] | None = None, barrier: np.ndarray | None = None,
              anchor: int | None = None) -> np.ndarray:
    """Which lines the classifier keeps, from their probabilities.

    ``barrier`` marks lines the article span cannot grow over; ``anchor`` is the
    index of the headline's repetition in the text, if any.
    """
    p = dict(center=REGION_CENTER, t_in=IN_THRESHOLD, t_out=OUT_THRESHOLD,
             t_html=HTML_THRESHOLD, bonus=PRECISE_BONUS, gap=GAP_LINES, t_fill=FILL_THRESHOLD,
             precise_center=PRECISE_CENTER, precise_in=PRECISE_IN, anchor_lines=ANCHOR_LINES,
             t_stop=STOP_THRESHOLD, stop_run=STOP_RUN, bridge=BRIDGE_LINES,
             bridge_mean=BRIDGE_MEAN)
    p.update(params or {})
    bonus = p["bonus"] if precise else 0.0
    if from_html:
        return probs >= p["t_html"] + bonus
    n = len(lines)
    weights = np.log1p(np.array([len(x.split()) for x in lines], dtype=np.float64)) + 1.0
    if precise:
        # never more than the default keeps, whatever the two spans are
        default = keep_mask(lines, probs, from_html=False, precise=False, params=params,
                            barrier=barrier, anchor=anchor)
        return default & _span_mask(probs, weights, p["precise_center"],
                                    p["precise_in"] + bonus, p["t_out"] + bonus)[0]
    scores = (probs - p["center"]) * weights
    a, b = main_span(probs, weights, p["center"])
    lookahead = int(p["anchor_lines"])
    if anchor is not None and lookahead > 0 and (a > anchor + lookahead or b <= anchor):
        s, e = best_span_starting_in(scores, anchor + 1, anchor + 1 + lookahead)
        if e > s:
            a, b = s, e
    bar = barrier if barrier is not None else np.zeros(n, dtype=bool)
    a, b = extend_span(probs, bar, a, b, t_stop=p["t_stop"], run=int(p["stop_run"]),
                       bridge=int(p["bridge"]), bridge_mean=p["bridge_mean"])
    thr = np.full(n, p["t_out"])
    thr[a:b] = p["t_in"]
    keep = probs >= thr
    if p["gap"] > 0:
        fill_gaps(keep, lines, probs, a, b, int(p["gap"]), p["t_fill"])
    return keep


def best_span_starting_in(scores: np.ndarray, lo: int, hi: int) -> tuple[int, int]:
    """[start, end) of the maximum-sum span of ``scores`` whose start lies in [lo, hi)."""
    n = scores.shape[0]
    hi = min(hi, n)
    if lo >= hi:
        return lo, lo
    sums = np.concatenate([[0.0], np.cumsum(scores)])
    # for each start, the best end is where the prefix sum after it peaks
    best_after = np.maximum.accumulate(sums[::-1])[::-1]
    best_end = np.empty(n + 1, dtype=np.int64)
    arg = n
    for i in range(n, -1, -1):
        if sums[i] >= sums[arg]:
            arg = i
        best_end[i] = arg
    gains = best_after[lo + 1 : hi + 1] - sums[lo:hi]
    s = lo + int(np.argmax(gains))
    return s, int(best_end[s + 1])


def extend_span(probs: np.ndarray, barrier: np.ndarray, a: int, b: int, *, t_stop: float,
                run: int, bridge: int, bridge_mean: float) -> tuple[int, int]:
    """Grow [a, b) both ways until a barrier or a run of unlikely lines."""
    n = probs.shape[0]

    def walk(start: int, step: int) -> int:
        j, low = start, 0
        while 0 <= j < n and not barrier[j]:
            if probs[j] < t_stop:
                low += 1
                if low >= run:
                    ahead: list[float] = []
                    q = j + step
                    while 0 <= q < n and len(ahead) < bridge and not barrier[q]:
                        ahead.append(float(probs[q]))
                        q += step
                    if bridge <= 0 or len(ahead) < bridge or np.mean(ahead) < bridge_mean:
                        break
                    low = 0
            else:
                low = 0
            j += step
        # the run of unlikely lines it stopped in stays outside
        return j - step * low

    # a span that begins or ends on a barrier (the headline line) is bounded there
    end = b if b > 0 and barrier[b - 1] else walk(b, 1)
    start = a if a < n and barrier[a] else walk(a - 1, -1) + 1
    return min(a, start), max(b, end)


def _span_mask(probs: np.ndarray, weights: np.ndarray, center: float, t_in: float,
               t_out: float) -> tuple[np.ndarray, int, int]:
    a, b = main_span(probs, weights, center)
    thr = np.full(probs.shape[0], t_out)
    thr[a:b] = t_in
    return probs >= thr, a, b


# Link-ish or menu-ish shape: a short line with these is furniture, not a heading.
_MENU_SHAPE_RE = re.compile(r"[|•·»›]|https?://|www\.|\.(com|org|net)\b|@\w", re.I)


def fill_gaps(keep: np.ndarray, lines: Sequence[str], probs: np.ndarray, a: int, b: int,
              gap: int, t_fill: float) -> None:
    """Keep (in place) short runs of dropped lines between two kept lines of the
    article span: headings, list items and table rows inside the article read as
    furniture on their own but not where they sit. Menu-shaped lines stay out."""
    i = a
    while i < b:
        if keep[i]:
            i += 1
            continue
        j = i
        while j < b and not keep[j]:
            j += 1
        if (i > a and j < b and keep[i - 1] and keep[j] and j - i <= gap
                and all(probs[k] >= t_fill and not _MENU_SHAPE_RE.search(lines[k])
                        for k in range(i, j))):
            keep[i:j] = True
        i = j


def clean_blocks(
    blocks: Sequence[str],
    *,
    title: str | None = None,
    site_name: str | None = None,
    language: str | None = None,
    from_html: bool = False,
    precise: bool = False,
    model: LineClassifier | None = None,
    threshold: float | None = None,
) -> CleanResult:
    """Keep the article lines of ``blocks``; every other line goes to ``removed``.

    ``model``/``threshold`` override the shipped classifier (benchmarks use
    cross-validated models); ``precise`` drops borderline lines too.
    """
    lines = [b.strip() for b in blocks if b and b.strip()]
    res = CleanResult(lines=[], title=title, site_name=site_name)
    if not lines:
        return res
    skip: set[int] = set()
    if title is None and not from_html:
        idx, found, site = find_title(lines)
        if idx >= 0:
            res.title = found
            if res.site_name is None and site:
                res.site_name = site
            skip.add(idx)
    decided: dict[int, str] = {}
    phrase_hit = [False] * len(lines)
    if res.title:
        for i, line in enumerate(lines):
            if i in skip:
                continue
            dup, site = _is_title_duplicate(line, res.title, res.site_name)
            if dup:
                decided[i] = "title_duplicate"
                if site and res.site_name is None:
                    res.site_name = site
    for i, line in enumerate(lines):
        if i in skip or i in decided:
            continue
        hit = match_phrase(line)
        if hit is not None:
            phrase_hit[i] = True
            decided[i] = hit.reason
            res.paywalled = res.paywalled or hit.paywall
    if from_html:
        _decide_tail(lines, decided)
    mdl = model if model is not None else shipped_model()
    body_idx = [i for i in range(len(lines)) if i not in skip]
    body = [lines[i] for i in body_idx]
    # lines decided as title duplicates were not searched: search them in features
    hits = [phrase_hit[i] if decided.get(i) != "title_duplicate" else None for i in body_idx]
    probs = classify(body, title=res.title, language=language, model=mdl,
                     phrase_hits=hits)
    if threshold is not None:
        keep = probs >= threshold
    elif from_html:
        keep = keep_mask(body, probs, from_html=True, precise=precise)
    else:
        openers = [section_opener(line) for line in lines]
        barrier = np.array([decided.get(i) in BARRIER_REASONS or openers[i] is not None
                            for i in body_idx], dtype=bool)
        anchors = [k for k, i in enumerate(body_idx) if decided.get(i) == "title_duplicate"]
        keep = keep_mask(body, probs, from_html=False, precise=precise, barrier=barrier,
                         anchor=anchors[0] if anchors else None)
    if not from_html and keep.any():
        # the comment thread after the article: its entries read like prose
        first = body_idx[int(np.argmax(keep))]
        _cut_section(lines, decided, first, openers)
    for k, i in enumerate(body_idx):
        reason = decided.get(i)
        if reason is None and not keep[k]:
            reason = "boilerplate"
        if reason is None:
            res.lines.append(lines[i])
        else:
            res.removed.append(Removed(lines[i], reason))
    return res


def _cut_section(lines: Sequence[str], decided: dict[int, str], start: int,
                 openers: Sequence[str | None] | None = None) -> None:
    """Everything from the first section opener after ``start`` (the comment
    thread) is decided as that section's reason."""
    end, reason = article_end(lines, start, openers)
    if reason is not None:
        for i in range(end, len(lines)):
            decided.setdefault(i, reason)


def _decide_tail(lines: Sequence[str], decided: dict[int, str]) -> None:
    """Extracted text: cut the comment thread and later verbatim copies of paragraphs."""
    _cut_section(lines, decided, 0)
    seen: set[str] = set()
    copies: list[int] = []
    for i, line in enumerate(lines):
        if len(line) < DUPLICATE_LINE_CHARS or i in decided:
            continue
        if line in seen:
            copies.append(i)
        seen.add(line)
    # Recipes, meal plans and interviews repeat some paragraphs on purpose; only
    # a second copy of much of the text is an extraction artefact.
    total = sum(map(len, lines))
    if copies and sum(len(lines[i]) for i in copies) >= DUPLICATE_SHARE * total:
        for i in copies:
            decided[i] = "duplicate_line"
