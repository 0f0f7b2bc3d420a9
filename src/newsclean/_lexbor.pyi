"""Types of the compiled walks over a page's nodes (src/newsclean/_lexbor.c)."""

from collections.abc import Callable
from typing import Any

def bind(path: str, specials: dict[int, str], /) -> None: ...
def walk(
    root: int,
    codes: dict[str, int],
    kinds: dict[str, tuple[str, int]],
    paragraph: tuple[str, int],
    block: type,
    finish_pre: Callable[[str], str],
    /,
) -> tuple[
    list[Any], list[int], list[int], list[str], list[dict[str, str | None]], dict[int, int]
]: ...
def texts(root: int, limit: int, heading: str, /) -> tuple[list[tuple[int, str]], int]: ...
def path(root: int, index: int, /) -> list[int] | None: ...
