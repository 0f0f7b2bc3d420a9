"""Is this input binary? Which kind of input is this path?"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from newsclean.io.decode import utf16_pattern

SNIFF_BYTES = 8192
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

# Control bytes other than whitespace and ESC (used by ISO-2022 encodings).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\x00" * len(_CONTROL))


@cache
def _tables() -> dict[str, dict[str, str]]:
    raw = resources.files("newsclean.io").joinpath("data/file_kinds.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(raw)
    return data


def magic_kind(head: bytes) -> str | None:
    """The binary format a file starts with (png, pdf, gzip...), if a known one.

    A magic number made only of printable letters ("MZ", "ID3", "RIFF") could
    also start an ordinary sentence, so it only counts when a control byte
    follows soon after; "%PDF-" is distinctive enough on its own.
    """
    for hex_magic, name in _tables()["magic"].items():
        magic = bytes.fromhex(hex_magic)
        if not head.startswith(magic):
            continue
        printable = all(32 <= b < 127 for b in magic)
        if not printable or name == "pdf" or _has_control(head[:512]):
            return name
    return None


def _has_control(sample: bytes) -> bool:
    return len(sample.translate(None, _CONTROL)) < len(sample)


def looks_binary(head: bytes) -> bool:
    """True when the first bytes are a known binary format or mostly control bytes."""
    if not head:
        return False
    if magic_kind(head) is not None:
        return True
    sample = head[:SNIFF_BYTES]
    # UTF-16/32 text is full of bytes below 0x20 (CJK text even without NUL patterns).
    if sample.startswith(_WIDE_BOMS) or utf16_pattern(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    # Text pages may carry a few stray NULs or form feeds; binaries are dense in them.
    return controls > max(8, 0.1 * len(sample))


def split_compression(name: str) -> tuple[str, str | None]:
    """('page.html', 'gzip') for 'page.html.gz'; compression None when not compressed."""
    lower = name.lower()
    for suffix, method in _tables()["compression"].items():
        if lower.endswith(suffix):
            return name[: -len(suffix)], method
    return name, None


def kind_for_name(name: str) -> tuple[str, str | None]:
    """(kind, compression) from a file name; kind 'unknown' when the suffix is not known."""
    inner, compression = split_compression(name)
    lower = inner.lower()
    dot = lower.rfind(".")
    ext = lower[dot:] if dot >= 0 else ""
    kind = _tables()["extensions"].get(ext, "unknown")
    if compression is not None and kind == "unknown":
        return "unknown", compression
    return kind, compression
