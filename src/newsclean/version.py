"""The package's version, in a module that imports nothing: the fetcher's
User-Agent reads it without the pipeline the package root imports."""

__version__ = "0.1.0"
