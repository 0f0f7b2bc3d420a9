"""Text keys shared by every stage: the one Unicode normalisation every match and
feature sees, and how two strings are compared when case, punctuation, spacing and
Unicode compatibility forms should not matter.

Scraped text writes the same words in many code-point spellings: no-break and
narrow spaces where the page showed spaces, zero-width spaces and soft hyphens
inside words, full-width letters, Arabic tatweel stretching a word and the
tanween written before or after its alef. Phrase families, section openers, the
line model and title comparison all see the text after ``normalise_text``; the
text a caller gets back is always the original. Line breaks are never created or
removed, so a document normalised whole splits into the same lines as its lines
normalised one by one."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

import numpy as np

_NON_WORD = re.compile(r"[\W_]+")

# Scripts written without spaces between words, as code point ranges: Thai and
# Lao, Myanmar, Khmer, kana, CJK ideographs (and their compatibility forms).
UNSPACED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
)
# Those scripts and Hangul (Korean spaces its words, but a particle joins the
# word before it) as the body of a regex character class, and one such character.
UNSPACED_CHARS = "".join(
    f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in (*UNSPACED_RANGES, (0xAC00, 0xD7AF)))
UNSPACED_CHAR_RE = re.compile(f"[{UNSPACED_CHARS}]")

# Deleted: zero-width spaces and joiners, word joiner, BOM, soft hyphen, Arabic
# tatweel (a stretch of the baseline, not a letter), bidi marks and embeddings.
_INVISIBLE = ("\u200b\u200c\u200d\u2060\ufeff\u00ad\u0640\u200e\u200f"
              "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Spaces NFKC leaves alone or that scrapers leave in (Ogham space mark, Mongolian
# vowel separator, line and paragraph separators) become a plain space.
_ODD_SPACES = "\u1680\u180e\u2028\u2029"
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]")
# Either of the two, one by one: most texts hold neither, and a substring test
# per character (a C scan each, none at all on a text of narrower characters)
# says so in half the time of one regex search for all of them.
_INVISIBLE_OR_ODD = _INVISIBLE + _ODD_SPACES
# Quotes and apostrophes folded to ASCII so that "don’t" and "don't" match alike.
_QUOTES = ("\u2019", "\u2018", "\u02bc", "\u2032")
# Arabic tanween fath is written on the letter before a final alef or on the
# alef itself ("أيضًا" / "أيضاً"); one order for both.
_TANWEEN_RE = re.compile("\u0627\u064b")
# Runs of spaces, and tabs or form feeds alone, become one space.
_SPACE_RUN_RE = re.compile(r"[ \t\x0b\x0c]{2,}|[\t\x0b\x0c]")


# Text longer than twice this is NFKC-normalised in pieces of about this many
# characters (_nfkc).
_NFKC_PIECE = 512


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, piece by piece between line
    breaks. Its quick check passes text already in NFKC at about a nanosecond
    a character, but one character that is not (an ellipsis, a ligature) sends
    the whole text through the full algorithm at ten times that; in pieces, only
    the pieces holding one pay. A line break is a starter that neither
    decomposes nor composes with anything, so the pieces' forms joined are the
    whole text's."""
    if len(text) <= 2 * _NFKC_PIECE:
        return unicodedata.normalize("NFKC", text)
    out: list[str] = []
    start = 0
    while True:
        cut = text.find("\n", start + _NFKC_PIECE)
        if cut < 0:
            out.append(unicodedata.normalize("NFKC", text[start:]))
            return "\n".join(out)
        out.append(unicodedata.normalize("NFKC", text[start:cut]))
        start = cut + 1


def normalise_text(text: str) -> str:
    """NFKC, spaces and invisible characters unified, quotes folded, Arabic
    tanween ordered, runs of spaces made one; line breaks kept where they are.
    Case is kept."""
    if not text.isascii():
        # regex passes, not str.translate: translate with a table is slow on
        # non-ASCII text
        if any(ch in text for ch in _INVISIBLE_OR_ODD):
            text = _ODD_SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", text))
        text = _nfkc(text)
        for q in _QUOTES:
            if q in text:
                text = text.replace(q, "'")
        if "\u064b" in text:
            text = _TANWEEN_RE.sub("\u064b\u0627", text)
    # the regex tries every position of the text; four substring tests (C
    # scans) tell whether it would change anything
    if "  " in text or "\t" in text or "\x0b" in text or "\x0c" in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    return text


