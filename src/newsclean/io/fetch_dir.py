"""The layout of a ``newsclean fetch`` output directory, as the readers see it.

A fetch directory holds WARC files (the documents) beside files that describe
them and are not documents: the fetch log, the CDXJ index and the frontier
database. The names live here, below both ``fetch`` (which writes them) and the
readers (which must not turn them into records).
"""

from __future__ import annotations

import os
from typing import Final

FRONTIER_NAME: Final = "frontier.sqlite"
LOG_NAME: Final = "fetch-log.parquet"
INDEX_NAME: Final = "index.cdxj"
WARC_SUFFIXES: Final = (".warc.gz", ".warc")

# SQLite keeps these beside the database while it is open or after a crash.
_STATE_SUFFIXES: Final = ("", "-wal", "-shm", "-journal")


def is_fetch_dir(path: str) -> bool:
    """True for a directory written by ``newsclean fetch``."""
    return os.path.isfile(os.path.join(path, FRONTIER_NAME)) or os.path.isfile(
        os.path.join(path, LOG_NAME)
    )


def is_document_file(name: str) -> bool:
    """Whether a file of a fetch directory is an input (its WARC files only)."""
    return name.endswith(WARC_SUFFIXES)


def state_files() -> tuple[str, ...]:
    """Names of the files that are the fetch's own state, never inputs."""
    names = [FRONTIER_NAME + s for s in _STATE_SUFFIXES]
    return (*names, LOG_NAME, INDEX_NAME)
