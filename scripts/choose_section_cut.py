"""Choose ``clean/sections.py``'s MAX_THREAD_RATIO out of fold.

A comments heading ("Comments", "Add a comment", "Discussion") cuts the rest of
a text as the comment thread. On wcxb-dev the heading is also a section of the
page itself: a research article's "Discussion", the "Add a comment" link under
a question whose answers are the page, a forum's replies. The cut is kept only
when the text kept after the heading is at most the ratio times the text kept
before it (``sections.section_cut``).

The texts are the line model's training texts (scripts/train_line_model.py's
cache: wcxb-dev ``train``, scrapinghub-articles, readability-pages, generated
pages; html-text's whole-page text and trafilatura's output), decoded as
``clean_blocks`` does with the line model's out-of-fold probabilities (the
``<cache>/oof.npz`` a training run writes) and the shipped decoding thresholds.
For each ratio of GRID, each text's WCXB word F1 with that gate against no cut
at all; the ratio is chosen on domain-grouped folds (chosen on the others,
scored on each), and the one best on every text is printed for the code.

    .venv/bin/python scripts/choose_section_cut.py --cache DIR
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import common  # noqa: E402
import train_line_model as tlm  # noqa: E402

GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 20.0, math.inf)
SETS = ("scrapinghub", "genpages", "readability")


def gains(docs: Sequence[tlm.Prepared], probs: Sequence[np.ndarray],
          params: dict[str, float]) -> tuple[list[int], np.ndarray]:
    """The texts a heading cuts (with no ratio) and, for each, the change of
    its page F1 under each ratio of GRID against no cut (0 where the ratio
    stops the cut: a ratio only decides whether the one cut is made)."""
    cut_at, rows = [], []
    for i, d in enumerate(docs):
        if d.cipher is not None:
            continue
        uncut = tlm.decode(d, probs[i], params, max_ratio=-1.0)
        always = tlm.decode(d, probs[i], params, max_ratio=math.inf)
        if (uncut == always).all():
            continue
        gain = (common.wcxb_page_score(_text(d, always), d.truth).f1
                - common.wcxb_page_score(_text(d, uncut), d.truth).f1)
        cut_at.append(i)
        rows.append([gain if tlm.thread_cut(d, uncut, ratio)[1] is not None else 0.0
                     for ratio in GRID])
    return cut_at, np.array(rows).reshape(len(rows), len(GRID))


def _text(d: tlm.Prepared, keep: np.ndarray) -> str:
    return "\n".join(x for x, k in zip(d.lines, keep, strict=True) if k)


def main(argv: Sequence[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    from newsclean.clean.model import shipped_model

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, required=True,
                    help="train_line_model.py's cache, with the oof.npz of a run")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    docs = tlm.load_docs(args.cache, SETS, ["html_text", "trafilatura"])
    z = np.load(args.cache / "oof.npz")
    probs = [z[f"arr_{i}"] for i in range(len(docs))]
    # the extraction verdict out of fold, on the training run's folds
    tlm.fit_extraction(docs, probs, tlm.domain_folds([d.domain for d in docs], 3), 3)
    params = shipped_model().params
    cut_at, table = gains(docs, probs, params)
    groups = [docs[i].domain for i in cut_at]
    oof = np.zeros(len(cut_at))
    chosen = []
    for tr, te in GroupKFold(args.folds).split(table, groups=groups):
        j = int(np.argmax(table[tr].sum(axis=0)))
        chosen.append(GRID[j])
        oof[te] = table[te, j]
    print(f"{len(cut_at)} texts cut by a heading; ratios chosen per fold: {chosen}")
    print("| set | input | texts | texts the cut changes | mean page F1 change, every "
          "heading cuts | out of fold, ratio chosen on the other folds |")
    print("|---|---|---|---|---|---|")
    for split in ("train", *SETS):
        for kind in ("html_text", "trafilatura"):
            n = sum(1 for d in docs if d.split == split and d.kind == kind and d.cipher is None)
            rows = [k for k, i in enumerate(cut_at)
                    if docs[i].split == split and docs[i].kind == kind]
            if n:
                print(f"| {split} | {kind} | {n} | {len(rows)} | "
                      f"{table[rows, -1].sum() / n:+.4f} | {oof[rows].sum() / n:+.4f} |")
    totals = table.sum(axis=0)
    print("sum of page F1 changes per ratio: "
          + ", ".join(f"{r:g}: {t:+.2f}" for r, t in zip(GRID, totals, strict=True)))
    print(f"best on every text: {GRID[int(np.argmax(totals))]:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
