"""Inputs and outputs on any filesystem pyarrow supports (s3://, gs://, hdfs://,
abfs://, file://).

The readers, DuckDB and the resume manifest work on local files, so a run
stages through local disk: remote inputs are copied into a local staging
directory before units are listed, and when ``--out`` is a URI
the run writes to a local staging directory and uploads the final shards and
``.newsclean/summary.json`` at the end. Credentials come from the usual environment of each
filesystem (AWS_*, GOOGLE_APPLICATION_CREDENTIALS, ...), as pyarrow reads them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile

import pyarrow.fs as pafs

from newsclean.pipeline.layout import META_DIR, SHARD_PREFIX


def is_uri(path: str) -> bool:
    return "://" in path


def exists(uri: str) -> bool:
    fs, path = pafs.FileSystem.from_uri(uri)
    return fs.get_file_info(path).type != pafs.FileType.NotFound


def staging_dir(out_uri: str) -> str:
    """A local directory for a run whose output is ``out_uri`` (stable, so that
    ``--resume`` on the same machine finds the same staging)."""
    tag = hashlib.sha1(out_uri.encode()).hexdigest()[:16]
    base = os.environ.get("NEWSCLEAN_STAGING") or tempfile.gettempdir()
    return os.path.join(base, f"newsclean-staging-{tag}")


def fetch_inputs(inputs: list[str], dest: str) -> list[str]:
    """Local paths for ``inputs``: URIs are copied under ``dest`` (once)."""
    out: list[str] = []
    for i, item in enumerate(inputs):
        if not is_uri(item):
            out.append(item)
            continue
        fs, path = pafs.FileSystem.from_uri(item)
        name = os.path.basename(path.rstrip("/")) or f"input{i}"
        local = os.path.join(dest, f"{i:03d}", name)
        done = local + ".fetched"
        if not os.path.exists(done):
            os.makedirs(os.path.dirname(local), exist_ok=True)
            if fs.get_file_info(path).type == pafs.FileType.Directory:
                os.makedirs(local, exist_ok=True)  # copy_files does not create it
            pafs.copy_files(
                path, local, source_filesystem=fs, destination_filesystem=pafs.LocalFileSystem()
            )
            with open(done, "w") as fh:
                fh.write(item + "\n")
        out.append(local)
    return out


def push_outputs(local_dir: str, out_uri: str) -> None:
    """Upload the final shards and ``.newsclean/`` (summary.json) of ``local_dir`` to
    ``out_uri``; the summary last, as it marks a finished run."""
    fs, base = pafs.FileSystem.from_uri(out_uri)
    fs.create_dir(base, recursive=True)
    local = pafs.LocalFileSystem()
    names = sorted(os.listdir(local_dir), key=lambda n: (n == META_DIR, n))
    for name in names:
        if name.startswith(SHARD_PREFIX) or name == META_DIR:
            if name == META_DIR:
                fs.create_dir(f"{base.rstrip('/')}/{name}", recursive=True)
            pafs.copy_files(
                os.path.join(local_dir, name),
                f"{base.rstrip('/')}/{name}",
                source_filesystem=local,
                destination_filesystem=fs,
            )
