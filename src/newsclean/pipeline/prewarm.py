"""Imported by the local engine's fork server, so that every worker forked from it
starts with the stages loaded: the tables compiled so far and the language model
(68 MB of arrays) are shared copy-on-write instead of loaded again by each
worker, which saves each worker a few tenths of a second of CPU and the model's
memory. Importing this module is its whole purpose."""

from __future__ import annotations

import gc

from newsclean.options import Options
from newsclean.pipeline.stages import warm_up

warm_up(Options())
# Frozen before the workers fork: their collectors leave these objects alone,
# so the pages holding them stay shared instead of being copied when a
# collection touches them.
gc.freeze()
