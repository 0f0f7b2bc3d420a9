"""Read-only DuckDB queries over a run's Parquet shards, for `newsclean inspect`.

The shards are exposed as one ``records`` view over ``read_parquet``: nothing is
loaded into Python beyond one page of results, so a run of millions of records
opens at once. Every value coming from a request reaches DuckDB as a bound
parameter; only identifiers from fixed allow-lists are written into SQL text.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

import duckdb
import pyarrow as pa

from newsclean.inspect.layout import RunFiles, open_run
from newsclean.inspect.lru import Lru
from newsclean.record import ARROW_SCHEMA

# Sort keys the list accepts -> SQL expression (never built from request text).
# Input order is shard path order then row order (see layout.find_shards).
SORTS: Final[dict[str, tuple[str, ...]]] = {
    "order": ("_file", "_row"),
    "title": ("lower(title)",),
    "site": ("lower(site_name)",),
    "date": ("date",),
    "length": ("_text_len",),
    "removed": ("coalesce(len(removed), 0)",),
    "status": ("status",),
    "language": ("language",),
    "type": ("page_type",),
}
# Filters by equality; the value "none" selects records where the field is null.
EQUALITY_FILTERS: Final = ("status", "language", "page_type", "access")
NONE: Final = "none"

_BY_STATUS: Final = "SELECT status, count(*) FROM r GROUP BY 1 ORDER BY 2 DESC, 1"

MAX_PAGE: Final = 200
MAX_CLUSTER_MEMBERS: Final = 100
TOP_N: Final = 20

# Text-length histogram bin edges (characters); log-spaced because article
# lengths span three orders of magnitude.
LENGTH_EDGES: Final = (0, 1, 100, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000)

_LIST_COLUMNS: Final = (
    "id, url, status, reason, title, site_name, language, date, paywalled, cluster_id, "
    "duplicate_of, page_type, access, coalesce(length(text), 0) AS text_len, "
    "coalesce(len(removed), 0) AS n_removed, "
    "coalesce(cluster_id IN (SELECT cluster_id FROM multi_clusters), false) AS in_cluster, "
    "_file, _row"
)
_HOST: Final = "regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:]+)', 1)"
_COUNT_CACHE: Final = 128
_SEARCH_CACHE: Final = 16
_STATS_CACHE: Final = 32
KEY_CACHE_MAX: Final = 10_000


def _duck_type(t: pa.DataType) -> str:
    """DuckDB type for a column of ARROW_SCHEMA (used only when a column is absent)."""
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_list(t):
        value = t.value_type
        if pa.types.is_struct(value):
            inner = ", ".join(f'"{f.name}" {_duck_type(f.type)}' for f in value)
            return f"STRUCT({inner})[]"
        return f"{_duck_type(value)}[]"
    return "VARCHAR"


@dataclass(frozen=True)
class Filters:
    """Record filters shared by the list and the dashboard."""

    status: str = ""
    language: str = ""
    page_type: str = ""
    access: str = ""
    reason: str = ""  # records with at least one removed line of this reason
    paywalled: bool | None = None
    duplicate: bool | None = None  # in a cluster of two or more records

    def clauses(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for name in EQUALITY_FILTERS:
            value = getattr(self, name)
            if value == NONE:
                clauses.append(f"{name} IS NULL")
            elif value:
                clauses.append(f"{name} = ?")
                params.append(value)
        if self.reason:
            clauses.append("list_contains(list_transform(removed, lambda r: r.reason), ?)")
            params.append(self.reason)
        if self.paywalled is not None:
            clauses.append("coalesce(paywalled, false) = ?")
            params.append(self.paywalled)
        if self.duplicate is not None:
            op = "IN" if self.duplicate else "NOT IN"
            clauses.append(f"coalesce(cluster_id, '') {op} (SELECT cluster_id FROM multi_clusters)")
        return clauses, params

    def where(self) -> tuple[str, list[Any]]:
        return _where(*self.clauses())


def _where(clauses: list[str], params: list[Any]) -> tuple[str, list[Any]]:
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class ListQuery:
    """The records list request: free-text search, filters, sort and page."""

    q: str = ""
    search_text: bool = True  # also search the article text (a full scan of it)
    filters: Filters = Filters()
    sort: str = "order"
    descending: bool = False
    offset: int = 0
    limit: int = 50

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.q:
            # A case-insensitive RE2 match of the quoted literal: no LIKE
            # wildcards, Unicode case folding, and no lower() copy of the text.
            pattern = _re2_literal(self.q)
            cols: tuple[str, ...] = ("title", "site_name", "url")
            if self.search_text:
                cols += ("text",)
            clauses.append("(" + " OR ".join(f"regexp_matches({c}, ?, 'i')" for c in cols) + ")")
            params.extend([pattern] * len(cols))
        more, more_params = self.filters.clauses()
        return _where(clauses + more, params + more_params)


@dataclass
class Corpus:
    """A run's output directory opened for reading."""

    run: RunFiles
    _con: duckdb.DuckDBPyConnection | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _counts: Lru[int] = field(default_factory=lambda: Lru(_COUNT_CACHE))
    _searches: Lru[tuple[int, list[tuple[str, int]]]] = field(
        default_factory=lambda: Lru(_SEARCH_CACHE)
    )
    _stats: Lru[dict[str, Any]] = field(default_factory=lambda: Lru(_STATS_CACHE))
    _lengths_ready: bool = False

    @classmethod
    def open(cls, out_dir: str, *, threads: int = 2) -> Corpus:
        """Open the run in ``out_dir`` (raises FileNotFoundError, layout.NotARun)."""
        corpus = cls(run=open_run(out_dir))
        con = duckdb.connect(":memory:", config={"threads": threads})
        # DuckDB draws a progress bar on the server's terminal for slow queries
        con.execute("SET enable_progress_bar=false")
        corpus._con = con
        corpus._create_views(con)
        return corpus

    @property
    def out_dir(self) -> str:
        return self.run.out_dir

    @property
    def shards(self) -> list[str]:
        return self.run.shards

    @property
    def skipped(self) -> list[str]:
        return self.run.skipped

    def _create_views(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.shards:
            # DDL cannot take bound parameters; the paths come from os.walk, not
            # from a request, and are quoted as SQL string literals.
            files = ", ".join(_sql_string(p) for p in self.shards)
            con.execute(
                f"CREATE VIEW raw AS SELECT * FROM read_parquet([{files}], union_by_name = true, "
                "filename = '_file', file_row_number = true)"
            )
            present = {row[0] for row in con.execute("DESCRIBE raw").fetchall()}
        else:
            con.execute(
                "CREATE VIEW raw AS SELECT NULL::VARCHAR AS _file, 0::BIGINT AS "
                "file_row_number WHERE false"
            )
            present = {"_file", "file_row_number"}
        # Shards from older or partial runs may lack columns: expose them as NULL
        # so every query below can rely on the full record schema.
        cols = []
        for f in ARROW_SCHEMA:
            if f.name in present:
                cols.append(f'"{f.name}"')
            else:
                cols.append(f'NULL::{_duck_type(f.type)} AS "{f.name}"')
        # Only stored columns here: a computed column (text length, host) would
        # make every query decode the whole text column.
        con.execute(
            "CREATE VIEW records AS SELECT "
            + ", ".join(cols)
            + ", _file, file_row_number AS _row FROM raw"
        )
        # Cluster membership is a corpus-wide fact; computed once, it keeps the
        # "in a duplicate cluster" filter a cheap semi-join.
        con.execute(
            "CREATE TABLE multi_clusters AS SELECT cluster_id, count(*) AS size FROM records "
            "WHERE cluster_id IS NOT NULL GROUP BY cluster_id HAVING count(*) > 1"
        )

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A per-request connection to the shared in-memory database."""
        assert self._con is not None, "corpus is closed"
        with self._lock:
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    # --- queries -------------------------------------------------------------

    def _ensure_lengths(self) -> None:
        # Text lengths need the whole text column decoded: done once, on the
        # first request that needs them (length sort, dashboard), then kept.
        with self._lock:
            if self._lengths_ready:
                return
            assert self._con is not None
            self._con.execute(
                "CREATE TABLE text_lengths AS SELECT _file, _row, "
                "coalesce(length(text), 0) AS _text_len FROM records"
            )
            self._lengths_ready = True

    def _count(self, cur: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> int:
        # Paging through one result asks for the same count again and again.
        key = (where, *params)
        cached = self._counts.get(key)
        if cached is not None:
            return cached
        return self._counts.put(key, _scalar(cur, f"SELECT count(*) FROM records{where}", params))

    def list_records(self, query: ListQuery) -> dict[str, Any]:
        where, params = query.where()
        sort = query.sort if query.sort in SORTS else "order"
        source = "records"
        if sort == "length":
            self._ensure_lengths()
            source = "records JOIN text_lengths USING (_file, _row)"
        direction = "DESC" if query.descending else "ASC"
        order = ", ".join(f"{part} {direction} NULLS LAST" for part in SORTS[sort])
        limit = max(1, min(query.limit, MAX_PAGE))
        offset = max(0, query.offset)
        with self.cursor() as cur:
            if query.q and query.search_text:
                cached = self._text_search_keys(cur, source, where, params, order)
                total, prefix = cached
                if offset + limit <= len(prefix) or len(prefix) >= total:
                    rows = self._fetch_rows(cur, prefix[offset : offset + limit])
                    return {"total": total, "offset": offset, "limit": limit, "records": rows}
            total = self._count(cur, where, params)
            # Two steps so that only the page's rows are read in full: first
            # the page's (shard, row) keys from the filter and sort columns,
            # then those rows, one shard and row range at a time (both prune
            # Parquet files and row groups).
            keys = cur.execute(
                f"SELECT _file, _row FROM {source}{where} ORDER BY {order}, _file, _row "
                "LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            rows = self._fetch_rows(cur, keys)
        return {"total": total, "offset": offset, "limit": limit, "records": rows}

    def _text_search_keys(
        self,
        cur: duckdb.DuckDBPyConnection,
        source: str,
        where: str,
        params: list[Any],
        order: str,
    ) -> tuple[int, list[tuple[str, int]]]:
        """Total and the first KEY_CACHE_MAX keys of a text search, from one scan.

        A search through the article text reads all of it; doing that once per
        search (not once for the count and again for every page) is what keeps
        paging through results usable on a large run.
        """
        key = (source, where, order, *params)
        cached = self._searches.get(key)
        if cached is not None:
            return cached
        rows = cur.execute(
            f"SELECT _file, _row, count(*) OVER () FROM {source}{where} "
            f"ORDER BY {order}, _file, _row LIMIT ?",
            [*params, KEY_CACHE_MAX],
        ).fetchall()
        result = (int(rows[0][2]) if rows else 0, [(f, int(r)) for f, r, _ in rows])
        self._counts.put((where, *params), result[0])
        return self._searches.put(key, result)

    def _fetch_rows(
        self, cur: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]
    ) -> list[dict[str, Any]]:
        if not keys:
            return []
        by_file: dict[str, list[int]] = {}
        for f, r in keys:
            by_file.setdefault(f, []).append(int(r))
        parts: list[str] = []
        params: list[Any] = []
        for f, rows in by_file.items():
            parts.append(
                f"SELECT {_LIST_COLUMNS} FROM records WHERE _file = ? "
                "AND _row BETWEEN ? AND ? AND list_contains(?, _row)"
            )
            params += [f, min(rows), max(rows), rows]
        fetched = _dicts(cur, " UNION ALL ".join(parts), params)
        found = {(d.pop("_file"), d.pop("_row")): d for d in fetched}
        return [found[(f, r)] for f, r in keys if (f, r) in found]

    def get_record(self, record_id: str) -> dict[str, Any] | None:
        with self.cursor() as cur:
            rows = _dicts(
                cur,
                "SELECT "
                + ", ".join(f'"{f.name}"' for f in ARROW_SCHEMA)
                + ", _file AS shard FROM records WHERE id = ? LIMIT 1",
                [record_id],
            )
            if not rows:
                return None
            record = rows[0]
            record["shard"] = os.path.relpath(record["shard"], self.out_dir)
            record["cluster"] = None
            if record.get("cluster_id") is not None:
                size = _scalar(
                    cur, "SELECT count(*) FROM records WHERE cluster_id = ?", [record["cluster_id"]]
                )
                members = _dicts(
                    cur,
                    "SELECT id, title, site_name, url, status, duplicate_of FROM records "
                    "WHERE cluster_id = ? AND id <> ? ORDER BY _file, _row LIMIT ?",
                    [record["cluster_id"], record_id, MAX_CLUSTER_MEMBERS],
                )
                record["cluster"] = {"size": size, "members": members}
        return record

    def info(self) -> dict[str, Any]:
        """The directory, its shard count and record count (from Parquet metadata)."""
        with self.cursor() as cur:
            n = _scalar(cur, "SELECT count(*) FROM records", [])
        return {
            "dir": self.out_dir,
            "shards": len(self.shards),
            "records": n,
            "skipped_files": self.skipped,
        }

    def facets(self) -> dict[str, Any]:
        """Values for the filter menus, with their record counts."""
        with self.cursor() as cur:

            def by(column: str) -> list[list[Any]]:
                # column comes from the fixed tuple below, never from a request
                return _pairs(
                    cur,
                    f"SELECT coalesce({column}, '{NONE}'), count(*) FROM records GROUP BY 1 "
                    "ORDER BY 2 DESC, 1",
                )

            facets = {
                "statuses": by("status"),
                "languages": by("language"),
                "page_types": by("page_type"),
                "access": by("access"),
                "reasons": _pairs(
                    cur,
                    # records having each reason, as the reason filter counts them
                    "SELECT reason, count(*) FROM (SELECT unnest(list_distinct(list_transform("
                    "removed, lambda r: r.reason))) AS reason FROM records) GROUP BY 1 "
                    "ORDER BY 2 DESC, 1",
                ),
            }
        return facets

    def stats(self, filters: Filters | None = None) -> dict[str, Any]:
        """Figures for the dashboard over the records ``filters`` select (computed
        once per filter: the output is read-only while served)."""
        filters = filters or Filters()
        cached = self._stats.get(filters)
        return cached if cached is not None else self._stats.put(filters, self._compute(filters))

    def _compute(self, filters: Filters) -> dict[str, Any]:
        self._ensure_lengths()
        where, where_params = filters.where()
        # Every figure is over ``r``, the selected records.
        prefix = f"WITH r AS (SELECT * FROM records{where}) "
        with self.cursor() as cur:

            def pairs(sql: str, params: Sequence[Any] = ()) -> list[list[Any]]:
                return _pairs(cur, prefix + sql, [*where_params, *params])

            def scalar(sql: str) -> int:
                return _scalar(cur, prefix + sql, where_params)

            ok_only = "WHERE status = 'ok' GROUP BY 1 ORDER BY 2 DESC, 1"
            out: dict[str, Any] = {
                "total": scalar("SELECT count(*) FROM r"),
                "shards": len(self.shards),
                "by_status": pairs(_BY_STATUS),
                "by_status_reason": pairs(
                    "SELECT status || ': ' || reason, count(*) FROM r WHERE reason IS NOT NULL "
                    "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                    [TOP_N],
                ),
                "removed_lines": pairs(
                    "SELECT x.reason, count(*) FROM (SELECT unnest(removed) AS x FROM r) "
                    "GROUP BY 1 ORDER BY 2 DESC, 1",
                ),
                "removed_chars": pairs(
                    "SELECT x.reason, sum(length(x.text)) FROM (SELECT unnest(removed) AS x "
                    "FROM r) GROUP BY 1 ORDER BY 2 DESC, 1",
                ),
                "languages": pairs(
                    f"SELECT coalesce(language, '{NONE}'), count(*) FROM r {ok_only} LIMIT ?",
                    [TOP_N],
                ),
                "page_types": pairs(
                    f"SELECT coalesce(page_type, '{NONE}'), count(*) FROM r "
                    "GROUP BY 1 ORDER BY 2 DESC, 1",
                ),
                "access": pairs(
                    f"SELECT coalesce(access, '{NONE}'), count(*) FROM r "
                    "GROUP BY 1 ORDER BY 2 DESC, 1",
                ),
                "top_sites": pairs(
                    f"SELECT coalesce(nullif(site_name, ''), nullif({_HOST}, ''), '(unknown)'), "
                    f"count(*) FROM r {ok_only} LIMIT ?",
                    [TOP_N],
                ),
                "paywalled": pairs(
                    "SELECT CASE WHEN coalesce(paywalled, false) THEN 'paywalled' "
                    "ELSE 'not paywalled' END, count(*) FROM r WHERE status = 'ok' "
                    "GROUP BY 1 ORDER BY 1 DESC",
                ),
                "cluster_sizes": [
                    [str(size), n]
                    for size, n in pairs(
                        "SELECT size, count(*) FROM (SELECT cluster_id, count(*) AS size FROM r "
                        "WHERE cluster_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) "
                        "GROUP BY 1 ORDER BY 1"
                    )
                ],
                "duplicates": scalar("SELECT count(*) FROM r WHERE duplicate_of IS NOT NULL"),
                "text_length": self._length_histogram(pairs),
                "filtered": where != "",
                "summary": self.summary(),
            }
        return out

    def _length_histogram(self, pairs: Any) -> list[list[Any]]:
        edges = list(LENGTH_EDGES)
        counts = dict(
            pairs(
                "SELECT list_position(?, list_last(list_filter(?, lambda e: e <= _text_len))), "
                "count(*) FROM r JOIN text_lengths USING (_file, _row) "
                "WHERE status = 'ok' GROUP BY 1",
                [edges, edges],
            )
        )
        out: list[list[Any]] = []
        for i, lo in enumerate(edges):
            hi = edges[i + 1] - 1 if i + 1 < len(edges) else None
            label = f"{lo}" if hi == lo else (f"{lo}–{hi}" if hi is not None else f"≥{lo}")
            out.append([label, counts.get(i + 1, 0)])
        # Empty bins at either end only squash the chart; interior gaps stay.
        while out and out[-1][1] == 0:
            out.pop()
        while out and out[0][1] == 0:
            out.pop(0)
        return out

    def summary(self) -> dict[str, Any] | None:
        """The run's summary.json, if it is there and readable."""
        return self.run.summary()


def _re2_literal(text: str) -> str:
    """An RE2 pattern matching ``text`` literally (\\Q...\\E, with \\E itself split)."""
    return "\\Q" + text.replace("\\E", "\\E\\\\E\\Q") + "\\E"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _scalar(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> int:
    row = cur.execute(sql, list(params)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _pairs(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[list[Any]]:
    return [[k, v] for k, v in cur.execute(sql, list(params)).fetchall()]


def _dicts(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    result = cur.execute(sql, list(params))
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
