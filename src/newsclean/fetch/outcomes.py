"""The outcome vocabulary of ``newsclean fetch``: one value per URL in ``fetch-log.parquet``.

docs/FETCH.md documents the same table; a test keeps the two in step.
"""

from __future__ import annotations

from typing import Final

FETCHED: Final = "fetched"
NOT_MODIFIED: Final = "not_modified"
ROBOTS_DENIED: Final = "robots_denied"
HTTP_ERROR: Final = "http_error"
TIMEOUT: Final = "timeout"
TOO_LARGE: Final = "too_large"
NOT_HTML: Final = "not_html"
REDIRECT_LOOP: Final = "redirect_loop"
REDIRECTED: Final = "redirected"
DNS_ERROR: Final = "dns_error"
CONNECTION_ERROR: Final = "connection_error"
INVALID_URL: Final = "invalid_url"
MALFORMED: Final = "malformed"
FILTERED: Final = "filtered"
NOT_FETCHED: Final = "not_fetched"
INTERNAL_ERROR: Final = "internal_error"

OUTCOMES: Final[dict[str, str]] = {
    FETCHED: "the response was received whole; pages are in the WARC files, feeds, sitemaps "
    "and sites had their links read (the reason says how many)",
    NOT_MODIFIED: "a feed or sitemap fetched again answered 304 to a conditional request",
    ROBOTS_DENIED: "robots.txt disallows the URL for our user agent, or robots.txt answered "
    "with a server error (RFC 9309: then nothing may be fetched)",
    HTTP_ERROR: "the final answer was an HTTP error (4xx/5xx, after the retries for 429 and "
    "5xx); http_status holds the code",
    TIMEOUT: "connecting, or waiting for the next bytes, or the whole request took too long",
    TOO_LARGE: "the body, as sent or once decompressed, is larger than the maximum body size; "
    "nothing of it is kept",
    NOT_HTML: "the response is neither HTML nor text (an image, a PDF...); nothing is kept",
    REDIRECT_LOOP: "the redirects came back to a URL of the same chain, or there were more "
    "than the maximum number of them",
    REDIRECTED: "the URL redirects to another host or to a URL already in the frontier; the "
    "redirect response is in the WARC and the target is fetched as its own URL",
    DNS_ERROR: "the host name did not resolve",
    CONNECTION_ERROR: "the connection was refused, reset or failed (TLS, protocol error)",
    INVALID_URL: "the line or link is not an http(s) URL (garbage in a URL list)",
    MALFORMED: "a feed or sitemap that could not be parsed, or that holds no links",
    FILTERED: "left out by a filter: --same-host, --include/--exclude or the date window",
    INTERNAL_ERROR: "an unexpected error inside newsclean while handling the URL (a bug: "
    "the reason holds it; please report it)",
    NOT_FETCHED: "still waiting in the frontier when the fetch stopped (--max-pages); "
    "--resume fetches it",
}

# Outcomes after which a URL is done for good (resume never fetches it again).
FINAL: Final = frozenset(OUTCOMES) - {NOT_FETCHED}
