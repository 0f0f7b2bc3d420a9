"""The frontier: every URL of a fetch, its state and its outcome, on disk (SQLite).

One file, ``frontier.sqlite`` in the output directory, is the only state a
fetch has: ``--resume`` (after Ctrl-C or kill -9) reads it and goes on. SQLite
in WAL mode because the frontier is many small transactional writes from one
to a few processes, which is what it is built for, and a process killed at any
point leaves the last committed transaction intact.

Exactly once: a worker writes WARC records first and commits the outcome of
the URL together with the new end of its WARC file afterwards
(``warc_files.committed_end``). On resume, every WARC file is cut back to its
committed end, so records of URLs whose outcome was never committed disappear
and those URLs, still pending, are fetched once more.

Order: URLs are handed out by ``(seq, id)`` where ``seq`` is the URL's rank
within its host, so a batch holds the first URLs of every host before the
second URL of any: per-host delays never starve the other hosts even when an
input lists one site after the other.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import xxhash

from newsclean.fetch.outcomes import NOT_FETCHED
from newsclean.fetch.urls import dedup_key, host_of
from newsclean.io.fetch_dir import FRONTIER_NAME

PENDING = 0
DONE = 2

# Discovery kinds (sites, feeds, sitemaps) are fetched before pages: phase 0.
KINDS = ("site", "feed", "sitemap", "page")
DISCOVERY_KINDS = ("site", "feed", "sitemap")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS hosts (
    host TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0,
    robots_status INTEGER, robots_txt TEXT, robots_error TEXT, robots_at REAL,
    next_allowed REAL
);
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    hh INTEGER NOT NULL,
    kind TEXT NOT NULL,
    phase INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    via TEXT,
    listed_date TEXT,
    state INTEGER NOT NULL DEFAULT 0,
    outcome TEXT, reason TEXT, http_status INTEGER, final_url TEXT, bytes INTEGER,
    fetched_at TEXT, warc_file TEXT, warc_offset INTEGER
);
CREATE INDEX IF NOT EXISTS urls_next ON urls (phase, state, seq, id);
CREATE TABLE IF NOT EXISTS aliases (key TEXT PRIMARY KEY, url_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
CREATE TABLE IF NOT EXISTS warc_files (name TEXT PRIMARY KEY, committed_end INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cdx (id INTEGER PRIMARY KEY, line TEXT NOT NULL);
"""


@dataclass(slots=True)
class Item:
    """A URL handed to a worker."""

    id: int
    url: str
    host: str
    kind: str
    via: str | None
    listed_date: str | None
    attempts: int = 0


@dataclass(slots=True)
class Outcome:
    """What became of one URL (a row of fetch-log.parquet)."""

    outcome: str
    reason: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    bytes: int | None = None
    fetched_at: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None


@dataclass(slots=True)
class NewUrl:
    url: str  # normalised
    kind: str
    via: str | None = None
    listed_date: str | None = None


def host_hash(host: str) -> int:
    return xxhash.xxh32_intdigest(host.encode("utf-8"))


def partition_of(host: str, partitions: int) -> int:
    return host_hash(host) % max(partitions, 1)


