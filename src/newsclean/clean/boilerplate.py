"""Boilerplate learned from the corpus: lines that recur across documents and sites.

Two passes (``newsclean run``) or a saved table (``learn-boilerplate`` then
``extract --boilerplate FILE``)::

    counter = BoilerplateCounter("run/boilerplate.duckdb")
    counter.add(site_of(article), article.text)          # pass 1, or from workers:
    write_lines_parquet(path, [(site, text), ...]); counter.add_parquet(path)
    table = counter.finalize()
    table.save("boilerplate.json")
    article = apply_boilerplate(article, table)            # pass 2

Each line is folded (case, digits, punctuation, whitespace) and hashed. For every
occurrence the counter keeps the site and a *context*: the hash of the two
longest other lines of the document. Copies of one article (syndication, the same
story on several pages) share their long paragraphs, so all their lines have the
same context; page furniture appears beside different articles, so its contexts
differ. Counting distinct contexts instead of documents makes a syndicated
article, or a sentence quoted in it, count once.

A line is boilerplate when either rule holds:

A. *site furniture*: in at least ``site_min_docs`` distinct contexts of one site,
   and in at least ``site_min_share`` of that site's documents (a cookie or
   newsletter notice is on most pages of its site; a quote reused in a few
   follow-up stories is not). Such a line is removed on that site only, unless
   it is furniture on ``min_sites`` sites or more (then everywhere): a headline
   in one site's "related" box stays in the syndicated article on other sites;
B. *cross-site furniture*: on at least ``min_sites`` sites, in at least
   ``min_docs`` distinct contexts, and never sentence-shaped (at most 3 words, or
   no terminal punctuation and at most 15 words: "Share this article",
   "Advertisement", "Read more"). Sentence-shaped lines are never removed on
   cross-site evidence alone, because a quoted sentence can legitimately appear in
   many different articles on many sites.

Limits: with one page per site, a sentence-shaped notice (a cookie sentence)
cannot be told from a widely quoted sentence by counts; the per-document line
classifier handles those. Documents without a known site count as a site of
their own (so rule B still works on plain-text corpora).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from newsclean.clean._linekeys import line_rows
from newsclean.record import EMPTY, OK, Article, Removed

REASON: Final = "repeated_boilerplate"
_DOC_MARK: Final = 0  # key of the one per-document row that counts a site's documents

_DIGITS = re.compile(r"\d+")
_NONWORD = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
# terminal punctuation, optionally followed by closing quotes or brackets
_TERMINAL = re.compile(r"[.!?…。！？؟][\"'”’»)\]]*$")

LINES_SCHEMA = pa.schema(
    [
        pa.field("site", pa.string(), nullable=False),
        pa.field("key", pa.int64(), nullable=False),
        pa.field("ctx", pa.int64(), nullable=False),
        pa.field("sentence", pa.bool_(), nullable=False),
    ]
)
"""Rows of the per-worker Parquet parts that ``BoilerplateCounter.add_parquet`` reads."""


def normalize_line(line: str) -> str:
    """Fold case, digits (runs -> 0), punctuation and whitespace.

    This, ``line_key`` and ``is_sentence`` are the definitions; whole texts go
    through their compiled twin (``_linekeys.c``: the same keys to the bit, a
    tenth of the time), which ``line_keys`` and ``document_rows`` call."""
    s = _DIGITS.sub("0", line.casefold())
    return _NONWORD.sub(" ", s).strip()


def line_key(line: str) -> int | None:
    """Signed 64-bit hash of the normalised line; None when nothing is left."""
    norm = normalize_line(line)
    if not norm:
        return None
    key = xxhash.xxh64_intdigest(norm.encode()) - (1 << 63)
    return key if key != _DOC_MARK else 1


def _line_rows(text: str) -> tuple[list[int | None], list[int], list[bool]]:
    """Per line of ``text``: its key, its fold's length and its sentence shape
    (the compiled twin of ``line_key``, ``normalize_line`` and ``is_sentence``)."""
    return line_rows(text, text.casefold())


def line_keys(text: str) -> list[int | None]:
    """One key per line of ``text`` (None for lines with no word characters)."""
    return _line_rows(text)[0]


def is_sentence(line: str) -> bool:
    """Sentence-shaped: 4+ words ending in terminal punctuation, or 16+ words."""
    n = len(_WORD.findall(line))
    if n <= 3:
        return False
    return bool(_TERMINAL.search(line.strip())) or n > 15


def site_of(url: str | None, site_name: str | None = None) -> str | None:
    """The site a document belongs to: URL host without www., else its site name."""
    if url:
        try:
            host = urlsplit(url.strip()).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    return site_name.strip().casefold() if site_name and site_name.strip() else None


def document_rows(site: str | None, text: str) -> list[tuple[str, int, int, bool]]:
    """(site, key, context, sentence-shaped) per distinct line, plus the document row.

    This is the worker-side function: plain, picklable output.
    """
    lines: dict[int, tuple[int, bool]] = {}  # key -> (normalised length, sentence)
    for key, length, sentence in zip(*_line_rows(text), strict=True):
        if key is not None and key not in lines:
            lines[key] = (length, sentence)
    longest = sorted(lines, key=lambda k: (-lines[k][0], k))[:3]
    doc_fp = xxhash.xxh64_intdigest(orjson.dumps(sorted(lines))) - (1 << 63)
    if site is None:
        site = f"?{doc_fp:x}"  # unknown site: a site of its own
    rows = [(site, _DOC_MARK, doc_fp, False)]
    for key, (_, sentence) in lines.items():
        others = [k for k in longest if k != key][:2]
        ctx = xxhash.xxh64_intdigest(orjson.dumps(others)) - (1 << 63)
        rows.append((site, key, ctx, sentence))
    return rows


def lines_table(rows: Iterable[tuple[str, int, int, bool]]) -> pa.Table:
    sites, keys, ctxs, sents = [], [], [], []
    for s, k, c, b in rows:
        sites.append(s)
        keys.append(k)
        ctxs.append(c)
        sents.append(b)
    return pa.table(
        {"site": sites, "key": keys, "ctx": ctxs, "sentence": sents}, schema=LINES_SCHEMA
    )


def write_lines_parquet(path: str, docs: Iterable[tuple[str | None, str]]) -> None:
    """Write one worker's (site, text) documents as a part for ``add_parquet``."""
    rows = [r for site, text in docs for r in document_rows(site, text)]
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    tmp = f"{path}.tmp"
    pq.write_table(lines_table(rows), tmp)
    os.replace(tmp, path)


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    """Thresholds of rules A and B (module docstring)."""

    site_min_docs: int = 4
    site_min_share: float = 0.2
    min_sites: int = 5
    min_docs: int = 10


