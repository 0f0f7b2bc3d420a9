"""The corpus-level steps of ``newsclean run``, between and after the passes.

- ``learn_table``: merge the workers' line-key parts in DuckDB into the corpus
  boilerplate table (``WORK/boilerplate.json``).
- ``apply_unit`` (pass 2, in workers): apply the table to one task's pass-1
  shard, recompute dedup features only for the records whose text changed.
- ``resolve_duplicates``: load every features part into the DuckDB dedup index
  and cluster.
- ``write_final``: the tasks' shards in input order, joined batch by batch with
  the cluster results (memory bounded by a batch), cut into shards of at most
  ``shard_rows`` rows and about ``shard_bytes`` bytes, each written atomically as
  ``OUT/part-NNNNNN.parquet``. The cut points depend only on the records, so a
  resumed run writes the same shards.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
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
from newsclean.pipeline.layout import SHARD_PREFIX
from newsclean.pipeline.layout import shard_name as final_name
from newsclean.pipeline.tasks import (
    BOILERPLATE_TABLE,
    NO_DOCUMENT,
    StageClock,
    UnitResult,
    UnitTask,
    features_name,
    shard_name,
)
from newsclean.record import ARROW_SCHEMA, OK, Article

FINAL_PREFIX = SHARD_PREFIX
FINAL_BATCH_ROWS = 1000
"""Rows read, joined and written at a time by the final write (also its row-group size)."""

Tick = Callable[[int], None]


def learn_table(work_dir: str, line_parts: Sequence[str], on_part: Tick | None = None) -> int:
    """Build and save the corpus boilerplate table; returns its number of lines."""
    db = os.path.join(work_dir, "boilerplate.duckdb")
    for stale in (db, db + ".wal"):
        if os.path.exists(stale):
            os.unlink(stale)  # counts are rebuilt from the parts: never add twice
    with BoilerplateCounter(db) as counter:
        for i, part in enumerate(line_parts):
            counter.add_parquet(os.path.join(work_dir, part))
            if on_part is not None:
                on_part(i + 1)
        table = counter.finalize()
    table.save(os.path.join(work_dir, BOILERPLATE_TABLE))
    return len(table)


def _load_table(work_dir: str) -> BoilerplateTable:
    return BoilerplateTable.load(os.path.join(work_dir, BOILERPLATE_TABLE))


def apply_unit(task: UnitTask, on_doc: Callable[[int], None] | None = None) -> UnitResult:
    """Pass 2 of one unit: corpus boilerplate out, features of changed texts redone."""
    wd, ordinal = task.work_dir, task.ordinal
    clock = StageClock()
    t0 = clock.now()
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
    clock.add("boilerplate_apply", t0)
    wall, cpu = clock.results()
    return UnitResult(
        ordinal=ordinal,
        shard=out_rel,
        features=feats_rel,
        documents=n,
        statuses=dict(statuses),
        timings=wall,
        phase="pass2",
        changed=len(changed_ids),
        cpu_timings=cpu,
    )


def resolve_duplicates(
    work_dir: str,
    feature_parts: Sequence[str],
    threshold: float | None,
    on_part: Tick | None = None,
) -> tuple[Any, dict[str, Any]]:
    """Cluster the corpus; returns the open DedupIndex and its statistics."""
    db = os.path.join(work_dir, "dedup.duckdb")
    for stale in (db, db + ".wal"):
        if os.path.exists(stale):
            os.unlink(stale)
    params = DedupParams() if threshold is None else DedupParams(jaccard_threshold=threshold)
    index = DedupIndex(db, params)
    for i, part in enumerate(feature_parts):
        index.add_parquet(os.path.join(work_dir, part))
        if on_part is not None:
            on_part(i + 1)
    stats = index.resolve()
    return index, stats.to_dict()


def _with_clusters(table: pa.Table, index: Any | None) -> pa.Table:
    if index is None or not table.num_rows:
        return table
    ids = table.column("id").to_pylist()
    found = index.lookup(ids)
    if not found:
        return table
    cluster = pa.array([found.get(i, (None, None))[0] for i in ids], pa.string())
    dup = pa.array([found.get(i, (None, None))[1] for i in ids], pa.string())
    table = table.set_column(table.schema.get_field_index("cluster_id"), "cluster_id", cluster)
    return table.set_column(table.schema.get_field_index("duplicate_of"), "duplicate_of", dup)


def _batches(work_dir: str, results: Sequence[UnitResult]) -> Iterator[pa.Table]:
    for res in results:
        pf = pq.ParquetFile(os.path.join(work_dir, res.shard))
        for batch in pf.iter_batches(batch_size=FINAL_BATCH_ROWS):
            yield pa.Table.from_batches([batch]).select(ARROW_SCHEMA.names).cast(ARROW_SCHEMA)


def write_final(
    work_dir: str,
    out_dir: str,
    results: Sequence[UnitResult],
    index: Any | None,
    *,
    shard_rows: int,
    shard_bytes: int,
    on_rows: Tick | None = None,
) -> list[str]:
    """Write ``out_dir/part-NNNNNN.parquet`` from the tasks' last shards (in the
    order given) with cluster ids; returns the shard names written. A shard ends at
    ``shard_rows`` rows, or at the first batch after which its file holds
    ``shard_bytes`` bytes."""
    names: list[str] = []
    writer: ParquetWriter | None = None
    rows_in_shard = rows_done = 0
    try:
        for table in _batches(work_dir, results):
            table = _with_clusters(table, index)
            while table.num_rows:
                if writer is None:
                    names.append(final_name(len(names)))
                    writer = ParquetWriter(
                        os.path.join(out_dir, names[-1]), row_group_rows=FINAL_BATCH_ROWS
                    )
                    rows_in_shard = 0
                take = min(table.num_rows, shard_rows - rows_in_shard)
                writer.write_table(table.slice(0, take))
                table = table.slice(take)
                rows_in_shard += take
                rows_done += take
                if rows_in_shard >= shard_rows or writer.bytes_written() >= shard_bytes:
                    writer.close()
                    writer = None
            if on_rows is not None:
                on_rows(rows_done)
        if writer is not None:
            writer.close()
            writer = None
    finally:
        if writer is not None:
            writer.abort()
    return names


def count_ok(table: pa.Table) -> int:
    return int(pc.sum(pc.equal(table.column("status"), OK)).as_py() or 0)
