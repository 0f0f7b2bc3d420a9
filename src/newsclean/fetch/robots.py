"""robots.txt rules of one host (protego), as RFC 9309 reads an answer.

- 2xx: the rules in the file apply (Allow/Disallow, Crawl-delay, Sitemap).
- 4xx (404 included): no rules, everything may be fetched.
- 5xx: the site is treated as fully disallowed for this fetch.
- no answer (DNS, connection, timeout): the host's URLs end with that same
  outcome, since the host did not answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

# RFC 9309 section 2.5: crawlers must read at least the first 500 KiB.
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass(slots=True)
class Robots:
    status: int | None
    text: str | None = None
    error: str | None = None
    """Outcome for every URL of the host when robots.txt could not be fetched."""
    error_reason: str | None = None
    _parser: Protego | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.status is not None and 200 <= self.status < 300 and self.text:
            self._parser = Protego.parse(self.text)

    @property
    def disallow_all(self) -> bool:
        return self.status is not None and self.status >= 500

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        if self._parser is None:
            return True
        return bool(self._parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(user_agent)
        rate = self._parser.request_rate(user_agent)
        out = float(delay) if delay is not None else None
        if rate is not None and rate.requests:
            per = rate.seconds / rate.requests
            out = per if out is None else max(out, per)
        return out

    def sitemaps(self) -> list[str]:
        return [] if self._parser is None else list(self._parser.sitemaps)


def robots_url(host: str) -> str:
    return host + "/robots.txt"


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against: the UA's first product token."""
    token = user_agent.strip().split(" ", 1)[0].split("/", 1)[0]
    return token or user_agent
