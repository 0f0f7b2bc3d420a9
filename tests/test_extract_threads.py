"""Reader comments that no heading opens: a thread is told by its shape (posts
of one markup, each with a line saying when and a body), and a forum's posts,
a live blog's entries and a declared discussion stay."""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import newsclean
from newsclean.clean.datelines import is_time_mark
from newsclean.html.explain import explain_page
from newsclean.html.threads import declares_discussion, discussion_types, kept_run_start
from newsclean.metadata.tables import load_table
from newsclean.options import Options
from newsclean.text import UNSPACED_CHAR_RE

PROBES = Path(__file__).resolve().parents[1] / "benchmarks" / "commentprobe"

STORY = [
    "The town council voted on Tuesday evening to close the old swimming pool on Mill Street "
    "at the end of the summer, after engineers found cracks in the main basin and the roof.",
    "Repairs would have cost more than four million, the mayor said, about twice what the "
    "town spends on all its sports grounds in a year, and the work would have taken two years.",
    "A new pool is planned beside the secondary school, but the council has not yet found the "
    "money for it, and the first plans will not be shown to residents before next spring.",
    "Swimming clubs will train in the neighbouring town in the meantime; the council will pay "
    "for a bus twice a week, which the clubs say is not enough for their three hundred members.",
]
COMMENTS = [
    "I learned to swim in that pool forty years ago, and so did my children. It is a sad day "
    "for the whole street, whatever the engineers say about the roof.",
    "Four million is a lot, but the council found the money for the new car park quickly "
    "enough last year. It is a question of priorities, nothing else.",
    "Twice a week is not enough for a club of three hundred swimmers. Our children will lose "
    "a whole season of training before the new pool is even started.",
    "Has anyone seen the engineers' report? I would like to know how bad the cracks really "
    "are before we all accept that the pool cannot be saved.",
    "The school site is the right place for a new pool, the buses already go there and the "
    "pupils could use it during the day. Build it quickly, please.",
]
AUTHORS = ["Margaret Ellis", "Tom B.", "swimdad77", "Priya N.", "Old Mill Street"]
TIMES = ["2 hours ago", "3 hours ago", "5 hours ago", "yesterday at 21:40", "14.03.2024 18:22"]


def _page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Old pool to "
            f"close</title>{head}</head><body><header class='site-header'><a href='/'>Town "
            f"Gazette</a><nav><a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
            f"<main>{body}</main><footer class='site-footer'>© Town Gazette</footer></body>"
            "</html>")


def _story() -> str:
    return ("<article class='story'><h1>Old pool to close at the end of the summer</h1>"
            "<p class='byline'>By Anna Berg</p><div class='story-body'>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</div></article>")


def _thread(item_class: str = "response") -> str:
    items = "".join(
        f"<li class='{item_class}'><header class='{item_class}__head'><a class='avatar' "
        f"href='/u/{i}'><img src='/a/{i}.png' alt=''></a><a href='/u/{i}'>{a}</a> · "
        f"<time datetime='2024-03-14'>{t}</time></header><div class='{item_class}__body'>"
        f"<p>{c}</p></div><footer class='{item_class}__tools'><button>Like</button> · "
        "<button>Reply</button> · <button>Report</button></footer></li>"
        for i, (a, t, c) in enumerate(zip(AUTHORS, TIMES, COMMENTS, strict=True)))
    return (f"<section class='reactions'><div class='reactions__sort'><button>Newest</button>"
            f"<button>Oldest</button></div><ul class='reactions__list'>{items}</ul></section>")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", unescape(text))).strip()


def _probe_page(pid: str, probe: str = "a") -> dict[str, Any]:
    # pages a helper wrote blind (benchmarks/comments.py)
    path = PROBES / f"probe-{probe}.json"
    pages: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["pages"]
    return next(p for p in pages if p["id"] == pid)


def _relative_units() -> list[tuple[str, str]]:
    table = load_table("dates.json")["relative_time_units"]
    return [(lang, unit) for lang, units in table.items() for unit in units]


@pytest.mark.parametrize(("lang", "unit"), _relative_units())
def test_each_relative_time_unit_makes_a_time_mark(lang: str, unit: str) -> None:
    # "3 Stunden", "3 órája"; a unit written without spaces follows the number
    line = f"3{unit}前" if UNSPACED_CHAR_RE.match(unit) else f"3 {unit}"
    assert is_time_mark(line), (lang, line)


@pytest.mark.parametrize("line", [
    "vor 3 Stunden", "il y a 2 mois", "hace 5 minutos", "3 saat önce", "منذ 3 ساعات",
    "před 3 hodinami", "3 órája", "2時間前", "3小时前", "3시간 전", "2h", "18:22",
    "14.03.2024 18:22", "Mamie Jo • il y a 2 mois", "March 5, 2024 at 3:12 pm",
    # within the year, comments leave it out
    "Mi piace · Rispondi · 8 · 3 mar", "14. März", "Mar 3", "3 марта",
])
def test_what_heads_a_comment_is_a_time_mark(line: str) -> None:
    assert is_time_mark(line)


@pytest.mark.parametrize("line", [
    "Step 1: Know What You Want", "27 customizable plans", "12 Comments", "Rating 4.5",
    "$99 for mini", "2 ananas", "1", "5 Stars", "12.50 €", "Top 10 in May", "March madness",
    "Up to 30 days for claim reviews, and longer when the insurer asks for more documents "
    "about the trip and the treatment",
])
def test_a_number_is_not_a_time_mark(line: str) -> None:
    assert not is_time_mark(line)


