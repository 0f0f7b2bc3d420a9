"""Settings of one fetch: politeness, limits, WARC output. One frozen dataclass, picklable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsclean.version import __version__

# The package's own version string: importlib.metadata would add ~12 ms to every
# command's start (the CLI builds the fetch parser, whose default User-Agent this is).
VERSION = __version__

DEFAULT_USER_AGENT = (
    f"newsclean/{VERSION} (+https://github.com/newsclean/newsclean; news corpus fetcher)"
)


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """What one ``newsclean fetch`` does; every field has a CLI option (docs/FETCH.md)."""

    out_dir: str
    user_agent: str = DEFAULT_USER_AGENT
    per_host_delay: float = 1.0
    """Minimum seconds between the starts of two requests to one host (robots.txt
    Crawl-delay raises it, up to ``max_crawl_delay``)."""
    per_host_concurrency: int = 1
    concurrency: int = 64
    """Requests in flight over all hosts, per worker."""
    max_crawl_delay: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    """Longest wait for the next bytes of a response (stalled servers)."""
    total_timeout: float = 60.0
    max_body_bytes: int = 20 * 1024 * 1024
    max_feed_bytes: int = 50 * 1024 * 1024
    """Sitemaps may be 50 MB uncompressed (sitemaps.org)."""
    max_redirects: int = 5
    retries: int = 3
    """Extra attempts after a 429 or 5xx answer."""
    backoff: float = 2.0
    """First retry waits this many seconds (or Retry-After), doubling each time."""
    max_retry_after: float = 600.0
    """A Retry-After longer than this ends the URL as http_error instead of waiting."""
    max_pages: int | None = None
    same_host: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    obey_robots: bool = True
    warc_max_bytes: int = 1024**3
    warc_prefix: str = "newsclean"
    workers: int = 1
    engine: str = "local"
    ray_address: str | None = None
    resolve: tuple[tuple[str, str], ...] = ()
    """(host, address) pairs used instead of DNS, like curl's --resolve."""
    resolve_only: bool = False
    """Hosts not in ``resolve`` fail with dns_error (tests: no DNS traffic at all)."""
    progress: bool | None = None

    def include_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.include]

    def exclude_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.exclude]