# The whitespace characters (str.isspace, the regex engine's \s) other than the
# space and the line break (tests/test_paywall_notices.py checks the list).
OTHER_WHITESPACE = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003"
                    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f"
                    "\u3000")
_WHITESPACE_RUN_RE = re.compile(r"[^\S\n]+")


# What a reader does not see: invisible characters and whitespace of any kind.
_UNSEEN = _INVISIBLE + " \n" + OTHER_WHITESPACE


def visible(text: str) -> bool:
    """Whether ``text`` holds a character a reader sees: a paragraph of a
    zero-width joiner alone (page builders write ``<p>&zwj;</p>`` for an empty
    line) is no paragraph, nor one of other format characters (Unicode's
    category Cf: invisible separators, interlinear annotation marks...)."""
    if text.isascii():
        return bool(text.strip())
    # stops at the first character seen, which in text is the first one
    return any(not (ch.isspace() or unicodedata.category(ch) == "Cf")
               for ch in text.strip(_UNSEEN))


def single_spaces(text: str) -> str:
    """Each run of whitespace other than line breaks as one space (lines joined
    by line breaks keep them)."""
    # the substitution replaces every single space by itself: on text without
    # double or odd spaces (newsclean.text's form) substring tests are much
    # cheaper (a C scan per character, none for one wider than the text's;
    # a third of the time of a regex search for all of them)
    if "  " in text or any(ch in text for ch in OTHER_WHITESPACE):
        text = _WHITESPACE_RUN_RE.sub(" ", text)
    return text


def as_shown(text: str) -> str:
    """``text`` as a reader sees it, its characters as written: the characters
    normalising deletes (zero-width spaces, bidi embeddings, soft hyphens, the
    Arabic tatweel that only stretches a line) gone and whitespace of any kind
    one space, but no NFKC and no folded quotes (a record's title keeps "５"
    and "…")."""
    if not text.isascii() and any(ch in text for ch in _INVISIBLE_OR_ODD):
        text = _ODD_SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", text))
    return single_spaces(text).strip()


def normalise_lines(lines: list[str]) -> list[str]:
    """Each line normalised and stripped, in one pass over the joined text."""
    joined = normalise_text("\n".join(lines))
    out = joined.split("\n")
    if len(out) != len(lines):
        # a line held a line break of its own (callers split on "\n" first)
        out = [normalise_text(x).replace("\n", " ") for x in lines]
    return [x.strip() for x in out]


# List bullets some scrapers write before each item (resiliparse's plain text:
# "• HOME", "• Share on Facebook"); html-text and the HTML path write none, and
# a line model fitted on those texts meets the bullet as an unknown shape.
LIST_BULLETS = (
    "\u2022\u25e6\u2023\u2043\u2219"  # bullets: round, white, triangular, hyphen, operator
    "\u25cf\u25cb\u25aa\u25ab\u25a0\u25a1"  # black and white circles and squares
    "\u25ba\u25b8\u27a2\u27a4"  # pointers and arrowheads
)
_BULLET_SET = frozenset(LIST_BULLETS)
_BULLETS_AND_SPACE = LIST_BULLETS + " "
# ... and the dashes and asterisks other extractors write for one ("- item":
# trafilatura's output, Markdown)
_ITEM_MARKS = frozenset(LIST_BULLETS + "-*\u2013\u2014")


def list_item(line: str) -> bool:
    """Whether ``line`` is written as a bulleted list item ("• Home", "- Home"):
    a page's first such line is a menu's, not its headline (wcxb-dev train: of
    the first lines so written that clean_text took for the title, 2 of 96 were
    the page's)."""
    return len(line) > 2 and line[0] in _ITEM_MARKS and line[1] == " "


