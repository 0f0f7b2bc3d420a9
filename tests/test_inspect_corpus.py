"""A realistic run output for the `newsclean inspect` tests, and checks of it.

``write_run(dir)`` writes what ``newsclean run`` leaves behind: Parquet shards
with exactly ``ARROW_SCHEMA`` (one in a sub-directory, one stray shard under
``_work/`` that must be ignored) and ``summary.json``. The records are
synthetic (generated sentences, invented sites), never copied pages.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.record import ACCESS, ARROW_SCHEMA, PAGE_TYPES, REASONS, STATUS_REASONS

HOSTILE_ID = 'hostile/"<&>?#1 %2F'
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_TEXT = "<img src=x onerror=alert(1)>"
SHOWCASE_ID = "showcase-0001"
WORK_ONLY_ID = "work-only-record"

SITES = [
    ("The Harbour Ledger", "harbourledger.example", "en"),
    ("Valley Evening Post", "valleypost.example", "en"),
    ("Le Courrier des Collines", "courrier-collines.example", "fr"),
    ("Rheinische Morgenzeitung", "morgenzeitung.example", "de"),
    ("El Diario del Puerto", "diariopuerto.example", "es"),
    ("Northern Tech Review", "ntr.example", "en"),
]
WORDS = {
    "en": [
        "council",
        "river",
        "budget",
        "school",
        "harbour",
        "bridge",
        "vote",
        "mayor",
        "report",
        "market",
        "weather",
        "festival",
        "hospital",
        "station",
        "farmers",
        "rainfall",
        "project",
        "residents",
        "library",
        "tender",
    ],
    "fr": [
        "conseil",
        "rivière",
        "budget",
        "école",
        "port",
        "pont",
        "vote",
        "maire",
        "rapport",
        "marché",
        "météo",
        "festival",
        "hôpital",
        "gare",
        "agriculteurs",
        "pluie",
        "projet",
        "habitants",
        "bibliothèque",
    ],
    "de": [
        "Rat",
        "Fluss",
        "Haushalt",
        "Schule",
        "Hafen",
        "Brücke",
        "Abstimmung",
        "Bürgermeister",
        "Bericht",
        "Markt",
        "Wetter",
        "Fest",
        "Klinik",
        "Bahnhof",
        "Landwirte",
        "Regen",
        "Projekt",
        "Bewohner",
        "Bibliothek",
    ],
    "es": [
        "consejo",
        "río",
        "presupuesto",
        "escuela",
        "puerto",
        "puente",
        "voto",
        "alcalde",
        "informe",
        "mercado",
        "tiempo",
        "festival",
        "hospital",
        "estación",
        "agricultores",
        "lluvia",
        "proyecto",
        "vecinos",
    ],
}
# (reason, text) pairs a cleaner would remove, at the places they usually stand.
HEAD = [("byline", "By Jordan Example · 4 min read"), ("title_duplicate", "{title} | {site}")]
MIDDLE = [("advertisement", "Advertisement"), ("image_credit", "Photo: Staff photographer")]
TAIL = [
    ("share", "Share this article on Facebook Twitter Email"),
    ("newsletter", "Sign up for our morning newsletter"),
    ("related", "Read more: more stories from our region"),
    ("comments", "12 comments. Log in to join the discussion"),
    ("copyright", "© 2024 Example Media Group. All rights reserved."),
]
PAYWALL = ("paywall", "Subscribe to continue reading this article")
# Most pages are articles; some records have no page type or declared access.
PAGE_TYPE_CYCLE = ("article",) * 6 + ("forum", "documentation", None, "product")
ACCESS_CYCLE = ("free", None, None, "metered", "free")


@dataclass
class RunInfo:
    """What the tests need to know about the written run."""

    root: Path
    records: list[dict[str, Any]] = field(default_factory=list)

    def by_id(self, record_id: str) -> dict[str, Any]:
        return next(r for r in self.records if r["id"] == record_id)

    def multi_clusters(self) -> set[str]:
        counts = Counter(r["cluster_id"] for r in self.records if r["cluster_id"])
        return {c for c, n in counts.items() if n > 1}


def _sentence(rng: random.Random, lang: str) -> str:
    words = rng.choices(WORDS[lang], k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(rng.randint(2, 5)))


def _record(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {f.name: None for f in ARROW_SCHEMA}
    base.update(authors=[], removed=[], paywalled=False, text="")
    base.update(kw)
    return base


def _ok_record(rng: random.Random, i: int, shard: str) -> dict[str, Any]:
    site, host, lang = SITES[i % len(SITES)]
    if i % 17 == 0:
        lang = "en" if lang != "en" else "fr"  # some pages not in the site's language
    title = _sentence(rng, lang)[:-1]
    paragraphs = [_paragraph(rng, lang) for _ in range(rng.randint(1, 7))]
    removed: list[dict[str, str]] = []
    if rng.random() < 0.6:
        reason, text = rng.choice(HEAD)
        removed.append({"text": text.format(title=title, site=site), "reason": reason})
    if rng.random() < 0.3:
        removed.append(dict(zip(("reason", "text"), rng.choice(MIDDLE), strict=True)))
    paywalled = i % 11 == 0
    access = "subscription" if paywalled else ACCESS_CYCLE[i % len(ACCESS_CYCLE)]
    if paywalled:
        removed.append({"reason": PAYWALL[0], "text": PAYWALL[1]})
    for reason, text in rng.sample(TAIL, rng.randint(0, 3)):
        removed.append({"reason": reason, "text": text})
    url = f"https://{host}/{2024 - i % 3}/story-{i}.html"
    return _record(
        id=f"rec-{i:04d}",
        source=f"{shard}.warc.gz:{1000 * i}",
        url=url,
        status="ok",
        title=title,
        site_name=site,
        authors=["Jordan Example"] if i % 3 else [],
        date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        language=lang,
        canonical_url=url,
        text="\n\n".join(paragraphs),
        removed=removed,
        paywalled=paywalled,
        cluster_id=f"c{i:04d}" if i % 5 == 0 else None,  # singleton clusters exist too
        page_type=PAGE_TYPE_CYCLE[i % len(PAGE_TYPE_CYCLE)],
        access=access,
    )


def build_records(n_ok: int = 260, seed: int = 7) -> list[list[dict[str, Any]]]:
    """Records split into three shards, in input order."""
    rng = random.Random(seed)
    shards: list[list[dict[str, Any]]] = [[], [], []]
    for i in range(n_ok):
        shard = i * 3 // n_ok
        shards[shard].append(_ok_record(rng, i, f"crawl-{shard}"))
    # Near-duplicate clusters: copies of some ok records on other sites.
    originals = [r for s in shards for r in s if r["status"] == "ok"][1:60:6]
    for k, orig in enumerate(originals):
        cid = f"dup-{k:02d}"
        orig["cluster_id"] = cid
        for j in range(1 + k % 3):
            copy = dict(orig)
            copy.update(
                id=f"{orig['id']}-copy{j}",
                source=f"mirror.jsonl:{k * 10 + j}",
                url=f"https://mirror{j}.example/{orig['id']}",
                site_name=f"Mirror {j}",
                cluster_id=cid,
                duplicate_of=orig["id"],
                removed=[],
            )
            shards[(k + j) % 3].append(copy)
    failures = [
        ("empty", "no_article_text"),
        ("empty", "too_short"),
        ("empty", "not_article"),
        ("empty", "access_wall"),
        ("skipped", "binary"),
        ("skipped", "unsupported_content_type"),
        ("error", "exception"),
        ("error", "timeout"),
        ("error", "malformed_input"),
    ]
    for k in range(27):
        status, reason = failures[k % len(failures)]
        shards[k % 3].append(
            _record(
                id=f"fail-{k:03d}",
                source=f"crawl-{k % 3}.warc.gz:{90000 + k}",
                url=f"https://valleypost.example/media/{k}.bin" if status == "skipped" else None,
                status=status,
                reason=reason,
                page_type="listing" if reason == "not_article" else None,
                error="ValueError: synthetic failure" if reason == "exception" else None,
                paywalled=reason == "access_wall",
                removed=[{"text": PAYWALL[1], "reason": "paywall"}]
                if reason == "access_wall"
                else [],
            )
        )
    shards[0].insert(
        3,
        _record(
            id=SHOWCASE_ID,
            source="pages/showcase.html",
            url="https://harbourledger.example/a/1",
            status="ok",
            title="Harbour bridge vote delayed",
            site_name="The Harbour Ledger",
            authors=["Jordan Example"],
            date="2024-05-02",
            language="en",
            text="The council delayed the bridge vote.\n\nResidents asked for a new report."
            "\n\nThe vote is now expected in June.",
            removed=[
                {"text": "By Jordan Example · 4 min read", "reason": "byline"},
                {"text": "Advertisement", "reason": "advertisement"},
                {"text": "Share this article on Facebook Twitter Email", "reason": "share"},
            ],
            cluster_id="dup-showcase",
        ),
    )
    shards[1].append(
        _record(
            id="showcase-copy",
            source="mirror.jsonl:999",
            url="https://mirror0.example/showcase",
            status="ok",
            title="Harbour bridge vote delayed (copy)",
            site_name="Mirror 0",
            language="en",
            text="The council delayed the bridge vote.",
            cluster_id="dup-showcase",
            duplicate_of=SHOWCASE_ID,
        )
    )
    shards[2].append(
        _record(
            id=HOSTILE_ID,
            source="pages/hostile.html",
            url="javascript:alert(3)",
            status="ok",
            title=HOSTILE_TITLE,
            site_name="<img src=x onerror=alert(2)>",
            authors=["<b>admin</b>"],
            language="en",
            text=HOSTILE_TEXT + "\n\n100% & _ 'quoted'",
            removed=[{"text": "<script>alert(4)</script>", "reason": "share"}],
        )
    )
    return shards


def write_run(root: Path) -> RunInfo:
    """Write the run output under ``root`` and describe it."""
    shards = build_records()
    (root / "part").mkdir(parents=True, exist_ok=True)
    paths = [
        root / "shard-00000.parquet",
        root / "shard-00001.parquet",
        root / "part" / "shard-00002.parquet",
    ]
    for path, rows in zip(paths, shards, strict=True):
        pq.write_table(pa.Table.from_pylist(rows, schema=ARROW_SCHEMA), path)
    (root / "_work").mkdir(exist_ok=True)
    stray = _record(id=WORK_ONLY_ID, source="tmp", status="ok", text="intermediate")
    pq.write_table(pa.Table.from_pylist([stray], schema=ARROW_SCHEMA), root / "_work" / "x.parquet")
    # the inspector's input order: shards in path order, rows in file order
    records = [r for _, rows in sorted(zip(map(str, paths), shards, strict=True)) for r in rows]
    summary = {
        "records": len(records),
        "by_status": dict(Counter(r["status"] for r in records)),
        "by_language": dict(Counter(r["language"] for r in records if r["language"])),
    }
    (root / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return RunInfo(root=root, records=records)


def test_written_run_has_the_record_schema_and_the_cases_the_inspector_needs(
    tmp_path: Path,
) -> None:
    info = write_run(tmp_path)
    for path in tmp_path.rglob("*.parquet"):
        assert pq.read_schema(path).equals(ARROW_SCHEMA, check_metadata=False)
    statuses = Counter(r["status"] for r in info.records)
    assert set(statuses) == {"ok", "empty", "skipped", "error"}
    assert len(info.records) > 250
    assert len({r["id"] for r in info.records}) == len(info.records)
    for r in info.records:
        assert all(item["reason"] in REASONS for item in r["removed"])
        assert r["reason"] is None or r["reason"] in STATUS_REASONS
    assert len(info.multi_clusters()) >= 5
    assert any(r["paywalled"] for r in info.records)
    assert len({r["language"] for r in info.records if r["language"]}) >= 4
    page_types = {r["page_type"] for r in info.records}
    assert None in page_types and page_types - {None} <= set(PAGE_TYPES)
    assert len(page_types) >= 5
    access = {r["access"] for r in info.records}
    assert None in access and access - {None} == set(ACCESS)
