"""Where a run's files are: its record shards, its summary and its settings.

``newsclean run --out DIR`` writes Parquet record shards into DIR and a
``summary.json``; older runs kept their work files in ``DIR/_work/`` and the
summary at the top of DIR, newer ones keep DIR loadable as a dataset (work files
and the summary out of the way). Every place either layout uses is listed in
``data/run_layout.json``, so the inspector opens both.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq

REQUIRED_COLUMNS: Final = frozenset({"id", "source", "status"})
# What a run records about reading its inputs, in its summary or manifest.
SETTINGS: Final = ("cwd", "options", "input_keys")


class NotARun(ValueError):
    """The directory holds no record shards and no run summary."""


@cache
def _layout() -> dict[str, Any]:
    raw = resources.files("newsclean.inspect").joinpath("data/run_layout.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _skipped_dir(name: str) -> bool:
    return name.startswith(".") or name in _layout()["not_record_dirs"]


def usable_shard(path: str) -> bool:
    """A readable Parquet file with the record key columns (metadata only)."""
    try:
        names = set(pq.read_schema(path).names)
    except (OSError, ValueError, pa.ArrowException):
        return False
    return names >= REQUIRED_COLUMNS


def find_shards(out_dir: str) -> list[str]:
    """Every ``*.parquet`` under ``out_dir`` outside work and hidden directories,
    in path order (the listing's input order)."""
    shards: list[str] = []
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if not _skipped_dir(d))
        shards.extend(os.path.join(root, f) for f in files if f.endswith(".parquet"))
    return sorted(shards)


def find_file(out_dir: str, key: str) -> str | None:
    """The first of the places ``data/run_layout.json`` lists under ``key`` that exists."""
    for rel in _layout()[key]:
        path = os.path.join(out_dir, *rel.split("/"))
        if os.path.isfile(path):
            return path
    return None


def read_json(path: str | None) -> dict[str, Any] | None:
    """A JSON object from ``path``; None when absent, unreadable or not an object."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class RunFiles:
    """A run's output directory: record shards, the Parquet files left out and the summary."""

    out_dir: str
    shards: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unreadable or not record shards
    summary_path: str | None = None

    def summary(self) -> dict[str, Any] | None:
        return read_json(self.summary_path)

    def settings(self) -> dict[str, Any]:
        """What the run recorded about how it read its inputs (working directory,
        options): from the summary, else from the run manifest; {} when neither."""
        merged: dict[str, Any] = {}
        for found in (read_json(find_file(self.out_dir, "manifest")), self.summary()):
            for key in SETTINGS:
                if found and key in found:
                    merged[key] = found[key]
        return merged


def open_run(out_dir: str) -> RunFiles:
    """The run in ``out_dir``; raises FileNotFoundError or :class:`NotARun`."""
    if not os.path.isdir(out_dir):
        raise FileNotFoundError(f"not a directory: {out_dir}")
    found = find_shards(out_dir)
    # One unreadable or foreign Parquet file would fail every query; leave it
    # out and say so instead.
    shards = [p for p in found if usable_shard(p)]
    kept = set(shards)
    run = RunFiles(
        out_dir=os.path.abspath(out_dir),
        shards=shards,
        skipped=[os.path.relpath(p, out_dir) for p in found if p not in kept],
        summary_path=find_file(out_dir, "summary"),
    )
    if not shards and run.summary_path is None:
        foreign = f" ({len(found)} other Parquet file(s) left out)" if found else ""
        raise NotARun(
            f"{out_dir} is not the output of `newsclean run`: it holds no record shards "
            f"and no summary.json{foreign}; give the --out DIR of a run"
        )
    return run
