"""The one compiled module, declared here (pyproject.toml holds everything else):
the tree walk (src/newsclean/_treewalk.c), plain C against Python's own headers
(a C compiler and the Python headers are all an install from source needs)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("newsclean._treewalk", ["src/newsclean/_treewalk.c"])])
