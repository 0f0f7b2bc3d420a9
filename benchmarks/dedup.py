"""Near-duplicate clustering: newsclean beside datasketch MinHashLSH and datatrove.

The corpus is generated at run time from real article texts (the articleBody of
../shared/data/scrapinghub-articles and the text of readability-pages'
expected.html); no text is stored in the repository. Every base article is an
original; it gets 0-4 copies of four kinds:

- syndicated: the same body on another site, with that site's residual
  boilerplate lines added before/after;
- edited: 2-5% of the words replaced, deleted or inserted (+ site boilerplate);
- truncated: the first 50-70% of the paragraphs plus an access-wall notice;
- spliced: the body with one paragraph of another base article inserted (a
  trap: it must not chain two stories into one cluster).

Copies are dated the same day as the original or up to 3 days later (15% have
no date); half of the same-day copies declare the original as canonical.

Scores: pairwise precision / recall over all pairs of documents in the same
predicted vs true cluster; ``duplicate_of`` correct = a copy pointing at its
original (and originals left null). Run::

    .venv/bin/python benchmarks/dedup.py [--repeat N] [--no-compare]

Writes benchmarks/results/dedup.md; a run with ``--no-compare`` (newsclean alone)
only prints its table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common import DATA, publish
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsclean.dedup.clusters import DedupIndex, DedupParams
from newsclean.dedup.minhash import dedup_features, tokens

# Generic page furniture of the kind a cleaner may leave behind; generated site
# names make each site's set distinct.
_BOILER = [
    "Follow {site} on Twitter and Facebook",
    "Copyright {year} {site}. All rights reserved.",
    "Share this article",
    "Sign up for the {site} newsletter",
    "Related: more stories from {site}",
    "Advertisement",
    "Read more at {site}",
]
_WALLS = [
    "Subscribe to continue reading this article.",
    "This content is for subscribers only. Already a subscriber? Log in.",
    "To read the full story, register for free or log in.",
    "You have reached your limit of free articles this month.",
]


@dataclass
class Doc:
    id: str
    text: str
    date: str | None
    url: str
    canonical_url: str | None
    truth: int  # base article index
    original: bool
    kind: str = "original"


def base_texts() -> list[str]:
    out: list[str] = []
    gt = json.loads((DATA / "scrapinghub-articles/ground-truth.json").read_text())
    for v in gt.values():
        out.append(v["articleBody"])
    for d in sorted((DATA / "readability-pages").iterdir()):
        f = d / "expected.html"
        if not f.exists():
            continue
        tree = HTMLParser(f.read_text(errors="replace"))
        paras = [n.text(separator=" ").strip() for n in tree.css("p, li, h2, h3, blockquote")]
        out.append("\n\n".join(p for p in paras if p))
    # The sources contain near-identical pages (test fixtures sharing filler
    # text); they would be true duplicates labelled as distinct stories, so keep
    # only bases whose 5-gram sets overlap every kept base by less than 20%.
    uniq: list[str] = []
    kept: list[set[bytes]] = []
    for t in out:
        t = re.sub(r"\n{3,}", "\n\n", t.strip())
        if len(tokens(t)) < 80:
            continue
        sh = _shingles(t)
        if all(len(sh & k) < 0.2 * min(len(sh), len(k)) for k in kept):
            kept.append(sh)
            uniq.append(t)
    return uniq


def _paras(text: str) -> list[str]:
    ps = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    if len(ps) < 4:  # few paragraphs: truncate by sentences instead
        ps = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return ps


def _boiler(rng: random.Random, site: str) -> tuple[str, str]:
    lines = [b.format(site=site, year=2024) for b in rng.sample(_BOILER, 3)]
    return "\n\n".join(lines[:1]), "\n\n".join(lines[1:])


def _edit(rng: random.Random, text: str, rate: float) -> str:
    words = text.split(" ")
    out: list[str] = []
    for w in words:
        r = rng.random()
        if r < rate / 3:
            continue  # delete
        if r < 2 * rate / 3:
            out.append(rng.choice(["new", "said", "also", "report", "today", "however"]))
            continue  # replace
        out.append(w)
        if r < rate:
            out.append(rng.choice(["very", "still", "now", "just"]))  # insert
    return " ".join(out)


def _shuffle_words(rng: random.Random, text: str) -> str:
    out = []
    for line in text.split("\n"):
        words = tokens(line)
        rng.shuffle(words)
        out.append(" ".join(words))
    return "\n".join(out)


def make_corpus(seed: int = 7, repeat: int = 1) -> list[Doc]:
    rng = random.Random(seed)
    bases = base_texts()
    docs: list[Doc] = []
    k = 0
    for rep in range(repeat):
        for bi, text in enumerate(bases):
            truth = rep * len(bases) + bi
            # later repeats (--repeat, for a larger corpus) shuffle the words of every
            # line: same vocabulary and shape, but no shared 5-grams, so other stories
            body = text if rep == 0 else _shuffle_words(rng, text)
            day = 1 + rng.randrange(25)
            ourl = f"https://site{truth}.example/news/{truth}"
            docs.append(Doc(f"d{k}", body, f"2024-03-{day:02d}", ourl, ourl, truth, True))
            k += 1
            for c in range(rng.choice([0, 1, 1, 2, 3, 4])):
                site = f"Site{truth}x{c}"
                kind = rng.choice(["syndicated", "edited", "truncated", "spliced"])
                if kind == "spliced":
                    # a copy that also carries a paragraph of another story (a
                    # background box, a quoted passage): must not chain the two
                    other = _paras(bases[rng.randrange(len(bases))])
                    ps = _paras(body)
                    ps.insert(rng.randrange(len(ps) + 1), rng.choice(other))
                    ctext = "\n\n".join(ps)
                elif kind == "truncated":
                    ps = _paras(body)
                    n = max(1, round(len(ps) * rng.uniform(0.5, 0.7)))
                    ctext = "\n\n".join(ps[:n]) + "\n\n" + rng.choice(_WALLS)
                else:
                    b = body if kind == "syndicated" else _edit(rng, body, rng.uniform(0.02, 0.05))
                    top, bottom = _boiler(rng, site)
                    ctext = f"{top}\n\n{b}\n\n{bottom}"
                delay = rng.choice([0, 0, 1, 1, 2, 3])
                date: str | None = f"2024-03-{day + delay:02d}"
                if rng.random() < 0.15:
                    date = None
                canonical = ourl if delay == 0 and rng.random() < 0.5 else None
                curl = f"https://{site.lower()}.example/a/{k}"
                docs.append(Doc(f"d{k}", ctext, date, curl, canonical or curl, truth, False, kind))
                k += 1
    rng.shuffle(docs)
    return docs


SPEC_KINDS = ("syndicated", "edited", "truncated")

# --- scoring --------------------------------------------------------------------


def pairwise(docs: list[Doc], pred: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision/recall; documents absent from ``pred`` are singletons."""

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    true_sz: dict[int, int] = defaultdict(int)
    pred_sz: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, int], int] = defaultdict(int)
    for d in docs:
        true_sz[d.truth] += 1
        p = pred.get(d.id, f"single:{d.id}")
        pred_sz[p] += 1
        both[(p, d.truth)] += 1
    tp = sum(pairs(n) for n in both.values())
    pp = sum(pairs(n) for n in pred_sz.values())
    tt = sum(pairs(n) for n in true_sz.values())
    return (tp / pp if pp else 1.0), (tp / tt if tt else 1.0)


