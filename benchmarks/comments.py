"""Articles with reader comments, in other languages, written blind: is the thread left out?

An article page often ends with its readers' comments: a heading ("12
Kommentare", "コメント（12件）"), then names, dates and texts, sometimes more
text than the story. WCXB's references, trafilatura's evaluation pages and a
news corpus all leave the thread out. Each file under
``benchmarks/commentprobe/`` holds 24 such pages that a helper session wrote
without seeing anything of newsclean: two per language, each in the markup of
another publishing or comment system (WordPress and its plugins, Disqus
rendered inline, Drupal, Joomla, Bitrix, Ghost, Blogger, Next.js with hashed
class names, Japanese, Chinese and Korean portals, forum software as the
comment section...), about half without structured data, on a third to a half
of them the thread longer than the story. Each page's reference is the story's
body; its comments are listed apart.

- probe a (de, fr, es, it, pt, pl, nl, ru, tr, ja, zh, ar): written in the
  thirty-sixth session, measured once, then read;
- probe b (en, ko, vi, id, cs, sv, el, he, hu, ro, uk, hi; half of the pages
  without a heading over the thread): written in the same session after it,
  held out (read only by this script).
- probes c and d (thirty-seventh session): threads that no heading opens (a
  comment form first, a bare count, a sort control, an inline Disqus or
  Facebook embed, hashed class names; a third to a half of them with no
  "comment" in any class), two articles per language, and six forum threads
  each as controls (phpBB, XenForo, Discourse, vBulletin, a Q&A site, a
  Reddit-like board), whose reference is every post. Probe c (en, de, fr, es,
  it, pt, ru, pl, nl, ja, zh, ko) was measured before and after the thread rule
  (html/threads.py) was written and read while it was; probe d (en, tr, ar, sv,
  cs, el, he, hu, ro, uk, vi, id) is held out, measured once with the rule.

Per probe, newsclean's ``extract`` beside trafilatura's (comments left out, its
default) and resiliparse's main content: WCXB's word F1 of the story, and the
share of the comments whose text is in the output; split by whether the thread
is longer than the story.

    .venv/bin/python benchmarks/comments.py
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from collections.abc import Callable, Sequence
from html import unescape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402

PROBES = ROOT / "commentprobe"
PROBE_NAMES = {
    "probe-a.json": "probe a (de, fr, es, it, pt, pl, nl, ru, tr, ja, zh, ar; measured once, "
                    "then read)",
    "probe-b.json": "probe b (en, ko, vi, id, cs, sv, el, he, hu, ro, uk, hi; held out)",
    "probe-c.json": "probe c (threads no heading opens; en, de, fr, es, it, pt, ru, pl, nl, "
                    "ja, zh, ko; read while the thread rule was written)",
    "probe-d.json": "probe d (threads no heading opens; en, tr, ar, sv, cs, el, he, hu, ro, "
                    "uk, vi, id; held out)",
}


def _norm(text: str) -> str:
    # compatibility forms and no-break spaces match their plain twins
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", unescape(text))).strip()


def _tools(typed: dict[str, str | None]) -> dict[str, Callable[[str, str], str]]:
    """The tools side by side; newsclean notes each page's type in ``typed``
    (by URL) as it goes."""
    from resiliparse.extract.html2text import extract_plain_text

    import newsclean

    def run_newsclean(html: str, url: str) -> str:
        art = newsclean.extract(html, url=url)
        typed[url] = art.page_type
        return art.text

    return {
        "newsclean": run_newsclean,
        "trafilatura": common.trafilatura_text,
        "resiliparse": lambda html, url: str(extract_plain_text(html, main_content=True)),
    }


def score_page(page: dict[str, Any], text: str) -> tuple[float, int, int]:
    """The story's word F1, the comments found in ``text`` and the comments."""
    comments = [c for c in page["comments"].split("\n") if c.strip()]
    flat = _norm(text)
    kept = sum(1 for c in comments if _norm(c) in flat)
    return common.wcxb_page_score(text, page["main_content"]).f1, kept, len(comments)


def probe_table(pages: Sequence[dict[str, Any]]) -> str:
    """The tools' table for one probe, and how newsclean typed its pages."""
    typed: dict[str, str | None] = {}
    tools = _tools(typed)
    articles = [p for p in pages if p.get("kind", "article") == "article"]
    groups = {"all articles": articles,
              "thread longer than the story": [p for p in articles
                                               if p["comments_longer_than_article"]],
              "thread shorter": [p for p in articles if not p["comments_longer_than_article"]]}
    controls = [p for p in pages if p.get("kind", "article") != "article"]
    if controls:
        groups["forum controls"] = controls
    scores: dict[str, dict[str, tuple[float, int, int]]] = {name: {} for name in tools}
    for page in common.iter_with_progress(pages, "pages"):
        for name, tool in tools.items():
            try:
                text = tool(page["html"], page["url"])
            except Exception:  # a crash scores as no text
                text = ""
            scores[name][page["id"]] = score_page(page, text)
    rows = []
    for name in tools:
        row = [name]
        for group, members in groups.items():
            got = [scores[name][p["id"]] for p in members]
            row.append(f"{statistics.fmean(g[0] for g in got):.3f}" if got else "-")
            if group != "forum controls":
                kept, total = sum(g[1] for g in got), sum(g[2] for g in got)
                keeping = sum(1 for g in got if g[1])
                row.append(f"{kept / max(total, 1):.3f} ({keeping} pages)")
        rows.append(row)
    header = ["tool"]
    for group, members in groups.items():
        if group == "forum controls":
            # a forum's reference is every post: its F1 says whether replies stay
            header.append(f"{group} ({len(members)}): thread F1")
        else:
            header += [f"{group} ({len(members)}): story F1", "comments kept"]
    return common.markdown_table(header, rows) + "\n\n" + typed_line(articles, controls, typed)


def typed_line(articles: Sequence[dict[str, Any]], controls: Sequence[dict[str, Any]],
               typed: dict[str, str | None]) -> str:
    """How many of the articles newsclean typed ``article`` (what ``--keep-types
    article`` keeps), and of the forum controls ``forum``."""
    line = (f"newsclean types {sum(typed.get(p['url']) == 'article' for p in articles)} of the "
            f"{len(articles)} articles `article`")
    if controls:
        line += (f", {sum(typed.get(p['url']) == 'forum' for p in controls)} of the "
                 f"{len(controls)} forum controls `forum`")
    return line + "."


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.parse_args(argv)
    out = ["# Articles with reader comments, in other languages, written blind", "",
           "Article pages a helper session wrote with their readers' comments, in the markup "
           "of many publishing and comment systems (benchmarks/comments.py). Story F1: "
           "WCXB's word F1 against the story's body, mean over pages; comments kept: the "
           "share of the comments whose text is in the output (and on how many pages any "
           "is). Forum controls (probes c and d): forum threads whose reference is every post, "
           "scored by the same F1: a rule that took a forum's replies for comments shows there.",
           ""]
    for name, path in common.existing_probes(PROBES, PROBE_NAMES):
        pages = json.loads(path.read_text("utf-8"))["pages"]
        out += [f"## {name}: {len(pages)} pages", "", probe_table(pages), ""]
    out.append(common.command_line("comments.py"))
    common.publish("comments", "\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
