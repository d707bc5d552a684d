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
MAIN_MARK = "job.json"  # tzcld-main
HYDRA_MARK = "multirun.yaml"  # tzcld -m
MAX_DEPTH = 4
MAX_ENTRIES = 500

# Kinds of results folder, in the order the folder menu groups them.
KINDS = ("main", "experiment", "multirun", "folder", "run", "broken")


class PathRefused(ValueError):
    """A requested path that is not a folder inside the results root.

    ``str(error)`` is the English message; :meth:`text` gives it in the page's language.
    """

    def __init__(self, reason: str, **fields: str) -> None:
        self.reason = reason
        self.fields = fields
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``fr`` or ``en``)."""
        from sim.report.numbers import lang_index

        return REFUSALS[self.reason][lang_index(lang)].format(**self.fields)


REFUSALS = {
    "nul": ("refusé : le chemin contient un octet NUL", "refused: the path contains a NUL byte"),
    "absolute": (
        "refusé : {path!r} n'est pas relatif à la racine des résultats ({base}) ; donnez un chemin relatif",
        "refused: {path!r} is not relative to the results root ({base}); give a relative path",
    ),
    "outside": (
        "refusé : {path!r} est hors de la racine des résultats ({base}) : il en sort",
        "refused: {path!r} is outside the results root ({base}): it leads out of it",
    ),
    "link": (
        "refusé : {path!r} est hors de la racine des résultats ({base}) : un lien symbolique en sort",
        "refused: {path!r} is outside the results root ({base}): a symbolic link leads out of it",
    ),
}


@dataclass(frozen=True)
class Entry:
    """A results folder found under the root.

    Attributes:
        rel: Path relative to the root, with ``/`` separators (what the URL carries).
        kind: One of :data:`KINDS`: ``main`` (a ``tzcld-main`` job), ``experiment``,
            ``multirun`` (a Hydra sweep), ``folder`` (other run folders side by side, as
            ``tzcld`` writes single runs), ``run``, or ``broken`` (a run whose manifest cannot
            be read: opening it shows why).
        runs: Number of run folders it holds (1 for a run, as listed for an experiment).
    """

    rel: str
    kind: str
    runs: int

    @property
    def label(self) -> str:
        """Text shown in the folder chooser (English)."""
        return self.label_in("en")

    def label_in(self, lang: str) -> str:
        """Text shown in the folder chooser, in ``lang``."""
        from sim.app.words import word

        name = word("this_folder", lang) if self.rel == "." else self.rel
        count = word("one_run", lang) if self.runs == 1 else word("runs_count", lang).format(n=self.runs)
        if self.kind in ("run", "broken"):
            return f"{name}  ({word('kind_' + self.kind, lang)})"
        return f"{name}  ({word('kind_' + self.kind, lang)}, {count})"


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
        raise PathRefused("nul")
    candidate = Path(text)
    if candidate.is_absolute() or text.startswith("~"):
        raise PathRefused("absolute", path=text, base=str(base))
    joined = base / candidate
    resolved = joined.resolve()
    if not resolved.is_relative_to(base):
        lexical = Path(os.path.normpath(joined))
        raise PathRefused("link" if lexical.is_relative_to(base) else "outside", path=text, base=str(base))
    return resolved


def relative_to_root(root: Path, path: Path) -> str:
    """``path`` relative to the resolved root, with ``/`` separators (``"."`` for the root)."""
    return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


def _kind(folder: Path) -> tuple[str, int] | None:
    if (folder / EXPERIMENT_MARK).is_file():
        return "experiment", _experiment_runs(folder)
    if (folder / RUN_MARK).is_file():
        return ("run", 1) if _readable(folder / RUN_MARK) else ("broken", 1)
    # an unreadable run does not make its parent a folder of runs (it is listed on its own)
    runs = sum(1 for child in _subfolders(folder) if (child / RUN_MARK).is_file() and _readable(child / RUN_MARK))
    if not runs:
        return None
    if (folder / MAIN_MARK).is_file():
        return "main", runs
    if (folder / HYDRA_MARK).is_file():
        return "multirun", runs
    return "folder", runs


def _readable(manifest: Path) -> bool:
    try:
        return isinstance(json.loads(manifest.read_text(encoding="utf-8")), dict)
    except (OSError, ValueError):
        return False


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
    """Results folders under ``root``: main jobs, experiments, Hydra sweeps, folders of runs,
    single runs and unreadable runs, sorted by kind (:data:`KINDS`) then path.

    The walk does not go into a run or an experiment, nor into a main job or a Hydra sweep (their
    runs are opened through them, with the design, territory and replication filters); it does
    go into a plain folder of runs, whose runs are listed one by one. It stops after ``limit``
    entries.

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
            if kind[0] != "folder":
                continue
        if depth < max_depth:
            pending.extend((child, depth + 1) for child in _subfolders(folder))
    return sorted(found, key=lambda entry: (KINDS.index(entry.kind), entry.rel))
