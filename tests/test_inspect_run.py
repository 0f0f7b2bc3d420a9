"""The inspector's source view and "why is this empty?" on a real run: fixture
inputs (HTML files, a WARC, JSON Lines, Parquet) through a real `newsclean run`,
its real Parquet output through DuckDB, and the server reading every record's
input back from its locator.

``real_run()`` is shared with the browser tests (one run per test session). It
also starts an "outside" web server on another loopback port that records every
request: the hostile page points its scripts, images, styles, forms and frames
at it, so that a test can prove that nothing was fetched.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from helpers_io import article_page, write_jsonl, write_parquet

from newsclean.inspect.server import SOURCE_CSP, RunningServer, start
from newsclean.io.warc_write import request, response, warcinfo, write_warc

pytestmark = pytest.mark.slow

STORY = (
    "The harbour festival drew record crowds on Saturday, organisers said, with more "
    "than forty thousand visitors walking the quays between the old lighthouse and "
    "the new ferry terminal."
)
# A stub article: its blocks are chosen and then all but a caption-length line
# removed (too_short). The Open Graph type and the WordPress-like markup are what
# make the block model choose blocks on a page this small (without them, the
# models retrained since the generated pages leave all three out: no_article_text).
CAPTION_PAGE = (
    "<!doctype html><html lang='en'><head><title>Harbour at dawn</title>"
    "<meta property='og:type' content='article'></head><body><main><article class='post'>"
    "<h1 class='entry-title'>Harbour at dawn</h1><div class='entry-content'>"
    "<p>Pictured: the harbour at dawn (Photo: Staff photographer)</p>"
    "<p>The harbour at dawn, before the boats.</p></div></article></main>"
    "</body></html>"
)
NAV_PAGE = (
    "<!doctype html><html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> "
    "<a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
    "<footer>Copyright 2024 Valley Media</footer></body></html>"
)
LISTING_PAGE = (
    "<!doctype html><html><head><title>News</title></head><body><main>"
    + "".join(
        f"<h2><a href='/s{i}'>Council story number {i} about the harbour budget</a></h2>"
        f"<p>Short teaser {i}.</p>"
        for i in range(8)
    )
    + "</main></body></html>"
)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def hostile_page(ext: str) -> str:
    """A page that tries every way to run script or reach ``ext`` (another origin)."""
    paragraphs = "".join(f"<p>{STORY} Paragraph {i} of the report.</p>" for i in range(4))
    return f"""<!doctype html><html lang="en"><head><title>Hostile festival page</title>
