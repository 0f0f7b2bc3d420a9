"""Labelled lines for the line model: every scraped text of every page, every line labelled.

Reads the cached inputs (scripts/clean_inputs.py) and writes
``<cache>/lines-<set>.pkl.gz``: one record per (page, input kind) with the
page's domain, type and split, the lines as the cleaner splits them, and the
label of each line (scripts/clean_labels.py). Deterministic.

    .venv/bin/python scripts/clean_dataset.py [--cache /work/scratch/clean-model]
"""

from __future__ import annotations

import argparse
import gzip
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clean_inputs  # noqa: E402
from clean_labels import label_lines, split_lines  # noqa: E402


@dataclass
class LineDoc:
    page: str
    domain: str
    page_type: str
    split: str
    kind: str  # html_text, resiliparse or trafilatura
    lines: list[str]
    y: np.ndarray  # int8 per line
    truth: str


def build(rows: Sequence[dict[str, object]]) -> list[LineDoc]:
    docs: list[LineDoc] = []
    for row in rows:
        for kind in clean_inputs.KINDS:
            lines = split_lines(str(row[kind] or ""))
            truth = str(row["truth"] or "")
            docs.append(LineDoc(str(row["id"]), str(row["domain"]), str(row["page_type"]),
                                str(row["split"]), kind, lines, label_lines(lines, truth),
                                truth))
    return docs


def load(cache: Path, name: str) -> list[LineDoc]:
    with gzip.open(cache / f"lines-{name}.pkl.gz", "rb") as fh:
        docs: list[LineDoc] = pickle.load(fh)
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=clean_inputs.DEFAULT_CACHE)
    ap.add_argument("--sets", default="wcxb,scrapinghub,genpages,readability")
    args = ap.parse_args(argv)
    # pickled under the module's import name, so that load() finds the class
    import clean_dataset

    for name in args.sets.split(","):
        docs = clean_dataset.build(clean_inputs.load(args.cache, name))
        stats: Counter[str] = Counter()
        for d in docs:
            stats[f"{d.split}/{d.kind} lines"] += len(d.lines)
            stats[f"{d.split}/{d.kind} positive"] += int(d.y.sum())
        for k in sorted(stats):
            print(f"{name} {k}: {stats[k]}", file=sys.stderr)
        out = args.cache / f"lines-{name}.pkl.gz"
        with gzip.open(out.with_suffix(".tmp"), "wb") as fh:
            pickle.dump(docs, fh, protocol=pickle.HIGHEST_PROTOCOL)
        out.with_suffix(".tmp").replace(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
