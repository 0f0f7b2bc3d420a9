"""Progress of each step of a run, in documents and bytes, with rate and ETA.

On a terminal: a tqdm bar per step (input bytes for pass 1, documents for the
steps whose document count is known, parts for the corpus steps). Otherwise
(a log file, CI): one plain line every ``log_every`` seconds and one when the
step ends, so a long run shows it is alive without filling the log.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any


def _human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover - the loop returns


def _clock(seconds: float) -> str:
    s = int(max(0, seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """One step's progress. ``total`` counts ``unit`` ("B" for bytes, else items);
    ``update(done, docs)`` gives absolute values (documents may be counted apart
    from the bar's unit, as in pass 1 whose bar is in bytes)."""

    def __init__(
        self,
        desc: str,
        total: int | None,
        *,
        unit: str = "docs",
        bar: bool = False,
        log_every: float = 30.0,
        stream: IO[str] | None = None,
    ) -> None:
        self.desc = desc
        self.total = total or None
        self.unit = unit
        self.log_every = log_every
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self._last_log = self.start
        self.done = 0
        self.docs = 0
        self._bar: Any = None
        if bar:
            from tqdm import tqdm

            is_bytes = unit == "B"
            self._bar = tqdm(
                total=self.total,
                desc=desc,
                unit=unit if is_bytes else f" {unit}",
                unit_scale=is_bytes,
                unit_divisor=1024 if is_bytes else 1000,
                file=self.stream,
                leave=False,
                dynamic_ncols=True,
            )

    def update(self, done: int, docs: int | None = None) -> None:
        done = max(done, self.done)
        if docs is not None:
            self.docs = max(docs, self.docs)
        elif self.unit == "docs":
            self.docs = done
        if self._bar is not None:
            self._bar.update(done - self.done)
            self.done = done
            if self.unit != "docs" and docs is not None:
                rate = self.docs / max(1e-9, time.monotonic() - self.start)
                self._bar.set_postfix_str(f"{self.docs:,} docs, {rate:.0f} docs/s", refresh=False)
            return
        self.done = done
        now = time.monotonic()
        if self.log_every > 0 and now - self._last_log >= self.log_every:
            self._last_log = now
            print(f"newsclean: {self.line()}", file=self.stream, flush=True)

    def line(self) -> str:
        """``pass 1: 1,234 docs (310 docs/s), 45.0 MB of 300.0 MB (15%), ETA 0:02:10``;
        ``write: 500 of 2,000 docs (25%), 310 docs/s, ETA 0:00:05``."""
        elapsed = max(1e-9, time.monotonic() - self.start)
        rate = f"{self.docs / elapsed:.0f} docs/s"
        share = self.done / self.total if self.total else None
        if self.unit == "B":
            done = _human_bytes(self.done)
            total = f" of {_human_bytes(self.total)}" if self.total else ""
            parts = [f"{self.docs:,} docs ({rate})", f"{done}{total}"]
        elif self.unit == "docs":
            total = f" of {self.total:,}" if self.total else ""
            parts = [f"{self.done:,}{total} docs", rate]
        else:
            total = f" of {self.total:,}" if self.total else ""
            parts = [f"{self.done:,}{total} {self.unit}"]
        if share is not None:
            parts[-1 if self.unit != "docs" else 0] += f" ({100 * share:.0f}%)"
            if 0 < share < 1:
                parts.append(f"ETA {_clock(elapsed * (1 - share) / share)}")
        return f"{self.desc}: " + ", ".join(parts)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            return
        if self.log_every > 0:
            took = _clock(time.monotonic() - self.start)
            docs = f"{self.docs:,} docs" if (self.docs or self.unit == "docs") else ""
            what = docs or (f"{self.done:,} {self.unit}" if self.unit != "B" else "")
            print(f"newsclean: {self.desc} done: {what} in {took}".replace(":  in", ": in"),
                  file=self.stream, flush=True)  # fmt: skip
