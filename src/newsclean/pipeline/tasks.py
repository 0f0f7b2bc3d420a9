"""What the executors schedule: a task (one or more input units, read in order)
for one pass, and what it made.

A task groups many small files, or holds one range of a large file, so that
every worker has work and no task is tiny (``plan``). Shared by the pass modules
(``unit`` for pass 1, ``corpus`` for pass 2), the executors (local processes,
Ray) and the manifest; it imports none of them.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsclean.options import Options
from newsclean.record import ERROR, Article, Document

FEATURE_MIN_CHARS = 1
"""Records with text get dedup features; the clusterer applies its own word minimum."""


NO_DOCUMENT = -1
"""``on_doc`` index meaning "past the last document": the unit is being closed
(shard, features, line keys written), which no per-document limit should charge."""


class DocumentTimeout(BaseException):
    """Raised by the alarm inside a document; BaseException so that stages'
    ``except Exception`` cannot swallow it."""


class StageClock:
    """Seconds each step of a task took, both wall (with waits for the disk or a
    busy core) and CPU of the worker's thread (what the step itself cost).
    The Parquet writer's own threads fall outside the steps; the process's
    whole CPU is the CPU table's ``cpu`` entry.
    """

    __slots__ = ("wall", "cpu", "_cpu0")

    def __init__(self) -> None:
        self.wall: defaultdict[str, float] = defaultdict(float)
        self.cpu: defaultdict[str, float] = defaultdict(float)
        self._cpu0 = time.process_time()

    @staticmethod
    def now() -> tuple[float, float]:
        return time.perf_counter(), time.thread_time()

    def add(self, step: str, since: tuple[float, float]) -> None:
        wall, cpu = self.now()
        self.wall[step] += wall - since[0]
        self.cpu[step] += cpu - since[1]

    def results(self) -> tuple[dict[str, float], dict[str, float]]:
        """(wall, cpu) by step; cpu's ``cpu`` is the whole process's CPU since
        the clock started."""
        cpu = dict(self.cpu)
        cpu["cpu"] = time.process_time() - self._cpu0
        return dict(self.wall), cpu


@dataclass(slots=True)
class UnitTask:
    """Units to process in order (an ``InputUnit`` or a sequence of them), with the
    documents already known to kill or hang a worker (by index in the task)."""

    units: Any
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
    number: int | None = None  # the task's number in the run (default: its first unit's)

    def __post_init__(self) -> None:
        if not isinstance(self.units, tuple | list):
            self.units = (self.units,)
        self.units = tuple(self.units)

    @property
    def ordinal(self) -> int:
        return int(self.units[0].ordinal) if self.number is None else self.number

    @property
    def unit(self) -> Any:
        """The first unit (for messages)."""
        return self.units[0]

    @property
    def size(self) -> int:
        """Input bytes of the task (progress and ETA)."""
        return sum(int(getattr(u, "size", 0)) for u in self.units)

    def describe(self) -> str:
        first = str(getattr(self.units[0], "display", self.units[0].path))
        return first if len(self.units) == 1 else f"{first} and {len(self.units) - 1} more"


@dataclass(slots=True)
class UnitResult:
    ordinal: int
    shard: str  # relative to work_dir
    features: str | None
    documents: int
    statuses: dict[str, int]
    timings: dict[str, float]  # wall seconds by step (StageClock)
    errors: list[str] = field(default_factory=list)  # sample of exception messages
    lines: str | None = None  # boilerplate line-key part (pass 1)
    phase: str = "pass1"
    changed: int = 0  # pass 2: records the boilerplate table changed
    input_bytes: int = 0
    cpu_timings: dict[str, float] = field(default_factory=dict)  # CPU seconds by step


def shard_name(ordinal: int, phase: str = "pass1") -> str:
    return os.path.join(phase, f"unit-{ordinal:06d}.parquet")


def features_name(ordinal: int, phase: str = "pass1") -> str:
    return os.path.join(f"features-{phase}", f"unit-{ordinal:06d}.parquet")


def lines_name(ordinal: int) -> str:
    return os.path.join("lines", f"unit-{ordinal:06d}.parquet")


BOILERPLATE_TABLE = "boilerplate.json"


def unreadable_document(unit: Any, position: int) -> Document:
    """The record standing for a unit (or its rest) that could not be read."""
    path = str(getattr(unit, "display", unit.path))
    return Document(
        id=f"{path}#unit={int(unit.ordinal)}:{position}",
        source=f"{path}#unreadable-from={position}",
        status=ERROR,
        reason="truncated_input" if position else "malformed_input",
    )
