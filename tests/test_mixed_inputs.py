"""Issue 2 item 8: a directory mixing every input kind gives exactly one valid
record per document, in JSON Lines and in Parquet, with exit status 0."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsclean.io.warc_write import request, response, warcinfo, write_warc
from newsclean.record import STATUS_REASONS, STATUSES

ARTICLE = (
    "<html><head><title>Harbour bridge reopens</title></head><body><nav>Home News</nav>"
    "<article><h1>Harbour bridge reopens</h1>"
    "<p>The harbour bridge reopened on Monday after eight months of repairs, the city "
    "council said, and traffic returned to normal within hours of the ceremony.</p>"
    "<p>Engineers replaced the deck and repainted the towers, work that cost the city "
    "more than it had planned when the project was first announced last spring.</p>"
    "</article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))

# documents: page.html, notes.txt, 2 WARC responses, 3 JSONL lines, empty, binary
EXPECTED = 9


def make_mixed(root: Path) -> Path:
    root.mkdir()
    (root / "page.html").write_text(ARTICLE, encoding="utf-8")
    (root / "notes.txt").write_text(
        "Harbour bridge reopens\n\nThe bridge reopened on Monday after months of work "
        "on its deck and towers, and traffic returned to normal.\n",
        encoding="utf-8",
    )
    write_warc(
        root / "crawl.warc.gz",
        [
            warcinfo(),
            request("https://news.example/a"),
            response("https://news.example/a", ARTICLE),
            request("https://news.example/logo.png"),
            response("https://news.example/logo.png", PNG, "image/png"),
        ],
    )
    (root / "items.jsonl").write_text(
        json.dumps({"id": "j1", "url": "https://news.example/j1", "html": ARTICLE})
        + "\n{this is not json\n"
        + json.dumps({"id": "j2", "text": "Plain text item with enough words in it."})
        + "\n",
        encoding="utf-8",
    )
    (root / "empty.html").write_bytes(b"")
    (root / "binary.html").write_bytes(bytes(range(256)) * 8)
    return root


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def _check_records(records: list[dict[str, object]]) -> None:
    assert len(records) == EXPECTED, [r["source"] for r in records]
    assert len({r["id"] for r in records}) == EXPECTED
    for r in records:
        assert r["status"] in STATUSES
        if r["status"] == "ok":
            assert r["reason"] is None and r["text"]
        else:
            assert r["reason"] in STATUS_REASONS, r
    by_status = [r["status"] for r in records]
    assert by_status.count("ok") >= 4  # page, text, WARC html, JSONL html (+ text item)
    # the image response, the malformed line, the empty and the binary file are not ok
    assert sum(1 for s in by_status if s != "ok") >= 4


@pytest.mark.slow
def test_mixed_directory_jsonl(tmp_path: Path) -> None:
    root = make_mixed(tmp_path / "mixed")
    proc = _cli("extract", str(root))
    assert proc.returncode == 0, proc.stderr.decode()
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    _check_records(records)
    image = [r for r in records if r["url"] == "https://news.example/logo.png"]
    assert len(image) == 1 and image[0]["status"] == "skipped"


@pytest.mark.slow
def test_mixed_directory_parquet(tmp_path: Path) -> None:
    root = make_mixed(tmp_path / "mixed")
    out = tmp_path / "out.parquet"
    proc = _cli("extract", str(root), "-o", str(out), "--format", "parquet")
    assert proc.returncode == 0, proc.stderr.decode()
    records = pq.read_table(out).to_pylist()
    _check_records(records)
    assert not list(tmp_path.glob("out.parquet.tmp*"))


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    root = make_mixed(tmp_path / "mixed")
    proc = _cli("extract", str(root), str(tmp_path / "nope.warc"))
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert "does not exist" in err and "nope.warc" in err
    assert proc.stdout == b""
