"""From a loopback site to a corpus: ``newsclean fetch`` then ``newsclean run`` on its DIR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fetch_helpers import by_url
from fetch_site import SiteConfig, SiteFarm


def newsclean(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", *args], capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_fetch_then_run_gives_one_record_per_fetched_page(tmp_path: Path) -> None:
    crawl, corpus = tmp_path / "crawl", tmp_path / "corpus"
    with SiteFarm(1, configs=[SiteConfig(robots="User-agent: *\nDisallow: /private/\n")]) as farm:
        b = farm.base(0)
        urls = [f"{b}/news/{n}.html" for n in range(6)]
        extra = [f"{b}/redirect/2", f"{b}/status/404", f"{b}/private/x.html", f"{b}/image.png"]
        proc = newsclean(
            "fetch", *urls, *extra, "--out", str(crawl), "--per-host-delay", "0", "--no-progress"
        )
        assert proc.returncode == 0, proc.stderr
    log = by_url(crawl)
    fetched = {r["final_url"] for r in log.values() if r["outcome"] == "fetched"}
    assert fetched == {*urls, f"{b}/news/3.html"} - set() and len(fetched) == 6
    proc = newsclean("run", str(crawl), "--out", str(corpus), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    records = [r for p in sorted(corpus.glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    # The WARC pages and nothing else: not the log, the index, the frontier, the redirects.
    assert sorted(r["url"] for r in records) == sorted(fetched)
    assert all(".warc.gz#offset=" in r["source"] for r in records)
    assert {r["status"] for r in records} == {"ok"}
    # The pages give no date of their own: the HTTP Last-Modified is the fallback.
    dates = {r["url"]: r["date"] for r in records}
    assert dates[f"{b}/news/0.html"][:10] == "2023-11-14"
    assert dates[f"{b}/news/5.html"][:10] == "2023-11-19"
    summary = json.loads(next(corpus.rglob("summary.json")).read_text())
    assert summary


@pytest.mark.slow
def test_extract_reads_a_fetch_directory(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    with SiteFarm(1, configs=[SiteConfig(robots=None)]) as farm:
        url = f"{farm.base(0)}/news/7.html"
        proc = newsclean("fetch", url, "--out", str(crawl), "--per-host-delay", "0")
        assert proc.returncode == 0, proc.stderr
    proc = newsclean("extract", str(crawl))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["url"] for r in lines] == [url]
    assert "Library plan number 7" in lines[0]["title"]
