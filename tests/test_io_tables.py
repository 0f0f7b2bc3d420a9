"""Every entry of io/data/file_kinds.json, exercised through the code that reads it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from newsclean.io.readers import iter_documents
from newsclean.io.sniff import kind_for_name, looks_binary, magic_kind
from newsclean.io.warc import payload_kind

TABLES = json.loads(
    resources.files("newsclean.io").joinpath("data/file_kinds.json").read_text("utf-8")
)
PAGE = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize(("ext", "kind"), sorted(TABLES["extensions"].items()))
def test_extension(ext: str, kind: str) -> None:
    assert kind_for_name(f"a/b/file{ext}") == (kind, None)
    assert kind_for_name(f"FILE{ext.upper()}") == (kind, None)


@pytest.mark.parametrize(("suffix", "method"), sorted(TABLES["compression"].items()))
def test_compression_suffix(suffix: str, method: str) -> None:
    assert kind_for_name(f"crawl.warc{suffix}") == ("warc", method)
    assert kind_for_name(f"feed.jsonl{suffix}") == ("jsonl", method)


@pytest.mark.parametrize(("hex_magic", "name"), sorted(TABLES["magic"].items()))
def test_magic_number(hex_magic: str, name: str) -> None:
    head = bytes.fromhex(hex_magic) + b"\x00\x01\x02\x03" + bytes(range(256))
    assert magic_kind(head) == name
    assert looks_binary(head)


def test_printable_magic_needs_binary_bytes_after_it() -> None:
    assert magic_kind(b"MZ is a sentence that starts like an .exe file.") is None
    assert magic_kind(b"ID3 tags: an explainer for readers") is None
    assert magic_kind(b"%PDF-1.7 text-only header") == "pdf"


@pytest.mark.parametrize("mime", sorted(TABLES["html_mimes"]))
def test_html_mime(mime: str) -> None:
    assert payload_kind(mime, PAGE) == "html"


@pytest.mark.parametrize("mime", sorted(TABLES["text_mimes"]))
def test_text_mime(mime: str) -> None:
    assert payload_kind(mime, b"Plain words.\n") == "text"
    assert payload_kind(mime, PAGE) == "html"  # a page served as text/plain


@pytest.mark.parametrize("mime", sorted(TABLES["sniff_mimes"]))
def test_sniffed_mime(mime: str) -> None:
    assert payload_kind(mime, PAGE) == "html"
    assert payload_kind(mime, bytes(range(256))) == "binary"
    assert payload_kind(mime, b"plain words") == "unsupported"


def test_other_mimes_are_unsupported() -> None:
    assert payload_kind("image/png", PAGE) == "unsupported"
    assert payload_kind("application/pdf", b"%PDF-1.4") == "unsupported"


def test_unknown_extension_is_unknown(tmp_path: Path) -> None:
    assert kind_for_name("notes.md") == ("unknown", None)
    (tmp_path / "notes.md").write_text("# note")
    [doc] = iter_documents([str(tmp_path / "notes.md")])
    assert doc.status == "skipped"
