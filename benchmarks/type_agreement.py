"""How far two careful annotators agree on WCXB's page types (issue 12's page-type figure).

Issue 12 asks newsclean's ``page_type`` to match wcxb-dev's label on 0.90 of
the validation pages. A page's type is a judgement (a software company's feature
page is a product or a service; a guide inside a sales page an article or a
service page), so a second annotator does not match WCXB's labels on every page
either. ``benchmarks/typelabels/helper-a.json`` holds the types a helper session
gave 200 train pages (a random sample) blind: it saw each page's URL, its
``<title>`` and the first 3,500 characters of its visible text, and seven
definitions (in the file), nothing of WCXB's labels or of newsclean.

Printed: the helper's agreement with WCXB (all pages, the pages it was sure of,
per WCXB type), the confusion matrix, and, given the block-model training
script's out-of-fold stages (``--cv-stages``: ``scripts/train_block_model.py``
writes ``cv_stages.pkl`` beside its dataset), newsclean's out-of-fold page type
on the same pages beside both annotators. The pages are train pages: read them
as you like; no validation page is in the sample.

    .venv/bin/python benchmarks/type_agreement.py \\
        [--cv-stages /work/scratch/extract-model/cv_stages.pkl]
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402

LABELS = ROOT / "typelabels" / "helper-a.json"
TYPES = ("article", "listing", "forum", "product", "collection", "documentation", "service")


def wcxb_types() -> dict[str, str]:
    """WCXB's page type of every wcxb-dev page, by id."""
    path = common.DATA / "wcxb-dev" / "ground-truth.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {r["id"]: r["page_type"] for r in map(json.loads, fh) if r.get("page_type")}


def out_of_fold_types(path: Path) -> dict[str, str]:
    """The page types the training script's out-of-fold stages give each train
    page, as run time gives them (the ``article`` bar, the word-less typing)."""
    from newsclean.html.features import PAGE_TYPES

    with path.open("rb") as fh:
        stages = pickle.load(fh)
    return {pid: PAGE_TYPES[int(t)] for pid, t in zip(stages["ids"], stages["types"], strict=True)}


def share(hits: Sequence[bool]) -> str:
    return f"{sum(hits) / len(hits):.3f} ({sum(hits)}/{len(hits)})" if hits else "-"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv-stages", type=Path, default=None,
                    help="cv_stages.pkl of scripts/train_block_model.py (out-of-fold page types)")
    args = ap.parse_args(argv)
    labels = json.loads(LABELS.read_text("utf-8"))["pages"]
    wcxb = wcxb_types()
    pages = [(p["id"], wcxb[p["id"]], p["page_type"], p["confidence"] == "sure") for p in labels]
    agree = [w == h for _, w, h, _ in pages]
    rows = [["all pages", share(agree)],
            ["pages the helper was sure of", share([w == h for _, w, h, sure in pages if sure])]]
    rows += [[f"WCXB `{t}`", share([w == h for _, w, h, _ in pages if w == t])]
             for t in TYPES]
    helper_articles = [w == "article" for _, w, h, _ in pages if h == "article"]
    rows.append(["the helper's `article` against WCXB's: precision", share(helper_articles)])
    rows.append(["the helper's `article` against WCXB's: recall",
                 share([h == "article" for _, w, h, _ in pages if w == "article"])])
    out = ["# Page types: a second annotator against WCXB's labels", "",
           f"{len(pages)} wcxb-dev train pages (a random sample) typed blind by a helper "
           "session from each page's URL, title and first 3,500 characters of visible text "
           "and seven written definitions (benchmarks/typelabels/helper-a.json); its types "
           "against WCXB's.", "",
           common.markdown_table(["", "the helper agrees with WCXB"], rows), ""]
    confusion = Counter((w, h) for _, w, h, _ in pages)
    out += [common.markdown_table(["WCXB \\ helper", *TYPES],
                                  [[w, *(confusion[(w, h)] for h in TYPES)] for w in TYPES]), ""]
    if args.cv_stages is not None:
        ours = out_of_fold_types(args.cv_stages)
        # the training set leaves out the few pages without blocks
        typed = [x for x in pages if x[0] in ours]
        both = [(pid, w) for pid, w, h, _ in typed if w == h]
        split = [(pid, w, h) for pid, w, h, _ in typed if w != h]
        rows = [["against WCXB, all pages", share([ours[pid] == w for pid, w, _, _ in typed])],
                ["against the helper, all pages",
                 share([ours[pid] == h for pid, _, h, _ in typed])],
                ["pages both annotators type alike", share([ours[pid] == w for pid, w in both])],
                ["pages they type differently: WCXB's type",
                 share([ours[pid] == w for pid, w, _ in split])],
                ["pages they type differently: the helper's type",
                 share([ours[pid] == h for pid, _, h in split])]]
        out += [f"newsclean's page type on the {len(typed)} of these pages in the block "
                "model's training set, out of fold (models fitted without the page's domain: "
                "`--cv-stages`):", "",
                common.markdown_table(["", "newsclean right"], rows), ""]
    out.append(common.command_line("type_agreement.py", ["--cv-stages", str(args.cv_stages)]
                                   if args.cv_stages is not None else []))
    common.publish("type_agreement", "\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
