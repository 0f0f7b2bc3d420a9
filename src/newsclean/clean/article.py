"""clean_article: already-extracted text (.txt, JSONL ``text``) -> Article."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsclean.annotate.language import detect_language
from newsclean.clean.charclass import code_points
from newsclean.clean.lines import clean_blocks
from newsclean.clean.model import LineModel
from newsclean.options import Options
from newsclean.record import EMPTY, MIN_ARTICLE_CHARS, MIN_WORD_LETTERS, OK, Article
from newsclean.text import has_words

# control characters (except line breaks and tabs) and U+FFFD: binary noise,
# as a table over the code points below U+FFFF
_NOISE = np.zeros(0xFFFF, dtype=bool)
_NOISE[[*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFD]] = True


# Hard-wrapped text: most lines of a paragraph end within WRAP_SLACK characters of
# a common width between MIN_WRAP and MAX_WRAP, mostly mid-sentence.
MIN_WRAP, MAX_WRAP, WRAP_SLACK = 45, 100, 20
_LIST_START_RE = re.compile(r"^([-*•·▪►]|\d+[.)])\s")
_SENTENCE_END = tuple(".!?:;。！？\"'”’»)")


def wrap_width(lines: Sequence[str]) -> int | None:
    """The column the text was hard-wrapped at, or None when it was not wrapped."""
    lengths = sorted(map(len, filter(None, lines)))
    if len(lengths) < 4:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if not MIN_WRAP <= width <= MAX_WRAP or lengths[-1] > width + 2 * WRAP_SLACK:
        return None
    full = [x for x in lines if len(x) >= width - WRAP_SLACK]
    if len(full) < 0.4 * len(lengths):
        return None
    # a wrapped line breaks mid-sentence; a column of short full sentences does not
    mid = sum(1 for x in full if not x.endswith(_SENTENCE_END))
    return width if mid >= 0.6 * len(full) else None


def unwrap(lines: Sequence[str]) -> list[str]:
    """Re-join hard-wrapped paragraphs; blank lines stay paragraph breaks.

    A line continues onto the next when it reaches the wrap column (the next word
    did not fit), the next line is not blank and does not start a list item.
    """
    width = wrap_width(lines)
    if width is None:
        return [x for x in lines if x]
    out: list[str] = []
    cur = ""
    last_len = 0
    for line in lines:
        if not line:
            if cur:
                out.append(cur)
            cur = ""
            continue
        if cur and not _LIST_START_RE.match(line) and last_len >= width - WRAP_SLACK:
            # a hyphen at the break joins the word halves
            cur = cur + line if cur.endswith("-") else f"{cur} {line}"
            last_len = len(line)
            continue
        if cur:
            out.append(cur)
        cur, last_len = line, len(line)
    if cur:
        out.append(cur)
    return out


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    # every step after this is linear in the text, so enormous lines need no cap
    return unwrap(list(map(str.strip, text.split("\n"))))


def _noise_share(text: str) -> float:
    """Share of characters that are control/replacement characters (binary noise)."""
    if not text:
        return 0.0
    sample = text[:20000]
    # one gather over the code points (a regex scan cost twice as much)
    codes = np.minimum(code_points(sample), _NOISE.size - 1)
    return int(np.count_nonzero(_NOISE.take(codes))) / len(sample)


def clean_article(text: str, *, options: Options, model: LineModel | None = None) -> Article:
    """Clean one text; id/source are set by the caller. Never raises on odd text."""
    art = Article(id="", source="")
    text = text or ""
    if not text.strip():
        art.status, art.reason = EMPTY, "no_article_text"
        return art
    if _noise_share(text) > 0.3:
        art.status, art.reason = EMPTY, "no_article_text"
        return art
    lines = _split_lines(text)
    res = clean_blocks(lines, precise=options.precise, model=model)
    art.title = res.title
    art.site_name = res.site_name
    art.removed = res.removed
    art.paywalled = res.paywalled
    art.text = "\n\n".join(res.lines)
    # the language of what is kept, not of the menus around it
    art.language = detect_language((art.text or "\n".join(lines))[:5000])
    if len(art.text) < MIN_ARTICLE_CHARS:
        art.status = EMPTY
        if res.paywalled:
            art.reason = "access_wall"
        elif len(text) >= MIN_ARTICLE_CHARS and not has_words(text, MIN_WORD_LETTERS):
            # the input itself holds nothing to read (numbers, links, addresses),
            # whatever the model kept of it
            art.reason = "no_words"
        elif art.text:
            art.reason = "too_short"
        else:
            art.reason = "no_article_text"
    elif not has_words(art.text, MIN_WORD_LETTERS):
        # kept whole (nothing goes without a reason), but nothing to read
        art.status, art.reason = EMPTY, "no_words"
    else:
        art.status = OK
    return art
