"""The ``newsclean`` command: argument parsing and printing only.

Subcommands: ``extract`` (records to JSON Lines, Parquet, CSV, text or
Markdown), ``run`` (the corpus pipeline), ``fetch`` (URLs, feeds and sitemaps
into WARC files; fetch/cli.py), ``learn-boilerplate`` (save a corpus
boilerplate table) and ``inspect`` (browse a run). Each is one entry of
``COMMANDS``: a function adding its parser and the function running it, so a
new subcommand is one more entry. Exit status: 0 when the inputs were read
(even if some records are error/skipped), 1 when they held no document, 2 for
usage errors and unreadable paths (one line on standard error saying what to
do, never a traceback), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from newsclean import __version__
from newsclean.argtypes import nonneg_float as _non_negative_float
from newsclean.argtypes import positive_float as _positive_float
from newsclean.argtypes import positive_int as _positive_int
from newsclean.argtypes import size as _size
from newsclean.fetch.cli import add_parser as add_fetch_parser
from newsclean.fetch.cli import main as fetch_main
from newsclean.options import InputKeys, Limits, Options
from newsclean.record import PAGE_TYPES

USAGE_ERROR = 2
NO_DOCUMENTS = 1
INTERRUPTED = 130


class UsageError(Exception):
    """A mistake in the command line or its paths; the message says what to do."""


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line that points at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}; see `{self.prog} --help`\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    """Epilogs keep their line breaks (the examples); option help is wrapped."""


# -- option types ----------------------------------------------------------------------


def _page_types(value: str) -> tuple[str, ...]:
    """A comma-separated list of ``record.PAGE_TYPES`` (``article,forum``)."""
    types = {t.strip() for t in value.split(",") if t.strip()}
    unknown = sorted(types - set(PAGE_TYPES))
    if unknown or not types:
        raise argparse.ArgumentTypeError(
            f"unknown page types: {', '.join(unknown) or value!r} (known: {', '.join(PAGE_TYPES)})"
        )
    return tuple(sorted(types))


def _field_name(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("a field name cannot be empty")
    return value


# -- shared option groups ------------------------------------------------------------------


def _add_extraction(p: argparse.ArgumentParser, *, markdown: bool = True) -> None:
    g = p.add_argument_group("extraction")
    if markdown:
        g.add_argument(
            "--markdown",
            action="store_true",
            help="add a `markdown` field: the article with headings, lists, quotes, tables, "
            "emphasis and links",
        )
    g.add_argument(
        "--precise",
        action="store_true",
        help="precision mode: also judge the short blocks of the article region and drop "
        "link-heavy blocks sooner (a little more precision, less recall)",
    )
    g.add_argument(
        "--keep-mojibake",
        action="store_true",
        help="leave text whose UTF-8 was once read as Windows-1252 or Latin-1 as it is "
        "(by default \"doesnâ€™t\" becomes \"doesn’t\")",
    )
    g.add_argument(
        "--boilerplate",
        metavar="FILE",
        help="remove the repeated lines of a table saved by `newsclean learn-boilerplate` "
        "(or a run's OUT/.newsclean/boilerplate.json)",
    )
    g.add_argument(
        "--keep-types",
        type=_page_types,
        default=None,
        metavar="TYPES",
        help="comma-separated page types to extract (" + ", ".join(PAGE_TYPES) + "); HTML pages"
        " of other types get a `skipped` record, reason not_article (e.g. --keep-types article)",
    )


def _add_keys(p: argparse.ArgumentParser) -> None:
    d = InputKeys()
    g = p.add_argument_group(
        "structured inputs", "field names in JSON Lines, JSON and Parquet records"
    )
    g.add_argument(
        "--html-key",
        type=_field_name,
        default=d.html,
        metavar="NAME",
        help=f"field holding the page's HTML (default {d.html!r})",
    )
    g.add_argument(
        "--text-key",
        type=_field_name,
        default=d.text,
        metavar="NAME",
        help=f"field holding already-extracted text to clean, used when the "
        f"HTML field is absent (default {d.text!r})",
    )
    g.add_argument(
        "--url-key",
        type=_field_name,
        default=d.url,
        metavar="NAME",
        help=f"field holding the page's URL (default {d.url!r})",
    )
    g.add_argument(
        "--id-key",
        type=_field_name,
        default=d.id,
        metavar="NAME",
        help=f"field holding the record's id, kept as the output id (default {d.id!r})",
    )


def _add_limits(p: argparse.ArgumentParser, *, timeout: bool) -> None:
    d = Limits()
    lim = p.add_argument_group("limits (sizes take K, M or G)")
    lim.add_argument(
        "--max-document-bytes",
        type=_size,
        default=d.max_document_bytes,
        metavar="SIZE",
        help="larger documents get a `skipped` record, reason too_large (default 20M)",
    )
    lim.add_argument(
        "--max-decompressed-bytes",
        type=_size,
        default=d.max_decompressed_bytes,
        metavar="SIZE",
        help="a compressed file that expands past this stops "
        "with an `error` record, reason decompression_limit (default 4G)",
    )
    lim.add_argument(
        "--max-line-bytes",
        type=_size,
        default=d.max_line_bytes,
        metavar="SIZE",
        help="cap on one JSON Lines line or one .json file (default 64M)",
    )
    if timeout:
        lim.add_argument(
            "--timeout",
            type=_positive_float,
            default=d.document_timeout_s,
            metavar="SECONDS",
            help="a document still running after this gets "
            "an `error` record, reason timeout, and the run goes on "
            "(default 60)",
        )
    lim.add_argument(
        "--max-dom-depth",
        type=_positive_int,
        default=d.max_dom_depth,
        metavar="N",
        help="elements nested deeper are flattened before extraction (default 512)",
    )
    lim.add_argument(
        "--max-dom-nodes",
        type=_positive_int,
        default=d.max_dom_nodes,
        metavar="N",
        help="pages with more elements get a `skipped` record, reason too_large (default 300000)",
    )


def _options(a: argparse.Namespace, *, markdown: bool | None = None) -> Options:
    limits = Limits(
        max_document_bytes=a.max_document_bytes,
        max_decompressed_bytes=a.max_decompressed_bytes,
        max_line_bytes=a.max_line_bytes,
        document_timeout_s=getattr(a, "timeout", Limits().document_timeout_s),
        max_dom_depth=a.max_dom_depth,
        max_dom_nodes=a.max_dom_nodes,
    )
    keys = InputKeys(html=a.html_key, text=a.text_key, url=a.url_key, id=a.id_key)
    bp = os.path.abspath(a.boilerplate) if getattr(a, "boilerplate", None) else None
    md = getattr(a, "markdown", False) if markdown is None else markdown
    return Options(
        markdown=md,
        precise=a.precise,
        repair_mojibake=not getattr(a, "keep_mojibake", False),
        keep_types=getattr(a, "keep_types", None),
        boilerplate_path=bp,
        limits=limits,
        keys=keys,
    )


# -- checks ------------------------------------------------------------------------------


def _check_remote(uri: str) -> None:
    from newsclean.pipeline import remote

    try:
        found = remote.exists(uri)
    except Exception as exc:  # unknown scheme, missing credentials, no network
        raise UsageError(f"cannot open {uri}: {exc}") from None
    if not found:
        raise UsageError(f"input does not exist: {uri}")


def _check_inputs(paths: Sequence[str], *, stdin_ok: bool = True) -> None:
    for uri in (p for p in paths if "://" in p):
        _check_remote(uri)
    local = [p for p in paths if "://" not in p and p != "-"]
    missing = [p for p in local if not os.path.exists(p)]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        hint = (
            "; check the path, or pass - to read standard input"
            if stdin_ok
            else ("; check the path")
        )
        raise UsageError(f"input path does not exist: {missing[0]}{more}{hint}")
    unreadable = [p for p in local if not os.access(p, os.R_OK)]
    if unreadable:
        raise UsageError(f"cannot read {unreadable[0]}: permission denied")


def _check_boilerplate(options: Options) -> None:
    path = options.boilerplate_path
    if not path:
        return
    if not os.path.exists(path):
        raise UsageError(f"boilerplate table not found: {path}")
    from newsclean.clean.boilerplate import BoilerplateTable

    try:
        BoilerplateTable.load(path)
    except Exception as exc:
        raise UsageError(
            f"cannot use boilerplate table {path}: {exc}; "
            "make one with `newsclean learn-boilerplate INPUT -o FILE`"
        ) from None


def _check_writable_file(path: str, option: str = "-o") -> None:
    """The file can be created: its directory exists and is writable."""
    parent = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"{option} {path} is a directory; give a file name")
    if not os.path.isdir(parent):
        raise UsageError(
            f"cannot write {path}: directory {parent} does not exist; "
            f"create it or choose another {option}"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {path}: permission denied; choose another {option}")


# -- documents and their names -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Placed:
    """A document with the file name it gets under ``extract -o DIR`` (no suffix)."""

    doc: Any
    name: str


_CONTAINERS = frozenset({"warc", "jsonl", "json", "parquet", "stdin"})


def _strip_suffixes(rel: str) -> str:
    from newsclean.io.sniff import split_compression

    inner, _ = split_compression(rel)
    stem, ext = os.path.splitext(inner)
    return stem if ext and "/" not in ext else inner


def _placed_documents(inputs: Sequence[str], options: Options) -> Iterator[_Placed]:
    """Documents of every input in argument order (``-`` or nothing is stdin), each
    named after its input: ``a/b.html`` under the directory argument -> ``a/b``; the
    N-th document of a WARC, JSON Lines, JSON or Parquet file -> ``FILE/00000N``."""
    from newsclean.io.readers import list_units, read_stdin, read_unit

    limits, keys = options.limits, options.keys
    for arg in inputs or ["-"]:
        if arg == "-":
            for n, doc in enumerate(read_stdin(limits, keys=keys), 1):
                yield _Placed(doc, f"stdin/{n:06d}")
            continue
        root = arg if os.path.isdir(arg) else None
        counters: dict[str, int] = {}
        for unit in list_units([arg]):
            rel = os.path.relpath(unit.path, root) if root else os.path.basename(unit.path)
            rel = rel.replace(os.sep, "/")
            for doc in read_unit(unit, limits, keys):
                if unit.kind in _CONTAINERS:
                    counters[rel] = counters.get(rel, 0) + 1
                    yield _Placed(doc, f"{rel}/{counters[rel]:06d}")
                else:
                    yield _Placed(doc, _strip_suffixes(rel))


# -- extract -------------------------------------------------------------------------------

EXTRACT_EPILOG = """\
output formats:
  jsonl, parquet, csv  one record per input document, every field
  txt, markdown        the article text of each `ok` record (markdown: with its title,
                       headings, lists and links); -o DIR writes one file per document
  A file name ending in .gz or .zst is compressed (jsonl, csv, txt, markdown); without
  --format the format follows the name (.jsonl .parquet .csv .txt .md).

