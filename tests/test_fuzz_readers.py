"""Property-based tests over every reader: hostile bytes never crash, never lose a record.

Each property writes real files (random bytes under every recognised suffix,
real WARC/JSONL/Parquet files built with the project's own writers and then
damaged) and reads them through ``newsclean.io.readers`` and
``process_document``, the two halves of ``newsclean extract``. What must hold:

- no exception escapes a reader or the stage;
- every record has a status from the contract and, when not ``ok``, a reason
  from ``record.STATUS_REASONS``;
- one record per document: for uncompressed JSON Lines that is exactly one per
  non-blank line, for one-document files exactly one, for a damaged WARC the
  intact records plus at most one error for the damage.

Example counts are bounded so the file runs in well under a minute on one core.
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsclean.io.readers import iter_documents, read_stdin
from newsclean.io.warc_write import request, response, warc_bytes, warcinfo
from newsclean.options import Limits, Options
from newsclean.pipeline.stages import process_document
from newsclean.record import OK, STATUS_REASONS, STATUSES, Article

# Small caps so that the limit paths are exercised by small random inputs too.
LIMITS = Limits(
    max_document_bytes=64 * 1024,
    max_decompressed_bytes=256 * 1024,
    max_line_bytes=16 * 1024,
)
OPTIONS = Options(limits=LIMITS)
FUZZ = settings(
    max_examples=int(os.environ.get("NEWSCLEAN_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)

ONE_DOC_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".html.gz", ".txt.zst", ".bin", "")
STREAM_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".jsonl", ".jsonl.gz", ".jsonl.zst")


def check(arts: list[Article]) -> None:
    for a in arts:
        assert a.status in STATUSES, a
        if a.status != OK:
            assert a.reason in STATUS_REASONS, a
        assert a.id and isinstance(a.id, str)
        assert a.source and isinstance(a.source, str)


def extract_file(path: str) -> list[Article]:
    """``newsclean extract PATH`` in-process: read every document, process each."""
    docs = list(iter_documents([path], LIMITS))
    arts = [process_document(d, OPTIONS) for d in docs]
    assert len(arts) == len(docs)
    check(arts)
    return arts


def extract_bytes(name: str, data: bytes) -> list[Article]:
    """Write ``data`` to a real file named ``name`` and extract it."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, name)
        with open(path, "wb") as fh:
            fh.write(data)
        return extract_file(path)


# -- random bytes under every suffix -------------------------------------------------

# Random bytes biased towards what readers branch on: markup, JSON, WARC headers, magic.
_PIECES = [
    b"<html>", b"<body>", b"<p>", b"</p>", b"<div>", b"<!--", b"-->", b"<meta charset=",
    b"\"koi8-r\">", b"{\"html\": \"", b"{\"text\": \"", b"\"}", b"\n", b"\r\n", b"\x00",
    b"\xff\xfe", b"\xef\xbb\xbf", b"WARC/1.0\r\n", b"Content-Length: 9\r\n", b"\r\n\r\n",
    b"WARC-Type: response\r\n", b"\x1f\x8b\x08", b"\x28\xb5\x2f\xfd", b"PAR1", b"%PDF-",
]  # fmt: skip
hostile_bytes = st.lists(
    st.one_of(st.binary(max_size=64), st.sampled_from(_PIECES)), max_size=40
).map(b"".join)


@FUZZ
@given(data=hostile_bytes, suffix=st.sampled_from(ONE_DOC_SUFFIXES))
def test_one_document_files_give_exactly_one_record(data: bytes, suffix: str) -> None:
    arts = extract_bytes("page" + suffix, data)
    assert len(arts) == 1


@FUZZ
@given(data=hostile_bytes, suffix=st.sampled_from(STREAM_SUFFIXES + (".parquet",)))
def test_stream_files_never_crash(data: bytes, suffix: str) -> None:
    arts = extract_bytes("input" + suffix, data)
    if data.strip(b" \t\r\n\x0b\x0c\x00"):
        assert arts, "a non-blank file vanished without a record"


@FUZZ
@given(data=hostile_bytes)
def test_uncompressed_jsonl_gives_one_record_per_nonblank_line(data: bytes) -> None:
    # A .jsonl that starts with gzip/zstd magic is read as compressed (mislabelled files).
    assume(not data.startswith((b"\x1f\x8b", b"\x28\xb5\x2f\xfd")))
    arts = extract_bytes("input.jsonl", data)
    lines = [ln for ln in data.split(b"\n") if ln.strip()]
    assert len(arts) == len(lines)


