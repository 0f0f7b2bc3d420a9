"""Access walls on wcxb-dev: what ``paywalled`` and ``access`` say, and what walls empty.

``paywalled`` means the text was withheld. On every page of wcxb-dev (both
splits) newsclean's record is compared with the page's reference main text:

- **flagged but complete**: records flagged ``paywalled`` whose text holds at
  least 90% of the words of a non-empty reference (bag of lower-cased ``\\w+`` tokens, as
  in WCXB's metric): the flag said text was missing and it was not. Target 0.
- **emptied by a wall**: records with status ``empty`` and reason
  ``access_wall`` whose reference is not empty. Target 0.
- flagged records in all, by page type, and the ``access`` declarations read
  (``free``, ``metered``, ``subscription``), beside the pages whose markup
  declares ``isAccessibleForFree``.

    .venv/bin/python benchmarks/paywall.py [--limit N]

Writes ``benchmarks/results/paywall.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import iter_with_progress, markdown_table, publish, wcxb_pages, wcxb_tokens  # noqa: E402

COMPLETE = 0.9
_DECLARED = re.compile(r'isAccessibleForFree"?\s*[:=]\s*"?(true|false)', re.IGNORECASE)


def word_recall(text: str, reference: str) -> float:
    ref = wcxb_tokens(reference)
    if not ref:
        return 1.0
    return sum((wcxb_tokens(text) & ref).values()) / sum(ref.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    import newsclean

    pages = wcxb_pages(None, limit=args.limit)
    flagged: Counter[str] = Counter()
    complete: Counter[str] = Counter()
    emptied: Counter[str] = Counter()
    access: Counter[tuple[str, str]] = Counter()
    declared: Counter[str] = Counter()
    for page in iter_with_progress(pages, "newsclean"):
        art = newsclean.extract(page.html, url=page.url)
        split = page.split or "?"
        m = _DECLARED.search(page.html)
        declared[m.group(1).lower() if m else "none"] += 1
        access[(split, str(getattr(art, "access", None)))] += 1
        if art.paywalled:
            flagged[split] += 1
            flagged[f"type {page.page_type}"] += 1
            if wcxb_tokens(page.truth) and word_recall(art.text, page.truth) >= COMPLETE:
                complete[split] += 1
        if art.status == "empty" and art.reason == "access_wall" and wcxb_tokens(page.truth):
            emptied[split] += 1
    rows = [
        (
            split,
            sum(1 for p in pages if p.split == split),
            flagged[split],
            complete[split],
            emptied[split],
        )
        for split in ("train", "validation")
    ]
    text = "\n".join(
        [
            "# Access walls (wcxb-dev)\n",
            f"{len(pages)} pages. Flagged but complete: `paywalled` records whose text holds "
            f">= {COMPLETE:.0%} of the reference's words (target 0). Emptied by a wall: `empty` / "
            "`access_wall` records whose reference has text (target 0).\n",
            markdown_table(
                ("split", "pages", "flagged", "flagged but complete", "emptied by a wall"), rows
            ),
            "\nFlagged by page type: "
            + ", ".join(
                f"{k[5:]} {v}" for k, v in sorted(flagged.items()) if k.startswith("type ")
            ),
            "\n`access` read, by split: "
            + ", ".join(f"{s} {a}: {n}" for (s, a), n in sorted(access.items())),
            "\nPages whose markup declares `isAccessibleForFree` (first value): "
            + ", ".join(f"{k} {v}" for k, v in sorted(declared.items())),
        ]
    )
    publish("paywall", text, save=args.limit is None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
