"""``sim.run_experiment``: a study from Python, in memory or in a results folder."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from sim import ConfigError, run_experiment

SPEC = {
    "name": "api_tiny",
    "question": "Does the Python API run a study?",
    "indicators": ["net_public_cost_per_fte_year", "volunteers_total"],
    "root_seed": 3,
    "replications": 2,
    "horizon_months": 6,
    "design": {
        "kind": "list",
        "points": [
            {"scenario": "status_quo", "territory": "pilot"},
            {"scenario": "full_transposition", "territory": "pilot"},
        ],
    },
}


def test_in_memory_the_tables_are_held_and_no_folder_is_left() -> None:
    study = run_experiment(SPEC, workers=0, progress=False)
    assert study.out_dir is None and study.done == 4 and study.failed == 0
    assert len(study.runs) == 4 and set(study.runs["status"]) == {"ok"}
    assert set(study.timeseries["run_id"]) == set(study.runs["run_id"])
    assert set(study.paired_differences["design_a"]) == {"full_transposition"}
    assert study.sensitivity is None and study.record["name"] == "api_tiny"


def test_on_disk_a_second_call_resumes(tmp_path: Path) -> None:
    out = tmp_path / "study"
    first = run_experiment(SPEC, out, workers=0, progress=False)
    assert first.out_dir == out.resolve() and (out / "runs.parquet").is_file()
    again = run_experiment(SPEC, out, workers=0, progress=False)
    assert again.skipped == 4 and again.done == 0
    assert again.runs.equals(first.runs)


def test_a_bad_specification_is_refused_before_any_run(tmp_path: Path) -> None:
    bad = copy.deepcopy(SPEC)
    bad["design"]["points"][1]["scenario.volunteering.takeup.value"] = 1.5
    with pytest.raises(ConfigError, match="takeup"):
        run_experiment(bad, tmp_path / "bad", workers=0, progress=False)
    assert not (tmp_path / "bad").exists()
    with pytest.raises(ConfigError, match="replications"):
        run_experiment(SPEC | {"replications": 0}, workers=0, progress=False)


def test_a_shipped_experiment_is_found_by_name() -> None:
    from sim.api.experiments import _spec

    assert _spec("compare_designs", quick=True).name == "compare_designs"
