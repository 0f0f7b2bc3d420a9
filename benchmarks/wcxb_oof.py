"""newsclean's extraction out of fold on wcxb-dev ``train`` beside trafilatura on
the same pages, per page type, with the standard error of each difference.

The validation split holds 28-45 pages of each type other than articles, and a
type's mean page F1 moves by a few hundredths with the pages drawn (the
``wcxb.py`` table gives the paired standard error of newsclean against the best
anchor). The train split holds half as many again of each type; scored out of
fold (every page by a block model fitted without its domain) it is a second,
larger sample of pages newsclean has not seen.

Out of fold here is the block model's probabilities of
``scripts/train_block_model.py --cv-only`` (it writes them beside its dataset,
``cv_stages.pkl``), each page cut at its likeliest type's threshold
(``choose_thresholds`` on those probabilities, as the script chooses them),
before the rules that follow the threshold at run time (siblings, container,
comment sections, repeated blocks: together about +0.01 of mean page F1 out of
fold, docs/EXTRACTION.md). trafilatura is ``bare_extraction``'s text, as in
``wcxb.py``. The block dataset's variants and added sets (ids with ``~``) are
left out: only the real train pages are scored.

    .venv/bin/python scripts/train_block_model.py --cv-only   # about 30 minutes
    .venv/bin/python benchmarks/wcxb_oof.py [--stages /work/scratch/extract-model/cv_stages.pkl]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "scripts"))

import common  # noqa: E402
import train_block_model as tbm  # noqa: E402
from common import markdown_table, paired_se, wcxb_page_score  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stages", type=Path, default=tbm.SCRATCH / "cv_stages.pkl",
                    help="written by scripts/train_block_model.py --cv-only")
    ap.add_argument("--dataset", type=Path, default=tbm.SCRATCH / "dataset_train.pkl")
    args = ap.parse_args(argv)
    if not args.stages.exists():
        sys.exit(f"{args.stages} is missing: run scripts/train_block_model.py --cv-only first")
    with args.stages.open("rb") as fh:
        stages = pickle.load(fh)
    by_id = {r.id: r for r in tbm.load_dataset(args.dataset)}
    recs = [by_id[i] for i in stages["ids"]]
    likeliest = stages["ptype2"].argmax(axis=1)
    thresholds = tbm.choose_thresholds(recs, stages["p1"], likeliest)
    pages = {p.id: p for p in common.wcxb_pages("train")}
    diffs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for k, r in enumerate(common.iter_with_progress(recs, "trafilatura")):
        page = pages.get(r.id)
        if page is None:
            continue
        ours = tbm.page_f1(r, stages["p1"][k] >= thresholds[tbm.PAGE_TYPES[likeliest[k]]])
        theirs = wcxb_page_score(common.trafilatura_text(page.html, page.url), page.truth).f1
        for group in ("all", r.page_type):
            diffs[group].append((ours, theirs))
    rows = []
    for group in ("all", *tbm.PAGE_TYPES):
        pairs = np.array(diffs.get(group, []))
        if not len(pairs):
            continue
        ours, theirs = pairs[:, 0].tolist(), pairs[:, 1].tolist()
        rows.append([group, str(len(ours)), f"{statistics.fmean(ours):.3f}",
                     f"{statistics.fmean(theirs):.3f}",
                     f"{statistics.fmean(ours) - statistics.fmean(theirs):+.3f}",
                     f"{paired_se(ours, theirs):.3f}"])
    text = (
        "# wcxb-dev train out of fold, beside trafilatura (per page type)\n\n"
        f"{len(diffs['all'])} train pages, each scored by a block model fitted without its "
        "domain (5 folds), cut at its likeliest type's block threshold "
        f"({', '.join(f'{t} {v}' for t, v in thresholds.items())}), before the rules "
        "that follow the threshold at run time; trafilatura 2.3.1's `bare_extraction` text "
        "on the same pages. The difference is newsclean's mean page F1 minus "
        "trafilatura's, with its standard error over the pages.\n\n"
        + markdown_table(["page type", "pages", "newsclean out of fold", "trafilatura 2.3.1",
                          "difference", "its standard error"], rows)
        + "\n\n" + common.command_line("wcxb_oof.py", argv or sys.argv[1:])
        + " (after `.venv/bin/python scripts/train_block_model.py --cv-only`)"
    )
    common.publish("wcxb_oof", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
