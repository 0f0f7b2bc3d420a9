"""Where newsclean keeps what a process derives once per machine (py3langid's
arrays, the phrase tables' pattern facts): ``$NEWSCLEAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/newsclean``, else ``~/.cache/newsclean``. A module of its own,
importing nothing of newsclean: every stage may need it."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    explicit = os.environ.get("NEWSCLEAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsclean"
