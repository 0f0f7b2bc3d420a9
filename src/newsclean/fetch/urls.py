"""URL normalisation (the URL fetched) and the de-duplication key (the URL compared).

The fetched URL keeps what the server may need (parameter order, case of the
path) and loses what it never sees (the fragment) or what does not change the
address (default port, host case, dot segments, unsafe characters). The key
also sorts the query and drops click-tracking parameters (data/tracking_params.json),
so that a page reached from a feed with ``?utm_source=rss`` and from a sitemap
without it is fetched once.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_CHARS = 8192


@cache
def _tracking() -> tuple[tuple[str, ...], frozenset[str]]:
    raw = resources.files("newsclean.fetch").joinpath("data/tracking_params.json").read_text()
    data = json.loads(raw)
    return tuple(data["prefixes"]), frozenset(n.lower() for n in data["names"])


def normalize(url: str, base: str | None = None) -> str | None:
    """The URL to fetch, or None when ``url`` is not an absolute http(s) URL."""
    url = url.strip()
    if not url or len(url) > MAX_URL_CHARS or any(c in url for c in "\r\n\t\x00"):
        return None
    if base is not None:
        url = urljoin(base, url)
    try:
        url = safe_url_string(url, encoding="utf-8")
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host or not _plausible_host(host):
        return None
    if parts.username or parts.password:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if port in (None, _DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    path = _remove_dot_segments(parts.path) or "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def _plausible_host(host: str) -> bool:
    # A bare word ("garbage") is not a host; IPv6 literals and localhost are.
    return "." in host or ":" in host or host == "localhost"


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 section 5.2.4.
    if "." not in path:
        return path
    out: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if len(out) > 1:
                out.pop()
        elif seg != ".":
            out.append(seg)
    result = "/".join(out)
    if path.endswith(("/.", "/..")):
        result += "/"
    return result if result.startswith("/") else "/" + result


def dedup_key(url: str) -> str:
    """The key two URLs of the same page share (``url`` is already normalised)."""
    parts = urlsplit(url)
    if parts.query:
        prefixes, names = _tracking()
        kept = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(prefixes) and k.lower() not in names
        ]
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), ""))
    return canonicalize_url(url)


def host_of(url: str) -> str:
    """The politeness and robots.txt unit: scheme, host and port (RFC 9309)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
