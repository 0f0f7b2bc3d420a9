"""``newsclean fetch``: URLs, feeds and sitemaps into WARC files, politely and resumably.

``fetch(FetchConfig(out_dir=...), Seeds(pages=[...]))`` is the Python entry
point; ``newsclean fetch`` (cli.py) the command. docs/FETCH.md has the details.
"""

from newsclean.fetch.config import FetchConfig
from newsclean.fetch.outcomes import OUTCOMES
from newsclean.fetch.run import Seeds, Summary, fetch

__all__ = ["OUTCOMES", "FetchConfig", "Seeds", "Summary", "fetch"]
