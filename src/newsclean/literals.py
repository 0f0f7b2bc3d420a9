"""Every occurrence of many literal keys in a text, in one scan (Aho-Corasick).

The cleaner looks for the phrase tables' 3,500 literals and the section stems
in a page's lines joined, and the extractor for chrome words in a page's text.
The automaton is built here as flat arrays and scanned by a small C module
(_literals.c), which hands every hit back in one array instead of a Python
tuple each. ``find_all`` (str.find per key) gives the same hits and is the
reference the tests hold the scan to.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Sequence

import numpy as np

from newsclean._literals import scan as _scan
from newsclean.cachedir import derived_path, write_atomically

# The root's moves are a table indexed by code point below this (Latin, Greek,
# Cyrillic, Hebrew, Arabic: 8 KB), searched like any other state's above it.
# Most characters of a text are read at the root.
DENSE_ROOT = 0x800
# The shallowest states whose moves on ASCII characters are tabled (states are
# numbered breadth first): 8,192 rows of ~45 classes, 1.5 MB, where a table
# for every state of the phrase tables' 41,000 took 7 MB to read and the scan
# spends nearly all its steps in the shallow states anyway.
TABLED_STATES = 8192
# Automata of keys this long in all are cached on disk (the phrase tables': 95,000
# characters, 0.2-0.3 s to build); smaller ones build in a few milliseconds, and a
# file for every small key set a caller or a test makes would only fill the cache.
CACHE_FROM_CHARS = 10_000
# Bump when _pack's layout changes: cached automata of another layout are then
# not read.
PACK_VERSION = 3
# A cached automaton ends with a CRC-32 of its bytes: a checksum against a
# damaged file, not a signature (CRC-32 reads 8 MB in ~4 ms, a cryptographic
# digest took 20-30).
_CHECK_BYTES = 4


class LiteralScanner:
    """The keys' automaton; ``scan(text)`` finds every occurrence of every key.

    Keys are matched exactly (code point by code point): callers lower-case the
    keys and the text alike. A key given twice is found under each of its ids.
    """

    __slots__ = ("keys", "_packed")

    def __init__(self, keys: Sequence[str]) -> None:
        if any(not k for k in keys):
            raise ValueError("an empty key would match everywhere")
        self.keys = tuple(keys)
        big = sum(map(len, self.keys)) >= CACHE_FROM_CHARS
        self._packed = _cached_pack(self.keys) if big else _pack(self.keys)

    def scan(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(ends, key ids) of every occurrence, as int64 arrays in the order of
        their ends; an occurrence's end is the index of its last character."""
        pairs = np.frombuffer(_scan(self._packed, text), dtype=np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1]


def _cached_pack(keys: tuple[str, ...]) -> bytes:
    """``_pack(keys)``, from a file under ``cache_dir()`` when a process already
    built it: building the phrase tables' automaton in Python takes 0.2-0.3 s, a
    fresh process's first record waits on it, and reading it takes a few
    milliseconds. A file whose checksum does not match (damaged, truncated, of
    another layout: the scan could raise on some index, or miss a key) is built
    again and rewritten, never used."""
    path = derived_path("literals", PACK_VERSION, keys, ".bin")
    try:
        stored = path.read_bytes()
        packed, check = stored[:-_CHECK_BYTES], stored[-_CHECK_BYTES:]
        if len(stored) > _CHECK_BYTES and _check(packed) == check:
            return packed
    except OSError:
        pass
    packed = _pack(keys)
    write_atomically(path, packed + _check(packed))
    return packed


def _check(packed: bytes) -> bytes:
    return zlib.crc32(packed).to_bytes(_CHECK_BYTES, "little")


