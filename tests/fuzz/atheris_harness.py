"""Coverage-guided fuzzing of the readers and the extraction stage (``make fuzz``; not in CI).

One input is interpreted by its first byte as one of the input kinds (HTML,
text, WARC, .warc.gz, JSONL, .jsonl.gz, .jsonl.zst, Parquet, unknown, standard
input) and written to a real file under a private temp directory; it is then
read with ``newsclean.io.readers`` and every document goes through
``process_document``. The properties are the ones the hypothesis tests check:
no exception escapes, every record has a contract status and a reason when it
is not ``ok``, and the record serialises to JSON.

Run::

    .venv/bin/python tests/fuzz/atheris_harness.py -atheris_runs=200000
    .venv/bin/python tests/fuzz/atheris_harness.py corpus_dir/ -max_len=65536

libFuzzer options (``-max_len``, ``-timeout``, ``-rss_limit_mb``, a corpus
directory) pass through. A crash writes ``crash-<sha1>`` in the working
directory; replay it with ``atheris_harness.py crash-<sha1>``.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    import orjson

    from newsclean.io.readers import iter_documents, read_stdin
    from newsclean.options import Limits, Options
    from newsclean.pipeline.stages import process_document
    from newsclean.record import OK, STATUS_REASONS, STATUSES, Article

# Small caps so the limit paths are reachable with small inputs.
LIMITS = Limits(
    max_document_bytes=256 * 1024,
    max_decompressed_bytes=1024 * 1024,
    max_line_bytes=64 * 1024,
)
OPTIONS = Options(limits=LIMITS)
SUFFIXES = (
    ".html", ".txt", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet",
    ".bin", "-",
)  # fmt: skip
_TMP = tempfile.mkdtemp(prefix="newsclean-atheris-")
atexit.register(shutil.rmtree, _TMP, True)


def _check(art: Article) -> None:
    if art.status not in STATUSES:
        raise AssertionError(f"status {art.status!r} not in the contract")
    if art.status != OK and art.reason not in STATUS_REASONS:
        raise AssertionError(f"reason {art.reason!r} for {art.status}")
    orjson.dumps(art.to_dict())


def test_one_input(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    payload = data[1:]
    if suffix == "-":
        docs = list(read_stdin(LIMITS, stream=io.BytesIO(payload)))
    else:
        path = os.path.join(_TMP, "input" + suffix)
        with open(path, "wb") as fh:
            fh.write(payload)
        docs = list(iter_documents([path], LIMITS))
    for doc in docs:
        _check(process_document(doc, OPTIONS))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
