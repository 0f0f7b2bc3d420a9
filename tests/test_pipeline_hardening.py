"""Hardening of the pipeline and CLI: lone surrogates, warm-up outside the time
limit, resume after a kill during start-up, and usage errors that used to be
tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pipeline_corpus import make_pages

import newsclean
from newsclean.io.readers import list_units
from newsclean.io.writers import JsonlWriter, ParquetWriter
from newsclean.options import Options
from newsclean.pipeline.stages import process_document, valid_unicode
from newsclean.pipeline.tasks import NO_DOCUMENT, UnitTask
from newsclean.pipeline.unit import process_unit
from newsclean.record import OK, Document

BODY = "The council voted on Tuesday to approve the new budget for roads and schools. " * 4


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", *args], capture_output=True, text=True, timeout=180
    )


# -- lone surrogates -------------------------------------------------------------------


def test_valid_unicode_replaces_lone_surrogates_only() -> None:
    assert valid_unicode("a\udcffb\ud800") == "a\ufffdb\ufffd"
    s = "déjà vu, 東京, emoji 🙂"
    assert valid_unicode(s) is s  # valid text is returned as is (no copy)
    ascii_text = "plain"
    assert valid_unicode(ascii_text) is ascii_text


def test_records_with_lone_surrogates_can_be_written(tmp_path: Path) -> None:
    # A file name decoded with surrogateescape (non-UTF-8 bytes on disk) ends up in
    # id/source; API callers can pass any str as HTML, text or URL.
    docs = [
        Document(
            id="page-\udcff.html:0",
            source="dir/page-\udcff.html",
            url="https://example.org/a\udcffb",
            html=f"<html><body><article><p>{BODY} A \udcff sign.</p></article></body></html>",
        ),
        Document(id="t:1", source="t.txt", text=f"{BODY}\n\nLone \ud800 high surrogate."),
    ]
    arts = [process_document(d, Options()) for d in docs]
    assert [a.status for a in arts] == [OK, OK]
    assert "\ufffd" in arts[0].text and "\ufffd" in arts[1].text
    assert (
        arts[0].source == "dir/page-\ufffd.html" and arts[0].url == "https://example.org/a\ufffdb"
    )
    with ParquetWriter(str(tmp_path / "r.parquet")) as pw:
        for a in arts:
            pw.write(a)
    jw = JsonlWriter(str(tmp_path / "r.jsonl"))
    for a in arts:
        jw.write(a)
    jw.close()
    assert pq.read_table(tmp_path / "r.parquet").num_rows == 2
    rows = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["page-\ufffd.html:0", "t:1"]


def test_public_api_replaces_lone_surrogates() -> None:
    art = newsclean.extract(f"<html><body><article><p>{BODY} \udc80</p></article></body></html>")
    assert art.status == OK and "\udc80" not in art.text
    art.to_dict()
    txt = newsclean.clean_text(f"{BODY}\n\nOne more \udfff line here for the reader.")
    assert txt.status == OK and "\udfff" not in txt.text


# -- warm-up and the per-document clock ------------------------------------------------


def test_unit_warms_up_before_its_first_document_and_signals_the_end(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, (_, html) in enumerate(make_pages(3)):
        (src / f"p{i}.html").write_text(html)
    calls: list[int] = []
    results = []
    for unit in list_units([str(src)]):
        task = UnitTask(unit, str(tmp_path / "work"), Options(), dedup=False, boilerplate=False)
        results.append(process_unit(task, calls.append))
    # Each unit ends with NO_DOCUMENT, so closing it is charged to no document.
    assert calls == [0, NO_DOCUMENT] * 3
    assert all(r.statuses == {"ok": 1} for r in results)
    assert "warm_up" in results[0].timings


# -- resume after a kill during start-up ------------------------------------------------


def _one_page(tmp_path: Path) -> Path:
    src = tmp_path / "one.html"
    src.write_text(make_pages(1)[0][1])
    return src


@pytest.mark.slow
def test_resume_starts_afresh_when_killed_before_the_manifest(tmp_path: Path) -> None:
    src = _one_page(tmp_path)
    out = tmp_path / "out"
    work = tmp_path / ".out.newsclean-work"
    work.mkdir(parents=True)
    (work / "run.json.tmp").write_bytes(b'{"vers')  # cut short by kill -9
    plain = cli("run", str(src), "--out", str(out), "--workers", "1")
    assert plain.returncode == 2 and "--resume" in plain.stderr
    r = cli("run", str(src), "--out", str(out), "--workers", "1", "--resume")
    assert r.returncode == 0, r.stderr
    assert json.loads((out / ".newsclean" / "summary.json").read_text())["documents"] == 1
    assert not list(out.rglob("*.tmp"))


def test_resume_still_refuses_a_directory_with_other_files(tmp_path: Path) -> None:
    src = _one_page(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / ".out.newsclean-work").mkdir()
    (out / "notes.txt").write_text("mine")
    r = cli("run", str(src), "--out", str(out), "--workers", "1", "--resume")
    assert r.returncode == 2 and "not empty" in r.stderr
    assert (out / "notes.txt").read_text() == "mine"


# -- CLI usage errors ----------------------------------------------------------------------


def test_inspect_on_a_public_host_is_a_usage_error(tmp_path: Path) -> None:
    r = cli("inspect", str(tmp_path), "--host", "0.0.0.0", "--port", "0")
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "loopback" in r.stderr


def test_dedup_threshold_help_states_the_real_default() -> None:
    from newsclean.dedup.clusters import DedupParams

    r = subprocess.run(
        [sys.executable, "-m", "newsclean", "run", "--help"], capture_output=True, text=True
    )
    text = " ".join(r.stdout.split())
    assert f"(default {DedupParams().jaccard_threshold:g})" in text