def without_bullets(lines: list[str]) -> list[str]:
    """Normalised lines with the list bullets before their text taken off (the
    item is its text, whichever scraper wrote it); a line of bullets alone
    stays as it is."""
    if not any(x[:1] in _BULLET_SET for x in lines):
        return lines
    return [(x.lstrip(_BULLETS_AND_SPACE) or x) if x[:1] in _BULLET_SET else x
            for x in lines]


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case, punctuation and spacing folded away (after normalise_text): the key for
    comparing headlines, titles and site names."""
    return _NON_WORD.sub(" ", normalise_text(text).casefold()).strip()


# Runs of non-word characters other than the line feed.
_NON_WORD_LINE = re.compile(r"[^\w\n]+")


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]`` in one normalisation pass over all of them
    (a page's blocks: thousands of short strings that are seldom seen again)."""
    if not texts:
        return []
    # normalise_text never creates or removes a line break.
    joined = normalise_text("\n".join(t.replace("\n", " ") for t in texts))
    # Underscores are word characters to the regex engine but not to fold().
    low = joined.casefold().replace("_", " ")
    return [line.strip() for line in _spaced_non_words(low).split("\n")]


@lru_cache(maxsize=4)
def char_table(char_class: str) -> np.ndarray:
    """Per character of the Basic Multilingual Plane, whether the one-character
    regex ``char_class`` (``\\w``, ``[^\\W\\d_]``...) matches it: asked of the
    regex engine itself, once per process, so that numpy can apply it to a
    page's code points (see ``bmp_code_points``). One substitution over the
    plane marks the matches (5 ms; collecting every match's position cost 33 ms
    before a process's first record)."""
    plane = "".join(map(chr, range(0x10000)))
    marked = re.sub(char_class, "\x01", plane)
    table = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 1
    table[1] = re.fullmatch(char_class, "\x01") is not None
    return table


def bmp_code_points(text: str) -> np.ndarray | None:
    """The code points of ``text`` (uint32), or None when it is empty or holds a
    character past the Basic Multilingual Plane (which ``char_table`` does not
    cover: the caller asks the regex instead)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size == 0 or int(codes.max()) > 0xFFFF:
        return None
    return codes


def _spaced_non_words(text: str) -> str:
    """``_NON_WORD_LINE.sub(" ", text)`` with numpy over the code points: the
    regex tests every character against Unicode categories one by one, at
    about three times the cost on a page's blocks."""
    codes = bmp_code_points(text)
    if codes is None:
        return _NON_WORD_LINE.sub(" ", text)
    gap = ~char_table(r"\w")[codes] & (codes != 10)
    # a run of gap characters is one space: its first kept, made a space
    keep = ~gap
    keep[0] |= gap[0]
    keep[1:] |= gap[1:] & ~gap[:-1]
    spaced = np.where(gap, np.uint32(32), codes)[keep]
    return spaced.tobytes().decode("utf-32-le", "surrogatepass")


def lines_at(starts: Sequence[int] | np.ndarray, positions: np.ndarray) -> np.ndarray:
    """For each position of a text of joined lines, the line holding it, given
    where each line starts (ascending): the hits of one search over all lines
    placed back on their lines."""
    return np.searchsorted(starts, positions, side="right") - 1


class JoinedLines:
    """Lines joined by line breaks, and which line a position of the joined text
    is in: a search over all lines in one scan (``str.find``, an automaton)
    placed back on its lines."""

    __slots__ = ("text", "starts")

    def __init__(self, lines: Sequence[str]) -> None:
        self.text = "\n".join(lines)
        # where line k starts: the lengths before it and its k line breaks
        starts = list(accumulate(map(len, lines), initial=0))
        for k in range(len(starts)):
            starts[k] += k
        self.starts = starts

    def line_at(self, position: int) -> int:
        """The line holding ``position`` (a line's break counts with it); for
        many positions at once, ``lines_at(self.starts, positions)``."""
        return bisect_right(self.starts, position) - 1


_TOKEN_RE = re.compile(r"\S+")
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


def _is_address(token: str) -> bool:
    """A URL, an e-mail address or a site path ("example.com/a/1.html")."""
    return ("://" in token or "@" in token or token.startswith("www.")
            or ("/" in token and "." in token))


def has_words(text: str, minimum: int) -> bool:
    """Whether ``text`` holds at least ``minimum`` letters outside URLs and
    e-mail addresses. A list of numbers, of links or of symbols holds nothing
    to read, however long it is; letters of any script count. Tokens are read
    one at a time and the count stops at ``minimum``: a real text answers in
    its first words."""
    count = 0
    for token in _TOKEN_RE.finditer(text):
        word = token.group()
        if _is_address(word):
            continue
        for run in _LETTER_RUN_RE.finditer(word):
            count += run.end() - run.start()
            if count >= minimum:
                return True
    return False
