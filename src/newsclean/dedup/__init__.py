"""Near-duplicate clustering: worker-side features (minhash) and the corpus index (clusters).

Worker side (any process, picklable results)::

    from newsclean.dedup import dedup_features
    f = dedup_features(article.text)  # DedupFeatures: exact/prefix keys, sizes, signature

Corpus side (one process owns the DuckDB file)::

    from newsclean.dedup import DedupIndex, DedupParams, write_features_parquet
    write_features_parquet(part, [(id, f, date, url, canonical_url), ...])   # in each worker
    idx = DedupIndex(db_path, DedupParams(jaccard_threshold=...))
    idx.add_parquet(part)                     # or idx.add(id, f, date, url, canonical_url)
    stats = idx.resolve()                     # DedupStats.to_dict() for summary.json
    idx.results() / idx.lookup(ids) / idx.export_parquet(path)  # (id, cluster_id, duplicate_of)

Only ``ok`` records should be added; documents left out are simply unique.
"""

from newsclean.dedup.clusters import (
    FEATURES_SCHEMA,
    DedupIndex,
    DedupParams,
    DedupStats,
    features_table,
    write_features_parquet,
)
from newsclean.dedup.minhash import DedupFeatures, dedup_features, exact_key, minhash_signature

__all__ = [
    "FEATURES_SCHEMA",
    "DedupFeatures",
    "DedupIndex",
    "DedupParams",
    "DedupStats",
    "dedup_features",
    "exact_key",
    "features_table",
    "minhash_signature",
    "write_features_parquet",
]
