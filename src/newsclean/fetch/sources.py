"""Where URLs come from: URL lists, RSS/Atom/JSON feeds, XML and text sitemaps, site discovery.

Parsers take bytes (already fetched, already bounded) and never raise on bad
input: a document that is not what it claims gives a :class:`Listing` with
``error`` set, which becomes the ``malformed`` outcome of that feed or sitemap.
The kind of a fetched listing is decided by its bytes (a URL given with
``--feed`` that turns out to be a sitemap is read as a sitemap).
"""

from __future__ import annotations

import calendar
import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser
import orjson
import pyarrow.parquet as pq
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from newsclean.fetch.urls import normalize

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "text/xml",
        "application/xml",
    }
)


@dataclass(slots=True)
class Link:
    url: str  # as written (normalised by the caller)
    kind: str  # page, feed or sitemap
    date: str | None = None


@dataclass(slots=True)
class Listing:
    """What a feed, sitemap or home page pointed to."""

    kind: str  # feed, sitemap, sitemapindex, html, unknown
    links: list[Link] = field(default_factory=list)
    error: str | None = None


# --- URL lists ----------------------------------------------------------------


def read_url_file(path: str, column: str | None = None) -> Iterator[str]:
    """Raw URL strings of a file: one per line, or a CSV/TSV/Parquet column.

    Lines starting with ``#`` and blank lines are skipped; anything else is
    yielded as it is (garbage included, so that it gets its invalid_url row).
    Raises ValueError for a column that does not exist.
    """
    name = path.lower()
    if name.endswith(".parquet"):
        yield from _parquet_column(path, column)
        return
    opener = gzip.open if name.endswith(".gz") else open
    base = name[:-3] if name.endswith(".gz") else name
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
        if base.endswith((".csv", ".tsv")):
            yield from _csv_column(fh, column, "\t" if base.endswith(".tsv") else ",")
            return
        if column is not None:
            raise ValueError(f"--url-column needs a CSV, TSV or Parquet file, not {path}")
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def _csv_column(fh: io.TextIOBase, column: str | None, delimiter: str) -> Iterator[str]:
    reader = csv.reader(fh, delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip() for h in header]
    if column is not None:
        if column not in names:
            raise ValueError(f"no column {column!r} in the file (columns: {', '.join(names)})")
        idx = names.index(column)
    elif "url" in [n.lower() for n in names]:
        idx = [n.lower() for n in names].index("url")
    else:
        idx = 0
        if normalize(names[0]) is not None:
            yield names[0]  # no header line: the first row is data
    for row in reader:
        if idx < len(row) and row[idx].strip():
            yield row[idx].strip()


def _parquet_column(path: str, column: str | None) -> Iterator[str]:
    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    if column is None:
        lowered = [n.lower() for n in names]
        if "url" not in lowered:
            raise ValueError(
                f"no 'url' column in {path}; name one with --url-column (columns: "
                f"{', '.join(names)})"
            )
        column = names[lowered.index("url")]
    elif column not in names:
        raise ValueError(f"no column {column!r} in {path} (columns: {', '.join(names)})")
    for batch in pf.iter_batches(columns=[column], batch_size=65_536):
        for value in batch.column(0).to_pylist():
            if isinstance(value, str) and value.strip():
                yield value.strip()


# --- fetched listings ----------------------------------------------------------


def gunzip_bounded(data: bytes, limit: int) -> bytes | None:
    """Inflate a gzip file (a ``sitemap.xml.gz``) up to ``limit`` bytes; None past it."""
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error:
        return None
    return None if len(out) > limit else out


def parse_listing(body: bytes, url: str, *, limit: int) -> Listing:
    """Read a fetched feed, sitemap, sitemap index or text sitemap."""
    if body[:2] == b"\x1f\x8b":
        inflated = gunzip_bounded(body, limit)
        if inflated is None:
            return Listing("unknown", error="gzip data that does not inflate within the limit")
        body = inflated
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return Listing("unknown", error="empty document")
    if head.startswith((b"{", b"[")):
        return _json_feed(body)
    if b"<urlset" in body[:4096].lower() or b"<sitemapindex" in body[:4096].lower():
        return _xml_sitemap(body)
    if head.startswith(b"<"):
        return _feed(body)
    return _text_sitemap(body)


def _json_feed(body: bytes) -> Listing:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return Listing("feed", error=f"JSON feed that does not parse: {exc}")
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return Listing("feed", error="JSON without an 'items' list (not a JSON Feed)")
    links = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if isinstance(link, str):
            date = item.get("date_published") or item.get("date_modified")
            links.append(Link(link, "page", iso_date(date) if isinstance(date, str) else None))
    return Listing("feed", links)


def _feed(body: bytes) -> Listing:
    parsed = feedparser.parse(body, resolve_relative_uris=False, sanitize_html=False)
    links: list[Link] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime.fromtimestamp(calendar.timegm(stamp), UTC).isoformat() if stamp else None
        links.append(Link(link, "page", date))
    if not links:
        why = str(parsed.get("bozo_exception") or "no entries with a link")
        return Listing("feed", error=f"feed with no links ({why[:200]})")
    return Listing("feed", links)


def _xml_sitemap(body: bytes) -> Listing:
    links: list[Link] = []
    kind = "sitemap"
    error: str | None = None
    try:
        for _event, el in etree.iterparse(
            io.BytesIO(body),
            events=("end",),
            recover=True,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        ):
            tag = _local(el.tag)
            if tag in ("url", "sitemap"):
                loc = date = None
                news_date = None
                for child in el.iter():
                    name = _local(child.tag)
                    text = (child.text or "").strip()
                    if name == "loc" and loc is None:
                        loc = text
                    elif name == "lastmod":
                        date = text
                    elif name == "publication_date":
                        news_date = text
                if tag == "sitemap":
                    kind = "sitemapindex"
                if loc:
                    when = iso_date(news_date or date)
                    links.append(Link(loc, "sitemap" if tag == "sitemap" else "page", when))
                el.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        error = f"XML that does not parse: {exc}"
    if not links:
        return Listing(kind, error=error or "sitemap with no <loc> entries")
    return Listing(kind, links)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def _text_sitemap(body: bytes) -> Listing:
    lines = body.decode("utf-8", "replace").splitlines()
    links = [Link(ln.strip(), "page") for ln in lines if ln.strip()]
    if not links or sum(normalize(lk.url) is not None for lk in links) < len(links) / 2:
        return Listing("unknown", error="neither XML, JSON nor a list of URLs")
    return Listing("sitemap", links)


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 date or timestamp as the listing gave it, checked; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if len(value) == 10:
        return dt.date().isoformat()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat()


# --- discovery -------------------------------------------------------------------


def feed_links(html: bytes, base_url: str) -> list[Link]:
    """Feeds a page declares with ``<link rel="alternate" type="application/rss+xml" ...>``."""
    tree = LexborHTMLParser(html.decode("utf-8", "replace"))
    out: list[Link] = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        typ = (node.attributes.get("type") or "").lower().split(";")[0].strip()
        href = node.attributes.get("href") or ""
        if "alternate" in rel and typ in FEED_TYPES - {"text/xml", "application/xml"} and href:
            full = normalize(href, base=base_url)
            if full:
                out.append(Link(full, "feed"))
    return out


def in_window(date: str | None, since: str | None, until: str | None) -> bool:
    """Inside ``[since, until]`` (dates, inclusive); undated URLs always are."""
    if date is None:
        return True
    day = date[:10]
    if since is not None and day < since:
        return False
    return not (until is not None and day > until)