@dataclass(slots=True)
class BoilerplateTable:
    """The learned keys (normalised line hashes) with the evidence for each.

    ``keys`` apply on every site; ``site_keys`` only on the site where the line
    is furniture (rule A on fewer than ``min_sites`` sites), so that a line which
    is a related-link title on one site but article text elsewhere stays there.
    """

    keys: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    """key -> (rule "site"/"cross_site", number of sites, number of contexts)."""
    site_keys: dict[str, set[int]] = field(default_factory=dict)
    rules: BoilerplateRules = BoilerplateRules()

    def __len__(self) -> int:
        return len(self.keys) + sum(len(v) for v in self.site_keys.values())

    def has_key(self, key: int | None, site: str | None = None) -> bool:
        if key is None:
            return False
        if key in self.keys:
            return True
        return site is not None and key in self.site_keys.get(site, ())

    def is_boilerplate(self, line: str, site: str | None = None) -> bool:
        """Whether ``line`` is boilerplate (on ``site``, when given, see ``site_of``)."""
        return self.has_key(line_key(line), site)

    def save(self, path: str) -> None:
        data = {
            "format": "newsclean-boilerplate",
            "version": 1,
            "rules": dataclasses.asdict(self.rules),
            "keys": [[k, *v] for k, v in sorted(self.keys.items())],
            "site_keys": {s: sorted(v) for s, v in sorted(self.site_keys.items())},
        }
        tmp = f"{path}.tmp"
        with open(tmp, "wb") as f:
            f.write(orjson.dumps(data))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str) -> BoilerplateTable:
        with open(path, "rb") as f:
            data = orjson.loads(f.read())
        if data.get("format") != "newsclean-boilerplate":
            raise ValueError(f"{path}: not a newsclean boilerplate table")
        return cls(
            keys={int(k): (str(r), int(s), int(d)) for k, r, s, d in data["keys"]},
            site_keys={str(s): {int(k) for k in v} for s, v in data.get("site_keys", {}).items()},
            rules=BoilerplateRules(**data.get("rules", {})),
        )


