"""Where a run's files live.

``OUT/`` holds only what a reader of the corpus wants: the Parquet shards
``part-NNNNNN.parquet`` and a hidden ``OUT/.newsclean/`` with ``summary.json``
and the corpus boilerplate table. Every dataset loader opens ``OUT`` as it is:
pyarrow (and so pandas) skip names starting with ``.`` or ``_``, Hugging Face
``datasets`` skips only hidden names (a visible ``_summary.json`` breaks it), and
DuckDB's ``OUT/**/*.parquet`` descends into hidden directories, so no Parquet file
other than the shards may live under ``OUT``.

The work files (manifest, per-task shards, DuckDB stores) therefore live beside
``OUT``, in ``.<name>.newsclean-work/`` (or ``--work-dir``), and are deleted when
the run succeeds unless ``--keep-work``.
"""

from __future__ import annotations

import os

META_DIR = ".newsclean"
SUMMARY_FILE = "summary.json"
BOILERPLATE_FILE = "boilerplate.json"
SHARD_PREFIX = "part-"
WORK_SUFFIX = ".newsclean-work"
DEFAULT_SHARD_ROWS = 100_000
DEFAULT_SHARD_BYTES = 256 * 1024 * 1024
"""A shard ends at this many records, or once its file reaches about this size."""


def meta_dir(out_dir: str) -> str:
    return os.path.join(out_dir, META_DIR)


def summary_path(out_dir: str) -> str:
    """``OUT/.newsclean/summary.json``: present only once a run has finished."""
    return os.path.join(out_dir, META_DIR, SUMMARY_FILE)


def boilerplate_path(out_dir: str) -> str:
    return os.path.join(out_dir, META_DIR, BOILERPLATE_FILE)


def shard_name(number: int) -> str:
    return f"{SHARD_PREFIX}{number:06d}.parquet"


def default_work_dir(out_dir: str) -> str:
    """``<parent>/.<name>.newsclean-work``: beside OUT, found again by ``--resume``."""
    full = os.path.abspath(out_dir)
    parent, name = os.path.split(full.rstrip(os.sep) or os.sep)
    return os.path.join(parent, f".{name or 'root'}{WORK_SUFFIX}")
