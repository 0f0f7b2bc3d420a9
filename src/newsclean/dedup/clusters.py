"""Corpus-level near-duplicate clustering on disk (DuckDB).

Usage (the pipeline's corpus pass)::

    index = DedupIndex("run/dedup.duckdb")
    index.add(id, dedup_features(text), date=..., url=..., canonical_url=...)
    # or, from workers: write_features_parquet(path, rows) then index.add_parquet(path)
    stats = index.resolve()
    for id, cluster_id, duplicate_of in index.results(): ...

Method (parameters in ``DedupParams``, chosen with benchmarks/dedup.py):

1. Documents with fewer than ``min_tokens`` words are never clustered.
2. Exact duplicates: same ``exact_key`` (words in order, case/punctuation folded).
   Only one representative per exact group enters the LSH step.
3. Candidates: LSH banding of the MinHash signatures (``bands`` x ``rows``), one
   band at a time (a GROUP BY over one column, so memory stays bounded). Buckets
   up to ``full_pairs_bucket`` members give all pairs; larger ones a star to the
   bucket's first member plus a chain, which keeps connectivity without k^2 pairs;
   buckets above ``max_bucket`` are ignored for that band.
4. Verification from the signatures: an edge when the Jaccard estimate reaches
   ``jaccard_threshold`` (near-duplicate) or when the smaller text is at least
   ``containment_threshold`` contained in the larger (truncated / excerpted
   copies, e.g. the first paragraphs plus a paywall notice) and Jaccard is at
   least ``containment_min_jaccard`` (below that the containment estimate is noise).
5. Connected components by label propagation with pointer jumping in DuckDB.
6. Template guard: a component of ``template_min_copies`` or more documents that
   are all shorter than ``template_max_tokens`` words is page furniture (identical
   boilerplate-only pages), not a story, and is dissolved.
7. The original of each cluster: earliest publication day; then the most complete
   text (within 10% of the longest member counts as complete, so residual
   boilerplate does not decide); then the earliest timestamp; then the page most
   other members declare as canonical; then length and id. Every other member
   gets ``duplicate_of`` = the original's id; all members get ``cluster_id``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean.dedup.minhash import NUM_PERM, DedupFeatures, containment_estimate, dedup_features
from newsclean.record import Article

FEATURES_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("exact_key", pa.int64()),
        pa.field("prefix_key", pa.int64()),
        pa.field("n_tokens", pa.int32()),
        pa.field("n_shingles", pa.int32()),
        pa.field("signature", pa.binary()),
        pa.field("date", pa.string()),
        pa.field("url", pa.string()),
        pa.field("canonical_url", pa.string()),
    ]
)
"""Columns of the per-worker Parquet parts that ``DedupIndex.add_parquet`` reads."""


@dataclass(frozen=True, slots=True)
class DedupParams:
    """Clustering parameters (see the module docstring and docs/BENCHMARKS.md)."""

    num_perm: int = NUM_PERM
    bands: int = 32
    rows: int = 4
    jaccard_threshold: float = 0.5
    containment_threshold: float = 0.7
    containment_min_jaccard: float = 0.2
    min_tokens: int = 30
    template_min_copies: int = 20
    template_max_tokens: int = 150
    full_pairs_bucket: int = 32
    max_bucket: int = 100_000
    memory_limit: str = "2GB"
    threads: int | None = None


@dataclass(slots=True)
class DedupStats:
    """Counts for summary.json."""

    documents: int = 0
    eligible: int = 0
    exact_duplicates: int = 0
    candidate_pairs: int = 0
    near_edges: int = 0
    containment_edges: int = 0
    clusters: int = 0
    clustered_documents: int = 0
    duplicates: int = 0
    template_clusters_dissolved: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__ if k != "extra"}
        d.update(self.extra)
        return d


def _url_key(url: str | None) -> str | None:
    """Comparable form of a URL: no scheme, www., fragment, query or trailing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" if host or path else None


def _norm_date(date: str | None) -> tuple[str | None, str | None]:
    """(day, UTC timestamp or None) from an ISO 8601 date; (None, None) when unparsable."""
    if not date:
        return None, None
    s = date.strip()
    try:
        if len(s) <= 10:
            d = datetime.fromisoformat(s[:10])
            return d.date().isoformat(), None
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None, None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.date().isoformat(), dt.isoformat(timespec="seconds")


