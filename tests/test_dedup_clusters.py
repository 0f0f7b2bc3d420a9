"""Near-duplicate clustering on a real DuckDB file: exact, near and truncated copies."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from news_words import NEWS_WORDS

from newsclean.dedup.clusters import (
    DedupIndex,
    DedupParams,
    features_table,
    write_features_parquet,
)
from newsclean.dedup.minhash import dedup_features

_VOCAB = NEWS_WORDS


def story(seed: int, paragraphs: int = 8, words: int = 45) -> str:
    """A distinct article-shaped text: paragraphs of sentence-like word runs."""
    rng = random.Random(seed)
    paras = []
    for _ in range(paragraphs):
        sents = []
        left = words
        while left > 0:
            n = min(left, rng.randint(8, 16))
            sents.append(" ".join(rng.choice(_VOCAB) for _ in range(n)).capitalize() + ".")
            left -= n
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


def edit(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) if rng.random() < rate else w for w in text.split(" "))


def truncate(text: str, share: float, notice: str) -> str:
    paras = text.split("\n\n")
    return "\n\n".join(paras[: max(1, int(len(paras) * share))]) + "\n\n" + notice


def resolve(tmp_path: Path, docs: list[tuple], params: DedupParams | None = None) -> dict:
    idx = DedupIndex(str(tmp_path / "dedup.duckdb"), params)
    for id_, text, date, url, canonical in docs:
        idx.add(id_, dedup_features(text), date, url, canonical)
    idx.stats = idx.resolve()  # type: ignore[attr-defined]
    out = {i: (c, d) for i, c, d in idx.results()}
    idx.close()
    return out


Row = tuple[str, str, str | None, str | None, str | None]


def corpus() -> list[Row]:
    a = story(1)
    return [
        ("orig", a, "2024-05-01", "https://a.example/story", "https://a.example/story"),
        ("exact", a.replace("\n\n", "\n").upper(), "2024-05-02", "https://b.example/x", None),
        ("near", edit(a, 0.03, 7), "2024-05-02T10:00:00Z", "https://c.example/y", None),
        (
            "trunc",
            truncate(a, 0.55, "Subscribe now to continue reading. Already a subscriber? Log in."),
            "2024-05-03",
            "https://d.example/z",
            None,
        ),
        ("other1", story(2), "2024-05-01", "https://e.example/1", None),
        ("other2", story(3), "2024-05-01", "https://e.example/2", None),
        ("short1", "Click here to subscribe to our newsletter today.", None, None, None),
        ("short2", "Click here to subscribe to our newsletter today.", None, None, None),
        ("empty1", "", None, None, None),
        ("empty2", "", None, None, None),
    ]


def test_exact_near_and_truncated_copies_join_the_original(tmp_path: Path) -> None:
    res = resolve(tmp_path, corpus())
    cluster = res["orig"][0]
    for copy in ("exact", "near", "trunc"):
        assert res[copy] == (cluster, "orig"), copy
    assert res["orig"] == (cluster, None)  # the original keeps duplicate_of null


def test_unrelated_short_and_empty_texts_stay_unclustered(tmp_path: Path) -> None:
    res = resolve(tmp_path, corpus())
    for id_ in ("other1", "other2", "short1", "short2", "empty1", "empty2"):
        assert id_ not in res, id_
    assert len({c for c, _ in res.values()}) == 1


def test_truncated_copy_found_by_containment_not_jaccard(tmp_path: Path) -> None:
    # without the containment rule (threshold above 1) the truncated copy is lost
    params = DedupParams(containment_threshold=1.01)
    res = resolve(tmp_path, corpus(), params)
    assert "trunc" not in res
    assert "near" in res


def test_identical_boilerplate_only_pages_do_not_form_a_giant_cluster(tmp_path: Path) -> None:
    page = (
        "Home News Sport Business Culture Opinion Weather Contact us About us Careers "
        "We use cookies to give you the best experience on our website. Accept all cookies "
        "Manage preferences Subscribe to our newsletter Follow us on social media "
        "Privacy policy Terms of use Copyright all rights reserved"
    )
    docs: list[Row] = [(f"p{i}", page, None, f"https://s{i}.example/", None) for i in range(50)]
    docs += [(f"w{i}", story(9), "2024-01-02", f"https://w{i}.example/", None) for i in range(50)]
    res = resolve(tmp_path, docs)
    assert not any(k.startswith("p") for k in res)
    # a long wire story on 50 sites is a real cluster and is kept
    assert sum(1 for k in res if k.startswith("w")) == 50
    assert len({res[f"w{i}"][0] for i in range(50)}) == 1


def test_original_is_the_earliest_then_most_complete_then_declared_canonical(
    tmp_path: Path,
) -> None:
    a = story(4)
    later_full = ("late", a, "2024-06-03", "https://l.example/a", None)
    early_trunc = ("early", truncate(a, 0.6, "Register to read more."), "2024-06-01", None, None)
    res = resolve(tmp_path, [later_full, early_trunc])
    assert res["late"][1] == "early"  # earliest date comes first

    (tmp_path / "2").mkdir()
    full = ("full", a, "2024-06-01", "https://f.example/a", None)
    trunc = ("trunc", truncate(a, 0.6, "Register to read more."), "2024-06-01", None, None)
    res = resolve(tmp_path / "2", [trunc, full])
    assert res["trunc"][1] == "full"  # same day: the complete text wins

    (tmp_path / "3").mkdir()
    docs = [
        ("x", a, None, "https://x.example/a", None),
        ("y", a, None, "https://www.y.example/a/", None),
        ("z", a, None, "https://z.example/a", "http://y.example/a"),
    ]
    res = resolve(tmp_path / "3", docs)
    assert res["x"][1] == "y" and res["z"][1] == "y" and res["y"][1] is None


def test_worker_parts_merge_like_direct_adds(tmp_path: Path) -> None:
    docs = corpus()
    rows = [(i, dedup_features(t), d, u, c) for i, t, d, u, c in docs]
    write_features_parquet(str(tmp_path / "part0.parquet"), rows[:5])
    write_features_parquet(str(tmp_path / "part1.parquet"), rows[5:])
    idx = DedupIndex(str(tmp_path / "merged.duckdb"))
    idx.add_parquet(str(tmp_path / "part0.parquet"))
    idx.add_parquet(str(tmp_path / "part1.parquet"))
    idx.resolve()
    merged = {i: (c, d) for i, c, d in idx.results()}
    idx.close()
    (tmp_path / "direct").mkdir()
    assert merged == resolve(tmp_path / "direct", docs)


def test_index_persists_on_disk_and_resolves_after_reopening(tmp_path: Path) -> None:
    path = str(tmp_path / "persist.duckdb")
    docs = corpus()
    with DedupIndex(path) as idx:
        idx.add_table(features_table((i, dedup_features(t), d, u, c) for i, t, d, u, c in docs))
        idx.flush()
    with DedupIndex(path) as idx:
        stats = idx.resolve()
        assert stats.documents == len(docs)
        assert stats.duplicates == 3
        assert stats.clusters == 1
        assert idx.lookup(["near", "other1"]) == {"near": (idx.lookup(["orig"])["orig"][0], "orig")}
        idx.export_parquet(str(tmp_path / "out.parquet"))
    assert (tmp_path / "out.parquet").stat().st_size > 0


def test_bands_must_fit_in_the_signature(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        DedupIndex(str(tmp_path / "x.duckdb"), DedupParams(bands=40, rows=4))


def test_bad_dates_and_urls_do_not_crash_and_count_as_unknown(tmp_path: Path) -> None:
    a = story(6)
    docs: list[Row] = [
        ("bad-date", a, "yesterday", "http://[::1", "not a url"),
        ("no-date", a, None, None, None),
        ("tz", a, "2024-07-01T23:30:00-05:00", "https://t.example/x", None),
        ("utc", a, "2024-07-02T03:00:00Z", "https://u.example/x", None),
    ]
    res = resolve(tmp_path, docs)
    # 23:30 at UTC-5 is 04:30 UTC on the 2nd: later than 03:00 UTC; unknown dates go last
    assert res["utc"][1] is None
    assert {res[i][1] for i in ("bad-date", "no-date", "tz")} == {"utc"}
