"""Run extraction for the inspector in a child process, with a time limit.

Records that timed out or crashed a worker in the run would do the same inside
the server. So the server hands documents to one long-lived child, one request
at a time, over a pair of pipes. The child is started on first use as
``python -m newsclean.inspect.isolate``: it inherits none of the server's
threads and does not re-import the embedding program's main module (as
multiprocessing's spawn would). A child that runs past the limit is killed, one
that dies is reported, and the next request starts a fresh one. Loading the
extraction tables is paid once per child, not once per request.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from newsclean.inspect.diagnose import diagnose
from newsclean.options import Options
from newsclean.record import Document


class IsolatedFailure(Exception):
    """The child did not answer: it ran past the time limit or died."""


def child_main(read_fd: int, write_fd: int) -> None:
    """The child's loop: ``diagnose`` arguments in, ("ok", diagnosis) or ("error", text) out."""
    requests = Connection(read_fd, writable=False)
    answers = Connection(write_fd, readable=False)
    while True:
        try:
            args = requests.recv()
        except EOFError:
            return
        try:
            answers.send(("ok", diagnose(*args)))
        except Exception:
            answers.send(("error", traceback.format_exc()))


class Diagnoser:
    """``diagnose`` in an isolated child process."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start(self) -> None:
        req_r, req_w = os.pipe()
        ans_r, ans_w = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "newsclean.inspect.isolate", str(req_r), str(ans_w)],
                pass_fds=(req_r, ans_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(req_r)
            os.close(ans_w)
        self._send = Connection(req_w, readable=False)
        self._recv = Connection(ans_r, writable=False)

    def _stop(self) -> None:
        for conn in (self._send, self._recv):
            if conn is not None:
                with contextlib.suppress(OSError):
                    conn.close()
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait(timeout=5)
        self._proc, self._send, self._recv = None, None, None

    def run(self, doc: Document, options: Options, tables: Sequence[str] = ()) -> dict[str, Any]:
        """The diagnosis of ``doc``; raises IsolatedFailure with a message for users."""
        with self._lock:
            if not self._alive():
                self._stop()
                self._start()
            assert self._send is not None and self._recv is not None
            try:
                self._send.send((doc, options, tuple(tables)))
                if not self._recv.poll(self.timeout_s):
                    self._stop()
                    raise IsolatedFailure(
                        f"extraction did not finish within {self.timeout_s:g} s and was stopped"
                    )
                status, value = self._recv.recv()
            except (EOFError, OSError) as exc:
                code = self._proc.wait(timeout=5) if self._proc is not None else None
                self._stop()
                raise IsolatedFailure(
                    f"the process running extraction died (exit code {code})"
                ) from exc
        if status != "ok":
            raise IsolatedFailure(f"the diagnosis failed:\n{value}")
        result: dict[str, Any] = value
        return result

    def close(self) -> None:
        with self._lock:
            self._stop()


if __name__ == "__main__":
    child_main(int(sys.argv[1]), int(sys.argv[2]))
