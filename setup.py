"""The compiled modules, declared here (pyproject.toml holds everything else): the
tree walk (src/newsclean/_treewalk.c), the literal scan of the phrase tables,
section stems and chrome words (src/newsclean/_literals.c), the n-gram sums of
the line and wall models (src/newsclean/clean/_ngramsums.c), a document's
per-position arrays and per-line shape counts (src/newsclean/clean/_shapecounts.c),
the nesting depth scan before parsing (src/newsclean/html/_tagdepth.c), the passes
along a page's element tree (src/newsclean/html/_levels.c), the character-class
counts of its blocks and the learned word table's words in its text
(src/newsclean/html/_charcounts.c) and the words of its
class/id names and their learned scores (src/newsclean/html/_nametokens.c) and the
walks over a parsed page's nodes (src/newsclean/_lexbor.c: its text grouped into
blocks, the body's first text nodes; it calls lexbor's functions in selectolax's
loaded module), plain C against Python's
own headers (a C compiler and the Python headers are all an install from source
needs). Each has a numpy or Python twin that gives the same results, which the
tests hold it to."""

import sys

from setuptools import Extension, setup

# the argument checks the array modules share
HEADERS = ["src/newsclean/_buffers.h"]
# UTF-8 and XXH64 of text pieces, as the Python twins hash them
TEXTHASH = ["src/newsclean/_texthash.h"]

setup(ext_modules=[
    Extension("newsclean._treewalk", ["src/newsclean/_treewalk.c"], depends=HEADERS),
    Extension("newsclean._literals", ["src/newsclean/_literals.c"]),
    Extension("newsclean.annotate._langwalk", ["src/newsclean/annotate/_langwalk.c"],
              depends=HEADERS),
    Extension("newsclean.clean._ngramsums", ["src/newsclean/clean/_ngramsums.c"],
              depends=HEADERS),
    # the context columns are numpy's sums and products to the last bit: no
    # multiply-add fused into one rounding
    Extension("newsclean.clean._context", ["src/newsclean/clean/_context.c"],
              depends=HEADERS, extra_compile_args=["-ffp-contract=off"]),
    Extension("newsclean.dedup._signature", ["src/newsclean/dedup/_signature.c"],
              depends=HEADERS + TEXTHASH),
    Extension("newsclean.clean._linekeys", ["src/newsclean/clean/_linekeys.c"],
              depends=TEXTHASH),
    Extension("newsclean.clean._shapecounts", ["src/newsclean/clean/_shapecounts.c"],
              depends=HEADERS),
    Extension("newsclean.html._tagdepth", ["src/newsclean/html/_tagdepth.c"]),
    Extension("newsclean.html._levels", ["src/newsclean/html/_levels.c"], depends=HEADERS),
    Extension("newsclean.html._charcounts", ["src/newsclean/html/_charcounts.c"],
              depends=HEADERS),
    Extension("newsclean.html._nametokens", ["src/newsclean/html/_nametokens.c"]),
    # dlopen/dlsym live in libdl before glibc 2.34 (a stub after it)
    Extension("newsclean._lexbor", ["src/newsclean/_lexbor.c"],
              libraries=["dl"] if sys.platform.startswith("linux") else []),
])
