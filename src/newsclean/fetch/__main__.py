"""``python -m newsclean.fetch ...``: the fetch subcommand on its own."""

from __future__ import annotations

import argparse
import sys

from newsclean.fetch.cli import add_parser, main


def _main() -> int:
    parser = argparse.ArgumentParser(prog="newsclean")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return main(parser.parse_args(["fetch", *sys.argv[1:]]))


if __name__ == "__main__":
    sys.exit(_main())
