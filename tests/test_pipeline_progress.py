"""Progress lines of a run step when standard error is not a terminal."""

from __future__ import annotations

import io
import re
import time

from newsclean.pipeline.progress import Progress


def test_log_lines_give_documents_bytes_rate_and_eta() -> None:
    out = io.StringIO()
    p = Progress("pass 1", 10 * 1024**2, unit="B", log_every=0.01, stream=out)
    time.sleep(0.02)
    p.update(5 * 1024**2, docs=120)
    p.close()
    lines = out.getvalue().splitlines()
    assert re.match(
        r"newsclean: pass 1: 120 docs \(\d+ docs/s\), 5\.0 MB of 10\.0 MB \(50%\), ETA 0:00:\d\d",
        lines[0],
    ), lines
    assert lines[-1].startswith("newsclean: pass 1 done: 120 docs in 0:00:0")


def test_steps_counted_in_documents_or_parts() -> None:
    out = io.StringIO()
    p = Progress("write", 200, log_every=0.01, stream=out)
    time.sleep(0.02)
    p.update(50)
    assert re.search(r"write: 50 of 200 docs \(25%\), \d+ docs/s, ETA", out.getvalue())
    q = Progress("dedup", 8, unit="parts", log_every=0.01, stream=out)
    time.sleep(0.02)
    q.update(2)
    q.close()
    assert "dedup: 2 of 8 parts (25%), ETA" in out.getvalue()
    assert "dedup done: 2 parts" in out.getvalue()


def test_quiet_when_asked() -> None:
    out = io.StringIO()
    p = Progress("pass 1", 100, log_every=0, stream=out)
    p.update(100)
    p.close()
    assert out.getvalue() == ""
