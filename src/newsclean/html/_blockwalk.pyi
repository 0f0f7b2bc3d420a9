"""Types of the compiled block walk (src/newsclean/html/_blockwalk.c)."""

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
