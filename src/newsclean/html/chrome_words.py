"""The class/id word tables of ``data/chrome.json``: their words, and where in a
string any of them starts.

The tables are alternations of plain words, some with a lookaround
(``share|social(?!ist)|...``). Judging a page's class strings tries every
branch at every position with ``re``; instead the words go into one
Aho-Corasick automaton (newsclean.literals, the scan the cleaner's phrase
pre-filter uses), which finds every place a word starts in one C pass, and
only there is the exact regex of the words starting with that character tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsclean.literals import LiteralScanner

# A lookahead or lookbehind without nested groups: "(?![a-z])", "(?<!x)".
_LOOKAROUND = re.compile(r"\(\?<?[!=][^()]*\)")
_PLAIN = re.compile(r"[a-z0-9_\-]+")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def alternatives(pattern: str) -> list[tuple[str, str]] | None:
    """(alternative, its word) for each branch of a ``word|word(?!x)|...``
    pattern, or None when a branch is more than a word with lookarounds."""
    out: list[tuple[str, str]] = []
    for alt in pattern.split("|"):
        word = _LOOKAROUND.sub("", alt).replace("\\-", "-")
        if not _PLAIN.fullmatch(word):
            return None
        out.append((alt, word))
    return out


def by_first_char(groups: list[tuple[str | None, list[tuple[str, str]]]]) -> dict[str, str]:
    """Per first character of a word, the alternation of just the branches
    whose word starts with it, in their original order, each group kept as a
    named group when it has a name. At a position holding that character no
    other branch can match, so the first branch that matches is the same."""
    out: dict[str, list[str]] = {}
    for name, alts in groups:
        per_char: dict[str, list[str]] = {}
        for alt, word in alts:
            per_char.setdefault(word[0], []).append(alt)
        for ch, branch in per_char.items():
            body = "|".join(branch)
            out.setdefault(ch, []).append(f"(?P<{name}>{body})" if name else f"(?:{body})")
    return {ch: "|".join(parts) for ch, parts in out.items()}


class WordStarts:
    """Finds the positions of a text where one of ``words`` begins right after a
    character that is not ``[a-z0-9]`` (a word start in a lower-cased class
    string), with the shortest word found there."""

    def __init__(self, words: Iterable[str]) -> None:
        self._scanner = LiteralScanner(sorted(set(words)))

    def find(self, text: str) -> list[tuple[int, str]]:
        """(position, shortest word starting there), in text order."""
        best: dict[int, str] = {}
        ends, ids = self._scanner.scan(text)
        keys = self._scanner.keys
        for end, key in zip(ends.tolist(), ids.tolist(), strict=True):
            word = keys[key]
            start = end - len(word) + 1
            if start == 0 or text[start - 1] in _WORD_CHARS:
                continue
            held = best.get(start)
            if held is None or len(word) < len(held):
                best[start] = word
        return sorted(best.items())
