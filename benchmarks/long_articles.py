"""Long articles: wcxb-dev validation articles lengthened to live-blog size.

Live blogs, hearing transcripts and serialised reports run to hundreds of
paragraphs; the 1,497 wcxb-dev pages hold few articles past a hundred, so an
extractor fitted to them can take a long run of same-markup paragraphs for a list
(of comments, products, links) and cut it. Each validation article whose body
has a run of paragraphs is lengthened by ``scripts/block_dataset.py``'s
``lengthened_html``: 60 to 1,500 new paragraphs (whatever range the training
used), each one to three of the body's own sentences, after its last paragraph,
with the same markup; the reference is extended with them; one seeded generator
per page, so every run builds the same pages. These are validation pages: the
block model never saw their domains, only (if trained with ``--lengthen``) other
pages lengthened the same way.

Reported side by side, newsclean, trafilatura and resiliparse: the benchmark's
word F1 / precision / recall on the pages as served and lengthened, the share of
lengthened pages whose recall falls under 0.9, and newsclean's ``page_type``
still ``article``.

    .venv/bin/python benchmarks/long_articles.py [--limit N]

Writes ``benchmarks/results/long_articles.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))

from block_dataset import lengthened_html  # noqa: E402
from common import (  # noqa: E402
    Page,
    markdown_table,
    mean_score,
    pin_one_core,
    publish,
    wcxb_page_score,
    wcxb_pages,
)
from wcxb import LABELS, TOOLS, Run, run_tools  # noqa: E402

LOW_RECALL = 0.9
# Fixed here, so that the pages do not change with the training's own range.
PARAGRAPHS = (60, 1500)


def lengthened(pages: list[Page]) -> list[tuple[Page, Page]]:
    """(as served, lengthened) for every page that has a body to lengthen."""
    out = []
    for p in pages:
        long = lengthened_html(p.html, p.truth, random.Random(f"benchmark {p.id}"), PARAGRAPHS)
        if long is not None:
            out.append((p, replace(p, html=long[0], truth=long[1])))
    return out


def _rows(run: Run, tool: str, label: str) -> list[str]:
    scores = [wcxb_page_score(o.text, p.truth)
              for o, p in zip(run.outputs[tool], run.pages, strict=True)]
    s = mean_score(scores)
    low = sum(x.recall < LOW_RECALL for x in scores) / max(len(scores), 1)
    return [label, f"{s.f1:.3f}", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{low:.3f}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    pin_one_core()
    pages = wcxb_pages("validation", page_type="article", limit=args.limit)
    pairs = lengthened(pages)
    tools = {name: make() for name, make in TOOLS.items()}
    for tool in tools.values():  # warm-up: imports, tables, models
        tool(pairs[0][0])
    served = run_tools(tools, [a for a, _ in pairs])
    long = run_tools(tools, [b for _, b in pairs])
    paras = sorted(b.html.count("</p>") for _, b in pairs)
    rows = []
    for name in tools:
        rows.append(_rows(served, name, f"{LABELS[name]}, as served"))
        rows.append(_rows(long, name, f"**{LABELS[name]}, lengthened**"))
    kept_type = sum(o.page_type == "article" for o in long.outputs["newsclean"]) / len(pairs)
    text = "\n\n".join([
        f"# Long articles ({len(pairs)} wcxb-dev validation articles, lengthened to "
        f"{paras[0]}-{paras[-1]} paragraphs, median {paras[len(paras) // 2]})",
        "Command: `.venv/bin/python benchmarks/long_articles.py` (one process, one core; "
        "WCXB word metric, mean over pages).",
        markdown_table(["tool, pages", "F1", "precision", "recall",
                        f"pages with recall < {LOW_RECALL}"], rows),
        f"newsclean's page_type on the lengthened pages: article on {kept_type:.3f} of them.",
    ])
    publish("long_articles", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
