"""One ``newsclean fetch``: seeds into the frontier, discovery, pages, then the log and index.

Phases: (0) sites, feeds and sitemaps, in this process, until no listing is
left (a sitemap index adds sitemaps, which add pages); (1) pages, in this
process or, with ``--workers N`` / ``--engine ray``, in N workers that each
own the hosts whose hash falls in their partition, so that a host is only ever
contacted by one worker and its politeness holds. The phase boundary carries
each host's next allowed time through the frontier.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from newsclean.fetch import outcomes as oc
from newsclean.fetch.cdxj import write_index
from newsclean.fetch.config import FetchConfig
from newsclean.fetch.engine import Stats, Worker, url_filter_reason
from newsclean.fetch.frontier import Frontier, NewUrl, Outcome
from newsclean.fetch.log import write_log
from newsclean.fetch.urls import host_of, normalize
from newsclean.fetch.warc import WarcSink, repair


@dataclass(slots=True)
class Seeds:
    """What the user named: raw strings (validated here, garbage gets its row)."""

    pages: Iterable[str] = ()
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    counts: dict[str, int]
    fetched_pages: int
    seconds: float
    warc_files: list[str]
    repaired: list[str]
    interrupted: bool = False

    @property
    def pages_per_second(self) -> float:
        return self.fetched_pages / self.seconds if self.seconds > 0 else 0.0


def _config_info(cfg: FetchConfig) -> dict[str, str]:
    return {
        "http-header-user-agent": cfg.user_agent,
        "robots": "obey" if cfg.obey_robots else "ignore",
        "description": f"newsclean fetch; per-host delay {cfg.per_host_delay:g} s, "
        f"per-host concurrency {cfg.per_host_concurrency}",
    }


def add_seeds(cfg: FetchConfig, frontier: Frontier, seeds: Seeds) -> int:
    """Put the seeds in the frontier (one transaction per batch); returns new URLs."""
    include, exclude = cfg.include_res(), cfg.exclude_res()
    added = 0
    listings: list[tuple[str, str]] = []
    for kind, raws in (("feed", seeds.feeds), ("sitemap", seeds.sitemaps)):
        listings += [(kind, r) for r in raws]
    listings += [("site", r) for r in seeds.sites]
    frontier.begin()
    batch: list[NewUrl] = []
    relisted: list[str] = []
    for kind, raw in listings:
        url = normalize(raw if "://" in raw or kind != "site" else "https://" + raw)
        if url is None:
            frontier.add_done(raw, kind, Outcome(oc.INVALID_URL, "not an http(s) URL"))
            continue
        if kind == "site":
            url = host_of(url) + "/"
        batch.append(NewUrl(url, kind))
        relisted.append(url)
    added += frontier.add(batch)
    frontier.reset_seeds(relisted)  # listings named again are polled again
    batch = []
    for raw in seeds.pages:
        url = normalize(raw)
        if url is None:
            frontier.add_done(raw[:2000], "page", Outcome(oc.INVALID_URL, "not an http(s) URL"))
            continue
        why = url_filter_reason(cfg, url, None, include, exclude)
        if why is not None:
            frontier.add_done(url, "page", Outcome(oc.FILTERED, why))
            continue
        batch.append(NewUrl(url, "page"))
        if len(batch) >= 20_000:
            added += frontier.add(batch)
            frontier.commit()
            frontier.begin()
            batch = []
    added += frontier.add(batch)
    frontier.commit()
    return added


def run_partition(
    cfg: FetchConfig,
    phase: int,
    partition: int,
    partitions: int,
    max_pages: int | None,
    on_progress: Callable[[Stats], None] | None = None,
) -> Stats:
    """Fetch one phase of one partition (runs in the driver, a process or a Ray task)."""
    frontier = Frontier(cfg.out_dir)
    sink = None
    if phase == 1:
        sink = WarcSink(
            cfg.out_dir,
            prefix=cfg.warc_prefix,
            part=partition,
            max_bytes=cfg.warc_max_bytes,
            info=_config_info(cfg),
        )
    worker = Worker(
        cfg, frontier, sink, phase=phase, partition=partition, partitions=partitions,
        max_pages=max_pages, on_progress=on_progress,
    )  # fmt: skip
    try:
        return asyncio.run(worker.run())
    finally:
        if sink is not None:
            sink.close()
            # The last WARC end, after close (which fsyncs): nothing more is written.
            if worker.ops or sink.take_opened():
                worker._flush()
        frontier.close()


def _process_main(args: tuple[FetchConfig, int, int, int | None]) -> None:
    cfg, partition, partitions, max_pages = args
    run_partition(cfg, 1, partition, partitions, max_pages)


def fetch(
    cfg: FetchConfig,
    seeds: Seeds,
    *,
    progress: Callable[[str, Stats, int], None] | None = None,
) -> Summary:
    """Run a fetch into ``cfg.out_dir``; also continues one that was interrupted."""
    started = time.monotonic()
    os.makedirs(cfg.out_dir, exist_ok=True)
    frontier = Frontier(cfg.out_dir)
    repaired = repair(cfg.out_dir, frontier.warc_files())
    add_seeds(cfg, frontier, seeds)
    before_pages = frontier.count_fetched_pages()
    interrupted = False
    try:
        _phase(cfg, frontier, 0, progress)
        _phase(cfg, frontier, 1, progress)
        # A worker may queue a URL of a host another worker owns (a redirect to
        # another host) after that worker finished: go round until nothing is left.
        for _ in range(MAX_EXTRA_ROUNDS):
            left = frontier.count_pending(1)
            done = frontier.count_fetched_pages() - before_pages
            if left == 0 or (cfg.max_pages is not None and done >= cfg.max_pages):
                break
            _phase(replace(cfg, max_pages=_remaining(cfg, done)), frontier, 1, progress)
            if frontier.count_pending(1) >= left:
                break
    except KeyboardInterrupt:
        interrupted = True
    counts = frontier.outcome_counts()
    fetched = frontier.count_fetched_pages() - before_pages
    write_log(cfg.out_dir, frontier, pending_reason="interrupted" if interrupted else "max_pages")
    write_index(cfg.out_dir, frontier.cdx_lines())
    files = sorted(frontier.warc_files())
    frontier.close()
    return Summary(counts, fetched, time.monotonic() - started, files, repaired, interrupted)


MAX_EXTRA_ROUNDS = 5


def _remaining(cfg: FetchConfig, done: int) -> int | None:
    return None if cfg.max_pages is None else cfg.max_pages - done


def _phase(
    cfg: FetchConfig,
    frontier: Frontier,
    phase: int,
    progress: Callable[[str, Stats, int], None] | None,
) -> None:
    total = frontier.count_pending(phase)
    if total == 0:
        return
    name = "listings" if phase == 0 else "pages"
    workers = max(1, cfg.workers) if phase == 1 else 1

    def report(stats: Stats) -> None:
        if progress is not None:
            progress(name, stats, total)

    if workers == 1 and cfg.engine == "local":
        run_partition(cfg, phase, 0, 1, cfg.max_pages, report)
        return
    share = None if cfg.max_pages is None else math.ceil(cfg.max_pages / workers)
    if cfg.engine == "ray":
        from newsclean.fetch.ray_engine import run_partitions

        run_partitions(cfg, workers, share, lambda s: report(s))
        return
    # fork where there is one: the workers start at once, with everything imported
    # (spawn re-imports the package in each). The parent's frontier connection is
    # never used in a child, and forked children end with os._exit.
    ctx: Any = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    procs = [
        ctx.Process(target=_process_main, args=((cfg, p, workers, share),), daemon=False)
        for p in range(workers)
    ]
    for proc in procs:
        proc.start()
    try:
        while any(p.is_alive() for p in procs):
            for p in procs:
                p.join(timeout=0.5)
            if progress is not None:
                report(_db_stats(frontier, total))
    except KeyboardInterrupt:
        for p in procs:
            p.join(timeout=10)
        raise
    failed = [p.exitcode for p in procs if p.exitcode not in (0, None)]
    if failed:
        print(
            f"newsclean fetch: {len(failed)} worker(s) failed; --resume continues",
            file=sys.stderr,
        )


def _db_stats(frontier: Frontier, total: int) -> Stats:
    left = frontier.count_pending(1)
    s = Stats()
    s.done = total - left
    return s