examples:
  newsclean extract page.html                          # one JSON record on stdout
  newsclean extract crawl/ -o records.parquet          # every file under crawl/
  newsclean extract crawl.warc.gz -o texts/ --format txt     # texts/crawl.warc.gz/000001.txt ...
  newsclean extract dump.jsonl --html-key raw_content --limit 100 -o sample.jsonl.zst
  curl -s https://example.com/story | newsclean extract --format markdown
"""


def _add_extract(sub: Any) -> None:
    from newsclean.io.writers import FORMATS

    e = sub.add_parser(
        "extract",
        help="one record per input document, in input order",
        description="Extract and clean every input document: one record each, in input "
        "order, to standard output or -o.",
        epilog=EXTRACT_EPILOG,
        formatter_class=_Help,
    )
    e.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="HTML, WARC, JSON Lines, JSON, Parquet or text files, or directories "
        "(recursed, in sorted order); none or - reads standard input",
    )
    e.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help="output file, or directory for one file per document (txt, markdown); "
        "default: standard output",
    )
    e.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the -o name, else jsonl)",
    )
    e.add_argument(
        "--limit",
        type=_positive_int,
        metavar="N",
        help="stop after the first N documents (to try options on a sample)",
    )
    _add_extraction(e)
    _add_keys(e)
    _add_limits(e, timeout=False)


def _output_plan(a: argparse.Namespace) -> tuple[str, str | None, bool]:
    """(format, output path or None for stdout, one file per document)."""
    from newsclean.io.writers import COMPRESSION_SUFFIXES, DOCUMENT_SUFFIX, format_for

    out = None if a.output in (None, "-") else a.output
    named = format_for(out) if out else None
    fmt = a.format or named or "jsonl"
    if out is None:
        if fmt == "parquet":
            raise UsageError("--format parquet needs an output file: add -o FILE.parquet")
        return fmt, None, False
    per_document = (
        os.path.isdir(out)
        or out.endswith(("/", os.sep))
        or (fmt in DOCUMENT_SUFFIX and named is None)
    )
    if per_document:
        if fmt not in DOCUMENT_SUFFIX:
            raise UsageError(
                f"-o {out} is a directory: one file per document needs --format txt or "
                "--format markdown (or give a file name such as out.jsonl)"
            )
        return fmt, out, True
    lower = out.lower()
    compressed = any(lower.endswith(s) for s in COMPRESSION_SUFFIXES)
    if fmt == "parquet" and compressed:
        raise UsageError(
            f"Parquet compresses its own columns: drop the compression suffix of {out}"
        )
    if (
        named is None
        and os.path.splitext(lower.removesuffix(".gz").removesuffix(".zst"))[1] == ".json"
    ):
        raise UsageError(
            f"{out}: .json output is not a format; use .jsonl (one JSON object per line)"
        )
    _check_writable_file(out)
    return fmt, out, False


def _per_document_dir(path: str) -> None:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot create output directory {path}: {exc.strerror or exc}; choose another -o"
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write into {path}: permission denied; choose another -o")


def _no_documents(what: str) -> int:
    print(
        f"newsclean: warning: {what} held no document (an empty directory, or files "
        "with nothing to read); nothing was written",
        file=sys.stderr,
    )
    return NO_DOCUMENTS


def cmd_extract(a: argparse.Namespace) -> int:
    from newsclean.io.writers import DocumentFilesWriter, open_writer
    from newsclean.pipeline.stages import process_document

    _check_inputs(a.inputs)
    fmt, out, per_document = _output_plan(a)
    options = _options(a, markdown=True if fmt == "markdown" else None)
    _check_boilerplate(options)
    if per_document:
        assert out is not None
        _per_document_dir(out)
    placed = _placed_documents(a.inputs, options)
    if a.limit:
        placed = itertools.islice(placed, a.limit)
    writer: Any = DocumentFilesWriter(out, fmt) if per_document and out else open_writer(out, fmt)
    try:
        for item in placed:
            art = process_document(item.doc, options)
            if per_document:
                writer.write(art, item.name)
            else:
                writer.write(art)
    except BrokenPipeError:
        # `newsclean extract ... | head`: the reader left; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        writer.abort()
        where = out or "standard output"
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}") from None
    except BaseException:
        writer.abort()
        raise
    if writer.count == 0:
        writer.abort()
        return _no_documents("the inputs")
    writer.close()
    if per_document:
        skipped = writer.count - writer.written
        print(
            f"newsclean: {writer.written} files in {out}"
            + (
                f"; {skipped} documents had no article text (see their records with --format jsonl)"
                if skipped
                else ""
            ),
            file=sys.stderr,
        )
    return 0


# -- run -----------------------------------------------------------------------------------

RUN_EPILOG = """\
output: OUT/part-NNNNNN.parquet shards (open OUT with pandas, pyarrow, DuckDB or
`datasets` as it is) and OUT/.newsclean/summary.json; work files go to a directory
beside OUT (.OUT.newsclean-work, or --work-dir) and are deleted when the run succeeds.

