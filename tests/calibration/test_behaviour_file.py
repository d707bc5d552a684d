"""The committed fitted behaviour (configs/behaviour/fitted.yaml) and how such a file is written."""

from __future__ import annotations

import pytest
import yaml

from sim.calibration.behaviour_file import FITTED_FILE, PRIOR_FILE
from sim.calibration.fit import FREE_PARAMETERS, target_table
from sim.calibration.moments import calibration_config, monthly_moments
from sim.calibration.targets import BASIN

FREE = {p.name for p in FREE_PARAMETERS}


@pytest.fixture(scope="module")
def fitted_table():
    cfg = calibration_config(BASIN, 0, ["behaviour=fitted"])
    return target_table(monthly_moments(cfg))


def test_committed_fit_reproduces_the_targets(fitted_table) -> None:
    # One basin status-quo run, May 2020 - Dec 2025, seed 0: every target within its stated tolerance.
    failing = fitted_table.loc[~fitted_table["met"], ["target", "target_value", "model_mean", "relative_error"]]
    assert failing.empty, f"targets not met by configs/behaviour/fitted.yaml:\n{failing}"


def test_committed_fit_holds_with_other_luck() -> None:
    table = target_table(monthly_moments(calibration_config(BASIN, 1, ["behaviour=fitted"])))
    assert table["met"].all(), table[["target", "relative_error"]]


def test_the_prior_misses_targets_so_the_check_can_fail() -> None:
    # Negative control: default.yaml's grid values let the basin's stock fall away.
    table = target_table(monthly_moments(calibration_config(BASIN, 0, ["behaviour=default"])))
    assert not table["met"].all()
    assert table.set_index("target").loc["stock_ratio", "relative_error"] < -0.10


def test_fitted_file_keeps_the_prior_schema_and_provenance() -> None:
    fitted = yaml.safe_load(FITTED_FILE.read_text(encoding="utf-8"))
    prior = yaml.safe_load(PRIOR_FILE.read_text(encoding="utf-8"))
    assert fitted["name"] == FITTED_FILE.stem == "fitted_belgium_2027"
    assert set(fitted) == set(prior)
    for key, entry in prior.items():
        if key in FREE:
            got = fitted[key]
            assert got["assumption"] is True and got["range"] == entry["range"] and got["unit"] == entry["unit"]
            assert got["source"].startswith("fitted by tzcld-calibrate on ")
            assert "Residuals" in got["note"] and got["tag"] == "E"
            assert entry["range"][0] <= got["value"] <= entry["range"][1]
        elif key != "name":
            assert fitted[key] == entry, f"{key} is not fitted and must keep its prior value"
    header = FITTED_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# Monthly hazards of the status quo, FITTED by tzcld-calibrate on ")
