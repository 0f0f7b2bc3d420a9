"""Which phrase-table patterns remove lines the references keep.

A phrase family's hit removes a line whatever the models say, so a pattern that
also matches real article lines ("\\b(says|said|wrote):$" on "In a statement, the
company said:") costs recall on every page that has one. For each pattern, this
counts the lines of the training pages (never ``validation``) it removes, split
by the line label of scripts/clean_labels.py: held by the reference or not. A
pattern with many reference lines among its hits is worth reading; the labels
are not perfect (some references keep a byline or a "Read more:" link), so the
examples matter more than the counts.

    .venv/bin/python scripts/phrase_audit.py --cache /work/scratch/clean-model \\
        [--min-words 9] [--top 40]

``--min-words`` counts only reference lines of at least that many words (prose
sentences rather than labels). The cache is scripts/clean_inputs.py's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clean_labels import label_lines, split_lines  # noqa: E402

from newsclean.clean.phrases import load_families, match_phrase, normalise  # noqa: E402

SETS = ("wcxb", "scrapinghub", "readability")
SHAPES = ("html_text", "trafilatura")

Key = tuple[str, str, str]  # (lang, reason, pattern)


def _pattern_of(line: str, reason: str, lang: str,
                families: Sequence[tuple[str, str, list[tuple[str, re.Pattern[str]]]]]) -> Key:
    """The first pattern of the hit's family (reason, lang) that matches the line."""
    norm = normalise(line)
    for fam_reason, fam_lang, patterns in families:
        if (fam_reason, fam_lang) != (reason, lang):
            continue
        for source, rx in patterns:
            if rx.search(norm):
                return lang, reason, source
    return lang, reason, "(share bar or look-behind form)"


def audit(cache: Path, min_words: int) -> tuple[Counter[Key], Counter[Key], dict[Key, list[str]]]:
    families = []
    for fam in load_families():
        compiled = []
        for p in fam.patterns:
            try:
                compiled.append((p, re.compile(p, re.IGNORECASE)))
            except re.error:  # a pattern only the family regex's engine flags accept
                continue
        families.append((fam.reason, fam.lang, compiled))
    held: Counter[Key] = Counter()
    junk: Counter[Key] = Counter()
    examples: dict[Key, list[str]] = defaultdict(list)
    for name in SETS:
        with gzip.open(cache / f"inputs-{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for raw in fh:
                row = json.loads(raw)
                if row.get("split") == "validation" or not (row.get("truth") or "").strip():
                    continue
                for shape in SHAPES:
                    lines = split_lines(row.get(shape) or "")
                    if not lines:
                        continue
                    for line, in_ref in zip(lines, label_lines(lines, row["truth"]), strict=True):
                        hit = match_phrase(line)
                        if hit is None:
                            continue
                        key = _pattern_of(line, hit.reason, hit.lang, families)
                        if not in_ref:
                            junk[key] += 1
                        elif len(line.split()) >= min_words:
                            held[key] += 1
                            examples[key].append(f"{name}/{row['id']} {shape}: {line[:100]}")
    return held, junk, examples


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--min-words", type=int, default=0)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)
    held, junk, examples = audit(args.cache, args.min_words)
    for key, n in held.most_common(args.top):
        lang, reason, pattern = key
        print(f"{n:5d} held {junk[key]:6d} junk  {lang:3s} {reason:13s} {pattern[:80]}")
        for ex in examples[key][:3]:
            print(f"{'':20s}{ex}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
