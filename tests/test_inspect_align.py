"""Placing removed lines among kept paragraphs in the record view."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.inspect.align import assign_gaps, interleave, reason_positions, split_paragraphs
from newsclean.record import REASONS

POSITIONS, DEFAULT = reason_positions()


def test_every_removal_reason_has_a_position_and_nothing_else_does() -> None:
    assert set(POSITIONS) == set(REASONS)
    assert all(0.0 <= p <= 1.0 for p in POSITIONS.values())
    assert 0.0 <= DEFAULT <= 1.0


@pytest.mark.parametrize("reason", sorted(POSITIONS))
def test_a_lone_removed_line_goes_to_its_reasons_usual_place(reason: str) -> None:
    text = "\n\n".join(f"Paragraph {i}." for i in range(4))
    segments = interleave(text, [{"text": "x", "reason": reason}])
    gap = [s["kind"] for s in segments].index("removed")
    assert abs(gap / 4 - POSITIONS[reason]) <= 1 / 8 + 1e-9


def test_document_order_wins_over_the_usual_place() -> None:
    # a share bar that precedes the byline in the page stays before it
    text = "One.\n\nTwo.\n\nThree."
    segs = interleave(
        text, [{"text": "Share", "reason": "share"}, {"text": "By A", "reason": "byline"}]
    )
    removed = [s["text"] for s in segs if s["kind"] == "removed"]
    assert removed == ["Share", "By A"]


def test_typical_article_layout() -> None:
    text = "One.\n\nTwo.\n\nThree.\n\nFour."
    removed = [
        {"text": "Headline | Site", "reason": "title_duplicate"},
        {"text": "By A", "reason": "byline"},
        {"text": "Advertisement", "reason": "advertisement"},
        {"text": "Subscribe to continue", "reason": "paywall"},
        {"text": "Share", "reason": "share"},
    ]
    got = [s["text"] for s in interleave(text, removed)]
    assert got == [
        "Headline | Site",
        "By A",
        "One.",
        "Two.",
        "Advertisement",
        "Three.",
        "Four.",
        "Subscribe to continue",
        "Share",
    ]


def test_unknown_reason_and_malformed_items_do_not_break_the_view() -> None:
    items: list[Any] = [{"text": "?", "reason": "made_up"}, "junk", {"reason": None}]
    segs = interleave("A.\n\nB.", items)
    assert [s["kind"] for s in segs].count("removed") == 2
    assert interleave("", None) == []
    assert interleave("", [{"text": "only", "reason": "share"}]) == [
        {"kind": "removed", "text": "only", "reason": "share"}
    ]


def test_paragraphs_split_on_blank_lines_only() -> None:
    assert split_paragraphs("a\nb\n\n \n\nc\n \nd") == ["a\nb", "c", "d"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(POSITIONS)), max_size=12),
    st.integers(min_value=0, max_value=15),
)
def test_gaps_are_monotone_in_range_and_keep_both_orders(reasons: list[str], n: int) -> None:
    gaps = assign_gaps([POSITIONS[r] for r in reasons], n)
    assert len(gaps) == len(reasons)
    assert gaps == sorted(gaps)
    assert all(0 <= g <= n for g in gaps)
    text = "\n\n".join(f"p{i}" for i in range(n))
    items = [{"text": f"r{i}", "reason": r} for i, r in enumerate(reasons)]
    segs = interleave(text, items)
    assert [s["text"] for s in segs if s["kind"] == "text"] == [f"p{i}" for i in range(n)]
    assert [s["text"] for s in segs if s["kind"] == "removed"] == [
        f"r{i}" for i in range(len(items))
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=6),
)
def test_assignment_is_optimal(priors: list[float], n: int) -> None:
    from itertools import combinations_with_replacement

    def cost(gs: tuple[int, ...] | list[int]) -> float:
        return sum(abs(g / n - p) for g, p in zip(gs, priors, strict=True))

    best = min(cost(c) for c in combinations_with_replacement(range(n + 1), len(priors)))
    assert cost(assign_gaps(priors, n)) == pytest.approx(best)
