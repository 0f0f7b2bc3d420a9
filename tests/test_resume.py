"""``--resume`` after kill -9 or Ctrl-C gives exactly the uninterrupted output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import make_pages

from newsclean.io.warc_write import request, response, warcinfo, write_warc

pytestmark = pytest.mark.slow

N_FILES = 6
PER_FILE = 3


def many_units(root: Path, n_files: int = N_FILES) -> Path:
    """Small WARC files, one unit each, so a kill can land between them."""
    root.mkdir()
    pages = make_pages(n_files * PER_FILE, seed=11)
    for f in range(n_files):
        recs = [warcinfo()]
        for url, html in pages[f * PER_FILE : (f + 1) * PER_FILE]:
            recs += [request(url), response(url, html)]
        write_warc(root / f"w{f}.warc.gz", recs)
    return root


def cmd(src: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsclean",
        "run",
        str(src),
        "--out",
        str(out),
        "--workers",
        "2",
        *extra,
    ]


def records(out: Path) -> set[tuple[object, ...]]:
    rows = [r for s in sorted(out.glob("part-*.parquet")) for r in pq.read_table(s).to_pylist()]
    keys = [
        (r["id"], r["status"], r["reason"], r["text"], r["cluster_id"], r["duplicate_of"])
        for r in rows
    ]
    assert len(keys) == len(set(keys)), "a record was written twice"
    return set(keys)


def manifest_lines(out: Path) -> int:
    p = out.parent / f".{out.name}.newsclean-work" / "manifest.jsonl"
    return p.read_bytes().count(b"\n") if p.exists() else 0


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_when(src: Path, out: Path, ready: Callable[[], bool], sig: int) -> int:
    proc = subprocess.Popen(
        cmd(src, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        # A process that starts with SIGINT ignored keeps ignoring it (Python
        # installs its Ctrl-C handler only over the default), and ignored
        # signals are inherited: earlier tests in the same pytest run (Ray's)
        # can leave SIGINT ignored here. The run must start as from a terminal.
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while not ready() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole run: parent and its workers
    else:
        proc.send_signal(sig)
    proc.communicate(timeout=60)
    return proc.returncode


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[object, ...]]]:
    base = tmp_path_factory.mktemp("resume")
    src = many_units(base / "src")
    out = base / "ref"
    subprocess.run(cmd(src, out), check=True, capture_output=True, timeout=300)
    recs = records(out)
    assert len(recs) == N_FILES * PER_FILE
    return src, recs


@pytest.mark.parametrize(
    "point",
    ["first_unit", "half_units", "final_write"],
)
def test_kill9_then_resume_equals_uninterrupted(
    tmp_path: Path, reference: tuple[Path, set[tuple[object, ...]]], point: str
) -> None:
    src, expected = reference
    out = tmp_path / "out"
    ready = {
        "first_unit": lambda: manifest_lines(out) >= 1,
        "half_units": lambda: manifest_lines(out) >= N_FILES // 2,
        "final_write": lambda: any(out.glob("part-*")),
    }[point]
    rc = interrupt_when(src, out, ready, signal.SIGKILL)
    assert rc == -signal.SIGKILL or rc == 0  # 0 only if the run beat the kill
    if rc == 0:
        pytest.skip("the run finished before the kill landed")
    assert not (out / ".newsclean" / "summary.json").exists() or point == "final_write"
    done = subprocess.run(cmd(src, out, "--resume"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert records(out) == expected


@pytest.fixture(scope="module")
def long_reference(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, set[tuple[object, ...]]]:
    """Enough units that a run cannot finish in the moment between seeing its
    second unit done and receiving Ctrl-C (a SIGINT, unlike kill -9, must land
    mid-run for the test to mean anything)."""
    base = tmp_path_factory.mktemp("resume_long")
    src = many_units(base / "src", n_files=5 * N_FILES)
    out = base / "ref"
    subprocess.run(cmd(src, out), check=True, capture_output=True, timeout=300)
    return src, records(out)


def test_ctrl_c_then_resume(
    tmp_path: Path, long_reference: tuple[Path, set[tuple[object, ...]]]
) -> None:
    src, expected = long_reference
    out = tmp_path / "out"
    rc = interrupt_when(src, out, lambda: manifest_lines(out) >= 2, signal.SIGINT)
    assert rc == 130
    done = subprocess.run(cmd(src, out, "--resume"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert records(out) == expected


def test_resume_with_other_inputs_is_refused(
    tmp_path: Path, reference: tuple[Path, set[tuple[object, ...]]]
) -> None:
    src, _ = reference
    out = tmp_path / "out"
    interrupt_when(src, out, lambda: manifest_lines(out) >= 1, signal.SIGKILL)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.html").write_text("<p>hello</p>")
    proc = subprocess.run(cmd(other, out, "--resume"), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "different" in proc.stderr


def test_resume_with_the_inputs_given_as_relative_paths(
    tmp_path: Path, reference: tuple[Path, set[tuple[object, ...]]]
) -> None:
    """The run is keyed on resolved paths: started with absolute paths, resumed from
    another directory with relative ones, it is the same run and its records keep
    the locators they were started with."""
    src, expected = reference
    out = tmp_path / "out"
    rc = interrupt_when(src, out, lambda: manifest_lines(out) >= 1, signal.SIGKILL)
    if rc == 0:
        pytest.skip("the run finished before the kill landed")
    rel_src = os.path.relpath(src, tmp_path)
    resumed = subprocess.run(
        [sys.executable, "-m", "newsclean", "run", rel_src, "--out", "out", "--workers", "2",
         "--resume"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert "different" not in resumed.stderr
    assert records(out) == expected
