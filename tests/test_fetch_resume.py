"""Resuming a fetch: nothing fetched twice, nothing lost, even after kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fetch_helpers import by_url, log_rows, page_documents, run_fetch, warc_files
from fetch_site import SiteConfig, SiteFarm

from newsclean.fetch.frontier import Frontier


def test_uncommitted_warc_bytes_are_cut_on_resume(tmp_path: Path) -> None:
    with SiteFarm(1) as farm:
        urls = [f"{farm.base(0)}/news/{n}.html" for n in range(4)]
        run_fetch(tmp_path, urls)
        (path,) = warc_files(tmp_path)
        size = path.stat().st_size
        # What a crash leaves: a record written after the last commit, and a new
        # file that no commit ever mentioned.
        with open(path, "ab") as fh:
            fh.write(path.read_bytes()[-900:])
        stray = tmp_path / "newsclean-20990101000000-00-00000.warc.gz"
        stray.write_bytes(b"\x1f\x8b\x08partial")
        summary = run_fetch(tmp_path, [])
    assert path.stat().st_size == size
    assert not stray.exists()
    assert len(summary.repaired) == 2
    assert sorted(page_documents(tmp_path)) == sorted(urls)


def test_interrupted_run_keeps_the_finished_urls(tmp_path: Path) -> None:
    with SiteFarm(1) as farm:
        urls = [f"{farm.base(0)}/news/{n}.html" for n in range(6)]
        run_fetch(tmp_path, urls, max_pages=2)
        fr = Frontier(str(tmp_path))
        assert fr.count_pending(1) == 4
        fr.close()
        run_fetch(tmp_path, [])
        assert len(farm.hits(0, "/robots.txt")) == 1  # cached in the frontier
    assert sorted(page_documents(tmp_path)) == sorted(urls)
    assert all(r["outcome"] == "fetched" for r in log_rows(tmp_path))


def _start(out: Path, url_file: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "newsclean.fetch", "--urls", str(url_file), "--out", str(out),
        "--per-host-delay", "0", "--per-host-concurrency", "4", "--no-progress",
    ]  # fmt: skip
    if (out / "frontier.sqlite").exists():
        cmd.append("--resume")
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_kill_9_at_random_points_then_resume_fetches_every_url_once(tmp_path: Path) -> None:
    seed = int(os.environ.get("FETCH_KILL_SEED", time.time_ns() % 10_000))
    rnd = random.Random(seed)
    out = tmp_path / "crawl"
    with SiteFarm(4, configs=[SiteConfig(robots=None)] * 4) as farm:
        # 0.2 s per page, 16 in flight: a whole crawl takes at least 7.5 s, so the first
        # two runs (killed within 2.5 s) cannot finish however fast the machine is.
        urls = [
            f"{farm.base(i)}/news/{n}.html?sleep=0.2&k={n}" for n in range(150) for i in range(4)
        ]
        url_file = tmp_path / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        kills = 0
        for _ in range(4):
            proc = _start(out, url_file)
            time.sleep(rnd.uniform(0.8, 2.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(30)
        proc = _start(out, url_file)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert kills >= 2, f"seed {seed}: the fetch finished before it could be killed"
    docs = page_documents(out)
    assert len(docs) == len(set(docs)), f"seed {seed}: a URL is twice in the WARCs"
    assert sorted(docs) == sorted(urls), f"seed {seed}: a URL is missing"
    rows = by_url(out)
    assert len(log_rows(out)) == len(urls)
    assert all(rows[u]["outcome"] == "fetched" for u in urls)
    # The CDXJ index agrees with the repaired WARC files.
    index = (out / "index.cdxj").read_text().splitlines()
    assert len(index) == len(urls)
    for row in rows.values():
        assert os.path.exists(out / row["warc_file"])


@pytest.mark.slow
def test_ctrl_c_writes_the_log_and_resume_finishes(tmp_path: Path) -> None:
    out = tmp_path / "crawl"
    with SiteFarm(2, configs=[SiteConfig(robots=None)] * 2) as farm:
        urls = [f"{farm.base(i)}/news/{n}.html?sleep=0.05" for n in range(60) for i in range(2)]
        url_file = tmp_path / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        cmd = [
            sys.executable, "-m", "newsclean", "fetch", "--urls", str(url_file), "--out",
            str(out), "--per-host-delay", "0.05", "--no-progress",
        ]  # fmt: skip
        # The default SIGINT disposition, whatever the test runner's shell gave us.
        proc = subprocess.Popen(
            cmd,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 120
        while len(farm.log) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)  # interrupt the fetch itself, not the interpreter starting up
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err.decode()
        assert b"--resume" in err
        rows = log_rows(out)
        assert len(rows) == len(urls)
        left = [r for r in rows if r["outcome"] == "not_fetched"]
        assert left and all(r["reason"] == "interrupted" for r in left)
        done = subprocess.run([*cmd, "--resume"], capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
    docs = page_documents(out)
    assert sorted(docs) == sorted(urls)
    assert all(r["outcome"] == "fetched" for r in log_rows(out))
