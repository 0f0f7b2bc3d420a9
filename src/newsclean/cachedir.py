"""Where newsclean keeps what a process derives once per machine (py3langid's
arrays, the phrase tables' pattern facts and literal automaton): ``$NEWSCLEAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/newsclean``, else ``~/.cache/newsclean``. A module of its own,
importing nothing of newsclean: every stage may need it."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def cache_dir() -> Path:
    explicit = os.environ.get("NEWSCLEAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsclean"


def derived_path(prefix: str, version: int, sources: Sequence[str], suffix: str) -> Path:
    """The cache file of what is derived from exactly ``sources`` by the code
    of this ``version``: a change to either gives another name, so a stale file
    is never read as current."""
    digest = hashlib.sha256(
        "\0".join([str(version), *sources]).encode("utf-8", "surrogatepass")
    ).hexdigest()[:24]
    return cache_dir() / f"{prefix}-{digest}{suffix}"


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` under a unique temporary name, then renamed:
    processes starting together each write a whole file, and readers never see
    half of one. A read-only home or a full disk only means the next process
    derives the data again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)
            raise
    except OSError:
        pass
