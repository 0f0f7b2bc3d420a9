"""CDXJ index lines, the same as ``cdxj-indexer`` writes for the same WARC files.

Line: ``<SURT> <14-digit timestamp> <JSON>`` with the JSON keys ``url``,
``mime`` (the HTTP Content-Type up to the first ``;`` or space; absent when the
response has none), ``status``, ``digest`` (WARC-Payload-Digest), ``length``
and ``offset`` (of the gzip member holding the record) and ``filename``. Only
``response`` records are indexed (``metadata`` records are
``application/warc-fields``, which cdxj-indexer skips too). The file is sorted
as plain text, like ``cdxj-indexer --sort``, so pywb can serve it as it is.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable

import surt
from warcio.timeutils import iso_date_to_timestamp

from newsclean.io.fetch_dir import INDEX_NAME

_SPACE_RE = re.compile(r"[;\s]")


def url_key(url: str) -> str:
    try:
        return str(surt.surt(url))
    except Exception:  # surt gives up on a few odd URLs; cdxj-indexer then keys by the URL
        return url


def cdxj_line(
    *,
    url: str,
    warc_date: str,
    content_type: str | None,
    status: str,
    digest: str | None,
    length: int,
    offset: int,
    filename: str,
) -> str:
    index: dict[str, str] = {"url": url}
    if content_type is not None:
        index["mime"] = _SPACE_RE.split(content_type, 1)[0].strip()
    index["status"] = status
    if digest is not None:
        index["digest"] = digest
    index["length"] = str(length)
    index["offset"] = str(offset)
    index["filename"] = filename
    return f"{url_key(url)} {iso_date_to_timestamp(warc_date)} {json.dumps(index)}"


def write_index(out_dir: str, lines: Iterable[str]) -> str:
    """Write the sorted lines to ``index.cdxj`` atomically; returns its path."""
    path = os.path.join(out_dir, INDEX_NAME)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")
    os.replace(tmp, path)
    return path
