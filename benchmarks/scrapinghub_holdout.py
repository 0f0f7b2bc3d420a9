"""scrapinghub-articles out of sample: each site scored by a block model that never saw it.

The shipped block model trains on the scrapinghub-articles pages too
(``scripts/block_dataset.py``), so ``benchmarks/extraction.py`` scores that set
on pages its model has seen. Here the set's 126 sites are split in two halves
(hosts in sorted order, alternately); a block model is trained on wcxb-dev
``train``, the generated pages, the real readability-pages and one half
(``scripts/train_block_model.py``, the shipped recipe), and the other half is
scored with it, both ways. Beside it, in the same run: a block model trained
without any scrapinghub page (``--without``, for instance the previous shipped
model), trafilatura and readability-lxml on the same pages. The metric is
scrapinghub's shingle F1 (``common.shingle_score``).

    .venv/bin/python benchmarks/scrapinghub_holdout.py [--work DIR] [--without MODEL]

Building the two datasets and training the two models takes about 35 minutes on
two cores (the two trainings run side by side); they are kept in ``--work`` and
reused. Writes ``benchmarks/results/scrapinghub_holdout.md``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from common import (  # noqa: E402
    Page,
    command_line,
    load_block_model,
    load_scrapinghub,
    markdown_table,
    publish,
    shingle_score,
    using_block_model,
)
from extraction import Extractor, _newsclean, _readability, _trafilatura  # noqa: E402

HALVES = ("a", "b")


def split_sites(pages: Sequence[Page]) -> dict[str, set[str]]:
    from block_dataset import site_of

    return halves_of(site_of(p.url) for p in pages)


def halves_of(sites: Iterable[str]) -> dict[str, set[str]]:
    """The two halves of a set's sites: alternately, in sorted order."""
    ordered = sorted(set(sites))
    return {"a": set(ordered[::2]), "b": set(ordered[1::2])}


Tools = dict[str, dict[str, Callable[[Page], str]]]


def holdout_tools(models: dict[str, Path], without: Path | None, set_name: str,
                  shipped_label: str) -> Tools:
    """Each tool of a holdout run as the extractor it uses on each half: the
    block model ``without`` the set's pages (when given), the model trained on
    the other half, the shipped model, trafilatura and readability-lxml."""
    tools: Tools = {}
    if without is not None:
        tools[f"newsclean, block model without {set_name} pages"] = dict.fromkeys(
            HALVES, newsclean_with(without))
    tools["**newsclean, trained on the other half's sites**"] = {
        h: newsclean_with(models[next(o for o in HALVES if o != h)]) for h in HALVES}
    tools[shipped_label] = dict.fromkeys(HALVES, newsclean_with(None))
    tools["trafilatura"] = dict.fromkeys(HALVES, on_pages(_trafilatura(False)))
    tools["readability-lxml"] = dict.fromkeys(HALVES, on_pages(_readability()))
    return tools


def prepare(work: Path, sites: dict[str, set[str]],
            exclude_flag: str = "--scrapinghub-exclude") -> dict[str, Path]:
    """Each half's model (trained on it, not on the other half), built when
    missing; ``exclude_flag``: the option of scripts/block_dataset.py that
    leaves the other half's sites out."""
    procs: list[subprocess.Popen[bytes]] = []
    models = {}
    for half in HALVES:
        other = next(h for h in HALVES if h != half)
        d = work / half
        d.mkdir(parents=True, exist_ok=True)
        models[half] = d / "block_model.npz"
        if models[half].exists():
            continue
        exclude = d / "exclude.txt"
        exclude.write_text("\n".join(sorted(sites[other])), "utf-8")
        dataset = d / "dataset.pkl"
        if not dataset.exists():
            subprocess.run([sys.executable, str(ROOT / "scripts" / "block_dataset.py"),
                            "--out", str(dataset), exclude_flag, str(exclude)],
                           check=True)
        with (d / "train.log").open("wb") as log:
            procs.append(subprocess.Popen(
                [sys.executable, "-u", str(ROOT / "scripts" / "train_block_model.py"),
                 "--dataset", str(dataset), "--out", str(models[half])],
                stdout=log, stderr=subprocess.STDOUT))
    for proc in procs:
        if proc.wait() != 0:
            raise SystemExit(f"training failed: see {work}/*/train.log")
    return models


def newsclean_with(model: Path | None) -> Callable[[Page], str]:
    """newsclean.extract's text with the block model in ``model`` (None: the shipped one)."""
    shipped = _newsclean(False)
    if model is None:
        return lambda page: shipped(page.html, page.url)
    loaded = load_block_model(model)

    def run(page: Page) -> str:
        with using_block_model(loaded):
            return shipped(page.html, page.url)

    return run


def on_pages(extractor: Extractor) -> Callable[[Page], str]:
    """One of ``benchmarks/extraction.py``'s extractors, given a page."""
    return lambda page: extractor(page.html, page.url)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/work/scratch/scrapinghub-holdout"))
    ap.add_argument("--without", type=Path, default=None,
                    help="a block model trained without scrapinghub pages, scored beside")
    args = ap.parse_args(argv)
    pages = load_scrapinghub()
    sites = split_sites(pages)
    models = prepare(args.work, sites)
    from block_dataset import site_of

    in_half = {h: [p for p in pages if site_of(p.url) in sites[h]] for h in HALVES}
    tools = holdout_tools(models, args.without, "scrapinghub",
                          "newsclean as shipped (trained on every site: in sample)")
    rows = []
    for name, by_half in tools.items():
        pairs: list[tuple[str, str]] = []
        per_half = []
        for h in HALVES:
            got = [(by_half[h](p), p.truth) for p in in_half[h]]
            per_half.append(shingle_score(got).f1)
            pairs += got
        s = shingle_score(pairs)
        rows.append((name, f"{s.f1:.3f}", f"{s.precision:.3f}", f"{s.recall:.3f}",
                     *(f"{f:.3f}" for f in per_half)))
    text = "\n".join([
        "# scrapinghub-articles out of sample\n",
        f"{len(pages)} pages from {sum(len(s) for s in sites.values())} sites, split in two"
        f" halves of {len(sites['a'])} and {len(sites['b'])} sites ({len(in_half['a'])} and"
        f" {len(in_half['b'])} pages). Each half is scored by a block model trained on wcxb-dev"
        " train, the generated pages, the real readability-pages and the other half only"
        " (scripts/train_block_model.py);"
        " shingle F1 as in scrapinghub's benchmark.\n",
        markdown_table(["tool", "F1", "precision", "recall", "F1 half a", "F1 half b"], rows),
        "\n" + command_line("scrapinghub_holdout.py", sys.argv[1:]),
    ])
    publish("scrapinghub_holdout", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