@FUZZ
@given(data=hostile_bytes)
def test_stdin_never_crashes(data: bytes) -> None:
    docs = list(read_stdin(LIMITS, stream=io.BytesIO(data)))
    arts = [process_document(d, OPTIONS) for d in docs]
    check(arts)
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()
    # Any non-blank input is at least one document, a damaged WARC included.
    if head.strip(b"\x00"):
        assert arts


@pytest.mark.parametrize(
    "data",
    [
        b"WARC/0.",
        b"WARC/1.0\r\nbroken",
        # framed like a record (its Content-Length holds), but no WARC-Type: found by
        # test_stdin_never_crashes, it gave no record at all
        b"WARC/0.\nContent-Length:9\r\n\x00\r\n\r\n" + b"\x00" * 9,
    ],
)
def test_damaged_warc_on_stdin_gives_a_record(data: bytes) -> None:
    docs = list(read_stdin(LIMITS, stream=io.BytesIO(data)))
    assert len(docs) == 1 and docs[0].status == "error"


# -- real files, damaged ----------------------------------------------------------------

PAGE = (
    "<html><head><title>Story {i}</title></head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>Story {i}</h1><p>The council met on Tuesday to vote on the budget for "
    "roads and schools in district {i}, officials said.</p><p>Residents asked questions "
    "for two hours before the vote was taken late in the evening.</p></article></body></html>"
)


def sample_warc(n: int, gz: bool) -> tuple[bytes, list[int], list[int]]:
    """A real WARC with ``n`` responses (+ warcinfo, requests); record offsets, response idx."""
    recs = [warcinfo()]
    responses = []
    for i in range(n):
        recs.append(request(f"https://news.example/{i}"))
        responses.append(len(recs))
        recs.append(response(f"https://news.example/{i}", PAGE.format(i=i)))
    data, offsets = warc_bytes(recs, gzip=gz)
    return data, offsets, responses


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, bytes]]:
    ops = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        pos = draw(st.integers(0, max(0, size - 1)))
        ops.append((kind, pos, draw(st.binary(min_size=1, max_size=8))))
    return ops


