"""The one function an executor runs per task: pass 1 or pass 2 of one unit."""

from __future__ import annotations

from collections.abc import Callable

from newsclean.pipeline.corpus import apply_unit
from newsclean.pipeline.tasks import UnitResult, UnitTask
from newsclean.pipeline.unit import process_unit


def run_task(
    task: UnitTask,
    on_doc: Callable[[int], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> UnitResult:
    """What a worker runs: pass 1 (read, extract, clean) or pass 2 (corpus
    boilerplate) of one task; ``on_doc`` hears each document's index, ``on_bytes``
    the input bytes done (pass 1)."""
    if task.phase == "pass2":
        return apply_unit(task, on_doc)
    return process_unit(task, on_doc, on_bytes)