examples:
  newsclean run crawl/ --out corpus/                     # local workers, one per core
  newsclean run crawl/ --out corpus/ --resume            # finish a run cut short (Ctrl-C, kill -9)
  newsclean run crawl/ --out news/ --keep-types article  # a news corpus: other page types skipped
  newsclean run dump.jsonl --html-key raw_content --out corpus/ --shard-rows 50000
  newsclean run s3://bucket/crawl/ --out s3://bucket/corpus/ --engine ray --ray-address auto
"""


class _DedupThresholdHelp(str):
    """Help text stating the default the clusterer really uses (``DedupParams``).

    Resolved only when help is printed: importing the dedup stage (DuckDB) costs
    ~0.5 s, which every other command would otherwise pay. argparse expands a help
    string with ``help % params``, hence ``__mod__``.
    """

    def __mod__(self, params: object) -> str:
        from newsclean.dedup.clusters import DedupParams

        default = f"{DedupParams().jaccard_threshold:g}"
        return (
            "MinHash Jaccard similarity from which two texts are near-duplicates "
            f"(default {default})"
        )


def _add_run(sub: Any) -> None:
    # The light modules only: building the parser must not load the pipeline (DuckDB,
    # Arrow), which `extract` on one page would otherwise wait for.
    from newsclean.pipeline.layout import DEFAULT_SHARD_BYTES, DEFAULT_SHARD_ROWS
    from newsclean.pipeline.plan import DEFAULT_SPLIT_BYTES

    r = sub.add_parser(
        "run",
        help="the whole pipeline over a corpus, into a directory of Parquet shards",
        description="Extract, clean, annotate, learn the corpus boilerplate and "
        "deduplicate a corpus into Parquet shards, on worker processes or Ray; resumable.",
        epilog=RUN_EPILOG,
        formatter_class=_Help,
    )
    r.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files or directories (HTML, WARC, JSON Lines, JSON, Parquet, text), "
        "or s3:// gs:// hdfs:// URIs",
    )
    r.add_argument(
        "--out", required=True, metavar="OUT", help="output directory (new or empty), or a URI"
    )
    g = r.add_argument_group("execution")
    g.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local: worker processes on this machine (default); ray: Ray tasks on "
        "the cluster of --ray-address (needs pip install 'newsclean[ray]')",
    )
    g.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="worker processes (default: one per core; with ray: the cluster's CPUs)",
    )
    g.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="Ray cluster to join (default: $RAY_ADDRESS, else a new local cluster)",
    )
    g.add_argument(
        "--resume",
        action="store_true",
        help="finish a run into OUT that was cut short, with the same inputs and "
        "options: nothing is redone that was finished, nothing lost or doubled",
    )
    g.add_argument(
        "--work-dir",
        metavar="DIR",
        help="where the work files go (default: .OUT.newsclean-work beside OUT); "
        "give it again with --resume",
    )
    g.add_argument(
        "--keep-work", action="store_true", help="keep the work files after success (for debugging)"
    )
    g.add_argument(
        "--split-bytes",
        type=_size,
        default=DEFAULT_SPLIT_BYTES,
        metavar="SIZE",
        help="largest share of one file a task reads: bigger WARC, JSON Lines and "
        "Parquet files are split (smaller inputs are split further so every "
        "worker has work; default 256M)",
    )
    g.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars (default: on a terminal; elsewhere a line every "
        "--log-every seconds); --no-progress for neither",
    )
    g.add_argument(
        "--log-every",
        type=_non_negative_float,
        default=30.0,
        metavar="SECONDS",
        help="seconds between progress lines when not on a terminal (default 30; 0: none)",
    )
    o = r.add_argument_group("output")
    o.add_argument(
        "--shard-rows",
        type=_positive_int,
        default=DEFAULT_SHARD_ROWS,
        metavar="N",
        help=f"records per Parquet shard at most (default {DEFAULT_SHARD_ROWS})",
    )
    o.add_argument(
        "--shard-bytes",
        type=_size,
        default=DEFAULT_SHARD_BYTES,
        metavar="SIZE",
        help="a shard ends once its file reaches about this size (default 256M)",
    )
    d = r.add_argument_group("deduplication")
    d.add_argument(
        "--no-dedup",
        action="store_true",
        help="skip near-duplicate clustering (cluster_id, duplicate_of stay null)",
    )
    d.add_argument(
        "--dedup-threshold",
        type=float,
        metavar="J",
        help=_DedupThresholdHelp("MinHash Jaccard for near-duplicates"),
    )
    _add_extraction(r)
    _add_keys(r)
    _add_limits(r, timeout=True)


def _resume_hint(a: argparse.Namespace) -> str:
    import shlex

    parts = ["newsclean", "run", *a.inputs, "--out", a.out]
    if a.work_dir:
        parts += ["--work-dir", a.work_dir]
    return " ".join(shlex.quote(p) for p in parts) + " --resume"


def cmd_run(a: argparse.Namespace) -> int:
    from newsclean.pipeline.run import RunConfig, RunError, run

    if "-" in a.inputs:
        raise UsageError("`run` reads files and directories, not standard input")
    _check_inputs(a.inputs, stdin_ok=False)
    if a.dedup_threshold is not None and not 0 < a.dedup_threshold <= 1:
        raise UsageError("--dedup-threshold must be in (0, 1], e.g. 0.5")
    options = _options(a)
    _check_boilerplate(options)
    cfg = RunConfig(
        inputs=list(a.inputs),
        out_dir=a.out,
        options=options,
        engine=a.engine,
        workers=a.workers,
        dedup=not a.no_dedup,
        resume=a.resume,
        ray_address=a.ray_address or os.environ.get("RAY_ADDRESS") or None,
        dedup_threshold=a.dedup_threshold,
        split_bytes=a.split_bytes,
        progress=a.progress,
        work_dir=a.work_dir,
        keep_work=a.keep_work,
        shard_rows=a.shard_rows,
        shard_bytes=a.shard_bytes,
        log_every=a.log_every,
    )
    try:
        summary = run(cfg)
    except RunError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # a full disk, a directory removed under the run
        where = f" ({exc.filename})" if exc.filename else ""
        raise UsageError(
            f"{exc.strerror or exc}{where}; fix it and run the same command with --resume"
        ) from None
    except KeyboardInterrupt:
        print(
            "\nnewsclean: interrupted; finished work is kept. Run the same command with "
            f"--resume to finish:\n  {_resume_hint(a)}",
            file=sys.stderr,
        )
        return INTERRUPTED
    if not summary.get("documents"):
        return _no_documents("the inputs of the run")
    return 0


# -- learn-boilerplate ---------------------------------------------------------------------

LEARN_EPILOG = """\
examples:
  newsclean learn-boilerplate crawl/ -o site-lines.json
  newsclean extract new-pages/ --boilerplate site-lines.json -o records.jsonl
  newsclean learn-boilerplate dump.jsonl --html-key raw_content -o table.json
