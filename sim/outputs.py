"""Writing a run's files: atomically, never over an existing run, manifest last.

Each file is written to a temporary name in the same directory and renamed into place, so a
reader never sees half a file. ``manifest.json`` is written last: a directory with a manifest
whose status is "ok" holds a complete run. A folder is claimed (:func:`claim_folder`) before
anything is written into it, so two writers never share one, and an operating-system refusal
(permissions, a read-only or full disk, a file where a folder should be) is told in one line
naming the path (:func:`describe_os_error`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import functools
import hashlib
import json
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.contract.dictionary import conform

# What a complete run writes: its results, then the manifest (written last).
RESULT_FILES = (
    "timeseries.parquet",
    "ledger.parquet",
    "evaluation.parquet",
    "territories.parquet",
    "summary.json",
)
RUN_FILES = (*RESULT_FILES, "manifest.json")
RECORD_FILE = ".hydra/config.yaml"
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
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno is not None and error.filename is None:
            # a failed write (disk full) names no file: name the one being written
            raise type(error)(error.errno, error.strerror, str(path)) from error
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


def flatten_summary(summary: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``summary.json`` as one flat row: nested objects as ``key.sub`` (at any depth), lists left out.

    The one flattening of a summary: experiment tables, the dashboards and the console tables
    all read summaries through it, so that a nested key has the same column name everywhere.
    """
    row: dict[str, Any] = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten_summary(value, f"{name}."))
        elif not isinstance(value, list):
            row[name] = value
    return row


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
    """Refuse to write into a directory that already holds a run (or a run's record)."""
    existing = [name for name in (*RUN_FILES, RECORD_FILE) if (out_dir / name).exists()]
    if existing:
        raise FileExistsError(
            f"{out_dir} already holds a run ({', '.join(existing)}); "
            "results are never overwritten: choose another directory"
        )


# --------------------------------------------------------------------------- claims and OS errors
CLAIM_FILE = ".claim"
_NO_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP)


class FolderBusy(RuntimeError):
    """Another live process holds the claim on a folder.

    Attributes:
        folder: The folder.
        holder: What the holder wrote in the claim (pid, host, since, purpose); may be empty.
    """

    def __init__(self, folder: Path, holder: dict[str, Any]) -> None:
        self.folder, self.holder = Path(folder), holder
        who = ", ".join(f"{key} {holder[key]}" for key in ("purpose", "pid", "host", "since") if holder.get(key))
        super().__init__(
            f"{folder} is being written by another process ({who or 'holder unknown'}); two writers never share "
            "a folder: wait until it has finished, or choose another folder"
        )


class Claim:
    """An exclusive claim on a folder, held until :meth:`release` (or the end of a ``with``).

    The claim is an advisory lock (``flock``) on ``<folder>/.claim``, which records the holder's
    pid, host, start time and purpose. The operating system drops the lock when its process ends,
    however it ends, so a process killed with ``kill -9`` leaves no lock: only its record, which
    the next claimant reads (:attr:`taken_over`) and replaces. A released claim deletes the file.

    Attributes:
        folder: The folder claimed.
        created: Whether claiming created the folder (removed again, if still empty, when the
            ``with`` block raises: a refused writer leaves no folder behind).
        taken_over: The record of a holder that ended without releasing the claim, or None.
    """

    def __init__(self, folder: Path, fd: int, created: bool, taken_over: dict[str, Any] | None) -> None:
        self.folder, self._fd, self.created, self.taken_over = folder, fd, created, taken_over

    def release(self) -> None:
        """Delete the claim file and drop the lock (deleting first: a waiting claimant that
        locks the old file sees it gone and starts again on a new one)."""
        if self._fd < 0:
            return
        try:
            (self.folder / CLAIM_FILE).unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.release()
        if kind is not None and self.created:
            with contextlib.suppress(OSError):
                self.folder.rmdir()  # only if empty


def _holder(fd: int) -> dict[str, Any]:
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", errors="replace")
        record = json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        record = {"unreadable": True}
    return record if isinstance(record, dict) else {}


def claim_folder(folder: Path, purpose: str, wait_seconds: float = 0.0) -> Claim:
    """Claim ``folder`` (created if needed) for this process before writing into it.

    Args:
        folder: The folder to write.
        purpose: What the claim is for, shown to a process refused by it (e.g. ``tzcld run``).
        wait_seconds: How long to wait for another holder to finish before refusing.

    Raises:
        FolderBusy: Another live process holds the claim.
        OSError: The folder cannot be created or written (see :func:`describe_os_error`).
    """
    folder = Path(folder)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CLAIM_FILE
    deadline = time.monotonic() + wait_seconds
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            raise FolderBusy(folder, holder) from None
        except OSError as error:
            if error.errno not in _NO_LOCKS:
                os.close(fd)
                raise
            # a filesystem without locks (some network mounts): write unlocked rather than not at
            # all; the folder is still checked for an earlier run (docs/refusals.md)
        except BaseException:
            os.close(fd)
            raise
        try:
            current = os.stat(path).st_ino
        except FileNotFoundError:
            current = None
        if current != os.fstat(fd).st_ino:
            os.close(fd)  # released (deleted) between our open and our lock: claim the new file
            continue
        # A record in a file nobody locks was left by a holder that ended without releasing it.
        previous = _holder(fd) or None
        record = {"pid": os.getpid(), "host": socket.gethostname(), "since": now_utc(), "purpose": purpose}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        return Claim(folder, fd, created, previous)


_OS_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENOENT: "no such file or folder",
    errno.EEXIST: "already exists",
    errno.EISDIR: "is a folder, where a file is expected",
    errno.ENAMETOOLONG: "name too long",
    errno.EADDRINUSE: "address already in use",
}


def describe_os_error(error: OSError) -> str:
    """One line naming the path and what the operating system refused, without a traceback."""
    path = error.filename
    if error.errno == errno.ENOTDIR and path is not None:
        # name the file that stands where a folder is needed
        where = Path(os.fsdecode(path))
        blocking = next((p for p in (where, *where.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            return f"{path}: {blocking} is a file, not a folder, so nothing can be written under it"
        return f"{path}: a part of the path is a file, not a folder"
    reason = _OS_REASONS.get(error.errno) or (error.strerror or str(error) or type(error).__name__)
    if path is None:
        return reason
    other = f" -> {error.filename2}" if error.filename2 is not None else ""
    return f"{path}{other}: {reason}"
