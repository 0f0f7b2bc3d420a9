"""Words of class/id names, URLs and page markers, and the learned tables that score them.

A token table maps a token to one or more learned log-odds (centred on the prior:
0 means "says nothing"); a string's tokens are looked up and combined. The
tables are fitted by ``scripts/train_block_model.py`` on pages of many domains
(a token must occur on several domains to be kept), so they carry what names
like ``entry-content``, ``sidebar`` or ``/questions/`` tend to mean across sites
rather than a list someone wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np

# The compiled lookup of a text's words in a table (src/newsclean/html/_charcounts.c);
# TokenTable.summary of the page's words is its twin.
from newsclean.html._charcounts import known_runs as _known_runs
from newsclean.html._charcounts import vocab_pack as _vocab_pack

# The compiled words of ASCII names (src/newsclean/html/_nametokens.c);
# _name_tokens below is its twin, for other strings and for the tests.
from newsclean.html._nametokens import name_summaries as _ascii_name_summaries
from newsclean.html._nametokens import name_tokens as _ascii_name_tokens
from newsclean.html.memo import BoundedMemo

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_PART = re.compile(r"[a-z0-9]+")
# A class word made of parts: "entry-content", "wp_block_group".
_COMPOUND = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
_DIGITS = re.compile(r"\d+")


def name_tokens(raw: str) -> tuple[str, ...]:
    """Tokens of a "class id" string: each compound class word (digits folded
    to 0) and the parts words are made of (``entry-content`` ->
    ``entry-content``, ``entry``, ``content``; ``relatedPosts`` -> ``related``,
    ``posts``).
    An ASCII string (nearly all are) is cut by the compiled scan at a tenth
    of the regexes' cost; any other is cached per string. A tuple: the garbage
    collector stops tracking a tuple of strings, while every full collection
    walks each list the memo holds (tens of thousands of them)."""
    found = _ascii_name_tokens(raw)
    return found if found is not None else _TOKENS(raw)


def _name_tokens(raw: str) -> tuple[str, ...]:
    low = raw.lower()
    if low != raw:
        # Only a string with capitals can have camel humps: the regex, which
        # tries every position, is skipped for the (many) all-lowercase ones.
        low = _CAMEL.sub("-", raw).lower()
    low = _DIGITS.sub("0", low)
    parts = [p for p in _PART.findall(low) if len(p) > 1 and p != "0"]
    return (*(w for w in _COMPOUND.findall(low) if len(w) <= 40), *parts)


_TOKENS: BoundedMemo[str, tuple[str, ...]] = BoundedMemo(_name_tokens, 1 << 16)


def page_class_tokens(names: Iterable[str]) -> list[str]:
    """The distinct class/id words used anywhere on the page, prefixed ``pc:``
    (a page of products, posts or docs names its elements so), sorted: the
    token tables' weights are summed in this order, and a set's order changes
    with each process's hash seed (the sums then differ in their last bits and
    two training datasets built from the same pages differ)."""
    seen = set(chain.from_iterable(map(name_tokens, set(names))))
    return list(map("pc:".__add__, sorted(seen)))


def url_tokens(url: str | None) -> list[str]:
    """Tokens of a URL's path and query names (not the host: it says which site,
    not what kind of page), each prefixed ``u:``, plus shape markers. No token
    without a URL (extraction first reads the address the page declares,
    html/article.py): a page saved without its address is of any kind, where a
    marker of its own ("u#none") marked the training pages without one, all of
    them articles (readability-pages, the generated pages), and made the page
    types of every page given without its URL lean to `article` (wcxb-dev
    validation without URLs: page type 0.827 with the marker, 0.868 without)."""
    if not url:
        return []
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    path = rest[slash:] if slash >= 0 else "/"
    path, _, query = path.partition("?")
    path = path.split("#", 1)[0]
    segs = [s for s in path.lower().split("/") if s]
    out = [f"u#depth{min(len(segs), 6)}"]
    if query:
        out.append("u#query")
        out.extend(f"q:{k.split('=', 1)[0][:20]}" for k in query.lower().split("&")[:6] if k)
    if segs:
        last = segs[-1]
        if "." in last:
            out.append(f"u#ext:{last.rsplit('.', 1)[-1][:6]}")
        if _DIGITS.fullmatch(last):
            out.append("u#numeric-last")
        words = len(_SPLIT.split(last))
        out.append(f"u#lastwords{min(words, 8)}")
    if path.endswith("/"):
        out.append("u#slash")
    for seg in segs[:8]:
        seg = _DIGITS.sub("0", seg)
        for part in _SPLIT.split(seg):
            if len(part) > 1 and len(part) <= 30 and part != "0":
                out.append(f"u:{part}")
    return out


@dataclass(slots=True)
class TokenTable:
    """token -> learned log-odds (one column per class), centred so that an
    unknown token scores 0."""

    columns: tuple[str, ...]
    scores: dict[str, np.ndarray] = field(default_factory=dict)
    bias: np.ndarray | None = None
    """Per column, added to a summed score (a linear model's intercepts)."""
    _single: dict[str, float] = field(default_factory=dict)
    # ``scores`` as one matrix and each token's row in it (built at the first
    # summary): a page's markers are gathered with one fancy index instead of
    # stacking hundreds of little arrays.
    _rows: dict[str, int] = field(default_factory=dict, repr=False)
    _matrix: np.ndarray | None = field(default=None, repr=False)
    # The tokens packed for the compiled run scan (text_rows), built at its
    # first call.
    _vocab: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> TokenTable:
        cols = tuple(str(c) for c in d["columns"])  # type: ignore[attr-defined]
        raw = d["tokens"]
        assert isinstance(raw, dict)
        bias = d.get("bias")
        # One conversion for the whole table (a shipped table has thousands of
        # tokens: one array each took most of the model's load, in every new
        # process); each token's scores are a row of the matrix.
        keys = list(raw)
        matrix = np.array(list(raw.values()), dtype=np.float64).reshape(len(keys), len(cols))
        table = cls(
            cols,
            dict(zip(keys, matrix, strict=True)),
            None if bias is None else np.asarray(bias, dtype=np.float64),
        )
        table._rows = {t: i for i, t in enumerate(keys)}
        table._matrix = matrix
        return table

    def to_dict(self) -> dict[str, object]:
        return {
            "columns": list(self.columns),
            "bias": None if self.bias is None else [round(float(x), 6) for x in self.bias],
            "tokens": {k: [round(float(x), 5) for x in v] for k, v in sorted(self.scores.items())},
        }

    def summary(self, tokens: Iterable[str]) -> np.ndarray:
        """(3, columns): sum, max and min of the tokens' scores (zeros when none
        is known)."""
        self._ensure_matrix()
        # map and fromiter: no Python step per token (pages have thousands of
        # words); -1 marks a token the table does not know.
        rows = np.fromiter(map(self._rows.get, tokens, repeat(-1)), dtype=np.intp)
        return self.rows_summary(rows[rows >= 0])

    def text_rows(self, text: str, letters: np.ndarray) -> np.ndarray:
        """The rows of the table's tokens among the distinct runs of two or more
        letters (the regex class ``[^\\W\\d_]``: ``letters`` is its
        ``newsclean.text.char_table`` for the Basic Multilingual Plane, the
        Unicode database answers past it) in ``text``, in the order they first
        occur, as ``html.features.page_words`` finds them: ``rows_summary`` of
        them is :meth:`summary` of those words, and their number says how much of
        the page's vocabulary the table knows. The runs are looked up in C as
        they are scanned (``_charcounts.known_runs``), without a str or a dict
        lookup per word."""
        self._ensure_matrix()
        if self._vocab is None:
            self._vocab = _vocab_pack(list(self._rows))
        return np.array(_known_runs(text, letters, self._vocab), dtype=np.intp)

    def _ensure_matrix(self) -> None:
        if self._matrix is None:
            self._rows = {t: i for i, t in enumerate(self.scores)}
            self._matrix = np.array(list(self.scores.values()), dtype=np.float64).reshape(
                -1, len(self.columns))

    def rows_summary(self, found: np.ndarray) -> np.ndarray:
        """(3, columns): sum, max and min of the scores of the rows ``found``."""
        assert self._matrix is not None
        if not found.size:
            return np.zeros((3, len(self.columns)))
        # The same rows in the same order as stacking the tokens' arrays: the
        # same sums to the last bit.
        arr = self._matrix[found]
        return np.vstack([arr.sum(axis=0), arr.max(axis=0), arr.min(axis=0)])

    def name_summaries(self, raws: list[str]) -> np.ndarray:
        """(strings, 3): sum, maximum and minimum of the first column's scores
        of each "class id" string's tokens (zeros when none is known). The
        ASCII strings (nearly all) are scored in C in one call
        (``_nametokens.name_summaries``, the same sums to the last bit), any
        other by :meth:`name_summary_python`."""
        out = np.zeros((len(raws), 3))
        single = self._single_scores()
        for k in _ascii_name_summaries(raws, single, out):
            out[k] = self.name_summary_python(raws[k])
        return out

    def name_summary_python(self, raw: str) -> tuple[float, float, float]:
        """One string's :meth:`name_summaries` row in Python (strings that are
        not ASCII; the reference the tests hold the compiled one to)."""
        single = self._single_scores()
        found = [x for x in map(single.get, name_tokens(raw)) if x is not None]
        return (sum(found), max(found), min(found)) if found else (0.0, 0.0, 0.0)

    def _single_scores(self) -> dict[str, float]:
        if not self._single and self.scores:
            self._single.update((k, float(v[0])) for k, v in self.scores.items())
        return self._single
