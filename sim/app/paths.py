"""Keep every path the app is asked to read inside the results root.

A path comes from the page URL or a dropdown, so it is untrusted: it may be absolute, climb out
with ``..``, or go through a symbolic link that points elsewhere. :func:`resolve_within` resolves
it (following links) and refuses anything that does not end up inside the root.
:func:`discover` lists the results folders a user can open, without following links out.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

# What marks a folder as one of the results kinds (see results-contract.md and interface D).
EXPERIMENT_MARK = "experiment.json"
RUN_MARK = "manifest.json"
MAX_DEPTH = 4
MAX_ENTRIES = 500


class PathRefused(ValueError):
    """A requested path that is not a folder inside the results root."""


@dataclass(frozen=True)
class Entry:
    """A results folder found under the root.

    Attributes:
        rel: Path relative to the root, with ``/`` separators (what the URL carries).
        kind: ``experiment``, ``run`` or ``multirun`` (a folder of run folders).
        runs: Number of run folders it holds (1 for a run, as listed for an experiment).
    """

    rel: str
    kind: str
    runs: int

    @property
    def label(self) -> str:
        """Text shown in the folder chooser."""
        noun = "run" if self.runs == 1 else "runs"
        return f"{self.rel}  ({self.kind}, {self.runs} {noun})"


def resolve_within(root: Path, requested: str | None) -> Path:
    """The absolute path of ``requested`` (relative to ``root``), refused if it leaves the root.

    Args:
        root: The results root given to the app.
        requested: A path relative to the root, as received from the page; empty means the root.

    Returns:
        The resolved path (symbolic links followed), inside the resolved root.

    Raises:
        PathRefused: For an absolute path, a NUL byte, or a path that resolves outside the root
            (through ``..`` or a symbolic link); the message says which.
    """
    base = Path(root).resolve()
    text = (requested or "").strip()
    if text in ("", "."):
        return base
    if "\x00" in text:
        raise PathRefused("refused: the path contains a NUL byte")
    candidate = Path(text)
    if candidate.is_absolute() or text.startswith("~"):
        raise PathRefused(f"refused: {text!r} is not relative to the results root ({base}); give a relative path")
    joined = base / candidate
    resolved = joined.resolve()
    if not resolved.is_relative_to(base):
        lexical = Path(os.path.normpath(joined))
        how = "a symbolic link leads" if lexical.is_relative_to(base) else "it leads"
        raise PathRefused(f"refused: {text!r} is outside the results root ({base}): {how} out of it")
    return resolved


def relative_to_root(root: Path, path: Path) -> str:
    """``path`` relative to the resolved root, with ``/`` separators (``"."`` for the root)."""
    return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


def _kind(folder: Path) -> tuple[str, int] | None:
    if (folder / EXPERIMENT_MARK).is_file():
        return "experiment", _experiment_runs(folder)
    if (folder / RUN_MARK).is_file():
        return "run", 1
    runs = sum(1 for child in _subfolders(folder) if (child / RUN_MARK).is_file())
    return ("multirun", runs) if runs else None


def _experiment_runs(folder: Path) -> int:
    try:
        n_runs = json.loads((folder / EXPERIMENT_MARK).read_text(encoding="utf-8")).get("n_runs")
    except (OSError, ValueError, AttributeError):
        n_runs = None
    if isinstance(n_runs, int):
        return n_runs
    runs = folder / "runs"
    return sum(1 for _ in _subfolders(runs)) if runs.is_dir() else 0


def _subfolders(folder: Path) -> list[Path]:
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    # Symbolic links are not followed while listing: a link may point out of the root.
    return [Path(child.path) for child in children if child.is_dir(follow_symlinks=False)]


def discover(root: Path, max_depth: int = MAX_DEPTH, limit: int = MAX_ENTRIES) -> list[Entry]:
    """Results folders under ``root``: experiments, runs and folders of runs, sorted by path.

    The walk does not go into a run or an experiment (an experiment's runs are read through
    the experiment) and stops after ``limit`` entries.

    Args:
        root: The results root.
        max_depth: How many folder levels below the root to look.
        limit: Most entries returned.
    """
    base = Path(root).resolve()
    if not base.is_dir():
        return []
    found: list[Entry] = []
    pending = [(base, 0)]
    while pending and len(found) < limit:
        folder, depth = pending.pop(0)
        kind = _kind(folder)
        if kind is not None:
            found.append(Entry(rel=relative_to_root(base, folder), kind=kind[0], runs=kind[1]))
            if kind[0] != "multirun":
                continue
        if depth < max_depth:
            pending.extend((child, depth + 1) for child in _subfolders(folder))
    return sorted(found, key=lambda entry: entry.rel)
