"""The hostile set: build it, run ``newsclean extract`` on it, measure.

Usage::

    .venv/bin/python benchmarks/hostile.py               # full scale (1 GiB bombs, 30 MB page)
    .venv/bin/python benchmarks/hostile.py --scale ci    # the small CI version, seconds
    .venv/bin/python benchmarks/hostile.py --no-anchors  # newsclean only

Every case is built at run time into a temp directory (nothing hostile is
committed). Each case is run on its own through the real CLI, in a fresh
process, measuring wall time, exit code, records per document and the peak RSS
of that process (``wait4``); then the whole set is run in one ``extract`` call.
Each record is checked against what the case expects: the status, the reason,
and for damaged-but-readable pages a sentence that must be in the text.

Anchor: trafilatura (``extract`` on the page bytes, one fresh process per page,
same time limit) on the single-page HTML cases, for the time/memory/outcome
column beside newsclean. The table goes to stdout and benchmarks/results/hostile.md
(``--results`` names another file; a run cut short by ``--scale ci`` or
``--no-anchors`` is saved only there).
``tests/test_hostile.py`` imports :func:`build` and :func:`check_case` and runs the CI scale.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import zstandard

from newsclean.io.warc_write import request, response, warc_bytes, warcinfo

MiB = 1024 * 1024
PEAK_LIMIT = 3 * 1024 * MiB  # the bound for one extract process
RESULTS = Path(__file__).resolve().parent / "results" / "hostile.md"


@dataclass(frozen=True)
class Expect:
    """One expected record: status (one of), reason (one of; None: any), phrases in the text."""

    status: tuple[str, ...]
    reasons: tuple[str | None, ...] | None = None
    contains: tuple[str, ...] = ()
    min_chars: int = 0  # the text must be at least this long (nothing silently cut)


OK = Expect(("ok",), (None,))


@dataclass
class Case:
    name: str
    what: str
    files: dict[str, bytes] = field(default_factory=dict)
    writers: dict[str, Callable[[Path], None]] = field(default_factory=dict)  # big files
    expect: list[Expect] = field(default_factory=list)
    html_page: str | None = None  # file name of a single HTML page (for the anchor)


@dataclass(frozen=True)
class Scale:
    name: str
    bomb_mib: int
    big_page_mb: int
    allowed_page_mb: int
    short_paragraph_kb: int
    deep: int
    flood_mb: float
    flags: tuple[str, ...]


SCALES = {
    "full": Scale("full", 1024, 30, 15, 1000, 200_000, 19.5, ()),
    # CI: the same cases, small; the limits are lowered to match so the same paths run.
    "ci": Scale(
        "ci",
        64,
        6,
        1,
        100,
        200_000,
        1,
        ("--max-document-bytes", "4M", "--max-decompressed-bytes", "16M"),
    ),
}

# -- page builders (synthetic text; nothing is copied from real pages) ---------------------

EN = [
    "The city council approved the budget for roads and schools on Tuesday after a long debate.",
    "Residents asked for more money for the two primary schools in the north of the city.",
    "The mayor said the plan would be reviewed in the autumn, when state grants are known.",
    "Opposition members voted against the measure, saying the road repairs came too late.",
]
TEXTS = {
    "fr": "Le conseil municipal a voté le budget des écoles et des routes après un long débat, "
    "a déclaré le maire à la presse.",
    "ru": "Городской совет утвердил бюджет на дороги и школы после долгих споров, сообщил мэр "
    "журналистам.",
    "ja": "市議会は長い議論の末、道路と学校の予算を承認したと市長が記者団に語った。",
    "zh": "市议会经过长时间辩论后批准了道路和学校的预算，市长对记者说。",
    "de": "Der Stadtrat hat nach langer Debatte den Haushalt für Straßen und Schulen beschlossen, "
    "sagte die Bürgermeisterin.",
}


def article(
    paragraphs: Sequence[str], title: str = "Council approves budget", meta: str = ""
) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"{body}</article><footer>Contact us</footer></body></html>"
    )


def lang_page(lang: str, meta: str = "") -> str:
    t = TEXTS[lang]
    return article([f"{t} ({i})" for i in range(4)], title=t[:12], meta=meta)


def _gzip_members(path: Path, prefix: bytes, suffix: bytes, mib: int) -> None:
    """Multi-member gzip of ``mib`` MiB of 'A' between prefix and suffix (KiB on disk)."""
    one = gzip.compress(b"A" * MiB, compresslevel=9, mtime=0)
    with open(path, "wb") as fh:
        fh.write(gzip.compress(prefix, mtime=0))
        for _ in range(mib):
            fh.write(one)
        fh.write(gzip.compress(suffix, mtime=0))


def _single_member_gzip(path: Path, prefix: bytes, suffix: bytes, mib: int) -> None:
    """One gzip member (one deflate stream) expanding to ``mib`` MiB: the classic bomb."""
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"A" * MiB
    with open(path, "wb") as fh:
        fh.write(co.compress(prefix))
        for _ in range(mib):
            fh.write(co.compress(chunk))
        fh.write(co.compress(suffix))
        fh.write(co.flush())


def _zstd_frames(path: Path, prefix: bytes, suffix: bytes, mib: int) -> None:
    one = zstandard.compress(b"A" * MiB, 19)
    with open(path, "wb") as fh:
        fh.write(zstandard.compress(prefix))
        for _ in range(mib):
            fh.write(one)
        fh.write(zstandard.compress(suffix))


def _warc_bomb(path: Path, mib: int) -> None:
    """A .warc.gz: one good response, then a response whose member expands to ``mib`` MiB."""
    good, _ = warc_bytes([warcinfo(), response("https://bomb.example/ok", article(EN))])
    body_len = mib * MiB
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-"
        "000000000001>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: "
        "https://bomb.example/bomb\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + body_len}\r\n\r\n"
    ).encode() + http
    with open(path, "wb") as fh:
        fh.write(good)
    tmp = path.with_suffix(".part")
    _single_member_gzip(tmp, head, b"\r\n\r\n", mib)
    with open(path, "ab") as fh, open(tmp, "rb") as src:
        while block := src.read(MiB):
            fh.write(block)
    tmp.unlink()


def _deep_page(depth: int, tag: str) -> bytes:
    inner = f"<{tag}>" * depth + "<p>The innermost paragraph is text too.</p>" + f"</{tag}>" * depth
    page = article(EN).replace("</article>", "</article>" + inner)
    return page.encode()


def _big_page(path: Path, mb: int) -> None:
    """``mb`` MB of long, varied paragraphs (a page-sized dump, not a bomb)."""
    rnd = random.Random(mb)
    words = " ".join(EN).split()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<html><head><title>A very long page</title></head><body><article>")
        written = 0
        while written < mb * 1_000_000:
            para = "<p>" + " ".join(rnd.choice(words) for _ in range(200)) + ".</p>\n"
            fh.write(para)
            written += len(para)
        fh.write("</article></body></html>")


def _flood_page(path: Path, mb: float) -> None:
    """Millions of tiny elements: cheap to send, each one a DOM node to whoever parses it."""
    path.write_text(
        "<html><body><article>" + "<p>x" * int(mb * 250_000) + "</article></body></html>"
    )


def _short_paragraph_page(kb: int) -> bytes:
    """A long article of many ordinary-length paragraphs (live blogs, transcripts)."""
    rnd = random.Random(kb)
    words = " ".join(EN).split()
    paras, size = [], 0
    while size < kb * 1000:
        p = " ".join(rnd.choice(words) for _ in range(rnd.randint(10, 40))).capitalize() + "."
        paras.append(p)
        size += len(p) + 8
    return article(paras, title="Live: the budget debate").encode()


def _cut_warc(gz: bool) -> bytes:
    recs = [warcinfo()]
    for i in range(4):
        recs.append(request(f"https://cut.example/{i}"))
        recs.append(response(f"https://cut.example/{i}", article([*EN, f"Story number {i}."])))
    data, offsets = warc_bytes(recs, gzip=gz)
    last = offsets[-1]
    return data[: last + (len(data) - last) // 2]


def build(root: Path, scale: str = "full") -> tuple[list[Case], tuple[str, ...]]:
    """Write the hostile set under ``root`` (one directory per case); return cases and flags."""
    s = SCALES[scale]
    bomb_line = (b'{"id": "bomb", "html": "<p>', b'</p>"}\n')
    cases = [
        Case(
            "gzip_bomb_jsonl",
            f"one JSONL line expanding to {s.bomb_mib} MiB in one gzip member",
            writers={"bomb.jsonl.gz": lambda p: _single_member_gzip(p, *bomb_line, s.bomb_mib)},
            expect=[Expect(("error",), ("decompression_limit", "too_large"))],
        ),
        Case(
            "zstd_bomb_jsonl",
            f"one JSONL line expanding to {s.bomb_mib} MiB (zstd frames)",
            writers={"bomb.jsonl.zst": lambda p: _zstd_frames(p, *bomb_line, s.bomb_mib)},
            expect=[Expect(("error",), ("decompression_limit", "too_large"))],
        ),
        Case(
            "gzip_bomb_warc",
            f"a .warc.gz: one good response, then one whose member expands to {s.bomb_mib} MiB",
            writers={"bomb.warc.gz": lambda p: _warc_bomb(p, s.bomb_mib)},
            expect=[
                Expect(("ok",), (None,), (EN[0],)),
                Expect(("skipped", "error"), ("too_large", "decompression_limit")),
            ],
        ),
        Case(
            "gzip_bomb_html",
            f"a .html.gz expanding to {s.bomb_mib} MiB (multi-member)",
            writers={
                "bomb.html.gz": lambda p: _gzip_members(p, b"<html><body><p>", b"</p>", s.bomb_mib)
            },
            expect=[Expect(("skipped", "error"), ("too_large", "decompression_limit"))],
        ),
        Case(
            "deep_dom",
            f"an article followed by {s.deep:,} nested <div>",
            files={"deep.html": _deep_page(s.deep, "div")},
            expect=[Expect(("ok",), (None,), (EN[0], EN[3]))],
            html_page="deep.html",
        ),
        Case(
            "deep_inline",
            f"{s.deep:,} nested <span> and <b> (no auto-closing)",
            files={
                "deep_inline.html": _deep_page(s.deep // 2, "span").replace(b"<span>", b"<span><b>")
            },
            expect=[Expect(("ok",), (None,), (EN[0],))],
            html_page="deep_inline.html",
        ),
        Case(
            "big_page",
            f"a {s.big_page_mb} MB page (over the document size limit)",
            writers={"big.html": lambda p: _big_page(p, s.big_page_mb)},
            expect=[Expect(("skipped",), ("too_large",))],
        ),
        Case(
            "large_page",
            f"a {s.allowed_page_mb} MB page of long paragraphs (under the limit)",
            writers={"large.html": lambda p: _big_page(p, s.allowed_page_mb)},
            expect=[Expect(("ok",), (None,), min_chars=int(s.allowed_page_mb * 0.9e6))],
            html_page="large.html",
        ),
        Case(
            "element_flood",
            f"{s.flood_mb} MB of '<p>x' ({int(s.flood_mb * 250_000):,} elements; above"
            " Limits.max_dom_nodes (300,000) it is skipped as too_large before parsing)",
            writers={"flood.html": lambda p: _flood_page(p, s.flood_mb)},
            expect=[
                Expect(("ok", "empty"), None)
                if s.flood_mb * 250_000 <= 300_000
                else Expect(("skipped",), ("too_large",))
            ],
        ),
        Case(
            "many_paragraphs",
            f"a {s.short_paragraph_kb} KB article of short paragraphs",
            files={"live.html": _short_paragraph_page(s.short_paragraph_kb)},
            expect=[Expect(("ok",), (None,), min_chars=int(s.short_paragraph_kb * 900))],
            html_page="live.html",
        ),
        Case(
            "encodings",
            "undeclared windows-1252/shift_jis/gb18030/koi8-r, lying <meta>, UTF-16 with BOM",
            files={
                "a_cp1252.html": lang_page("fr").encode("windows-1252"),
                "b_sjis.html": lang_page("ja").encode("shift_jis"),
                "c_gb18030.html": lang_page("zh").encode("gb18030"),
                "d_koi8r.html": lang_page("ru").encode("koi8-r"),
                "e_lying_meta.html": lang_page("de", "<meta charset='utf-8'>").encode("cp1252"),
                "f_utf16.html": lang_page("ru").encode("utf-16"),
            },
            expect=[
                Expect(("ok",), (None,), (TEXTS["fr"],)),
                Expect(("ok",), (None,), (TEXTS["ja"],)),
                Expect(("ok",), (None,), (TEXTS["zh"],)),
                Expect(("ok",), (None,), (TEXTS["ru"],)),
                Expect(("ok",), (None,), (TEXTS["de"],)),
                Expect(("ok",), (None,), (TEXTS["ru"],)),
            ],
        ),
        Case(
            "lying_http_charset",
            "WARC responses whose HTTP charset disagrees with the bytes",
            files={
                "lying.warc.gz": warc_bytes(
                    [
                        response(
                            "https://l.example/1",
                            lang_page("ru").encode(),
                            "text/html; charset=iso-8859-1",
                        ),
                        response(
                            "https://l.example/2",
                            lang_page("ru").encode("koi8-r"),
                            "text/html; charset=utf-8",
                        ),
                        response(
                            "https://l.example/3",
                            lang_page("fr").encode("cp1252"),
                            "text/html; charset=utf-8",
                        ),
                    ]
                )[0]
            },
            expect=[
                Expect(("ok",), (None,), (TEXTS["ru"],)),
                Expect(("ok",), (None,), (TEXTS["ru"],)),
                Expect(("ok",), (None,), (TEXTS["fr"],)),
            ],
        ),  # fmt: skip
        Case(
            "invalid_bytes",
            "UTF-8 page with invalid byte sequences and NUL bytes inside the text",
            files={
                "invalid.html": article(EN).encode().replace(b"primary", b"pri\xff\xfemary"),
                "nul.html": article(EN).encode().replace(b"council", b"coun\x00cil"),
            },
            expect=[
                Expect(("ok",), (None,), (EN[0], EN[2])),
                Expect(("ok",), (None,), (EN[0], EN[1])),
            ],
        ),
        Case(
            "cut_warc",
            "a .warc.gz and a .warc cut in the middle of their last record",
            files={"cut.warc.gz": _cut_warc(True), "cut2.warc": _cut_warc(False)},
            expect=[Expect(("ok",), (None,), (EN[0], f"Story number {i}.")) for i in range(3)]
            + [Expect(("error",), ("truncated_input",))]
            + [Expect(("ok",), (None,), (EN[0], f"Story number {i}.")) for i in range(3)]
            + [Expect(("error",), ("truncated_input",))],
        ),
        Case(
            "malformed_jsonl",
            "JSON Lines with garbage, wrong types, a NUL, a BOM and a truncated last line",
            files={
                "m.jsonl": b"\xef\xbb\xbf"
                + b"\n".join(
                    [
                        orjson.dumps({"id": "good", "html": article(EN)}),
                        b"{not json",
                        orjson.dumps([1, 2, 3]),
                        orjson.dumps({"id": "num", "html": 42}),
                        orjson.dumps({"id": "nul", "text": "A line\x00 with a NUL. " + EN[1]}),
                        b'{"id": "cut", "html": "<p>never ends',
                    ]
                )
            },
            expect=[
                # The first line starts with a BOM: a reader may strip it or call it malformed.
                Expect(("ok", "error"), (None, "malformed_input")),
                Expect(("error",), ("malformed_input",)),
                Expect(("error",), ("malformed_input",)),
                Expect(("error",), ("malformed_input",)),
                Expect(("ok", "empty"), None),
                Expect(("error",), ("malformed_input", "truncated_input")),
            ],
        ),
        Case(
            "binary_and_empty",
            "PNG bytes named .html, an empty .html, random bytes named .txt",
            files={
                "a_png.html": b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(5000),
                "b_empty.html": b"",
                "c_random.txt": random.Random(2).randbytes(5000),
            },
            expect=[
                Expect(("skipped",), ("binary",)),
                Expect(("empty",), ("empty_input",)),
                Expect(("skipped",), ("binary",)),
            ],
        ),
    ]
    for case in cases:
        d = root / case.name
        d.mkdir(parents=True, exist_ok=True)
        for name, data in case.files.items():
            (d / name).write_bytes(data)
        for name, write in case.writers.items():
            write(d / name)
    return cases, s.flags


# -- running and checking --------------------------------------------------------------------


@dataclass
class Run:
    rc: int
    seconds: float
    peak_rss: int  # bytes
    records: list[dict[str, Any]]
    stderr: str
    timed_out: bool = False


def run_cli(args: Sequence[str], timeout: float = 1800) -> Run:
    """Run a Python command in a fresh process; its own peak RSS from wait4."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, *args], stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        lines = out.read().splitlines()
        stderr = err.read().decode("utf-8", "replace")
    records = []
    for line in lines:
        try:
            records.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            records.append({"status": "<unparsable output line>"})
    return Run(rc, seconds, usage.ru_maxrss * 1024, records, stderr, timed_out=rc == -9)


