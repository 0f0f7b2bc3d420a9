"""`newsclean inspect` JSON API and HTTP behaviour: a real server on a free
loopback port over real Parquet shards read through DuckDB."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_inspect_corpus import HOSTILE_ID, SHOWCASE_ID, WORK_ONLY_ID, RunInfo, write_run

from newsclean.inspect import queries
from newsclean.inspect.layout import NotARun
from newsclean.inspect.server import CSP, RunningServer, make_server, start


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunInfo:
    return write_run(tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def server(run: RunInfo) -> Iterator[RunningServer]:
    srv = start(str(run.root))
    yield srv
    srv.close()


def request(
    srv: RunningServer, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        # skip_host so a test can send its own Host header.
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        hdrs = {"Host": f"127.0.0.1:{srv.port}", **(headers or {})}
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get_json(srv: RunningServer, path: str, expect: int = 200) -> Any:
    status, headers, body = request(srv, path)
    assert status == expect, body
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def list_ids(srv: RunningServer, query: str) -> tuple[int, list[str]]:
    data = get_json(srv, f"/api/records?{query}&limit=200")
    ids = [r["id"] for r in data["records"]]
    offset = 200
    while offset < data["total"]:
        more = get_json(srv, f"/api/records?{query}&limit=200&offset={offset}")
        ids += [r["id"] for r in more["records"]]
        offset += 200
    return data["total"], ids


# --- listing, paging, search, filters, sort ----------------------------------


def test_list_pages_cover_every_record_once_and_skip_the_work_dir(
    server: RunningServer, run: RunInfo
) -> None:
    first = get_json(server, "/api/records?limit=25")
    assert first["total"] == len(run.records)
    assert len(first["records"]) == 25
    seen: list[str] = []
    for offset in range(0, first["total"], 25):
        seen += [
            r["id"] for r in get_json(server, f"/api/records?limit=25&offset={offset}")["records"]
        ]
    assert sorted(seen) == sorted(r["id"] for r in run.records)
    assert WORK_ONLY_ID not in seen
    # default order is input order: shard by shard, row by row
    assert seen[:5] == [r["id"] for r in run.records[:5]]


def test_page_size_is_capped_and_bad_numbers_fall_back(server: RunningServer) -> None:
    assert len(get_json(server, "/api/records?limit=100000")["records"]) == 200
    data = get_json(server, "/api/records?limit=abc&offset=-5")
    assert data["offset"] == 0 and data["limit"] == 50


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("HARBOUR bridge vote DELAYED", "title"),
        ("rheinische", "site_name"),
        ("mirror2.example", "url"),
        ("residents asked for a new", "text"),
    ],
)
def test_search_matches_title_site_url_and_text_case_insensitively(
    server: RunningServer, run: RunInfo, query: str, field: str
) -> None:
    total, ids = list_ids(server, "q=" + urllib.parse.quote(query))
    expected = {r["id"] for r in run.records if query.lower() in (r[field] or "").lower()}
    assert expected and set(ids) >= expected
    for r in run.records:
        if r["id"] in ids:
            hay = " ".join(r[f] or "" for f in ("title", "site_name", "url", "text")).lower()
            assert query.lower() in hay


def test_paging_a_text_search_past_its_cached_prefix(
    run: RunInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "KEY_CACHE_MAX", 7)
    srv = start(str(run.root))
    try:
        needle = "festival"
        expected = [
            r["id"]
            for r in run.records
            if any(needle in (r[f] or "").lower() for f in ("title", "site_name", "url", "text"))
        ]
        assert len(expected) > 20
        seen: list[str] = []
        for offset in range(0, len(expected) + 5, 5):
            page = get_json(srv, f"/api/records?q={needle}&limit=5&offset={offset}")
            assert page["total"] == len(expected)
            seen += [r["id"] for r in page["records"]]
        assert seen == expected
    finally:
        srv.close()


@pytest.mark.parametrize("q", ["(festival", "festival.*", "\\E", "a\\Eb|.", "[", "?", "\\"])
def test_search_text_is_never_a_pattern(server: RunningServer, q: str) -> None:
    assert list_ids(server, "q=" + urllib.parse.quote(q))[0] == 0


def test_search_folds_case_beyond_ascii(server: RunningServer, run: RunInfo) -> None:
    total, ids = list_ids(server, "text=0&q=" + urllib.parse.quote("HÔPITAL"))
    expected = {r["id"] for r in run.records if "hôpital" in (r["title"] or "").lower()}
    assert expected and set(ids) == expected


def test_search_can_leave_the_article_text_out(server: RunningServer, run: RunInfo) -> None:
    phrase = urllib.parse.quote("residents asked for a new")
    assert list_ids(server, "q=" + phrase)[1] == [SHOWCASE_ID]
    assert list_ids(server, "text=0&q=" + phrase)[0] == 0
    assert SHOWCASE_ID in list_ids(server, "text=0&q=" + urllib.parse.quote("bridge vote"))[1]


def test_info_counts_shards_and_records(server: RunningServer, run: RunInfo) -> None:
    info = get_json(server, "/api/info")
    assert info == {
        "dir": str(run.root),
        "shards": 3,
        "records": len(run.records),
        "skipped_files": [],
    }


def test_search_treats_like_wildcards_and_quotes_literally(server: RunningServer) -> None:
    assert list_ids(server, "q=" + urllib.parse.quote("100%"))[1] == [HOSTILE_ID]
    assert list_ids(server, "q=" + urllib.parse.quote("& _ 'quoted'"))[1] == [HOSTILE_ID]
    assert list_ids(server, "q=" + urllib.parse.quote("%%%%"))[0] == 0
    # an injection attempt is just a string that matches nothing
    evil = urllib.parse.quote("x') OR 1=1; DROP VIEW records; --")
    assert list_ids(server, "q=" + evil)[0] == 0
    assert get_json(server, "/api/records?limit=1")["total"] > 0


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("status=empty", lambda r: r["status"] == "empty"),
        ("status=error", lambda r: r["status"] == "error"),
        ("language=de", lambda r: r["language"] == "de"),
        ("language=none", lambda r: r["language"] is None),
        ("reason=paywall", lambda r: any(x["reason"] == "paywall" for x in r["removed"])),
        (
            "reason=advertisement",
            lambda r: any(x["reason"] == "advertisement" for x in r["removed"]),
        ),
        ("page_type=forum", lambda r: r["page_type"] == "forum"),
        ("page_type=none", lambda r: r["page_type"] is None),
        ("access=metered", lambda r: r["access"] == "metered"),
        ("access=none", lambda r: r["access"] is None),
        (
            "page_type=article&access=subscription&paywalled=yes",
            lambda r: (
                (r["page_type"], r["access"], r["paywalled"]) == ("article", "subscription", True)
            ),
        ),
        ("paywalled=yes", lambda r: r["paywalled"]),
        ("paywalled=no", lambda r: not r["paywalled"]),
        (
            "status=ok&paywalled=yes&language=fr",
            lambda r: r["status"] == "ok" and r["paywalled"] and r["language"] == "fr",
        ),
    ],
)
def test_filters_select_exactly_the_matching_records(
    server: RunningServer, run: RunInfo, query: str, predicate: Any
) -> None:
    total, ids = list_ids(server, query)
    expected = sorted(r["id"] for r in run.records if predicate(r))
    assert expected, "the fixture must exercise this filter"
    assert total == len(expected)
    assert sorted(ids) == expected


def test_duplicate_filter_means_a_cluster_of_two_or_more(
    server: RunningServer, run: RunInfo
) -> None:
    multi = run.multi_clusters()
    singletons = [r for r in run.records if r["cluster_id"] and r["cluster_id"] not in multi]
    assert singletons, "fixture has singleton cluster ids, which are not duplicates"
    page = get_json(server, "/api/records?limit=200")["records"]
    assert {r["id"] for r in page if r["in_cluster"]} == {
        r["id"] for r in run.records[:200] if r["cluster_id"] in multi
    }
    _, yes = list_ids(server, "duplicate=yes")
    _, no = list_ids(server, "duplicate=no")
    assert sorted(yes) == sorted(r["id"] for r in run.records if r["cluster_id"] in multi)
    assert sorted(no) == sorted(r["id"] for r in run.records if r["cluster_id"] not in multi)


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("length", lambda r: r["text_len"]),
        ("removed", lambda r: r["n_removed"]),
        ("date", lambda r: r["date"] or ""),
    ],
)
def test_sort_orders_the_whole_result_both_ways(server: RunningServer, sort: str, key: Any) -> None:
    asc = get_json(server, f"/api/records?sort={sort}&limit=200&status=ok")["records"]
    desc = get_json(server, f"/api/records?sort={sort}&order=desc&limit=200&status=ok")["records"]
    assert [key(r) for r in asc] == sorted(key(r) for r in asc)
    assert [key(r) for r in desc] == sorted((key(r) for r in desc), reverse=True)
    assert key(desc[0]) > key(asc[0])


def test_unknown_sort_key_falls_back_to_input_order(server: RunningServer, run: RunInfo) -> None:
    ids = [r["id"] for r in get_json(server, "/api/records?sort=id;DROP&limit=5")["records"]]
    assert ids == [r["id"] for r in run.records[:5]]


# --- one record ----------------------------------------------------------------


def test_record_by_id_with_any_characters_in_path_or_query(
    server: RunningServer, run: RunInfo
) -> None:
    quoted = urllib.parse.quote(HOSTILE_ID, safe="")
    by_path = get_json(server, "/api/record/" + quoted)
    by_query = get_json(server, "/api/record?id=" + quoted)
    assert by_path == by_query
    assert by_path["id"] == HOSTILE_ID
    assert by_path["title"] == run.by_id(HOSTILE_ID)["title"]  # raw, escaping is the page's job
    assert by_path["shard"] == os.path.join("part", "shard-00002.parquet")


def test_record_has_segments_with_removed_lines_in_place_and_cluster_members(
    server: RunningServer,
) -> None:
    rec = get_json(server, "/api/record/" + SHOWCASE_ID)
    kinds = [(s["kind"], s.get("reason")) for s in rec["segments"]]
    assert kinds == [
        ("removed", "byline"),
        ("text", None),
        ("text", None),
        ("removed", "advertisement"),
        ("text", None),
        ("removed", "share"),
    ]
    assert rec["cluster"]["size"] == 2
    assert [m["id"] for m in rec["cluster"]["members"]] == ["showcase-copy"]
    copy = get_json(server, "/api/record/showcase-copy")
    assert [m["id"] for m in copy["cluster"]["members"]] == [SHOWCASE_ID]
    assert copy["duplicate_of"] == SHOWCASE_ID


def test_unknown_or_missing_id_is_a_clean_error(server: RunningServer) -> None:
    assert get_json(server, "/api/record/nope", expect=404)["error"]
    assert get_json(server, "/api/record/" + urllib.parse.quote("' OR '1'='1"), expect=404)
    assert get_json(server, "/api/record?id=", expect=400)["error"]


# --- facets and stats ----------------------------------------------------------


def test_facets_list_statuses_languages_and_reasons_with_counts(
    server: RunningServer, run: RunInfo
) -> None:
    facets = get_json(server, "/api/facets")
    assert dict(map(tuple, facets["statuses"])) == dict(Counter(r["status"] for r in run.records))
    reasons = Counter(x for r in run.records for x in {i["reason"] for i in r["removed"]})
    assert dict(map(tuple, facets["reasons"])) == dict(reasons)
    assert "none" in dict(map(tuple, facets["languages"]))


def test_facets_list_page_types_and_access_with_none_for_missing(
    server: RunningServer, run: RunInfo
) -> None:
    facets = get_json(server, "/api/facets")
    for key, field in (("page_types", "page_type"), ("access", "access")):
        expected = Counter(r[field] or "none" for r in run.records)
        assert dict(map(tuple, facets[key])) == dict(expected)


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("", lambda r: True),
        ("page_type=article", lambda r: r["page_type"] == "article"),
        ("access=none&paywalled=no", lambda r: r["access"] is None and not r["paywalled"]),
        ("page_type=listing", lambda r: r["page_type"] == "listing"),
    ],
)
def test_dashboard_figures_cover_exactly_the_filtered_records(
    server: RunningServer, run: RunInfo, query: str, predicate: Any
) -> None:
    chosen = [r for r in run.records if predicate(r)]
    s = get_json(server, "/api/stats?" + query)
    assert s["filtered"] == bool(query)
    assert s["total"] == len(chosen)
    assert dict(map(tuple, s["by_status"])) == dict(Counter(r["status"] for r in chosen))
    for key, field in (("page_types", "page_type"), ("access", "access")):
        assert dict(map(tuple, s[key])) == dict(Counter(r[field] or "none" for r in chosen))
    lines = Counter(i["reason"] for r in chosen for i in r["removed"])
    assert dict(map(tuple, s["removed_lines"])) == dict(lines)
    ok = [r for r in chosen if r["status"] == "ok"]
    assert sum(n for _, n in s["text_length"]) == len(ok)
    assert s["duplicates"] == sum(1 for r in chosen if r["duplicate_of"])


def test_stats_match_the_records(server: RunningServer, run: RunInfo) -> None:
    s = get_json(server, "/api/stats")
    ok = [r for r in run.records if r["status"] == "ok"]
    assert s["total"] == len(run.records)
    assert s["shards"] == 3
    assert dict(map(tuple, s["by_status"])) == dict(Counter(r["status"] for r in run.records))
    lines = Counter(i["reason"] for r in run.records for i in r["removed"])
    assert dict(map(tuple, s["removed_lines"])) == dict(lines)
    assert dict(map(tuple, s["paywalled"]))["paywalled"] == sum(r["paywalled"] for r in ok)
    sizes = Counter(Counter(r["cluster_id"] for r in run.records if r["cluster_id"]).values())
    del sizes[1]
    assert {int(k): v for k, v in s["cluster_sizes"]} == dict(sizes)
    assert s["duplicates"] == sum(1 for r in run.records if r["duplicate_of"])
    assert sum(n for _, n in s["text_length"]) == len(ok)
    assert s["top_sites"][0][1] == max(Counter(r["site_name"] for r in ok).values())
    assert s["summary"]["records"] == len(run.records)


# --- HTTP safety -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/record?id=x",
        "/dashboard",
        "/static/list.js",
        "/static/plotly.min.js",
        "/api/records",
        "/nope",
    ],
)
def test_every_response_carries_the_security_headers(server: RunningServer, path: str) -> None:
    status, headers, _ = request(server, path)
    assert status in (200, 404)
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-eval" not in CSP
    assert headers["x-content-type-options"] == "nosniff"


def test_plotly_is_served_from_the_installed_package(server: RunningServer) -> None:
    import plotly

    status, headers, body = request(server, "/static/plotly.min.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert body == shipped.read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/static/../queries.py",
        "/static/%2e%2e/server.py",
        "/static/..%2fserver.py",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/style.css/../../server.py",
        "/static/data/reason_positions.json",
        "/summary.json",
        "/shard-00000.parquet",
    ],
)
def test_no_file_outside_the_allow_list_is_served(server: RunningServer, path: str) -> None:
    status, _, body = request(server, path)
    assert status == 404
    assert b"import" not in body and b"root:" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only(server: RunningServer, method: str) -> None:
    status, headers, _ = request(server, "/api/records", method=method)
    assert status == 405 and headers["allow"] == "GET, HEAD"


def test_foreign_host_header_is_refused(server: RunningServer) -> None:
    status, _, _ = request(server, "/api/records", headers={"Host": f"evil.example:{server.port}"})
    assert status == 421
    assert request(server, "/api/info", headers={"Host": f"localhost:{server.port}"})[0] == 200


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
@pytest.mark.parametrize("path", ["/api/records?q=x", "/api/diagnose/x", "/source/page?id=x"])
def test_requests_other_sites_make_a_browser_send_are_refused(
    server: RunningServer, site: str, path: str
) -> None:
    # e.g. <img src="http://127.0.0.1:8765/api/records?q=..."> on another page
    sent = {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
    status, _, body = request(server, path, headers=sent)
    assert status == 403 and b"other sites" in body
    # the user following a link from elsewhere opens the page
    link = {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert request(server, "/", headers=link)[0] == 200
    # the app's own requests, and clients that do not say (curl), are served
    own = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}
    assert request(server, "/api/info", headers=own)[0] == 200
    assert request(server, "/api/info")[0] == 200


def test_only_loopback_addresses_are_served(run: RunInfo) -> None:
    with pytest.raises(ValueError, match="loopback"):
        make_server(str(run.root), 0, "0.0.0.0")


# --- odd directories -----------------------------------------------------------


def test_directory_that_is_not_a_run_is_refused_with_what_to_give(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a run", encoding="utf-8")
    pq.write_table(pa.table({"line": ["x"]}), tmp_path / "table.parquet")
    with pytest.raises(NotARun, match=r"not the output of `newsclean run`.*--out DIR"):
        start(str(tmp_path))


def test_run_of_no_documents_opens_empty(tmp_path: Path) -> None:
    # a run over inputs that held no document: a summary, no shard
    (tmp_path / "summary.json").write_text(json.dumps({"documents": 0}), encoding="utf-8")
    srv = start(str(tmp_path))
    try:
        assert get_json(srv, "/api/records")["total"] == 0
        stats = get_json(srv, "/api/stats")
        assert stats["total"] == 0 and stats["summary"] == {"documents": 0}
    finally:
        srv.close()


@pytest.mark.parametrize(
    ("layout_dirs", "summary_at"),
    [
        ((), "summary.json"),  # shards and summary at the top (older runs)
        (("_work",), ".newsclean/summary.json"),  # summary kept out of dataset loaders' way
        (("_newsclean",), "_newsclean/summary.json"),
    ],
)
def test_shards_and_summary_are_found_in_every_layout(
    tmp_path: Path, layout_dirs: tuple[str, ...], summary_at: str
) -> None:
    rows = [{"id": "a", "source": "s:0", "status": "ok", "text": "Kept."}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "part-000000.parquet")
    for d in layout_dirs:  # work files: Parquet inside them is never a record shard
        (tmp_path / d).mkdir()
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / d / "part-000000.parquet")
    summary = tmp_path / summary_at
    summary.parent.mkdir(exist_ok=True)
    summary.write_text(json.dumps({"documents": 1}), encoding="utf-8")
    srv = start(str(tmp_path))
    try:
        assert get_json(srv, "/api/info")["records"] == 1
        assert get_json(srv, "/api/stats")["summary"] == {"documents": 1}
    finally:
        srv.close()


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        start(str(tmp_path / "absent"))


def test_shards_missing_columns_still_open(tmp_path: Path) -> None:
    # an older writer without markdown/cluster columns, and a name with a quote
    table = pa.table(
        {
            "id": ["a", "b"],
            "source": ["s:0", "s:1"],
            "status": ["ok", "empty"],
            "text": ["Hello.\n\nWorld.", ""],
        }
    )
    pq.write_table(table, tmp_path / "it's.parquet")
    srv = start(str(tmp_path))
    try:
        assert get_json(srv, "/api/records?duplicate=no")["total"] == 2
        rec = get_json(srv, "/api/record/a")
        assert rec["markdown"] is None and [s["text"] for s in rec["segments"]] == [
            "Hello.",
            "World.",
        ]
        assert get_json(srv, "/api/stats")["total"] == 2
    finally:
        srv.close()


def test_unreadable_and_foreign_parquet_files_are_left_out(tmp_path: Path) -> None:
    rows = [{"id": "a", "source": "s:0", "status": "ok", "text": "Kept."}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "part-0.parquet")
    (tmp_path / "part-1.parquet").write_bytes(b"PAR1 this is not parquet")
    pq.write_table(pa.table({"line": ["x"], "count": [3]}), tmp_path / "table.parquet")
    srv = start(str(tmp_path))
    try:
        info = get_json(srv, "/api/info")
        assert info["shards"] == 1 and info["records"] == 1
        assert sorted(info["skipped_files"]) == ["part-1.parquet", "table.parquet"]
        assert [r["id"] for r in get_json(srv, "/api/records")["records"]] == ["a"]
    finally:
        srv.close()


@pytest.mark.parametrize("module", ["newsclean.inspect.server", "newsclean inspect"])
def test_serve_prints_the_address_of_a_free_port(run: RunInfo, module: str) -> None:
    # both the module and the public command (`newsclean inspect DIR --port 0`)
    proc = subprocess.Popen(
        [sys.executable, "-m", *module.split(), str(run.root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line
        url = line.split("http://", 1)[1].split()[0]
        host, port = url.rstrip("/").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/api/info")
        assert json.loads(conn.getresponse().read())["shards"] == 3
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- `newsclean inspect` user errors: one line that says what to do, exit 2 ------


def _inspect(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", "inspect", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", r"not a directory: .*absent \(give the --out \w+ of a `newsclean run`\)"),
        ("file", r"not a directory: .*notes\.txt \(give the --out \w+ of a"),
        ("not a run", r"is not the output of `newsclean run`: .*; give the --out DIR of a run"),
        ("foreign host", r"loopback addresses only"),
        ("port in use", r"cannot serve on port \d+: .*; try another --port"),
    ],
)
def test_inspect_user_errors_are_one_line_and_exit_2(
    tmp_path: Path, run: RunInfo, case: str, expected: str
) -> None:
    (tmp_path / "notes.txt").write_text("not a run", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    args = {
        "missing": [str(tmp_path / "absent")],
        "file": [str(tmp_path / "notes.txt")],
        "not a run": [str(tmp_path / "empty")],
        "foreign host": [str(run.root), "--host", "0.0.0.0"],
    }
    if case == "port in use":
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            proc = _inspect(str(run.root), "--port", str(busy.getsockname()[1]))
    else:
        proc = _inspect(*args[case])
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert re.search(expected, lines[0]), lines[0]
    assert re.match(r"newsclean( inspect)?: error: ", lines[0])