def _pack(keys: tuple[str, ...]) -> bytes:
    """The automaton as _literals.c reads it: a header (states, edges, outs,
    dense, classes, tabled states) and the int32 arrays, states numbered
    breadth first (a failure link then always points to a lower state, which
    the scan checks)."""
    # the trie, states numbered as they are made
    moves: list[dict[int, int]] = [{}]
    ends: list[list[int]] = [[]]
    for key_id, key in enumerate(keys):
        state = 0
        for ch in key:
            c = ord(ch)
            nxt = moves[state].get(c)
            if nxt is None:
                nxt = moves[state][c] = len(moves)
                moves.append({})
                ends.append([])
            state = nxt
        ends[state].append(key_id)
    # breadth first: a state's failure link is the longest proper suffix of its
    # string that is also a state, already known one level up
    order = [0]
    fail = [0] * len(moves)
    queue = deque(moves[0].values())
    while queue:
        state = queue.popleft()
        order.append(state)
        for c, nxt in moves[state].items():
            back = fail[state]
            while back and c not in moves[back]:
                back = fail[back]
            fail[nxt] = moves[back].get(c, 0)
            queue.append(nxt)
    new = [0] * len(moves)
    for i, old in enumerate(order):
        new[old] = i
    # the keys each state completes: its own and its failure link's, parents first
    outs: list[list[int]] = [[] for _ in moves]
    for old in order:
        outs[new[old]] = ends[old] + (outs[new[fail[old]]] if old else [])
    edge_start, edge_char, edge_to = [0], [], []
    for old in order:
        for c in sorted(moves[old]):
            edge_char.append(c)
            edge_to.append(new[moves[old][c]])
        edge_start.append(len(edge_char))
    root = [0] * DENSE_ROOT
    for c, nxt in moves[0].items():
        if c < DENSE_ROOT:
            root[c] = new[nxt]
    fails = np.array([new[fail[old]] for old in order], dtype=np.int64)
    ascii_class, dfa = _ascii_moves(np.array(edge_start), np.array(edge_char, dtype=np.int64),
                                    np.array(edge_to, dtype=np.int64), fails, TABLED_STATES)
    out_start = np.cumsum([0, *map(len, outs)])
    header = [len(moves), len(edge_char), int(out_start[-1]), DENSE_ROOT, dfa.shape[1],
              dfa.shape[0]]
    arrays = [header, ascii_class, dfa.ravel(), root, edge_start, edge_char, edge_to, fails,
              out_start, [k for o in outs for k in o]]
    return b"".join(np.asarray(a, dtype=np.int32).tobytes() for a in arrays)


def _ascii_moves(edge_start: np.ndarray, edge_char: np.ndarray, edge_to: np.ndarray,
                 fail: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The class of each ASCII character (0: in no key, ids by code point) and
    the next state of each of the first ``rows`` states on each class, failure
    links followed: a state's row is its failure link's with its own moves
    written over. States are numbered breadth first, so a level's failure links
    are lower states whose rows are final."""
    used = np.unique(edge_char[edge_char < 128])
    ascii_class = np.zeros(128, dtype=np.int64)
    ascii_class[used] = np.arange(1, used.size + 1)
    rows = min(rows, fail.size)
    dfa = np.zeros((rows, used.size + 1), dtype=np.int64)
    owner = np.repeat(np.arange(fail.size), np.diff(edge_start))
    # a child's depth is its parent's plus one: the levels, from the root's children
    depth = np.zeros(fail.size, dtype=np.int64)
    for s, t in zip(owner.tolist(), edge_to.tolist(), strict=True):
        depth[t] = depth[s] + 1
    bounds = np.minimum(np.searchsorted(depth, np.arange(int(depth.max()) + 2)), rows)
    mine = (edge_char < 128) & (owner < rows)
    for level in range(int(depth.max()) + 1):
        lo, hi = int(bounds[level]), int(bounds[level + 1])
        if lo == hi:
            break
        if level:
            dfa[lo:hi] = dfa[fail[lo:hi]]
        edges = mine & (owner >= lo) & (owner < hi)
        dfa[owner[edges], ascii_class[edge_char[edges]]] = edge_to[edges]
    return ascii_class, dfa


def find_all(keys: Sequence[str], text: str) -> list[tuple[int, int]]:
    """(end, key id) of every occurrence of every key, by end then key id: what
    ``LiteralScanner(keys).scan(text)`` finds, one ``str.find`` at a time."""
    found = []
    for key_id, key in enumerate(keys):
        at = text.find(key)
        while at >= 0:
            found.append((at + len(key) - 1, key_id))
            at = text.find(key, at + 1)
    return sorted(found)