def extract(paths: Sequence[str], flags: Sequence[str], timeout: float = 1800) -> Run:
    return run_cli(["-m", "newsclean", "extract", *paths, *flags], timeout)


def check_case(case: Case, records: list[dict[str, Any]]) -> list[str]:
    """What is wrong with ``records`` for ``case`` (empty list: as expected)."""
    problems = []
    if len(records) != len(case.expect):
        problems.append(f"{len(records)} records for {len(case.expect)} documents")
    for i, (rec, exp) in enumerate(zip(records, case.expect, strict=False)):
        where = f"record {i} ({rec.get('source')})"
        if rec.get("status") not in exp.status:
            problems.append(f"{where}: status {rec.get('status')}/{rec.get('reason')}")
        elif exp.reasons is not None and rec.get("reason") not in exp.reasons:
            problems.append(f"{where}: reason {rec.get('reason')}")
        if len(rec.get("text") or "") < exp.min_chars:
            problems.append(
                f"{where}: text has {len(rec.get('text') or '')} < {exp.min_chars} chars"
            )
        for phrase in exp.contains:
            if phrase not in (rec.get("text") or ""):
                problems.append(f"{where}: text lacks {phrase[:40]!r}")
    return problems


ANCHOR = """
import json, sys
import trafilatura
data = open(sys.argv[1], 'rb').read()
try:
    out = trafilatura.extract(data) or ''
    status = 'ok' if out.strip() else 'empty'
except Exception as exc:
    out, status = '', 'error ' + type(exc).__name__
print(json.dumps({'status': status, 'chars': len(out)}))
"""


