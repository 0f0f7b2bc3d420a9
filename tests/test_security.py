"""No surprises: no network, no path escapes, output only under ``--out``.

- Parsing never touches the network: pages full of external resources (and
  "pages" that are nothing but a URL, which some date/metadata libraries would
  fetch) are processed while every IP connect and DNS lookup is recorded and
  refused, in-process and in the worker processes of ``newsclean run``.
- Ids and URLs never become file paths: JSONL ids such as ``../../etc/passwd``,
  absolute paths, NUL bytes and ``/..%2f`` URLs go through ``run`` and every
  file written is a regular file under ``--out`` whose name contains no id.
- The inspector serves only its allow-listed files and looks ids up as data.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest

import newsclean
from newsclean.io.readers import iter_documents
from newsclean.io.warc_write import response, write_warc
from newsclean.options import Options
from newsclean.pipeline.stages import process_document
from newsclean.record import STATUSES

EXTERNAL = """<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>Council budget | Example News</title>
<link rel="stylesheet" href="https://cdn.example.net/site.css">
<link rel="canonical" href="https://news.example.org/2024/03/05/budget">
<link rel="amphtml" href="https://news.example.org/amp/budget">
<meta property="og:image" content="https://img.example.net/budget.jpg">
<meta http-equiv="refresh" content="0; url=https://elsewhere.example.com/">
<script src="https://ads.example.net/tag.js"></script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council budget", "image": "https://img.example.net/a.jpg",
 "author": {"@type": "Person", "name": "Jane Doe", "url": "https://news.example.org/jane"},
 "datePublished": "2024-03-05"}</script>