<base href="{ext}/base/">
<meta http-equiv="refresh" content="1;url={ext}/refresh">
<link rel="stylesheet" href="{ext}/style.css">
<link rel="preload" href="{ext}/preload.js" as="script">
<link rel="prefetch" href="{ext}/prefetch">
<link rel="dns-prefetch" href="{ext}/">
<link rel="icon" href="{ext}/favicon.ico">
<style>@import url("{ext}/import.css"); body {{ background: url("{ext}/bg.png"); }}
@font-face {{ font-family: x; src: url("{ext}/font.woff"); }} h1 {{ font-family: x; }}</style>
<script src="{ext}/script.js"></script>
<script>document.title = "pwned"; alert(1); fetch("{ext}/fetch");
new Image().src = "{ext}/js-img"; parent.postMessage("pwned", "*");
top.location = "{ext}/top";</script>
</head><body onload="alert(2)">
<article><h1 id="headline">Harbour festival draws record crowds</h1>{paragraphs}
<img src="{ext}/img.png" onerror="alert(3)"><img src="relative.png" alt="relative">
<img src="/api/records" alt="same origin as the inspector">
<picture><source srcset="{ext}/srcset.png"><img src="{ext}/picture.png"></picture>
<video poster="{ext}/poster.png" src="{ext}/video.mp4" autoplay></video>
<audio src="{ext}/audio.mp3" autoplay></audio>
<iframe src="{ext}/frame"></iframe><object data="{ext}/object"></object><embed src="{ext}/embed">
<form action="{ext}/submit" method="post"><input name="q" value="x" autofocus>
<button id="send">Send</button></form>
<svg width="10" height="10"><image href="{ext}/svg.png" width="10" height="10"/></svg>
<div style="background-image:url({ext}/inline-bg.png)">styled</div>
<a id="out" href="{ext}/link">Read the organisers' statement</a>
</article></body></html>"""


class _Outside(BaseHTTPRequestHandler):
    hits: list[str]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        return

    def _answer(self) -> None:
        type(self).hits.append(f"{self.command} {self.path}")
        body = b"/* outside */"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer  # noqa: N815


@dataclass
class RealRun:
    """A finished `newsclean run` over the fixture inputs."""

    root: Path  # the directory the run was started in (inputs under in/)
    out: Path
    records: list[dict[str, Any]]
    outside_url: str
    outside_hits: list[str] = field(default_factory=list)

    def by_source(self, source: str) -> dict[str, Any]:
        return next(r for r in self.records if r["source"] == source)


def write_inputs(root: Path, outside_url: str) -> None:
    d = root / "in"
    (d / "pages").mkdir(parents=True)
    (d / "pages" / "story.html").write_text(
        article_page(title="Ferry timetable approved"), encoding="utf-8"
    )
    (d / "pages" / "caption.html").write_text(CAPTION_PAGE, encoding="utf-8")
    (d / "pages" / "menu.html").write_text(NAV_PAGE, encoding="utf-8")
    (d / "pages" / "hostile.html").write_text(hostile_page(outside_url), encoding="utf-8")
    write_warc(
        d / "crawl.warc.gz",
        [
            warcinfo(),
            request("https://valley.example/news"),
            response("https://valley.example/news", LISTING_PAGE),
            response("https://valley.example/a/1", article_page(title="Valley school reopens")),
            response("https://valley.example/report.pdf", PDF, "application/pdf"),
        ],
    )
    write_jsonl(
        d / "feed.jsonl",
        [
            {"url": "https://feed.example/1", "html": article_page(title="Bridge repairs begin")},
            {"id": "feed-short", "text": "Subscribe now.\n\nTwo lines."},
            b"{this line is not json\n",
            {"id": "feed-text", "text": f"{STORY}\n\n{STORY} Second report.\n\nShare this article"},
        ],
    )
    write_parquet(
        d / "table.parquet",
        [
            {"url": f"https://table.example/{i}", "html": article_page(title=f"Market day {i}")}
            for i in range(3)
        ],
        row_group_size=2,
    )


def _run(root: Path) -> Path:
    out = root / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "run", "in", "--out", "out", "--workers", "1"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _records(out: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for shard in sorted(out.rglob("*.parquet")):
        if "_work" not in shard.parts:
            rows += pq.read_table(shard).to_pylist()
    return rows


_RUNS: dict[str, RealRun] = {}


def real_run(factory: pytest.TempPathFactory) -> RealRun:
    """The session's real run (made on first use)."""
    key = str(factory.getbasetemp())
    if key not in _RUNS:
        outside = ThreadingHTTPServer(("127.0.0.1", 0), type("Outside", (_Outside,), {"hits": []}))
        threading.Thread(target=outside.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{outside.server_address[1]}"
        root = factory.mktemp("real-run")
        write_inputs(root, url)
        out = _run(root)
        _RUNS[key] = RealRun(root, out, _records(out), url, outside.RequestHandlerClass.hits)  # type: ignore[attr-defined]
    return _RUNS[key]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RealRun:
    return real_run(tmp_path_factory)


@pytest.fixture(scope="module")
def server(run: RealRun) -> Iterator[RunningServer]:
    srv = start(str(run.out), source_roots=[str(run.root)])
    yield srv
    srv.close()


def get(srv: RunningServer, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=120)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get_json(srv: RunningServer, path: str) -> Any:
    status, _, body = get(srv, path)
    assert status == 200, body
    return json.loads(body)


# --- the run itself ------------------------------------------------------------


def test_the_fixture_run_has_the_cases_the_source_view_needs(run: RealRun) -> None:
    by = {r["source"]: (r["status"], r["reason"]) for r in run.records}
    assert by["in/pages/story.html"] == ("ok", None)
    assert by["in/pages/hostile.html"] == ("ok", None)
    assert by["in/pages/caption.html"] == ("empty", "too_short")
    assert by["in/pages/menu.html"] == ("empty", "no_article_text")
    assert by["in/feed.jsonl#line=3"] == ("error", "malformed_input")
    statuses = {s for s, _ in by.values()}
    assert statuses == {"ok", "empty", "skipped", "error"}
    kinds = {src.split("#")[1].split("=")[0] for src in by if "#" in src}
    assert kinds == {"offset", "line", "row"}


# --- source -------------------------------------------------------------------


def test_every_document_of_the_run_shows_its_source(server: RunningServer, run: RealRun) -> None:
    shown = 0
    for r in run.records:
        src = get_json(server, "/api/source/" + r["id"])
        if r["status"] in ("ok", "empty"):
            assert src["available"], (r["source"], src["message"])
            assert src["kind"] in ("html", "text") and src["content"]
            assert src["path"].startswith(str(run.root / "in"))
            if r["title"]:
                assert r["title"].split()[0] in src["content"]
            shown += 1
        else:  # the reader refused it in the run, and does now
            assert not src["available"] and src["content"] is None
            assert r["reason"] in src["message"]
    assert shown >= 10


def test_a_json_lines_text_input_shows_as_text(server: RunningServer, run: RealRun) -> None:
    r = run.by_source("in/feed.jsonl#line=4")
    src = get_json(server, "/api/source/" + r["id"])
    assert src["kind"] == "text" and src["page_url"] is None
    assert src["content"].startswith(STORY)


def test_the_stored_page_is_served_sandboxed_with_no_network(
    server: RunningServer, run: RealRun
) -> None:
    r = run.by_source("in/pages/hostile.html")
    src = get_json(server, "/api/source/" + r["id"])
    status, headers, body = get(server, src["page_url"])
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    csp = headers["content-security-policy"]
    assert csp == SOURCE_CSP
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";"))
    # scripts, forms, popups and top navigation are off (CSP sandbox, no allow-*)
    assert directives["sandbox"] == ""
    assert directives["default-src"] == "'none'"
    # nothing may be fetched from anywhere, this server included
    for name, value in directives.items():
        if name not in ("sandbox", "frame-ancestors"):
            assert "'self'" not in value and "http" not in value and "*" not in value, name
    assert directives["frame-ancestors"] == "'self'"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-dns-prefetch-control"] == "off"
    assert headers["referrer-policy"] == "no-referrer"
    # the stored page itself, as read (its safety comes from the headers above)
    assert body.decode() == (run.root / "in" / "pages" / "hostile.html").read_text()


