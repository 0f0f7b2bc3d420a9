"""The corpus-level steps of ``newsclean run``, between and after the passes.

- ``learn_table``: merge the workers' line-key parts in DuckDB into the corpus
  boilerplate table (``_work/boilerplate.json``).
- ``apply_unit`` (pass 2, in workers): apply the table to one unit's pass-1
  shard, recompute dedup features only for the records whose text changed.
- ``resolve_duplicates``: load every features part into the DuckDB dedup index
  and cluster.
- ``write_final``: each unit's shard joined with the cluster results (a DuckDB
  join per shard, so memory is bounded by one shard), written atomically as
  ``DIR/part-NNNNNN.parquet``.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean.clean.boilerplate import BoilerplateCounter, BoilerplateTable, apply_boilerplate
from newsclean.dedup.clusters import (
    DedupIndex,
    DedupParams,
    article_features,
    merge_features_parquet,
)
from newsclean.io.writers import ParquetWriter
from newsclean.pipeline.tasks import (
    BOILERPLATE_TABLE,
    NO_DOCUMENT,
    UnitResult,
    UnitTask,
    features_name,
    shard_name,
)
from newsclean.record import ARROW_SCHEMA, OK, Article

FINAL_PREFIX = "part-"


def final_name(ordinal: int) -> str:
    return f"{FINAL_PREFIX}{ordinal:06d}.parquet"


def learn_table(work_dir: str, line_parts: Sequence[str]) -> int:
    """Build and save the corpus boilerplate table; returns its number of lines."""
    db = os.path.join(work_dir, "boilerplate.duckdb")
    for stale in (db, db + ".wal"):
        if os.path.exists(stale):
            os.unlink(stale)  # counts are rebuilt from the parts: never add twice
    with BoilerplateCounter(db) as counter:
        for part in line_parts:
            counter.add_parquet(os.path.join(work_dir, part))
        table = counter.finalize()
    table.save(os.path.join(work_dir, BOILERPLATE_TABLE))
    return len(table)


def _load_table(work_dir: str) -> BoilerplateTable:
    return BoilerplateTable.load(os.path.join(work_dir, BOILERPLATE_TABLE))


def apply_unit(task: UnitTask, on_doc: Callable[[int], None] | None = None) -> UnitResult:
    """Pass 2 of one unit: corpus boilerplate out, features of changed texts redone."""
    wd, ordinal = task.work_dir, task.ordinal
    timings: defaultdict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    table = _load_table(wd)
    src = pq.ParquetFile(os.path.join(wd, shard_name(ordinal, "pass1")))
    out_rel = shard_name(ordinal, "pass2")
    changed_ids: list[str] = []
    new_feats: list[tuple[Any, ...]] = []
    statuses: Counter[str] = Counter()
    n = 0
    with ParquetWriter(os.path.join(wd, out_rel)) as writer:
        for batch in src.iter_batches(batch_size=500):
            for row in batch.to_pylist():
                if on_doc is not None:
                    on_doc(n)
                art = Article.from_dict(row)
                if art.status == OK and art.text:
                    new = apply_boilerplate(art, table)
                    if new is not art and new.text != art.text:
                        changed_ids.append(art.id)
                        if task.dedup and new.status == OK and new.text:
                            new_feats.append(article_features(new))
                        art = new
                writer.write(art)
                statuses[art.status] += 1
                n += 1
        if on_doc is not None:
            on_doc(NO_DOCUMENT)
    feats_rel: str | None = None
    if task.dedup:
        feats_rel = features_name(ordinal, "pass2")
        old_path = os.path.join(wd, features_name(ordinal, "pass1"))
        old = pq.read_table(old_path) if os.path.exists(old_path) else None
        merge_features_parquet(os.path.join(wd, feats_rel), old, changed_ids, new_feats)
    timings["boilerplate_apply"] += time.perf_counter() - t0
    return UnitResult(
        ordinal=ordinal,
        shard=out_rel,
        features=feats_rel,
        documents=n,
        statuses=dict(statuses),
        timings=dict(timings),
        phase="pass2",
        changed=len(changed_ids),
    )


def resolve_duplicates(
    work_dir: str, feature_parts: Sequence[str], threshold: float | None
) -> tuple[Any, dict[str, Any]]:
    """Cluster the corpus; returns the open DedupIndex and its statistics."""
    db = os.path.join(work_dir, "dedup.duckdb")
    for stale in (db, db + ".wal"):
        if os.path.exists(stale):
            os.unlink(stale)
    params = DedupParams() if threshold is None else DedupParams(jaccard_threshold=threshold)
    index = DedupIndex(db, params)
    for part in feature_parts:
        index.add_parquet(os.path.join(work_dir, part))
    stats = index.resolve()
    return index, stats.to_dict()


def write_final(work_dir: str, out_dir: str, res: UnitResult, index: Any | None) -> int:
    """Write ``out_dir/part-N.parquet`` from the unit's last shard plus cluster ids."""
    table = pq.read_table(os.path.join(work_dir, res.shard), schema=ARROW_SCHEMA)
    if index is not None and table.num_rows:
        found = index.lookup(table.column("id").to_pylist())
        if found:
            ids = table.column("id").to_pylist()
            cluster = pa.array([found.get(i, (None, None))[0] for i in ids], pa.string())
            dup = pa.array([found.get(i, (None, None))[1] for i in ids], pa.string())
            table = table.set_column(
                table.schema.get_field_index("cluster_id"), "cluster_id", cluster
            )
            table = table.set_column(
                table.schema.get_field_index("duplicate_of"), "duplicate_of", dup
            )
    with ParquetWriter(os.path.join(out_dir, final_name(res.ordinal))) as writer:
        writer.write_table(table)
    return int(table.num_rows)


def count_ok(table: pa.Table) -> int:
    return int(pc.sum(pc.equal(table.column("status"), OK)).as_py() or 0)