"""


def _add_learn(sub: Any) -> None:
    b = sub.add_parser(
        "learn-boilerplate",
        help="learn the lines a corpus repeats (per site, or across sites) into FILE",
        description="Extract and clean every input document, count its lines per site, "
        "and save the lines that recur as boilerplate: a table for "
        "`newsclean extract --boilerplate FILE`.",
        epilog=LEARN_EPILOG,
        formatter_class=_Help,
    )
    b.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files or directories, as for `extract` (- reads standard input)",
    )
    b.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the table to write (JSON)"
    )
    g = b.add_argument_group("extraction")
    g.add_argument(
        "--precise",
        action="store_true",
        help="count the lines of precision-mode text (as `extract --precise` would keep)",
    )
    _add_keys(b)
    _add_limits(b, timeout=False)


def cmd_learn_boilerplate(a: argparse.Namespace) -> int:
    _check_inputs(a.inputs)
    _check_writable_file(a.output)
    from newsclean.clean.boilerplate import BoilerplateCounter, site_of
    from newsclean.pipeline.stages import process_document
    from newsclean.record import OK

    options = _options(a, markdown=False)
    n = seen = 0
    with BoilerplateCounter() as counter:
        for item in _placed_documents(a.inputs, options):
            seen += 1
            art = process_document(item.doc, options)
            if art.status == OK and art.text:
                counter.add(site_of(art.url, art.site_name), art.text)
                n += 1
        table = counter.finalize()
    if not seen:
        return _no_documents("the inputs")
    try:
        table.save(a.output)
    except OSError as exc:
        raise UsageError(f"cannot write {a.output}: {exc.strerror or exc}") from None
    print(
        f"newsclean: {len(table)} boilerplate lines from {n} articles -> {a.output}",
        file=sys.stderr,
    )
    return 0


# -- inspect -------------------------------------------------------------------------------

INSPECT_EPILOG = """\
examples:
  newsclean inspect corpus/                 # then open the address it prints
  newsclean inspect corpus/ --port 9000
  newsclean inspect /data/out --source-root /data   # inputs were given relative to /data
