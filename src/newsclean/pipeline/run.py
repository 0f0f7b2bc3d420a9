"""``newsclean run``: the multi-pass orchestration over a corpus.

1. pass 1 (workers, one task per input unit): read, extract/clean, annotate;
   write the unit's shard, its dedup features and its boilerplate line keys;
2. corpus boilerplate table from the line keys (DuckDB);
3. pass 2 (workers, only if the table is not empty): apply it, refresh features;
4. dedup clusters from the features (DuckDB);
5. final shards ``DIR/part-NNNNNN.parquet`` with cluster_id/duplicate_of, and
   ``DIR/summary.json``.

Each pass records finished units in the manifest, so ``--resume`` redoes only
what is missing; steps 2, 4 and 5 are recomputed from the parts (they are fast
and deterministic), so their output is the same as in an uninterrupted run.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from newsclean.io.readers import list_units
from newsclean.io.writers import TEMP_GLOB, ParquetWriter, fsync_dir
from newsclean.options import Options
from newsclean.pipeline import corpus, remote
from newsclean.pipeline.manifest import RUN_FILE, Manifest, ResumeMismatch, run_spec
from newsclean.pipeline.summary import corpus_counts, empty_counts, format_table
from newsclean.pipeline.tasks import (
    UnitResult,
    UnitTask,
    shard_name,
    unreadable_document,
)
from newsclean.record import Article

WORK = "_work"
DONE = "done"


class RunError(Exception):
    """A problem the user must fix (message says what to do)."""


class Executor(Protocol):
    workers: int

    def run(
        self,
        tasks: Sequence[UnitTask],
        on_done: Callable[[UnitResult], None],
        on_failed: Callable[[UnitTask, str], None],
        on_tick: Callable[[int], None] | None = None,
    ) -> None: ...


@dataclass
class RunConfig:
    inputs: list[str]
    out_dir: str
    options: Options = field(default_factory=Options)
    engine: str = "local"
    workers: int | None = None
    dedup: bool = True
    resume: bool = False
    ray_address: str | None = None
    dedup_threshold: float | None = None
    split_bytes: int | None = 256 * 1024 * 1024
    progress: bool | None = None  # None: only when stderr is a terminal
    print_summary: bool = True


class _Progress:
    def __init__(self, enabled: bool, total: int, desc: str) -> None:
        self.bar: Any = None
        if enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit="unit", file=sys.stderr, leave=False)

    def unit_done(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def docs(self, n: int) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{n} docs", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _make_executor(cfg: RunConfig) -> Executor:
    timeout = cfg.options.limits.document_timeout_s
    if cfg.engine == "ray":
        try:
            from newsclean.pipeline.ray_engine import RayExecutor

            return RayExecutor(cfg.ray_address, cfg.workers, timeout)
        except ImportError as exc:
            raise RunError(f"--engine ray needs Ray ({exc}): pip install 'newsclean[ray]'") from exc
        except Exception as exc:  # ray raises ConnectionError, RuntimeError, ...
            where = cfg.ray_address or "a new local cluster"
            raise RunError(
                f"cannot start Ray on {where}: {exc}; check --ray-address / RAY_ADDRESS, "
                "or omit both to start a local cluster"
            ) from exc
    from newsclean.pipeline.local import LocalExecutor, default_workers

    return LocalExecutor(cfg.workers or default_workers(), timeout)


def _prepare(cfg: RunConfig, manifest: Manifest, spec: dict[str, Any]) -> None:
    out = cfg.out_dir
    has_run = manifest.exists()
    if cfg.resume and has_run:
        manifest.check(spec)
        # Temp files of writers killed mid-shard: never read, only take space.
        for tmp in glob.glob(os.path.join(manifest.work_dir, "*", TEMP_GLOB)):
            os.unlink(tmp)
        return
    if not cfg.resume and has_run:
        raise RunError(
            f"{out} already holds a newsclean run; add --resume to finish it, "
            "or choose a new --out directory"
        )
    if cfg.resume and _only_unstarted_work(out):
        # Killed during start-up, before run.json was written: nothing durable was
        # made, so resuming is starting from scratch.
        shutil.rmtree(os.path.join(out, WORK))
    if os.path.isdir(out) and any(not n.startswith(".") for n in os.listdir(out)):
        if _only_unstarted_work(out):
            raise RunError(
                f"{out} holds a run killed during start-up; add --resume to start it again, "
                "or choose a new --out directory"
            )
        if not glob.glob(os.path.join(out, "part-*.parquet")):
            raise RunError(f"{out} is not empty; choose an empty or new --out directory")
        raise RunError(f"{out} already holds output; choose a new --out directory")
    os.makedirs(out, exist_ok=True)
    manifest.start(spec)


def _only_unstarted_work(out: str) -> bool:
    """``out`` holds nothing but a ``_work/`` without ``run.json`` (a run killed
    between creating the directory and writing its manifest)."""
    work = os.path.join(out, WORK)
    if not os.path.isdir(work) or os.path.exists(os.path.join(work, RUN_FILE)):
        return False
    return all(n == WORK or n.startswith(".") for n in os.listdir(out))


def _failed_unit_result(task: UnitTask, message: str, phase: str) -> UnitResult:
    """A unit the workers could not finish: one error record stands for it."""
    doc = unreadable_document(task.unit, 0)
    rel = shard_name(task.ordinal, phase)
    with ParquetWriter(os.path.join(task.work_dir, rel)) as w:
        w.write(Article.failed(doc, "error", "worker_crash"))
    return UnitResult(task.ordinal, rel, None, 1, {"error": 1}, {}, [message], phase=phase)


def _run_phase(
    executor: Executor,
    tasks: list[UnitTask],
    manifest: Manifest,
    done: dict[int, UnitResult],
    failures: list[dict[str, Any]],
    progress_enabled: bool,
    desc: str,
) -> None:
    bar = _Progress(progress_enabled, len(tasks), desc)

    def on_done(res: UnitResult) -> None:
        manifest.record(res)
        done[res.ordinal] = res
        bar.unit_done()

    def on_failed(task: UnitTask, message: str) -> None:
        failures.append({"unit": str(task.unit.path), "ordinal": task.ordinal, "error": message})
        on_done(_failed_unit_result(task, message, task.phase))

    try:
        executor.run(tasks, on_done, on_failed, bar.docs)
    finally:
        bar.close()


def run(cfg: RunConfig) -> dict[str, Any]:
    """Run (or resume) the pipeline; returns the summary that was written."""
    t_start = time.perf_counter()
    out_uri = cfg.out_dir if remote.is_uri(cfg.out_dir) else None
    if out_uri is not None:
        cfg = dataclasses.replace(cfg, out_dir=remote.staging_dir(out_uri))
    inputs = cfg.inputs
    if any(remote.is_uri(p) for p in inputs):
        dest = remote.staging_dir("inputs:" + (out_uri or os.path.abspath(cfg.out_dir)))
        inputs = remote.fetch_inputs(inputs, dest)
    work = os.path.join(cfg.out_dir, WORK)
    manifest = Manifest(work)
    units = list_units(inputs, split_bytes=cfg.split_bytes)
    dedup = cfg.dedup
    spec = run_spec(units, cfg.options, dedup)
    executor = _make_executor(cfg)  # before touching DIR: a failed start leaves no run behind
    try:
        _prepare(cfg, manifest, spec)
    except ResumeMismatch as exc:
        raise RunError(str(exc)) from exc
    progress = sys.stderr.isatty() if cfg.progress is None else cfg.progress
    failures: list[dict[str, Any]] = []
    phases: dict[str, float] = {}

    # -- pass 1 ---------------------------------------------------------------
    t = time.perf_counter()
    done1 = manifest.completed("pass1")
    todo = [
        UnitTask(u, work, cfg.options, dedup=dedup)
        for u in units
        if int(u.ordinal) not in done1
    ]
    _run_phase(executor, todo, manifest, done1, failures, progress, "pass 1")
    phases["pass1"] = time.perf_counter() - t

    # -- corpus boilerplate ---------------------------------------------------------
    t = time.perf_counter()
    last = dict(done1)
    table_lines = 0
    line_parts = [done1[o].lines for o in sorted(done1) if done1[o].lines]
    if line_parts:
        table_lines = corpus.learn_table(work, [p for p in line_parts if p])
    phases["boilerplate_table"] = time.perf_counter() - t
    if table_lines:
        t = time.perf_counter()
        done2 = manifest.completed("pass2")
        todo2 = [
            UnitTask(u, work, cfg.options, dedup=dedup, phase="pass2")
            for u in units
            if int(u.ordinal) not in done2
        ]
        _run_phase(executor, todo2, manifest, done2, failures, progress, "pass 2")
        last.update(done2)
        phases["pass2"] = time.perf_counter() - t

    # -- dedup ------------------------------------------------------------------------
    t = time.perf_counter()
    index: Any = None
    dedup_stats: dict[str, Any] = {}
    if dedup:
        parts = [last[o].features for o in sorted(last) if last[o].features]
        index, dedup_stats = corpus.resolve_duplicates(
            work, [p for p in parts if p], cfg.dedup_threshold
        )
    phases["dedup"] = time.perf_counter() - t

    # -- final shards + summary ------------------------------------------------------
    t = time.perf_counter()
    wanted = set()
    try:
        for o in sorted(last):
            corpus.write_final(work, cfg.out_dir, last[o], index)
            wanted.add(corpus.final_name(o))
    finally:
        if index is not None:
            index.close()
    for stale in glob.glob(os.path.join(cfg.out_dir, f"{corpus.FINAL_PREFIX}*")):
        if os.path.basename(stale) not in wanted:
            os.unlink(stale)  # a temp file of an interrupted writer
    fsync_dir(cfg.out_dir)
    phases["write"] = time.perf_counter() - t

    summary = _summary(cfg, executor, done1, last, phases, dedup_stats, failures, table_lines)
    summary["wall_seconds"] = round(time.perf_counter() - t_start, 3)
    if out_uri is not None:
        summary["out_dir"] = out_uri
        summary["staging_dir"] = cfg.out_dir
    docs = summary["documents"]
    summary["documents_per_second"] = round(docs / summary["wall_seconds"], 2) if docs else 0.0
    tmp = os.path.join(cfg.out_dir, "summary.json.tmp")
    with open(tmp, "wb") as fh:
        fh.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    os.replace(tmp, os.path.join(cfg.out_dir, "summary.json"))
    if out_uri is not None:
        remote.push_outputs(cfg.out_dir, out_uri)
    with open(os.path.join(work, DONE), "w") as fh:
        fh.write("ok\n")
    if cfg.print_summary:
        print(format_table(summary), file=sys.stderr)
    return summary


def _summary(
    cfg: RunConfig,
    executor: Executor,
    done1: dict[int, UnitResult],
    last: dict[int, UnitResult],
    phases: dict[str, float],
    dedup_stats: dict[str, Any],
    failures: list[dict[str, Any]],
    table_lines: int,
) -> dict[str, Any]:
    parts = os.path.join(cfg.out_dir, f"{corpus.FINAL_PREFIX}*.parquet")
    counts = corpus_counts(parts) if last else empty_counts()
    stage_seconds: dict[str, float] = {}
    for res in list(done1.values()) + [r for r in last.values() if r.phase == "pass2"]:
        for k, v in res.timings.items():
            stage_seconds[k] = stage_seconds.get(k, 0.0) + v
    errors = [e for r in done1.values() for e in r.errors][:20]
    return {
        **counts,
        "out_dir": cfg.out_dir,
        "shards": len(last),
        "units": len(done1),
        "engine": cfg.engine,
        "workers": executor.workers,
        "dedup": cfg.dedup,
        "dedup_stats": dedup_stats,
        "boilerplate_lines": table_lines,
        "boilerplate_changed_documents": sum(r.changed for r in last.values()),
        "phase_seconds": {k: round(v, 3) for k, v in phases.items()},
        "stage_cpu_seconds": {k: round(v, 3) for k, v in sorted(stage_seconds.items())},
        "failed_units": failures,
        "error_samples": errors,
    }


def clean_work(out_dir: str) -> None:
    """Remove the intermediate files of a finished run (not done automatically:
    they let ``--resume`` and debugging work)."""
    shutil.rmtree(os.path.join(out_dir, WORK), ignore_errors=True)
