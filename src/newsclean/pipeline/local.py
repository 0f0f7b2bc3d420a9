"""Local executor: a supervised pool of worker processes over input units.

Not ``concurrent.futures``: one dead worker there breaks the whole pool. Here
each worker has its own pipe and a small shared array saying which document it
is on and since when. The parent
- gives an idle worker the next unit,
- when a worker dies, restarts it and re-queues the unit with that document
  marked ``worker_crash`` (the unit is redone from its start under the same
  shard name, so nothing is duplicated),
- when a document runs past the time limit and the worker's own alarm did not
  stop it (a hang inside C code), kills the worker and marks it ``timeout``.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from newsclean.options import Options
from newsclean.pipeline.stages import warm_up
from newsclean.pipeline.tasks import NO_DOCUMENT, UnitResult, UnitTask
from newsclean.pipeline.worker import run_task

MAX_ATTEMPTS = 5
"""A unit whose worker died this often is given up (its reader itself is crashing)."""

_IDX, _START, _DONE, _BYTES = 0, 1, 2, 3  # slots of a worker's shared state array


def _worker_main(conn: Connection, state: Any) -> None:
    # Ctrl-C reaches the whole process group; the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def on_doc(idx: int) -> None:
        if idx == NO_DOCUMENT:
            # Closing the unit: no document's time limit runs (a crash now is still
            # pinned on the last document, the one most likely to blame).
            state[_START] = 0.0
            return
        state[_IDX] = float(idx)
        state[_START] = time.monotonic()
        state[_DONE] += 1.0

    def on_bytes(n: int) -> None:
        state[_BYTES] = float(n)

    # Load the stages before taking work (while the parent hands out units), so the
    # first document is not charged for it; ``process_unit`` warms up again only if
    # the task's options differ.
    with contextlib.suppress(Exception):
        warm_up(Options())
    # The worker is newsclean's own process: what exists now (modules, the
    # stages' tables and models) lives as long as it does. Frozen, it is left out
    # of the cyclic collector's full collections, which otherwise walk it again
    # every few dozen documents (the collector's share of an extraction loop,
    # measured over 499 wcxb-dev pages: about 4.3% -> 1.9%).
    gc.freeze()
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        state[_IDX], state[_START], state[_BYTES] = -1.0, 0.0, 0.0
        try:
            res: Any = run_task(task, on_doc, on_bytes)
        except Exception as exc:  # a unit-level failure (unreadable file); reported, not fatal
            res = exc
        state[_START] = 0.0
        conn.send((task.ordinal, res))


@dataclass
class _Slot:
    proc: Any
    conn: Connection
    state: Any
    task: UnitTask | None = None


class UnitFailed(Exception):
    """A unit could not be completed (reported in the summary, the run goes on)."""


def _context() -> Any:
    # forkserver: children do not inherit the parent's threads (tqdm, DuckDB).
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        # The stages are loaded once, in the fork server, for every worker (prewarm).
        ctx.set_forkserver_preload(["newsclean.pipeline.unit", "newsclean.pipeline.prewarm"])
    return ctx


class LocalExecutor:
    def __init__(self, workers: int, timeout_s: float) -> None:
        self.workers = max(1, workers)
        self.timeout_s = timeout_s
        # Past the in-worker alarm, how long before the parent kills a worker.
        self.hard_timeout_s = timeout_s + max(5.0, timeout_s * 0.5) if timeout_s > 0 else 0.0
        self._ctx = _context()
        self._slots: list[_Slot] = []
        self.crashes = 0
        self.kills = 0

    def _spawn(self) -> _Slot:
        parent, child = self._ctx.Pipe()
        state = self._ctx.Array("d", 4, lock=False)
        proc = self._ctx.Process(target=_worker_main, args=(child, state), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent, state)

    def docs_done(self) -> int:
        return int(sum(s.state[_DONE] for s in self._slots)) + self._dead_done

    def bytes_done(self) -> int:
        """Input bytes of finished tasks, plus the finished units of running ones."""
        live = sum(s.state[_BYTES] for s in self._slots if s.task is not None)
        return self._bytes_done + int(live)

    _dead_done = 0
    _bytes_done = 0

    def _replace(self, i: int) -> None:
        old = self._slots[i]
        self._dead_done += int(old.state[_DONE])
        with contextlib.suppress(OSError):
            old.conn.close()
        old.proc.join(timeout=1)
        self._slots[i] = self._spawn()

    def run(
        self,
        tasks: Sequence[UnitTask],
        on_done: Callable[[UnitResult], None],
        on_failed: Callable[[UnitTask, str], None],
        on_tick: Callable[[int, int], None] | None = None,
    ) -> None:
        """Process every task; ``on_done`` is called in the parent as each finishes,
        ``on_tick`` a few times a second with the documents and input bytes done."""
        queue: deque[UnitTask] = deque(tasks)
        self._dead_done = self._bytes_done = 0
        n = min(self.workers, len(queue))
        if n == 0:
            return
        self._slots = [self._spawn() for _ in range(n)]
        try:
            while queue or any(s.task is not None for s in self._slots):
                for s in self._slots:
                    if s.task is None and queue:
                        s.task = queue.popleft()
                        s.conn.send(s.task)
                busy: dict[Any, _Slot] = {s.conn: s for s in self._slots if s.task is not None}
                for ready in wait(list(busy), timeout=0.2):
                    s = busy[ready]
                    try:
                        _, res = s.conn.recv()
                    except (EOFError, OSError):
                        continue  # died while sending: handled as a crash below
                    task, s.task = s.task, None
                    assert task is not None
                    self._bytes_done += task.size
                    if isinstance(res, UnitResult):
                        on_done(res)
                    else:
                        on_failed(task, f"{type(res).__name__}: {res}")
                self._supervise(queue, on_failed)
                if on_tick is not None:
                    on_tick(self.docs_done(), self.bytes_done())
        finally:
            self.close()

    def _supervise(
        self, queue: deque[UnitTask], on_failed: Callable[[UnitTask, str], None]
    ) -> None:
        now = time.monotonic()
        for i, s in enumerate(self._slots):
            task = s.task
            if task is None:
                if not s.proc.is_alive():
                    self._replace(i)
                continue
            idx, start = int(s.state[_IDX]), float(s.state[_START])
            if not s.proc.is_alive():
                reason = "worker_crash"
                self.crashes += 1
            elif self.hard_timeout_s and start > 0 and now - start > self.hard_timeout_s:
                reason = "timeout"
                self.kills += 1
                s.proc.kill()
            else:
                continue
            s.task = None
            self._replace(i)
            task.attempts += 1
            if idx < 0 or task.attempts >= MAX_ATTEMPTS or idx in task.bad:
                self._bytes_done += task.size
                on_failed(task, f"worker died reading {task.describe()} ({reason})")
                continue
            task.bad[idx] = reason
            queue.appendleft(task)

    def close(self) -> None:
        for s in self._slots:
            try:
                if s.proc.is_alive() and s.task is None:
                    s.conn.send(None)
            except OSError:
                pass
        for s in self._slots:
            s.proc.join(timeout=2)
            if s.proc.is_alive():
                s.proc.kill()
                s.proc.join(timeout=2)
            s.conn.close()
        self._slots = []


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
