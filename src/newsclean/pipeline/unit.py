"""Pass 1 over one task (its input units in order): read, process, write a shard
and dedup features.

``process_unit`` is what an executor (local process or Ray task) runs. It is a
pure function of its task: the same task always writes the same files under the
same names, so a task that is re-run after a crash replaces its own output and
never duplicates records.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from newsclean.clean.boilerplate import site_of, write_lines_parquet
from newsclean.dedup.clusters import article_features, write_features_parquet
from newsclean.io.readers import read_unit
from newsclean.io.writers import ParquetWriter
from newsclean.pipeline.stages import process_document, warm_up
from newsclean.pipeline.tasks import (
    FEATURE_MIN_CHARS,
    NO_DOCUMENT,
    DocumentTimeout,
    StageClock,
    UnitResult,
    UnitTask,
    features_name,
    lines_name,
    shard_name,
    unreadable_document,
)
from newsclean.record import ERROR, OK, Article, Document


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


def _timed(unit: Any, it: Iterator[Document], clock: StageClock) -> Iterator[Document]:
    n = 0
    while True:
        t0 = clock.now()
        try:
            doc = next(it)
        except StopIteration:
            clock.add("read", t0)
            return
        except Exception:
            # Readers should never raise; if one does, the rest of the unit is
            # unreadable and one error record stands for it.
            clock.add("read", t0)
            yield unreadable_document(unit, n)
            return
        clock.add("read", t0)
        n += 1
        yield doc


def _read(unit: Any, task: UnitTask) -> Iterator[Document]:
    try:
        return iter(read_unit(unit, task.options.limits, task.options.keys))
    except Exception:
        return iter([unreadable_document(unit, 0)])


def _documents(
    task: UnitTask, clock: StageClock, on_bytes: Callable[[int], None] | None
) -> Iterator[Document]:
    """Every document of the task's units, in order; ``on_bytes`` hears the input
    bytes of the units finished so far."""
    done = 0
    for unit in task.units:
        yield from _timed(unit, _read(unit, task), clock)
        done += int(getattr(unit, "size", 0))
        if on_bytes is not None:
            on_bytes(done)


def process_unit(
    task: UnitTask,
    on_doc: Callable[[int], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> UnitResult:
    """Process every document of the task's units into ``work_dir/pass1`` (+ features)."""
    opts = task.options
    clock = StageClock()
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    shard_rel = shard_name(task.ordinal)
    feats_rel = features_name(task.ordinal) if task.dedup else None
    feats: list[tuple[Any, ...]] = []
    lines_rel = lines_name(task.ordinal) if task.boilerplate else None
    docs_lines: list[tuple[str | None, str]] = []
    # Outside the time limit: the first document must not pay for loading the stages.
    t_warm = clock.now()
    warm_up(opts)
    clock.add("warm_up", t_warm)
    alarm = _Alarm(opts.limits.document_timeout_s)
    writer = ParquetWriter(os.path.join(task.work_dir, shard_rel))
    n = 0
    try:
        for idx, doc in enumerate(_documents(task, clock, on_bytes)):
            if on_doc is not None:
                on_doc(idx)
            t0 = clock.now()
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
            clock.add("process", t0)
            if art.status == ERROR and art.error and len(errors) < 20:
                errors.append(f"{art.source}: {art.error}")
            if feats_rel is not None and art.status == OK and len(art.text) >= FEATURE_MIN_CHARS:
                t1 = clock.now()
                feats.append(article_features(art))
                clock.add("signatures", t1)
            if lines_rel is not None and art.status == OK and art.text:
                docs_lines.append((site_of(art.url, art.site_name), art.text))
            t2 = clock.now()
            writer.write(art)
            clock.add("write", t2)
            statuses[art.status] += 1
            n += 1
        if on_doc is not None:
            on_doc(NO_DOCUMENT)
        t3 = clock.now()
        writer.close()
        if feats_rel is not None:
            write_features_parquet(os.path.join(task.work_dir, feats_rel), feats)
        clock.add("write", t3)
        if lines_rel is not None:
            # its own step, not a part of "write": the summary's steps add up
            t4 = clock.now()
            write_lines_parquet(os.path.join(task.work_dir, lines_rel), docs_lines)
            clock.add("boilerplate_keys", t4)
    except BaseException:
        writer.abort()
        raise
    finally:
        alarm.close()
    wall, cpu = clock.results()
    return UnitResult(
        ordinal=task.ordinal,
        shard=shard_rel,
        features=feats_rel,
        documents=n,
        statuses=dict(statuses),
        timings=wall,
        errors=errors,
        lines=lines_rel,
        input_bytes=task.size,
        cpu_timings=cpu,
    )
