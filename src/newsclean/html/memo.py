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
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    """``make(key)``, remembered; ``make`` never returns None (None means "not
    seen")."""

    __slots__ = ("_data", "_make", "_max")

    def __init__(self, make: Callable[[K], V], max_items: int) -> None:
        self._data: dict[K, V] = {}
        self._make = make
        self._max = max_items

    def __call__(self, key: K) -> V:
        hit = self._data.get(key)
        if hit is None:
            if len(self._data) >= self._max:
                self._data.clear()
            hit = self._data[key] = self._make(key)
        return hit

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        self._data.clear()
