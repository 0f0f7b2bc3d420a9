"""``newsclean fetch``: arguments, checks and printing; the work is in run.py."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from datetime import date
from types import MethodType
from typing import Any, NoReturn

from newsclean.argtypes import nonneg_float as _nonneg_float
from newsclean.argtypes import nonneg_int as _nonneg_int
from newsclean.argtypes import positive_float as _positive_float
from newsclean.argtypes import positive_int as _positive_int
from newsclean.argtypes import size as _size
from newsclean.fetch.config import DEFAULT_USER_AGENT, FetchConfig
from newsclean.io.fetch_dir import FRONTIER_NAME, LOG_NAME

USAGE_ERROR = 2
INTERRUPTED = 130

EXAMPLES = """\
examples:
  newsclean fetch https://example.org/news/a.html https://example.org/news/b.html --out crawl
  newsclean fetch --urls urls.txt --out crawl --per-host-delay 2
  newsclean fetch --urls links.csv --url-column link --out crawl
  newsclean fetch --feed https://example.org/rss.xml --same-host --out crawl
  newsclean fetch --sitemap https://example.org/news-sitemap.xml --since 2024-05-01 --out crawl
  newsclean fetch --discover example.org --max-pages 500 --out crawl
  newsclean fetch --out crawl --resume           # after Ctrl-C or a crash
  newsclean run crawl --out corpus               # then build the corpus from the WARCs