def test_the_record_page_frames_the_source_without_any_sandbox_exception(
    server: RunningServer,
) -> None:
    _, headers, body = get(server, "/record?id=x")
    html = body.decode()
    frame = html[html.index("<iframe") : html.index("</iframe>")]
    assert ' sandbox=""' in frame and "allow-" not in frame
    assert "src=" not in frame  # set by record page code to this server's /source/page only
    assert "frame-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_a_moved_input_says_where_it_looked_and_what_to_give(
    server: RunningServer, run: RealRun
) -> None:
    r = run.by_source("in/pages/menu.html")
    page = run.root / "in" / "pages" / "menu.html"
    moved = page.with_name("menu.moved")
    page.rename(moved)
    try:
        src = get_json(server, "/api/source/" + r["id"])
        assert not src["available"]
        assert str(page) in src["tried"]
        assert "no longer there" in src["message"] and "--source-root" in src["message"]
        status, _, body = get(server, "/source/page?id=" + r["id"])
        assert status == 404 and b"no longer there" in body
        seen = get_json(server, "/api/diagnose/" + r["id"])
        assert not seen["available"] and "--source-root" in seen["message"]
    finally:
        moved.rename(page)


# --- what extraction saw ----------------------------------------------------------


def test_a_too_short_page_shows_what_was_removed_and_what_was_left(
    server: RunningServer, run: RealRun
) -> None:
    r = run.by_source("in/pages/caption.html")
    seen = get_json(server, "/api/diagnose/" + r["id"])
    assert seen["available"]
    assert (seen["status"], seen["reason"]) == ("empty", "too_short")
    assert seen["reason_text"] == "the text left after cleaning is too short to be an article"
    fates = [(b["text"], b["verdict"], b["reason"]) for b in seen["page"]["blocks"]]
    assert fates == [
        ("Harbour at dawn", "outside", "title_duplicate"),
        ("Pictured: the harbour at dawn (Photo: Staff photographer)", "removed", "image_credit"),
        ("The harbour at dawn, before the boats.", "left", None),
    ]
    assert seen["text_chars"] == len("The harbour at dawn, before the boats.") < seen["min_chars"]
    assert seen["reason_texts"]["image_credit"].startswith("image credits")


