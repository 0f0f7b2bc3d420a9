"""py3langid's model, ready in a few hundredths of a second after the first time.

py3langid ships its model LZMA-compressed (4.5 MB for 68 MB of arrays) and
decompresses it on first use: half a second of CPU in every new process, most
of a one-page ``newsclean extract``. The first process to need it writes the
arrays to a cache file compressed with zstd (7 MB, decompressed in ~0.06 s);
later processes read that. The cache lives in ``$NEWSCLEAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/newsclean``, else ``~/.cache/newsclean``; its name carries
py3langid's version and the model file's size, so an upgrade makes a new one.
When the directory cannot be written the model is read from py3langid's own
file, as without a cache (same model, same answers; only slower).
"""

from __future__ import annotations

import io
import lzma
import os
import secrets
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import zstandard
from py3langid import langid
from py3langid.modelio import _to_array

ZSTD_LEVEL = 3  # level 19 saves 1.7 MB and costs 30 s once; decompression speed is the same


def cache_dir() -> Path:
    explicit = os.environ.get("NEWSCLEAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsclean"


def _model_file() -> Path:
    path = Path(langid.MODEL_FILE)
    return path if path.is_absolute() else langid.MODEL_DIR / path


def cache_path() -> Path:
    src = _model_file()
    return cache_dir() / f"py3langid-{version('py3langid')}-{src.stat().st_size}.npz.zst"


def _identifier(npz: bytes) -> Any:
    """A LanguageIdentifier from the model's uncompressed npz bytes (as py3langid's
    ``from_model_file`` builds it)."""
    with np.load(io.BytesIO(npz), allow_pickle=False) as data:
        return langid.LanguageIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            _to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            tk_row=_to_array(data["nextmove_row"]),
        )


def _write_cache(path: Path, npz: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
        tmp.write_bytes(zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(npz))
        os.replace(tmp, path)
    except OSError:
        return  # read-only home, full disk: the next process decompresses again


@cache
def identifier() -> Any:
    """py3langid's LanguageIdentifier for its shipped model, once per process."""
    path = cache_path()
    try:
        packed = path.read_bytes()
    except OSError:
        packed = b""
    if packed:
        try:
            return _identifier(zstandard.ZstdDecompressor().decompress(packed))
        except (zstandard.ZstdError, ValueError, KeyError, OSError):
            pass  # a damaged cache file is rewritten below
    with lzma.open(_model_file()) as fh:
        npz = fh.read()
    _write_cache(path, npz)
    return _identifier(npz)
