"""The access-wall scorer: whether a short line is an access-wall notice, in any wording.

"Subscribe to keep reading", "Already a member? Log in", "Dieser Artikel ist
exklusiv für Abonnenten", "Pour lire la suite, abonnez-vous": a wall notice is a
short line whose character n-grams ("subscri", "abonn", "log in", "? sign")
are those of wall wording, however the sentence is put. A logistic model over
hashed character n-grams (orders 2 to 5 of the normalised, case-folded line,
digits folded, with its start and end marked) scores each line;
``data/wall_model.npz`` is trained by ``scripts/train_wall_model.py`` on the
phrase tables' wall examples in 18 languages, wall notices found on the
training pages and composed variants, against article lines in many languages
and other page furniture (WCXB by Murrough Foley, CC-BY-4.0, and the older
sets). Its threshold keeps cross-validated false positives on article lines at
0.2%.

This is the one wall scorer of the package: the text cleaner names the reason
of the lines it drops with it (``clean/lines.py``) and the HTML extractor's
``paywalled`` decision reads it (``html/withheld.py``).

    from newsclean.clean.wall import wall_lines, wall_scores
    wall_lines(["Subscribe to keep reading this story.", "The council voted ..."])
    # [True, False]

All lines are scored in one pass: one code-point array, one rolling hash per order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsclean.clean import charclass as cc
from newsclean.clean._ngramsums import text_scores as _text_scores
from newsclean.clean.ngrams import hashed_ngrams
from newsclean.text import normalise_lines, normalise_text, single_spaces

ORDERS: tuple[int, ...] = (2, 3, 4, 5)
BITS = 17
# Only short lines are notices; longer text is prose that may mention subscribers.
MAX_CHARS = 300
# A notice is a sentence: a label of a word or two ("Loading...", "JavaScript")
# carries too few n-grams to judge.
MIN_WORDS = 3
# The score of a notice the model is sure of (log-odds 2.2, p 0.9): what a line
# needs on the model's word alone where the text goes on after it (a sentence
# with prose after it, clean/lines.py), and a block longer than a notice among
# the last of an article (html/withheld.py; a notice-sized one ending an open
# page's article needs less there, withheld.OPEN_TAIL_SCORE). Among the last
# four blocks of the articles of the 1,808 dev pages (wcxb-dev,
# scrapinghub-articles, readability-pages), one line of the reference text
# scores above 1.6: a forum's "To be continued" (4.2).
SURE_SCORE = 2.2
_GAP = 0
_DIGIT_RE = re.compile(r"\d")


def _fold_case_spaces(text: str) -> str:
    """Case-folded, single spaces."""
    return single_spaces(text.casefold())


def _fold(text: str) -> str:
    """Case-folded, single spaces, digits as 0 ("3 articles" = "5 articles")."""
    return _DIGIT_RE.sub("0", _fold_case_spaces(text))


@lru_cache(maxsize=1)
def _digits() -> np.ndarray:
    """Whether each code point below charclass.TABLE_SIZE is a decimal digit (all are)."""
    return cc.tables()[0] == cc.DIGIT


def _fold_digits(codes: np.ndarray) -> np.ndarray:
    """``_DIGIT_RE.sub("0", ...)`` on a code-point array: one gather, not a
    regex replacement per digit."""
    digit = _digits().take(np.minimum(codes, cc.TABLE_SIZE - 1))
    return np.where(digit, np.uint64(ord("0")), codes)


def normalise(text: str) -> str:
    """newsclean.text's normal form of one text, case and digits folded."""
    return _fold(normalise_text(text)).strip()


def _normalised(texts: Sequence[str], done: bool = False,
                folded: Sequence[str] | None = None) -> list[str]:
    """``normalise`` of every text but for the digits (ngram_index folds them in
    the code-point array), in one pass over the joined texts; ``done``: the
    texts are already in newsclean.text's form (one line each); ``folded``:
    those lines case-folded too (case folding maps each character on its own,
    so their join is the join's case folding)."""
    lines = list(texts) if done else normalise_lines([t.replace("\n", " ") for t in texts])
    if done and folded is not None:
        out = single_spaces("\n".join(folded)).split("\n")
    else:
        out = _fold_case_spaces("\n".join(lines)).split("\n")
    if len(out) != len(lines):  # a character case-folded into a line break
        return [normalise(t) for t in texts]
    return [x.strip() for x in out]


