"""py3langid's model, ready in a few hundredths of a second after the first time.

py3langid ships its model LZMA-compressed (4.5 MB for 68 MB of arrays) and
decompresses it on first use: half a second of CPU in every new process, most
of a one-page ``newsclean extract``. The first process to need it writes the
arrays as plain ``.npy`` files to a cache directory; later processes map them
(``mmap``: only the pages a text touches are read, and every process on the
machine shares them) and are ready in ~0.03 s. The cache lives in
``$NEWSCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsclean``, else
``~/.cache/newsclean``; its name carries py3langid's version and the model
file's size, so an upgrade makes a new one. When the directory cannot be
written the model is read from py3langid's own file, as without a cache (same
model, same answers; only slower).
"""

from __future__ import annotations

import io
import lzma
import os
import secrets
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import py3langid
from py3langid import langid
from py3langid.modelio import _to_array

from newsclean.annotate._langwalk import counts as _walk_counts
from newsclean.cachedir import cache_dir

ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _model_file() -> Path:
    path = Path(langid.MODEL_FILE)
    return path if path.is_absolute() else langid.MODEL_DIR / path


def cache_path() -> Path:
    """The directory of the model's arrays (one ``.npy`` file each)."""
    # The package's own attribute, not importlib.metadata: that import alone
    # costs a fresh process ~15 ms of its start-up (issue 16).
    src = _model_file()
    return cache_dir() / f"py3langid-{py3langid.__version__}-{src.stat().st_size}-{LAYOUT}"


# What the cache holds beyond py3langid's own arrays: "ptc32", the feature
# weights as float32 (py3langid ships them as float16, which numpy multiplies
# by converting every gathered weight, three quarters of the scoring's time; the
# values are the same, and so are the scores). A new layout gets a new name.
LAYOUT = "ptc32"


# The model's automaton forgets what came more than this many bytes before
# (checked over all its states: the state after any 6 bytes is the same
# whatever the state before them). The walks below rely on it only for speed:
# they check their states against the automaton's transitions and walk byte by
# byte (py3langid's own walk) when they disagree.
WINDOW = 6