class BoilerplateCounter:
    """Line occurrence counts on disk (DuckDB); parts from many workers merge by adding."""

    def __init__(self, db_path: str | None = None, memory_limit: str = "1GB") -> None:
        self.con = duckdb.connect(db_path or ":memory:")
        self.con.execute(f"SET memory_limit='{memory_limit}'")
        self.con.execute("SET preserve_insertion_order=false")
        # DuckDB draws a progress bar on stdout for queries over 2 s: never in a tool.
        self.con.execute("SET enable_progress_bar=false")
        if db_path:
            self.con.execute(f"SET temp_directory='{db_path}.tmp'")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS occ "
            "(site VARCHAR, key BIGINT, ctx BIGINT, sentence BOOLEAN)"
        )
        self._buf: list[tuple[str, int, int, bool]] = []

    def add(self, site: str | None, text: str) -> None:
        """Count the lines of one document (``site`` from ``site_of``; None if unknown)."""
        self._buf.extend(document_rows(site, text))
        if len(self._buf) >= 200_000:
            self.flush()

    def add_rows(self, rows: Sequence[tuple[str, int, int, bool]]) -> None:
        """Add rows computed by ``document_rows`` in a worker."""
        self._buf.extend(rows)
        if len(self._buf) >= 200_000:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            part = lines_table(self._buf)  # noqa: F841  (read by DuckDB's replacement scan)
            self.con.execute("INSERT INTO occ SELECT * FROM part")
            self._buf = []

    def add_parquet(self, path: str) -> None:
        self.flush()
        self.con.execute(
            "INSERT INTO occ SELECT site, key, ctx, sentence FROM read_parquet(?)", [path]
        )

    def finalize(self, rules: BoilerplateRules | None = None) -> BoilerplateTable:
        rules = rules or BoilerplateRules()
        self.flush()
        args = dataclasses.asdict(rules)
        self.con.execute(
            """
            CREATE OR REPLACE TEMP TABLE rule_a AS
            WITH site_tot AS (
                SELECT site, count(*) AS n FROM occ WHERE key = 0 GROUP BY site),
            per_site AS (
                SELECT key, site, count(DISTINCT ctx) AS nctx FROM occ WHERE key <> 0
                GROUP BY key, site)
            SELECT p.key, p.site FROM per_site p JOIN site_tot t USING (site)
            WHERE p.nctx >= $site_min_docs AND p.nctx >= $site_min_share * t.n
            """,
            {k: args[k] for k in ("site_min_docs", "site_min_share")},
        )
        rows = self.con.execute(
            """
            WITH a AS (SELECT key, count(*) AS nsites FROM rule_a GROUP BY key),
            tot AS (
                SELECT key, count(DISTINCT site) AS ns, count(DISTINCT ctx) AS nc,
                       bool_or(sentence) AS sent
                FROM occ WHERE key <> 0 GROUP BY key)
            SELECT g.key, CASE WHEN a.nsites >= $min_sites THEN 'site' ELSE 'cross_site' END,
                   g.ns, g.nc
            FROM tot g LEFT JOIN a USING (key)
            WHERE a.nsites >= $min_sites
               OR (g.ns >= $min_sites AND g.nc >= $min_docs AND NOT g.sent)
            """,
            {k: args[k] for k in ("min_sites", "min_docs")},
        ).fetchall()
        keys = {int(k): (r, int(s), int(c)) for k, r, s, c in rows}
        site_keys: dict[str, set[int]] = {}
        for key, site in self.con.execute("SELECT key, site FROM rule_a").fetchall():
            if int(key) not in keys:
                site_keys.setdefault(site, set()).add(int(key))
        self.con.execute("DROP TABLE rule_a")
        return BoilerplateTable(keys, site_keys, rules)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> BoilerplateCounter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def apply_boilerplate(
    article: Article, table: BoilerplateTable, site: str | None = None
) -> Article:
    """Move the table's lines from ``text`` to ``removed`` (reason ``repeated_boilerplate``).

    ``site`` defaults to ``site_of(article.url, article.site_name)``. Paragraph
    structure of the kept text is preserved; an article left without text gets
    status ``empty`` / ``no_article_text``.
    """
    if not len(table) or article.status != OK or not article.text:
        return article
    if site is None:
        site = site_of(article.url, article.site_name)
    kept: list[str] = []
    removed: list[Removed] = []
    for line, key in zip(article.text.split("\n"), line_keys(article.text), strict=True):
        if table.has_key(key, site):
            removed.append(Removed(line.strip(), REASON))
        else:
            kept.append(line)
    if not removed:
        return article
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    out = dataclasses.replace(article, text=text, removed=[*article.removed, *removed])
    if not text:
        out.status, out.reason = EMPTY, "no_article_text"
    return out
