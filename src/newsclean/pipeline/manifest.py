"""What a run has finished, for ``--resume``.

``DIR/_work/run.json`` fixes the run's inputs, units and options; a resumed run
must match it. ``DIR/_work/manifest.jsonl`` is append-only: one line per
completed unit, written (and fsynced) only after the unit's shard and features
were renamed into place. A line cut short by kill -9 is ignored, so the manifest
never claims a shard that does not exist; a shard without a manifest line is
simply redone under the same name.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

import orjson

from newsclean.io.writers import fsync_dir
from newsclean.options import Options
from newsclean.pipeline.tasks import UnitResult

RUN_FILE = "run.json"
MANIFEST_FILE = "manifest.jsonl"


class ResumeMismatch(Exception):
    """The output directory holds a different run than the one asked for."""


def unit_key(unit: Any) -> list[Any]:
    return [str(unit.path), str(unit.kind), int(getattr(unit, "start", 0) or 0),
            getattr(unit, "end", None), int(unit.ordinal)]  # fmt: skip


def run_spec(units: list[Any], options: Options, dedup: bool) -> dict[str, Any]:
    return {
        "version": 1,
        "units": [unit_key(u) for u in units],
        "options": json.loads(json.dumps(dataclasses.asdict(options))),
        "dedup": dedup,
    }


class Manifest:
    def __init__(self, work_dir: str) -> None:
        self.work_dir = work_dir
        self.run_path = os.path.join(work_dir, RUN_FILE)
        self.path = os.path.join(work_dir, MANIFEST_FILE)

    def exists(self) -> bool:
        return os.path.exists(self.run_path)

    def start(self, spec: dict[str, Any]) -> None:
        """Begin a new run: write run.json and an empty manifest."""
        os.makedirs(self.work_dir, exist_ok=True)
        tmp = self.run_path + ".tmp"
        with open(tmp, "wb") as fh:
            fh.write(orjson.dumps(spec))
            os.fsync(fh.fileno())
        os.replace(tmp, self.run_path)
        with open(self.path, "wb") as fh:
            os.fsync(fh.fileno())
        fsync_dir(self.work_dir)

    def check(self, spec: dict[str, Any]) -> None:
        """Raise ResumeMismatch unless ``spec`` is the run recorded in run.json."""
        with open(self.run_path, "rb") as fh:
            old = orjson.loads(fh.read())
        for key in ("units", "options", "dedup"):
            if old.get(key) != spec.get(key):
                raise ResumeMismatch(
                    f"the run in {os.path.dirname(self.work_dir) or '.'} was started with "
                    f"different {key}; resume with the same inputs and options, or use a "
                    "new --out directory"
                )

    def completed(self, phase: str = "pass1") -> dict[int, UnitResult]:
        """Units recorded as done in ``phase`` whose files are present."""
        done: dict[int, UnitResult] = {}
        if not os.path.exists(self.path):
            return done
        with open(self.path, "rb") as fh:
            lines = fh.read().split(b"\n")
        if lines and lines[-1]:
            # Cut short by a crash: end it so the next record starts on its own line.
            with open(self.path, "ab") as fh:
                fh.write(b"\n")
        for line in lines:
            if not line.strip():
                continue
            try:
                res = UnitResult(**orjson.loads(line))
            except (orjson.JSONDecodeError, TypeError):
                continue  # a line cut short by a crash: that unit is redone
            if res.phase != phase:
                continue
            files = [res.shard] + ([res.features] if res.features else [])
            if all(os.path.exists(os.path.join(self.work_dir, f)) for f in files):
                done[res.ordinal] = res
        return done

    def record(self, res: UnitResult) -> None:
        line = orjson.dumps(dataclasses.asdict(res)) + b"\n"
        with open(self.path, "ab") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