def test_a_page_without_article_text_shows_that_all_its_text_was_furniture(
    server: RunningServer, run: RealRun
) -> None:
    r = run.by_source("in/pages/menu.html")
    seen = get_json(server, "/api/diagnose/" + r["id"])
    assert (seen["status"], seen["reason"]) == ("empty", "no_article_text")
    page = seen["page"]
    # nothing is taken out before the blocks are read: the block model left
    # both blocks out, and markup says what they are
    assert "pruned" not in page
    fates = [(b["text"], b["verdict"], b["reason"], b["tag"]) for b in page["blocks"]]
    assert fates == [
        ("Home World Sport", "outside", "navigation", "nav"),
        ("Copyright 2024 Valley Media", "outside", "copyright", "footer"),
    ]
    assert all(b["probability"] < page["threshold"] for b in page["blocks"])
    assert seen["text_chars"] == 0
    # the reasons of blocks outside the article are explained like removals
    assert seen["reason_texts"]["navigation"] and seen["reason_texts"]["copyright"]


def test_an_ok_page_shows_kept_and_removed_blocks(server: RunningServer, run: RealRun) -> None:
    r = run.by_source("in/pages/story.html")
    seen = get_json(server, "/api/diagnose/" + r["id"])
    assert seen["status"] == r["status"] == "ok"
    verdicts = {b["verdict"] for b in seen["page"]["blocks"]}
    assert {"kept", "removed"} <= verdicts
    kept = "\n\n".join(b["text"] for b in seen["page"]["blocks"] if b["verdict"] == "kept")
    assert kept == r["text"]


def test_a_text_input_shows_its_lines(server: RunningServer, run: RealRun) -> None:
    r = run.by_source("in/feed.jsonl#line=4")
    seen = get_json(server, "/api/diagnose/" + r["id"])
    assert seen["input"] == "text" and "page" not in seen
    fates = [(x["verdict"], x["reason"]) for x in seen["lines"]]
    assert fates[:2] == [("kept", None), ("kept", None)]
    assert fates[2] == ("removed", "share")


def test_a_document_the_reader_refused_has_nothing_to_run(
    server: RunningServer, run: RealRun
) -> None:
    r = run.by_source("in/feed.jsonl#line=3")
    seen = get_json(server, "/api/diagnose/" + r["id"])
    assert not seen["available"] and "malformed_input" in seen["message"]
    assert seen["raw"] == "{this line is not json"
    pdf = next(r for r in run.records if r["reason"] == "unsupported_content_type")
    src = get_json(server, "/api/source/" + pdf["id"])
    assert not src["available"] and "its content type is application/pdf" in src["message"]
