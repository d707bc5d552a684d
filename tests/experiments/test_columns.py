"""sim.experiments.columns: one layout of the paired-differences table for its writers and readers."""

from __future__ import annotations

import pandas as pd

from sim.dashboard import data
from sim.experiments import aggregate
from sim.experiments.columns import PAIRED_DESIGNS, RUN_IDENTITY, paired_columns


def _runs(with_factor: bool) -> pd.DataFrame:
    rows = []
    for point, scenario in enumerate(("full_transposition", "existing_actors")):
        for replication in range(2):
            rows.append(
                {
                    "run_id": f"p{point:04d}_r{replication:03d}",
                    "point": point,
                    "replication": replication,
                    "seed": replication,
                    "status": "ok",
                    "scenario": scenario,
                    "territory": "pilot",
                    **({"takeup": 0.3} if with_factor else {}),
                    "ebe_fte_end": 10.0 * (point + 1) + replication,
                    "volunteers_total": 5.0 + point,
                }
            )
    return pd.DataFrame(rows)


def test_the_experiment_writes_the_paired_layout_with_points_and_factors() -> None:
    table = aggregate.paired_differences(_runs(True), ["takeup"])
    assert list(table.columns) == paired_columns(["takeup"])
    assert list(table.columns[:4]) == ["point_a", "point_b", *PAIRED_DESIGNS]
    assert (table["design_a"] == "existing_actors").all() and (table["design_b"] == "full_transposition").all()


def test_a_folder_of_runs_gets_the_same_layout_without_design_points() -> None:
    table = data.paired_differences(_runs(False), ("ebe_fte_end",))
    assert list(table.columns) == paired_columns(points=False)
    assert set(paired_columns(points=False)) < set(paired_columns())


def test_runs_tables_start_with_the_run_identity() -> None:
    runs = data._runs_frame([{"run_id": "r", "status": "ok", "extra": 1}])
    assert tuple(runs.columns[: len(RUN_IDENTITY)]) == RUN_IDENTITY and runs.columns[-1] == "extra"
