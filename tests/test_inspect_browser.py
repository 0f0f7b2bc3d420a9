"""`newsclean inspect` end to end in a real headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright for Python). Also refreshes the
screenshots in docs/."""

from __future__ import annotations

import os
import re
import shutil
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
DOCS = Path(__file__).resolve().parent.parent / "docs"

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
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records dialogs, script errors and console errors (CSP reports)."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

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


def test_dashboard_draws_its_charts(server: RunningServer, page: Page) -> None:
    pg = page.open(server.url + "dashboard")
    charts = pg.locator(".chart")
    assert charts.count() == 9
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("svg.main-svg").count() >= 1, chart.get_attribute("id")
    assert pg.locator("#chart-status .slice").count() == 4
    assert pg.locator("#chart-removed .point").count() == 10
    assert pg.locator("#chart-clusters .point").count() == 3
    assert pg.evaluate("typeof Plotly") == "object"
    assert "records" in pg.locator("#summary").inner_text()
    pg.set_viewport_size({"width": 1400, "height": 1700})
    pg.screenshot(path=str(DOCS / "inspect-dashboard.png"), full_page=True)
    assert not page.errors


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
