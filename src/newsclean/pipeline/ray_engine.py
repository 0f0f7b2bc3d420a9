"""Ray executor: the same unit tasks as the local engine, as Ray tasks.

Measured choice: plain Ray tasks over input units (one task = one unit's pass,
writing its own shard), not Ray Data. The work is one Python function per unit
that streams its documents to a Parquet file; Ray Data would add a block
serialisation step per batch of records and its own scheduling for no gain, and
tasks keep the resume manifest identical to the local engine's.

Fault handling: each task runs its unit in a supervised child process (the
local engine's ``LocalExecutor`` with one worker; its forkserver is started once
per Ray worker and reused). A document that runs past the time limit, even in
C code that ignores the alarm, or that kills the interpreter, becomes an
``error`` record (``timeout``/``worker_crash``) and the unit completes; the Ray
worker itself never dies for a bad document. A task that still fails (the node
was lost) is resubmitted once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from newsclean.pipeline.tasks import UnitResult, UnitTask


def _in_driver_cwd(cwd: str) -> None:
    # Ray starts workers in its session directory; relative input paths (and
    # the locators/ids derived from them) must mean what they mean to the driver.
    if os.path.isdir(cwd) and os.getcwd() != cwd:
        os.chdir(cwd)


def _isolated(task: UnitTask, timeout_s: float, cwd: str) -> UnitResult:
    from newsclean.pipeline.local import LocalExecutor

    _in_driver_cwd(cwd)

    results: list[UnitResult] = []
    failures: list[str] = []
    LocalExecutor(1, timeout_s).run([task], results.append, lambda t, m: failures.append(m))
    if results:
        return results[0]
    raise RuntimeError(failures[0] if failures else "unit failed in isolation")


def connect(address: str | None, num_cpus: int | None) -> Any:
    """Join ``address`` (or $RAY_ADDRESS), else start a quiet local cluster."""
    import ray

    if ray.is_initialized():
        return ray
    common: dict[str, Any] = {
        "logging_level": logging.WARNING,
        "log_to_driver": False,
        "configure_logging": True,
    }
    if address:
        ray.init(address=address, **common)
    else:
        ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False, **common)
    return ray


class RayExecutor:
    def __init__(self, address: str | None, workers: int | None, timeout_s: float) -> None:
        self.address = address
        self.timeout_s = timeout_s
        self._ray = connect(address, workers)
        cpus = int(self._ray.cluster_resources().get("CPU", 1))
        self.workers = workers or cpus

    def run(
        self,
        tasks: Sequence[UnitTask],
        on_done: Callable[[UnitResult], None],
        on_failed: Callable[[UnitTask, str], None],
        on_tick: Callable[[int, int], None] | None = None,
    ) -> None:
        ray = self._ray
        cwd = os.getcwd()
        isolated = ray.remote(num_cpus=1, max_retries=0)(_isolated)
        pending: dict[Any, tuple[UnitTask, bool]] = {}
        queue = list(tasks)
        queue.reverse()
        docs = done_bytes = 0
        limit = max(1, self.workers) * 2  # bounded in-flight tasks: bounded driver memory

        def submit() -> None:
            while queue and len(pending) < limit:
                t = queue.pop()
                pending[isolated.remote(t, self.timeout_s, cwd)] = (t, False)

        submit()
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
            for ref in ready:
                task, was_isolated = pending.pop(ref)
                try:
                    res: UnitResult = ray.get(ref)
                except Exception as exc:  # the worker died or the task raised
                    if was_isolated:  # already resubmitted once
                        done_bytes += task.size
                        on_failed(task, f"{type(exc).__name__}: {exc}"[:500])
                    else:
                        pending[isolated.remote(task, self.timeout_s, cwd)] = (task, True)
                    continue
                docs += res.documents
                done_bytes += task.size
                on_done(res)
            submit()
            if on_tick is not None:
                on_tick(docs, done_bytes)
