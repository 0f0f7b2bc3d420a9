"""The local executor survives documents that hang or kill their worker.

The per-document function is swapped (``UnitTask.process``) for one that hangs
in a way the in-worker alarm cannot stop, or exits the process, on chosen
documents of a real corpus; everything else is the real pipeline.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import write_corpus

from newsclean.io.readers import list_units
from newsclean.options import Limits, Options
from newsclean.pipeline.local import LocalExecutor
from newsclean.pipeline.stages import process_document
from newsclean.pipeline.tasks import UnitResult, UnitTask
from newsclean.record import Article, Document

pytestmark = pytest.mark.slow

TIMEOUT_S = 4.0  # the in-worker alarm
HARD_TIMEOUT_S = 14.0  # the parent kills a worker stuck this long on one document


def faulty(doc: Document, options: Options) -> Article:
    """Module-level (picklable): hangs on .../news/3, kills the worker on .../news/8."""
    if doc.url and doc.url.endswith("/news/3"):
        # Block the alarm: a hang inside C code that only the parent can end.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    if doc.url and doc.url.endswith("/news/8"):
        os._exit(3)
    if doc.url and doc.url.endswith("/news/5"):
        # The in-worker alarm stops this one; sleeping far past every limit makes
        # any other outcome visible.
        time.sleep(3600)
    return process_document(doc, options)


def test_hang_and_crash_cost_one_document_each(tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "corpus", n_warc=10, n_jsonl=0)
    work = tmp_path / "work"
    # The margins are wide so a loaded machine (CI: the whole suite on 2 cores)
    # cannot turn a normal document into a timeout, nor make the parent kill the
    # worker whose alarm already stopped /news/5 (kills == 1 below).
    options = Options(limits=Limits(document_timeout_s=TIMEOUT_S))
    units = [u for u in list_units([str(src)]) if "warc" in u.path]
    tasks = [
        UnitTask(u, str(work), options, dedup=False, boilerplate=False, process=faulty)
        for u in units
    ]
    done: list[UnitResult] = []
    failed: list[str] = []
    ex = LocalExecutor(workers=2, timeout_s=TIMEOUT_S)
    ex.hard_timeout_s = HARD_TIMEOUT_S  # shorter than the default, to keep the test short
    t0 = time.monotonic()
    ex.run(tasks, done.append, lambda t, m: failed.append(m))
    # The hang (3600 s) and the sleep (3600 s) were both cut short.
    assert time.monotonic() - t0 < 180
    assert not failed
    assert len(done) == len(units)
    rows = [r for res in done for r in pq.read_table(work / res.shard).to_pylist()]
    assert len(rows) == 10 and len({r["id"] for r in rows}) == 10
    by_url = {r["url"]: r for r in rows}
    assert (
        by_url["https://dailyharbour.example/news/3"]["status"],
        by_url["https://dailyharbour.example/news/3"]["reason"],
    ) == ("error", "timeout")
    assert by_url["https://metrotimes.example/news/8"]["reason"] == "worker_crash"
    assert by_url["https://metrotimes.example/news/5"]["reason"] == "timeout"
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == 7
    assert ex.kills == 1 and ex.crashes == 1