def _mb(n: int) -> str:
    return f"{n / MiB:,.0f}"


def _size(n: int) -> str:
    return f"{n / MiB:,.1f} MiB" if n >= MiB else f"{n / 1024:,.0f} KiB"


def main(argv: Sequence[str] | None = None) -> int:
    # benchmarks/ is on sys.path when this runs as a script; tests/test_hostile.py
    # loads the file by its path for build, extract and check_case alone
    from common import command_line, publish

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", choices=sorted(SCALES), default="full")
    ap.add_argument("--no-anchors", action="store_true", help="skip trafilatura")
    ap.add_argument("--timeout", type=float, default=1800, help="per run, seconds")
    ap.add_argument("--results", default=str(RESULTS))
    a = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newsclean-hostile-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        cases, flags = build(root, a.scale)
        print(
            f"built {len(cases)} cases in {time.perf_counter() - t:.1f}s under {root}",
            file=sys.stderr,
        )
        rows = []
        all_ok = True
        for case in cases:
            files = sorted(str(p) for p in (root / case.name).iterdir())
            size = sum(os.path.getsize(f) for f in files)
            r = extract([str(root / case.name)], flags, a.timeout)
            problems = check_case(case, r.records) if r.rc == 0 else [f"exit {r.rc}"]
            if r.peak_rss > PEAK_LIMIT:
                problems.append(f"peak {_mb(r.peak_rss)} MiB over {_mb(PEAK_LIMIT)} MiB")
            all_ok &= not problems and r.rc == 0
            anchor = ""
            if case.html_page and not a.no_anchors:
                ar = run_cli(["-c", ANCHOR, str(root / case.name / case.html_page)], a.timeout)
                got = ar.records[0] if ar.records else {}
                outcome = (
                    "killed at time limit" if ar.timed_out else got.get("status", f"exit {ar.rc}")
                )
                anchor = f"{outcome}, {ar.seconds:.1f} s, {_mb(ar.peak_rss)} MiB"
            statuses = ", ".join(f"{x.get('status')}/{x.get('reason') or '-'}" for x in r.records)
            if len(statuses) > 70:
                from collections import Counter

                c = Counter(f"{x.get('status')}/{x.get('reason') or '-'}" for x in r.records)
                statuses = ", ".join(f"{k} ×{v}" for k, v in c.items())
            rows.append(
                (case.name, case.what, _size(size),
                 r.rc, f"{r.seconds:.1f}", _mb(r.peak_rss),
                 f"{len(r.records)}/{len(case.expect)}", statuses,
                 "yes" if not problems else "NO: " + "; ".join(problems)[:120], anchor)
            )  # fmt: skip
            print(f"{case.name}: exit {r.rc}, {r.seconds:.1f}s, {_mb(r.peak_rss)} MiB, "
                  f"{len(r.records)}/{len(case.expect)} records, {problems or 'as expected'}",
                  file=sys.stderr)  # fmt: skip
        whole = extract([str(root)], flags, a.timeout)
        n_expected = sum(len(c.expect) for c in cases)

    anchor_col = not a.no_anchors
    head = "| case | input | size | exit | s | peak MiB | records/docs | statuses | as expected |"
    sep = "|---|---|---|---|---|---|---|---|---|"
    if anchor_col:
        head += " trafilatura (s, peak) |"
        sep += "---|"
    lines = [
        f"# Hostile set ({a.scale} scale)",
        "",
        "`newsclean extract` per case, one fresh process each (flags: "
        f"`{' '.join(flags) or 'defaults'}`); peak RSS of that process from wait4. Machine: "
        f"{os.cpu_count()} cores shared with other work, Python {sys.version.split()[0]}.",
        "",
        head,
        sep,
    ]
    for row in rows:
        cells = list(row) if anchor_col else list(row[:-1])
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    lines += [
        "",
        f"Whole set in one `newsclean extract` call: exit {whole.rc}, {whole.seconds:.1f} s, "
        f"peak {_mb(whole.peak_rss)} MiB, {len(whole.records)} records for {n_expected} documents.",
        "",
        f"All cases as expected: {'yes' if all_ok else 'NO'}.",
        "",
        command_line("hostile.py",
                     ["--scale", a.scale, *(["--no-anchors"] if a.no_anchors else [])]),
    ]
    # a run cut short does not overwrite the full report unless it is named apart
    partial = a.scale != "full" or a.no_anchors
    results = Path(a.results)
    publish("hostile", "\n".join(lines) + "\n", path=results, save=not partial)
    return 0 if all_ok and whole.rc == 0 and len(whole.records) == n_expected else 1


if __name__ == "__main__":
    sys.exit(main())
