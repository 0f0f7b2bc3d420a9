"""`newsclean inspect` end to end in a real headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright for Python): over the synthetic run of
test_inspect_corpus (list, filters, dashboard) and over the real run of
test_inspect_run (source pages, "why is this empty?"). Takes screenshots of
each view; with NEWSCLEAN_SCREENSHOTS=docs it refreshes those in docs/ (else
they go to a temporary directory, so a test run leaves the checkout as it was)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_inspect_corpus import (
    HOSTILE_ID,
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    SHOWCASE_ID,
    RunInfo,
    write_run,
)
from test_inspect_run import RealRun, real_run

from newsclean.inspect.server import RunningServer, start

CHROMIUM = os.environ.get("NEWSCLEAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS = (
    Path(__file__).resolve().parent.parent / "docs"
    if os.environ.get("NEWSCLEAN_SCREENSHOTS") == "docs"
    else Path(tempfile.mkdtemp(prefix="newsclean-screenshots-"))
)
# What the record page itself requests (its <img src=/api/records> must not load).
APP_PATHS = ("/record", "/source/page", "/favicon.ico", "/static/", "/api/info", "/api/record/",
             "/api/source/", "/api/diagnose/")  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)),
        reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium; .ci/run does)",
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = playwright_api.expect


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunInfo:
    return write_run(tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def server(run: RunInfo) -> Iterator[RunningServer]:
    srv = start(str(run.root))
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> RealRun:
    return real_run(tmp_path_factory)


@pytest.fixture(scope="module")
def real_server(real: RealRun) -> Iterator[RunningServer]:
    srv = start(str(real.out), source_roots=[str(real.root)])
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records dialogs, script errors, console errors (CSP reports)
    and every request it or its frames make."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: dict[str, str] = {}  # url -> why the browser did not fetch it
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.setdefault(r.url, r.failure or ""))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-loaded='1']", timeout=20_000)
        return self.page


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    p = Page(browser)
    yield p
    p.page.close()


def _row_ids(pg: Any) -> list[str]:
    return list(
        pg.eval_on_selector_all("#records tbody tr[data-id]", "rs => rs.map(r => r.dataset.id)")
    )


def test_list_filter_and_open_a_record(server: RunningServer, run: RunInfo, page: Page) -> None:
    pg = page.open(server.url)
    assert pg.locator("#count").inner_text().startswith(f"{len(run.records):,} records")
    assert len(_row_ids(pg)) == 50
    pg.screenshot(path=str(DOCS / "inspect-list.png"))

    # filter: status=empty through the menu
    pg.select_option("#status", "empty")
    expect(pg.locator("#count")).to_have_text(re.compile(r"^12 records"))
    expected = {r["id"] for r in run.records if r["status"] == "empty"}
    assert set(_row_ids(pg)) == expected
    assert "status=empty" in pg.url

    # search + paging back to full list
    pg.click("#clear-filters")
    expect(pg.locator("#count")).to_have_text(re.compile(f"^{len(run.records):,} records"))
    pg.fill("#q", "harbour bridge vote delayed")
    pg.press("#q", "Enter")
    expect(pg.locator("#records tbody tr[data-id]")).to_have_count(2)
    assert set(_row_ids(pg)) == {SHOWCASE_ID, "showcase-copy"}

    pg.click(f"tr[data-id='{SHOWCASE_ID}'] a.record-link")
    pg.wait_for_selector("body[data-loaded='1']")
    assert "record?id=" + SHOWCASE_ID in pg.url
    # back to the same filtered list
    pg.click("#back")
    expect(pg.locator("#records tbody tr[data-id]")).to_have_count(2)
    assert pg.input_value("#q") == "harbour bridge vote delayed"
    assert not page.errors


def test_paging_moves_through_the_list(server: RunningServer, run: RunInfo, page: Page) -> None:
    pg = page.open(server.url)
    first = _row_ids(pg)
    pg.click("#next")
    expect(pg.locator("#page")).to_have_text(re.compile(r"^page 2 "))
    second = _row_ids(pg)
    assert second == [r["id"] for r in run.records[50:100]]
    assert not set(first) & set(second)
    pg.go_back()
    expect(pg.locator("#page")).to_have_text(re.compile(r"^page 1 "))
    assert _row_ids(pg) == first


def test_record_shows_removed_lines_in_place_with_reasons(
    server: RunningServer, page: Page
) -> None:
    pg = page.open(server.url + "record?id=" + SHOWCASE_ID)
    assert pg.inner_text("#title") == "Harbour bridge vote delayed"
    doc = pg.locator("#doc > *")
    kinds = doc.evaluate_all(
        "ns => ns.map(n => n.classList.contains('removed') ? 'removed:' + n.dataset.reason : 'p')"
    )
    assert kinds == ["removed:byline", "p", "p", "removed:advertisement", "p", "removed:share"]
    ad = pg.locator(".removed[data-reason='advertisement']")
    assert ad.locator("del").inner_text() == "Advertisement"
    assert ad.locator(".reason").inner_text().lower() == "advertisement"
    strike = ad.locator("del").evaluate("n => getComputedStyle(n).textDecorationLine")
    assert "line-through" in strike
    assert pg.locator("#source-link a").get_attribute("href") == "https://harbourledger.example/a/1"
    members = pg.locator("#cluster a.member")
    assert members.count() == 1 and members.first.inner_text().endswith("(copy)")
    pg.screenshot(path=str(DOCS / "inspect-record.png"))

    pg.uncheck("#show-removed")
    assert pg.locator(".doc .removed:visible").count() == 0
    members.first.click()
    pg.wait_for_selector("body[data-loaded='1']")
    assert "showcase-copy" in urllib.parse.unquote(pg.url)
    assert not page.errors


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return dict(box)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_dashboard_draws_its_charts(server: RunningServer, page: Page) -> None:
    pg = page.open(server.url + "dashboard")
    charts = pg.locator(".chart")
    assert charts.count() == 11
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("svg.main-svg").count() >= 1, chart.get_attribute("id")
    assert pg.locator("#chart-status .slice").count() == 4
    assert pg.locator("#chart-removed .point").count() == 10
    assert pg.locator("#chart-clusters .point").count() == 3
    assert pg.locator("#chart-page-types .point").count() == 6  # five types and none
    assert pg.locator("#chart-access .slice").count() == 4  # three values and none
    assert pg.evaluate("typeof Plotly") == "object"
    assert "records" in pg.locator("#summary").inner_text()
    pg.screenshot(path=str(DOCS / "inspect-dashboard.png"), full_page=True)
    assert not page.errors


def test_chart_toolbars_cover_no_bar_slice_or_legend(server: RunningServer, page: Page) -> None:
    pg = page.open(server.url + "dashboard")
    charts = pg.locator(".chart")
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.hover()  # the mode bar shows on hover
        bar = _box(chart.locator(".modebar"))
        assert bar["height"] > 0
        drawn = chart.locator(".point path, path.surface, g.legend")
        assert drawn.count() > 0, chart.get_attribute("id")
        for j in range(drawn.count()):
            assert not _overlap(bar, _box(drawn.nth(j))), (chart.get_attribute("id"), j)


def test_dashboard_filters_by_page_type_and_access(
    server: RunningServer, run: RunInfo, page: Page
) -> None:
    pg = page.open(server.url + "dashboard")
    pg.select_option("#page_type", "article")
    pg.wait_for_url(re.compile(r"page_type=article"))
    pg.wait_for_selector("body[data-loaded='1']")
    articles = [r for r in run.records if r["page_type"] == "article"]
    assert pg.locator(".kpi .v").first.inner_text() == f"{len(articles):,}"
    assert "page_type = article" in pg.inner_text("#filter-note")
    pg.select_option("#access", "none")
    pg.wait_for_url(re.compile(r"access=none"))
    pg.wait_for_selector("body[data-loaded='1']")
    chosen = [r for r in articles if r["access"] is None]
    assert pg.locator(".kpi .v").first.inner_text() == f"{len(chosen):,}"
    # a slice opens the records list with that filter added
    box = _box(pg.locator("#chart-status .slice path").first)
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pg.wait_for_url(re.compile(r"/\\?"))
    pg.wait_for_selector("body[data-loaded='1']")
    assert pg.input_value("#page_type") == "article" and pg.input_value("#access") == "none"
    assert not page.errors


def test_list_filters_by_page_type_and_access(
    server: RunningServer, run: RunInfo, page: Page
) -> None:
    pg = page.open(server.url)
    pg.select_option("#page_type", "forum")
    expected = {r["id"] for r in run.records if r["page_type"] == "forum"}
    expect(pg.locator("#count")).to_have_text(re.compile(f"^{len(expected)} records"))
    assert set(_row_ids(pg)) == expected
    pg.select_option("#access", "metered")
    expected = {
        r["id"] for r in run.records if (r["page_type"], r["access"]) == ("forum", "metered")
    }
    expect(pg.locator("#count")).to_have_text(re.compile(f"^{len(expected)} records"))
    assert set(_row_ids(pg)) == expected
    assert "page_type=forum" in pg.url and "access=metered" in pg.url


def test_an_error_record_shows_its_reason_and_message(server: RunningServer, page: Page) -> None:
    pg = page.open(server.url + "record?id=fail-006")
    note = pg.locator("#status-note")
    expect(note).to_be_visible()
    assert "exception" in note.inner_text()
    assert "an unexpected error while processing the document" in note.inner_text()
    assert pg.inner_text("#error-message") == "ValueError: synthetic failure"
    # the run's input is not here: the extraction tab says so, and what to do
    assert pg.locator("#tabs .tab.active").inner_text() == "What extraction saw"
    pg.wait_for_selector(".panel[data-panel='seen'][data-ready='1']", timeout=30_000)
    assert "--source-root" in pg.inner_text("#seen")


def test_hostile_record_shows_as_text_and_runs_nothing(server: RunningServer, page: Page) -> None:
    quoted = urllib.parse.quote(HOSTILE_ID, safe="")
    pg = page.open(server.url + "?q=" + urllib.parse.quote("onerror"))
    link = pg.locator("a.record-link", has_text="alert(1)")
    assert link.inner_text() == HOSTILE_TITLE
    link.click()
    pg.wait_for_selector("body[data-loaded='1']")
    assert pg.inner_text("#title") == HOSTILE_TITLE
    assert pg.locator("#doc p").first.inner_text() == HOSTILE_TEXT
    assert pg.locator(".removed del").inner_text() == "<script>alert(4)</script>"
    # nothing from the record became markup or a live link
    assert pg.locator("main img, main script, main b").count() == 0
    assert pg.locator("a[href^='javascript']").count() == 0
    assert pg.locator("#source-link a").count() == 0
    assert pg.evaluate("document.querySelector('#meta').textContent").count("onerror=alert(2)") == 1
    assert urllib.parse.unquote(pg.url).endswith(HOSTILE_ID) or quoted in pg.url
    # the dashboard labels the hostile site name as text too
    pg = page.open(server.url + "dashboard")
    assert "<img src=x onerror=alert(2)>" in pg.locator("#chart-sites").inner_text()
    pg.wait_for_timeout(300)
    assert page.dialogs == []
    assert not page.errors


# --- the real run: source pages and "why is this empty?" -----------------------


def _record_url(srv: RunningServer, run: RealRun, source: str, tab: str = "") -> str:
    rid = run.by_source(source)["id"]
    return srv.url + "record?id=" + urllib.parse.quote(rid, safe="") + (f"#{tab}" if tab else "")


def test_an_empty_record_explains_why_it_is_empty(
    real_server: RunningServer, real: RealRun, page: Page
) -> None:
    pg = page.open(_record_url(real_server, real, "in/pages/caption.html"))
    note = pg.inner_text("#status-note")
    assert "too_short" in note and "too short to be an article" in note
    # a record that is not ok opens on what extraction saw
    assert pg.locator("#tabs .tab.active").inner_text() == "What extraction saw"
    pg.wait_for_selector(".panel[data-panel='seen'][data-ready='1']", timeout=60_000)
    assert "too_short" in pg.inner_text("#seen-verdict")
    facts = pg.inner_text("#facts")
    assert "After cleaning, 38 characters were left; an article needs at least 60." in facts
    blocks = pg.locator("#seen-blocks li")
    fates = blocks.evaluate_all("ns => ns.map(n => n.dataset.verdict)")
    assert fates == ["outside", "removed", "left"]
    assert blocks.nth(1).locator(".reason").inner_text().lower() == "image_credit"
    pg.screenshot(path=str(DOCS / "inspect-empty.png"), full_page=True)
    assert not page.errors


def test_blocks_outside_the_article_say_what_they_looked_like(
    real_server: RunningServer, real: RealRun, page: Page
) -> None:
    pg = page.open(_record_url(real_server, real, "in/pages/menu.html"))
    pg.wait_for_selector(".panel[data-panel='seen'][data-ready='1']", timeout=60_000)
    facts = pg.inner_text("#facts")
    assert "The block model found no block that reads like main content" in facts
    blocks = pg.locator("#seen-blocks li")
    assert blocks.evaluate_all("ns => ns.map(n => n.dataset.verdict)") == ["outside", "outside"]
    reasons = blocks.locator(".reason").all_inner_texts()
    assert [r.lower() for r in reasons] == ["navigation", "copyright"]
    # each block shows the model's probability, below the page's bar
    assert all(t.startswith("p(main) 0.") for t in blocks.locator(".blk-prob").all_inner_texts())
    assert not page.errors


def test_the_html_source_shows_as_text(
    real_server: RunningServer, real: RealRun, page: Page
) -> None:
    pg = page.open(_record_url(real_server, real, "in/pages/hostile.html", "html"))
    pg.wait_for_selector(".panel[data-panel='html'][data-ready='1']")
    text = pg.inner_text("#html-source")
    assert text == (real.root / "in" / "pages" / "hostile.html").read_text()
    assert pg.locator("main script, main img, main iframe:not(#page-frame)").count() == 0
    assert real.outside_hits == [] and page.dialogs == []


def test_a_hostile_source_page_runs_nothing_and_loads_nothing(
    real_server: RunningServer, real: RealRun, page: Page
) -> None:
    pg = page.open(_record_url(real_server, real, "in/pages/hostile.html", "page"))
    pg.wait_for_selector(".panel[data-panel='page'][data-ready='1']")
    frame_el = pg.locator("#page-frame")
    expect(frame_el).to_be_visible()
    assert frame_el.get_attribute("sandbox") == ""
    frame = pg.frame_locator("#page-frame")
    expect(frame.locator("#headline")).to_have_text("Harbour festival draws record crowds")
    # past the page's one-second meta refresh; then try its form and its link
    pg.wait_for_timeout(1500)
    inner = next(f for f in pg.frames if f.url.startswith(real_server.url + "source/page"))
    assert inner.evaluate("document.title") == "Hostile festival page"  # no script ran
    pg.screenshot(path=str(DOCS / "inspect-source.png"))
    frame.locator("#send").click()
    pg.wait_for_timeout(500)
    frame.locator("#out").click()  # the frame may only show this origin
    pg.wait_for_timeout(800)
    assert real.outside_hits == []  # the outside server saw nothing at all
    assert page.dialogs == []
    origin = real_server.url.rstrip("/")
    refused = 0
    for url in page.requests:
        if url.startswith(origin + "/") and urllib.parse.urlsplit(url).path.startswith(APP_PATHS):
            continue
        # anything else the page asked for, the browser refused before sending it
        assert page.failed.get(url) in ("csp", "net::ERR_BLOCKED_BY_CSP"), url
        refused += 1
    assert refused >= 5
    # whatever the browser logged are refusals of what the page tried
    assert all(("blocked" in e.lower() or "refused" in e.lower()) for e in page.errors)
