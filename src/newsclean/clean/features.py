"""Per-line features for the line classifier: the line itself, its neighbours, the document.

Every feature is language-light: lengths, punctuation, stop-word density in the
document's language (data/stopwords.json), capitalisation, menu-like tokens,
position, similarity to the title and block context (runs of short lines, local
text density). ``FEATURE_NAMES`` fixes the column order the shipped model expects.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from newsclean.clean.phrases import match_phrase

_WORD_RE = re.compile(r"\w+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL = frozenset(".!?。！？…:;")
_CLOSERS = frozenset("\"'”’»“)]›」』")
_MENU_SEP_RE = re.compile(r"[|•·»›>/]|\s-\s")
_URLISH_RE = re.compile(r"https?://|www\.|@\w|\.(com|org|net)\b", re.I)
_BULLET_RE = re.compile(r"^\s*([-*•·▪►»]|\d+[.)])\s")
_DATE_RE = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}[:/.]\d{1,2}\b")
_PUNCT_DELETE = str.maketrans("", "", ",.;:!?，。、")
_first = operator.itemgetter(0)

BASE_NAMES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "mean_word_len",
    "terminal_punct",
    "ends_closer",
    "punct_per_word",
    "stopword_ratio",
    "capitalised_ratio",
    "upper_ratio",
    "digit_ratio",
    "menu_seps",
    "urlish",
    "bullet",
    "date_like",
    "phrase_hit",
    "title_sim",
    "dup_count",
)
CONTEXT_NAMES: tuple[str, ...] = (
    "rel_pos",
    "rel_char_pos",
    "short_run",
    "prev_log_words",
    "next_log_words",
    "prev_terminal",
    "next_terminal",
    "prev_stop",
    "next_stop",
    "win3_words",
    "win10_words",
    "win3_terminal",
    "win10_stop",
    "dist_longest",
    "chars_share_before",
    "doc_log_lines",
    "rel_len_doc_max",
    "doc_stop_mean",
    "after_title",
)
FEATURE_NAMES: tuple[str, ...] = BASE_NAMES + CONTEXT_NAMES


@lru_cache(maxsize=1)
def stopwords() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    raw = json.loads(
        resources.files("newsclean.clean").joinpath("data/stopwords.json").read_text("utf-8")
    )
    words = {lang: frozenset(ws) for lang, ws in raw["words"].items()}
    cjk = {lang: frozenset(chars) for lang, chars in raw["cjk"].items()}
    return words, cjk


def guess_stop_language(lines: Sequence[str], language: str | None = None) -> str | None:
    """The stop-word list to use: the given language if listed, else the best-hitting one."""
    words, cjk = stopwords()
    if language in words or language in cjk:
        return language
    sample = " ".join(lines)[:20000]
    if len(_CJK_RE.findall(sample)) > 0.2 * max(1, len(sample.replace(" ", ""))):
        return "ja" if re.search(r"[\u3040-\u30ff]", sample) else "zh"
    counts = Counter(w.lower() for w in _WORD_RE.findall(sample))
    best, best_hits = None, 0
    for lang, ws in words.items():
        hits = sum(counts[w] for w in ws)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


def _title_tokens(title: str | None) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(title or "")}


def base_row(line: str, stop: frozenset[str], cjk_stop: frozenset[str] | None,
             title_toks: set[str], phrase_hit: bool | None = None) -> list[float]:
    """Features of one line alone (title_sim and dup_count filled by the caller)."""
    stripped = line.strip()
    n_chars = len(stripped)
    words = _WORD_RE.findall(stripped)
    cjk_chars = len(_CJK_RE.findall(stripped)) if cjk_stop is not None else 0
    # CJK runs are one \w+ token; count ~2 characters as a word instead.
    n_words = max(len(words), cjk_chars // 2)
    nw = max(1, n_words)
    last = stripped[-1:] if stripped else ""
    terminal = 0.0
    if last in _TERMINAL:
        terminal = 1.0
    elif last in _CLOSERS and len(stripped) > 1:
        # a quotation ending a sentence: ." .” !’ ?» etc.
        k = len(stripped) - 1
        while k > 0 and stripped[k] in _CLOSERS:
            k -= 1
        terminal = 1.0 if stripped[k] in _TERMINAL else 0.5
    punct = n_chars - len(stripped.translate(_PUNCT_DELETE))
    if cjk_stop is not None and cjk_chars:
        stop_ratio = sum(map(cjk_stop.__contains__, stripped)) / max(1, cjk_chars)
    else:
        stop_ratio = sum(map(stop.__contains__, map(str.lower, words))) / nw
    # map() over C methods instead of generator expressions: this is the hot loop
    cap = sum(map(str.isupper, map(_first, words))) / nw
    upper = sum(map(str.isupper, stripped)) / max(1, n_chars)
    digits = sum(map(str.isdigit, stripped)) / max(1, n_chars)
    seps = len(_MENU_SEP_RE.findall(stripped)) / nw
    sim = 0.0
    if title_toks and words:
        lw = {w.lower() for w in words}
        sim = len(lw & title_toks) / len(lw | title_toks)
    return [
        math.log1p(n_chars),
        math.log1p(n_words),
        (sum(map(len, words)) / len(words)) if words else 0.0,
        terminal,
        1.0 if last in _CLOSERS else 0.0,
        punct / nw,
        stop_ratio,
        cap,
        upper,
        digits,
        seps,
        1.0 if _URLISH_RE.search(stripped) else 0.0,
        1.0 if _BULLET_RE.match(line) else 0.0,
        1.0 if _DATE_RE.search(stripped) else 0.0,
        float(phrase_hit) if phrase_hit is not None else float(match_phrase(stripped) is not None),
        sim,
        0.0,
    ]


def _window_mean(x: np.ndarray, half: int) -> np.ndarray:
    if x.size == 0:
        return x
    # cumulative sums rather than np.convolve: "same" mode misbehaves when the
    # document is shorter than the window.
    n = x.size
    c = np.concatenate([[0.0], np.cumsum(x)])
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def line_features(lines: Sequence[str], *, title: str | None = None,
                  language: str | None = None,
                  phrase_hits: Sequence[bool | None] | None = None) -> np.ndarray:
    """Feature matrix (len(lines) x len(FEATURE_NAMES)) for the non-empty lines of a document.

    ``phrase_hits`` saves a second phrase search when the caller already did it.
    """
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    words, cjk = stopwords()
    lang = guess_stop_language(lines, language)
    stop = words.get(lang or "", frozenset())
    cjk_stop = cjk.get(lang or "")
    title_toks = _title_tokens(title)
    hits: Sequence[bool | None] = phrase_hits if phrase_hits is not None else [None] * n
    rows = [base_row(s, stop, cjk_stop, title_toks, h) for s, h in zip(lines, hits, strict=True)]
    base = np.array(rows, dtype=np.float64)
    counts = Counter(s.strip() for s in lines)
    base[:, BASE_NAMES.index("dup_count")] = [math.log(counts[s.strip()]) for s in lines]

    lw = base[:, 1]
    term = base[:, 3]
    stopr = base[:, 6]
    idx = np.arange(n)
    short = lw < math.log1p(6)
    run = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and short[j] == short[i]:
            j += 1
        run[i:j] = math.log1p(j - i) if short[i] else 0.0
        i = j
    prev_lw = np.concatenate([[0.0], lw[:-1]])
    next_lw = np.concatenate([lw[1:], [0.0]])
    prev_t = np.concatenate([[0.0], term[:-1]])
    next_t = np.concatenate([term[1:], [0.0]])
    prev_s = np.concatenate([[0.0], stopr[:-1]])
    next_s = np.concatenate([stopr[1:], [0.0]])
    chars = np.array([len(s) for s in lines], dtype=np.float64)
    total = max(1.0, float(chars.sum()))
    longest = int(np.argmax(chars))
    title_idx = -1
    if title_toks:
        sims = base[:, BASE_NAMES.index("title_sim")]
        if sims.max() >= 0.6:
            title_idx = int(np.argmax(sims))
    after_title = (idx > title_idx).astype(np.float64) if title_idx >= 0 else np.full(n, 0.5)
    ctx = np.column_stack([
        idx / max(1, n - 1),
        (np.cumsum(chars) - chars) / total,
        run,
        prev_lw,
        next_lw,
        prev_t,
        next_t,
        prev_s,
        next_s,
        _window_mean(lw, 3),
        _window_mean(lw, 10),
        _window_mean(term, 3),
        _window_mean(stopr, 10),
        np.abs(idx - longest) / max(1, n),
        (np.cumsum(chars) - chars) / total - float(np.cumsum(chars)[longest] / total),
        np.full(n, math.log1p(n)),
        np.log1p(chars) - math.log1p(float(chars.max())),
        np.full(n, float((stopr * chars).sum() / total)),
        after_title,
    ])
    return np.hstack([base, ctx])


# --- second stage: the first stage's verdicts on the neighbourhood ---------------
STAGE2_NAMES: tuple[str, ...] = (
    "p",
    "p_prev",
    "p_next",
    "p_win2",
    "p_win5",
    "p_win15",
    "p_max_before3",
    "p_max_after3",
    "in_span",
    "span_edge_dist",
    "p_doc_mean",
    "p_win10",
    "p_win25",
    "mass_before",
    "mass_after",
    "p_rel_doc_max",
    "p_win5_rel_doc_max",
    "p_win10_rel_doc_max",
)
STAGE2_FEATURE_NAMES: tuple[str, ...] = FEATURE_NAMES + STAGE2_NAMES


def main_span(probs: np.ndarray, weights: np.ndarray, center: float) -> tuple[int, int]:
    """[start, end) of the maximum-sum run of (p - center) * weight (Kadane)."""
    best, best_span = -np.inf, (0, 0)
    cur, start = 0.0, 0
    for i, v in enumerate((probs - center) * weights):
        if cur <= 0.0:
            cur, start = 0.0, i
        cur += float(v)
        if cur > best:
            best, best_span = cur, (start, i + 1)
    return best_span


def stage2_features(X: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage-1 features plus the smoothed stage-1 probabilities around each line.

    The article is a run of lines: a short heading or list item between two sure
    paragraphs is article text, a lone prose-like teaser in the footer is not.
    """
    n = X.shape[0]
    if n == 0:
        return np.zeros((0, len(STAGE2_FEATURE_NAMES)))
    pad = np.concatenate([np.zeros(3), p, np.zeros(3)])
    before = np.max(np.stack([pad[i : i + n] for i in range(3)]), axis=0)
    after = np.max(np.stack([pad[i + 4 : i + 4 + n] for i in range(3)]), axis=0)
    weights = X[:, 1] + 1.0  # log1p(words) + 1
    a, b = main_span(p, weights, 0.4)
    # Wider context, relative to the document: some sites' prose scores low
    # everywhere, and an article is where the document's own best run is, with
    # article text on both sides of a line inside it.
    w5, w10, w25 = _window_mean(p, 5), _window_mean(p, 10), _window_mean(p, 25)
    pw = p * weights
    total = max(1e-9, float(pw.sum()))
    mass_before = (np.cumsum(pw) - pw) / total
    mass_after = 1.0 - mass_before - pw / total
    idx = np.arange(n)
    in_span = ((idx >= a) & (idx < b)).astype(np.float64)
    edge = np.where(idx < a, a - idx, np.where(idx >= b, idx - b + 1, 0)) / max(1, n)
    extra = np.column_stack([
        p,
        np.concatenate([[0.0], p[:-1]]),
        np.concatenate([p[1:], [0.0]]),
        _window_mean(p, 2),
        w5,
        _window_mean(p, 15),
        before,
        after,
        in_span,
        edge,
        np.full(n, float(p.mean())),
        w10,
        w25,
        mass_before,
        mass_after,
        p / max(1e-6, float(p.max())),
        w5 / max(1e-6, float(w5.max())),
        w10 / max(1e-6, float(w10.max())),
    ])
    return np.hstack([X, extra])
