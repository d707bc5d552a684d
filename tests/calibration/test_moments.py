"""The status quo's monthly moments (sim/calibration/moments.py) agree with the engine's own records."""

from __future__ import annotations

import numpy as np

from sim.calibration.moments import calibration_config, monthly_moments, with_behaviour
from sim.calibration.targets import DURATION_BANDS, HORIZON_MONTHS, SCORED_MONTHS, START
from sim.engine.paired import run_paired
from sim.engine.population import generate_population


def test_moments_match_the_paired_run_of_the_status_quo() -> None:
    # The fit simulates the status-quo world alone; a normal run (scenario + twin) of the
    # status quo must count the very same jobless people month by month.
    cfg = calibration_config("pilot", 3)
    assert (cfg.start, cfg.horizon_months) == (START, HORIZON_MONTHS)
    moments = monthly_moments(cfg)
    assert len(moments) == SCORED_MONTHS
    records = run_paired(cfg).timeseries()
    for world in ("scenario", "twin"):
        series = records[records["world"] == world].head(SCORED_MONTHS)
        np.testing.assert_array_equal(moments["jobless"], series["jobless"])
        np.testing.assert_array_equal(moments["jobless_over_2y"], series["jobless_over_2y"])
    assert moments["date"].iloc[0].strftime("%Y-%m") == START


def test_shares_are_consistent() -> None:
    cfg = calibration_config("pilot", 0)
    moments = monthly_moments(cfg, months=12)
    bands = moments[[name for name, _, _ in DURATION_BANDS]].sum(axis=1)
    np.testing.assert_allclose(bands, 1.0)
    np.testing.assert_allclose(moments["share_over_2y"], moments["jobless_over_2y"] / moments["jobless"])
    np.testing.assert_allclose(moments["stock_ratio"], moments["jobless"] / cfg.territory.jobseekers.value)
    # The first month starts from the published structure: about half low-qualified.
    assert 0.4 < moments["share_low_qualified"].iloc[0] < 0.6


def test_with_behaviour_changes_only_the_copy() -> None:
    cfg = calibration_config("pilot", 0)
    population = generate_population(cfg)
    before = cfg.behaviour.job_finding_base.value
    faster = with_behaviour(cfg, {"job_finding_base": 0.25})
    assert cfg.behaviour.job_finding_base.value == before
    assert faster.behaviour.job_finding_base.value == 0.25
    # More job finding, fewer jobless: the parameter reaches the engine.
    slow = monthly_moments(cfg, population, months=24)["jobless"].iloc[-1]
    fast = monthly_moments(faster, population, months=24)["jobless"].iloc[-1]
    assert fast < slow
