"""The article span of whole-page text: found from the classifier's probabilities,
anchored after the repeated headline, grown over unsure lines (lists, recipe
steps) and stopped by page-region lines (related, comments, copyright...)."""

from __future__ import annotations

import numpy as np

from newsclean.clean.article import clean_article
from newsclean.clean.lines import best_span_starting_in, extend_span, keep_mask
from newsclean.options import Options

PROSE = "A sentence of article prose that goes on for a while."


def test_best_span_starting_in_a_window() -> None:
    scores = np.array([5.0, -1.0, 2.0, 2.0, -3.0, 4.0])
    # the global best span starts at 0; from index 1 or 2 on it is [2, 6)
    assert best_span_starting_in(scores, 1, 3) == (2, 6)
    assert best_span_starting_in(scores, 0, 1) == (0, 6)
    assert best_span_starting_in(scores, 6, 9) == (6, 6)


def test_extension_grows_over_unsure_lines_and_stops_at_a_barrier() -> None:
    probs = np.array([0.0, 0.05, 0.9, 0.9, 0.06, 0.05, 0.3, 0.04, 0.2])
    barrier = np.zeros(9, dtype=bool)
    barrier[7] = True
    kw = dict(t_stop=0.02, run=3, bridge=6, bridge_mean=0.1)
    assert extend_span(probs, barrier, 2, 4, **kw) == (1, 7)


def test_extension_stops_in_a_run_of_unlikely_lines_unless_the_article_goes_on() -> None:
    probs = np.array([0.9, 0.9, 0.01, 0.01, 0.01, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.0])
    barrier = np.zeros(len(probs), dtype=bool)
    kw = dict(t_stop=0.02, run=3)
    # a bridge over three odd lines, to the article text after them
    assert extend_span(probs, barrier, 0, 2, bridge=6, bridge_mean=0.1, **kw) == (0, 11)
    # without the bridge the span stops before the run
    assert extend_span(probs, barrier, 0, 2, bridge=0, bridge_mean=0.1, **kw) == (0, 2)


def test_headline_anchor_beats_a_prose_like_teaser_block_further_down() -> None:
    # the article scores low everywhere; the teasers 30 lines on score higher
    lines = ["Headline"] + [PROSE] * 8 + ["Menu"] * 25 + [PROSE] * 4
    probs = np.array([0.0] + [0.15] * 8 + [0.0] * 25 + [0.6] * 4)
    barrier = np.zeros(len(lines), dtype=bool)
    barrier[10] = True  # a "Related stories" heading between the two
    unanchored = keep_mask(lines, probs, from_html=False, precise=False, barrier=barrier)
    anchored = keep_mask(lines, probs, from_html=False, precise=False, barrier=barrier,
                         anchor=0)
    assert not unanchored[1:9].any() and unanchored[34:].all()
    assert anchored[1:9].all() and not anchored[9:].any()


def test_recipe_list_after_the_prose_stays_and_related_block_goes() -> None:
    prose = [
        "Pear jam is one of the easiest preserves to make at home, and a jar of it makes "
        "a welcome present at the end of the year for friends and neighbours alike.",
        "The pears should be ripe but still firm, and the lemon juice keeps the colour "
        "bright while the spices give the jam its warm and wintry taste.",
        "Once the jars are filled, a water bath of ten minutes is enough to seal them, "
        "and the jam keeps for a year in a cool and dark cupboard.",
    ]
    recipe = ["Ingredients", "8 ripe pears, peeled", "1 lemon", "1 tsp cinnamon",
              "1 tsp ground ginger", "Instructions", "Peel and cube the pears.",
              "Boil with the lemon juice and spices until thick."]
    related = ["Related stories", "Ten cakes for the holidays",
               "How to store apples over winter", "Our best soups"]
    menu = ["Home", "Recipes", "Travel", "Parenting", "Health", "Contact"]
    text = "\n".join(["Homemade spiced pear jam", *menu, "Homemade spiced pear jam",
                      *prose, *recipe, *related, "© 2024 Example Kitchen"])
    art = clean_article(text, options=Options())
    kept = art.text.split("\n\n")
    assert kept[:3] == prose
    assert set(recipe) <= set(kept)
    assert not set(related) & set(kept)
    assert not set(menu) & set(kept)
