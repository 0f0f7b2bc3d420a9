"""``newsclean run``: the multi-pass orchestration over a corpus.

0. plan: the inputs become tasks, enough for every worker (``plan``);
1. pass 1 (workers, one task at a time): read, extract/clean, annotate; write
   the task's shard, its dedup features and its boilerplate line keys;
2. corpus boilerplate table from the line keys (DuckDB);
3. pass 2 (workers, only if the table is not empty): apply it, refresh features;
4. dedup clusters from the features (DuckDB);
5. final shards ``OUT/part-NNNNNN.parquet`` sized by rows and bytes, with
   cluster_id/duplicate_of, then ``OUT/.newsclean/summary.json``; the work
   directory is deleted (``--keep-work`` keeps it).

Each pass records finished tasks in the manifest, so ``--resume`` redoes only
what is missing; steps 2, 4 and 5 are recomputed from the parts (they are fast
and deterministic), so their output is the same as in an uninterrupted run.
Where each file lives: ``layout``.
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

from newsclean.io.readers import InputUnit
from newsclean.io.writers import TEMP_GLOB, ParquetWriter, fsync_dir
from newsclean.options import Options
from newsclean.pipeline import corpus, layout, remote
from newsclean.pipeline.manifest import (
    Manifest,
    ResumeMismatch,
    run_spec,
    spec_tasks,
)
from newsclean.pipeline.plan import DEFAULT_SPLIT_BYTES, plan_tasks
from newsclean.pipeline.progress import Progress
from newsclean.pipeline.summary import corpus_counts, empty_counts, format_table
from newsclean.pipeline.tasks import (
    BOILERPLATE_TABLE,
    UnitResult,
    UnitTask,
    shard_name,
    unreadable_document,
)
from newsclean.record import Article

DEFAULT_SHARD_ROWS = layout.DEFAULT_SHARD_ROWS
DEFAULT_SHARD_BYTES = layout.DEFAULT_SHARD_BYTES


class RunError(Exception):
    """A problem the user must fix (message says what to do)."""


class Executor(Protocol):
    workers: int

    def run(
        self,
        tasks: Sequence[UnitTask],
        on_done: Callable[[UnitResult], None],
        on_failed: Callable[[UnitTask, str], None],
        on_tick: Callable[[int, int], None] | None = None,
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
    split_bytes: int | None = DEFAULT_SPLIT_BYTES
    progress: bool | None = None  # None: a bar on a terminal, log lines otherwise
    print_summary: bool = True
    work_dir: str | None = None  # None: beside OUT (layout.default_work_dir)
    keep_work: bool = False
    shard_rows: int = DEFAULT_SHARD_ROWS
    shard_bytes: int = DEFAULT_SHARD_BYTES
    log_every: float = 30.0  # seconds between progress lines when not on a terminal


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


# -- the output and work directories ---------------------------------------------------


def _strerror(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _foreign_entries(out: str) -> list[str]:
    """What OUT holds besides a run's own files (shards, .newsclean/, temp files)."""
    if not os.path.isdir(out):
        return []
    return sorted(
        n
        for n in os.listdir(out)
        if not (n.startswith(layout.SHARD_PREFIX) and n.endswith(".parquet"))
        and n != layout.META_DIR
        and not n.startswith(".")
    )


def _make_dirs(out: str, work: str) -> list[str]:
    """Create OUT and WORK; returns the ones created (removed again if start-up fails)."""
    created: list[str] = []
    for path, what, option in ((out, "output", "--out"), (work, "work", "--work-dir")):
        if os.path.isdir(path):
            continue
        if os.path.exists(path):
            raise RunError(f"{option} {path} is a file, not a directory; choose a directory")
        try:
            os.makedirs(path)
        except OSError as exc:
            raise RunError(
                f"cannot create the {what} directory {path}: {_strerror(exc)}; "
                f"choose a writable place with {option}"
            ) from None
        created.append(path)
    for path, option in ((out, "--out"), (work, "--work-dir")):
        if not os.access(path, os.W_OK | os.X_OK):
            raise RunError(f"cannot write into {path}: permission denied; choose another {option}")
    return created


