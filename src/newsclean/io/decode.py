"""bytes -> str for web pages: BOM, HTTP charset, <meta charset>, detection.

Order of evidence (strongest first):

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. a UTF-16 byte pattern (every other byte NUL) without a BOM;
3. valid UTF-8 that contains multi-byte sequences: such bytes are almost never
   legacy-encoded text, and pages labelled ``iso-8859-1`` that are really UTF-8
   are the most common lie on the web;
4. the HTTP header charset, then ``<meta charset>`` / ``<meta http-equiv>`` in
   the first bytes, when the bytes decode under that label (a UTF-8 label on
   bytes that are mostly invalid UTF-8 is a lie and is ignored);
5. mostly-valid UTF-8 (a few broken sequences in real UTF-8 text);
6. statistical detection (uchardet through resiliparse; see
   benchmarks/results/encoding.md for the measurement that chose it).

Invalid bytes are replaced (U+FFFD), NUL characters are dropped; decoding
never raises.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from resiliparse.parse.encoding import detect_encoding

META_SCAN_BYTES = 16 * 1024
"""How far into the page to look for <meta charset>; pages often put long inline
scripts before it, so this is wider than the HTML spec's 1024-byte prescan."""

# Share of bytes a legacy table may fail on (undefined bytes, a truncated last
# character) and still be the declared encoding.
_UTF8_NOISE_RATIO = 0.02

# At most this many invalid UTF-8 sequences per valid multi-byte sequence: a
# document is then UTF-8 with a few corrupt bytes. Legacy-encoded text rarely
# forms valid multi-byte UTF-8 sequences (a lead byte must be followed by exactly
# the right number of continuation bytes): measured on benchmarks/encoding.py,
# the closest (shift_jis, gb18030) still has 2.4 invalid per valid one, single
# legacy words 1.3 or more. A short UTF-8 page with 15 accented letters and 3
# broken bytes has 0.2; a ratio over all high bytes could not tell them apart.
_UTF8_INVALID_PER_VALID = 0.5

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it shares the prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_RE = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]{1,40})""",
    re.IGNORECASE,
)
_HEADER_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]{1,40})""", re.I)
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the Python codec used
    source: str  # bom | utf16-pattern | utf8 | header | meta | utf8-noisy | detected | ascii


@cache
def _aliases() -> dict[str, str]:
    raw = resources.files("newsclean.io").joinpath("data/charset_aliases.json").read_text("utf-8")
    table: dict[str, str] = json.loads(raw)["aliases"]
    return table


def normalize_charset(label: str | None) -> str | None:
    """A web charset label -> the Python codec to decode it with, or None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if not key:
        return None
    mapped = _aliases().get(key)
    if mapped:
        return mapped
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    # Binary "codecs" (base64, zlib, rot13...) are valid Python names but not charsets.
    if name in {"base64", "zlib", "bz2", "hex", "quopri", "uu", "rot-13"} or not _is_text_codec(
        name
    ):
        return None
    return _aliases().get(name, name)


def _is_text_codec(name: str) -> bool:
    try:
        return isinstance(b"a".decode(name), str)
    except Exception:
        return False


def charset_from_content_type(content_type: str | None) -> str | None:
    """The raw charset label of an HTTP Content-Type header value."""
    if not content_type:
        return None
    m = _HEADER_CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def meta_charset(data: bytes) -> str | None:
    """The charset label declared by a <meta> tag in the first bytes of a page."""
    m = _META_RE.search(data[:META_SCAN_BYTES])
    return m.group(1).decode("ascii", "replace") if m else None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def utf16_pattern(data: bytes) -> str | None:
    """utf-16-le/-be when the bytes look like BOM-less UTF-16 of mostly-Latin text."""
    sample = data[:4096]
    if len(sample) < 16:
        return None
    half = len(sample) // 2
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def _finish(text: str) -> str:
    # NUL characters break C libraries downstream and are never content.
    return text.replace("\x00", "") if "\x00" in text else text


def _finish_bytes(text: str, data: bytes) -> str:
    # A byte scan is much faster than a scan of a wide str: no NUL byte, no NUL char
    # (for the ASCII-compatible encodings this is used with).
    return _finish(text) if b"\x00" in data else text


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


@cache
def _single_byte(enc: str) -> bool:
    """True for one-byte-per-character tables (cp1252, koi8-r...)."""
    if codecs.lookup(enc).name == "utf-8":
        return False
    try:
        return len(bytes(range(256)).decode(enc, "replace")) == 256
    except LookupError:
        return False


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken sequences: few invalid sequences per valid multi-byte one."""
    text = data.decode("utf-8", "replace")
    genuine = data.count(b"\xef\xbf\xbd")  # U+FFFD that was in the bytes already
    invalid = text.count("\ufffd") - genuine
    # Characters outside ASCII that decoded are exactly the valid multi-byte sequences.
    valid = len(text) - len(text.encode("ascii", "ignore")) - invalid - genuine
    return invalid <= _UTF8_INVALID_PER_VALID * valid


