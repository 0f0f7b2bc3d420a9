"""The compiled walks over a parsed page's nodes (``src/newsclean/_lexbor.c``):
the blocks of ``html.content`` and the text nodes at the top of the body that
``metadata.page.BodyTexts`` reads.

They call the functions lexbor exports from selectolax's already-loaded
extension module, found by name when first asked for: nothing is linked at
build time, and a selectolax without them (or another parser build) leaves
newsclean on its Python walks, which are the references each compiled walk is
checked against before it is used. ``NEWSCLEAN_PYTHON_WALK=1`` keeps the
Python walks (for comparisons)."""

from __future__ import annotations

import logging
import os
import sys
from functools import lru_cache
from types import ModuleType

_log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def compiled() -> ModuleType | None:
    """The compiled module, bound to selectolax's lexbor; None when it cannot
    be (logged once) or when NEWSCLEAN_PYTHON_WALK is set."""
    if os.environ.get("NEWSCLEAN_PYTHON_WALK"):
        return None
    try:
        import selectolax.lexbor as lexbor_module

        from newsclean._lexbor import bind

        # selectolax's names of the nodes that are no elements ("-text"...)
        specials = dict(lexbor_module._TAG_TO_NAME)  # type: ignore[attr-defined]
        bind(lexbor_module.__file__, specials)
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        _log.info("page walks in Python: %s", exc)
        return None
    # the module itself, imported just above (by its function: the import
    # contract's graph reads a compiled module's import as its package's)
    return sys.modules["newsclean._lexbor"]


def disagrees(what: str) -> None:
    """Log that the compiled walk ``what`` reads its check page otherwise than
    its Python twin (which is then used)."""
    _log.warning("the compiled %s disagrees with the Python one; using Python", what)
