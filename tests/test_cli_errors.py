"""Every user error is one line on standard error that says what to do, exit 2,
never a traceback; help pages say what each option does and show examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.cli import build_parser, main


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code == 2, err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    p = tmp_path / "a.html"
    p.write_text("<html><body><article><p>The council met.</p></article></body></html>")
    return p


def test_output_in_a_missing_directory(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    line = one_line_error(capsys, "extract", str(page), "-o", "/nonexist/dir/x.jsonl")
    assert "/nonexist/dir" in line and "does not exist" in line and "-o" in line


def test_run_into_an_unwritable_place(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    line = one_line_error(capsys, "run", str(page), "--out", "/proc/foo")
    assert "/proc/foo" in line and "--out" in line


def test_unknown_format(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    line = one_line_error(capsys, "extract", str(page), "--format", "xml")
    assert "xml" in line and "jsonl" in line and "--help" in line


def test_parquet_needs_a_file(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    assert "-o" in one_line_error(capsys, "extract", str(page), "--format", "parquet")


def test_compressed_parquet_name(
    capsys: pytest.CaptureFixture[str], page: Path, tmp_path: Path
) -> None:
    line = one_line_error(capsys, "extract", str(page), "-o", str(tmp_path / "x.parquet.gz"))
    assert "drop the compression suffix" in line


def test_json_output_name(capsys: pytest.CaptureFixture[str], page: Path, tmp_path: Path) -> None:
    assert ".jsonl" in one_line_error(capsys, "extract", str(page), "-o", str(tmp_path / "x.json"))


def test_directory_output_needs_a_text_format(
    capsys: pytest.CaptureFixture[str], page: Path, tmp_path: Path
) -> None:
    line = one_line_error(capsys, "extract", str(page), "-o", str(tmp_path))
    assert "--format txt" in line


def test_missing_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = one_line_error(capsys, "extract", str(tmp_path / "missing.warc"))
    assert "does not exist" in line
    line = one_line_error(capsys, "run", str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert "does not exist" in line and not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["run", "-", "--out", "o"], "standard input"),
        (["run", "{page}", "--out", "o", "--workers", "0"], "--workers"),
        (["run", "{page}", "--out", "o", "--dedup-threshold", "2"], "--dedup-threshold"),
        (["run", "{page}", "--out", "o", "--engine", "spark"], "--engine"),
        (["run", "{page}"], "--out"),
        (["extract", "{page}", "--limit", "0"], "--limit"),
        (["extract", "{page}", "--text-key", ""], "--text-key"),
        (["extract", "{page}", "--max-document-bytes", "lots"], "size"),
        (["extract", "{page}", "--timeout", "5"], "--timeout"),
        (["learn-boilerplate", "{page}", "-o", "/nonexist/dir/t.json"], "does not exist"),
        (["learn-boilerplate", "{page}", "--markdown", "-o", "t.json"], "--markdown"),
        (["extract", "{page}", "--boilerplate", "/nonexist/t.json"], "not found"),
        (["inspect", "/nonexist/run"], "--out directory"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], page: Path, argv: list[str], needle: str
) -> None:
    line = one_line_error(capsys, *[a.replace("{page}", str(page)) for a in argv])
    assert needle in line


def test_run_into_a_non_empty_directory(
    capsys: pytest.CaptureFixture[str], page: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    line = one_line_error(capsys, "run", str(page), "--out", str(out))
    assert "not empty" in line and "notes.txt" in line
    assert (out / "notes.txt").read_text() == "mine"


def test_errors_from_a_real_process_have_no_traceback(page: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", str(page), "-o", "/nonexist/d/x.jsonl"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr


# -- help ------------------------------------------------------------------------------


def help_of(command: str) -> str:
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    return str(sub.format_help())


@pytest.mark.parametrize("command", ["extract", "run", "learn-boilerplate", "inspect"])
def test_every_command_has_examples_and_every_option_a_help_text(command: str) -> None:
    text = help_of(command)
    examples = text.split("examples:")[1]
    assert examples.count("newsclean ") >= 2
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    for action in sub._actions:
        if action.help != "==SUPPRESS==":
            assert action.help, action.option_strings


def test_each_command_offers_only_the_options_it_uses() -> None:
    assert "--timeout" not in help_of("extract")
    assert "--timeout" in help_of("run")
    learn = help_of("learn-boilerplate")
    assert "--markdown" not in learn and "--boilerplate FILE " not in learn
    run = " ".join(help_of("run").split())
    assert "--engine {local,ray}" in run and "Ray tasks" in run