def ngram_index(texts: Sequence[str], normalised: bool = False,
                folded: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(text index, bucket) of every character n-gram of every text."""
    idx, buckets, _ = _index(texts, normalised, folded)
    return idx, buckets


def _joined(texts: Sequence[str], normalised: bool = False,
            folded: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """(code points of the texts joined, each text's length, whether the join is
    plain) or None without texts. Text k is "\x02<text>\x03\x00" (L + 3
    positions), the codes digit-folded; not plain when a text holds the
    separator itself."""
    # a slice of a string no longer than MAX_CHARS is the string itself
    cut = [t[:MAX_CHARS] for t in _normalised(texts, normalised, folded)]
    joined = "\x02" + "\x03\x00\x02".join(cut) + "\x03\x00" if cut else ""
    if not joined:
        return None
    codes = _fold_digits(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"),
                                       dtype=np.uint32).astype(np.uint64))
    plain = joined.count("\x00") == len(cut)
    return codes, np.fromiter(map(len, cut), dtype=np.int64, count=len(cut)), plain


def _index(texts: Sequence[str], normalised: bool = False, folded: Sequence[str] | None = None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``ngram_index`` and the number of n-grams of each text (None when a
    text holds the separator character: then they are to be counted)."""
    return _index_of(_joined(texts, normalised, folded))


def _index_of(got: tuple[np.ndarray, np.ndarray, bool] | None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``_index`` of the texts ``_joined`` gave."""
    if got is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), None
    codes, lens, plain = got
    text_of = np.arange(lens.size)
    gap: np.ndarray | None = None
    if plain:
        # the separators before a position are those of the texts before its own
        gaps_before = np.append(np.repeat(text_of, lens + 3), lens.size)
    else:
        gap = codes == _GAP
        gaps_before = np.zeros(codes.size + 1, dtype=np.int64)
        np.cumsum(gap, out=gaps_before[1:])

    def within_a_text(n: int, m: int) -> np.ndarray:
        return gaps_before[n : n + m] == gaps_before[:m]

    found = hashed_ngrams(codes, ORDERS, BITS, within_a_text)
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), None
    buckets = np.concatenate([b for _, _, b in found])
    if gap is not None:
        # text index of each position, from the lengths: a separator inside a
        # text (counted by gaps_before, which keeps n-grams from crossing it)
        # does not start a text of its own
        owner = np.repeat(text_of, lens + 3)
        return np.concatenate([owner.take(pos) for _, pos, _ in found]), buckets, None
    # every n-gram lies within one "\x02<text>\x03": the first L + 3 - n
    # positions of the text start those of order n (np.repeat gives their
    # texts without a gather per n-gram)
    per_order = [np.maximum(lens + 3 - n, 0) for n, _, _ in found]
    return (np.concatenate([np.repeat(text_of, c) for c in per_order]), buckets,
            np.sum(per_order, axis=0))


def ngram_values(line_idx: np.ndarray, n_texts: int, counts: np.ndarray | None = None
                 ) -> np.ndarray:
    """Each n-gram's feature value: 1 / sqrt(the number of n-grams of its text)
    (``counts``, when the caller has them)."""
    if counts is None:
        counts = np.bincount(line_idx, minlength=n_texts)
    norms = 1.0 / np.sqrt(np.maximum(counts.astype(np.float64), 1.0))
    return norms.take(line_idx)


@dataclass(frozen=True, slots=True)
class WallModel:
    weights: np.ndarray
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def model() -> WallModel:
    path = resources.files("newsclean.clean").joinpath("data/wall_model.npz")
    with path.open("rb") as fh, np.load(fh) as data:
        if int(data["bits"]) != BITS or tuple(int(x) for x in data["orders"]) != ORDERS:
            raise ValueError("data/wall_model.npz was trained on other n-grams; retrain it")
        return WallModel(
            data["weights"].astype(np.float64),
            float(data["bias"]),
            float(data["threshold"]),
        )


def wall_scores(texts: Sequence[str], *, normalised: bool = False,
                folded: Sequence[str] | None = None) -> np.ndarray:
    """The model's score of each text, each judged alone (higher: more like a wall
    notice; ``model().threshold`` is the cut ``wall_lines`` uses). ``normalised``:
    the texts are lines already in newsclean.text's form (normalise_lines);
    ``folded``: those lines case-folded (str.casefold), when the caller has them."""
    if not texts:
        return np.zeros(0)
    m = model()
    got = _joined(texts, normalised, folded)
    if got is not None and got[2]:
        # the sums in one compiled pass, added in the order of the bincount below
        codes, lens, _ = got
        starts = np.concatenate([[0], np.cumsum(lens + 3)[:-1]]).astype(np.int64)
        out = np.zeros(lens.size)
        _text_scores(codes, starts, lens, ORDERS, BITS, m.weights, out)
        return m.bias + out
    return m.bias + _index_scores(texts, m, got=got)


def _index_scores(texts: Sequence[str], m: WallModel, normalised: bool = False,
                  folded: Sequence[str] | None = None,
                  got: tuple[np.ndarray, np.ndarray, bool] | None = None) -> np.ndarray:
    """wall_scores' sums from the n-gram index, with numpy (the reference the
    compiled sums are held to; texts that hold the separator come here);
    ``got``: the texts ``_joined`` already, when the caller has them."""
    idx, buckets, counts = _index_of(got if got is not None else
                                     _joined(texts, normalised, folded))
    values = ngram_values(idx, len(texts), counts) * m.weights.take(buckets)
    return np.bincount(idx, weights=values, minlength=len(texts))


def wall_line_scores(texts: Sequence[str], *, normalised: bool = False,
                     folded: Sequence[str] | None = None,
                     words: np.ndarray | None = None) -> np.ndarray:
    """The model's score of each text that can be a notice: a short sentence
    (at most MAX_CHARS characters, at least MIN_WORDS words, in scripts without
    spaces too: charclass.word_equivalent); -inf for the others. ``words`` is
    each text's word count so, when the caller has them."""
    if words is None:
        # split stops after MIN_WORDS words: whether there are that many is all it
        # asks; only a text of fewer is counted in scripts without spaces
        short = [i for i, t in enumerate(texts)
                 if len(t) <= MAX_CHARS and (len(t.split(None, MIN_WORDS - 1)) >= MIN_WORDS
                                             or cc.word_equivalent(t) >= MIN_WORDS)]
    else:
        chars = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        short = np.flatnonzero((chars <= MAX_CHARS) & (words >= MIN_WORDS)).tolist()
    out = np.full(len(texts), -np.inf)
    if short:
        out[short] = wall_scores([texts[i] for i in short], normalised=normalised,
                                 folded=None if folded is None else [folded[i] for i in short])
    return out


def wall_lines(texts: Sequence[str], *, normalised: bool = False,
               folded: Sequence[str] | None = None,
               words: np.ndarray | None = None) -> list[bool]:
    """Which texts are access-wall notices: short sentences (``wall_line_scores``)
    scored at or above the threshold chosen in training."""
    scores = wall_line_scores(texts, normalised=normalised, folded=folded, words=words)
    return (scores >= model().threshold).tolist()
