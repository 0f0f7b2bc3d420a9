"""The shipped line model: trees evaluate like scikit-learn's, the NPZ round-trips,
prose is told from furniture, and the junk scores other stages use."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest

from newsclean.clean.junk import junk_scores
from newsclean.clean.model import LineModel, NgramScorer, shipped_model
from newsclean.trees import TreeEnsemble

PROSE = [
    "The council voted on Thursday to keep the ferry running for another decade, "
    "after months of protests by residents who depend on it to reach work.",
    "The operator said the repairs would begin in the autumn, when fewer people "
    "travel, and that the service would not be interrupted.",
    "Two councillors voted against the plan, arguing that the money should go to "
    "the bus link instead.",
]
MENU = ["Home", "World", "Politics", "Business", "Tech", "Sport", "Contact", "About"]


def test_trees_match_scikit_learn_on_random_data() -> None:
    sk = pytest.importorskip("sklearn.ensemble")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_line_model as tlm

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 8))
    y = (X[:, 0] + X[:, 5] * X[:, 7] > 0).astype(int)
    names = tuple(f"f{i}" for i in range(8))
    d = tlm.fit_trees(X, y, np.ones(len(y)), names, max_iter=20, max_depth=3)
    ours = TreeEnsemble.from_dict(d, names).predict_proba(X)
    clf = sk.HistGradientBoostingClassifier(
        max_iter=20, max_depth=3, max_leaf_nodes=31, learning_rate=0.1, l2_regularization=1.0,
        min_samples_leaf=40, early_stopping=False, random_state=tlm.SEED)
    clf.fit(X, y, sample_weight=np.ones(len(y)))
    assert np.allclose(ours, clf.predict_proba(X)[:, 1], atol=1e-4)


def test_a_bagged_stage_scores_the_mean_of_its_fits_log_odds() -> None:
    pytest.importorskip("sklearn.ensemble")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_line_model as tlm
    from tree_export import average_ensembles

    rng = np.random.default_rng(1)
    X = rng.normal(size=(600, 5))
    y = (X[:, 0] - X[:, 2] > 0).astype(int)
    names = tuple(f"f{i}" for i in range(5))
    fits = [tlm.fit_trees(X[i::3], y[i::3], np.ones(200), names, max_iter=15, max_depth=3)
            for i in range(3)]
    logit = [np.log(p / (1 - p)) for p in
             (TreeEnsemble.from_dict(f, names).predict_proba(X) for f in fits)]
    bagged = TreeEnsemble.from_dict(average_ensembles(fits), names).predict_proba(X)
    assert np.allclose(bagged, 1 / (1 + np.exp(-np.mean(logit, axis=0))), atol=1e-9)
    assert average_ensembles(fits[:1]) is fits[0]


def test_bags_draw_most_domains_and_one_bag_is_every_text() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_line_model as tlm

    class Doc:
        def __init__(self, domain: str) -> None:
            self.domain = domain

    docs = [Doc(f"site{i % 50}.example") for i in range(200)]
    use = np.array([i % 5 != 0 for i in range(200)])
    assert tlm.bag_docs(docs, use, 1, 13)[0] is use  # type: ignore[arg-type]
    bags = tlm.bag_docs(docs, use, 3, 13)  # type: ignore[arg-type]
    domains = [{d.domain for d, b in zip(docs, bag, strict=True) if b} for bag in bags]
    assert all(len(d) == 32 for d in domains)  # 0.8 of the 40 domains ``use`` holds
    assert not any((bag & ~use).any() for bag in bags)  # never a text outside ``use``
    assert len({frozenset(d) for d in domains}) == 3
    again = tlm.bag_docs(docs, use, 3, 13)  # type: ignore[arg-type]
    assert all(np.array_equal(a, b) for a, b in zip(bags, again, strict=True))


def test_the_shipped_stages_are_bagged_as_the_training_script_fits_them() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_line_model as tlm

    m = shipped_model()
    assert m.meta["bags"] == tlm.BAGS > 1
    for stage in (m.stage1, m.stage2):
        assert stage.roots.size % tlm.BAGS == 0


def test_shipped_model_round_trips_through_npz() -> None:
    m = shipped_model()
    buf = io.BytesIO()
    m.save(buf)
    buf.seek(0)
    again = LineModel.load(buf)
    assert np.array_equal(again.ngram.weights, m.ngram.weights)
    assert np.array_equal(again.seen3, m.seen3)
    assert np.array_equal(again.stage2.threshold, m.stage2.threshold)
    assert np.array_equal(again.stage1.first_child, m.stage1.first_child)
    assert again.meta == m.meta
    assert m.extraction is not None and again.extraction is not None
    assert np.array_equal(again.extraction.threshold, m.extraction.threshold)


def test_shipped_model_names_its_data_and_attribution() -> None:
    meta = shipped_model().meta
    assert "WCXB by Murrough Foley, CC-BY-4.0" in meta["attribution"]
    assert set(meta["params"]) >= {"t_page", "t_extracted", "t_edge", "extracted_cut",
                                   "edge_prose", "far_lines", "t_far", "side_lines"}


def test_ngram_weights_are_stored_small() -> None:
    s = NgramScorer(np.linspace(-2, 2, 1 << 4).astype(np.float32), 0.5, (1, 2), 4)
    arrays = s.to_arrays("x")
    assert arrays["x_q"].dtype == np.int8
    back = NgramScorer.from_arrays(arrays, "x")
    assert np.allclose(back.weights, s.weights, atol=2 * 2 / 127)


def test_menus_score_as_junk_and_prose_as_content() -> None:
    scores = junk_scores(MENU + PROSE + MENU)
    menu = np.concatenate([scores[: len(MENU)], scores[len(MENU) + len(PROSE):]])
    prose = scores[len(MENU): len(MENU) + len(PROSE)]
    assert np.median(menu) > 0.9
    assert prose.max() < 0.5


def test_junk_scores_keep_positions_and_score_blank_lines_as_junk() -> None:
    scores = junk_scores(["", PROSE[0], "   ", "Share on Facebook"])
    assert scores.shape == (4,)
    assert scores[0] == 1.0 and scores[2] == 1.0
    assert scores[1] < 0.5 < scores[3]
    assert junk_scores([]).shape == (0,)


SENTENCE = "The council voted on Tuesday to approve the new budget for roads and schools in town."


def test_an_extraction_is_cleaned_harder_around_its_prose_than_inside_it() -> None:
    from newsclean.clean.extraction import edge_distance
    from newsclean.clean.lines import keep_lines

    lines = ["Recent in Sports", SENTENCE, "What the vote means", SENTENCE, SENTENCE,
             "Link Copied!"]
    assert (edge_distance(lines) > 0).tolist() == [True, False, False, False, False, True]
    params = {"t_page": 0.3, "t_extracted": 0.01, "t_edge": 0.2, "precise_bonus": 0.15}
    # the three short lines are equally doubtful; only the subheading sits inside
    probs = np.array([0.1, 0.9, 0.1, 0.9, 0.9, 0.1])
    keep = keep_lines(probs, lines, extracted=True, precise=False, params=params)
    assert keep.tolist() == [False, True, True, True, True, False]
    # a model file without t_edge decodes as before: one threshold for the extraction
    old = {k: v for k, v in params.items() if k != "t_edge"}
    assert keep_lines(probs, lines, extracted=True, precise=False, params=old).all()
    # a listing's or a thread's extraction (little prose): its items are no edge
    assert keep_lines(probs, lines, extracted=True, precise=False, params=params,
                      edges=False).all()
    # whole-page text: one stricter threshold everywhere
    assert keep_lines(probs, lines, extracted=False, precise=False,
                      params=params).tolist() == [False, True, False, True, True, False]
    # text without prose has no inside: every line is at the edge
    assert (edge_distance(["Home", "World", "Sport"]) > 0).all()


# decoding settings of an extraction's edges: t_edge next to the prose, t_far
# from far_lines out
EDGE_PARAMS = {"t_page": 0.3, "t_extracted": 0.01, "t_edge": 0.2, "far_lines": 2,
               "t_far": 0.6, "precise_bonus": 0.15}


def _kept(probs: list[float], lines: list[str], params: dict[str, float],
          far_edges: bool = True) -> list[bool]:
    """Which lines of an extraction ``keep_lines`` keeps (``far_edges``: text
    input, not the HTML path)."""
    from newsclean.clean.lines import keep_lines

    return keep_lines(np.array(probs), lines, extracted=True, precise=False, params=params,
                      far_edges=far_edges).tolist()


def test_lines_far_outside_an_articles_prose_take_their_own_threshold() -> None:
    from newsclean.clean.extraction import edge_distance

    lines = ["Global Network", "Market Movers", "By Jane Roe", SENTENCE, SENTENCE,
             "Share this", "Like this:", "Follow by Email"]
    assert edge_distance(lines).tolist() == [3, 2, 1, 0, 0, 1, 2, 3]
    # equally doubtful short lines: the byline and the prompt next to the prose
    # stay, the menu labels and prompts further out go
    probs = [0.5, 0.5, 0.5, 0.9, 0.9, 0.5, 0.5, 0.5]
    assert _kept(probs, lines, EDGE_PARAMS) == [False, False, True, True, True, True, False,
                                                False]
    # the HTML path's regions end at their own blocks: no far edge there
    assert all(_kept(probs, lines, EDGE_PARAMS, far_edges=False))
    # a model file without t_far decodes as before
    old = {k: v for k, v in EDGE_PARAMS.items() if k not in ("t_far", "far_lines")}
    assert all(_kept(probs, lines, old))
    # text without prose: every line is next to the edge, none far out
    assert edge_distance(["Home", "World", "Sport"]).tolist() == [1, 1, 1]


def test_a_long_run_of_lines_beside_the_prose_is_judged_as_far_out() -> None:
    from newsclean.clean.extraction import edge_distance
    from newsclean.clean.lines import long_sides

    # a scraper's text seed: a menu above the story, a share block below it
    lines = ["Home", "World", "Opinion", "Market Movers", SENTENCE, SENTENCE,
             "Share this", "Like this:"]
    dist = edge_distance(lines)
    assert long_sides(dist, 3).tolist() == [True] * 4 + [False] * 4
    assert long_sides(dist, 2).tolist() == [True] * 4 + [False, False, True, True]
    assert not long_sides(edge_distance(["Home", "World", "Sport"]), 1).any()
    params = {**EDGE_PARAMS, "far_lines": 3}
    probs = [0.5, 0.5, 0.5, 0.5, 0.9, 0.9, 0.5, 0.5]
    # without the rule only the lines three or more out take t_far
    assert _kept(probs, lines, params) == [False, False, True, True, True, True, True, True]
    # with it the whole menu does; the two lines after the story (a byline, a
    # caption as often as a share prompt) keep t_edge
    sided = {**params, "side_lines": 3}
    assert _kept(probs, lines, sided) == [False, False, False, False, True, True, True, True]
    # the HTML path has no far edge, so no long side either
    assert all(_kept(probs, lines, sided, far_edges=False))


def test_whole_page_lines_outside_the_sure_ones_take_their_own_thresholds() -> None:
    from newsclean.clean.lines import keep_lines

    lines = ["World", "Opinion", SENTENCE, "What the vote means", SENTENCE,
             "Most read", "Contact us"]
    params = {"t_page": 0.3, "t_extracted": 0.01, "precise_bonus": 0.15, "sure": 0.9,
              "t_above": 0.5, "t_below": 0.6}
    # equally doubtful lines: the subheading between the sure paragraphs stays,
    # the menu above and the footer below go
    probs = np.array([0.45, 0.45, 0.95, 0.45, 0.95, 0.55, 0.45])
    keep = keep_lines(probs, lines, extracted=False, precise=False, params=params)
    assert keep.tolist() == [False, False, True, True, True, False, False]
    # the thresholds differ above and below
    probs[0] = 0.55
    assert keep_lines(probs, lines, extracted=False, precise=False,
                      params=params).tolist()[:2] == [True, False]
    # no line sure: t_page everywhere
    assert keep_lines(np.full(7, 0.45), lines, extracted=False, precise=False,
                      params=params).all()
    # an extraction keeps its own thresholds; a model file without them decodes as before
    assert keep_lines(probs, lines, extracted=True, precise=False, params=params).all()
    old = {k: v for k, v in params.items() if k not in ("sure", "t_above", "t_below")}
    assert keep_lines(probs, lines, extracted=False, precise=False, params=old).all()


def test_an_extractions_edges_are_judged_apart_from_a_share_of_prose() -> None:
    from newsclean.clean.extraction import PROSE_EXTRACTED, edges_apart

    # a model file without the setting keeps the mostly-prose rule
    assert edges_apart(PROSE_EXTRACTED, {}) and not edges_apart(PROSE_EXTRACTED - 0.01, {})
    params = {"edge_prose": 0.7}
    assert edges_apart(0.7, params) and not edges_apart(0.69, params)


# A listing's and a forum thread's extraction: little prose, many short lines.
LISTING = [line for title, teaser in (
    ("City council approves new ferry contract",
     "The ten-year deal keeps the crossing running while the bridge is repaired."),
    ("Library opens late on Thursdays",
     "Readers asked for evening hours; the trial runs until March."),
    ("Harbour fish market moves indoors",
     "Traders say the new hall will keep them open through the winter storms."),
    ("School bus routes change next week",
     "Three stops on the north side are merged into one near the park."),
    ("Volunteers plant 400 trees along the river",
     "The project, funded by local firms, is the largest in a decade."),
) for line in (title, "12 March 2025", teaser)]
THREAD = [
    "Best way to store winter tyres?", "posted by kjell_r",
    "I have a small flat with no garage. Any tips on where to keep four tyres over the summer?",
    "Reply", "marta.v",
    "Most tyre shops store them for a fee. Mine charges 40 euros a season and they swap them too.",
    "Reply", "kjell_r", "Thanks, did not know that.", "Reply", "old_mechanic",
    "Keep them out of the sun and lying flat, never standing for months.", "Reply",
]
SITE_TOP = ["Skip to content", "Home", "News", "Forums", "Sign in", "Subscribe"]
SITE_BOTTOM = ["About us", "Contact", "Privacy Policy", "Cookie settings",
               "© 2025 Harbour Times. All rights reserved."]


def _looks_extracted(lines: list[str]) -> bool:
    from newsclean.clean.extraction import extraction_features, prose_lines
    from newsclean.clean.lines import gather_evidence
    from newsclean.clean.shape import make_doc

    m = shipped_model()
    ev = gather_evidence(lines, title=None, site_name=None, from_html=False)
    probs, _ = m.scores(make_doc(ev.norm), ev.phrase_group, ev.opener, ev.title_dup, ev.lower)
    return m.looks_extracted(
        extraction_features(ev.norm, prose_lines(ev.norm), ev.phrase_group, ev.title_dup, probs))


@pytest.mark.parametrize("body", [LISTING, THREAD], ids=["listing", "thread"])
def test_an_extraction_without_much_prose_is_told_from_a_whole_page(body: list[str]) -> None:
    """The prose-share rule took both for whole pages; the learned verdict sees
    that nothing around them is site furniture."""
    from newsclean.clean.extraction import PROSE_EXTRACTED, prose_share

    assert prose_share(body) < PROSE_EXTRACTED
    assert _looks_extracted(body)
    assert not _looks_extracted(SITE_TOP + body + SITE_BOTTOM)


def test_a_model_file_without_the_verdict_falls_back_on_the_prose_share() -> None:
    import dataclasses

    m = shipped_model()
    old = dataclasses.replace(m, extraction=None,
                              meta={**m.meta, "params": {**m.params, "extracted_prose_share": 0.5}})
    from newsclean.clean.extraction import EXTRACTION_FEATURE_NAMES, PROSE_SHARE

    row = np.zeros((1, len(EXTRACTION_FEATURE_NAMES)))
    row[0, PROSE_SHARE] = 0.6
    assert old.looks_extracted(row)
    row[0, PROSE_SHARE] = 0.4
    assert not old.looks_extracted(row)


def test_mostly_prose_is_an_extraction_whatever_the_verdict() -> None:
    """An article's paragraphs with a scraper's leftovers around them (a text
    seed) is cleaned recall first: the verdict never saw that shape."""
    from newsclean.clean.extraction import (
        EXTRACTION_FEATURE_NAMES,
        PROSE_EXTRACTED,
        PROSE_SHARE,
    )

    row = np.zeros((1, len(EXTRACTION_FEATURE_NAMES)))
    row[0, PROSE_SHARE] = PROSE_EXTRACTED
    assert shipped_model().looks_extracted(row)


def test_seed_probes_load_as_labelled_text_seeds_and_the_held_out_ones_stay_out() -> None:
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "scripts"))
    sys.path.insert(0, str(root / "benchmarks"))
    import seedprobe
    import train_line_model as tlm

    held_out = {f"probe-{x}.json" for x in "cdefg"}
    assert not held_out & set(tlm.TRAIN_SEED_PROBES)
    assert set(tlm.TRAIN_SEED_PROBES) < set(seedprobe.PROBE_NAMES)
    # every probe file on disk is one the benchmark reads, and each is 24 texts
    # of labelled lines, two a language
    assert {p.name for p in seedprobe.PROBES.glob("probe-*.json")} == set(seedprobe.PROBE_NAMES)
    for name in seedprobe.PROBE_NAMES:
        probe = seedprobe.probe_texts(seedprobe.PROBES / name)
        assert len(probe) == 24 and len({t.lang for t in probe}) == 12
        assert all(any(t.article) and not all(t.article) for t in probe)
    docs = tlm.seed_probe_docs(tlm.TRAIN_SEED_PROBES)
    texts = [t for name in tlm.TRAIN_SEED_PROBES
             for t in seedprobe.probe_texts(seedprobe.PROBES / name)]
    assert len(docs) == len(texts) == 48
    for d, t in zip(docs, texts, strict=True):
        assert d.kind == "seed" and d.split == "seedprobe"
        assert d.lines == t.lines
        assert d.y.tolist() == [int(a) for a in t.article]
        assert d.truth.split("\n") == [x for x, a in zip(t.lines, t.article, strict=True) if a]
    # each text its own fold group: a fold holds a text out, not its language
    assert len({d.domain for d in docs}) == len(docs)
