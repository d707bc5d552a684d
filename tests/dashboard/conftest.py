"""Fixtures of the dashboard tests: real results made once per session, and a synthetic
experiment directory in the layout of interface D.

- ``main_job_dir``: a real ``tzcld-main`` job (pilot, 30 months, 2 seeds, full transposition
  and existing actors), which also writes ``job.json`` and ``dashboard.html``;
- ``hydra_multirun_dir``: a real ``tzcld -m`` Hydra multirun (2 runs, 12 months);
- ``experiment_dir``: the main job's runs laid out as an experiment (2 design points x 2
  replications, a swept factor ``takeup``, a failed run, aggregate, paired differences,
  Sobol indices and PRIM boxes with fixed numbers).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.dashboard.data import flatten_summary

HORIZON = 30
SEEDS = 2
DESIGNS = ("full_transposition", "existing_actors")
TAKEUP = {"full_transposition": 0.2, "existing_actors": 0.4}


@pytest.fixture(scope="session")
def main_job_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real tzcld-main job folder (4 runs)."""
    root = tmp_path_factory.mktemp("main")
    out = root / "job"
    argv = ["--seeds", str(SEEDS), "--horizon", str(HORIZON), "--territories", "pilot", "--designs", *DESIGNS]
    # A subprocess, as a user runs it: the job's process pool must not fork the test process.
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from sim.mainjob import main; sys.exit(main(sys.argv[1:]))", *argv]
        + ["--workers", "1", "--out", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def hydra_multirun_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real Hydra multirun folder written by ``tzcld -m`` (2 runs)."""
    root = tmp_path_factory.mktemp("hydra")
    out = root / "multirun"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sim.cli import main; main()",
            "-m",
            "scenario=full_transposition,existing_actors",
            "territory=pilot",
            "seed=3",
            "horizon_months=12",
            f"hydra.sweep.dir={out}",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def real_experiment_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real (tiny) experiment written by ``tzcld-experiment run``: both designs in the pilot,
    2 replications, 24 months, with its own paired_differences.parquet and dashboard.html."""
    root = tmp_path_factory.mktemp("real_experiment")
    spec = root / "two_designs.yaml"
    spec.write_text(
        "name: two_designs\n"
        "question: Which design costs less?\n"
        "indicators: [net_public_cost_per_fte_year, months_to_exhaustivity, activation_rate]\n"
        "root_seed: 7\nreplications: 2\nhorizon_months: 24\nbase_overrides: []\n"
        "design:\n  kind: list\n  points:\n"
        "    - {scenario: full_transposition, territory: pilot}\n"
        "    - {scenario: existing_actors, territory: pilot}\n",
        encoding="utf-8",
    )
    out = root / "results"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from sim.experiments.cli import main; sys.exit(main(sys.argv[1:]))"]
        + ["run", str(spec), "--workers", "0", "--no-progress", "--out", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


def _run_dirs(main_job_dir: Path) -> dict[tuple[str, int], Path]:
    return {(design, seed): main_job_dir / f"{design}_pilot_seed{seed}" for design in DESIGNS for seed in range(SEEDS)}


@pytest.fixture(scope="session")
def experiment_dir(main_job_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main job's runs as an experiment directory (interface D), plus one failed run."""
    root = tmp_path_factory.mktemp("experiment") / "compare"
    (root / "runs").mkdir(parents=True)
    rows, timeseries, ledgers = [], [], []
    for (design, seed), run_dir in _run_dirs(main_job_dir).items():
        point = DESIGNS.index(design)
        run_id = f"p{point:04d}_r{seed:03d}"
        shutil.copytree(run_dir, root / "runs" / run_id)
        summary = json.loads((run_dir / "summary.json").read_text())
        manifest = json.loads((run_dir / "manifest.json").read_text())
        identity = {
            "run_id": run_id,
            "point": point,
            "replication": seed,
            "seed": seed,
            "scenario": design,
            "territory": "pilot",
            "takeup": TAKEUP[design],
        }
        flat = {k: v for k, v in flatten_summary(summary).items() if k not in identity and k != "scheme_fte_end"}
        rows.append({**identity, "status": "ok", "error": None, "wall_seconds": manifest["wall_seconds"], **flat})
        for frames, name in ((timeseries, "timeseries.parquet"), (ledgers, "ledger.parquet")):
            table = pd.read_parquet(run_dir / name)
            for position, (column, value) in enumerate(identity.items()):
                table.insert(position, column, value)
            frames.append(table)
    rows.append(
        {
            "run_id": "p0001_r002",
            "point": 1,
            "replication": 2,
            "seed": 2,
            "scenario": "existing_actors",
            "territory": "pilot",
            "takeup": 0.4,
            "status": "failed",
            "error": "ValueError: boom",
            "wall_seconds": 0.1,
        }
    )
    runs = pd.DataFrame(rows)
    runs.to_parquet(root / "runs.parquet", index=False)
    pd.concat(timeseries, ignore_index=True).to_parquet(root / "timeseries.parquet", index=False)
    pd.concat(ledgers, ignore_index=True).to_parquet(root / "ledger.parquet", index=False)

    ok = runs[runs["status"] == "ok"]
    aggregate = []
    for (point, scenario, takeup), block in ok.groupby(["point", "scenario", "takeup"]):
        for indicator in ("net_public_cost_per_fte_year", "ebe_fte_end"):
            values = block[indicator].to_numpy(dtype=float)
            aggregate.append(
                {
                    "point": point,
                    "scenario": scenario,
                    "territory": "pilot",
                    "takeup": takeup,
                    "indicator": indicator,
                    "n": len(values),
                    "mean": values.mean(),
                    "median": float(np.median(values)),
                    "p05": float(np.quantile(values, 0.05)),
                    "p95": float(np.quantile(values, 0.95)),
                }
            )
    pd.DataFrame(aggregate).to_parquet(root / "aggregate.parquet", index=False)
    pd.DataFrame(
        [
            {
                "design_a": "full_transposition",
                "design_b": "existing_actors",
                "territory": "pilot",
                "indicator": "net_public_cost_per_fte_year",
                "n_pairs": 2,
                "mean": 1000.0,
                "median": 1000.0,
                "p05": 500.0,
                "p95": 1500.0,
            }
        ]
    ).to_parquet(root / "paired_differences.parquet", index=False)
    pd.DataFrame(
        {
            "indicator": ["net_public_cost_per_fte_year"] * 2,
            "method": ["sobol"] * 2,
            "parameter": ["takeup", "sales_share"],
            "S1": [0.6, 0.1],
            "S1_conf": [0.05, 0.04],
            "ST": [0.7, 0.25],
            "ST_conf": [0.06, 0.05],
        }
    ).to_parquet(root / "sensitivity.parquet", index=False)
    break_even = {
        "indicator": "net_public_cost_per_fte_year",
        "threshold": 20000.0,
        "direction": "<=",
        "n_runs": 4,
        "share_meeting": 0.5,
        "boxes": [
            {
                "limits": {"takeup": [0.3, 0.4]},
                "coverage": 1.0,
                "density": 1.0,
                "mass": 0.5,
                "description": "takeup above 0.3",
            }
        ],
    }
    (root / "break_even.json").write_text(json.dumps(break_even))
    experiment = {
        "name": "compare",
        "question": "Which design costs less per FTE-year?",
        "spec": {"indicators": ["net_public_cost_per_fte_year", "ebe_fte_end"]},
        "spec_hash": "f" * 64,
        "root_seed": 1,
        "design": "list",
        "factors": ["takeup"],
        "n_runs": 5,
        "done": 4,
        "failed": 1,
        "skipped": 0,
        "git_commit": "abc123",
        "spec_file": "experiments/compare.yaml",
        "quick": True,
    }
    (root / "experiment.json").write_text(json.dumps(experiment))
    return root


@pytest.fixture
def copy_dir(tmp_path: Path):
    """Copy a session directory into this test's tmp_path, to damage it safely."""

    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        shutil.copytree(source, target)
        return target

    return copy
