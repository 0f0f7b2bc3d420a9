"""Input and output: readers (HTML, WARC, JSON Lines, JSON, Parquet, text, stdin),
decoding, and atomic record writers. See docs/ARCHITECTURE.md for the interface:
import from the modules (``newsclean.io.readers``, ``newsclean.io.writers``), so
that using one of them does not load the others' dependencies (Arrow, for one)."""
