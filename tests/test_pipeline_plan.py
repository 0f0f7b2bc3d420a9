"""The task plan of `run`: every worker gets work, many small files share a task,
a large file is split, and the plan covers every input once, in order."""

from __future__ import annotations

import json
from pathlib import Path

from newsclean.io.readers import iter_documents, read_unit
from newsclean.pipeline.plan import MIN_TASK_BYTES, TASKS_PER_WORKER, plan_tasks


def small_files(root: Path, n: int, size: int = 4000) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"p{i:05d}.html").write_text(f"<p>{i}</p>" + "x" * size)
    return root


def test_many_small_files_are_grouped_into_a_few_tasks_per_worker(tmp_path: Path) -> None:
    src = small_files(tmp_path / "pages", 600)  # ~2.4 MB
    tasks = plan_tasks([str(src)], workers=2)
    assert 2 <= len(tasks) <= 2 * TASKS_PER_WORKER + 1
    assert all(len(t) > 1 for t in tasks[:-1])
    names = [u.name for t in tasks for u in t]
    assert names == [str(src / f"p{i:05d}.html") for i in range(600)]  # every file once, in order
    assert all(u.path.startswith("/") for t in tasks for u in t)  # opened by absolute path


def test_a_tiny_input_still_gives_each_worker_a_task(tmp_path: Path) -> None:
    src = small_files(tmp_path / "pages", 4, size=100)
    assert len(plan_tasks([str(src)], workers=2)) >= 2
    assert len(plan_tasks([str(src)], workers=1)) == 1


def test_a_large_json_lines_file_is_split_for_the_workers(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    line = json.dumps({"html": "<p>" + "word " * 200 + "</p>"}) + "\n"
    n = (4 * MIN_TASK_BYTES * 2 * TASKS_PER_WORKER) // len(line)
    src.write_text(line * n)
    tasks = plan_tasks([str(src)], workers=2)
    assert len(tasks) >= 2 * TASKS_PER_WORKER
    docs = [d.source for t in tasks for u in t for d in read_unit(u)]
    assert docs == [d.source for d in iter_documents([str(src)])]  # same locators, no gap


def test_split_bytes_caps_a_task(tmp_path: Path) -> None:
    src = small_files(tmp_path / "pages", 200)
    tasks = plan_tasks([str(src)], workers=1, split_bytes=20_000)
    assert all(sum(u.size for u in t) <= 20_000 for t in tasks if len(t) > 1)
    assert len(tasks) >= 40


def test_the_runs_own_directories_are_not_inputs(tmp_path: Path) -> None:
    src = small_files(tmp_path / "pages", 3)
    (src / "out").mkdir()
    (src / "out" / "part-000000.parquet").write_bytes(b"PAR1")
    tasks = plan_tasks([str(src)], workers=1, exclude=[str(src / "out")])
    assert [Path(u.path).name for t in tasks for u in t] == [f"p{i:05d}.html" for i in range(3)]
