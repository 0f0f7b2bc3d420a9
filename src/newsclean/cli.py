"""The ``newsclean`` command: argument parsing and printing only.

Subcommands: ``extract`` (records to JSON Lines/Parquet), ``run`` (the corpus
pipeline), ``fetch`` (URLs, feeds and sitemaps into WARC files; fetch/cli.py),
``learn-boilerplate`` (save a corpus boilerplate table) and ``inspect`` (browse
a run). Exit status: 0 when the inputs were read (even if
some records are error/skipped), 2 for usage errors and unreadable paths, 130
when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence

from newsclean import __version__
from newsclean.argtypes import positive_float as _positive_float
from newsclean.argtypes import size as _mb
from newsclean.fetch.cli import add_parser as add_fetch_parser
from newsclean.fetch.cli import main as fetch_main
from newsclean.options import Limits, Options
from newsclean.record import PAGE_TYPES

USAGE_ERROR = 2
INTERRUPTED = 130


def _page_types(value: str) -> tuple[str, ...]:
    """A comma-separated list of ``record.PAGE_TYPES`` (``article,forum``)."""
    types = {t.strip() for t in value.split(",") if t.strip()}
    unknown = sorted(types - set(PAGE_TYPES))
    if unknown or not types:
        raise argparse.ArgumentTypeError(
            f"unknown page types: {', '.join(unknown) or value!r} (known: {', '.join(PAGE_TYPES)})"
        )
    return tuple(sorted(types))


def _add_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("extraction")
    g.add_argument("--markdown", action="store_true", help="add a markdown field")
    g.add_argument("--precise", action="store_true", help="precision mode: drop borderline blocks")
    g.add_argument(
        "--keep-types",
        type=_page_types,
        default=None,
        metavar="TYPES",
        help="comma-separated page types to extract (" + ", ".join(PAGE_TYPES) + "); HTML pages"
        " of other types are skipped with reason not_article (e.g. --keep-types article)",
    )
    g.add_argument(
        "--boilerplate", metavar="FILE", help="apply a table saved by `newsclean learn-boilerplate`"
    )
    d = Limits()
    lim = p.add_argument_group("limits")
    lim.add_argument(
        "--max-document-bytes",
        type=_mb,
        default=d.max_document_bytes,
        metavar="SIZE",
        help="larger documents are skipped (default 20M)",
    )
    lim.add_argument(
        "--max-decompressed-bytes",
        type=_mb,
        default=d.max_decompressed_bytes,
        metavar="SIZE",
        help="cap on what one compressed file may expand to (4G)",
    )
    lim.add_argument(
        "--max-line-bytes",
        type=_mb,
        default=d.max_line_bytes,
        metavar="SIZE",
        help="cap on one JSON Lines line (64M)",
    )
    lim.add_argument(
        "--timeout",
        type=_positive_float,
        default=d.document_timeout_s,
        metavar="SECONDS",
        help="per-document time limit in `run` (60)",
    )
    lim.add_argument(
        "--max-dom-depth",
        type=int,
        default=d.max_dom_depth,
        metavar="N",
        help="deeper elements are flattened (512)",
    )
    lim.add_argument(
        "--max-dom-nodes",
        type=int,
        default=d.max_dom_nodes,
        metavar="N",
        help="pages with more elements are skipped as too_large (300000)",
    )


def _options(a: argparse.Namespace) -> Options:
    limits = Limits(
        max_document_bytes=a.max_document_bytes,
        max_decompressed_bytes=a.max_decompressed_bytes,
        max_line_bytes=a.max_line_bytes,
        document_timeout_s=a.timeout,
        max_dom_depth=a.max_dom_depth,
        max_dom_nodes=a.max_dom_nodes,
    )
    bp = os.path.abspath(a.boilerplate) if a.boilerplate else None
    return Options(
        markdown=a.markdown,
        precise=a.precise,
        keep_types=a.keep_types,
        boilerplate_path=bp,
        limits=limits,
    )


class _DedupThresholdHelp(str):
    """Help text stating the default the clusterer really uses (``DedupParams``).

    Resolved only when help is printed: importing the dedup stage (DuckDB) costs
    ~0.5 s, which every other command would otherwise pay. argparse expands a help
    string with ``help % params``, hence ``__mod__``.
    """

    def __mod__(self, params: object) -> str:
        from newsclean.dedup.clusters import DedupParams

        default = f"{DedupParams().jaccard_threshold:g}"
        return f"MinHash Jaccard for near-duplicates (default {default})"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsclean",
        description="Turn crawled news pages into a clean, attributed, deduplicated corpus.",
    )
    p.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    e = sub.add_parser("extract", help="one record per input document, in input order")
    e.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or directories (recursed); none or - reads standard input",
    )
    e.add_argument("-o", "--output", metavar="OUTPUT", help="output file (default: stdout)")
    e.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        default=None,
        help="jsonl (default) or parquet (needs -o)",
    )
    _add_options(e)

    r = sub.add_parser("run", help="the whole pipeline over a corpus, into a directory")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories")
    r.add_argument("--out", required=True, metavar="DIR", help="output directory")
    r.add_argument("--engine", choices=("local", "ray"), default="local")
    r.add_argument("--workers", type=int, metavar="N", help="worker processes (default: cores)")
    r.add_argument("--no-dedup", action="store_true", help="skip near-duplicate clustering")
    r.add_argument("--resume", action="store_true", help="finish an interrupted run in DIR")
    r.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="Ray cluster to join (default: $RAY_ADDRESS, else a local cluster)",
    )
    r.add_argument(
        "--dedup-threshold",
        type=float,
        metavar="J",
        help=_DedupThresholdHelp("MinHash Jaccard for near-duplicates"),
    )
    r.add_argument(
        "--split-bytes",
        type=_mb,
        default=256 * 1024**2,
        metavar="SIZE",
        help="split large WARC/JSONL files into units of this size (256M)",
    )
    r.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: only on a terminal)",
    )
    _add_options(r)

    b = sub.add_parser("learn-boilerplate", help="learn repeated lines of a corpus into FILE")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories")
    b.add_argument("-o", "--output", required=True, metavar="FILE", help="table to write (.json)")
    _add_options(b)

    add_fetch_parser(sub)

    i = sub.add_parser("inspect", help="browse the records of a run in a local web page")
    i.add_argument("dir", metavar="DIR", help="a directory written by `newsclean run`")
    i.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    i.add_argument(
        "--source-root",
        action="append",
        default=[],
        metavar="DIR",
        help="where relative input paths of records are looked up to show their source "
        "page (the directory `newsclean run` was started in); repeatable",
    )
    i.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    return p


def _fail(msg: str) -> int:
    print(f"newsclean: error: {msg}", file=sys.stderr)
    return USAGE_ERROR


def _missing(paths: Sequence[str]) -> list[str]:
    return [p for p in paths if p != "-" and not os.path.exists(p)]


def _check_remote(uri: str) -> str | None:
    from newsclean.pipeline import remote

    try:
        return None if remote.exists(uri) else f"input does not exist: {uri}"
    except Exception as exc:  # unknown scheme, missing credentials, no network
        return f"cannot open {uri}: {exc}"


def _check_inputs(paths: Sequence[str]) -> str | None:
    for uri in (p for p in paths if "://" in p):
        err = _check_remote(uri)
        if err:
            return err
    paths = [p for p in paths if "://" not in p]
    missing = _missing(paths)
    if missing:
        return (
            f"input path does not exist: {missing[0]}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            + "; check the path, or pass - to read standard input"
        )
    unreadable = [p for p in paths if p != "-" and not os.access(p, os.R_OK)]
    if unreadable:
        return f"cannot read {unreadable[0]}: permission denied"
    return None


def _documents(inputs: Sequence[str], options: Options) -> Iterator[object]:
    """Documents of every input in argument order; ``-`` (or nothing) is stdin."""
    from newsclean.io.readers import list_units, read_stdin, read_unit

    if not inputs:
        yield from read_stdin(options.limits)
        return
    files: list[str] = []
    for item in [*inputs, None]:
        if item is not None and item != "-":
            files.append(item)
            continue
        for unit in list_units(files) if files else []:
            yield from read_unit(unit, options.limits)
        files = []
        if item == "-":
            yield from read_stdin(options.limits)


def _check_boilerplate(options: Options) -> str | None:
    path = options.boilerplate_path
    if not path:
        return None
    if not os.path.exists(path):
        return f"boilerplate table not found: {path}"
    from newsclean.clean.boilerplate import BoilerplateTable

    try:
        BoilerplateTable.load(path)
    except Exception as exc:
        return (
            f"cannot use boilerplate table {path}: {exc}; "
            "make one with `newsclean learn-boilerplate INPUT -o FILE`"
        )
    return None


def cmd_extract(a: argparse.Namespace) -> int:
    from newsclean.io.writers import JsonlWriter, ParquetWriter
    from newsclean.pipeline.stages import process_document
    from newsclean.record import Document

    err = _check_inputs(a.inputs)
    if err:
        return _fail(err)
    fmt = a.format or ("parquet" if (a.output or "").endswith(".parquet") else "jsonl")
    if fmt == "parquet" and (not a.output or a.output == "-"):
        return _fail("--format parquet needs an output file: add -o FILE.parquet")
    options = _options(a)
    err = _check_boilerplate(options)
    if err:
        return _fail(err)
    writer: JsonlWriter | ParquetWriter
    writer = ParquetWriter(a.output) if fmt == "parquet" else JsonlWriter(a.output)
    try:
        for doc in _documents(a.inputs, options):
            assert isinstance(doc, Document)
            writer.write(process_document(doc, options))
    except BrokenPipeError:
        # `newsclean extract ... | head`: the reader left; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return 0


def cmd_run(a: argparse.Namespace) -> int:
    from newsclean.pipeline.run import RunConfig, RunError, run

    err = _check_inputs(a.inputs)
    if err:
        return _fail(err)
    if "-" in a.inputs:
        return _fail("`run` reads files and directories, not standard input")
    if a.workers is not None and a.workers < 1:
        return _fail("--workers must be at least 1")
    if a.dedup_threshold is not None and not 0 < a.dedup_threshold <= 1:
        return _fail("--dedup-threshold must be in (0, 1]")
    options = _options(a)
    err = _check_boilerplate(options)
    if err:
        return _fail(err)
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
    )
    try:
        run(cfg)
    except RunError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print(
            f"\nnewsclean: interrupted; finished units are kept. Run the same command "
            f"with --resume to finish:\n  newsclean run {' '.join(a.inputs)} --out {a.out} "
            "--resume",
            file=sys.stderr,
        )
        return INTERRUPTED
    return 0


def cmd_learn_boilerplate(a: argparse.Namespace) -> int:
    err = _check_inputs(a.inputs)
    if err:
        return _fail(err)
    from newsclean.clean.boilerplate import BoilerplateCounter, site_of
    from newsclean.pipeline.stages import process_document
    from newsclean.record import OK, Document

    options = _options(a)
    n = 0
    with BoilerplateCounter() as counter:
        for doc in _documents(a.inputs, options):
            assert isinstance(doc, Document)
            art = process_document(doc, options)
            if art.status == OK and art.text:
                counter.add(site_of(art.url, art.site_name), art.text)
                n += 1
        table = counter.finalize()
    table.save(a.output)
    print(
        f"newsclean: {len(table)} boilerplate lines from {n} articles -> {a.output}",
        file=sys.stderr,
    )
    return 0


def cmd_inspect(a: argparse.Namespace) -> int:
    if not os.path.isdir(a.dir):
        return _fail(f"not a directory: {a.dir} (give the --out DIR of a `newsclean run`)")
    from newsclean.inspect.layout import NotARun
    from newsclean.inspect.server import serve

    try:
        serve(a.dir, port=a.port, host=a.host, source_roots=a.source_root)
    except KeyboardInterrupt:
        return 0
    except NotARun as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot serve on port {a.port}: {exc}; try another --port")
    except ValueError as exc:  # e.g. a non-loopback --host, which the server refuses
        return _fail(f"cannot serve: {exc}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    commands = {
        "extract": cmd_extract,
        "run": cmd_run,
        "learn-boilerplate": cmd_learn_boilerplate,
        "inspect": cmd_inspect,
        "fetch": fetch_main,
    }
    if a.command is None:
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    try:
        return commands[a.command](a)
    except KeyboardInterrupt:
        return INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