def features_table(
    rows: Iterable[tuple[str, DedupFeatures, str | None, str | None, str | None]],
) -> pa.Table:
    """Arrow table in ``FEATURES_SCHEMA`` from (id, features, date, url, canonical_url)."""
    cols: dict[str, list[Any]] = {f.name: [] for f in FEATURES_SCHEMA}
    for id_, f, date, url, canonical in rows:
        cols["id"].append(id_)
        cols["exact_key"].append(f.exact_key)
        cols["prefix_key"].append(f.prefix_key)
        cols["n_tokens"].append(f.n_tokens)
        cols["n_shingles"].append(f.n_shingles)
        cols["signature"].append(f.signature)
        cols["date"].append(date)
        cols["url"].append(url)
        cols["canonical_url"].append(canonical)
    return pa.table(cols, schema=FEATURES_SCHEMA)


FeatureRow = tuple[str, DedupFeatures, str | None, str | None, str | None]
"""(id, features, date, url, canonical_url): what the index needs of one record."""


def article_features(art: Article) -> FeatureRow:
    """The dedup features of one record, as ``write_features_parquet`` takes them."""
    return (art.id, dedup_features(art.text), art.date, art.url, art.canonical_url)


def write_features_parquet(path: str, rows: Iterable[FeatureRow]) -> None:
    """Write one worker's part atomically (temp name + rename)."""
    _write_atomic(features_table(rows), path)


def merge_features_parquet(
    path: str, old: pa.Table | None, changed_ids: list[str], new_rows: list[FeatureRow]
) -> None:
    """A part made of ``old``'s rows for unchanged records plus recomputed rows
    (pass 2: the corpus boilerplate table changed some texts)."""
    parts = []
    if old is not None:
        keep = pc.invert(pc.is_in(old.column("id"), pa.array(changed_ids, pa.string())))
        parts.append(old.filter(keep).cast(FEATURES_SCHEMA))
    if new_rows:
        parts.append(features_table(new_rows))
    _write_atomic(pa.concat_tables(parts) if parts else FEATURES_SCHEMA.empty_table(), path)


