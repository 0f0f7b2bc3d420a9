"""How the readers see WARC responses of a fetch: redirect hops, the HTTP date hint."""

from __future__ import annotations

from pathlib import Path

from newsclean.io.readers import iter_documents
from newsclean.io.warc_write import response, write_warc
from newsclean.options import Limits
from newsclean.pipeline.stages import process_document

PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    + "<p>The harbour reopened on Monday after three weeks of repairs to the old quay walls, "
    "and the first ferries left on time in the morning with many passengers on board.</p>"
    * 4
    + "</article></body></html>"
)


def test_redirect_hops_are_not_documents_and_last_modified_is_the_hint(tmp_path: Path) -> None:
    write_warc(
        tmp_path / "a.warc.gz",
        [
            response("https://x.example/old", b"", None, status=301,
                     headers=[("Location", "https://x.example/new")]),
            response("https://x.example/new", PAGE,
                     headers=[("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT"),
                              ("Date", "Mon, 01 Jan 2024 00:00:00 GMT")]),
            response("https://x.example/dated", PAGE,
                     headers=[("Date", "Mon, 01 Jan 2024 10:00:00 GMT")]),
            response("https://x.example/odd", PAGE, headers=[("Last-Modified", "yesterday")]),
            response("https://x.example/no-location", b"", None, status=302),
        ],
    )  # fmt: skip
    docs = list(iter_documents([str(tmp_path)], Limits()))
    assert [d.url for d in docs] == [
        "https://x.example/new", "https://x.example/dated", "https://x.example/odd",
        "https://x.example/no-location",
    ]  # fmt: skip
    # Date is when the server answered (the crawl day): never a publication date.
    assert [d.date_hint for d in docs] == ["2023-11-14", None, None, None]


def test_the_hint_is_only_a_fallback(tmp_path: Path) -> None:
    dated = PAGE.replace(
        "<head>", '<head><meta property="article:published_time" content="2022-03-04">'
    )
    write_warc(
        tmp_path / "a.warc.gz",
        [
            response("https://x.example/a", PAGE, headers=[("Last-Modified", "Tue, 14 Nov 2023 "
                                                            "22:13:20 GMT")]),
            response("https://x.example/b", dated, headers=[("Last-Modified", "Tue, 14 Nov 2023 "
                                                             "22:13:20 GMT")]),
        ],
    )  # fmt: skip
    from newsclean.options import Options

    arts = [process_document(d, Options()) for d in iter_documents([str(tmp_path)], Limits())]
    assert [a.date for a in arts] == ["2023-11-14", "2022-03-04"]


def test_a_fetch_directory_gives_only_its_warc_files(tmp_path: Path) -> None:
    from newsclean.io.fetch_dir import state_files
    from newsclean.io.readers import list_units

    write_warc(
        tmp_path / "newsclean-20240101000000-00-00000.warc.gz",
        [response("https://x.example/a", PAGE)],
    )
    for name in state_files():
        (tmp_path / name).write_bytes(b"PAR1 not a document")
    (tmp_path / "notes.txt").write_text("not part of the fetch output")
    units = list_units([str(tmp_path)])
    assert [Path(u.path).name for u in units] == ["newsclean-20240101000000-00-00000.warc.gz"]
