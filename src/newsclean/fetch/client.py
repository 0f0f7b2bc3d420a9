"""One HTTP exchange (aiohttp): request, response head as received, body streamed to a spool.

The body is stored as it came over the wire: ``Content-Encoding`` stays (the
WARC keeps the gzip bytes the server sent), chunked transfer coding is undone
by aiohttp, so the response head names it ``X-Crawler-Transfer-Encoding``
instead of ``Transfer-Encoding`` (the convention of Nutch and StormCrawler) and
a WARC reader does not try to de-chunk a body that is not chunked any more.

Limits are checked while reading, never after: the body as sent may not exceed
``limit`` bytes, and a compressed body is inflated on the fly (output thrown
away except a head for sniffing) to check that it does not expand past the
same limit, so a gzip bomb costs its compressed size and a few buffers.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import tempfile
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import SimpleNamespace
from typing import IO, Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from newsclean.fetch import outcomes as oc

SPOOL_IN_MEMORY = 1024 * 1024
SNIFF_BYTES = 8192
CHUNK = 64 * 1024


class FetchFailure(Exception):
    """The exchange ended without a usable response: ``outcome`` and ``reason`` say why."""

    def __init__(self, outcome: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{outcome}: {reason}")
        self.outcome = outcome
        self.reason = reason
        self.status = status


@dataclass(slots=True)
class Exchange:
    """A request and the response to it, ready for the WARC writer."""

    url: str
    request_head: bytes
    status: int
    reason: str
    version: str
    raw_headers: list[tuple[str, str]]
    fetched_at: datetime
    ip: str | None = None
    body: IO[bytes] | None = None
    body_len: int = 0
    head: bytes = b""
    """The first bytes of the body, decoded (for sniffing the media type)."""
    decoded: bytes | None = None
    """The whole decoded body, when it was asked for (feeds, sitemaps, robots.txt)."""
    extra: dict[str, Any] = field(default_factory=dict)
    expansion_unchecked: bool = False
    """True when the decompressed size was not counted yet (check_expansion does it)."""

    def header(self, name: str) -> str | None:
        lname = name.lower()
        value = None
        for k, v in self.raw_headers:
            if k.lower() == lname:
                value = v  # last wins, as most clients read repeated single-valued headers
        return value

    @property
    def mime(self) -> str | None:
        ct = self.header("Content-Type")
        if not ct:
            return None
        return ct.split(";", 1)[0].strip().lower() or None

    def close(self) -> None:
        if self.body is not None:
            self.body.close()
            self.body = None


class StaticResolver(AbstractResolver):
    """Names from a table (``--resolve HOST:ADDR``); others from the system unless strict."""

    def __init__(self, table: dict[str, str], strict: bool) -> None:
        self.table = {k.lower(): v for k, v in table.items()}
        self.strict = strict
        self.system = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addr = self.table.get(host.lower())
        if addr is None:
            if self.strict:
                raise OSError(socket.EAI_NONAME, f"{host} is not in the --resolve table")
            return await self.system.resolve(host, port, family)
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        return [
            {"hostname": host, "host": addr, "port": port, "family": fam, "proto": 0, "flags": 0}
        ]

    async def close(self) -> None:
        await self.system.close()


async def _at_send(_session: object, ctx: SimpleNamespace, _params: object) -> None:
    # Awaited by aiohttp once the connection is ready, right before the request
    # is written: the politeness gate spaces what the server receives, not when
    # we began connecting (a slow connect would otherwise shorten the gap).
    gate = (ctx.trace_request_ctx or {}).get("gate")
    if gate is not None:
        await gate()


def _tracing() -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(_at_send)
    trace.on_connection_reuseconn.append(_at_send)
    return trace


def make_session(
    *,
    user_agent: str,
    concurrency: int,
    connect_timeout: float,
    read_timeout: float,
    total_timeout: float,
    resolve: dict[str, str] | None = None,
    resolve_only: bool = False,
) -> aiohttp.ClientSession:
    resolver = StaticResolver(resolve or {}, resolve_only) if resolve or resolve_only else None
    connector = aiohttp.TCPConnector(
        limit=concurrency,
        limit_per_host=0,  # the scheduler enforces per-host limits itself
        ttl_dns_cache=300,
        resolver=resolver,
        enable_cleanup_closed=True,
    )
    timeout = aiohttp.ClientTimeout(
        total=total_timeout, sock_connect=connect_timeout, sock_read=read_timeout
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        auto_decompress=False,
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        cookie_jar=aiohttp.DummyCookieJar(),
        raise_for_status=False,
        trace_configs=[_tracing()],
    )


class _Inflater:
    """Counts what a compressed body expands to, keeping only its head."""

    def __init__(self, encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        self.active = bool(codings) and all(
            c in ("gzip", "x-gzip", "deflate", "identity") for c in codings
        )
        self.codings = [c for c in codings if c != "identity"]
        self.limit = limit
        self.total = 0
        self.head = bytearray()
        self.keep: bytearray | None = None
        self._d = zlib.decompressobj(wbits=47) if self.codings else None
        self._raw_tried = False
        self.lazy = False
        self.skipped = False

    def feed(self, chunk: bytes) -> None:
        if not self.active or self._d is None:
            self._take(chunk)
            return
        if self.lazy and self.keep is None and len(self.head) >= SNIFF_BYTES:
            self.skipped = True  # the rest is counted later, off the event loop
            return
        data = chunk
        while data:
            try:
                out = self._d.decompress(data, CHUNK)
            except zlib.error:
                if not self._raw_tried and self.total == 0 and "deflate" in self.codings:
                    # "deflate" is raw deflate on some servers, zlib on others.
                    self._raw_tried = True
                    self._d = zlib.decompressobj(wbits=-15)
                    continue
                self.active = False  # not what it claims: count it as sent
                self._take(chunk)
                return
            self._take(out)
            if self.lazy and self.keep is None and len(self.head) >= SNIFF_BYTES:
                self.skipped = True
                return
            data = self._d.unconsumed_tail
            if self._d.eof:
                rest = self._d.unused_data
                self._d = zlib.decompressobj(wbits=47)
                data = rest if rest.strip(b"\x00") else b""

    def _take(self, out: bytes) -> None:
        self.total += len(out)
        if self.total > self.limit:
            raise FetchFailure(oc.TOO_LARGE, f"body expands past {self.limit} bytes")
        if len(self.head) < SNIFF_BYTES:
            self.head += out[: SNIFF_BYTES - len(self.head)]
        if self.keep is not None:
            self.keep += out


# Deflate cannot expand data more than about 1032 times.
MAX_DEFLATE_RATIO = 1032


def check_expansion(ex: Exchange, limit: int) -> None:
    """Raise too_large if the body of ``ex`` inflates past ``limit`` bytes.

    The streaming reader only inflates the head of a page (for sniffing); this
    finishes the count from the spool, in the WARC writer's thread.
    """
    if not ex.expansion_unchecked or ex.body is None:
        return
    inflater = _Inflater(ex.header("Content-Encoding") or "", limit)
    ex.body.seek(0)
    while chunk := ex.body.read(CHUNK):
        inflater.feed(chunk)
    ex.body.seek(0)
    ex.expansion_unchecked = False


def _version(resp: aiohttp.ClientResponse) -> str:
    v = resp.version
    return f"HTTP/{v.major}.{v.minor}" if v else "HTTP/1.1"


def _request_head(resp: aiohttp.ClientResponse) -> bytes:
    info = resp.request_info
    url = info.url
    target = url.raw_path_qs or "/"
    lines = [f"{info.method} {target} HTTP/1.1"]
    names = {k.lower() for k in info.headers}
    if "host" not in names:
        host = url.raw_host or ""
        lines.append(f"Host: {host if url.is_default_port() else f'{host}:{url.port}'}")
    lines.extend(f"{k}: {v}" for k, v in info.headers.items())
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _raw_headers(resp: aiohttp.ClientResponse) -> list[tuple[str, str]]:
    out = []
    for k, v in resp.raw_headers:
        name = k.decode("latin-1")
        if name.lower() == "transfer-encoding":
            name = "X-Crawler-Transfer-Encoding"
        out.append((name, v.decode("latin-1")))
    return out


def _peer(resp: aiohttp.ClientResponse) -> str | None:
    conn = resp.connection
    if conn is not None and conn.transport is not None:
        peer = conn.transport.get_extra_info("peername")
        if peer:
            return str(peer[0])
    # aiohttp hands the connection back as soon as a short body is in: then only
    # a host that is an address literal still tells the address.
    host = resp.url.host or ""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


async def exchange(
    session: aiohttp.ClientSession,
    url: str,
    *,
    limit: int,
    headers: dict[str, str] | None = None,
    keep_decoded: bool = False,
    truncate: bool = False,
    accept_body: Any = None,
    total_timeout: float = 60.0,
    gate: Callable[[], Awaitable[None]] | None = None,
) -> Exchange:
    """GET ``url`` without following redirects.

    ``accept_body(exchange) -> str | None`` runs once the head and the first
    bytes are in: a non-None result is the reason to stop (not_html) without
    reading the rest. ``truncate`` keeps the first ``limit`` bytes instead of
    failing (robots.txt). ``gate`` is awaited right before the request is sent.
    """
    started = datetime.now(UTC)
    try:
        async with asyncio.timeout(total_timeout):
            async with session.get(
                url,
                headers=headers,
                allow_redirects=False,
                trace_request_ctx={"gate": gate},
            ) as resp:
                ex = Exchange(
                    url=url,
                    request_head=_request_head(resp),
                    status=resp.status,
                    reason=resp.reason or "",
                    version=_version(resp),
                    raw_headers=_raw_headers(resp),
                    fetched_at=started,
                    ip=_peer(resp),
                )
                await _read_body(resp, ex, limit, keep_decoded, truncate, accept_body)
                return ex
    except FetchFailure:
        raise
    except TimeoutError as exc:
        raise FetchFailure(oc.TIMEOUT, _timeout_reason(exc, total_timeout)) from None
    except aiohttp.ClientConnectorDNSError as exc:
        raise FetchFailure(oc.DNS_ERROR, _short(exc)) from None
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, socket.gaierror):
            raise FetchFailure(oc.DNS_ERROR, _short(exc)) from None
        raise FetchFailure(oc.CONNECTION_ERROR, _short(exc)) from None
    except (aiohttp.ClientError, ssl.SSLError, OSError, ValueError) as exc:
        # ValueError: aiohttp refuses some URLs (invalid characters) at request time.
        raise FetchFailure(oc.CONNECTION_ERROR, _short(exc)) from None


def _timeout_reason(exc: BaseException, total: float) -> str:
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return _short(exc) or "no bytes within the read timeout"
    return f"no complete response within {total:g} s"


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


async def _read_body(
    resp: aiohttp.ClientResponse,
    ex: Exchange,
    limit: int,
    keep_decoded: bool,
    truncate: bool,
    accept_body: Any,
) -> None:
    declared = resp.content_length
    if declared is not None and declared > limit and not truncate:
        raise FetchFailure(oc.TOO_LARGE, f"Content-Length {declared} over {limit} bytes")
    inflater = _Inflater(resp.headers.get("Content-Encoding", ""), limit)
    if keep_decoded:
        inflater.keep = bytearray()
    else:
        inflater.lazy = True
    # Closed by Exchange.close(), once the WARC writer has copied it.
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    ex.body = spool
    n = 0
    checked = accept_body is None
    try:
        async for chunk in resp.content.iter_chunked(CHUNK):
            if n + len(chunk) > limit:
                if truncate:
                    chunk = chunk[: limit - n]
                    spool.write(chunk)
                    n += len(chunk)
                    inflater.feed(chunk)
                    break
                raise FetchFailure(oc.TOO_LARGE, f"body over {limit} bytes")
            n += len(chunk)
            spool.write(chunk)
            inflater.feed(chunk)
            if not checked and (len(inflater.head) >= SNIFF_BYTES or n >= SNIFF_BYTES):
                checked = True
                ex.head = bytes(inflater.head)
                why = accept_body(ex)
                if why is not None:
                    raise FetchFailure(oc.NOT_HTML, why, ex.status)
    except BaseException:
        ex.close()
        raise
    ex.body_len = n
    ex.head = bytes(inflater.head)
    ex.expansion_unchecked = inflater.skipped and n * MAX_DEFLATE_RATIO > limit
    if not checked:
        why = accept_body(ex)
        if why is not None:
            ex.close()
            raise FetchFailure(oc.NOT_HTML, why, ex.status)
    if keep_decoded:
        assert inflater.keep is not None
        ex.decoded = bytes(inflater.keep)
    spool.seek(0)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
