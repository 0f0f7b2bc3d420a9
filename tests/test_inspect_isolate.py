"""The inspector re-runs extraction in a child process: a page that takes too
long or kills the process costs that child only, and the server says what
happened instead of hanging or dying."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest
from helpers_io import article_page

from newsclean.inspect.diagnose import diagnose
from newsclean.inspect.isolate import Diagnoser, IsolatedFailure
from newsclean.options import Limits, Options
from newsclean.record import Document

pytestmark = pytest.mark.slow

PAGE = Document(id="p", source="in/p.html", html=article_page())


def test_a_diagnosis_past_the_time_limit_is_stopped_and_the_next_one_runs() -> None:
    diag = Diagnoser(timeout_s=0.05)  # less than the child needs to start
    try:
        with pytest.raises(IsolatedFailure, match=r"did not finish within 0.05 s"):
            diag.run(PAGE, Options())
        assert diag._proc is None  # killed, not left running
        diag.timeout_s = 120
        assert diag.run(PAGE, Options())["status"] == "ok"
    finally:
        diag.close()


class _KilledOnReceipt:
    """The request pipe of a Diagnoser whose child is killed as soon as the
    request is written: the child dies in the middle of the work, whatever the
    machine's speed (a kill timed by a sleep found the work done on a fast
    machine)."""

    def __init__(self, conn: Any, pid: int) -> None:
        self._conn, self._pid = conn, pid

    def send(self, obj: object) -> None:
        self._conn.send(obj)
        os.kill(self._pid, signal.SIGKILL)

    def close(self) -> None:
        self._conn.close()


def test_a_child_that_dies_is_reported_and_replaced() -> None:
    diag = Diagnoser(timeout_s=120)
    try:
        assert diag.run(PAGE, Options())["status"] == "ok"
        assert diag._proc is not None and diag._send is not None
        diag._send = _KilledOnReceipt(diag._send, diag._proc.pid)  # type: ignore[assignment]
        big = Document(id="b", source="in/b.html", html=article_page() * 4000)
        with pytest.raises(IsolatedFailure, match=r"died \(exit code -9\)"):
            diag.run(big, Options())
        # the next request gets a new child
        assert diag.run(PAGE, Options())["status"] == "ok"
    finally:
        diag.close()


def test_an_exception_in_extraction_comes_back_with_its_traceback() -> None:
    diag = Diagnoser(timeout_s=120)
    try:
        # not a page: the stage raises, as a bug would
        odd = Document(id="o", source="in/o.html", html=12345)  # type: ignore[arg-type]
        seen = diag.run(odd, Options())
        assert (seen["status"], seen["reason"]) == ("error", "exception")
        assert seen["error"].startswith(("AttributeError", "TypeError"))
        assert "Traceback (most recent call last)" in seen["traceback"]
        assert "extract_article" in seen["traceback"]
    finally:
        diag.close()


def test_a_page_too_large_to_parse_is_not_parsed_for_the_view() -> None:
    seen = diagnose(PAGE, Options(limits=Limits(max_dom_nodes=5)))
    assert (seen["status"], seen["reason"]) == ("skipped", "too_large")
    assert "page" not in seen and "view_error" not in seen
