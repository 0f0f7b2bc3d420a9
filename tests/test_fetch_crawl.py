"""newsclean fetch against fixture sites on loopback: what each kind of answer becomes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_helpers import by_url, log_rows, page_documents, run_fetch
from fetch_site import SiteConfig, SiteFarm

from newsclean.fetch.outcomes import OUTCOMES


@pytest.fixture(scope="module")
def farm() -> Iterator[SiteFarm]:
    with SiteFarm(2) as f:
        yield f


@pytest.mark.slow
def test_each_misbehaviour_ends_with_its_outcome(farm: SiteFarm, tmp_path: Path) -> None:
    b = farm.base(0)
    expect = {
        f"{b}/news/1.html": ("fetched", 200),
        f"{b}/status/404": ("http_error", 404),
        f"{b}/status/503": ("http_error", 503),
        f"{b}/long-retry": ("http_error", 429),
        f"{b}/loop/a": ("redirect_loop", 301),
        f"{b}/redirect/3": ("fetched", 200),
        f"{b}/stall": ("timeout", None),
        f"{b}/slow": ("timeout", None),
        f"{b}/bomb": ("too_large", 200),
        f"{b}/big": ("too_large", None),
        f"{b}/big-chunked": ("too_large", None),
        f"{b}/image.png": ("not_html", 200),
        f"{b}/octet": ("fetched", 200),
        f"{b}/latin1": ("fetched", 200),
        f"{b}/gzipped.html": ("fetched", 200),
        f"{b}/chunked.html": ("fetched", 200),
        f"{b}/private/secret.html": ("robots_denied", None),
        f"{b}/to-private": ("robots_denied", 302),
        "http://nohost.invalid/x.html": ("dns_error", None),
        "http://127.0.0.1:1/refused.html": ("connection_error", None),
    }
    garbage = ["not a url", "ftp://example.org/file", "javascript:alert(1)"]
    summary = run_fetch(tmp_path, [*expect, *garbage], retries=1)
    rows = by_url(tmp_path)
    for url, (outcome, status) in expect.items():
        assert (rows[url]["outcome"], rows[url]["http_status"]) == (outcome, status), url
        assert rows[url]["reason"] or outcome == "fetched", url
    for line in garbage:
        assert rows[line]["outcome"] == "invalid_url"
    assert rows[f"{b}/redirect/3"]["final_url"] == f"{b}/news/3.html"
    assert {r["outcome"] for r in log_rows(tmp_path)} <= set(OUTCOMES)
    assert len(log_rows(tmp_path)) == len(expect) + len(garbage)
    assert summary.fetched_pages == 6
    # Never a request for a disallowed path, even through a redirect.
    assert not [h for h in farm.hits(0) if h.path.startswith("/private/")]
    # Only the documents are in the WARC as 2xx responses, once each.
    docs = page_documents(tmp_path)
    assert sorted(docs) == sorted(
        {r["final_url"] for r in rows.values() if r["outcome"] == "fetched"}
    )


def test_retry_after_is_honoured_then_the_page_is_fetched(farm: SiteFarm, tmp_path: Path) -> None:
    url = f"{farm.base(1)}/flaky"
    run_fetch(tmp_path, [url])
    assert by_url(tmp_path)[url]["outcome"] == "fetched"
    times = [h.at for h in farm.hits(1, "/flaky")]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95  # Retry-After: 1


def test_redirect_to_another_host_queues_the_target_once(farm: SiteFarm, tmp_path: Path) -> None:
    src = f"{farm.base(0)}/cross"
    target = f"{farm.base(1)}/news/4.html"
    run_fetch(tmp_path, [src, target])
    rows = by_url(tmp_path)
    assert rows[src]["outcome"] == "redirected"
    assert rows[src]["final_url"] == target
    assert rows[target]["outcome"] == "fetched"
    assert page_documents(tmp_path).count(target) == 1


def test_feeds_and_sitemaps_give_their_pages_with_dates(farm: SiteFarm, tmp_path: Path) -> None:
    b = farm.base(0)
    run_fetch(
        tmp_path,
        feeds=[f"{b}/feed.xml", f"{b}/atom.xml", f"{b}/feed.json"],
        sitemaps=[f"{b}/sitemap_index.xml", f"{b}/self-sitemap.xml"],
    )
    rows = log_rows(tmp_path)
    pages = {r["url"]: r for r in rows if r["kind"] == "page"}
    # RSS (0-4, with ?utm_source), Atom (5-7), JSON Feed (8-10), sitemaps (0-19): 20 pages,
    # each once although several listings name it.
    numbers = sorted(int(u.rsplit("/", 1)[1].split(".")[0]) for u in pages)
    assert numbers == list(range(20))
    assert all(r["outcome"] == "fetched" for r in pages.values())
    listings = {r["url"].rsplit("/", 1)[1]: r for r in rows if r["kind"] != "page"}
    assert set(listings) == {
        "feed.xml", "atom.xml", "feed.json", "sitemap_index.xml", "self-sitemap.xml",
        "sitemap1.xml", "sitemap2.xml.gz",
    }  # fmt: skip
    assert all(r["outcome"] == "fetched" for r in listings.values())
    assert "lists itself" in listings["self-sitemap.xml"]["reason"]
    dated = {u.rsplit("/", 1)[1].split("?")[0]: r["listed_date"] for u, r in pages.items()}
    assert dated["0.html"] == "2024-01-01T10:00:00+00:00"  # RSS pubDate
    assert dated["6.html"] == "2024-02-06T08:00:00+00:00"  # Atom updated
    assert dated["9.html"] == "2024-03-10T10:00:00+00:00"  # JSON Feed date_published
    assert dated["15.html"] == "2024-01-15"  # sitemap lastmod (gzipped sitemap)
    assert sorted(page_documents(tmp_path)) == sorted(r["final_url"] for r in pages.values())


def test_news_sitemap_dates_filter_the_window(farm: SiteFarm, tmp_path: Path) -> None:
    b = farm.base(0)
    run_fetch(tmp_path, sitemaps=[f"{b}/news-sitemap.xml"], since="2024-05-05", until="2024-06-01")
    rows = {r["url"]: r for r in log_rows(tmp_path) if r["kind"] == "page"}
    assert rows[f"{b}/news/2.html"]["outcome"] == "fetched"
    assert rows[f"{b}/news/2.html"]["listed_date"] == "2024-05-10T07:00:00+00:00"
    for n in (1, 3):
        assert rows[f"{b}/news/{n}.html"]["outcome"] == "filtered"
        assert "--since/--until" in rows[f"{b}/news/{n}.html"]["reason"]


def test_same_host_and_patterns_filter_links(farm: SiteFarm, tmp_path: Path) -> None:
    b = farm.base(0)
    run_fetch(
        tmp_path,
        feeds=[f"{b}/offsite-feed.xml", f"{b}/feed.xml"],
        same_host=True,
        exclude=(r"/news/4\.html",),
    )
    rows = by_url(tmp_path)
    assert rows["http://127.0.0.2:9/elsewhere.html"]["outcome"] == "filtered"
    assert "--same-host" in rows["http://127.0.0.2:9/elsewhere.html"]["reason"]
    assert rows[f"{b}/news/4.html?utm_source=rss"]["outcome"] == "filtered"
    assert rows[f"{b}/news/1.html"]["outcome"] == "fetched"


def test_malformed_listings_get_one_row_each(farm: SiteFarm, tmp_path: Path) -> None:
    b = farm.base(0)
    run_fetch(
        tmp_path,
        feeds=[f"{b}/malformed-feed.xml", f"{b}/garbage-feed.xml", f"{b}/status/404"],
        sitemaps=[f"{b}/malformed-sitemap.xml", "::not a url::"],
    )
    rows = by_url(tmp_path)
    assert rows[f"{b}/malformed-feed.xml"]["outcome"] == "malformed"
    assert rows[f"{b}/malformed-sitemap.xml"]["outcome"] == "malformed"
    assert rows[f"{b}/status/404"]["outcome"] == "http_error"
    assert rows["::not a url::"]["outcome"] == "invalid_url"
    assert rows["javascript:alert(1)"]["outcome"] == "invalid_url"
    assert rows[f"{b}/news/2.html"]["outcome"] == "fetched"
    assert "1 invalid" in rows[f"{b}/garbage-feed.xml"]["reason"]


def test_feed_fetched_again_is_a_conditional_request(farm: SiteFarm, tmp_path: Path) -> None:
    feed = f"{farm.base(1)}/feed.xml"
    run_fetch(tmp_path, feeds=[feed])
    first = len(farm.hits(1))
    run_fetch(tmp_path, feeds=[feed])
    again = farm.hits(1)[first:]
    assert [h.path for h in again] == ["/feed.xml"]  # robots.txt cached, pages not refetched
    assert again[0].headers.get("If-None-Match", "").startswith('"v1-')
    assert again[0].headers.get("If-Modified-Since") == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert by_url(tmp_path)[feed]["outcome"] == "not_modified"
    pages = [r for r in log_rows(tmp_path) if r["kind"] == "page"]
    assert len(pages) == 5 and all(r["outcome"] == "fetched" for r in pages)


def test_discover_finds_sitemaps_in_robots_and_feeds_in_links(tmp_path: Path) -> None:
    with SiteFarm(1) as farm:
        run_fetch(tmp_path, sites=[farm.base(0)], max_pages=3)
        rows = log_rows(tmp_path)
    kinds = {r["url"].rsplit("/", 1)[1]: r["kind"] for r in rows if r["kind"] != "page"}
    assert kinds == {
        "": "site",
        "sitemap_index.xml": "sitemap",
        "sitemap1.xml": "sitemap",
        "sitemap2.xml.gz": "sitemap",
        "feed.xml": "feed",
        "atom.xml": "feed",
    }
    site = next(r for r in rows if r["kind"] == "site")
    assert site["outcome"] == "fetched" and "3 links" in site["reason"]
    pages = [r for r in rows if r["kind"] == "page"]
    assert sum(r["outcome"] == "fetched" for r in pages) == 3
    assert {r["outcome"] for r in pages} == {"fetched", "not_fetched"}


def test_max_pages_then_resume_fetches_the_rest(farm: SiteFarm, tmp_path: Path) -> None:
    b = farm.base(1)
    urls = [f"{b}/news/{n}.html?k=max" for n in range(12)]
    run_fetch(tmp_path, urls, max_pages=4)
    outcomes = [by_url(tmp_path)[u]["outcome"] for u in urls]
    assert outcomes.count("fetched") == 4 and outcomes.count("not_fetched") == 8
    run_fetch(tmp_path, [])
    assert all(by_url(tmp_path)[u]["outcome"] == "fetched" for u in urls)
    assert sorted(page_documents(tmp_path)) == sorted(urls)


def test_politeness_holds_in_the_access_log(tmp_path: Path) -> None:
    robots = "User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n"
    configs = [SiteConfig(robots=robots), SiteConfig(), SiteConfig()]
    with SiteFarm(3, configs=configs) as farm:
        urls = [f"{farm.base(i)}/news/{n}.html" for n in range(6) for i in range(3)]
        urls += [f"{farm.base(0)}/private/{n}.html" for n in range(3)]
        run_fetch(tmp_path, urls, per_host_delay=0.15, concurrency=16)
        delays = {0: 0.3, 1: 0.15, 2: 0.15}
        for i, delay in delays.items():
            times = [h.at for h in farm.hits(i)]
            assert len(times) == 7  # robots.txt and six pages
            gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
            assert min(gaps) >= delay - 0.02, (i, gaps)
        assert not [h for h in farm.hits(0) if h.path.startswith("/private/")]
        # Hosts are fetched side by side: the crawl takes about the slowest host's time.
        starts = [farm.hits(i)[0].at for i in range(3)]
        assert max(starts) - min(starts) < 0.2
        assert all(h.user_agent.startswith("newsclean/") for h in farm.log)
    assert all(r["outcome"] in ("fetched", "robots_denied") for r in log_rows(tmp_path))


def test_per_host_concurrency_and_delay_bound_the_rate(tmp_path: Path) -> None:
    with SiteFarm(1, configs=[SiteConfig(robots=None)]) as farm:
        urls = [f"{farm.base(0)}/news/{n}.html" for n in range(10)]
        run_fetch(tmp_path, urls, per_host_delay=0.1, per_host_concurrency=3)
        times = sorted(h.at for h in farm.hits(0))
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.08  # never more than 1 / delay requests per second


def test_robots_server_error_disallows_the_host(tmp_path: Path) -> None:
    with SiteFarm(1, configs=[SiteConfig(robots="", robots_status=503)]) as farm:
        url = f"{farm.base(0)}/news/1.html"
        run_fetch(tmp_path, [url])
        assert [h.path for h in farm.hits(0)] == ["/robots.txt"]
    row = by_url(tmp_path)[url]
    assert row["outcome"] == "robots_denied" and "503" in row["reason"]


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


@pytest.mark.slow
def test_a_50_mb_body_is_streamed_not_held_in_memory(tmp_path: Path) -> None:
    import subprocess
    import sys

    with SiteFarm(1, configs=[SiteConfig(robots=None)]) as farm:
        peak_mb = {}
        for path in ("/news/1.html", "/big-chunked"):
            out = tmp_path / path.strip("/").replace("/", "-")
            cmd = [sys.executable, "-m", "newsclean.fetch", farm.base(0) + path, "--out", str(out),
                   "--max-body-bytes", "64M", "--no-progress"]  # fmt: skip
            # A parent of its own per fetch: its RUSAGE_CHILDREN peak is that fetch's.
            done = subprocess.run(
                [sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, timeout=180
            )
            assert done.returncode == 0, done.stderr
            peak_mb[path] = int(done.stdout.split()[-1]) / 1024
    row = by_url(tmp_path / "big-chunked")[farm.base(0) + "/big-chunked"]
    assert row["outcome"] == "fetched" and row["bytes"] > 50 * 1000 * 1000
    # The peak of the big fetch stays within a few MB of the small one (not +50 MB).
    assert peak_mb["/big-chunked"] - peak_mb["/news/1.html"] < 25, peak_mb


def test_a_host_that_accepts_but_never_answers_times_out(tmp_path: Path) -> None:
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel completes handshakes; nobody ever reads or writes
    port = silent.getsockname()[1]
    try:
        urls = [f"http://127.0.0.1:{port}/a.html", f"http://127.0.0.1:{port}/b.html"]
        summary = run_fetch(tmp_path, urls)
    finally:
        silent.close()
    rows = by_url(tmp_path)
    assert [rows[u]["outcome"] for u in urls] == ["timeout", "timeout"]
    assert all(rows[u]["reason"].startswith("robots.txt: ") for u in urls)
    assert summary.fetched_pages == 0