DIR receives WARC/1.1 files (*.warc.gz), their CDXJ index (index.cdxj), fetch-log.parquet
(one row per URL with its outcome) and the frontier (frontier.sqlite). docs/FETCH.md
lists the outcomes and the politeness defaults.
"""


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"not a regular expression: {value!r} ({exc})") from None
    return value


def _resolve(value: str) -> tuple[str, str]:
    host, sep, addr = value.rpartition(":") if value.count(":") == 1 else value.partition("=")
    if not sep or not host or not addr:
        raise argparse.ArgumentTypeError(f"use HOST:ADDRESS (or HOST=ADDRESS for IPv6): {value!r}")
    return host, addr


def _one_line_error(self: argparse.ArgumentParser, message: str) -> NoReturn:
    print(f"newsclean fetch: error: {message} (see newsclean fetch --help)", file=sys.stderr)
    sys.exit(USAGE_ERROR)


def add_parser(subparsers: Any) -> None:
    """Add the ``fetch`` subcommand to the ``newsclean`` parser."""
    p = subparsers.add_parser(
        "fetch",
        help="fetch URLs, feeds and sitemaps politely into WARC files",
        description="Fetch pages politely (robots.txt, per-host delay) into WARC/1.1 files "
        "that `newsclean run DIR` reads; resumable after Ctrl-C or a crash.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.error = MethodType(_one_line_error, p)
    src = p.add_argument_group("what to fetch")
    src.add_argument("urls", nargs="*", metavar="URL", help="page URLs")
    src.add_argument(
        "--urls", dest="url_file", metavar="FILE",
        help="URL list: one per line (.txt, .gz), or a column of a .csv/.tsv/.parquet file",
    )  # fmt: skip
    src.add_argument(
        "--url-column", metavar="NAME", help="column of --urls CSV/Parquet (default: url)"
    )
    src.add_argument(
        "--feed", nargs="+", action="extend", default=[], metavar="URL",
        help="RSS, Atom or JSON feeds: their items are fetched (e.g. --feed https://x.org/rss)",
    )  # fmt: skip
    src.add_argument(
        "--sitemap", nargs="+", action="extend", default=[], metavar="URL",
        help="XML sitemaps, sitemap indexes, news sitemaps, .xml.gz or text sitemaps",
    )  # fmt: skip
    src.add_argument(
        "--discover", nargs="+", action="extend", default=[], metavar="SITE",
        help="find a site's sitemaps (robots.txt) and feeds (<link rel=alternate>), e.g. "
        "--discover example.org",
    )  # fmt: skip
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument(
        "--resume", action="store_true",
        help="continue the fetch in DIR after Ctrl-C or a crash (no URL is fetched twice)",
    )  # fmt: skip
    flt = p.add_argument_group("filters")
    flt.add_argument("--max-pages", type=_positive_int, metavar="N", help="stop after N pages")
    flt.add_argument(
        "--same-host", action="store_true",
        help="keep only the feed/sitemap links on the feed's or sitemap's own host",
    )  # fmt: skip
    flt.add_argument(
        "--include", action="append", type=_regex, default=[], metavar="REGEX",
        help="fetch only URLs matching one of these patterns (e.g. --include '/news/')",
    )  # fmt: skip
    flt.add_argument(
        "--exclude", action="append", type=_regex, default=[], metavar="REGEX",
        help="skip URLs matching a pattern (e.g. --exclude '/tag/|/video/')",
    )  # fmt: skip
    flt.add_argument(
        "--since", type=_day, metavar="DATE",
        help="keep feed/sitemap links dated on or after DATE (YYYY-MM-DD); undated ones stay",
    )  # fmt: skip
    flt.add_argument("--until", type=_day, metavar="DATE", help="... dated on or before DATE")
    pol = p.add_argument_group("politeness")
    pol.add_argument(
        "--user-agent", default=DEFAULT_USER_AGENT, metavar="UA",
        help="User-Agent header; robots.txt groups are matched on its first word "
        "(default: %(default)s)",
    )  # fmt: skip
    pol.add_argument(
        "--per-host-delay", type=_nonneg_float, default=1.0, metavar="SECONDS",
        help="minimum time between two requests to one host; a larger robots.txt "
        "Crawl-delay wins (default 1)",
    )  # fmt: skip
    pol.add_argument(
        "--per-host-concurrency", type=_positive_int, default=1, metavar="N",
        help="requests in flight per host (default 1)",
    )  # fmt: skip
    pol.add_argument(
        "--max-crawl-delay", type=_nonneg_float, default=60.0, metavar="SECONDS",
        help="cap on a robots.txt Crawl-delay (default 60)",
    )  # fmt: skip
    pol.add_argument(
        "--ignore-robots", action="store_true",
        help="do not read robots.txt (only for your own sites)",
    )  # fmt: skip
    lim = p.add_argument_group("limits")
    lim.add_argument(
        "--concurrency", type=_positive_int, default=64, metavar="N",
        help="requests in flight over all hosts, per worker (default 64)",
    )  # fmt: skip
    lim.add_argument(
        "--timeout", type=_positive_float, default=60.0, metavar="SECONDS",
        help="whole-request time limit (default 60)",
    )  # fmt: skip
    lim.add_argument(
        "--read-timeout", type=_positive_float, default=20.0, metavar="SECONDS",
        help="longest wait for the next bytes of a response (default 20)",
    )  # fmt: skip
    lim.add_argument(
        "--connect-timeout", type=_positive_float, default=10.0, metavar="SECONDS",
        help="connection time limit (default 10)",
    )  # fmt: skip
    lim.add_argument(
        "--max-body-bytes", type=_size, default=20 * 1024**2, metavar="SIZE",
        help="larger pages, as sent or decompressed, end as too_large (default 20M)",
    )  # fmt: skip
    lim.add_argument(
        "--max-redirects", type=_nonneg_int, default=5, metavar="N",
        help="redirects followed per URL (default 5)",
    )  # fmt: skip
    lim.add_argument(
        "--retries", type=_nonneg_int, default=3, metavar="N",
        help="extra attempts after 429/5xx, with Retry-After or exponential backoff (default 3)",
    )  # fmt: skip
    lim.add_argument(
        "--max-retry-after", type=_nonneg_float, default=600.0, metavar="SECONDS",
        help="a longer Retry-After ends the URL as http_error (default 600)",
    )  # fmt: skip
    out = p.add_argument_group("output")
    out.add_argument(
        "--warc-max-size", type=_size, default=1024**3, metavar="SIZE",
        help="start a new WARC file past this size (default 1G)",
    )  # fmt: skip
    out.add_argument(
        "--warc-prefix", default="newsclean", metavar="NAME",
        help="WARC file names: NAME-TIMESTAMP-WORKER-SERIAL.warc.gz (default newsclean)",
    )  # fmt: skip
    out.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="progress bar (default: only on a terminal)",
    )  # fmt: skip
    sc = p.add_argument_group("scale")
    sc.add_argument(
        "--workers", type=_positive_int, default=1, metavar="N",
        help="processes (local) or Ray tasks (ray) fetching pages, each owning a share of the "
        "hosts (default 1)",
    )  # fmt: skip
    sc.add_argument("--engine", choices=("local", "ray"), default="local")
    sc.add_argument(
        "--ray-address", metavar="ADDR", help="Ray cluster to join (default: a local one)"
    )
    sc.add_argument(
        "--resolve", action="append", type=_resolve, default=[], metavar="HOST:ADDRESS",
        help="use ADDRESS for HOST instead of DNS, like curl --resolve",
    )  # fmt: skip
    p.set_defaults(func=main)


def _fail(msg: str) -> int:
    print(f"newsclean fetch: error: {msg}", file=sys.stderr)
    return USAGE_ERROR


def _check(a: argparse.Namespace) -> str | None:
    has_seeds = bool(a.urls or a.url_file or a.feed or a.sitemap or a.discover)
    frontier = os.path.join(a.out, FRONTIER_NAME)
    if os.path.exists(a.out) and not os.path.isdir(a.out):
        return f"--out {a.out} is a file, not a directory"
    if a.resume and not os.path.exists(frontier):
        return f"nothing to resume in {a.out} (no {FRONTIER_NAME}); run without --resume"
    if not has_seeds and not a.resume:
        return "nothing to fetch: give URLs, --urls FILE, --feed, --sitemap or --discover"
    if a.url_file is not None:
        if not os.path.isfile(a.url_file):
            return f"--urls {a.url_file}: no such file"
        if not os.access(a.url_file, os.R_OK):
            return f"--urls {a.url_file}: permission denied"
    if a.url_column is not None and a.url_file is None:
        return "--url-column needs --urls FILE"
    if a.since and a.until and a.since > a.until:
        return f"--since {a.since} is after --until {a.until}"
    if a.engine == "ray":
        from newsclean.fetch.ray_engine import RayUnavailable, check_ray

        try:
            check_ray()
        except RayUnavailable as exc:
            return str(exc)
    return None


def _config(a: argparse.Namespace) -> FetchConfig:
    return FetchConfig(
        out_dir=a.out,
        user_agent=a.user_agent,
        per_host_delay=a.per_host_delay,
        per_host_concurrency=a.per_host_concurrency,
        concurrency=a.concurrency,
        max_crawl_delay=a.max_crawl_delay,
        connect_timeout=a.connect_timeout,
        read_timeout=a.read_timeout,
        total_timeout=a.timeout,
        max_body_bytes=a.max_body_bytes,
        max_redirects=a.max_redirects,
        retries=a.retries,
        max_retry_after=a.max_retry_after,
        max_pages=a.max_pages,
        same_host=a.same_host,
        include=tuple(a.include),
        exclude=tuple(a.exclude),
        since=a.since,
        until=a.until,
        obey_robots=not a.ignore_robots,
        warc_max_bytes=a.warc_max_size,
        warc_prefix=a.warc_prefix,
        workers=a.workers,
        engine=a.engine,
        ray_address=a.ray_address,
        resolve=tuple(a.resolve),
        progress=a.progress,
    )


class _Bar:
    """tqdm bar per phase, with pages/s and errors."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, Any] = {}
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, phase: str, stats: Any, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.2 and stats.done < total:
            return
        self.last = now
        from tqdm import tqdm

        bar = self.bars.get(phase)
        if bar is None:
            bar = self.bars[phase] = tqdm(total=total, desc=phase, unit="url", leave=True)
            self.started = now
        bar.total = max(total, stats.done)
        bar.n = stats.done
        rate = stats.fetched / max(now - self.started, 1e-9)
        bar.set_postfix_str(f"{stats.fetched} fetched, {rate:.1f} pages/s, {stats.errors} errors")

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def main(args: argparse.Namespace) -> int:
    """Run ``newsclean fetch`` with parsed arguments; returns the exit status."""
    err = _check(args)
    if err:
        return _fail(err)
    from newsclean.fetch.run import Seeds, fetch
    from newsclean.fetch.sources import read_url_file

    pages: list[str] | Any = list(args.urls)
    if args.url_file:
        try:
            first = read_url_file(args.url_file, args.url_column)
            head = next(first, None)  # opens the file and checks the column now
        except (ValueError, OSError) as exc:
            return _fail(f"--urls {args.url_file}: {exc}")
        pages = _chain(pages, head, first)
    cfg = _config(args)
    bar = _Bar(args.progress if args.progress is not None else sys.stderr.isatty())
    seeds = Seeds(pages, list(args.feed), list(args.sitemap), list(args.discover))
    try:
        summary = fetch(cfg, seeds, progress=bar)
    except OSError as exc:
        bar.close()
        return _fail(f"cannot write to {args.out}: {exc}")
    bar.close()
    _print_summary(args.out, summary)
    if summary.interrupted:
        print(
            f"newsclean fetch: interrupted; continue with: newsclean fetch --out {args.out} "
            "--resume",
            file=sys.stderr,
        )
        return INTERRUPTED
    return 0


def _chain(first: list[str], head: str | None, rest: Any) -> Any:
    yield from first
    if head is not None:
        yield head
        yield from rest


def _print_summary(out: str, s: Any) -> None:
    err = sys.stderr
    for line in s.repaired:
        print(f"newsclean fetch: resume: {line}", file=err)
    print(
        f"newsclean fetch: {s.fetched_pages} pages fetched in {s.seconds:.1f} s "
        f"({s.pages_per_second:.1f} pages/s) into {out}",
        file=err,
    )
    if s.counts:
        print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in s.counts.items()), file=err)
    print(
        f"  {len(s.warc_files)} WARC file(s), index.cdxj, {LOG_NAME}; next: "
        f"newsclean run {out} --out CORPUS",
        file=err,
    )
