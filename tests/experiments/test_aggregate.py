"""Aggregation over replications and paired differences, against hand-computed numbers."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.contract.dictionary import read_parquet
from sim.experiments.aggregate import aggregate, flatten, paired_differences


def _runs() -> pd.DataFrame:
    """Two points (designs A then B) in one territory, five replications; B's run 2 failed.

    ebe_fte_end: A = 1, 2, 3, 4, 10 ; B = 2, 2, (failed), 7, 20.
    months_to_exhaustivity: A undefined in replication 0 (None), else 12.
    """
    rows = []
    a = [1.0, 2.0, 3.0, 4.0, 10.0]
    b = [2.0, 2.0, None, 7.0, 20.0]
    for point, (scenario, values) in enumerate((("A", a), ("B", b))):
        for r, value in enumerate(values):
            rows.append(
                {
                    "run_id": f"p{point:04d}_r{r:03d}",
                    "point": point,
                    "replication": r,
                    "seed": 100 + r,
                    "status": "failed" if value is None else "ok",
                    "scenario": scenario,
                    "territory": "pilot",
                    "ebe_fte_end": value,
                    "months_to_exhaustivity": np.nan if (point == 0 and r == 0) or value is None else 12.0,
                }
            )
    return pd.DataFrame(rows)


def test_aggregate_matches_hand_computed_statistics():
    table = aggregate(_runs(), []).set_index(["point", "indicator"])
    a = table.loc[(0, "ebe_fte_end")]
    # A: 1, 2, 3, 4, 10 -> mean 4; median 3; p05 at rank 0.2 -> 1 + 0.2 * (2 - 1) = 1.2;
    # p95 at rank 3.8 -> 4 + 0.8 * (10 - 4) = 8.8 (linear interpolation between order statistics)
    assert (a["n"], a["n_missing"], a["n_runs"], a["n_failed"]) == (5, 0, 5, 0)
    assert a["mean"] == pytest.approx(4.0)
    assert a["median"] == pytest.approx(3.0)
    assert a["p05"] == pytest.approx(1.2)
    assert a["p95"] == pytest.approx(8.8)
    b = table.loc[(1, "ebe_fte_end")]
    # B without its failed run: 2, 2, 7, 20 -> mean 7.75; median 4.5; p05 rank 0.15 -> 2;
    # p95 rank 2.85 -> 7 + 0.85 * 13 = 18.05
    assert (b["n"], b["n_failed"]) == (4, 1)
    assert (b["mean"], b["median"], b["p05"]) == pytest.approx((7.75, 4.5, 2.0))
    assert b["p95"] == pytest.approx(18.05)
    m = table.loc[(0, "months_to_exhaustivity")]
    assert (m["n"], m["n_missing"], m["mean"]) == (4, 1, 12.0)


def test_paired_differences_match_hand_computed_values():
    table = paired_differences(_runs(), []).set_index("indicator")
    row = table.loc["ebe_fte_end"]
    assert (row["design_a"], row["design_b"], row["point_a"], row["point_b"]) == ("B", "A", 1, 0)
    # B - A over replications where both succeeded (0, 1, 3, 4): 1, 0, 3, 10
    assert row["n_pairs"] == 4
    assert row["mean"] == pytest.approx(3.5)
    assert row["median"] == pytest.approx(2.0)
    assert row["p05"] == pytest.approx(0.15)  # rank 0.15 between 0 and 1
    assert row["p95"] == pytest.approx(8.95)  # rank 2.85: 3 + 0.85 * 7
    # months: replication 0 undefined for A, 2 failed for B -> pairs 1, 3, 4, all 12 - 12
    months = table.loc["months_to_exhaustivity"]
    assert (months["n_pairs"], months["mean"]) == (3, 0.0)


def test_points_differing_by_more_than_the_scenario_are_not_paired():
    runs = _runs()
    runs.loc[runs["point"] == 1, "territory"] = "coeur_du_hainaut"
    assert paired_differences(runs, []).empty


def test_flatten_nests_payers_and_drops_identity_and_lists():
    row = flatten(
        {"scenario": "x", "seed": 1, "payers": [{"name": "onem"}], "net_cost_by_payer_eur": {"onem": 2.0}, "a": 3}
    )
    assert row == {"net_cost_by_payer_eur.onem": 2.0, "a": 3}


def test_experiment_tables_agree_with_the_run_directories(tiny_reference):
    runs = pd.read_parquet(tiny_reference / "runs.parquet")
    assert list(runs["run_id"]) == ["p0000_r000", "p0000_r001", "p0001_r000", "p0001_r001"]
    assert set(runs["status"]) == {"ok"}
    # Seeds shared by the points of a replication.
    assert runs.groupby("replication")["seed"].nunique().eq(1).all()
    for row in runs.itertuples():
        summary = json.loads((tiny_reference / "runs" / row.run_id / "summary.json").read_text())
        assert summary["seed"] == row.seed
        assert row.ebe_fte_end == summary["ebe_fte_end"]
        assert runs.loc[row.Index, "net_cost_by_payer_eur.onem"] == summary["net_cost_by_payer_eur"]["onem"]

    aggregate_table = pd.read_parquet(tiny_reference / "aggregate.parquet")
    got = aggregate_table.set_index(["point", "indicator"]).loc[(1, "volunteers_total")]
    values = runs.loc[runs["point"] == 1, "volunteers_total"].to_numpy(dtype=float)
    assert got["mean"] == pytest.approx(values.mean())
    assert got["p95"] == pytest.approx(values.min() + 0.95 * (values.max() - values.min()))

    paired = pd.read_parquet(tiny_reference / "paired_differences.parquet").set_index("indicator")
    diff = runs[runs.point == 1]["volunteers_total"].to_numpy() - runs[runs.point == 0]["volunteers_total"].to_numpy()
    assert paired.loc["volunteers_total", "mean"] == pytest.approx(diff.mean())

    # read as the project's readers do (text as strings): a text column's categories are those
    # each file holds (one run's binding constraints, every run's in the stacked file)
    stacked = read_parquet(tiny_reference / "timeseries.parquet")
    assert list(stacked.columns[:6]) == ["run_id", "point", "replication", "seed", "scenario", "territory"]
    for run_id, part in stacked.groupby("run_id", sort=True):
        own = read_parquet(tiny_reference / "runs" / run_id / "timeseries.parquet")
        pd.testing.assert_frame_equal(part[own.columns].reset_index(drop=True), own)
    # Written run by run: one row group per run.
    assert pq.ParquetFile(tiny_reference / "timeseries.parquet").num_row_groups == 4
    ledger = pd.read_parquet(tiny_reference / "ledger.parquet")
    assert len(ledger) == sum(len(pd.read_parquet(p / "ledger.parquet")) for p in (tiny_reference / "runs").iterdir())