def _write_atomic(table: pa.Table, path: str) -> None:
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    tmp = f"{path}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _binary_matrix(arr: pa.Array | pa.ChunkedArray, width: int) -> np.ndarray:
    """(n, width) uint32 matrix from a binary column of fixed-size signatures."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n = len(arr)
    if n == 0:
        return np.empty((0, width), dtype=np.uint32)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    if offsets[-1] - offsets[0] != n * width * 4:
        raise ValueError("signatures of unexpected length: index built with other num_perm")
    return data.view("<u4").reshape(n, width)


def band_hashes(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) int64 hashes of the signature bands (vectorised)."""
    n = sigs.shape[0]
    x = sigs[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    h = np.full((n, bands), 0xCBF29CE484222325, dtype=np.uint64)
    mult = np.uint64(0x100000001B3)
    with np.errstate(over="ignore"):
        for r in range(rows):
            h = (h ^ x[:, :, r]) * mult
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h.view(np.int64)


class DedupIndex:
    """Dedup features of a corpus in a DuckDB file, and the clustering over them."""

    def __init__(self, db_path: str, params: DedupParams | None = None) -> None:
        self.params = params or DedupParams()
        p = self.params
        if p.bands * p.rows > p.num_perm:
            raise ValueError("bands * rows must not exceed num_perm")
        self.db_path = db_path
        self.con = duckdb.connect(db_path)
        self.con.execute(f"SET memory_limit='{p.memory_limit}'")
        self.con.execute("SET preserve_insertion_order=false")
        # DuckDB draws a progress bar on stdout for queries over 2 s: never in a tool.
        self.con.execute("SET enable_progress_bar=false")
        self.con.execute(f"SET temp_directory='{db_path}.tmp'")
        if p.threads:
            self.con.execute(f"SET threads={int(p.threads)}")
        band_cols = ", ".join(f"b{i} BIGINT" for i in range(p.bands))
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS docs (doc BIGINT, id VARCHAR, exact_key BIGINT, "
            "prefix_key BIGINT, "
            "n_tokens INTEGER, n_shingles INTEGER, signature BLOB, day VARCHAR, ts VARCHAR, "
            f"url_key VARCHAR, canonical_key VARCHAR, {band_cols})"
        )
        rows = self.con.execute("SELECT coalesce(max(doc) + 1, 0) FROM docs").fetchall()
        self._next = int(rows[0][0]) if rows else 0
        self._buf: list[tuple[str, DedupFeatures, str | None, str | None, str | None]] = []

    # --- adding -----------------------------------------------------------------

    def add(
        self,
        id: str,
        features: DedupFeatures,
        date: str | None = None,
        url: str | None = None,
        canonical_url: str | None = None,
    ) -> None:
        """Add one document (buffered; flushed every 10k and before resolve)."""
        self._buf.append((id, features, date, url, canonical_url))
        if len(self._buf) >= 10_000:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._insert(features_table(self._buf))
            self._buf = []

    def add_parquet(self, path: str) -> None:
        """Add a worker's part written by ``write_features_parquet``."""
        self.flush()
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=50_000):
            self._insert(pa.Table.from_batches([batch]))

    def add_table(self, table: pa.Table) -> None:
        """Add an Arrow table in ``FEATURES_SCHEMA``."""
        self.flush()
        self._insert(table)

    def _insert(self, t: pa.Table) -> None:
        p = self.params
        n = t.num_rows
        if n == 0:
            return
        sigs = _binary_matrix(t.column("signature"), p.num_perm)
        bh = band_hashes(sigs, p.bands, p.rows)
        dates = [_norm_date(d) for d in t.column("date").to_pylist()]
        cols: dict[str, Any] = {
            "doc": pa.array(np.arange(self._next, self._next + n, dtype=np.int64)),
            "id": t.column("id"),
            "exact_key": t.column("exact_key"),
            "prefix_key": t.column("prefix_key"),
            "n_tokens": t.column("n_tokens"),
            "n_shingles": t.column("n_shingles"),
            "signature": t.column("signature"),
            "day": pa.array([d[0] for d in dates], pa.string()),
            "ts": pa.array([d[1] for d in dates], pa.string()),
            "url_key": pa.array([_url_key(u) for u in t.column("url").to_pylist()], pa.string()),
            "canonical_key": pa.array(
                [_url_key(u) for u in t.column("canonical_url").to_pylist()], pa.string()
            ),
        }
        for i in range(p.bands):
            cols[f"b{i}"] = pa.array(bh[:, i])
        batch = pa.table(cols)  # noqa: F841  (read by DuckDB's replacement scan)
        self.con.execute("INSERT INTO docs SELECT * FROM batch")
        self._next += n

    # --- clustering -------------------------------------------------------------

    def resolve(self) -> DedupStats:
        """Cluster everything added so far; results in table ``dedup_result``."""
        self.flush()
        p = self.params
        c = self.con
        st = DedupStats()
        st.documents = self._scalar("SELECT count(*) FROM docs")
        # GROUP BY + join rather than a window: hash aggregates spill to disk
        c.execute(
            f"""
            CREATE OR REPLACE TABLE elig AS
            WITH e AS (SELECT doc, exact_key FROM docs WHERE n_tokens >= {int(p.min_tokens)}),
            r AS (SELECT exact_key, min(doc) AS rep FROM e GROUP BY exact_key)
            SELECT e.doc, e.exact_key, r.rep FROM e JOIN r USING (exact_key)
            """
        )
        st.eligible = self._scalar("SELECT count(*) FROM elig")
        c.execute("CREATE OR REPLACE TABLE edges (a BIGINT, b BIGINT, kind TINYINT)")
        c.execute("INSERT INTO edges SELECT rep, doc, 0 FROM elig WHERE doc <> rep")
        st.exact_duplicates = self._scalar("SELECT count(*) FROM edges")

        self._candidates()
        st.candidate_pairs = self._scalar("SELECT count(*) FROM cand")
        st.near_edges, st.containment_edges = self._verify()
        self._components()
        st.template_clusters_dissolved = self._dissolve_templates()
        self._originals()
        st.clusters = self._scalar("SELECT count(DISTINCT cluster_id) FROM dedup_result")
        st.clustered_documents = self._scalar("SELECT count(*) FROM dedup_result")
        st.duplicates = self._scalar(
            "SELECT count(*) FROM dedup_result WHERE duplicate_of IS NOT NULL"
        )
        for t in ("cand", "lbl", "elig"):
            c.execute(f"DROP TABLE IF EXISTS {t}")
        return st

    def _scalar(self, sql: str) -> int:
        rows = self.con.execute(sql).fetchall()  # fetch all: duckdb 2 refuses unfinished results
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def _candidates(self) -> None:
        p = self.params
        c = self.con
        c.execute("CREATE OR REPLACE TABLE cand_raw (a BIGINT, b BIGINT)")
        for col in [f"b{i}" for i in range(p.bands)] + ["prefix_key"]:
            # one band per query: a scan of one BIGINT column, bounded memory
            c.execute(
                f"""
                INSERT INTO cand_raw
                WITH bk AS (
                    SELECT d.{col} AS h, d.doc FROM docs d JOIN elig e ON e.doc = d.doc
                    WHERE e.doc = e.rep),
                multi AS (
                    SELECT h, count(*) AS cnt FROM bk GROUP BY h
                    HAVING count(*) BETWEEN 2 AND {int(p.max_bucket)}),
                g AS (
                    SELECT bk.h, bk.doc, multi.cnt,
                        first_value(bk.doc) OVER w AS first,
                        lag(bk.doc) OVER w AS prev
                    FROM bk JOIN multi USING (h)
                    WINDOW w AS (PARTITION BY bk.h ORDER BY bk.doc))
                SELECT first, doc FROM g WHERE doc <> first
                UNION ALL
                SELECT prev, doc FROM g WHERE prev IS NOT NULL AND prev <> first
                UNION ALL
                SELECT x.doc, y.doc FROM g x JOIN g y ON x.h = y.h AND x.doc < y.doc
                WHERE x.cnt <= {int(p.full_pairs_bucket)} AND x.doc <> x.first
                """
            )
        c.execute("CREATE OR REPLACE TABLE cand AS SELECT DISTINCT a, b FROM cand_raw")
        c.execute("DROP TABLE cand_raw")

    def _verify(self) -> tuple[int, int]:
        p = self.params
        reader = self.con.sql(
            """
            SELECT c.a, c.b, da.signature AS sa, db.signature AS sb,
                   da.n_shingles AS na, db.n_shingles AS nb
            FROM cand c JOIN docs da ON da.doc = c.a JOIN docs db ON db.doc = c.b
            """
        ).to_arrow_reader(100_000)
        con2 = self.con.cursor()
        near = cont = 0
        for batch in reader:
            if batch.num_rows == 0:
                continue
            sa = _binary_matrix(batch.column("sa"), p.num_perm)
            sb = _binary_matrix(batch.column("sb"), p.num_perm)
            j = (sa == sb).mean(axis=1)
            na = batch.column("na").to_numpy(zero_copy_only=False).astype(np.float64)
            nb = batch.column("nb").to_numpy(zero_copy_only=False).astype(np.float64)
            cont_est = containment_estimate(j, np.minimum(na, nb), np.maximum(na, nb))
            is_near = j >= p.jaccard_threshold
            is_cont = (
                ~is_near & (j >= p.containment_min_jaccard) & (cont_est >= p.containment_threshold)
            )
            keep = is_near | is_cont
            near += int(is_near.sum())
            cont += int(is_cont.sum())
            if keep.any():
                ok = pa.table(  # noqa: F841  (read by DuckDB's replacement scan)
                    {
                        "a": batch.column("a").filter(pa.array(keep)),
                        "b": batch.column("b").filter(pa.array(keep)),
                        "kind": pa.array(np.where(is_near, 1, 2)[keep].astype(np.int8)),
                    }
                )
                con2.execute("INSERT INTO edges SELECT a, b, kind FROM ok")
        con2.close()
        return near, cont

    def _components(self) -> None:
        """Connected components: min-label propagation plus pointer jumping."""
        c = self.con
        c.execute(
            "CREATE OR REPLACE TABLE e2 AS SELECT a, b FROM edges UNION ALL SELECT b, a FROM edges"
        )
        c.execute(
            "CREATE OR REPLACE TABLE lbl AS SELECT a AS node, least(a, min(b)) AS l "
            "FROM e2 GROUP BY a"
        )
        for _ in range(200):
            c.execute(
                """
                CREATE OR REPLACE TABLE lbl_n AS
                SELECT x.node, least(x.l, coalesce(m.ml, x.l)) AS l
                FROM lbl x LEFT JOIN (
                    SELECT e2.a AS node, min(y.l) AS ml FROM e2 JOIN lbl y ON e2.b = y.node
                    GROUP BY e2.a) m USING (node)
                """
            )
            c.execute(
                """
                CREATE OR REPLACE TABLE lbl_j AS
                SELECT x.node, least(x.l, coalesce(y.l, x.l)) AS l
                FROM lbl_n x LEFT JOIN lbl_n y ON x.l = y.node
                """
            )
            changed = self._scalar(
                "SELECT count(*) FROM lbl_j j JOIN lbl o USING (node) WHERE j.l <> o.l"
            )
            c.execute("DROP TABLE lbl; ALTER TABLE lbl_j RENAME TO lbl; DROP TABLE lbl_n")
            if changed == 0:
                break
        c.execute("DROP TABLE e2")

    def _dissolve_templates(self) -> int:
        p = self.params
        c = self.con
        c.execute(
            f"""
            CREATE OR REPLACE TABLE templ AS
            SELECT l.l FROM lbl l JOIN docs d ON d.doc = l.node GROUP BY l.l
            HAVING count(*) >= {int(p.template_min_copies)}
               AND max(d.n_tokens) < {int(p.template_max_tokens)}
            """
        )
        n = self._scalar("SELECT count(*) FROM templ")
        c.execute("DELETE FROM lbl WHERE l IN (SELECT l FROM templ)")
        c.execute("DROP TABLE templ")
        return n

    def _originals(self) -> None:
        self.con.execute(
            """
            CREATE OR REPLACE TABLE dedup_result AS
            WITH m AS (
                SELECT l.l AS root, d.doc, d.id, d.day, d.ts, d.n_tokens, d.url_key,
                       d.canonical_key,
                       max(d.n_tokens) OVER (PARTITION BY l.l) AS max_tok
                FROM lbl l JOIN docs d ON d.doc = l.node),
            votes AS (
                SELECT x.doc, count(*) AS v FROM m x JOIN m y
                  ON y.root = x.root AND y.doc <> x.doc AND y.canonical_key = x.url_key
                GROUP BY x.doc),
            ranked AS (
                SELECT m.root, m.id, row_number() OVER (
                    PARTITION BY m.root ORDER BY m.day ASC NULLS LAST,
                    (m.n_tokens >= 0.9 * m.max_tok) DESC, m.ts ASC NULLS LAST,
                    coalesce(votes.v, 0) DESC, m.n_tokens ASC, m.id) AS rn
                FROM m LEFT JOIN votes USING (doc)),
            orig AS (SELECT root, id AS orig_id FROM ranked WHERE rn = 1)
            SELECT r.id, substr(md5(o.orig_id), 1, 16) AS cluster_id,
                   CASE WHEN r.rn = 1 THEN NULL ELSE o.orig_id END AS duplicate_of
            FROM ranked r JOIN orig o USING (root)
            """
        )

    # --- reading results ----------------------------------------------------------

    def results(self, batch_size: int = 100_000) -> Iterator[tuple[str, str, str | None]]:
        """(id, cluster_id, duplicate_of) of every clustered document; others are unique."""
        reader = self.con.sql(
            "SELECT id, cluster_id, duplicate_of FROM dedup_result"
        ).to_arrow_reader(batch_size)
        for batch in reader:
            yield from zip(
                batch.column(0).to_pylist(),
                batch.column(1).to_pylist(),
                batch.column(2).to_pylist(),
                strict=True,
            )

    def export_parquet(self, path: str) -> None:
        """Write (id, cluster_id, duplicate_of) for the clustered documents to Parquet."""
        self.con.execute(f"COPY dedup_result TO '{path}' (FORMAT PARQUET)")

    def lookup(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """cluster_id / duplicate_of for a batch of ids (absent: not clustered)."""
        q = pa.table({"id": pa.array(list(ids), pa.string())})  # noqa: F841
        rows = self.con.execute(
            "SELECT r.id, r.cluster_id, r.duplicate_of FROM dedup_result r JOIN q USING (id)"
        ).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DedupIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