class _Identifier(langid.LanguageIdentifier):
    """py3langid's LanguageIdentifier whose automaton walk over a text's bytes
    is compiled (_langwalk.c: pieces of the text walked side by side, each
    from the state the WINDOW bytes before it give) instead of one Python step
    per byte (most of the detector's time on a page's 1,000 characters). The
    feature counts, in first-seen order, and everything after them are
    py3langid's own."""

    __slots__ = ("_moves", "_rows", "_feats", "_slots")

    def __init__(self, *args: Any, row: np.ndarray, feats: np.ndarray, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moves = np.frombuffer(self.tk_nextmove, dtype=f"u{self.tk_nextmove.itemsize}")
        # From the model's arrays, not from py3langid's Python sequences of
        # 100,000 ints (converting those took ~6 ms of every process's start).
        self._rows = np.asarray(row, dtype=np.int64) << 8  # py3langid's _rowbase
        self._feats = np.asarray(feats, dtype=np.int64)  # its tk_output
        if self._moves.dtype != np.uint32:  # the compiled walk reads 32-bit moves
            self._moves = self._moves.astype(np.uint32)
        # one zero per feature: the compiled walk's place of each feature it
        # meets, left all zeros after each walk (shared by the identifier's
        # walks: the walk holds the GIL, so one walk at a time uses it)
        self._slots = np.zeros(int(self._feats.max(initial=-1)) + 1, dtype=np.int64)

    def _step(self, states: np.ndarray, letters: np.ndarray) -> np.ndarray:
        return self._moves.take(self._rows.take(states) + letters).astype(np.int64)

    def _counts(self, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The features the automaton visits on ``text``, in first-seen order,
        and how often each is visited (py3langid's visit_counts as two arrays),
        or None when the walk must be py3langid's own: the compiled walk
        (_langwalk.c), pieces of the text side by side."""
        size = len(text)
        keys = np.empty(size, dtype=np.int64)
        counts = np.empty(size, dtype=np.int64)
        found = _walk_counts(self._moves, self._rows, self._feats, text, self._slots, keys,
                             counts)
        if found <= 0:
            return None
        return keys[:found], counts[:found]

    def _numpy_counts(self, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """``_counts`` with numpy alone (the twin the compiled walk is held to):
        every byte's state from the WINDOW bytes up to it, for all bytes at once."""
        letters = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
        size = letters.size
        states = np.zeros(size, dtype=np.int64)
        state = 0
        for i in range(min(size, WINDOW - 1)):  # too few bytes for a window
            state = int(self._step(np.array([state]), letters[i : i + 1])[0])
            states[i] = state
        if size >= WINDOW:
            m = size - WINDOW + 1
            walk = np.zeros(m, dtype=np.int64)
            for j in range(WINDOW):
                walk = self._step(walk, letters[j : j + m])
            states[WINDOW - 1 :] = walk
        # every state must follow from the one before by the byte at it
        before = np.concatenate([[0], states[:-1]])
        if not np.array_equal(self._step(before, letters), states):
            return None
        feats = self._feats.take(states)
        feats = feats[feats >= 0]
        if not feats.size:
            return None
        keys, first, counts = np.unique(feats, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return keys.take(order), counts.take(order)

    def _raw_score(self, text: bytes) -> Any:
        found = self._counts(text) if isinstance(text, bytes) else None
        if found is None:
            return super()._raw_score(text)
        # py3langid's _sparse_score on the counts as arrays: it rebuilds them
        # from a dict, whose build and reading cost more than the scoring; the
        # same operations in the same order give the same float32 scores
        feats, counts = found
        return np.log1p(counts.astype(np.float32)) @ self.nb_ptc[feats] + self.nb_pc


def _identifier(arrays: dict[str, Any]) -> Any:
    """A LanguageIdentifier from the model's arrays (as py3langid's
    ``from_model_file`` builds it)."""
    ident = _Identifier(
        np.asarray(arrays["ptc"]),
        np.asarray(arrays["pc"]),
        arrays["classes"].tolist(),
        _to_array(arrays["nextmove"]),
        # Tuples, not lists, of ints: py3langid only indexes these two tables,
        # and the garbage collector stops tracking a tuple of ints, while each
        # full collection walks the 100,000 items of a list again (two lists
        # were a fifth of what a full collection visited in an extract loop).
        tuple(arrays["out_feat"].tolist()),
        tk_row=_to_array(arrays["nextmove_row"]),
        row=arrays["nextmove_row"],
        feats=arrays["out_feat"],
    )
    ident._rowbase = tuple(ident._rowbase)
    return ident


def _write_cache(path: Path, arrays: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        tmp.mkdir(parents=True)
        for name in ARRAYS:
            np.save(tmp / f"{name}.npy", arrays[name], allow_pickle=False)
        os.replace(tmp, path)  # the directory appears whole, or not at all
    except OSError:
        # A read-only home, a full disk, or another process that won the race:
        # this process keeps its arrays; the next one tries again if needed.
        shutil.rmtree(tmp, ignore_errors=True)


def _cached(path: Path) -> dict[str, Any] | None:
    try:
        return {
            name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in ARRAYS
        }
    except (OSError, ValueError):
        return None  # absent, or damaged: rebuilt from py3langid's file


@cache
def identifier() -> Any:
    """py3langid's LanguageIdentifier for its shipped model, once per process."""
    path = cache_path()
    arrays = _cached(path)
    if arrays is not None:
        return _identifier(arrays)
    with lzma.open(_model_file()) as fh, np.load(io.BytesIO(fh.read())) as data:
        arrays = {name: data[name] for name in ARRAYS}
    arrays["ptc"] = arrays["ptc"].astype(np.float32)
    _write_cache(path, arrays)
    return _identifier(arrays)
