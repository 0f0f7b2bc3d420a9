"""Reader comments under an article: the kept text ends where the thread opens,
in the markup of the comment systems pages in other languages use."""

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
from newsclean.html.blockmodel import comments_start

PROBE = Path(__file__).resolve().parents[1] / "benchmarks" / "commentprobe" / "probe-a.json"


def _page(pid: str) -> dict[str, Any]:
    # pages a helper wrote blind (benchmarks/comments.py)
    pages: list[dict[str, Any]] = json.loads(PROBE.read_text("utf-8"))["pages"]
    return next(p for p in pages if p["id"] == pid)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", unescape(text))).strip()


def test_a_thread_opens_after_the_surest_block_when_no_block_is_sure() -> None:
    keep = np.array([False, True, True, True, False, True, True])
    proba = np.array([0.0, 0.7, 0.85, 0.8, 0.05, 0.45, 0.4])
    no_links = np.zeros(7)
    opens_after = np.array([False, False, False, False, True, False, False])
    assert comments_start(keep, proba, opens_after, no_links) == 4
    # an opener above the story (a menu's "Comments") opens nothing
    opens_above = np.array([True, False, False, False, False, False, False])
    assert comments_start(keep, proba, opens_above, no_links) == -1
    # nor one that is mostly a link
    assert comments_start(keep, proba, opens_after, np.full(7, 0.9)) == -1


@pytest.mark.parametrize("pid", [
    "ja-1",  # a Japanese portal: "コメント（12件）", the count with its counter
    "zh-1",  # a Chinese portal: "热门跟贴", the story's blocks none of them sure
    "pl-1",  # forum software as the comment section under "Opinie czytelników (13)"
])
def test_a_thread_longer_than_the_story_is_left_out(pid: str) -> None:
    page = _page(pid)
    art = newsclean.extract(page["html"], url=page["url"])
    text = _flat(art.text)
    assert all(_flat(line) in text for line in page["main_content"].split("\n") if line.strip())
    comments = [c for c in page["comments"].split("\n") if c.strip()]
    assert not [c for c in comments if _flat(c) in text]
