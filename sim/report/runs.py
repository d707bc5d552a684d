"""Read the output directories of many runs into a few tables.

A run directory holds the files named in docs/results.md. :func:`load_runs` reads them
for any number of runs, keeps the successful ones and stacks their tables, each row tagged with
the identity of the run it comes from, so that tables and figures can group by scenario,
territory and seed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.contract.dictionary import read_parquet
from sim.ledger import LEDGER_FILE_COLUMNS
from sim.outputs import flatten_summary

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
TIMESERIES = "timeseries.parquet"
LEDGER = "ledger.parquet"
RUN_FILES = (MANIFEST, SUMMARY, TIMESERIES, LEDGER)

# Columns added to every timeseries and ledger row. ``run`` (the directory name) keeps two runs
# apart even when they share scenario, territory and seed (a parameter sweep does that).
IDENTITY_COLUMNS = ("run", "scenario", "design", "territory", "seed")

SUMMARY_IDENTITY_KEYS = ("scenario", "territory", "seed", "horizon_months")
TIMESERIES_COLUMNS = (
    "month",
    "date",
    "world",
    "jobless",
    "volunteers_waiting",
    "ebe_fte",
    "subsidised_contracts",
)
LEDGER_COLUMNS = LEDGER_FILE_COLUMNS


@dataclass(frozen=True)
class RunSet:
    """The successful runs of a set of run directories, stacked.

    Attributes:
        summaries: One row per run: every ``summary.json`` key (``net_cost_by_payer_eur``
            flattened to ``net_cost_by_payer_eur.<payer>`` columns), plus ``run``, ``run_dir``,
            ``config_hash``, ``git_commit`` and ``wall_seconds`` from the manifest.
        timeseries: Every run's ``timeseries.parquet``, with the identity columns first.
        ledger: Every run's ``ledger.parquet``, with the identity columns first.
        payers: ``(name, label)`` of every payer, in the order the runs list them.
        failed: Number of runs whose manifest status is not ``"ok"`` (they are left out).
        failed_dirs: The directories of those runs.
    """

    summaries: pd.DataFrame
    timeseries: pd.DataFrame
    ledger: pd.DataFrame
    payers: list[tuple[str, str]]
    failed: int = 0
    failed_dirs: tuple[Path, ...] = field(default=())

    @property
    def n_runs(self) -> int:
        """Number of successful runs."""
        return len(self.summaries)


def load_runs(run_dirs: Iterable[Path | str]) -> RunSet:
    """Read the contracted files of many run directories.

    Runs whose manifest status is not ``"ok"`` are counted in :attr:`RunSet.failed` and
    otherwise ignored; their other files are not read (a failed run may not have written them).

    Args:
        run_dirs: Run output directories, each holding ``manifest.json``, ``summary.json``,
            ``timeseries.parquet`` and ``ledger.parquet``.

    Returns:
        The stacked tables of the successful runs, in the order given.

    Raises:
        FileNotFoundError: If a directory lacks one of the contracted files.
        ValueError: If a file cannot be parsed or lacks a contracted key or column.
    """
    summaries: list[dict[str, Any]] = []
    timeseries: list[pd.DataFrame] = []
    ledgers: list[pd.DataFrame] = []
    payers: dict[str, str] = {}
    failed_dirs: list[Path] = []

    for run_dir in map(Path, run_dirs):
        manifest = _read_json(run_dir, MANIFEST)
        if manifest.get("status") != "ok":
            failed_dirs.append(run_dir)
            continue
        missing = [name for name in RUN_FILES if not (run_dir / name).is_file()]
        if missing:
            raise FileNotFoundError(f"run directory {run_dir} lacks {', '.join(missing)} (its manifest says status ok)")
        summary = _read_json(run_dir, SUMMARY)
        _require(run_dir / SUMMARY, summary.keys(), SUMMARY_IDENTITY_KEYS, "key")
        for payer in summary.get("payers") or []:
            payers.setdefault(payer["name"], payer.get("label") or payer["name"])

        identity = _identity(run_dir, summary)
        summaries.append(_summary_row(run_dir, summary, manifest))
        timeseries.append(_read_table(run_dir, TIMESERIES, TIMESERIES_COLUMNS, identity))
        ledgers.append(_read_table(run_dir, LEDGER, LEDGER_COLUMNS, identity))

    return RunSet(
        summaries=pd.DataFrame(summaries),
        timeseries=_concat(timeseries, TIMESERIES_COLUMNS),
        ledger=_concat(ledgers, LEDGER_COLUMNS),
        payers=list(payers.items()),
        failed=len(failed_dirs),
        failed_dirs=tuple(failed_dirs),
    )


def _read_json(run_dir: Path, name: str) -> dict[str, Any]:
    path = run_dir / name
    if not path.is_file():
        raise FileNotFoundError(f"run directory {run_dir} lacks {name} ({path} not found)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        # Bad file content, not a programming error: ValueError like the other parse errors.
        raise ValueError(  # noqa: TRY004
            f"{path} should hold a JSON object, not {type(data).__name__}"
        )
    return data


def _require(path: Path, present: Iterable[str], required: Iterable[str], what: str) -> None:
    missing = sorted(set(required) - set(present))
    if missing:
        raise ValueError(f"{path} lacks the contracted {what}(s) {', '.join(missing)}")


def _identity(run_dir: Path, summary: dict[str, Any]) -> dict[str, Any]:
    # Older or hand-made summaries may lack `design`; the scenario name is the best stand-in.
    return {
        "run": run_dir.name,
        "scenario": summary["scenario"],
        "design": summary.get("design") or summary["scenario"],
        "territory": summary["territory"],
        "seed": summary["seed"],
    }


def _summary_row(run_dir: Path, summary: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any]:
    # `payers` (a list) is gathered into RunSet.payers, not repeated on every row
    row: dict[str, Any] = {"run": run_dir.name, "run_dir": str(run_dir), **flatten_summary(summary)}
    row.setdefault("design", row["scenario"])
    for key in ("config_hash", "git_commit", "wall_seconds"):
        row[key] = manifest.get(key)
    return row


def _read_table(run_dir: Path, name: str, required: Iterable[str], identity: dict[str, Any]) -> pd.DataFrame:
    path = run_dir / name
    try:
        table = read_parquet(path)  # text as plain strings, not categoricals
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise ValueError(f"cannot read {path}: {exc}") from exc
    _require(path, table.columns, required, "column")
    # The summary is the authority on a run's identity; drop any copy the engine wrote.
    table = table.drop(columns=[column for column in identity if column in table.columns])
    for position, (column, value) in enumerate(identity.items()):
        table.insert(position, column, value)
    return table


def _concat(tables: list[pd.DataFrame], columns: Iterable[str]) -> pd.DataFrame:
    if not tables:
        return pd.DataFrame(columns=[*IDENTITY_COLUMNS, *columns])
    return pd.concat(tables, ignore_index=True)
