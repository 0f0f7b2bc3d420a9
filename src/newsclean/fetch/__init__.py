"""``newsclean fetch``: URLs, feeds and sitemaps into WARC files, politely and resumably.

``fetch(FetchConfig(out_dir=...), Seeds(pages=[...]))`` is the Python entry
point; ``newsclean fetch`` (cli.py) the command. docs/FETCH.md has the details.
The names below are loaded on first use, so that ``newsclean fetch --help``
and usage errors do not pay for importing the HTTP client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsclean.fetch.config import FetchConfig
    from newsclean.fetch.outcomes import OUTCOMES
    from newsclean.fetch.run import Seeds, Summary, fetch

__all__ = ["OUTCOMES", "FetchConfig", "Seeds", "Summary", "fetch"]

_HOMES = {
    "FetchConfig": "newsclean.fetch.config",
    "OUTCOMES": "newsclean.fetch.outcomes",
    "Seeds": "newsclean.fetch.run",
    "Summary": "newsclean.fetch.run",
    "fetch": "newsclean.fetch.run",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsclean.fetch' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
