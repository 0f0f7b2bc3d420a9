"""Short dropped lines between kept article lines come back (headings, list items)."""

from __future__ import annotations

import numpy as np

from newsclean.clean.lines import fill_gaps, keep_mask

LINES = [
    "Home | News | Sport",
    "The council voted on Tuesday to extend the night bus network to the north.",
    "What changes",
    "Officials said the new routes would start running in the spring next year.",
    "Share on www.example.com",
    "Residents welcomed the decision but said they would watch the timetables.",
    "Related stories",
]


def test_short_heading_between_kept_lines_is_kept_menu_shaped_is_not() -> None:
    keep = np.array([False, True, False, True, False, True, False])
    probs = np.array([0.01, 0.9, 0.1, 0.9, 0.1, 0.9, 0.01])
    fill_gaps(keep, LINES, probs, 1, 6, 2, 0.02)
    assert keep.tolist() == [False, True, True, True, False, True, False]


def test_gap_longer_than_the_limit_or_outside_the_span_stays_dropped() -> None:
    keep = np.array([True, False, False, False, True])
    lines = ["Long article line one here.", "a", "b", "c", "Long article line two here."]
    probs = np.array([0.9, 0.1, 0.1, 0.1, 0.9])
    fill_gaps(keep, lines, probs, 0, 5, 2, 0.02)
    assert keep.tolist() == [True, False, False, False, True]
    keep = np.array([True, False, True])
    fill_gaps(keep, lines[:3], np.array([0.9, 0.1, 0.9]), 0, 1, 2, 0.02)
    assert keep.tolist() == [True, False, True]


def test_very_unlikely_lines_are_not_filled() -> None:
    keep = np.array([True, False, True])
    fill_gaps(keep, ["Sentence one is here.", "x", "Sentence two is here."],
              np.array([0.9, 0.001, 0.9]), 0, 3, 2, 0.02)
    assert not keep[1]


def test_precise_mode_does_not_fill_gaps() -> None:
    probs = np.array([0.01, 0.9, 0.1, 0.9, 0.1, 0.9, 0.01])
    default = keep_mask(LINES, probs, from_html=False, precise=False,
                        params={"t_in": 0.15, "gap": 2, "t_fill": 0.02})
    precise = keep_mask(LINES, probs, from_html=False, precise=True,
                        params={"t_in": 0.15, "gap": 2, "t_fill": 0.02})
    assert default[2] and not precise[2]
