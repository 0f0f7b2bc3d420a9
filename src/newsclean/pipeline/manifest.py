"""What a run has finished, for ``--resume``.

``WORK/run.json`` fixes the run: its inputs (resolved paths, so ``crawl/`` and
``/data/crawl`` are the same input), a digest of the input files and their
sizes, the task plan, the options and the output directory; a resumed run must
match it and follows its plan. ``WORK/manifest.jsonl`` is append-only: one line
per completed task, written (and fsynced) only after the task's shard and
features were renamed into place. A line cut short by kill -9 is ignored, so the
manifest never claims a shard that does not exist; a shard without a manifest
line is simply redone under the same name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Sequence
from typing import Any

import orjson

from newsclean.io.readers import InputUnit
from newsclean.io.writers import fsync_dir
from newsclean.options import Options
from newsclean.pipeline.plan import input_units
from newsclean.pipeline.tasks import UnitResult

RUN_FILE = "run.json"
MANIFEST_FILE = "manifest.jsonl"
SPEC_VERSION = 2


class ResumeMismatch(Exception):
    """The work directory holds a different run than the one asked for."""


def unit_key(unit: InputUnit) -> list[Any]:
    return [unit.path, unit.name, unit.kind, unit.start, unit.end, unit.ordinal,
            unit.compression, unit.first_line]  # fmt: skip


def unit_from_key(key: Sequence[Any]) -> InputUnit:
    path, name, kind, start, end, ordinal, compression, first_line = key
    return InputUnit(path, kind, start, end, ordinal, compression, first_line, name)


def files_digest(inputs: Sequence[str], exclude: Sequence[str] = ()) -> str:
    """A digest of every file the inputs hold now (resolved path and size)."""
    h = hashlib.sha256()
    for u in input_units(inputs, exclude):
        try:
            size = os.path.getsize(u.path)
        except OSError:
            size = -1
        h.update(f"{os.path.realpath(u.path)}\t{size}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def resolved_inputs(inputs: Sequence[str]) -> list[str]:
    return [os.path.realpath(p) for p in inputs]


def run_spec(
    inputs: Sequence[str],
    tasks: Sequence[Sequence[InputUnit]],
    options: Options,
    dedup: bool,
    out_dir: str,
    exclude: Sequence[str] = (),
) -> dict[str, Any]:
    return {
        "version": SPEC_VERSION,
        "out_dir": os.path.realpath(out_dir),
        "inputs": resolved_inputs(inputs),
        "files_digest": files_digest(inputs, exclude),
        "options": json.loads(json.dumps(dataclasses.asdict(options))),
        "dedup": dedup,
        "tasks": [[unit_key(u) for u in task] for task in tasks],
    }


def spec_tasks(spec: dict[str, Any]) -> list[list[InputUnit]]:
    return [[unit_from_key(k) for k in task] for task in spec["tasks"]]


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

    def load(self) -> dict[str, Any]:
        with open(self.run_path, "rb") as fh:
            spec: dict[str, Any] = orjson.loads(fh.read())
        return spec

    def check(
        self,
        inputs: Sequence[str],
        options: Options,
        dedup: bool,
        out_dir: str,
        exclude: Sequence[str] = (),
    ) -> dict[str, Any]:
        """The recorded run, if it is the one asked for; else ResumeMismatch saying
        what differs and what to do."""
        old = self.load()
        where = out_dir
        if old.get("version") != SPEC_VERSION:
            raise ResumeMismatch(
                f"the unfinished run for {where} was started by another version of newsclean; "
                "start again with a new --out directory"
            )
        if old.get("out_dir") != os.path.realpath(out_dir):
            raise ResumeMismatch(
                f"the work directory {self.work_dir} belongs to the run into "
                f"{old.get('out_dir')}; give that --out, or another --work-dir"
            )
        now = {
            "inputs": resolved_inputs(inputs),
            "options": json.loads(json.dumps(dataclasses.asdict(options))),
            "dedup": dedup,
        }
        for key, value in now.items():
            if old.get(key) != value:
                raise ResumeMismatch(
                    f"the run in {where} was started with different {key}; resume with "
                    "the same inputs and options, or use a new --out directory"
                )
        if files_digest(inputs, exclude) != old.get("files_digest"):
            raise ResumeMismatch(
                f"the input files of the run in {where} changed since it started (files "
                "added, removed or resized); resume needs the same files, or use a new "
                "--out directory"
            )
        return old

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
