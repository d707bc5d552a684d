"""The France reference's status quo, fitted to French facts (configs/calibration_france.yaml)."""

from __future__ import annotations

import pytest

from sim.calibration.fit import target_table
from sim.calibration.moments import calibration_config, monthly_moments
from sim.calibration.targets import load_calibration
from sim.config.load import load_config

FRANCE = load_calibration("france")


def _table(seed: int, behaviour: str):
    cfg = calibration_config(FRANCE.territory, seed, [f"behaviour={behaviour}"], FRANCE)
    return target_table(monthly_moments(cfg, calibration=FRANCE), FRANCE.targets).set_index("target")


def test_the_french_policy_composes_the_french_fit_by_default() -> None:
    assert load_config(["policy=france", "territory=france_reference"]).behaviour.name == "fitted_france"
    assert load_config([]).behaviour.name == "fitted_belgium_2027"


def test_the_calibration_describes_the_status_quo_only() -> None:
    names = {t.name for t in FRANCE.targets}
    assert {"share_over_1y", "cohort_still_jobless_24m"} <= names
    # outcomes of the scheme are compared with, never fitted to
    assert not any(word in name for name in names for word in ("cost", "ebe", "employment_effect", "counterfactual"))
    assert [p.name for p in FRANCE.free_parameters] == ["job_finding_base", "duration_elasticity", "labour_force_exit"]


@pytest.mark.parametrize("seed", [0, 1])
def test_the_fitted_hazards_meet_every_target(seed: int) -> None:
    table = _table(seed, "fitted_france")
    assert table["met"].all(), table[["target_value", "model_mean", "relative_error", "tolerance"]]


def test_the_prior_misses_the_targets() -> None:
    # negative control: the Belgian prior does not reproduce the French stock
    table = _table(0, "default")
    assert not table["met"].all()
