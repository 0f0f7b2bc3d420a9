"""The pipeline's use of ``newsclean.dedup``, guarded so a missing module only
disables deduplication (the run says so in its summary)."""

from __future__ import annotations

import os
from typing import Any

from newsclean.record import Article


def available() -> bool:
    try:
        import newsclean.dedup.clusters  # noqa: F401
        import newsclean.dedup.minhash  # noqa: F401
    except Exception:
        return False
    return True


def feature_row(art: Article) -> tuple[Any, ...]:
    """(id, features, date, url, canonical_url) as ``write_features_parquet`` wants."""
    from newsclean.dedup.minhash import dedup_features

    return (art.id, dedup_features(art.text), art.date, art.url, art.canonical_url)


def write_features(path: str, rows: list[tuple[Any, ...]]) -> None:
    from newsclean.dedup.clusters import write_features_parquet

    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_features_parquet(path, rows)


def merge_features(
    path: str, old: Any, changed_ids: list[str], new_rows: list[tuple[Any, ...]]
) -> None:
    """Pass-2 features part: pass-1 rows of unchanged records plus recomputed rows."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from newsclean.dedup.clusters import FEATURES_SCHEMA, features_table

    os.makedirs(os.path.dirname(path), exist_ok=True)
    parts = []
    if old is not None:
        keep = pc.invert(pc.is_in(old.column("id"), pa.array(changed_ids, pa.string())))
        parts.append(old.filter(keep).cast(FEATURES_SCHEMA))
    if new_rows:
        parts.append(features_table(new_rows))
    table = pa.concat_tables(parts) if parts else FEATURES_SCHEMA.empty_table()
    tmp = f"{path}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, path)
