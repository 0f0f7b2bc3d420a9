"""``summary.json`` of a run, computed by DuckDB over the final shards, and the
one-screen table printed at the end."""

from __future__ import annotations

import os
from typing import Any

import duckdb

from newsclean.pipeline.layout import META_DIR, SUMMARY_FILE

SUMMARY_NAME = os.path.join(META_DIR, SUMMARY_FILE)


def _pairs(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in con.execute(sql).fetchall()}


def corpus_counts(parts_glob: str) -> dict[str, Any]:
    """Counts over every record of the run (streamed by DuckDB, not loaded)."""
    # No progress bar: DuckDB draws one on stdout for queries over 2 s.
    con = duckdb.connect()
    con.execute("SET enable_progress_bar=false")
    try:
        con.execute(f"CREATE VIEW r AS SELECT * FROM read_parquet('{parts_glob}')")
        total = con.execute("SELECT count(*) FROM r").fetchall()[0][0]
        counts: dict[str, Any] = {
            "documents": int(total),
            "status": _pairs(con, "SELECT status, count(*) FROM r GROUP BY 1 ORDER BY 2 DESC"),
            "reason": _pairs(
                con,
                "SELECT reason, count(*) FROM r WHERE reason IS NOT NULL "
                "GROUP BY 1 ORDER BY 2 DESC",
            ),
            "removed_reason": _pairs(
                con,
                "SELECT x.reason, count(*) FROM (SELECT unnest(removed) AS x FROM r) "
                "GROUP BY 1 ORDER BY 2 DESC",
            ),
            "language": _pairs(
                con,
                "SELECT coalesce(language, 'unknown'), count(*) FROM r WHERE status = 'ok' "
                "GROUP BY 1 ORDER BY 2 DESC",
            ),
            # an ok record without a page type is a text input's (the contract:
            # null for text inputs): "text", not an unknown type
            "page_type": _pairs(
                con,
                "SELECT coalesce(page_type, 'text'), count(*) FROM r WHERE status = 'ok' "
                "GROUP BY 1 ORDER BY 2 DESC",
            ),
        }
        row = con.execute(
            "SELECT count(*) FILTER (WHERE paywalled), "
            "count(*) FILTER (WHERE duplicate_of IS NOT NULL), "
            "count(DISTINCT cluster_id), count(*) FILTER (WHERE cluster_id IS NOT NULL) FROM r"
        ).fetchall()[0]
        counts["paywalled"] = int(row[0])
        counts["duplicates"] = int(row[1])
        counts["clusters"] = int(row[2])
        counts["clustered_documents"] = int(row[3])
        return counts
    finally:
        con.close()


def empty_counts() -> dict[str, Any]:
    return {"documents": 0, "status": {}, "reason": {}, "removed_reason": {}, "language": {},
            "page_type": {}, "paywalled": 0, "duplicates": 0, "clusters": 0,
            "clustered_documents": 0}  # fmt: skip


def _bar(n: int, total: int, width: int = 24) -> str:
    return "#" * (round(width * n / total) if total else 0)


def format_table(summary: dict[str, Any]) -> str:
    """The short human summary printed after ``newsclean run``."""
    total = int(summary.get("documents", 0))
    lines = [
        f"newsclean run: {total} documents in {summary.get('wall_seconds', 0):.1f}s "
        f"({summary.get('documents_per_second', 0):.1f} docs/s, "
        f"{summary.get('workers', '?')} workers, engine {summary.get('engine', '?')})",
        f"output: {summary.get('out_dir', '')}  ({summary.get('shards', 0)} shards)",
        "",
        f"{'status':<10}{'count':>9}{'share':>8}",
    ]
    for k, v in summary.get("status", {}).items():
        share = 100.0 * v / total if total else 0.0
        lines.append(f"{k:<10}{v:>9}{share:>7.1f}%  {_bar(v, total)}")
    reasons = list(summary.get("reason", {}).items())[:6]
    if reasons:
        lines.append("reasons:   " + ", ".join(f"{k} {v}" for k, v in reasons))
    removed = list(summary.get("removed_reason", {}).items())[:6]
    if removed:
        lines.append("removed:   " + ", ".join(f"{k} {v}" for k, v in removed))
    langs = list(summary.get("language", {}).items())[:8]
    if langs:
        lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in langs))
    types = list(summary.get("page_type", {}).items())[:8]
    if types:
        lines.append("pages:     " + ", ".join(f"{k} {v}" for k, v in types))
    dedup = "off" if not summary.get("dedup") else (
        f"{summary.get('duplicates', 0)} duplicates in {summary.get('clusters', 0)} clusters"
    )  # fmt: skip
    lines.append(f"paywalled: {summary.get('paywalled', 0)}   dedup: {dedup}")
    steps = summary.get("stage_cpu_seconds") or {}
    spent = sorted(((v, k) for k, v in steps.items() if k != "cpu" and v >= 0.05), reverse=True)
    if spent:
        # where the workers' CPU went: what to look at when a run is slow
        lines.append("cpu:       " + ", ".join(f"{k} {v:.1f}s" for v, k in spent[:5])
                     + f" (workers in all {steps.get('cpu', 0.0):.1f}s)")
    failed = summary.get("failed_units") or []
    if failed:
        lines.append(f"units that failed: {len(failed)} (see summary.json)")
    lines.append(f"details: {os.path.join(summary.get('out_dir', '.'), SUMMARY_NAME)}")
    if summary.get("work_dir"):
        lines.append(f"work files kept in {summary['work_dir']} (delete it when done)")
    return "\n".join(lines)