def _check_out(cfg: RunConfig, out: str, work: str, has_run: bool) -> None:
    foreign = _foreign_entries(out)
    if foreign:
        raise RunError(
            f"{out} is not empty (it holds {foreign[0]!r}"
            + (f" and {len(foreign) - 1} more" if len(foreign) > 1 else "")
            + "); choose an empty or new --out directory"
        )
    if not has_run and glob.glob(os.path.join(out, f"{layout.SHARD_PREFIX}*.parquet")):
        raise RunError(
            f"{out} already holds shards of a run whose work files are not in {work}; "
            "choose a new --out directory (or give that run's --work-dir with --resume)"
        )


def _prepare(cfg: RunConfig, out: str, work: str, manifest: Manifest) -> dict[str, Any] | None:
    """The recorded run to resume, or None for a new run (WORK emptied)."""
    has_run = manifest.exists()
    _check_out(cfg, out, work, has_run)
    if has_run and not cfg.resume:
        raise RunError(
            f"an unfinished run into {out} is in {work}; add --resume to finish it, "
            "or choose a new --out directory"
        )
    if has_run:
        try:
            spec = manifest.check(cfg.inputs, cfg.options, cfg.dedup, out, (out, work))
        except ResumeMismatch as exc:
            raise RunError(str(exc)) from None
        # Temp files of writers killed mid-shard: never read, only take space.
        for tmp in glob.glob(os.path.join(work, "*", TEMP_GLOB)):
            os.unlink(tmp)
        return spec
    if os.path.isdir(work) and os.listdir(work):
        if not cfg.resume:
            raise RunError(
                f"a run into {out} was killed during start-up (work files in {work}); "
                "add --resume to start it again, or choose a new --out directory"
            )
        # Nothing durable was made before run.json: resuming is starting afresh.
        shutil.rmtree(work)
    elif cfg.resume:
        print(
            f"newsclean: no unfinished run in {work}; starting the run from the beginning",
            file=sys.stderr,
        )
    return None


def _failed_unit_result(task: UnitTask, message: str, phase: str) -> UnitResult:
    """A task the workers could not finish: one error record stands for it."""
    doc = unreadable_document(task.unit, 0)
    rel = shard_name(task.ordinal, phase)
    with ParquetWriter(os.path.join(task.work_dir, rel)) as w:
        w.write(Article.failed(doc, "error", "worker_crash"))
    return UnitResult(
        task.ordinal, rel, None, 1, {"error": 1}, {}, [message], phase=phase,
        input_bytes=task.size,
    )  # fmt: skip


class _Steps:
    """Progress of each step, as the run's configuration asks."""

    def __init__(self, cfg: RunConfig) -> None:
        on_tty = sys.stderr.isatty()
        self.bar = on_tty if cfg.progress is None else cfg.progress
        self.log_every = 0.0 if cfg.progress is False or self.bar else cfg.log_every

    def start(self, desc: str, total: int | None, unit: str = "docs") -> Progress:
        return Progress(desc, total, unit=unit, bar=self.bar, log_every=self.log_every)


def _run_phase(
    executor: Executor,
    tasks: list[UnitTask],
    manifest: Manifest,
    done: dict[int, UnitResult],
    failures: list[dict[str, Any]],
    progress: Progress,
) -> None:
    in_bytes = progress.unit == "B"

    def on_done(res: UnitResult) -> None:
        manifest.record(res)
        done[res.ordinal] = res

    def on_failed(task: UnitTask, message: str) -> None:
        failures.append({"unit": task.describe(), "ordinal": task.ordinal, "error": message})
        on_done(_failed_unit_result(task, message, task.phase))

    def on_tick(docs: int, nbytes: int) -> None:
        progress.update(nbytes if in_bytes else docs, docs)

    try:
        executor.run(tasks, on_done, on_failed, on_tick)
    finally:
        progress.close()


def _push(out: str, out_uri: str) -> None:
    try:
        remote.push_outputs(out, out_uri)
    except OSError as exc:
        raise RunError(
            f"cannot upload the finished run to {out_uri}: {exc}; it is kept in {out}, "
            "and the same command with --resume uploads it again"
        ) from None


def _finished(cfg: RunConfig, out: str, work: str, out_uri: str | None) -> dict[str, Any]:
    """``--resume`` on a run that already finished: nothing to do but tidy up (and
    upload it again when ``--out`` is a URI)."""
    if out_uri is not None:
        _push(out, out_uri)
    if not cfg.keep_work and os.path.isdir(work):
        shutil.rmtree(work, ignore_errors=True)
    with open(layout.summary_path(out), "rb") as fh:
        summary: dict[str, Any] = orjson.loads(fh.read())
    print(f"newsclean: nothing to resume: {out} holds a finished run", file=sys.stderr)
    return summary


