"""py3langid's model read from newsclean's cache gives py3langid's own answers,
and the cache is made by the first process that needs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import py3langid
import pytest

from newsclean.annotate import _langwalk, langid_model

TEXTS = [
    "The council voted on Tuesday to approve the new budget for roads and schools.",
    "Le conseil municipal a voté mardi le nouveau budget pour les routes et les écoles.",
    "Der Stadtrat hat am Dienstag den neuen Haushalt für Straßen und Schulen beschlossen.",
    "El ayuntamiento aprobó el martes el nuevo presupuesto para carreteras y escuelas.",
    "Городской совет во вторник утвердил новый бюджет на дороги и школы.",
    "市议会周二投票批准了用于道路和学校的新预算。",
]


@pytest.mark.slow
def test_cached_model_answers_like_py3langid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    langid_model.identifier.cache_clear()
    first = langid_model.identifier()  # from py3langid's file; writes the cache
    assert langid_model.cache_path().exists()
    langid_model.identifier.cache_clear()
    cached = langid_model.identifier()  # from the cache
    for text in TEXTS:
        want = py3langid.classify(text)
        assert first.classify(text) == want
        assert cached.classify(text) == want
    langid_model.identifier.cache_clear()


def test_an_unwritable_cache_is_only_slower(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    code = (
        "from newsclean.annotate.langid_model import identifier;"
        "print(identifier().classify('The council voted to approve the budget.')[0])"
    )
    env = {"NEWSCLEAN_CACHE_DIR": str(blocked / "cache"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.strip() == "en", proc.stderr


@pytest.mark.parametrize("walk", ["_counts", "_numpy_counts"])
def test_the_automaton_walks_count_like_py3langid(walk: str) -> None:
    """Both walks of the identifier (compiled, pieces of the text side by side;
    numpy, all bytes at once) find py3langid's own feature counts, in the same
    order, on text, short text, long text (many pieces) and random bytes."""
    import random

    from py3langid.langid import LanguageIdentifier, visit_counts

    ident = langid_model.identifier()
    rng = random.Random(7)
    noise = [bytes(rng.randrange(256) for _ in range(rng.randrange(3000))) for _ in range(50)]
    long = [" ".join(TEXTS) * k for k in (1, 3, 9)]
    samples = [ident._encode(t) for t in [*TEXTS, *long, "", "a", "abcde", "abcdef", "x" * 40,
                                          "x" * 64, "x" * 65]] + noise
    for data in samples:
        want = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        found = getattr(ident, walk)(data)  # (features, counts) in first-seen order, or None
        got = None if found is None else dict(zip(found[0].tolist(), found[1].tolist(),
                                                  strict=True))
        assert (list(got.items()) if got else None) == (list(want.items()) if want else None)
        assert (ident._raw_score(data) == LanguageIdentifier._raw_score(ident, data)).all()
    assert not ident._slots.any()  # the compiled walk's scratch is left clean


def _tiny_automaton(remembers: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(moves, rows, feats) of an eight-state automaton: one whose state is the
    last byte's low three bits (it forgets at once), or one that counts bytes
    modulo 8 (it never forgets where it started). State s reports feature s."""
    states = np.arange(8, dtype=np.int64)
    moves = np.empty(8 * 256, dtype=np.uint32)
    for s in range(8):
        moves[s * 256:(s + 1) * 256] = ((s + 1) % 8 if remembers else np.arange(256) % 8)
    return moves, states << 8, states.copy()


def _walked(moves: np.ndarray, rows: np.ndarray, feats: np.ndarray, text: bytes
            ) -> tuple[int, np.ndarray, np.ndarray]:
    keys = np.empty(len(text), dtype=np.int64)
    counts = np.empty(len(text), dtype=np.int64)
    slots = np.zeros(int(feats.max()) + 1, dtype=np.int64)
    found = _langwalk.counts(moves, rows, feats, text, slots, keys, counts)
    assert not slots.any()
    return found, keys[:max(found, 0)], counts[:max(found, 0)]


def test_an_automaton_that_remembers_is_walked_by_py3langid() -> None:
    # pieces that start from the window before them would be wrong: the walk
    # says so (-1) and the identifier walks byte by byte instead
    moves, rows, feats = _tiny_automaton(remembers=True)
    assert _walked(moves, rows, feats, bytes(range(40)))[0] == 8  # one piece: exact
    assert _walked(moves, rows, feats, bytes(1000))[0] == -1
    found, keys, counts = _walked(*_tiny_automaton(remembers=False), bytes(range(256)) * 4)
    assert found == 8 and keys.tolist() == list(range(8)) and counts.tolist() == [128] * 8


def test_a_damaged_language_model_raises_instead_of_reading_out_of_bounds() -> None:
    moves, rows, feats = _tiny_automaton(remembers=False)
    text = bytes(range(256)) * 2
    short_table = moves[:-1]  # state 7's row runs past the table
    off_states = moves.copy()
    off_states[0] = 99  # from the start state on byte 0: a state the model lacks
    for damaged in (short_table, off_states):
        with pytest.raises(ValueError):
            _walked(damaged, rows, feats, text)
    keys, counts = np.empty(len(text), dtype=np.int64), np.empty(len(text), dtype=np.int64)
    slots = np.zeros(4, dtype=np.int64)  # features 4 to 7 have no slot
    with pytest.raises(ValueError):
        _langwalk.counts(moves, rows, feats, text, slots, keys, counts)
    assert not slots.any()
    with pytest.raises(ValueError):
        _walked(moves, rows, feats[:4], b"abc")  # feats shorter than the states
