"""py3langid's model read from newsclean's cache gives py3langid's own answers,
and the cache is made by the first process that needs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import py3langid
import pytest

from newsclean.annotate import langid_model

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


def test_vectorised_walk_counts_like_py3langid() -> None:
    """The identifier's automaton walk (all bytes at once) finds py3langid's own
    feature counts, in the same order, on text, short text and random bytes."""
    import random

    from py3langid.langid import LanguageIdentifier, visit_counts

    ident = langid_model.identifier()
    rng = random.Random(7)
    noise = [bytes(rng.randrange(256) for _ in range(rng.randrange(300))) for _ in range(50)]
    samples = [ident._encode(t) for t in [*TEXTS, "", "a", "abcde", "abcdef", "x" * 40]] + noise
    for data in samples:
        want = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        found = ident._counts(data)  # (features, counts) in first-seen order, or None
        got = None if found is None else dict(zip(found[0].tolist(), found[1].tolist(),
                                                  strict=True))
        assert (list(got.items()) if got else None) == (list(want.items()) if want else None)
        assert (ident._raw_score(data) == LanguageIdentifier._raw_score(ident, data)).all()