def mutate(data: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, payload in ops:
        pos = min(pos, len(buf))
        if kind == "flip" and pos < len(buf):
            buf[pos] ^= payload[0] or 1
        elif kind == "insert":
            buf[pos:pos] = payload
        elif kind == "delete":
            del buf[pos : pos + len(payload)]
        elif kind == "truncate":
            del buf[pos:]
    return bytes(buf)


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_intact_warc_reads_every_response(gz: bool) -> None:
    data, _, responses = sample_warc(4, gz)
    arts = extract_bytes("crawl.warc.gz" if gz else "crawl.warc", data)
    assert [a.status for a in arts] == [OK] * len(responses)
    assert [a.url for a in arts] == [f"https://news.example/{i}" for i in range(4)]


@FUZZ
@given(gz=st.booleans(), ops=mutations(6000))
def test_mutated_warc_never_crashes_and_invents_no_documents(
    gz: bool, ops: list[tuple[str, int, bytes]]
) -> None:
    data, _, responses = sample_warc(4, gz)
    arts = extract_bytes("crawl.warc.gz" if gz else "crawl.warc", mutate(data, ops))
    # Damage can merge or lose framing, but never produce more than the responses
    # plus one error per mutation for the bytes it broke.
    assert len(arts) <= len(responses) + len(ops)


@FUZZ
@given(gz=st.booleans(), frac=st.floats(0.0, 1.0))
def test_truncated_warc_keeps_every_complete_record_and_flags_the_cut(
    gz: bool, frac: float
) -> None:
    data, offsets, responses = sample_warc(4, gz)
    cut = int(len(data) * frac)
    arts = extract_bytes("crawl.warc.gz" if gz else "crawl.warc", data[:cut])
    ends = offsets[1:] + [len(data)]
    complete = [i for i in responses if ends[i] <= cut]
    # A cut inside the last record's final CRLFs may still read it whole.
    assert len(complete) <= len(arts) <= len(complete) + 1
    ok = [a for a in arts if a.status == OK]
    assert [a.url for a in ok][: len(complete)] == [
        f"https://news.example/{responses.index(i)}" for i in complete
    ]
    cut_mid_record = any(o < cut < e - 4 for o, e in zip(offsets, ends, strict=True))
    if cut_mid_record:
        assert (
            arts
            and arts[-1].status == "error"
            and arts[-1].reason
            in (
                "truncated_input",
                "malformed_input",
            )
        )


def sample_jsonl(n: int) -> tuple[bytes, int]:
    rows = []
    for i in range(n):
        key = "html" if i % 2 == 0 else "text"
        body = PAGE.format(i=i) if key == "html" else f"Story {i}\n\nThe council met on day {i}."
        rows.append(orjson.dumps({"id": f"doc-{i}", "url": f"https://news.example/{i}", key: body}))
    return b"\n".join(rows) + b"\n", n


@FUZZ
@given(ops=mutations(2500))
def test_mutated_jsonl_gives_one_record_per_nonblank_line(
    ops: list[tuple[str, int, bytes]],
) -> None:
    data, _ = sample_jsonl(6)
    damaged = mutate(data, ops)
    arts = extract_bytes("docs.jsonl", damaged)
    assert len(arts) == sum(1 for ln in damaged.split(b"\n") if ln.strip())


@FUZZ
@given(method=st.sampled_from(["gzip", "zstd"]), frac=st.floats(0.0, 1.0), ops=mutations(900))
def test_damaged_compressed_jsonl_keeps_what_it_can(
    method: str, frac: float, ops: list[tuple[str, int, bytes]]
) -> None:
    data, n = sample_jsonl(6)
    packed = gzip.compress(data, mtime=0) if method == "gzip" else zstandard.compress(data)
    damaged = mutate(packed, ops)
    arts = extract_bytes("docs.jsonl.gz" if method == "gzip" else "docs.jsonl.zst", damaged)
    truncated = packed[: int(len(packed) * frac)]
    arts_cut = extract_bytes("cut.jsonl.gz" if method == "gzip" else "cut.jsonl.zst", truncated)
    # A cut stream keeps the complete lines before the cut, then one error.
    assert len(arts_cut) <= n + 1
    if 0 < len(truncated) < len(packed):
        assert arts_cut and arts_cut[-1].status == "error"
    assert all(a.id == f"doc-{i}" for i, a in enumerate(arts_cut[:-1]))
    del arts  # the damaged stream only has to be survived (checked in extract_file)


parquet_value = st.one_of(
    st.none(), st.text(max_size=200), st.sampled_from([PAGE.format(i=7), " ", "\x00<p>x</p>"])
)


@FUZZ
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {"id": st.one_of(st.none(), st.text(max_size=20)), "html": parquet_value,
             "text": parquet_value, "url": st.one_of(st.none(), st.text(max_size=40))}
        ),
        min_size=0,
        max_size=8,
    ),
    row_group=st.integers(1, 4),
)  # fmt: skip
def test_parquet_gives_one_record_per_row(
    rows: list[dict[str, str | None]], row_group: int
) -> None:
    table = pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("id", pa.string()),
                ("html", pa.string()),
                ("text", pa.string()),
                ("url", pa.string()),
            ]
        ),
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=row_group)
    arts = extract_bytes("docs.parquet", sink.getvalue().to_pybytes())
    assert len(arts) == len(rows)


@FUZZ
@given(ops=mutations(3000))
def test_mutated_parquet_never_crashes(ops: list[tuple[str, int, bytes]]) -> None:
    table = pa.table(
        {"id": [f"d{i}" for i in range(20)], "html": [PAGE.format(i=i) for i in range(20)]}
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=5, compression="none")
    arts = extract_bytes("docs.parquet", mutate(sink.getvalue().to_pybytes(), ops))
    # Damaged metadata gives one error for the file, damaged pages one per lost row.
    assert 1 <= len(arts) <= 20 + 1


def test_every_input_kind_in_one_directory_keeps_input_order() -> None:
    data_w, _, _ = sample_warc(2, True)
    data_j, _ = sample_jsonl(3)
    with tempfile.TemporaryDirectory() as d:
        for name, payload in [
            ("a.warc.gz", data_w), ("b.jsonl", data_j), ("c.html", PAGE.format(i=9).encode()),
            ("d.bin", os.urandom(300)), ("e.txt", b"Story\n\nA line of text for the test."),
        ]:  # fmt: skip
            with open(os.path.join(d, name), "wb") as fh:
                fh.write(payload)
        arts = extract_file(d)
    assert [a.source.rsplit("/", 1)[-1].split("#")[0] for a in arts] == (
        ["a.warc.gz"] * 2 + ["b.jsonl"] * 3 + ["c.html", "d.bin", "e.txt"]
    )
    assert arts[6].status == "skipped"
