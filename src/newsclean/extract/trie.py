"""Literal alternations -> trie-shaped regexes, for fast "could anything match here?" scans.

Python's ``re`` tries every branch of an alternation at every position, so a
table of a hundred-odd class-name words costs far more than the strings it
scans. The same words written as a prefix tree are tried one character at a
time instead. Only plain-word alternatives are accepted (lookarounds are
dropped, which can only widen the match); anything else gives ``None`` and the
caller keeps its exact regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A lookahead or lookbehind without nested groups: "(?![a-z])", "(?<!x)".
_LOOKAROUND = re.compile(r"\(\?<?[!=][^()]*\)")
_PLAIN = re.compile(r"[a-z0-9_\-]+")

_Trie = dict[str, "_Trie"]


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


def literals(pattern: str) -> list[str] | None:
    """The words of a ``word|word(?!x)|...`` pattern (see :func:`alternatives`)."""
    alts = alternatives(pattern)
    return None if alts is None else [word for _, word in alts]


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


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly the strings that start with one of ``words``
    (a word that is a prefix of another makes the longer one redundant)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: _Trie) -> str:
    # Recursion depth is the length of a word: a few dozen at most.
    if "" in node:
        return ""
    alts = [re.escape(ch) + _emit(sub) for ch, sub in sorted(node.items())]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