def detect(data: bytes) -> str:
    """The encoding statistical detection guesses, as a Python codec name.

    uchardet (through resiliparse) first: as accurate as charset-normalizer on
    benchmarks/encoding.py and ~20x faster. Its raw label is mapped by our own
    table (resiliparse's WHATWG remapping turns labels it does not know, such as
    CP949, into UTF-8); charset-normalizer decides only when uchardet has no answer.
    """
    guess = normalize_charset(detect_encoding(data, max_len=64 * 1024, html5_compatible=False))
    if guess == "koi8_r":
        # uchardet cannot tell KOI8-U from KOI8-R; KOI8-U only adds Ukrainian
        # letters where KOI8-R has box-drawing signs, which news text never uses.
        return "koi8_u"
    if guess is None or guess == "ascii":
        # Imported here: most pages never need it and the import costs a fresh
        # process ~10 ms (issue 16's start-up figure).
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 64 * 1024]).best()
        guess = normalize_charset(best.encoding) if best is not None else None
    return guess or "utf-8"


def decode_html(
    data: bytes, http_charset: str | None = None, *, sniff_meta: bool = True
) -> Decoded:
    """Decode a page's bytes; ``http_charset`` is the label from the HTTP header."""
    if not data:
        return Decoded("", "utf-8", "ascii")
    bom = _bom(data)
    if bom:
        enc, skip = bom
        return Decoded(_finish(data[skip:].decode(enc, "replace")), enc, "bom")
    pattern = utf16_pattern(data)
    if pattern:
        return Decoded(_finish(data.decode(pattern, "replace")), pattern, "utf16-pattern")

    utf8 = _strict(data, "utf-8")
    if utf8 is not None and "\x1b" not in utf8:
        if utf8.isascii():
            # Every ASCII-compatible label decodes ASCII the same way.
            return Decoded(_finish_bytes(utf8, data), "utf-8", "ascii")
        return Decoded(_finish_bytes(utf8, data), "utf-8", "utf8")
    # From here on: not UTF-8, or 7-bit text with ESC sequences (ISO-2022-JP).

    labels: list[tuple[str, str | None]] = [("header", http_charset)]
    if sniff_meta:
        labels.append(("meta", meta_charset(data)))
    usable: list[tuple[str, str]] = []  # (source, codec) of labels the bytes fit
    for source, label in labels:
        codec = normalize_charset(label)
        if codec is None or codec == "utf-8" or any(c == codec for _, c in usable):
            continue  # utf-8 already failed strictly: that label is wrong or noisy
        # Single-byte tables have a few undefined bytes; those are noise, not a lie.
        if _strict(data, codec) is not None or _single_byte(codec):
            usable.append((source, codec))
    if usable:
        source, codec = usable[0]
        if len(usable) > 1:
            # Header and meta disagree and both fit: let detection break the tie
            # (browsers always take the header, which garbles such pages).
            guess = detect(data)
            by_guess = data.decode(guess, "replace")
            source, codec = next(
                ((s, c) for s, c in usable if c == guess or data.decode(c, "replace") == by_guess),
                usable[0],
            )
        return Decoded(_finish_bytes(data.decode(codec, "replace"), data), codec, source)
    if utf8 is not None:
        guess = detect(data)
        if guess.startswith("iso2022") and (text := _strict(data, guess)) is not None:
            return Decoded(_finish_bytes(text, data), guess, "detected")
        return Decoded(_finish_bytes(utf8, data), "utf-8", "utf8")
    if _mostly_utf8(data):
        return Decoded(_finish_bytes(data.decode("utf-8", "replace"), data), "utf-8", "utf8-noisy")
    for source, label in labels:
        # A multi-byte label whose table fails on a few bytes (truncated page, a
        # stray byte) is still better evidence than detection.
        codec = normalize_charset(label)
        if codec is not None and codec != "utf-8" and _bad_ratio(data, codec) <= _UTF8_NOISE_RATIO:
            return Decoded(_finish_bytes(data.decode(codec, "replace"), data), codec, source)
    guess = detect(data)
    return Decoded(_finish_bytes(data.decode(guess, "replace"), data), guess, "detected")


def _bad_ratio(data: bytes, enc: str) -> float:
    high = len(_NON_ASCII_RE.findall(data))
    if not high:
        return 0.0
    try:
        bad = data.decode(enc, "replace").count("\ufffd")
    except LookupError:
        return 1.0
    return bad / high


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Decode plain text (no <meta> to look at)."""
    return decode_html(data, charset, sniff_meta=False).text


def decode(data: bytes, http_charset: str | None = None) -> str:
    """bytes -> str for an HTML page (the pipeline's ``decode`` stage)."""
    return decode_html(data, http_charset).text
