"""Label every line of a scraped text by whether it belongs to the reference main text.

The reference (WCXB ``main_content``, scrapinghub ``articleBody``) is plain text with
headings and paragraphs on their own lines; the scraped text splits the page
differently and repeats things (the headline in the menu and above the story, a
"Share" under every post). A line is article text when:

* it has at least LONG tokens and at least half of its 3-token shingles occur in
  the reference (a paragraph cut or joined differently still matches);
* it is shorter and its tokens equal a whole reference line (a heading, a list
  item, a table cell), or occur inside the reference between two article lines
  (a fragment of a paragraph the scraper broke);
* and, when the same token sequence occurs more often in the scraped text than
  in the reference, only as many copies as the reference holds count, those
  with the most article lines around them (a headline repeated by the menu is
  not article text twice).

Tokens are ``\\w+`` of the NFKC-normalised, case-folded text, as in the metric.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

WORD_RE = re.compile(r"\w+")
LONG = 4
SHINGLE = 3
MIN_SHARE = 0.5
NEIGHBOURHOOD = 3


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def _shingles(toks: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]


def label_lines(lines: Sequence[str], reference: str) -> np.ndarray:
    """1 for lines of ``lines`` that are reference text, else 0 (int8)."""
    n = len(lines)
    y = np.zeros(n, dtype=np.int8)
    ref_lines = [tokens(x) for x in reference.split("\n")]
    ref_lines = [t for t in ref_lines if t]
    if not ref_lines or n == 0:
        return y
    ref_toks = [t for r in ref_lines for t in r]
    ref_sh = set(_shingles(ref_toks))
    ref_line_count = Counter(" ".join(r) for r in ref_lines)
    ref_stream = " " + " ".join(ref_toks) + " "
    toks = [tokens(x) for x in lines]
    fragment: list[int] = []
    for i, t in enumerate(toks):
        if len(t) >= LONG:
            sh = _shingles(t)
            y[i] = sum(s in ref_sh for s in sh) >= MIN_SHARE * len(sh)
        elif t:
            joined = " ".join(t)
            if joined in ref_line_count:
                y[i] = 1
            elif f" {joined} " in ref_stream:
                fragment.append(i)
    # a fragment between article lines (nearest tokenised neighbours) is article text
    tokenised = [i for i in range(n) if toks[i]]
    pos = {i: k for k, i in enumerate(tokenised)}
    for i in fragment:
        k = pos[i]
        if 0 < k < len(tokenised) - 1 and y[tokenised[k - 1]] and y[tokenised[k + 1]]:
            y[i] = 1
    _limit_copies(toks, y, ref_stream, ref_line_count)
    return y


def _limit_copies(toks: Sequence[list[str]], y: np.ndarray, ref_stream: str,
                  ref_line_count: Counter[str]) -> None:
    """Keep at most as many positive copies of a line as the reference has."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(toks):
        if y[i]:
            groups[" ".join(t)].append(i)
    n = len(toks)
    for joined, idx in groups.items():
        if len(idx) < 2:
            continue
        allowed = max(ref_line_count.get(joined, 0), ref_stream.count(f" {joined} "))
        if len(idx) <= allowed:
            continue

        def support(i: int) -> int:
            lo, hi = max(0, i - NEIGHBOURHOOD), min(n, i + NEIGHBOURHOOD + 1)
            return int(y[lo:i].sum() + y[i + 1 : hi].sum())

        ranked = sorted(idx, key=lambda i: (-support(i), i))
        for i in ranked[allowed:]:
            y[i] = 0


def split_lines(text: str) -> list[str]:
    """The cleaner's lines: stripped, non-empty."""
    return [x.strip() for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if x.strip()]
