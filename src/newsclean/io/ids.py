"""Stable document ids derived from source locators.

An id must be the same on every run and on every split of the input into
units, so it is a hash of the locator (``path``, ``path#offset=N``,
``path#line=N``, ``path#row=N``), which itself never depends on splitting.
"""

from __future__ import annotations

import os

import xxhash


def stable_id(locator: str) -> str:
    """A short, stable id for a source locator (64-bit xxh3, hex)."""
    return xxhash.xxh3_64_hexdigest(locator.encode("utf-8", "surrogatepass"))


def own_id(value: object) -> str | None:
    """The input's own id as a string, when it is a usable scalar."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, int | float):
        return str(value)
    return None


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as it appears in locators: normalised, forward slashes."""
    return os.path.normpath(os.fspath(path)).replace(os.sep, "/")
