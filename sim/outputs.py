"""Writing a run's files: atomically, never over an existing run, manifest last.

Each file is written to a temporary name in the same directory and renamed into place, so a
reader never sees half a file. ``manifest.json`` is written last: a directory with a manifest
whose status is "ok" holds a complete run.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.contract.dictionary import conform

RUN_FILES = ("timeseries.parquet", "ledger.parquet", "summary.json", "manifest.json")
BUILD_RECORD = "_build.json"  # written into a wheel by setup.py
PACKAGES = ("tzcld-sim", "mesa", "hydra-core", "omegaconf", "numpy", "scipy", "pandas", "pyarrow", "plotly", "networkx")


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary path beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    """Atomically write pretty, key-sorted JSON."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_parquet(path: Path, frame: pd.DataFrame, factors: Iterable[str] = ()) -> None:
    """Atomically write a data frame as Parquet (deterministic bytes for identical data).

    The table is conformed to the data dictionary (:func:`sim.contract.dictionary.conform`):
    units and descriptions as field metadata, text dictionary-encoded, timestamps in ms.

    Args:
        path: The file; its name selects the dictionary's sections.
        frame: The table.
        factors: An experiment's factor columns, if the table has them.
    """
    table = conform(pa.Table.from_pandas(frame, preserve_index=False), path.name, factors)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def config_hash(resolved: dict) -> str:
    """SHA-256 of the resolved configuration in canonical JSON."""
    canonical = json.dumps(resolved, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@functools.cache
def git_commit() -> str | None:
    """Commit of the source tree, with ``-dirty`` when it has uncommitted changes.

    A checkout (an editable install) asks git; an installed wheel has no git tree and reads the
    commit it was built from, recorded in ``sim/_build.json`` by setup.py. Asked once per
    process: the code a process runs is the code it imported, and an experiment worker would
    otherwise start two git processes for every run.
    """
    root = Path(__file__).resolve().parents[1]
    if not (root / ".git").exists():
        return built_from()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("-dirty" if dirty else "")


def built_from() -> str | None:
    """The commit an installed wheel was built from (``None`` when not recorded)."""
    record = Path(__file__).resolve().parent / BUILD_RECORD
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("git_commit")
    except (OSError, ValueError, AttributeError):
        return None


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the results."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def now_utc() -> str:
    """Current time, ISO 8601 in UTC."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ensure_fresh(out_dir: Path) -> None:
    """Refuse to write into a directory that already holds a run."""
    existing = [name for name in RUN_FILES if (out_dir / name).exists()]
    if existing:
        raise FileExistsError(
            f"{out_dir} already holds a run ({', '.join(existing)}); "
            "results are never overwritten: choose another directory"
        )
