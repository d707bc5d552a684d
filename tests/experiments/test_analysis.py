"""The analysis step: outcomes per design point handed to the sensitivity and PRIM modules, and
their files (sensitivity.parquet, break_even.json). Synthetic outcomes of known shape stand in for
model runs, so the expected answer is known."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import write_spec

from sim.experiments.analysis import point_outcomes, run_analyses
from sim.experiments.design import expand
from sim.experiments.spec import load_spec


def _spec(tmp_path, method: str, n: int, analysis: list[dict]):
    design = {
        "kind": "sample",
        "method": method,
        "n": n,
        "uncertainties": ["takeup", "sales_share"],
        "fixed": {"scenario": "full_transposition", "territory": "pilot"},
    }
    return load_spec(write_spec(tmp_path / "s.yaml", design=design, replications=2, analysis=analysis))


def _runs(design, outcome) -> pd.DataFrame:
    """Two replications per point; the indicator is outcome(factors) +/- 0.001 by replication."""
    rows = []
    for point in design.points:
        for r, noise in enumerate((-0.001, 0.001)):
            value = outcome(point.factors) + noise
            rows.append(
                {
                    "point": point.index,
                    "replication": r,
                    "status": "ok",
                    **point.factors,
                    "net_public_cost_per_fte_year": value,
                    "ebe_fte_end": value,
                }
            )
    return pd.DataFrame(rows)


def test_point_outcomes_average_the_successful_replications():
    runs = pd.DataFrame({"point": [0, 0, 1, 1], "status": ["ok", "ok", "ok", "failed"], "x": [1.0, 3.0, 5.0, np.nan]})
    assert point_outcomes(runs, "x", 3).tolist()[:2] == [2.0, 5.0]
    assert np.isnan(point_outcomes(runs, "x", 3)[2])


def test_sobol_analysis_ranks_the_driving_uncertainty_first(tmp_path):
    spec = _spec(tmp_path, "sobol", 64, [{"kind": "sobol", "indicators": ["net_public_cost_per_fte_year"]}])
    design = expand(spec)
    runs = _runs(design, lambda f: 10.0 * f["takeup"] + 0.1 * f["sales_share"])
    notes = run_analyses(spec, design, runs, tmp_path)
    assert notes == []
    table = pd.read_parquet(tmp_path / "sensitivity.parquet").set_index("parameter")
    assert set(table["indicator"]) == {"net_public_cost_per_fte_year"} and set(table["method"]) == {"sobol"}
    assert table.loc["takeup", "ST"] > 0.9 > 0.1 > table.loc["sales_share", "ST"]


def test_morris_analysis_with_a_missing_point_drops_its_trajectory(tmp_path):
    spec = _spec(tmp_path, "morris", 6, [{"kind": "morris"}])
    design = expand(spec)
    runs = _runs(design, lambda f: f["takeup"] ** 2 + 0.0 * f["sales_share"])
    runs.loc[runs["point"] == 1, "status"] = "failed"
    notes = run_analyses(spec, design, runs, tmp_path)
    assert any("1 design point(s) without a value" in n for n in notes)
    table = pd.read_parquet(tmp_path / "sensitivity.parquet")
    mu_star = table[table.indicator == "ebe_fte_end"].set_index("parameter")["mu_star"]
    assert mu_star["takeup"] > 0 and mu_star["sales_share"] == pytest.approx(0.0, abs=1e-9)


def test_prim_finds_the_break_even_region(tmp_path):
    entry = {"kind": "prim", "indicator": "net_public_cost_per_fte_year", "threshold": 0.0, "direction": "<="}
    spec = _spec(tmp_path, "lhs", 200, [entry])
    design = expand(spec)
    # Break-even exactly when take-up is below 0.25.
    runs = _runs(design, lambda f: 1000.0 * (f["takeup"] - 0.25))
    run_analyses(spec, design, runs, tmp_path)
    result = json.loads((tmp_path / "break_even.json").read_text())
    assert (result["indicator"], result["threshold"], result["direction"]) == (entry["indicator"], 0.0, "<=")
    assert result["n_runs"] == 400
    assert result["share_meeting"] == pytest.approx((0.25 - 0.15) / (0.50 - 0.15), abs=0.03)
    box = result["boxes"][0]
    assert set(box["limits"]) == {"takeup"}
    assert box["limits"]["takeup"][1] == pytest.approx(0.25, abs=0.02)
    assert box["density"] > 0.9 and box["coverage"] > 0.9
    assert "takeup" in box["description"] or "Volunteers" in box["description"]
