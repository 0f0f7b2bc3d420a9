"""MinHash signatures and normalised text keys."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.dedup.minhash import (
    containment_estimate,
    dedup_features,
    exact_key,
    jaccard_estimate,
    minhash,
    minhash_signature,
    shingle_hashes,
    tokens,
)


def test_exact_key_folds_case_punctuation_and_spacing() -> None:
    assert exact_key('The Mayor said: "Yes."\n\nThen left.') == exact_key(
        "the mayor said yes then   left"
    )
    assert exact_key("the mayor said yes") != exact_key("the mayor said no")


def test_signature_is_deterministic_and_order_sensitive_in_shingles() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    s1, s2 = minhash_signature(text), minhash_signature(text)
    assert s1.dtype == np.uint32 and s1.shape == (128,)
    assert np.array_equal(s1, s2)
    shuffled = " ".join(reversed(text.split()))
    assert jaccard_estimate(s1, minhash_signature(shuffled)) < 0.2


def test_jaccard_estimate_tracks_true_jaccard() -> None:
    rng = np.random.default_rng(3)
    universe = rng.integers(0, 2**32, size=6000, dtype=np.uint64)
    a, b = universe[:4000], universe[2000:]  # |A∩B| = 2000, |A∪B| = 6000 -> J = 1/3
    est = float(jaccard_estimate(minhash(np.unique(a)), minhash(np.unique(b))))
    assert abs(est - 1 / 3) < 0.12
    c = containment_estimate(np.array([est]), np.array([4000]), np.array([4000]))
    assert abs(float(c[0]) - 0.5) < 0.15


def test_containment_of_a_prefix_is_high() -> None:
    words = [f"w{i}" for i in range(600)]
    full, part = " ".join(words), " ".join(words[:300])
    f, p = dedup_features(full), dedup_features(part)
    j = jaccard_estimate(np.frombuffer(f.signature, "<u4"), np.frombuffer(p.signature, "<u4"))
    c = containment_estimate(np.array([j]), np.array([p.n_shingles]), np.array([f.n_shingles]))
    assert 0.35 < j < 0.65
    assert c[0] > 0.85
    assert f.prefix_key == p.prefix_key


def test_empty_and_tiny_texts_give_features() -> None:
    e = dedup_features("")
    assert e.n_tokens == 0 and e.n_shingles == 0 and len(e.signature) == 512
    t = dedup_features("Hello")
    assert t.n_tokens == 1 and t.n_shingles == 1


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_full_signature(text: str) -> None:
    f = dedup_features(text)
    assert len(f.signature) == 512
    assert f.n_tokens == len(tokens(text))
    assert f.n_shingles == shingle_hashes(tokens(text)).size


def test_features_pickle_for_worker_processes() -> None:
    import pickle

    f = dedup_features("a wire story sent from a worker process to the coordinator")
    assert pickle.loads(pickle.dumps(f)) == f


def test_scripts_without_spaces_are_tokenised_by_character() -> None:
    assert tokens("东京大学 Tokyo") == ["东", "京", "大", "学", "tokyo"]
    # a near-duplicate Chinese text (one character changed) is similar, another text is not
    a = "今天上午市政府宣布将在明年春天之前重建老港口大桥并增加公共交通预算以缓解拥堵问题" * 2
    b = a.replace("春", "夏", 1)
    c = "研究人员发现气候变化正在影响海洋物种的分布和森林的生长速度这项调查持续了十年之久" * 2
    sa, sb, sc = (minhash_signature(x) for x in (a, b, c))
    assert jaccard_estimate(sa, sb) > 0.6
    assert jaccard_estimate(sa, sc) < 0.1
