"""Pass 1 over one input unit: read, process, write a shard and dedup features.

``process_unit`` is what an executor (local process or Ray task) runs. It is a
pure function of its task: the same task always writes the same files under the
same names, so a unit that is re-run after a crash replaces its own output and
never duplicates records.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from newsclean.options import Options
from newsclean.pipeline.output import ParquetShardWriter
from newsclean.pipeline.sources import read_unit
from newsclean.pipeline.stages import last_error, process_document, warm_up
from newsclean.record import ERROR, OK, Article, Document

FEATURE_MIN_CHARS = 1
"""Records with text get dedup features; the clusterer applies its own word minimum."""


NO_DOCUMENT = -1
"""``on_doc`` index meaning "past the last document": the unit is being closed
(shard, features, line keys written), which no per-document limit should charge."""


class DocumentTimeout(BaseException):
    """Raised by the alarm inside a document; BaseException so that stages'
    ``except Exception`` cannot swallow it."""


@dataclass(slots=True)
class UnitTask:
    """One unit to process, with documents already known to kill or hang a worker."""

    unit: Any
    work_dir: str
    options: Options
    dedup: bool = True
    boilerplate: bool = True  # pass 1 emits line keys for the corpus table
    phase: str = "pass1"  # or "pass2": apply the corpus boilerplate table
    bad: dict[int, str] = field(default_factory=dict)  # doc index -> timeout|worker_crash
    attempts: int = 0
    # The per-document function (a picklable module-level function); the default
    # is the pipeline's. Executor tests plug in one that hangs or kills its worker.
    process: Callable[[Document, Options], Article] | None = None

    @property
    def ordinal(self) -> int:
        return int(self.unit.ordinal)


@dataclass(slots=True)
class UnitResult:
    ordinal: int
    shard: str  # relative to work_dir
    features: str | None
    documents: int
    statuses: dict[str, int]
    timings: dict[str, float]
    errors: list[str] = field(default_factory=list)  # sample of exception messages
    lines: str | None = None  # boilerplate line-key part (pass 1)
    phase: str = "pass1"
    changed: int = 0  # pass 2: records the boilerplate table changed


def shard_name(ordinal: int, phase: str = "pass1") -> str:
    return os.path.join(phase, f"unit-{ordinal:06d}.parquet")


def features_name(ordinal: int, phase: str = "pass1") -> str:
    return os.path.join(f"features-{phase}", f"unit-{ordinal:06d}.parquet")


def lines_name(ordinal: int) -> str:
    return os.path.join("lines", f"unit-{ordinal:06d}.parquet")


BOILERPLATE_TABLE = "boilerplate.json"


def run_task(task: UnitTask, on_doc: Callable[[int], None] | None = None) -> UnitResult:
    """What a worker runs: pass 1 or pass 2 of one unit."""
    if task.phase == "pass2":
        from newsclean.pipeline.corpus import apply_unit

        return apply_unit(task, on_doc)
    return process_unit(task, on_doc)


class _Alarm:
    """Per-document soft time limit via SIGALRM (main thread only; else no-op)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = seconds > 0 and threading.current_thread() is threading.main_thread()
        self._old: Any = None
        if self.active:
            try:
                self._old = signal.signal(signal.SIGALRM, self._fire)
            except ValueError:
                self.active = False

    @staticmethod
    def _fire(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout()

    def start(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def close(self) -> None:
        if self.active:
            self.stop()
            signal.signal(signal.SIGALRM, self._old or signal.SIG_DFL)


def _timed(unit: Any, it: Iterator[Document], acc: dict[str, float]) -> Iterator[Document]:
    n = 0
    while True:
        t0 = time.perf_counter()
        try:
            doc = next(it)
        except StopIteration:
            acc["read"] += time.perf_counter() - t0
            return
        except Exception:
            # Readers should never raise; if one does, the rest of the unit is
            # unreadable and one error record stands for it.
            acc["read"] += time.perf_counter() - t0
            yield unreadable_document(unit, n)
            return
        acc["read"] += time.perf_counter() - t0
        n += 1
        yield doc


def unreadable_document(unit: Any, position: int) -> Document:
    """The record standing for a unit (or its rest) that could not be read."""
    path = str(unit.path)
    return Document(
        id=f"{path}#unit={int(unit.ordinal)}:{position}",
        source=f"{path}#unreadable-from={position}",
        status=ERROR,
        reason="truncated_input" if position else "malformed_input",
    )


def _read(task: UnitTask) -> Iterator[Document]:
    try:
        return iter(read_unit(task.unit, task.options.limits))
    except Exception:
        return iter([unreadable_document(task.unit, 0)])


def process_unit(task: UnitTask, on_doc: Callable[[int], None] | None = None) -> UnitResult:
    """Process every document of ``task.unit`` into ``work_dir/pass1`` (+ features)."""
    from newsclean.pipeline import boilerplate_hooks, dedup_hooks

    opts = task.options
    timings: defaultdict[str, float] = defaultdict(float)
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    shard_rel = shard_name(task.ordinal)
    feats_rel = features_name(task.ordinal) if task.dedup and dedup_hooks.available() else None
    feats: list[tuple[Any, ...]] = []
    lines_rel = (
        lines_name(task.ordinal) if task.boilerplate and boilerplate_hooks.available() else None
    )
    docs_lines: list[tuple[str | None, str]] = []
    # Outside the time limit: the first document must not pay for loading the stages.
    t_warm = time.perf_counter()
    warm_up(opts)
    timings["warm_up"] += time.perf_counter() - t_warm
    alarm = _Alarm(opts.limits.document_timeout_s)
    writer = ParquetShardWriter(os.path.join(task.work_dir, shard_rel))
    n = 0
    try:
        for idx, doc in enumerate(_timed(task.unit, _read(task), timings)):
            if on_doc is not None:
                on_doc(idx)
            t0 = time.perf_counter()
            if idx in task.bad:
                art = Article.failed(doc, ERROR, task.bad[idx])
            else:
                try:
                    alarm.start()
                    try:
                        art = (task.process or process_document)(doc, opts)
                    finally:
                        alarm.stop()
                except DocumentTimeout:
                    art = Article.failed(doc, ERROR, "timeout")
            timings["process"] += time.perf_counter() - t0
            if art.status == ERROR and art.reason == "exception" and len(errors) < 20:
                msg = last_error(art.id)
                if msg:
                    errors.append(f"{art.source}: {msg}")
            if feats_rel is not None and art.status == OK and len(art.text) >= FEATURE_MIN_CHARS:
                t1 = time.perf_counter()
                feats.append(dedup_hooks.feature_row(art))
                timings["signatures"] += time.perf_counter() - t1
            if lines_rel is not None and art.status == OK and art.text:
                docs_lines.append((boilerplate_hooks.site(art), art.text))
            t2 = time.perf_counter()
            writer.write(art)
            timings["write"] += time.perf_counter() - t2
            statuses[art.status] += 1
            n += 1
        if on_doc is not None:
            on_doc(NO_DOCUMENT)
        t3 = time.perf_counter()
        writer.close()
        if feats_rel is not None:
            dedup_hooks.write_features(os.path.join(task.work_dir, feats_rel), feats)
        if lines_rel is not None:
            t4 = time.perf_counter()
            boilerplate_hooks.write_lines(os.path.join(task.work_dir, lines_rel), docs_lines)
            timings["boilerplate_keys"] += time.perf_counter() - t4
        timings["write"] += time.perf_counter() - t3
    except BaseException:
        writer.abort()
        raise
    finally:
        alarm.close()
    return UnitResult(
        ordinal=task.ordinal,
        shard=shard_rel,
        features=feats_rel,
        documents=n,
        statuses=dict(statuses),
        timings=dict(timings),
        errors=errors,
        lines=lines_rel,
    )
