"""The cleaner's inputs for every wcxb-dev page, cached outside the repository.

For each page of ``wcxb-dev`` (both splits; fitting uses ``train`` only), of
``scrapinghub-articles``, of ``readability-pages`` (reference: Readability's own
output, many of them not in English) and of generated pages in 13 languages
(``benchmarks/genpages``, exact truth; seeds other than the generalisation
benchmark's), the visible text as naive scrapers save it:

* ``html_text``: html-text's ``extract_text`` (guess_layout),
* ``resiliparse``: resiliparse's plain text of the whole page,
* ``trafilatura``: trafilatura's default extraction (already clean-ish text),

with the reference main text. One JSON object per page in
``<cache>/inputs-<set>.jsonl.gz``; the wrappers are benchmarks/common.py's, so the
benchmark and the training data see the same text. Deterministic: pages in id
order, no randomness; re-running rewrites the same files.

    NEWSCLEAN_DATA=/work/shared/data .venv/bin/python scripts/clean_inputs.py \
        [--cache /work/scratch/clean-model] [--sets wcxb,scrapinghub,genpages,readability]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import common  # noqa: E402

DEFAULT_CACHE = Path("/work/scratch/clean-model")
KINDS = ("html_text", "resiliparse", "trafilatura")


def _inputs(html: str, url: str | None) -> dict[str, str]:
    return {
        "html_text": common.html_text(html),
        "resiliparse": common.resiliparse_plain(html),
        "trafilatura": common.trafilatura_text(html, url),
    }


def wcxb_rows() -> Iterator[dict[str, Any]]:
    for page in common.wcxb_pages(None):
        yield {
            "id": page.id,
            "set": "wcxb",
            "split": page.split,
            "domain": page.domain,
            "page_type": page.page_type,
            "url": page.url,
            "title": page.title,
            "truth": page.truth,
            **_inputs(page.html, page.url),
        }


def scrapinghub_rows() -> Iterator[dict[str, Any]]:
    from urllib.parse import urlsplit

    for page in common.load_scrapinghub():
        host = (urlsplit(page.url or "").hostname or page.id).removeprefix("www.")
        yield {
            "id": page.id,
            "set": "scrapinghub",
            "split": "scrapinghub",
            "domain": host,
            "page_type": "article",
            "url": page.url,
            "title": None,
            "truth": page.truth,
            **_inputs(page.html, page.url),
        }


GENPAGES_SEEDS = (101, 102)


def genpages_rows() -> Iterator[dict[str, Any]]:
    from genpages.build import build_pages

    for seed in GENPAGES_SEEDS:
        for page in build_pages(seed=seed):
            yield {
                "id": f"{page.id}-s{seed}",
                "set": "genpages",
                "split": "genpages",
                # grouped by language: a fold never sees the held-out language's pages
                "domain": f"genpages:{page.lang}",
                "lang": page.lang,
                "page_type": "article",
                "url": page.url,
                "title": page.title,
                "truth": page.text,
                **_inputs(page.html, page.url),
            }


def readability_rows() -> Iterator[dict[str, Any]]:
    root = common.DATA / "readability-pages"
    for page in common.load_readability(root):
        meta_path = root / page.id / "expected-metadata.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        yield {
            "id": page.id,
            "set": "readability",
            "split": "readability",
            "domain": f"readability:{page.id}",
            "lang": meta.get("lang"),
            "page_type": "article",
            "url": None,
            "title": meta.get("title"),
            "truth": page.truth,
            **_inputs(page.html, None),
        }


def load(cache: Path, name: str) -> list[dict[str, Any]]:
    with gzip.open(cache / f"inputs-{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--sets", default="wcxb,scrapinghub,genpages,readability")
    args = ap.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    makers = {"wcxb": wcxb_rows, "scrapinghub": scrapinghub_rows, "genpages": genpages_rows,
              "readability": readability_rows}
    for name in args.sets.split(","):
        out = args.cache / f"inputs-{name}.jsonl.gz"
        tmp = out.with_suffix(".tmp")
        t0 = time.time()
        n = 0
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            for row in makers[name]():
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
                if n % 100 == 0:
                    print(f"{name}: {n} pages, {time.time() - t0:.0f} s", file=sys.stderr)
        tmp.replace(out)
        print(f"wrote {out}: {n} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
