"""Builders of small results folders of every kind, as the commands write them (plain functions).

Used by the data-dictionary and export tests: a run folder (``tzcld``), a multirun folder (a
Hydra sweep), an experiment folder (``tzcld-experiment``) and a main-job folder (``tzcld-main``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sim.config.load import compose_config
from sim.run import execute


def run_folder(path: Path, overrides: list[str]) -> Path:
    """One run, as ``tzcld OVERRIDES hydra.run.dir=PATH`` writes it (with its ``.hydra/`` record)."""
    cfg = compose_config(overrides)
    outcome = execute(cfg, path, overrides=overrides)
    assert outcome.error is None, outcome.error
    return path


def multirun_folder(path: Path, sweeps: list[list[str]]) -> Path:
    """A folder of runs numbered as a ``tzcld -m`` sweep numbers them."""
    for number, overrides in enumerate(sweeps):
        run_folder(path / f"{number}_run", overrides)
    return path


def experiment_folder(path: Path, spec: dict[str, Any], workers: int = 0) -> Path:
    """An experiment's results folder, from a specification mapping."""
    from sim.experiments.experiment import run_experiment
    from sim.experiments.spec import parse_spec

    outcome = run_experiment(parse_spec(spec, spec["name"]), path, workers=workers, progress=False)
    assert outcome.failed == 0, outcome.failures
    return path


def main_job_folder(path: Path, *args: str) -> Path:
    """A ``tzcld-main`` folder."""
    from sim.mainjob import main

    assert main(["--out", str(path), "--workers", "1", *args]) == 0
    return path


SAMPLE = {
    "name": "sample",
    "question": "Which uncertainty drives the net cost, and where does the scheme pay for itself?",
    "indicators": ["net_public_cost_per_fte_year"],
    "root_seed": 1,
    "replications": 1,
    "horizon_months": 6,
    "design": {
        "kind": "sample",
        "method": "sobol",
        "n": 2,
        "uncertainties": ["takeup", "sales_share"],
        "fixed": {"scenario": "full_transposition", "territory": "pilot"},
    },
    "analysis": [
        {"kind": "sobol", "indicators": ["volunteers_total"]},
        {"kind": "prim", "indicator": "volunteers_total", "threshold": 100.0, "direction": "<="},
    ],
}
GRID = {
    "name": "grid",
    "question": "How do designs compare when take-up changes?",
    "indicators": ["net_public_cost_per_fte_year", "volunteers_total"],
    "root_seed": 2,
    "replications": 2,
    "horizon_months": 6,
    "design": {
        "kind": "grid",
        "factors": {"scenario": ["status_quo", "full_transposition"], "scenario.volunteering.takeup.value": [0.2, 0.4]},
        "fixed": {"territory": "pilot"},
    },
}


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_folders(tmp_path_factory: Any, name: str, build: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """Folders built once per test session, even across pytest-xdist workers.

    The first worker to arrive builds them under a lock in the session's shared temporary
    directory; the others wait and reuse them (pytest-xdist's documented pattern).
    """
    root = tmp_path_factory.getbasetemp().parent / f"shared_{name}"
    done = root / "done.json"
    with _locked(root.parent / f"shared_{name}.lock"):
        if not done.exists():
            folders = build(root)
            done.write_text(json.dumps({k: str(v) for k, v in folders.items()}), encoding="utf-8")
    return {k: Path(v) for k, v in json.loads(done.read_text(encoding="utf-8")).items()}
