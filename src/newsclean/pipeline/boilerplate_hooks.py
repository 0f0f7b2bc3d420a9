"""The pipeline's use of ``newsclean.clean.boilerplate``, guarded so a missing
module only disables the corpus boilerplate pass."""

from __future__ import annotations

import os

from newsclean.record import Article


def available() -> bool:
    try:
        import newsclean.clean.boilerplate  # noqa: F401
    except Exception:
        return False
    return True


def site(art: Article) -> str | None:
    from newsclean.clean.boilerplate import site_of

    return site_of(art.url, art.site_name)


def write_lines(path: str, docs: list[tuple[str | None, str]]) -> None:
    from newsclean.clean.boilerplate import write_lines_parquet

    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_lines_parquet(path, docs)
