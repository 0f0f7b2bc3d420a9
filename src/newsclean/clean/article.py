"""clean_article: already-extracted text (.txt, JSONL ``text``) -> Article."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from newsclean.clean.lines import clean_blocks
from newsclean.clean.model import LineClassifier
from newsclean.options import Options
from newsclean.record import EMPTY, OK, Article

# Below this many characters of kept text a document is not an article.
MIN_ARTICLE_CHARS = 60


@cache
def _language_detector() -> Callable[[str], str | None] | None:
    try:
        fn = importlib.import_module("newsclean.annotate.language").detect_language
    # the language area may be missing or half-written; cleaning must go on.
    except Exception:
        return None
    return fn if callable(fn) else None


def detect_language(text: str) -> str | None:
    fn = _language_detector()
    if fn is None or not text:
        return None
    try:
        return fn(text)
    except Exception:
        return None


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    # every step after this is linear in the text, so enormous lines need no cap
    return [ln for ln in (x.strip() for x in text.split("\n")) if ln]


def _noise_share(text: str) -> float:
    """Share of characters that are control/replacement characters (binary noise)."""
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t"))
    return bad / len(sample)


def clean_article(text: str, *, options: Options, model: LineClassifier | None = None) -> Article:
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
    language = detect_language("\n".join(lines)[:5000])
    res = clean_blocks(lines, language=language, precise=options.precise, model=model)
    art.title = res.title
    art.site_name = res.site_name
    art.removed = res.removed
    art.paywalled = res.paywalled
    art.text = "\n\n".join(res.lines)
    art.language = detect_language(art.text[:5000]) if art.text else language
    if len(art.text) < MIN_ARTICLE_CHARS:
        art.status = EMPTY
        if res.paywalled:
            art.reason = "access_wall"
        elif art.text:
            art.reason = "too_short"
        else:
            art.reason = "no_article_text"
    else:
        art.status = OK
    return art
