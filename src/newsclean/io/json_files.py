"""JSON files (.json, optionally .gz/.zst): one object, or an array of objects.

Each object is a document like a JSON Lines line (``html`` or ``text``, optional
``url`` and ``id``, other names with ``InputKeys``). The file is one JSON value,
so it is read whole, up to ``max_line_bytes`` (the cap on one JSON value);
larger files give one ``error``/``too_large`` record. Locators: ``path`` for a
file holding one object, ``path#item=N`` (0-based) for the items of an array.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from newsclean.io.decode import decode_text
from newsclean.io.documents import error, failed
from newsclean.io.ids import display_path
from newsclean.io.jsonl import DEFAULT_KEYS, document_from_object
from newsclean.io.whole_file import read_whole
from newsclean.options import InputKeys, Limits
from newsclean.record import EMPTY, Document


def read_json_file(
    path: str,
    limits: Limits,
    compression: str | None = None,
    name: str | None = None,
    keys: InputKeys = DEFAULT_KEYS,
) -> Iterator[Document]:
    base = display_path(name or path)
    # The whole value is held in memory: its cap is the one on a JSON value.
    whole = read_whole(path, compression, limits, cap=limits.max_line_bytes)
    if whole.data is None:
        assert whole.status is not None and whole.reason is not None
        yield failed(base, whole.status, whole.reason)
        return
    data = whole.data
    if not data.strip():
        yield failed(base, EMPTY, "empty_input")
        return
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        try:
            value = orjson.loads(decode_text(data).encode("utf-8", "surrogatepass"))
        except (orjson.JSONDecodeError, UnicodeEncodeError) as exc:
            yield error(base, "malformed_input", message=f"not valid JSON: {exc}"[:300])
            return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield document_from_object(item, f"{base}#item={i}", limits, keys)
        return
    yield document_from_object(value, base, limits, keys)