def run(cfg: RunConfig) -> dict[str, Any]:
    """Run (or resume) the pipeline; returns the summary that was written."""
    t_start = time.perf_counter()
    out_uri = cfg.out_dir if remote.is_uri(cfg.out_dir) else None
    if out_uri is not None:
        cfg = dataclasses.replace(cfg, out_dir=remote.staging_dir(out_uri))
    if any(remote.is_uri(p) for p in cfg.inputs):
        dest = remote.staging_dir("inputs:" + (out_uri or os.path.abspath(cfg.out_dir)))
        cfg = dataclasses.replace(cfg, inputs=remote.fetch_inputs(cfg.inputs, dest))
    out = cfg.out_dir
    work = cfg.work_dir or layout.default_work_dir(out)
    if os.path.isfile(layout.summary_path(out)):
        if cfg.resume:
            return _finished(cfg, out, work, out_uri)
        raise RunError(f"{out} already holds a finished run; choose a new --out directory")
    manifest = Manifest(work)
    if os.path.exists(work) and not os.path.isdir(work):
        raise RunError(f"--work-dir {work} is a file, not a directory; choose a directory")
    spec = _prepare(cfg, out, work, manifest)
    created = _make_dirs(out, work)
    try:
        executor = _make_executor(cfg)
    except BaseException:
        for path in reversed(created):
            shutil.rmtree(path, ignore_errors=True)
        raise
    if spec is None:
        own = (out, work)  # never read the run's own files, if they sit inside an input
        tasks_units = plan_tasks(cfg.inputs, executor.workers, cfg.split_bytes, own)
        spec = run_spec(cfg.inputs, tasks_units, cfg.options, cfg.dedup, out, own)
        manifest.start(spec)
    else:
        tasks_units = spec_tasks(spec)
    return _execute(cfg, executor, manifest, tasks_units, out, work, out_uri, t_start)


def _execute(
    cfg: RunConfig,
    executor: Executor,
    manifest: Manifest,
    tasks_units: list[list[InputUnit]],
    out: str,
    work: str,
    out_uri: str | None,
    t_start: float,
) -> dict[str, Any]:
    steps = _Steps(cfg)
    failures: list[dict[str, Any]] = []
    phases: dict[str, float] = {}
    dedup = cfg.dedup

    def task(i: int, phase: str) -> UnitTask:
        return UnitTask(tasks_units[i], work, cfg.options, dedup=dedup, phase=phase, number=i)

    # -- pass 1 -------------------------------------------------------------------------
    t = time.perf_counter()
    done1 = manifest.completed("pass1")
    todo = [task(i, "pass1") for i in range(len(tasks_units)) if i not in done1]
    bar = steps.start("pass 1", sum(x.size for x in todo), unit="B")
    _run_phase(executor, todo, manifest, done1, failures, bar)
    phases["pass1"] = time.perf_counter() - t

    # -- corpus boilerplate -------------------------------------------------------------
    t = time.perf_counter()
    last = dict(done1)
    table_lines = 0
    line_parts = [done1[o].lines for o in sorted(done1) if done1[o].lines]
    if line_parts:
        bar = steps.start("boilerplate table", len(line_parts), unit="parts")
        try:
            table_lines = corpus.learn_table(work, [p for p in line_parts if p], bar.update)
        finally:
            bar.close()
    phases["boilerplate_table"] = time.perf_counter() - t
    if table_lines:
        t = time.perf_counter()
        done2 = manifest.completed("pass2")
        todo2 = [task(i, "pass2") for i in range(len(tasks_units)) if i not in done2]
        bar = steps.start("pass 2", sum(done1[x.ordinal].documents for x in todo2))
        _run_phase(executor, todo2, manifest, done2, failures, bar)
        last.update(done2)
        phases["pass2"] = time.perf_counter() - t

    # -- dedup --------------------------------------------------------------------------
    t = time.perf_counter()
    index: Any = None
    dedup_stats: dict[str, Any] = {}
    if dedup:
        parts = [last[o].features for o in sorted(last) if last[o].features]
        bar = steps.start("dedup", len(parts), unit="parts")
        try:
            index, dedup_stats = corpus.resolve_duplicates(
                work, [p for p in parts if p], cfg.dedup_threshold, bar.update
            )
        finally:
            bar.close()
    phases["dedup"] = time.perf_counter() - t

    # -- final shards + summary ---------------------------------------------------------
    t = time.perf_counter()
    ordered = [last[o] for o in sorted(last)]
    bar = steps.start("write", sum(r.documents for r in ordered))
    try:
        names = corpus.write_final(
            work, out, ordered, index,
            shard_rows=cfg.shard_rows, shard_bytes=cfg.shard_bytes, on_rows=bar.update,
        )  # fmt: skip
    finally:
        bar.close()
        if index is not None:
            index.close()
    wanted = set(names)
    for stale in glob.glob(os.path.join(out, f"{corpus.FINAL_PREFIX}*")) + glob.glob(
        os.path.join(out, TEMP_GLOB)
    ):
        if os.path.basename(stale) not in wanted:
            os.unlink(stale)  # a shard of an earlier, cut-short write, or a temp file
    fsync_dir(out)
    phases["write"] = time.perf_counter() - t

    summary = _summary(cfg, executor, done1, last, phases, dedup_stats, failures, table_lines)
    summary["shards"] = len(names)
    summary["tasks"] = len(tasks_units)
    summary["units"] = sum(len(u) for u in tasks_units)
    summary["work_dir"] = work if cfg.keep_work else None
    summary["wall_seconds"] = round(time.perf_counter() - t_start, 3)
    if out_uri is not None:
        summary["out_dir"] = out_uri
        summary["staging_dir"] = out
    docs = summary["documents"]
    summary["documents_per_second"] = round(docs / summary["wall_seconds"], 2) if docs else 0.0
    _write_meta(out, work, summary, table_lines)
    if out_uri is not None:
        _push(out, out_uri)
    if not cfg.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    if cfg.print_summary:
        print(format_table(summary), file=sys.stderr)
    return summary


