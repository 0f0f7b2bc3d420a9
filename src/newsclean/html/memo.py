"""A memo that forgets everything once it holds ``max_items`` answers.

Sites repeat the same class strings, attributes and tokens on hundreds of
elements and across their pages, so per-string answers are worth keeping; a
long-running worker sees millions of distinct strings, so the memo is bounded.
Forgetting all at once costs one refill and keeps lookups a plain dict get.

Safe under threads without a lock: an answer is returned from the local value
it was computed into, never read back after the insert, so another thread's
``clear()`` between the two cannot raise (the bug the old verdict cache had).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(dict[K, V]):
    """``make(key)``, remembered. A dict: a hit is the dict's own lookup in C,
    with no Python frame (the memos are asked hundreds of times a page)."""

    __slots__ = ("_make", "_max")

    def __init__(self, make: Callable[[K], V], max_items: int) -> None:
        super().__init__()
        self._make = make
        self._max = max_items

    def __missing__(self, key: K) -> V:
        if len(self) >= self._max:
            self.clear()
        value = self[key] = self._make(key)
        return value

    # memo(key) is memo[key]: a miss goes through __missing__.
    __call__ = dict.__getitem__
