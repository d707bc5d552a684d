"""A study of many runs from Python: :func:`run_experiment` and its :class:`ExperimentResults`.

The same path as ``tzcld-experiment run``: the specification (a file, the name of one shipped
with the package, or a mapping with the same keys) is validated, every design point is composed
and checked before any run, and the runs go to local worker processes or to a Dask client. With
``out``, the results folder is written there, exactly as the command writes it, and a second call
resumes it; without, the runs are made in a temporary folder, the tables are read into memory and
the folder is deleted.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from sim.contract.dictionary import read_parquet

TABLES = {
    "runs": "runs.parquet",
    "timeseries": "timeseries.parquet",
    "ledger": "ledger.parquet",
    "aggregate": "aggregate.parquet",
    "paired_differences": "paired_differences.parquet",
    "sensitivity": "sensitivity.parquet",
}


def _table(name: str, doc: str) -> cached_property:
    """A table of the results, read once (from memory, or from the folder when first asked for)."""

    def read(self: ExperimentResults) -> Any:
        return self._read(name)

    read.__doc__ = doc
    return cached_property(read)


class ExperimentResults:
    """The outputs of an experiment (docs/results.md, "One experiment").

    Tables are read when first asked for from ``out_dir``, or held in memory when the experiment
    ran without a results folder. A table the experiment did not write (``sensitivity`` without
    a Sobol or Morris analysis) is ``None``.

    Attributes:
        out_dir: The results folder, or ``None`` for an experiment kept in memory.
        record: The content of ``experiment.json`` (specification, hash, counts, times).
        done: Runs completed by this call.
        failed: Runs that failed in this call (see :attr:`failures`).
        skipped: Runs already complete in ``out_dir`` from an earlier call.
        failures: ``(run_id, error)`` of the failed runs.
        notes: Messages of the analyses.
    """

    def __init__(self, out_dir: Path | None, outcome: Any, tables: dict[str, Any] | None = None) -> None:
        self.out_dir = out_dir
        self.done, self.failed, self.skipped = outcome.done, outcome.failed, outcome.skipped
        self.failures = list(outcome.failures)
        self.notes = list(outcome.notes)
        self._folder = outcome.out_dir
        self._memory = tables

    def _read(self, name: str) -> Any:
        if self._memory is not None:
            return self._memory.get(name)
        path = self._folder / (TABLES.get(name) or name)
        if not path.exists():
            return None
        if path.suffix == ".json":
            return json.loads(path.read_text(encoding="utf-8"))
        return read_parquet(path)

    record = _table("experiment.json", "``experiment.json``: the specification, its hash, counts and times.")
    runs = _table("runs", "One row per run: identity, factors, status and every summary.json key.")
    timeseries = _table("timeseries", "Every successful run's time series, with the run's identity columns first.")
    ledger = _table("ledger", "Every successful run's ledger, with the run's identity columns first.")
    aggregate = _table("aggregate", "Per design point and indicator: n, mean, median, p05, p95 over replications.")
    paired_differences = _table("paired_differences", "Designs compared seed by seed (design_a minus design_b).")
    sensitivity = _table("sensitivity", "Sobol' or Morris indices, or None without such an analysis.")
    break_even = _table("break_even.json", "The PRIM boxes (break_even.json), or None without a prim analysis.")

    def __repr__(self) -> str:
        where = self.out_dir if self.out_dir is not None else "in memory"
        return (
            f"<ExperimentResults {self.record.get('name')!r} ({where}): {self.done} done, "
            f"{self.failed} failed, {self.skipped} skipped>"
        )


def _spec(spec: str | Path | Mapping[str, Any], quick: bool) -> Any:
    from sim.experiments.spec import load_spec, parse_spec

    if isinstance(spec, Mapping):
        name = spec.get("name", "?")
        return parse_spec(dict(spec), f"experiment {name!r} (given as a mapping)", None, quick)
    return load_spec(spec, quick=quick)


def run_experiment(
    spec: str | Path | Mapping[str, Any],
    out: str | Path | None = None,
    client: Any = None,
    *,
    quick: bool = False,
    workers: int = 2,
    restart: bool = False,
    progress: bool = True,
) -> ExperimentResults:
    """Run (or resume) an experiment, as ``tzcld-experiment run`` does.

    Args:
        spec: An experiment file, the name of one shipped with the package
            (``compare_designs``...), or a mapping with the keys of such a file
            (docs/experiments.md).
        out: The results folder; ``None`` keeps the results in memory (the runs are made in a
            temporary folder, deleted afterwards). A Dask cluster on other machines needs a
            folder they all see.
        client: A ``distributed.Client``: the runs go to its workers instead of local processes.
        quick: Merge the specification's ``quick`` section (a few short runs).
        workers: Local worker processes (0: in this process); ignored with ``client``.
        restart: Delete the runs already in ``out`` and start again.
        progress: Show a progress bar (``tqdm.auto``: a widget in Jupyter).

    Returns:
        The experiment's :class:`ExperimentResults`.

    Raises:
        ConfigError: For a specification or a design point ``tzcld-experiment`` would refuse
            (nothing is run).
        ExperimentDirError: For an ``out`` folder holding something else.
        MissingExtra: For an analysis whose optional package is not installed.
    """
    from sim.experiments.experiment import run_experiment as run

    checked = _spec(spec, quick)
    if out is not None:
        outcome = run(checked, Path(out), workers=workers, client=client, restart=restart, progress=progress)
        return ExperimentResults(outcome.out_dir, outcome)
    folder = Path(tempfile.mkdtemp(prefix=f"tzcld_{checked.name}_"))
    try:
        outcome = run(checked, folder / checked.name, workers=workers, client=client, progress=progress)
        results = ExperimentResults(outcome.out_dir, outcome)
        tables = {name: results._read(name) for name in (*TABLES, "experiment.json", "break_even.json")}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ExperimentResults(None, outcome, tables)
