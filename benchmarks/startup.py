"""Start-up: time to the first record in a cold process, newsclean beside trafilatura.

Each measurement starts a fresh Python process that extracts one real news page
(the first scrapinghub-articles page) and prints the result, the way a user's
first call or a one-file CLI invocation does: interpreter start, imports, the
first extraction (compiling whatever is compiled lazily) and the output. Rows:

- ``python -c pass``: the interpreter alone (the floor);
- the Python API: ``newsclean.extract(html)`` / ``trafilatura.extract(html)``;
- the command line: ``newsclean extract page.html`` / ``trafilatura < page.html``.

Each row is the median of ``--rounds`` processes (OS file cache warm, as on a
second invocation). Wall time is what a user waits; CPU time (user + system of
the child) is what the shared machine's load does not change much.

Run::

    .venv/bin/python benchmarks/startup.py [--rounds 7]

Writes benchmarks/results/startup.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

from common import load_scrapinghub, markdown_table, process_times, publish

PY = sys.executable
BIN = Path(PY).parent


def measure(cmd: list[str], stdin_path: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one process running ``cmd``."""
    wall, cpu, proc = process_times(cmd, stdin_path)
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-2000:]}")
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    # A user's second process loads compiled bytecode: the warm-up run must be
    # allowed to write it. With PYTHONDONTWRITEBYTECODE set, every measured process
    # would recompile each newsclean module edited since its .pyc was last written,
    # while installed packages (trafilatura) were compiled by pip.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    page = load_scrapinghub(limit=1)[0]
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "page.html"
        html_path.write_text(page.html, encoding="utf-8")
        api = (
            "import sys, {m}; "
            "r = {m}.extract(open(sys.argv[1], encoding='utf-8').read()); print(len({t}))"
        )
        rows = [
            ("python -c pass (interpreter only)", [PY, "-c", "print(1)"], None),
            (
                "newsclean.extract(html), API",
                [PY, "-c", api.format(m="newsclean", t="r.text"), str(html_path)],
                None,
            ),
            (
                "trafilatura.extract(html), API",
                [PY, "-c", api.format(m="trafilatura", t="r or ''"), str(html_path)],
                None,
            ),
            ("newsclean extract page.html, CLI", [PY, "-m", "newsclean", "extract", str(html_path)],
             None),
            ("trafilatura < page.html, CLI", [str(BIN / "trafilatura")], html_path),
        ]  # fmt: skip
        for _name, cmd, stdin in rows:
            measure(cmd, stdin)  # warm the OS file cache (and .pyc files)
        # Round-robin: each round runs every row once, so a machine that speeds up
        # or slows down during the run (shared instances do) moves all rows alike.
        walls: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        cpus: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        for _ in range(args.rounds):
            for name, cmd, stdin in rows:
                wall, cpu = measure(cmd, stdin)
                walls[name].append(wall)
                cpus[name].append(cpu)
        results = {name: (statistics.median(walls[name]), statistics.median(cpus[name]))
                   for name, _, _ in rows}
        for name, (wall, cpu) in results.items():
            print(f"{name:40s} wall {wall:.3f} s  cpu {cpu:.3f} s")
    table = markdown_table(
        ["process", "wall (median)", "CPU user+sys (median)"],
        [[n, f"{w:.2f} s", f"{c:.2f} s"] for n, (w, c) in results.items()],
    )
    nc_api = results["newsclean.extract(html), API"]
    tr_api = results["trafilatura.extract(html), API"]
    nc_cli = results["newsclean extract page.html, CLI"]
    tr_cli = results["trafilatura < page.html, CLI"]
    text = (
        "# Start-up: time to the first record\n\n"
        f"Command: `.venv/bin/python benchmarks/startup.py --rounds {args.rounds}` "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores). One cold process per measurement extracts the first "
        "scrapinghub-articles page and prints it; the rows run in turn, round after "
        "round, and each row's figure is its median, file cache warm.\n\n"
        f"{table}\n\n"
        f"First record through the API: newsclean {nc_api[0]:.2f} s, trafilatura "
        f"{tr_api[0]:.2f} s (CPU {nc_api[1]:.2f} s vs {tr_api[1]:.2f} s); "
        f"one file through the command line: newsclean {nc_cli[0]:.2f} s, trafilatura "
        f"{tr_cli[0]:.2f} s. Target: newsclean's first record under 0.5 s.\n"
    )
    publish("startup", text)


if __name__ == "__main__":
    main()
