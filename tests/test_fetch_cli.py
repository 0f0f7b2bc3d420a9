"""The ``newsclean fetch`` command: usage errors, help, URL files, the summary."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fetch_helpers import by_url
from fetch_site import SiteConfig, SiteFarm

from newsclean.fetch.outcomes import OUTCOMES

ROOT = Path(__file__).resolve().parents[1]


def fetch_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean.fetch", *args],
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "the following arguments are required: --out"),
        (["--out", "{tmp}/o"], "nothing to fetch"),
        (["--out", "{tmp}/o", "--resume"], "nothing to resume"),
        (["http://x.org/", "--out", "{tmp}/o", "--per-host-delay", "-1"], "must be zero or more"),
        (["http://x.org/", "--out", "{tmp}/o", "--workers", "0"], "must be at least 1"),
        (["--urls", "{tmp}/missing.txt", "--out", "{tmp}/o"], "no such file"),
        (["http://x.org/", "--out", "{tmp}/o", "--include", "("], "not a regular expression"),
        (["http://x.org/", "--out", "{tmp}/o", "--since", "May"], "not a date"),
        (
            ["http://x.org/", "--out", "{tmp}/o", "--since", "2024-05-02", "--until", "2024-05-01"],
            "is after",
        ),
        (["http://x.org/", "--out", "{tmp}/o", "--max-body-bytes", "lots"], "not a size"),
        (["http://x.org/", "--out", "{tmp}/file.txt"], "is a file"),
        (["http://x.org/", "--out", "{tmp}/o", "--url-column", "link"], "needs --urls"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "file.txt").write_text("x")
    proc = fetch_cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newsclean fetch: error: ")
    assert message in lines[0]
    assert "Traceback" not in proc.stderr


def test_help_has_examples() -> None:
    proc = fetch_cli("--help")
    assert proc.returncode == 0
    assert "examples:" in proc.stdout
    assert "newsclean fetch --feed" in proc.stdout and "--resume" in proc.stdout


@pytest.mark.slow
def test_csv_and_parquet_columns_and_garbage_lines(tmp_path: Path) -> None:
    with SiteFarm(1, configs=[SiteConfig(robots=None)]) as farm:
        b = farm.base(0)
        csv = tmp_path / "links.csv"
        csv.write_text(f"title,link\none,{b}/news/1.html\ntwo,{b}/news/2.html\nbad,%%%\n")
        pq.write_table(
            pa.table({"url": [f"{b}/news/3.html", None, "  "], "n": [1, 2, 3]}),
            tmp_path / "links.parquet",
        )
        txt = tmp_path / "links.txt"
        txt.write_text(f"# a comment\n\n{b}/news/4.html\nwww.\x00garbage\n{b}/news/4.html\n")
        for args in (
            ["--urls", str(csv), "--url-column", "link"],
            ["--urls", str(tmp_path / "links.parquet")],
            ["--urls", str(txt)],
        ):
            proc = fetch_cli(*args, "--out", str(tmp_path / "out"), "--per-host-delay", "0")
            assert proc.returncode == 0, proc.stderr
        bad = fetch_cli("--urls", str(csv), "--url-column", "nope", "--out", str(tmp_path / "o2"))
    assert bad.returncode == 2 and "no column 'nope'" in bad.stderr
    rows = by_url(tmp_path / "out")
    assert [rows[f"{b}/news/{n}.html"]["outcome"] for n in (1, 2, 3, 4)] == ["fetched"] * 4
    assert rows["%%%"]["outcome"] == "invalid_url"
    assert rows["www.\x00garbage"]["outcome"] == "invalid_url"
    assert len(rows) == 6
    assert re.search(r"1 pages fetched in [\d.]+ s \([\d.]+ pages/s\)", proc.stderr)
    assert "outcomes: fetched 4, invalid_url 2" in proc.stderr


@pytest.mark.slow
def test_hosts_that_never_answer_still_exit_0(tmp_path: Path) -> None:
    proc = fetch_cli(
        "http://127.0.0.1:1/a.html", "http://nohost.invalid:1/b",
        "--resolve", "nohost.invalid:127.0.0.1", "--out", str(tmp_path / "o"),
        "--connect-timeout", "1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    outcomes = {r["url"]: r["outcome"] for r in by_url(tmp_path / "o").values()}
    assert set(outcomes.values()) == {"connection_error"}


def test_every_outcome_is_documented() -> None:
    doc = (ROOT / "docs" / "FETCH.md").read_text()
    for name in OUTCOMES:
        assert f"`{name}`" in doc, name
