"""The package's shape: imports point one way (pyproject's import-linter
contract), the public API is small, and no module hides a broken import."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

SRC = Path(__file__).resolve().parents[1] / "src" / "newsclean"


def test_imports_point_one_way() -> None:
    # cli -> pipeline -> html -> clean -> metadata -> io -> record (the contract in
    # pyproject.toml): an arrow pointing back up fails here.
    assert lint_imports(config_filename=str(SRC.parents[1] / "pyproject.toml")) == 0


def _imports_guarded_by_except(tree: ast.AST) -> list[int]:
    """Lines of imports inside a ``try`` whose handler catches their failure."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        imports = [n for n in node.body if isinstance(n, ast.Import | ast.ImportFrom)]
        catches = any(
            h.type is None
            or (isinstance(h.type, ast.Name) and h.type.id in ("Exception", "ImportError"))
            for h in node.handlers
        )
        if imports and catches:
            found.extend(n.lineno for n in imports)
    return found


def test_no_module_falls_back_silently_when_an_import_fails() -> None:
    # Only optional dependencies may be imported inside try/except, and each
    # such place must raise with the install line instead of going on without.
    allowed = {"pipeline/run.py", "fetch/ray_engine.py", "pipeline/ray_engine.py"}
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in allowed:
            continue
        lines = _imports_guarded_by_except(ast.parse(path.read_text("utf-8")))
        offenders += [f"{rel}:{n}" for n in lines]
    assert offenders == []


def test_public_api_is_small() -> None:
    import newsclean

    assert sorted(newsclean.__all__) == [
        "Article",
        "Limits",
        "Options",
        "Removed",
        "__version__",
        "clean_text",
        "extract",
    ]
    assert callable(newsclean.extract) and callable(newsclean.clean_text)


def test_the_version_is_the_same_everywhere_it_is_written() -> None:
    import tomllib
    from pathlib import Path

    import newsclean
    from newsclean.fetch.config import DEFAULT_USER_AGENT, VERSION

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    declared = tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
    assert newsclean.__version__ == declared == VERSION
    assert f"newsclean/{declared}" in DEFAULT_USER_AGENT
