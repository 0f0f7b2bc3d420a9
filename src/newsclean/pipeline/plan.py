"""How a run's inputs become tasks: enough of them for every worker, none tiny.

The target size of a task is the input's total size divided among
``TASKS_PER_WORKER`` tasks per worker (so a slow task near the end cannot keep
the other workers idle for long), bounded by ``MIN_TASK_BYTES`` (below it, the
cost of a task's files outweighs its work, unless the whole input is smaller than
that per worker) and by ``split_bytes``. Large WARC,
JSON Lines and Parquet files are split into ranges of that size
(``list_units``); consecutive small files are grouped until a task reaches it
or holds ``MAX_TASK_UNITS`` files. The plan is recorded in the run's manifest,
so ``--resume`` follows it even with another ``--workers``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from newsclean.io.readers import InputUnit, list_units

TASKS_PER_WORKER = 8
MIN_TASK_BYTES = 256 * 1024
MAX_TASK_UNITS = 2000
DEFAULT_SPLIT_BYTES = 256 * 1024 * 1024


def task_bytes(total: int, workers: int, split_bytes: int | None) -> int:
    """The target input bytes of one task."""
    cap = split_bytes if split_bytes and split_bytes > 0 else DEFAULT_SPLIT_BYTES
    share = total // max(1, workers * TASKS_PER_WORKER)
    # A small input still gives every worker a task of its own.
    per_worker = -(-total // max(1, workers))
    return max(1, min(cap, max(MIN_TASK_BYTES, share), per_worker))


def input_units(paths: Sequence[str], exclude: Sequence[str] = ()) -> list[InputUnit]:
    """Whole-file units of ``paths``, without the files under ``exclude`` (a run's own
    output and work directories, when they sit inside an input directory)."""
    roots = [os.path.realpath(d) + os.sep for d in exclude]
    units = list_units(paths)
    if not roots:
        return units
    return [u for u in units if not os.path.realpath(u.path).startswith(tuple(roots))]


def plan_tasks(
    paths: Sequence[str],
    workers: int,
    split_bytes: int | None = None,
    exclude: Sequence[str] = (),
) -> list[list[InputUnit]]:
    """The units of ``paths``, split and grouped into tasks (each a list of units in
    input order). Units keep the path as given for their locators (``name``) and
    open the absolute path, so a resumed run reads them from any directory."""
    whole = input_units(paths, exclude)
    target = task_bytes(sum(u.size for u in whole), workers, split_bytes)
    units: list[InputUnit] = []
    for u in whole:
        parts = list_units([u.path], split_bytes=target) if u.size > target else [u]
        units.extend(replace(part, ordinal=len(units) + i) for i, part in enumerate(parts))
    tasks: list[list[InputUnit]] = []
    current: list[InputUnit] = []
    current_bytes = 0
    for u in units:
        size = u.size
        if current and (current_bytes + size > target or len(current) >= MAX_TASK_UNITS):
            tasks.append(current)
            current, current_bytes = [], 0
        current.append(replace(u, path=os.path.abspath(u.path), name=u.name or u.path))
        current_bytes += size
    if current:
        tasks.append(current)
    return tasks
