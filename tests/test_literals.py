"""The literal scanner (newsclean.literals, compiled scan in _literals.c) finds
exactly what str.find finds, key by key: every occurrence, overlapping ones and
keys inside keys included, in text of any width (Latin-1, BMP, astral plane);
the phrase tables' own keys over the cleaner's real inputs; a cached automaton
is read back, a damaged one rebuilt or refused, never read out of bounds."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import literals
from newsclean.clean.phrase_scan import _literal_families
from newsclean.clean.phrases import _families
from newsclean.clean.sections import stems
from newsclean.literals import DENSE_ROOT, LiteralScanner, find_all
from newsclean.text import normalise_lines


def hits(scanner: LiteralScanner, text: str) -> list[tuple[int, int]]:
    ends, keys = scanner.scan(text)
    assert ends.dtype == np.int64 and keys.dtype == np.int64
    assert (np.diff(ends) >= 0).all(), "hits come in the order of their ends"
    return sorted(zip(ends.tolist(), keys.tolist(), strict=True))


CASES = {
    "overlapping and nested": (["he", "she", "his", "hers", "s"], "ushers shells his hershey"),
    "line-start keys": (["\nread", "read", "\nre"], "\nread more\nalready read\nre"),
    "repeated letters": (["aa", "aaa", "a"], "aaaaa"),
    "key given twice": (["share", "share"], "share this, share that"),
    "many scripts": (["новости", "東京", "مرحبا", "ελληνικά", "ข่าว"],
                     "последние новости 東京で会議 مرحبا ελληνικά ข่าวข่าว"),
    "astral plane": (["😀", "𝐁𝐨", "x😀y"], "😀 emoji x😀y 𝐁𝐨𝐥𝐝"),
    "around the dense root": ([chr(DENSE_ROOT - 1) + "a", chr(DENSE_ROOT) + "b", "\x7fz", "\x80"],
                              f"{chr(DENSE_ROOT - 1)}a {chr(DENSE_ROOT)}b \x7fz \x80\x80"),
    "nothing to find": (["javascript"], "plain text without the word"),
    "empty text": (["a"], ""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_scan_finds_what_find_finds(name: str) -> None:
    keys, text = CASES[name]
    assert hits(LiteralScanner(keys), text) == find_all(keys, text)


def test_no_keys_find_nothing() -> None:
    assert hits(LiteralScanner([]), "any text at all") == []


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="empty key"):
        LiteralScanner(["share", ""])


ALPHABET = st.sampled_from(list("ab \n-éжあ😀") + [chr(DENSE_ROOT), chr(DENSE_ROOT - 1)])


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12),
       text=st.text(ALPHABET, max_size=80))
def test_scan_matches_find_on_any_keys_and_text(keys: list[str], text: str) -> None:
    assert hits(LiteralScanner(keys), text) == find_all(keys, text)


def test_phrase_table_and_stem_keys_over_real_text() -> None:
    """The phrase tables' 3,500 literals and the section stems, over the tables'
    own examples (junk in many languages) and the sample corpus's articles,
    lower-cased as the cleaner scans them."""
    lines = [x for fam in _families()[0] for x in fam.examples]
    for article in json.loads((Path(__file__).parents[1] / "sample/articles.json").read_text()):
        lines += [article["title"], *article["paragraphs"]]
    text = "".join("\n" + x.lower() for x in normalise_lines(lines))
    for keys in (_literal_families().scanner.keys, stems()):
        found = hits(LiteralScanner(keys), text)
        assert found == find_all(keys, text)
        assert len(found) > 20


def test_a_cached_automaton_is_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(literals, "CACHE_FROM_CHARS", 10)
    keys = ["subscribe", "sign in", "cookies"]
    first = LiteralScanner(keys)
    (cached,) = list(tmp_path.glob("literals-*.bin"))
    assert cached.read_bytes().startswith(first._packed)

    def must_not_build(_keys: tuple[str, ...]) -> bytes:
        raise AssertionError("built again although the cache file was good")

    monkeypatch.setattr(literals, "_pack", must_not_build)
    assert LiteralScanner(keys)._packed == first._packed


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty", "foreign layout"])
def test_a_damaged_cache_file_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             damage: str) -> None:
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(literals, "CACHE_FROM_CHARS", 10)
    keys = ["subscribe", "sign in"]
    good = LiteralScanner(keys)._packed
    (cached,) = list(tmp_path.glob("literals-*.bin"))
    stored = cached.read_bytes()
    if damage == "truncated":
        cached.write_bytes(stored[: len(stored) // 2])
    elif damage == "flipped byte":
        # one bit in the tables: the scan might quietly miss a key
        at = len(stored) // 2
        cached.write_bytes(stored[:at] + bytes([stored[at] ^ 1]) + stored[at + 1 :])
    elif damage == "empty":
        cached.write_bytes(b"")
    else:
        cached.write_bytes(good)  # an older layout without the digest
    again = LiteralScanner(keys)
    assert again._packed == good
    assert cached.read_bytes() == stored  # rewritten whole
    text = "please subscribe or sign in"
    assert hits(again, text) == find_all(keys, text)


def test_small_key_sets_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", str(tmp_path))
    LiteralScanner(["subscribe", "sign in"])
    assert not list(tmp_path.iterdir())


def test_damaged_automata_raise_instead_of_reading_out_of_bounds() -> None:
    good = LiteralScanner(["share", "shares", "hare", "дом"])._packed
    words = np.frombuffer(good, dtype=np.int32)
    rng = np.random.default_rng(7)
    with pytest.raises(ValueError):
        literals._scan(good[:-4], "share")
    with pytest.raises(ValueError):
        literals._scan(b"", "share")
    for _ in range(300):
        bad = words.copy()
        at = rng.integers(5, bad.size, size=3)
        bad[at] = rng.integers(-(1 << 31), 1 << 31, size=3, dtype=np.int64).astype(np.int32)
        with contextlib.suppress(ValueError):
            literals._scan(bad.tobytes(), "she shares a hare, дом share")
    with pytest.raises(TypeError):
        literals._scan(good, b"bytes are not text")  # type: ignore[arg-type]
