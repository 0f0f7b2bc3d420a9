"""A synthetic news corpus the pipeline tests write (and tests of it).

Pages are generated from a seeded word list: every article is distinct, some are
copied exactly or with a few words changed (near duplicates), and every site
adds the same furniture lines (newsletter prompt, copyright) to its pages, so
the corpus-level boilerplate and dedup passes have something real to do.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

import pytest

from newsclean.io.warc_write import request, response, warcinfo, write_warc

_WORDS = (
    "council budget river harbour minister election school hospital weather storm "
    "market energy price railway bridge court report police museum festival farmer "
    "village mayor housing policy research university football coach season team "
    "company workers union strike airport flight tourism coast forest wildlife "
    "library teacher student parent doctor nurse patient vaccine water supply road"
)
WORDS = _WORDS.split()
SITES = ("dailyharbour.example", "valleynews.example", "metrotimes.example")


def sentence(rng: random.Random) -> str:
    n = rng.randint(9, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def article_paragraphs(rng: random.Random, n: int = 5) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(3, 5))) for _ in range(n)]


def page(site: str, title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title} | {site}"
        f"</title><meta property='og:title' content='{title}'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}"
        f"<p>Sign up for the {site} morning newsletter and never miss a story again.</p>"
        f"<p>{site} has been part of the Harbour Media family of local titles since 1998</p>"
        f"</article><footer><p>Copyright 2024 {site}. All rights reserved worldwide.</p>"
        f"</footer></body></html>"
    )


def make_pages(n: int, seed: int = 7, dup_every: int = 5) -> list[tuple[str, str]]:
    """(url, html) pairs; every ``dup_every``-th page copies an earlier one."""
    rng = random.Random(seed)
    pages: list[tuple[str, str]] = []
    originals: list[tuple[str, list[str]]] = []
    for i in range(n):
        site = SITES[i % len(SITES)]
        url = f"https://{site}/news/{i}"
        if originals and i % dup_every == dup_every - 1:
            title, paras = rng.choice(originals)
            paras = list(paras)
            if i % 2:  # near duplicate: one word changed in one paragraph
                words = paras[1].split()
                words[3] = "changed"
                paras[1] = " ".join(words)
            pages.append((url, page(site, title, paras)))
            continue
        title = f"Story {i}: " + sentence(rng)[:40]
        paras = article_paragraphs(rng)
        originals.append((title, paras))
        pages.append((url, page(site, title, paras)))
    return pages


def write_corpus(root: Path, n_warc: int = 24, n_jsonl: int = 6, seed: int = 7) -> Path:
    """A directory with two WARC files (one gzipped), a JSONL file and HTML pages."""
    root.mkdir(parents=True, exist_ok=True)
    pages = make_pages(n_warc + n_jsonl + 3, seed=seed)
    half = n_warc // 2
    for name, chunk, gz in (
        ("a.warc.gz", pages[:half], True),
        ("b.warc", pages[half:n_warc], False),
    ):
        recs = [warcinfo()]
        for url, html in chunk:
            recs += [request(url), response(url, html)]
        write_warc(root / name, recs, gzip=gz)
    with gzip.open(root / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        for url, html in pages[n_warc : n_warc + n_jsonl]:
            fh.write(json.dumps({"url": url, "html": html}) + "\n")
    for j, (_url, html) in enumerate(pages[n_warc + n_jsonl :]):
        (root / f"page{j}.html").write_text(html, encoding="utf-8")
    return root


def corpus_size(n_warc: int = 24, n_jsonl: int = 6) -> int:
    return n_warc + n_jsonl + 3


def test_pages_are_distinct_except_copies() -> None:
    pages = make_pages(20)
    htmls = [h for _, h in pages]
    assert len(set(htmls)) > 15
    assert len(set(htmls)) < 20  # exact copies exist (page bodies equal on one site)


def test_write_corpus_files(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    names = sorted(os.listdir(root))
    assert names[:3] == ["a.warc.gz", "b.warc", "c.jsonl.gz"]
    assert len(names) == 6


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")