<style>@import url("https://fonts.example.net/font.css");</style>
<base href="https://news.example.org/">
</head><body>
<article><h1>Council budget</h1>
<img src="https://img.example.net/photo.jpg" srcset="https://img.example.net/2x.jpg 2x">
<p>The council approved the budget for roads and schools on Tuesday after a long debate in
the town hall, officials said.</p>
<iframe src="https://video.example.net/embed/1"></iframe>
<p>Residents asked for more money for the two primary schools in the north of the city.</p>
<object data="https://media.example.net/x.swf"></object>
<video src="//media.example.net/v.mp4"></video>
</article></body></html>"""

URL_ONLY_PAGES = [
    "https://news.example.org/2024/03/05/budget",
    "http://127.0.0.1:9/",
    "www.example.com/2024/01/02/story.html",
]


class NetworkAttempt(Exception):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse and record every IP connect and DNS lookup made in this process."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(kind: str) -> Any:
        real = real_connect if kind == "connect" else real_connect_ex

        def patched(self: socket.socket, address: Any) -> Any:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(f"{kind} {address!r}")
                raise NetworkAttempt(f"network access attempted: {address!r}")
            return real(self, address)

        return patched

    def lookup(*args: Any, **kwargs: Any) -> Any:
        attempts.append(f"getaddrinfo {args[:2]!r}")
        raise NetworkAttempt(f"DNS lookup attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", guard("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guard("connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "gethostbyname", lookup)
    yield attempts


def test_the_guard_catches_a_real_connection(no_network: list[str]) -> None:
    """The fixture itself works: a plain urllib fetch is refused and recorded."""
    with pytest.raises((NetworkAttempt, urllib.error.URLError)):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert no_network


def test_extract_api_never_touches_the_network(no_network: list[str]) -> None:
    art = newsclean.extract(EXTERNAL, url="https://news.example.org/2024/03/05/budget")
    assert art.status == "ok"
    assert "approved the budget" in art.text
    for page in URL_ONLY_PAGES:
        art = newsclean.extract(page, url=page)
        assert art.status in STATUSES
        art = newsclean.clean_text(page)
        assert art.status in STATUSES
    assert no_network == []


def test_reading_every_input_kind_never_touches_the_network(
    tmp_path: Path, no_network: list[str]
) -> None:
    (tmp_path / "a.html").write_text(EXTERNAL)
    write_warc(
        tmp_path / "b.warc.gz",
        [response(u, EXTERNAL if i == 0 else u) for i, u in enumerate(URL_ONLY_PAGES)],
    )
    rows = [{"html": p, "url": p} for p in URL_ONLY_PAGES] + [{"text": p} for p in URL_ONLY_PAGES]
    (tmp_path / "c.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    (tmp_path / "d.txt").write_text(URL_ONLY_PAGES[0])
    arts = [process_document(d, Options()) for d in iter_documents([str(tmp_path)])]
    assert len(arts) == 1 + 3 + 6 + 1
    assert all(a.status in STATUSES for a in arts)
    assert no_network == []


# A sitecustomize that every Python process of the test (CLI, forkserver, workers)
# runs: it records IP connects and DNS lookups in a file and refuses them.
SITECUSTOMIZE = textwrap.dedent(
    """
    import os, socket
    _log = os.environ["NEWSCLEAN_NET_LOG"]
    _real = socket.socket.connect
    def _note(what):
        with open(_log, "a") as fh:
            fh.write(f"{os.getpid()} {what}\\n")
    def _connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _note(f"connect {address!r}")
            raise OSError("network access refused by the test")
        return _real(self, address)
    def _lookup(*args, **kwargs):
        _note(f"getaddrinfo {args[:2]!r}")
        raise OSError("DNS refused by the test")
    socket.socket.connect = _connect
    socket.getaddrinfo = _lookup
    """
)


def guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(site) + os.pathsep + env.get("PYTHONPATH", "")
    env["NEWSCLEAN_NET_LOG"] = str(log)
    return env, log


@pytest.mark.slow
def test_cli_extract_and_run_never_touch_the_network(tmp_path: Path) -> None:
    env, log = guarded_env(tmp_path)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.html").write_text(EXTERNAL)
    rows = [{"id": f"u{i}", "html": p, "url": p} for i, p in enumerate(URL_ONLY_PAGES)]
    (corpus / "b.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    # The guard works in a child process: a fetch there is logged.
    probe = "import urllib.request as u\ntry: u.urlopen('http://127.0.0.1:9/', timeout=1)\n"
    probe += "except Exception: pass"
    subprocess.run([sys.executable, "-c", probe], env=env, check=True)
    assert log.read_text().strip()
    log.unlink()

    out = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", str(corpus)],
        env=env,
        capture_output=True,
        check=True,
    )
    recs = [orjson.loads(x) for x in out.stdout.splitlines()]
    assert len(recs) == 4 and recs[0]["status"] == "ok"
    r = subprocess.run(
        [sys.executable, "-m", "newsclean", "run", str(corpus), "--out", str(tmp_path / "o"),
         "--workers", "2"],
        env=env,
        capture_output=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    assert not log.exists() or log.read_text() == "", log.read_text()


# -- ids and URLs never become paths -------------------------------------------------------

HOSTILE_IDS = [
    "../../etc/passwd",
    "../../../../../../tmp/newsclean-escape",
    "/etc/passwd",
    "..\\..\\windows\\system32",
    "a/../../b",
    "id\x00with-nul",
    "x" * 5000,
    "con",
    "part-000000.parquet",
    "summary.json",
    "_work/manifest.jsonl",
    "%2e%2e%2f%2e%2e%2fescape",
    "'; DROP TABLE records; --",
]
HOSTILE_URLS = [
    "https://evil.example/..%2f..%2f..%2fetc/passwd",
    "file:///etc/passwd",
    "https://evil.example/%00/../../x",
    "../../relative",
    "javascript:alert(1)",
]


def hostile_corpus(root: Path) -> Path:
    corpus = root / "in"
    corpus.mkdir()
    body = "<html><body><article><h1>T</h1><p>The council approved the budget for the roads "
    body += "and schools on Tuesday after a long debate, officials said {i}.</p>"
    body += "</article></body></html>"
    rows = []
    for i, doc_id in enumerate(HOSTILE_IDS):
        rows.append(
            {"id": doc_id, "url": HOSTILE_URLS[i % len(HOSTILE_URLS)], "html": body.format(i=i)}
        )
    (corpus / "ids.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    write_warc(
        corpus / "urls.warc.gz",
        [
            response(u.replace("\x00", ""), body.format(i=100 + i))
            for i, u in enumerate(HOSTILE_URLS)
        ],
    )
    return corpus


def snapshot(root: Path) -> set[str]:
    return {
        os.path.relpath(os.path.join(d, n), root)
        for d, dirs, files in os.walk(root)
        for n in files + dirs
    }


@pytest.mark.slow
def test_hostile_ids_and_urls_never_escape_out(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    corpus = hostile_corpus(sandbox)
    out = sandbox / "deep" / "out"
    before = snapshot(tmp_path)
    escape = Path("/tmp/newsclean-escape")
    assert not escape.exists()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsclean",
            "run",
            str(corpus),
            "--out",
            str(out),
            "--workers",
            "2",
        ],
        capture_output=True,
        cwd=sandbox / "in",  # relative ids would resolve from here
    )
    assert r.returncode == 0, r.stderr.decode()
    after = snapshot(tmp_path)
    new = {p for p in after - before}
    outside = {p for p in new if not (p + "/").startswith(os.path.relpath(out, tmp_path) + "/")}
    # Only the --out directory itself (and its parent that had to be created) is new.
    assert outside <= {"sandbox/deep", "sandbox/deep/out"}, outside
    assert not escape.exists()
    real_out = os.path.realpath(out)
    for d, _dirs, files in os.walk(out):
        for name in files:
            full = os.path.join(d, name)
            assert not os.path.islink(full), full
            assert os.path.realpath(full).startswith(real_out + os.sep), full
            low = name.lower()
            assert "passwd" not in low and "escape" not in low and "drop" not in low, name
    # Every hostile id is kept as data, unchanged.
    parts = sorted(out.glob("part-*.parquet"))
    ids = [row["id"] for p in parts for row in pq.read_table(p, columns=["id"]).to_pylist()]
    for doc_id in HOSTILE_IDS:
        assert doc_id.replace("\x00", "") in {i.replace("\x00", "") for i in ids}, doc_id
    assert len(ids) == len(HOSTILE_IDS) + len(HOSTILE_URLS)


@pytest.mark.slow
def test_extract_output_file_is_written_where_asked(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    target = tmp_path / "res" / "records.jsonl"
    target.parent.mkdir()
    before = snapshot(tmp_path)
    r = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", str(corpus), "-o", str(target)],
        capture_output=True,
        cwd=corpus,
    )
    assert r.returncode == 0, r.stderr.decode()
    assert snapshot(tmp_path) - before == {"res/records.jsonl"}
    recs = [orjson.loads(x) for x in target.read_bytes().splitlines()]
    assert len(recs) == len(HOSTILE_IDS) + len(HOSTILE_URLS)


@pytest.mark.slow
def test_inspector_serves_only_its_own_files(tmp_path: Path) -> None:
    from newsclean.inspect.server import start

    corpus = hostile_corpus(tmp_path)
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "newsclean", "run", str(corpus), "--out", str(out), "--workers", "1",
         "--no-dedup"],
        capture_output=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    server = start(str(out), port=0)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        base = f"http://127.0.0.1:{server.port}"
        for path in [
            "/static/../../../../etc/passwd",
            "/static/..%2f..%2f..%2fsummary.json",
            "/static/%2e%2e/%2e%2e/record.py",
            "/../summary.json",
            "//etc/passwd",
        ]:
            try:
                with urllib.request.urlopen(base + path, timeout=10) as resp:
                    body = resp.read()
            except urllib.error.HTTPError as exc:
                assert exc.code in (400, 403, 404), (path, exc.code)
                continue
            assert b"root:" not in body and b'"documents"' not in body, path
        quoted = urllib.parse.quote("../../etc/passwd", safe="")
        with urllib.request.urlopen(f"{base}/api/record/{quoted}", timeout=10) as resp:
            rec = orjson.loads(resp.read())
        assert "../../etc/passwd" in orjson.dumps(rec).decode()
    finally:
        server.close()
