"""Blocks -> Markdown: headings, list items, quotes, code, tables' rows, with the
inline emphasis, code and links that content.collect_blocks recorded."""

from __future__ import annotations

from collections.abc import Iterable

from newsclean.html.content import Block


def block_markdown(block: Block) -> str:
    inline = block.markdown if block.markdown is not None else block.text
    if block.kind == "h":
        return f"{'#' * max(1, min(block.level, 6))} {block.text}"
    if block.kind == "li":
        return f"- {inline}"
    if block.kind == "quote":
        return f"> {inline}"
    if block.kind == "pre":
        return f"```\n{block.text}\n```"
    if block.kind == "row":
        return f"| {inline} |"
    if block.kind == "caption":
        return f"*{block.text}*"
    return inline


def blocks_to_markdown(blocks: Iterable[Block], kept: set[str] | None = None) -> str:
    """Markdown of ``blocks``; with ``kept``, only blocks whose text the cleaner kept.

    Consecutive list items and table rows are written without blank lines
    between them so that they stay one list / one table."""
    out: list[str] = []
    prev_kind = ""
    for block in blocks:
        if kept is not None and block.text not in kept:
            continue
        md = block_markdown(block)
        tight = block.kind == prev_kind and block.kind in ("li", "row")
        if out:
            out.append("\n" if tight else "\n\n")
        out.append(md)
        if block.kind == "row" and not tight:
            # A Markdown table needs the delimiter row under its first (header) row.
            out.append("\n|" + " --- |" * max(1, block.cells))
        prev_kind = block.kind
    return "".join(out)
