"""The asynchronous fetcher of one worker: hosts, politeness, retries, outcomes.

One event loop, one aiohttp session, up to ``concurrency`` requests in flight.
Per host (scheme + host + port): robots.txt read once, requests started at
least ``delay`` seconds apart (the larger of ``--per-host-delay`` and the
robots.txt Crawl-delay / Request-rate), at most ``per_host_concurrency`` in
flight, and 429/5xx answers push the host's next request back by Retry-After
or an exponential backoff. Redirects are followed on the same host, each hop
waiting for its turn like any request; a redirect to another host (or to a URL
already in the frontier) ends the URL as ``redirected`` and queues the target.

Outcomes, new URLs, CDXJ lines and the WARC end are buffered and committed to
the frontier in one short transaction every ``COMMIT_EVERY`` seconds, after the
WARC bytes they refer to were flushed (frontier.py: exactly once).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import aiohttp

from newsclean.fetch import outcomes as oc
from newsclean.fetch.client import (
    Exchange,
    FetchFailure,
    check_expansion,
    exchange,
    make_session,
)
from newsclean.fetch.client import parse_retry_after as retry_after_seconds
from newsclean.fetch.config import FetchConfig
from newsclean.fetch.frontier import Frontier, Item, NewUrl, Outcome
from newsclean.fetch.robots import MAX_ROBOTS_BYTES, Robots, product_token, robots_url
from newsclean.fetch.sources import Link, feed_links, in_window, parse_listing
from newsclean.fetch.urls import host_of, normalize
from newsclean.fetch.warc import Built, WarcSink, Written
from newsclean.io.warc import payload_kind

COMMIT_EVERY = 0.25
GATE_MARGIN = 0.05
GATE_MARGIN_MAX = 0.05
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_TTL = 24 * 3600.0


@dataclass(slots=True)
class HostState:
    host: str
    delay: float
    slots: int
    queue: deque[Item] = field(default_factory=deque)
    inflight: int = 0
    next_at: float = 0.0  # monotonic time of the next allowed request start
    last_start: float = float("-inf")
    last_send: float = float("-inf")
    robots: Robots | None = None
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    queued: bool = False  # in the ready heap


@dataclass(slots=True)
class Stats:
    done: int = 0
    fetched: int = 0
    errors: int = 0
    requests: int = 0
    bytes: int = 0


class Worker:
    """Fetches the pending URLs of one phase (0 discovery, 1 pages) of one partition."""

    def __init__(
        self,
        cfg: FetchConfig,
        frontier: Frontier,
        sink: WarcSink | None,
        *,
        phase: int,
        partition: int = 0,
        partitions: int = 1,
        max_pages: int | None = None,
        on_progress: Callable[[Stats], None] | None = None,
    ) -> None:
        self.cfg = cfg
        self.frontier = frontier
        self.sink = sink
        self.phase = phase
        self.partition = partition
        self.partitions = partitions
        self.max_pages = max_pages
        self.on_progress = on_progress
        self.ua_token = product_token(cfg.user_agent)
        self.hosts: dict[str, HostState] = {}
        self.ready: list[tuple[float, str]] = []
        self.claimed: set[int] = set()
        self.cursor: tuple[int, int] = (-1, -1)
        self.exhausted = False
        self.ops: list[Callable[[], object]] = []
        self.stats = Stats()
        self.inflight = 0
        self.wake = asyncio.Event()
        self.include = cfg.include_res()
        self.exclude = cfg.exclude_res()
        self.buffer_target = max(1000, cfg.concurrency * 20)
        self.clock_offset = time.time() - time.monotonic()
        self.session: aiohttp.ClientSession | None = None

    # --- the loop ----------------------------------------------------------------

    async def run(self) -> Stats:
        cfg = self.cfg
        self.session = make_session(
            user_agent=cfg.user_agent,
            concurrency=cfg.concurrency,
            connect_timeout=cfg.connect_timeout,
            read_timeout=cfg.read_timeout,
            total_timeout=cfg.total_timeout,
            resolve=dict(cfg.resolve),
            resolve_only=cfg.resolve_only,
        )
        committer = asyncio.create_task(self._commit_loop())
        tasks: set[asyncio.Task[None]] = set()
        try:
            await self._dispatch(tasks)
            if tasks:
                await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
            committer.cancel()
            await self.session.close()
            self._flush()
        return self.stats

    async def _dispatch(self, tasks: set[asyncio.Task[None]]) -> None:
        budget_left = self._budget_left
        while True:
            if not self.exhausted and self._buffered() < self.buffer_target // 2:
                self._refill()
            if not self.ready:
                if self.inflight == 0 and (self.exhausted or budget_left() <= 0):
                    return
                await self._wait(None)
                continue
            when, host = self.ready[0]
            now = time.monotonic()
            if when > now:
                await self._wait(when - now)
                continue
            if self.inflight >= self.cfg.concurrency or budget_left() <= 0:
                if self.inflight == 0:
                    return  # the page budget is spent
                await self._wait(None)
                continue
            heapq.heappop(self.ready)
            hs = self.hosts[host]
            hs.queued = False
            if not hs.queue or hs.inflight >= hs.slots:
                continue
            item = hs.queue.popleft()
            hs.inflight += 1
            self.inflight += 1
            task = asyncio.create_task(self._run_item(hs, item))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            self._schedule(hs)

    def _budget_left(self) -> int:
        if self.max_pages is None or self.phase == 0:
            return 1 << 60
        return self.max_pages - self.stats.fetched - self.inflight

    async def _wait(self, timeout: float | None) -> None:
        self.wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.wake.wait(), timeout)

    def _buffered(self) -> int:
        return len(self.claimed)

    def _refill(self) -> None:
        self._flush()  # URLs added by this worker must be visible to the query
        want = self.buffer_target - self._buffered()
        rows = self.frontier.pending(self.phase, self.cursor, want, self.partition, self.partitions)
        if not rows and self.cursor != (-1, -1):
            # Past the end: look again from the start for URLs added behind the cursor.
            self.cursor = (-1, -1)
            rows = self.frontier.pending(
                self.phase, self.cursor, want, self.partition, self.partitions
            )
        fresh = 0
        for cur, item in rows:
            self.cursor = cur
            if item.id in self.claimed:
                continue
            fresh += 1
            self.claimed.add(item.id)
            hs = self._host(item.host)
            hs.queue.append(item)
            self._schedule(hs)
        if fresh == 0:
            self.exhausted = True

    def _host(self, host: str) -> HostState:
        hs = self.hosts.get(host)
        if hs is None:
            hs = HostState(host, self.cfg.per_host_delay, self.cfg.per_host_concurrency)
            carried = self.frontier.next_allowed(host) - self.clock_offset
            hs.next_at = max(0.0, carried)
            self.hosts[host] = hs
        return hs

    def _schedule(self, hs: HostState) -> None:
        if hs.queue and not hs.queued and hs.inflight < hs.slots:
            hs.queued = True
            heapq.heappush(self.ready, (hs.next_at, hs.host))
            self.wake.set()

    def _release(self, hs: HostState) -> None:
        hs.inflight -= 1
        self.inflight -= 1
        self._schedule(hs)
        if not hs.queue and hs.inflight == 0 and hs.host in self.hosts and hs.robots is not None:
            # Keep memory flat on crawls of millions of hosts: forget idle hosts,
            # remembering when they may be contacted again.
            wall = hs.next_at + self.clock_offset
            self.ops.append(partial(self.frontier.save_next_allowed, [(hs.host, wall)]))
            if len(self.hosts) > 10_000:
                del self.hosts[hs.host]
        self.wake.set()

    def _gate(self, hs: HostState) -> Callable[[], Awaitable[None]]:
        """Spaces the moments requests to ``hs`` are written (see client._at_send)."""

        async def gate() -> None:
            # A small margin over the delay keeps the gap the server sees at or above
            # it when the receiving side is late to read the first request.
            spacing = hs.delay + min(hs.delay * GATE_MARGIN, GATE_MARGIN_MAX)
            while True:
                now = time.monotonic()
                ready = hs.last_send + spacing
                if now >= ready:
                    hs.last_send = now
                    return
                await asyncio.sleep(ready - now)

        return gate

    async def _turn(self, hs: HostState) -> None:
        """Wait until ``hs`` may receive a request, and take that turn."""
        while True:
            now = time.monotonic()
            if now >= hs.next_at:
                hs.last_start = now
                hs.next_at = now + hs.delay
                self.stats.requests += 1
                return
            await asyncio.sleep(hs.next_at - now)

    # --- committing ---------------------------------------------------------------

    async def _commit_loop(self) -> None:
        while True:
            await asyncio.sleep(COMMIT_EVERY)
            self._flush()

    def _flush(self) -> None:
        opened = self.sink.take_opened() if self.sink is not None else []
        if not self.ops and not opened:
            return
        ops, self.ops = self.ops, []
        fr = self.frontier
        fr.begin()
        try:
            for name, end in opened:
                fr.register_warc(name, end)
            for op in ops:
                op()
            pos = self.sink.position() if self.sink is not None else None
            if pos is not None:
                fr.register_warc(*pos)
        finally:
            fr.commit()

    def _finish(self, item: Item, o: Outcome) -> None:
        self.claimed.discard(item.id)
        self.ops.append(partial(self.frontier.finish, item.id, o))
        self.stats.done += 1
        if o.outcome == oc.FETCHED and item.kind == "page":
            self.stats.fetched += 1
        elif o.outcome not in (oc.FETCHED, oc.NOT_MODIFIED, oc.FILTERED, oc.REDIRECTED):
            self.stats.errors += 1
        if self.on_progress is not None:
            self.on_progress(self.stats)

    # --- one URL ------------------------------------------------------------------

    async def _run_item(self, hs: HostState, item: Item) -> None:
        try:
            await self._process(hs, item)
        except Exception as exc:  # a bug must cost one URL, not the crawl
            self._finish(item, Outcome(oc.INTERNAL_ERROR, repr(exc)[:300]))
        finally:
            self._release(hs)

    async def _robots(self, hs: HostState) -> Robots:
        if hs.robots is not None:
            return hs.robots
        async with hs.robots_lock:
            if hs.robots is not None:
                return hs.robots
            if not self.cfg.obey_robots:
                hs.robots = Robots(None)
                return hs.robots
            cached = self.frontier.host_robots(hs.host, ROBOTS_TTL)
            if cached is not None:
                status, text, _ = cached  # only answers are kept, not failures
                robots = Robots(status, text)
            else:
                robots = await self._fetch_robots(hs)
                r = robots
                if r.error is None:
                    # A host that did not answer is asked again by the next run.
                    self.ops.append(
                        partial(self.frontier.save_robots, hs.host, r.status, r.text, None)
                    )
            delay = robots.crawl_delay(self.ua_token)
            if delay is not None:
                hs.delay = max(hs.delay, min(delay, self.cfg.max_crawl_delay))
                # The robots.txt request itself was spaced with the old delay.
                hs.next_at = max(hs.next_at, hs.last_start + hs.delay)
            hs.robots = robots
            return robots

    async def _fetch_robots(self, hs: HostState) -> Robots:
        assert self.session is not None
        await self._turn(hs)
        try:
            ex = await exchange(
                self.session,
                robots_url(hs.host),
                gate=self._gate(hs),
                limit=MAX_ROBOTS_BYTES,
                keep_decoded=True,
                truncate=True,
                total_timeout=self.cfg.total_timeout,
            )
        except FetchFailure as f:
            return Robots(None, error=f.outcome, error_reason=f"robots.txt: {f.reason}")
        ex.close()
        hops = 0
        while ex.status in REDIRECTS and hops < self.cfg.max_redirects:
            # RFC 9309 2.3.1.2: follow at least five redirects for robots.txt.
            target = normalize(ex.header("Location") or "", base=ex.url)
            if target is None:
                break
            hops += 1
            th = self._host(host_of(target))
            await self._turn(th)
            try:
                ex = await exchange(
                    self.session, target, limit=MAX_ROBOTS_BYTES, keep_decoded=True,
                    truncate=True, total_timeout=self.cfg.total_timeout, gate=self._gate(th),
                )  # fmt: skip
            except FetchFailure as f:
                return Robots(None, error=f.outcome, error_reason=f"robots.txt: {f.reason}")
            ex.close()
        if ex.status in REDIRECTS:
            return Robots(404)  # unresolved redirects: treated as unavailable (4xx)
        text = (ex.decoded or b"").decode("utf-8", "replace") if ex.status < 300 else None
        return Robots(ex.status, text)

    async def _process(self, hs: HostState, item: Item) -> None:
        robots = await self._robots(hs)
        if robots.error is not None:
            self._finish(item, Outcome(robots.error, robots.error_reason))
            return
        if not robots.allowed(item.url, self.ua_token):
            reason = (
                f"robots.txt answered {robots.status}: nothing may be fetched"
                if robots.disallow_all
                else "disallowed by robots.txt"
            )
            self._finish(item, Outcome(oc.ROBOTS_DENIED, reason))
            return
        if item.kind == "site":
            await self._site(hs, item, robots)
            return
        await self._fetch_url(hs, item)

    async def _fetch_url(self, hs: HostState, item: Item) -> None:
        assert self.session is not None
        cfg = self.cfg
        is_page = item.kind == "page"
        url = item.url
        hops: list[Exchange] = []
        visited = {url}
        headers: dict[str, str] = {}
        if not is_page:
            etag, modified = self.frontier.validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        while True:
            await self._turn(hs)
            try:
                ex = await exchange(
                    self.session,
                    url,
                    gate=self._gate(hs),
                    limit=cfg.max_body_bytes if is_page else cfg.max_feed_bytes,
                    headers=headers or None,
                    keep_decoded=not is_page,
                    accept_body=_accept_page if is_page else None,
                    total_timeout=cfg.total_timeout,
                )
            except FetchFailure as f:
                _close(hops)
                self._finish(item, Outcome(f.outcome, f.reason, f.status, final_url=url))
                return
            self.stats.bytes += ex.body_len
            if ex.status in REDIRECTS and ex.header("Location"):
                hops.append(ex)
                robots = await self._robots(hs)
                target = normalize(ex.header("Location") or "", base=url)
                if target is None:
                    await self._end_hops(
                        item,
                        hops,
                        oc.HTTP_ERROR,
                        "redirect to a URL that is not http(s)",
                        ex.status,
                        url,
                    )
                    return
                if target in visited:
                    await self._end_hops(
                        item,
                        hops,
                        oc.REDIRECT_LOOP,
                        f"redirect loop back to {target}",
                        ex.status,
                        target,
                    )
                    return
                if len(hops) > cfg.max_redirects:
                    await self._end_hops(
                        item,
                        hops,
                        oc.REDIRECT_LOOP,
                        f"more than {cfg.max_redirects} redirects",
                        ex.status,
                        target,
                    )
                    return
                if host_of(target) == hs.host and not robots.allowed(target, self.ua_token):
                    await self._end_hops(
                        item,
                        hops,
                        oc.ROBOTS_DENIED,
                        f"redirect to {target}, which robots.txt disallows",
                        ex.status,
                        target,
                    )
                    return
                known = self.frontier.lookup(target)
                if host_of(target) != hs.host or (known is not None and known != item.id):
                    why = (
                        "redirects to another host; the target is fetched as its own URL"
                        if host_of(target) != hs.host
                        else "redirects to a URL already in the frontier"
                    )
                    if known is None:
                        new = NewUrl(target, item.kind, via=item.url, listed_date=item.listed_date)
                        self.ops.append(partial(self.frontier.add, [new]))
                        self.exhausted = False
                    await self._end_hops(item, hops, oc.REDIRECTED, why, ex.status, target)
                    return
                visited.add(target)
                url = target
                continue
            if ex.status == 304 and headers:
                ex.close()
                _close(hops)
                self._finish(
                    item, Outcome(oc.NOT_MODIFIED, "304 to a conditional request", 304,
                                  final_url=url, fetched_at=_iso(ex))
                )  # fmt: skip
                return
            if ex.status == 429 or ex.status >= 500:
                ex.close()
                _close(hops)
                self._retry_or_fail(hs, item, ex)
                return
            if not 200 <= ex.status < 300:
                ex.close()
                _close(hops)
                self._finish(
                    item, Outcome(oc.HTTP_ERROR, f"HTTP {ex.status}", ex.status, final_url=url,
                                  fetched_at=_iso(ex))
                )  # fmt: skip
                return
            hops.append(ex)
            if is_page:
                try:
                    await self._store_page(item, hops)
                except FetchFailure as f:
                    _close(hops)
                    self._finish(item, Outcome(f.outcome, f.reason, ex.status, final_url=url))
            else:
                self._read_listing(item, hops)
            return

    def _retry_or_fail(self, hs: HostState, item: Item, ex: Exchange) -> None:
        cfg = self.cfg
        wait = retry_after_seconds(ex.header("Retry-After"))
        if wait is not None and wait > cfg.max_retry_after:
            self._finish(
                item, Outcome(oc.HTTP_ERROR, f"HTTP {ex.status}; Retry-After {wait:g} s is "
                              f"over --max-retry-after", ex.status, final_url=ex.url,
                              fetched_at=_iso(ex))
            )  # fmt: skip
            return
        if item.attempts >= cfg.retries:
            self._finish(
                item, Outcome(oc.HTTP_ERROR, f"HTTP {ex.status} after {item.attempts + 1} "
                              "attempts", ex.status, final_url=ex.url, fetched_at=_iso(ex))
            )  # fmt: skip
            return
        backoff = cfg.backoff * (2**item.attempts)
        delay = max(wait if wait is not None else backoff, hs.delay)
        hs.next_at = max(hs.next_at, time.monotonic() + delay)
        item.attempts += 1
        hs.queue.appendleft(item)

    async def _write(self, hops: list[Exchange], meta: dict[str, str]) -> Written:
        """Write the records of a URL, in the same loop step as its outcome is queued
        (the exactly-once commit relies on it).

        On the loop, not in a thread: a writer thread measured several times slower,
        its many short zlib/hashlib calls each waiting to get the GIL back from the
        loop. Pages already compressed by the server get a fast gzip level.
        """
        return self.sink_append(self._build(hops, meta))

    def sink_append(self, built: Built) -> Written:
        assert self.sink is not None
        return self.sink.append(built)

    def _build(self, hops: list[Exchange], meta: dict[str, str]) -> Built:
        assert self.sink is not None
        for ex in hops:
            check_expansion(ex, self.cfg.max_body_bytes)  # raises FetchFailure(too_large)
        return self.sink.build(hops, meta)

    async def _end_hops(
        self, item: Item, hops: list[Exchange], outcome: str, reason: str, status: int, final: str
    ) -> None:
        """End a URL whose redirects are worth keeping (pages) but that has no document."""
        written = None
        if item.kind == "page" and self.sink is not None and hops:
            written = await self._write(hops, {"outcome": outcome, "reason": reason})
            if written.cdx:
                lines = written.cdx
                self.ops.append(partial(self.frontier.add_cdx, lines))
        _close(hops)
        self._finish(
            item,
            Outcome(
                outcome, reason, status, final_url=final, bytes=sum(h.body_len for h in hops),
                fetched_at=_iso(hops[0]) if hops else None,
                warc_file=written.warc_file if written else None,
                warc_offset=written.offset if written else None,
            ),
        )  # fmt: skip

    async def _store_page(self, item: Item, hops: list[Exchange]) -> None:
        assert self.sink is not None
        final = hops[-1]
        meta: dict[str, str] = {}
        if item.via:
            meta["via"] = item.via
        if item.listed_date:
            meta["listed-date"] = item.listed_date
        if len(hops) > 1:
            meta["redirected-from"] = hops[0].url
        if meta:
            # Only when it tells something the log row alone would not keep with the
            # WARC (a metadata record costs as much CPU as a small response).
            meta = {"outcome": oc.FETCHED, **meta}
        written = await self._write(hops, meta)
        lines = written.cdx
        self.ops.append(partial(self.frontier.add_cdx, lines))
        if len(hops) > 1:
            for h in hops[1:]:
                self.ops.append(partial(self.frontier.add_alias, h.url, item.id))
        _close(hops)
        self._finish(
            item,
            Outcome(oc.FETCHED, None, final.status, final_url=final.url, bytes=final.body_len,
                    fetched_at=_iso(final), warc_file=written.warc_file,
                    warc_offset=written.offset),
        )  # fmt: skip

    def _read_listing(self, item: Item, hops: list[Exchange]) -> None:
        final = hops[-1]
        body = final.decoded or b""
        _close(hops)
        listing = parse_listing(body, final.url, limit=self.cfg.max_feed_bytes)
        etag, modified = final.header("ETag"), final.header("Last-Modified")
        self.ops.append(partial(self.frontier.save_validators, item.url, etag, modified))
        base = Outcome(oc.FETCHED, None, final.status, final_url=final.url,
                       bytes=final.body_len, fetched_at=_iso(final))  # fmt: skip
        if listing.error is not None:
            base.outcome, base.reason = oc.MALFORMED, listing.error
            self._finish(item, base)
            return
        base.reason = self._admit_links(item, final.url, listing.links, listing.kind)
        self._finish(item, base)

    async def _site(self, hs: HostState, item: Item, robots: Robots) -> None:
        """--discover: sitemaps from robots.txt, feeds from the home page's <link> tags."""
        assert self.session is not None
        links = [Link(s, "sitemap") for s in robots.sitemaps()]
        await self._turn(hs)
        status: int | None = None
        try:
            ex = await self._follow(hs, item.url)
            status = ex.status
            if 200 <= ex.status < 300 and ex.decoded:
                links += feed_links(ex.decoded, ex.url)
        except FetchFailure as f:
            if not links:
                self._finish(item, Outcome(f.outcome, f"home page: {f.reason}", f.status))
                return
        if not any(lk.kind == "sitemap" for lk in links):
            links.append(Link(hs.host + "/sitemap.xml", "sitemap"))  # the conventional place
        reason = self._admit_links(item, item.url, links, "site")
        self._finish(item, Outcome(oc.FETCHED, reason, status, final_url=item.url))

    async def _follow(self, hs: HostState, url: str) -> Exchange:
        """A home page, following same-host redirects (not stored)."""
        assert self.session is not None
        current = hs
        for _ in range(self.cfg.max_redirects + 1):
            ex = await exchange(
                self.session, url, limit=self.cfg.max_body_bytes, keep_decoded=True,
                total_timeout=self.cfg.total_timeout, gate=self._gate(current),
            )  # fmt: skip
            ex.close()
            target = normalize(ex.header("Location") or "", base=url)
            if ex.status not in REDIRECTS or target is None:
                return ex
            url = target
            current = self._host(host_of(url))
            await self._turn(current)
        raise FetchFailure(oc.REDIRECT_LOOP, f"more than {self.cfg.max_redirects} redirects")

    def _admit_links(self, item: Item, listing_url: str, links: list[Link], kind: str) -> str:
        """Queue the links of a listing through the filters; returns the reason text."""
        new: list[NewUrl] = []
        invalid = filtered = self_refs = 0
        listing_host = host_of(listing_url)
        own = {normalize(item.url), normalize(listing_url)}
        for link in links:
            url = normalize(link.url, base=listing_url)
            if url is None:
                invalid += 1
                raw = link.url[:2000]
                reason = f"not an http(s) URL in {listing_url}"
                self.ops.append(
                    partial(self.frontier.add_done, raw, "page",
                            Outcome(oc.INVALID_URL, reason), via=listing_url)
                )  # fmt: skip
                continue
            if url in own:
                self_refs += 1
                continue
            why = self.filter_reason(url, link.date, listing_host if link.kind == "page" else None)
            if why is not None:
                filtered += 1
                self.ops.append(
                    partial(self.frontier.add_done, url, link.kind, Outcome(oc.FILTERED, why),
                            via=listing_url)
                )  # fmt: skip
                continue
            new.append(NewUrl(url, link.kind, via=listing_url, listed_date=link.date))
        if new:
            self.ops.append(partial(self.frontier.add, new))
            self.exhausted = False
        parts = [f"{kind}: {len(new)} links"]
        if filtered:
            parts.append(f"{filtered} filtered")
        if invalid:
            parts.append(f"{invalid} invalid")
        if self_refs:
            parts.append("lists itself (ignored)")
        return ", ".join(parts)

    def filter_reason(self, url: str, date: str | None, same_host_as: str | None) -> str | None:
        cfg = self.cfg
        if cfg.same_host and same_host_as is not None and host_of(url) != same_host_as:
            return f"--same-host: not on {same_host_as}"
        return url_filter_reason(cfg, url, date, self.include, self.exclude)


def url_filter_reason(
    cfg: FetchConfig, url: str, date: str | None, include: list[Any], exclude: list[Any]
) -> str | None:
    if include and not any(p.search(url) for p in include):
        return "--include: no pattern matches"
    for p in exclude:
        if p.search(url):
            return f"--exclude: matches {p.pattern}"
    if not in_window(date, cfg.since, cfg.until):
        return f"date {date} outside --since/--until"
    return None


def _accept_page(ex: Exchange) -> str | None:
    if not 200 <= ex.status < 300:
        return None
    kind = payload_kind(ex.mime, ex.head)
    if kind in ("html", "text"):
        return None
    return f"Content-Type {ex.mime or 'missing'} ({kind})"


def _close(hops: list[Exchange]) -> None:
    for h in hops:
        h.close()


def _iso(ex: Exchange) -> str:
    return ex.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