def dup_of_accuracy(
    docs: list[Doc], dup_of: dict[str, str | None], kinds: tuple[str, ...] = SPEC_KINDS
) -> tuple[float, int]:
    """Share of copies (of ``kinds``) whose duplicate_of is their original; originals
    wrongly marked as copies."""
    originals = {d.truth: d.id for d in docs if d.original}
    copies = [d for d in docs if d.kind in kinds]
    ok = sum(1 for d in copies if dup_of.get(d.id) == originals[d.truth])
    orig_marked = sum(1 for d in docs if d.original and dup_of.get(d.id))
    return ok / len(copies), orig_marked


def by_kind_recall(docs: list[Doc], pred: dict[str, str]) -> str:
    """Share of copies in their original's predicted cluster, by copy kind."""
    orig_cluster = {d.truth: pred.get(d.id) for d in docs if d.original}
    kinds: dict[str, list[bool]] = defaultdict(list)
    for d in docs:
        if d.original:
            continue
        oc = orig_cluster[d.truth]
        kinds[d.kind].append(oc is not None and pred.get(d.id) == oc)
    return ", ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in sorted(kinds.items()))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- methods --------------------------------------------------------------------


def run_newsclean(docs: list[Doc], params: DedupParams | None = None):
    t0 = time.perf_counter()
    feats = [dedup_features(d.text) for d in docs]
    t_sig = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        idx = DedupIndex(os.path.join(tmp, "dedup.duckdb"), params)
        for d, f in zip(docs, feats, strict=True):
            idx.add(d.id, f, d.date, d.url, d.canonical_url)
        st = idx.resolve()
        res = list(idx.results())
        idx.close()
    total = time.perf_counter() - t0
    pred = {i: c for i, c, _ in res}
    dup = {i: o for i, _, o in res}
    return pred, dup, t_sig, total, st


