"""Command-line value types shared by every subcommand: sizes and numbers.

Each raises ``argparse.ArgumentTypeError`` with a message argparse prints as
it is, so that a bad value is a one-line usage error.
"""

from __future__ import annotations

import argparse
import math


def size(value: str) -> int:
    """Bytes, plain or with a K/M/G suffix (``20M``, ``1G``)."""
    v = value.strip().upper()
    mult = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(v[-1:], 1)
    try:
        n = float(v[:-1] if mult > 1 else v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (use e.g. 20M, 4G)") from None
    if not n > 0 or math.isinf(n):
        raise argparse.ArgumentTypeError(f"size must be positive: {value!r}")
    return int(n * mult)


def _number(value: str, cast: type[int] | type[float], *, zero_ok: bool) -> float:
    try:
        n = cast(value)
    except ValueError:
        what = "a whole number" if cast is int else "a number"
        raise argparse.ArgumentTypeError(f"not {what}: {value!r}") from None
    if math.isnan(n) or n < 0 or (n == 0 and not zero_ok):
        bound = "zero or more" if zero_ok else ("at least 1" if cast is int else "positive")
        raise argparse.ArgumentTypeError(f"must be {bound}: {value!r}")
    return n


def positive_float(value: str) -> float:
    return float(_number(value, float, zero_ok=False))


def nonneg_float(value: str) -> float:
    return float(_number(value, float, zero_ok=True))


def positive_int(value: str) -> int:
    return int(_number(value, int, zero_ok=False))


def nonneg_int(value: str) -> int:
    return int(_number(value, int, zero_ok=True))