"""


def _add_inspect(sub: Any) -> None:
    i = sub.add_parser(
        "inspect",
        help="browse the records of a run in a local web page",
        description="Serve a local web page (127.0.0.1 only) showing each record of a run "
        "with what was removed and why, and charts of the corpus.",
        epilog=INSPECT_EPILOG,
        formatter_class=_Help,
    )
    i.add_argument("dir", metavar="OUT", help="the --out directory of a `newsclean run`")
    i.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765)")
    i.add_argument(
        "--source-root",
        action="append",
        default=[],
        metavar="DIR",
        help="where the relative input paths of records are looked up to show their source "
        "page (default: the directory the run was started in, then the current one); "
        "repeatable",
    )
    i.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)


def cmd_inspect(a: argparse.Namespace) -> int:
    if not os.path.isdir(a.dir):
        raise UsageError(
            f"not a directory: {a.dir} (give the --out directory of a `newsclean run`)"
        )
    from newsclean.inspect.layout import NotARun
    from newsclean.inspect.server import serve

    try:
        serve(a.dir, port=a.port, host=a.host, source_roots=a.source_root)
    except KeyboardInterrupt:
        return 0
    except NotARun as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot serve on port {a.port}: {exc}; try another --port") from None
    except ValueError as exc:  # e.g. a non-loopback --host, which the server refuses
        raise UsageError(f"cannot serve: {exc}") from None
    return 0


# -- the command -----------------------------------------------------------------------------

COMMANDS: dict[str, tuple[Callable[[Any], None], Callable[[argparse.Namespace], int]]] = {
    "extract": (_add_extract, cmd_extract),
    "run": (_add_run, cmd_run),
    "fetch": (add_fetch_parser, fetch_main),
    "learn-boilerplate": (_add_learn, cmd_learn_boilerplate),
    "inspect": (_add_inspect, cmd_inspect),
}
"""Subcommand name -> (add its parser to the subparsers, run it). Order is help order."""

MAIN_EPILOG = """\
examples:
  newsclean extract page.html
  newsclean run crawl/ --out corpus/
  newsclean inspect corpus/

`newsclean COMMAND --help` describes each command's options.
"""


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="newsclean",
        description="Turn crawled news pages into a clean, attributed, deduplicated corpus.",
        epilog=MAIN_EPILOG,
        formatter_class=_Help,
    )
    p.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add, _ in COMMANDS.values():
        add(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        a = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    if a.command is None:
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    try:
        return COMMANDS[a.command][1](a)
    except UsageError as exc:
        print(f"newsclean {a.command}: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("\nnewsclean: interrupted", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
