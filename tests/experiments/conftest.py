"""Fixtures: a tiny experiment (two designs x two replications, pilot, 24 months) run once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sim.experiments.experiment import run_experiment
from sim.experiments.spec import load_spec

TINY = {
    "name": "tiny",
    "question": "Does the experiment machinery work end to end?",
    "indicators": ["net_public_cost_per_fte_year", "ebe_fte_end", "volunteers_total"],
    "root_seed": 7,
    "replications": 2,
    "horizon_months": 24,
    "base_overrides": [],
    "design": {
        "kind": "list",
        "points": [
            {"scenario": "status_quo", "territory": "pilot"},
            {"scenario": "full_transposition", "territory": "pilot"},
        ],
    },
    "quick": {"replications": 1},
}


def write_spec(path: Path, **changes) -> Path:
    """Write the tiny experiment file, with top-level keys replaced by ``changes``."""
    path.write_text(yaml.safe_dump(TINY | changes, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_spec_file(tmp_path_factory) -> Path:
    """The tiny experiment's YAML file."""
    return write_spec(tmp_path_factory.mktemp("spec") / "tiny.yaml")


@pytest.fixture(scope="session")
def tiny_reference(tmp_path_factory, tiny_spec_file) -> Path:
    """The tiny experiment, run once in this process; tests must not modify it (copy it)."""
    out = tmp_path_factory.mktemp("reference") / "tiny"
    outcome = run_experiment(load_spec(tiny_spec_file), out, workers=0, progress=False)
    assert (outcome.done, outcome.failed, outcome.skipped) == (4, 0, 0)
    return out


@pytest.fixture
def tiny_copy(tmp_path, tiny_reference) -> Path:
    """A private copy of the reference experiment folder."""
    return Path(shutil.copytree(tiny_reference, tmp_path / "tiny"))
