"""Minimal stand-ins for stages that other modules provide.

The pipeline must keep working while extract/, clean/ and io/ are being built
(and if one of them fails to import in a broken checkout). These are simple but
real: they return main text from HTML, not the whole page. ``stages.py`` only
uses them when the proper module cannot be imported.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsclean.options import Options
from newsclean.record import EMPTY, Article

# Elements that never hold article text.
_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template"
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre"
_WS = re.compile(r"\s+")
_MIN_CHARS = 25


def decode_bytes(data: bytes) -> str:
    """bytes -> str: BOM, UTF-8, then detection; invalid bytes replaced."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    enc = best.encoding if best is not None else "utf-8"
    return data.decode(enc, "replace")


def extract_article(html: str, *, url: str | None, options: Options) -> Article:
    """Text of the densest <article>/<main>/<body> paragraphs, and the <title>."""
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("meta[property='og:title']")
    title = title_node.attributes.get("content") if title_node is not None else None
    if not title:
        t = tree.css_first("title")
        title = t.text(strip=True) if t is not None else None
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    lines: list[str] = []
    if root is not None:
        for node in root.css(_BLOCKS):
            text = _WS.sub(" ", node.text(deep=True)).strip()
            if len(text) >= _MIN_CHARS and (not lines or lines[-1] != text):
                lines.append(text)
    art = Article(id="", source="", url=url, title=title or None, text="\n\n".join(lines))
    if not art.text:
        art.status, art.reason = EMPTY, "no_article_text"
    return art


def clean_article(text: str, *, options: Options) -> Article:
    """Paragraphs of the text, whitespace normalised, empty lines dropped."""
    paras = [_WS.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\r?\n", text)]
    kept = [p for p in paras if p]
    art = Article(id="", source="", text="\n\n".join(kept))
    if not art.text:
        art.status, art.reason = EMPTY, "empty_input"
    return art