def _write_meta(out: str, work: str, summary: dict[str, Any], table_lines: int) -> None:
    """``OUT/.newsclean/``: the corpus boilerplate table, then summary.json (last: its
    presence means the run finished)."""
    meta = layout.meta_dir(out)
    os.makedirs(meta, exist_ok=True)
    if table_lines:
        shutil.copyfile(os.path.join(work, BOILERPLATE_TABLE), layout.boilerplate_path(out))
    path = layout.summary_path(out)
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(meta)


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
    counts = corpus_counts(parts) if glob.glob(parts) else empty_counts()
    stage_wall: dict[str, float] = {}
    stage_cpu: dict[str, float] = {}
    for res in list(done1.values()) + [r for r in last.values() if r.phase == "pass2"]:
        for table, timings in ((stage_wall, res.timings), (stage_cpu, res.cpu_timings)):
            for k, v in timings.items():
                table[k] = table.get(k, 0.0) + v
    errors = [e for r in done1.values() for e in r.errors][:20]
    return {
        **counts,
        "out_dir": cfg.out_dir,
        "inputs": [os.path.abspath(p) for p in cfg.inputs],
        "cwd": os.getcwd(),
        # How the records were made (limits, input keys...): with the work files
        # gone, the place a reader of OUT (the inspector) learns them.
        "options": dataclasses.asdict(cfg.options),
        "engine": cfg.engine,
        "workers": executor.workers,
        "dedup": cfg.dedup,
        "dedup_stats": dedup_stats,
        "boilerplate_lines": table_lines,
        "boilerplate_table": (
            os.path.join(layout.META_DIR, layout.BOILERPLATE_FILE) if table_lines else None
        ),
        "boilerplate_changed_documents": sum(r.changed for r in last.values()),
        "phase_seconds": {k: round(v, 3) for k, v in phases.items()},
        # Summed over the workers' tasks: the CPU of each step on the worker's
        # thread (``cpu``: the workers' processes as a whole), and the wall time
        # of each step, which adds waits for the disk or a busy core.
        "stage_cpu_seconds": {k: round(v, 3) for k, v in sorted(stage_cpu.items())},
        "stage_wall_seconds": {k: round(v, 3) for k, v in sorted(stage_wall.items())},
        "failed_units": failures,
        "error_samples": errors,
    }
