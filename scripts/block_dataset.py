"""Build (and cache) the block dataset of wcxb-dev ``train`` for the block model.

Each page goes through the extractor's own parsing, block collection and feature
code (``newsclean.html``), so training sees exactly what run time sees; the
blocks are labelled by ``block_labels``. The learned-table features (class/id
words, page markers) are left out here: they are fitted per cross-validation fold
from the node names and page tokens kept alongside.

    .venv/bin/python scripts/block_dataset.py [--split train] [--out FILE]
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from block_labels import block_labels  # noqa: E402
from common import wcxb_pages  # noqa: E402

from newsclean.html.dom import parse_html  # noqa: E402
from newsclean.html.features import base_features, page_tokens  # noqa: E402
from newsclean.html.nodes import page_tree  # noqa: E402
from newsclean.html.signals import page_signals  # noqa: E402

SCRATCH = Path("/work/scratch/extract-model")


@dataclass(slots=True)
class PageRecord:
    id: str
    domain: str
    page_type: str
    url: str | None
    truth: str
    X: np.ndarray  # float32 (blocks, block features)
    page: np.ndarray  # page features without the token ones
    labels: np.ndarray  # share of each block's words in the reference
    texts: list[str]
    kinds: list[str]
    parent: np.ndarray
    depth: np.ndarray
    names: list[str]
    block_node: np.ndarray
    page_tokens: list[str]
    group: np.ndarray
    tags: list[str]
    seconds: float


def build(page_list: list, verbose: bool = True) -> list[PageRecord]:
    out: list[PageRecord] = []
    t_all = time.process_time()
    for k, p in enumerate(page_list):
        t0 = time.process_time()
        tree = parse_html(p.html)
        signals = page_signals(tree, p.url)
        pt = page_tree(tree)
        if pt is None or not pt.blocks:
            continue
        levels = pt.by_depth()
        base = base_features(pt, signals, levels)
        spent = time.process_time() - t0
        texts = [b.text for b in pt.blocks]
        out.append(
            PageRecord(
                id=p.id,
                domain=p.domain or "",
                page_type=p.page_type or "",
                url=p.url,
                truth=p.truth,
                X=base.X.astype(np.float32),
                page=base.page,
                labels=block_labels(texts, p.truth),
                texts=texts,
                kinds=[b.kind for b in pt.blocks],
                parent=pt.parent,
                depth=pt.depth,
                names=pt.names,
                block_node=pt.block_node,
                page_tokens=page_tokens(signals, pt),
                group=base.group,
                tags=pt.tags,
                seconds=spent,
            )
        )
        if verbose and k % 100 == 0:
            print(f"{k}/{len(page_list)} {time.process_time() - t_all:.0f}s", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    pages = wcxb_pages(args.split, limit=args.limit)
    # Built through the importable module so that the pickle names
    # block_dataset.PageRecord, not __main__.PageRecord.
    import block_dataset

    recs = block_dataset.build(pages)
    out = args.out or SCRATCH / f"dataset_{args.split}.pkl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        pickle.dump(recs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    n = sum(len(r.texts) for r in recs)
    print(f"{len(recs)} pages, {n} blocks -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
