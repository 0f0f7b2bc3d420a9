"""``--engine ray``: the page phase split across Ray workers by host.

Each Ray task owns the hosts whose hash falls in its partition (frontier.py),
so per-host politeness holds without any coordination between tasks. Every
task opens the same output directory: the Ray workers must see it (one
machine, or a shared file system with working POSIX locks, which SQLite needs).
Ray is optional: it is checked when asked for.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from newsclean.fetch.config import FetchConfig
from newsclean.fetch.engine import Stats

INSTALL = "pip install 'newsclean[ray]'"


class RayUnavailable(RuntimeError):
    pass


def check_ray() -> None:
    if importlib.util.find_spec("ray") is None:
        raise RayUnavailable(f"--engine ray needs Ray, which is not installed: {INSTALL}")


def run_partitions(
    cfg: FetchConfig,
    workers: int,
    max_pages: int | None,
    report: Callable[[Stats], None] | None = None,
) -> list[Stats]:
    check_ray()
    import ray

    started_here = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if cfg.ray_address:
            kwargs["address"] = cfg.ray_address
        else:
            kwargs["num_cpus"] = workers
        ray.init(**kwargs)
        started_here = True
    try:
        task = ray.remote(num_cpus=1, max_retries=0)(_partition)
        refs = [task.remote(cfg, p, workers, max_pages) for p in range(workers)]
        results: list[Stats] = ray.get(refs)
    finally:
        if started_here:
            ray.shutdown()
    if report is not None:
        total = Stats()
        for s in results:
            total.done += s.done
            total.fetched += s.fetched
            total.errors += s.errors
        report(total)
    return results


def _partition(cfg: FetchConfig, partition: int, partitions: int, max_pages: int | None) -> Stats:
    from newsclean.fetch.run import run_partition

    return run_partition(cfg, 1, partition, partitions, max_pages)
