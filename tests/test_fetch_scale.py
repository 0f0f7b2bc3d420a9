"""Several workers, local processes or Ray tasks: hosts split between them, politeness kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from fetch_helpers import by_url, page_documents, run_fetch
from fetch_site import SiteConfig, SiteFarm

from newsclean.fetch.frontier import partition_of
from newsclean.fetch.urls import host_of


def _urls(farm: SiteFarm) -> list[str]:
    # /cross redirects to /news/4.html of the next host, which is in no list: a URL that
    # one worker queues for a host another worker may own.
    return [f"{farm.base(i)}/news/{n}.html" for n in range(4) for i in range(4)] + [
        f"{farm.base(i)}/cross" for i in range(4)
    ]


def _check(farm: SiteFarm, out: Path, urls: list[str], delay: float) -> None:
    targets = [f"{farm.base(i)}/news/4.html" for i in range(4)]
    pages = [u for u in urls if not u.endswith("/cross")] + targets
    assert sorted(page_documents(out)) == sorted(pages)
    rows = by_url(out)
    assert all(rows[u]["outcome"] == "redirected" for u in urls if u.endswith("/cross"))
    assert all(rows[u]["outcome"] == "fetched" for u in pages)
    # Each worker writes its own files, and only for the hosts of its partition (the
    # ports are random, so the four hosts may all hash into one partition).
    for row in rows.values():
        if row["warc_file"]:
            worker = int(row["warc_file"].split("-")[2])
            assert worker == partition_of(host_of(row["url"]), 2), row
    for i in range(len(farm.ports)):
        times = sorted(h.at for h in farm.hits(i) if h.path != "/robots.txt")
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= delay - 0.02, (i, gaps)


@pytest.mark.slow
def test_worker_processes_share_the_hosts(tmp_path: Path) -> None:
    with SiteFarm(4, configs=[SiteConfig(robots=None)] * 4) as farm:
        urls = _urls(farm)
        run_fetch(tmp_path, urls, workers=2, per_host_delay=0.1)
        _check(farm, tmp_path, urls, 0.1)


@pytest.mark.slow
@pytest.mark.ray
def test_ray_engine_shares_the_hosts(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    with SiteFarm(4, configs=[SiteConfig(robots=None)] * 4) as farm:
        urls = _urls(farm)
        run_fetch(tmp_path, urls, workers=2, engine="ray", per_host_delay=0.1)
        _check(farm, tmp_path, urls, 0.1)