class Frontier:
    """One connection to the frontier database (one per process)."""

    def __init__(self, out_dir: str, *, create: bool = True) -> None:
        self.path = os.path.join(out_dir, FRONTIER_NAME)
        if not create and not os.path.exists(self.path):
            raise FileNotFoundError(self.path)
        self.db = sqlite3.connect(self.path, timeout=120, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL: a commit survives the process being killed (the WAL is in the
        # OS cache); only a power cut could lose the last transactions.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._host_n: dict[str, int] = {}
        self._in_tx = False

    # --- transactions ------------------------------------------------------------

    def begin(self) -> None:
        if not self._in_tx:
            self.db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self.db.execute("COMMIT")
            self._in_tx = False

    def close(self) -> None:
        self.commit()
        self.db.close()

    # --- meta --------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- adding URLs -------------------------------------------------------------

    def add(self, items: Iterable[NewUrl]) -> int:
        """Insert new URLs (duplicates and known aliases are ignored); returns how many."""
        rows: list[tuple[Any, ...]] = []
        for it in items:
            key = dedup_key(it.url)
            host = host_of(it.url)
            seq = self._next_seq(host)
            phase = 0 if it.kind in DISCOVERY_KINDS else 1
            rows.append(
                (key, it.url, host, host_hash(host), it.kind, phase, seq, it.via,
                 it.listed_date, key)
            )  # fmt: skip
        if not rows:
            return 0
        before = self.db.total_changes
        self.db.executemany(
            "INSERT OR IGNORE INTO urls (key, url, host, hh, kind, phase, seq, via, listed_date)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM aliases WHERE key = ?)",
            rows,
        )
        added = self.db.total_changes - before
        self._save_seqs()
        return added

    def add_done(self, url: str, kind: str, outcome: Outcome, via: str | None = None) -> None:
        """A URL that ends at once (invalid, filtered): one row with its outcome."""
        key = dedup_key(url) if outcome.outcome != "invalid_url" else "invalid:" + url
        host = host_of(url) if outcome.outcome != "invalid_url" else ""
        phase = 0 if kind in DISCOVERY_KINDS else 1
        self.db.execute(
            "INSERT OR IGNORE INTO urls (key, url, host, hh, kind, phase, seq, via, state,"
            " outcome, reason) VALUES (?, ?, ?, 0, ?, ?, 0, ?, ?, ?, ?)",
            (key, url, host, kind, phase, via, DONE, outcome.outcome, outcome.reason),
        )

    def _next_seq(self, host: str) -> int:
        n = self._host_n.get(host)
        if n is None:
            row = self.db.execute("SELECT n FROM hosts WHERE host=?", (host,)).fetchone()
            n = int(row[0]) if row else 0
        self._host_n[host] = n + 1
        return n

    def _save_seqs(self) -> None:
        self.db.executemany(
            "INSERT INTO hosts (host, n) VALUES (?, ?)"
            " ON CONFLICT(host) DO UPDATE SET n=excluded.n",
            list(self._host_n.items()),
        )
        if len(self._host_n) > 100_000:
            self._host_n.clear()  # bounded memory; the table has the counts

    def reset_seeds(self, urls: Sequence[str]) -> None:
        """Make discovery seeds given again pending, so that feeds are polled again."""
        keys = [(dedup_key(u),) for u in urls]
        self.db.executemany(
            "UPDATE urls SET state=0, outcome=NULL, reason=NULL WHERE key=? AND phase=0", keys
        )

    def lookup(self, url: str) -> int | None:
        key = dedup_key(url)
        row = self.db.execute("SELECT id FROM urls WHERE key=?", (key,)).fetchone()
        if row is None:
            row = self.db.execute("SELECT url_id FROM aliases WHERE key=?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def add_alias(self, url: str, url_id: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?)", (dedup_key(url), url_id))

    # --- handing out work --------------------------------------------------------

    def pending(
        self,
        phase: int,
        after: tuple[int, int],
        limit: int,
        partition: int = 0,
        partitions: int = 1,
    ) -> list[tuple[tuple[int, int], Item]]:
        """The next pending URLs of ``phase`` after the cursor ``after`` = (seq, id)."""
        sql = (
            "SELECT seq, id, url, host, kind, via, listed_date FROM urls"
            " WHERE phase=? AND state=0 AND (seq, id) > (?, ?)"
        )
        args: list[Any] = [phase, after[0], after[1]]
        if partitions > 1:
            sql += " AND hh % ? = ?"
            args += [partitions, partition]
        sql += " ORDER BY seq, id LIMIT ?"
        args.append(limit)
        out = []
        for seq, id_, url, host, kind, via, listed in self.db.execute(sql, args):
            out.append(((seq, id_), Item(id_, url, host, kind, via, listed)))
        return out

    def count_pending(self, phase: int | None = None) -> int:
        if phase is None:
            row = self.db.execute("SELECT count(*) FROM urls WHERE state=0").fetchone()
        else:
            row = self.db.execute(
                "SELECT count(*) FROM urls WHERE state=0 AND phase=?", (phase,)
            ).fetchone()
        return int(row[0])

    def count_fetched_pages(self) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM urls WHERE phase=1 AND state=2 AND outcome='fetched'"
        ).fetchone()
        return int(row[0])

    def finish(self, item_id: int, o: Outcome) -> None:
        self.db.execute(
            "UPDATE urls SET state=?, outcome=?, reason=?, http_status=?, final_url=?, bytes=?,"
            " fetched_at=?, warc_file=?, warc_offset=? WHERE id=?",
            (DONE, o.outcome, o.reason, o.http_status, o.final_url, o.bytes, o.fetched_at,
             o.warc_file, o.warc_offset, item_id),
        )  # fmt: skip

    # --- hosts: robots.txt and politeness carried between phases and runs ----------

    def host_robots(
        self, host: str, max_age: float
    ) -> tuple[int | None, str | None, str | None] | None:
        """robots.txt of ``host`` as read less than ``max_age`` seconds ago, if it was."""
        row = self.db.execute(
            "SELECT robots_status, robots_txt, robots_error FROM hosts WHERE host=?"
            " AND robots_at > ?",
            (host, time.time() - max_age),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def save_robots(self, host: str, status: int | None, text: str | None, err: str | None) -> None:
        self.db.execute(
            "INSERT INTO hosts (host, robots_status, robots_txt, robots_error, robots_at)"
            " VALUES (?,?,?,?,?) ON CONFLICT(host) DO UPDATE SET"
            " robots_status=excluded.robots_status, robots_txt=excluded.robots_txt,"
            " robots_error=excluded.robots_error, robots_at=excluded.robots_at",
            (host, status, text, err, time.time()),
        )

    def next_allowed(self, host: str) -> float:
        row = self.db.execute("SELECT next_allowed FROM hosts WHERE host=?", (host,)).fetchone()
        return float(row[0]) if row and row[0] is not None else 0.0

    def save_next_allowed(self, items: Iterable[tuple[str, float]]) -> None:
        self.db.executemany(
            "INSERT INTO hosts (host, next_allowed) VALUES (?, ?) ON CONFLICT(host)"
            " DO UPDATE SET next_allowed=max(coalesce(next_allowed, 0), excluded.next_allowed)",
            list(items),
        )

    # --- conditional requests ----------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT etag, last_modified FROM validators WHERE url=?", (url,)
        ).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self.db.execute(
                "INSERT OR REPLACE INTO validators VALUES (?, ?, ?)", (url, etag, last_modified)
            )

    # --- WARC files ----------------------------------------------------------------

    def register_warc(self, name: str, end: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO warc_files VALUES (?, ?)", (name, end))

    def warc_files(self) -> dict[str, int]:
        return {
            str(n): int(e) for n, e in self.db.execute("SELECT name, committed_end FROM warc_files")
        }

    def add_cdx(self, lines: Iterable[str]) -> None:
        self.db.executemany("INSERT INTO cdx (line) VALUES (?)", [(ln,) for ln in lines])

    def cdx_lines(self) -> Iterator[str]:
        for (line,) in self.db.execute("SELECT line FROM cdx ORDER BY line"):
            yield str(line)

    # --- the log -------------------------------------------------------------------

    def rows(
        self, *, pending_reason: str = "max_pages", batch: int = 50_000
    ) -> Iterator[list[tuple[Any, ...]]]:
        """Every URL with its outcome, in insertion order, in batches."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT id, url, final_url, CASE WHEN state=0 THEN ? ELSE outcome END,"
                " CASE WHEN state=0 THEN ? ELSE reason END, http_status, bytes,"
                " fetched_at, warc_file, warc_offset, kind, via, listed_date FROM urls"
                " WHERE id > ? ORDER BY id LIMIT ?",
                (NOT_FETCHED, pending_reason, last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [r[1:] for r in rows]

    def outcome_counts(self) -> dict[str, int]:
        return {
            str(o): int(n)
            for o, n in self.db.execute(
                "SELECT coalesce(outcome, ?), count(*) FROM urls GROUP BY 1 ORDER BY 2 DESC",
                (NOT_FETCHED,),
            )
        }


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