def _shingles(text: str, k: int = 5) -> set[bytes]:
    t = tokens(text)
    return {" ".join(t[i : i + k]).encode() for i in range(max(1, len(t) - k + 1))}


def _components(ids: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    comp = {i: find(i) for i in ids}
    sizes: dict[str, int] = defaultdict(int)
    for r in comp.values():
        sizes[r] += 1
    return {i: r for i, r in comp.items() if sizes[r] > 1}


def run_datasketch(docs: list[Doc], threshold: float):
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    mhs = []
    for d in docs:
        m = MinHash(num_perm=128)
        m.update_batch(list(_shingles(d.text)))
        mhs.append(m)
    t_sig = time.perf_counter() - t0
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    for d, m in zip(docs, mhs, strict=True):
        lsh.insert(d.id, m)
    edges = [(d.id, o) for d, m in zip(docs, mhs, strict=True) for o in lsh.query(m) if o != d.id]
    pred = _components([d.id for d in docs], edges)
    return pred, {}, t_sig, time.perf_counter() - t0


def _datatrove_imports() -> None:
    """datatrove's dedup package imports HF ``tokenizers`` (only for exact-substring
    dedup, unused here) and its English word tokenizer needs NLTK data from the
    network; stub the first and give the MinHash step the same tokenizer
    newsclean uses (words; characters in scripts without spaces), so that the
    comparison is of the dedup method, not of tokenizers."""
    import types

    if "tokenizers" not in sys.modules:
        try:
            import tokenizers  # noqa: F401
        except ImportError:
            stub = types.ModuleType("tokenizers")
            proc = types.ModuleType("tokenizers.processors")
            setattr(proc, "TemplateProcessing", object)  # noqa: B010  (stub module)
            setattr(stub, "Tokenizer", object)  # noqa: B010
            setattr(stub, "processors", proc)  # noqa: B010
            sys.modules["tokenizers"] = stub
            sys.modules["tokenizers.processors"] = proc
    import datatrove.pipeline.dedup.minhash as dm

    class _Words:
        def word_tokenize(self, text: str) -> list[str]:
            return tokens(text)

    dm.load_word_tokenizer = lambda language: _Words()
    from loguru import logger

    logger.remove()


def run_datatrove(docs: list[Doc]):
    import struct

    _datatrove_imports()
    from datatrove.data import Document
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupSignature,
    )

    cfg = MinhashConfig()  # defaults: 5-grams, 14 buckets x 8 hashes
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        sig = MinhashDedupSignature(f"{tmp}/sigs", config=cfg)
        inner = sig._hash_func
        # the installed xxhash only hashes bytes; datatrove passes str
        sig._hash_func = lambda s: inner(s.encode() if isinstance(s, str) else s)
        dtdocs = [Document(text=d.text, id=d.id) for d in docs]
        sig.run(iter(dtdocs), rank=0, world_size=1)
        t_sig = time.perf_counter() - t0
        bk = MinhashDedupBuckets(f"{tmp}/sigs", f"{tmp}/buckets", config=cfg)
        for b in range(cfg.num_buckets):
            bk.run(None, rank=b, world_size=cfg.num_buckets)
        cl = MinhashDedupCluster(
            f"{tmp}/buckets", f"{tmp}/remove", config=cfg, save_cluster_id=True
        )
        cl.run(None, 0, 1)
        pred: dict[str, str] = {}
        cpath = Path(tmp) / "remove" / "000000.clusters"
        if cpath.exists():
            raw = cpath.read_bytes()
            for i in range(0, len(raw), 8):
                di, ci = struct.unpack("<2I", raw[i : i + 8])
                pred[docs[di].id] = str(ci)
    return pred, {}, t_sig, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=1, help="corpus copies of the base set")
    ap.add_argument("--no-compare", action="store_true")
    args = ap.parse_args(argv)
    import logging

    logging.disable(logging.WARNING)
    try:
        from loguru import logger

        logger.remove()
    except ImportError:
        pass

    docs = make_corpus(repeat=args.repeat)
    n_copies = sum(1 for d in docs if not d.original)
    rows: list[tuple[str, ...]] = []
    methods: list[tuple[str, Callable[[], tuple]]] = [("newsclean", lambda: run_newsclean(docs))]
    if not args.no_compare:
        methods += [
            ("datasketch MinHashLSH t=0.5", lambda: run_datasketch(docs, 0.5)),
            ("datasketch MinHashLSH t=0.8", lambda: run_datasketch(docs, 0.8)),
            ("datatrove MinHash (14x8, 5-grams)", lambda: run_datatrove(docs)),
        ]
    base_time = None
    detail = ""
    for name, fn in methods:
        out = fn()
        pred, dup, t_sig, total = out[:4]
        p, r = pairwise(docs, pred)
        acc = f"{dup_of_accuracy(docs, dup)[0]:.3f}" if dup else "n/a"
        if base_time is None:
            base_time = total
            st = out[4]
            detail = (
                f"newsclean stats: {st.to_dict()}\n\n"
                "newsclean copies joined to their original's cluster: "
                f"{by_kind_recall(docs, pred)}; "
                f"originals wrongly marked as copies: {dup_of_accuracy(docs, dup)[1]}; "
                "duplicate_of correct by kind: "
                + ", ".join(
                    f"{k} {dup_of_accuracy(docs, dup, (k,))[0]:.3f}"
                    for k in (*SPEC_KINDS, "spliced")
                )
            )
        rows.append(
            (
                name,
                f"{p:.3f}",
                f"{r:.3f}",
                acc,
                by_kind_recall(docs, pred),
                f"{len(docs) / t_sig:.0f}",
                f"{total:.2f}",
                f"{total / base_time:.2f}",
            )
        )
    head = (
        "method",
        "pair P",
        "pair R",
        "duplicate_of ok (spec kinds)",
        "copy recall by kind",
        "signatures docs/s",
        "total s",
        "time ratio",
    )
    table = [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]
    text = (
        f"Corpus: {len(docs)} documents ({n_copies} copies of "
        f"{len(docs) - n_copies} originals), generated from the dev data's article texts; "
        f"one process, `benchmarks/dedup.py --repeat {args.repeat}`.\n\n"
        + "\n".join(table)
        + "\n\n"
        + detail
        + f"\n\npeak RSS of the run: {peak_mb():.0f} MB\n"
    )
    publish("dedup", "# Dedup benchmark\n\n" + text, save=not args.no_compare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