@pytest.mark.parametrize("kind", sorted(discussion_types()))
def test_each_discussion_type_declares_a_discussion(kind: str) -> None:
    assert declares_discussion(["BreadcrumbList", kind.capitalize()])
    assert not declares_discussion(["NewsArticle", "BreadcrumbList"])


def test_a_thread_no_heading_opens_goes() -> None:
    art = newsclean.extract(_page(_story() + _thread()), url="https://gazette.example/pool")
    assert [p for p in art.text.split("\n\n") if p][-len(STORY):] == STORY
    assert not [c for c in COMMENTS if c in art.text]


def test_a_thread_whose_markup_says_nothing_of_comments_goes_too() -> None:
    # hashed CSS-module class names, as a React front end writes them
    art = newsclean.extract(_page(_story() + _thread("css-1x9k2b")),
                            url="https://gazette.example/pool")
    assert not [c for c in COMMENTS if c in art.text]


def test_a_page_declaring_a_discussion_keeps_its_replies() -> None:
    ld = ("<script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
          "\"@type\": \"DiscussionForumPosting\", \"headline\": \"Old pool to close\"}</script>")
    art = newsclean.extract(_page(_story() + _thread(), head=ld),
                            url="https://gazette.example/pool")
    for comment in COMMENTS:
        assert comment in art.text


@pytest.mark.parametrize("classes", [
    ("post",) * 7,
    # old forum software colours its rows by turns, the first post included
    ("windowbg", "windowbg2") * 3 + ("windowbg",),
])
def test_a_forum_keeps_the_replies_to_its_first_post(classes: tuple[str, ...]) -> None:
    # the opening post is a post of the run: no story stands apart from it
    replies = [*COMMENTS[1:], *STORY[2:]]
    posts = [(AUTHORS[0], TIMES[0], " ".join(STORY[:2]))] + [
        (AUTHORS[i % len(AUTHORS)], TIMES[i % len(TIMES)], text)
        for i, text in enumerate(replies, start=1)]
    items = "".join(
        f"<div class='{k}'><div class='post-meta'><a href='/u/{i}'>{a}</a> "
        f"<span>{t}</span></div><div class='post-body'><p>{c}</p></div>"
        "<div class='post-tools'><a href='#'>Quote</a> <a href='#'>Reply</a></div></div>"
        for i, ((a, t, c), k) in enumerate(zip(posts, classes, strict=True)))
    art = newsclean.extract(_page(f"<h1>Old pool to close</h1><div class='thread'>{items}</div>"),
                            url="https://gazette.example/forum/pool")
    for _, _, text in posts[1:]:
        assert text in art.text


def test_a_live_blog_keeps_its_dated_entries() -> None:
    # dated entries inside the story's own element are the story
    entries = "".join(
        f"<div class='entry'><div class='post-meta'><span class='date'>Updated {t}</span> "
        f"<a href='/a'>Anna Berg</a></div><p>{c}</p><div class='entry-share'><a href='#'>Share"
        "</a></div></div>"
        for t, c in zip(["18:05", "18:22", "18:40", "19:02"], STORY, strict=True))
    body = (f"<article class='story'><h1>Live: the council votes on the pool</h1>"
            f"<div class='story-body'><p>{COMMENTS[0]} {COMMENTS[1]}</p>{entries}</div></article>")
    art = newsclean.extract(_page(body), url="https://gazette.example/live/pool")
    for paragraph in STORY:
        assert paragraph in art.text


@pytest.mark.parametrize(("probe", "pid"), [
    # Disqus rendered inline, no heading but "Discussion" and a sort control,
    # the thread longer than the story (typed forum)
    ("a", "fr-1"),
    # a German paper's own thread under a bare count, its heads kept by the model
    ("c", "de-1"),
    # a Korean portal: the story's paragraphs are runs of text in one element,
    # none of them sure, the surest the last
    ("c", "ko-1"),
    # a Facebook-like embed dating its comments "3 mar"
    ("c", "it-1"),
])
def test_a_thread_no_heading_opens_goes_from_a_helper_written_page(probe: str, pid: str) -> None:
    page = _probe_page(pid, probe)
    art = newsclean.extract(page["html"], url=page["url"])
    text = _flat(art.text)
    story = [line for line in page["main_content"].split("\n") if line.strip()]
    # the story stays (a standfirst in the page's header may not)
    assert sum(_flat(line) in text for line in story) >= len(story) - 1
    comments = [c for c in page["comments"].split("\n") if c.strip()]
    assert not [c for c in comments if _flat(c) in text]


def test_the_inspector_names_a_cut_thread_comments() -> None:
    page = _probe_page("fr-1")
    fates = explain_page(page["html"], url=page["url"], options=Options())
    comments = {_flat(c) for c in page["comments"].split("\n") if c.strip()}
    reasons = {b.reason for b in fates.blocks if _flat(b.text) in comments}
    assert reasons == {"comments"}


def test_a_story_counts_from_the_start_of_its_kept_run() -> None:
    keep = np.array([False, True, True, False, True, True, True])
    assert kept_run_start(keep, 5) == 4
    assert kept_run_start(keep, 1) == 1
    assert kept_run_start(np.ones(3, dtype=bool), 2) == 0


def test_a_page_read_as_a_forum_for_its_thread_is_an_article_once_the_thread_goes() -> None:
    # the Disqus thread outweighs the story: the typing's likeliest is forum
    page = _probe_page("fr-1")
    art = newsclean.extract(page["html"], url=page["url"],
                            options=Options(keep_types=("article",)))
    assert (art.status, art.page_type) == ("ok", "article")
    assert _flat(page["main_content"].split("\n")[0]) in _flat(art.text)
