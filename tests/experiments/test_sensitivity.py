"""sim.experiments.sensitivity: known indices recovered through sample() and analyse()."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from sim.config.uncertainties import Uncertainty
from sim.config.validate import ConfigError
from sim.experiments.sampling import sample
from sim.experiments.sensitivity import MORRIS_COLUMNS, SOBOL_COLUMNS, analyse, problem

ISHIGAMI = [
    Uncertainty(f"x{i}", f"scenario.x{i}.value", -np.pi, np.pi, f"x{i}", f"x{i}", "-", "test") for i in (1, 2, 3)
]
# analytic indices of Ishigami with a = 7, b = 0.1 (Saltelli et al. 2008; SALib's docs)
S1_TRUE = np.array([0.3139, 0.4424, 0.0])
ST_TRUE = np.array([0.5576, 0.4424, 0.2437])
# measured: with n = 4096 (20,480 runs) the largest error over seeds 0-9 is 0.007
TOLERANCE = 0.02


def ishigami(frame: pd.DataFrame, a: float = 7.0, b: float = 0.1) -> pd.Series:
    x1, x2, x3 = (frame[c].to_numpy() for c in ("x1", "x2", "x3"))
    return pd.Series(np.sin(x1) + a * np.sin(x2) ** 2 + b * x3**4 * np.sin(x1), index=frame.index)


def test_problem_is_reexported() -> None:
    assert problem(ISHIGAMI)["names"] == ["x1", "x2", "x3"]


@pytest.mark.parametrize("seed", [0, 1])
def test_sobol_recovers_ishigami(seed: int) -> None:
    samples = sample("sobol", ISHIGAMI, 4096, seed=seed)
    result = analyse("sobol", ISHIGAMI, samples, ishigami(samples), seed=seed)
    assert list(result.columns) == SOBOL_COLUMNS
    assert list(result["parameter"]) == ["x1", "x2", "x3"]
    np.testing.assert_allclose(result["S1"], S1_TRUE, atol=TOLERANCE)
    np.testing.assert_allclose(result["ST"], ST_TRUE, atol=TOLERANCE)
    assert (result[["S1_conf", "ST_conf"]] > 0).all().all()
    assert (result["S1_conf"] < 0.05).all()


@pytest.mark.parametrize("method", ["sobol", "morris"])
@pytest.mark.parametrize("seed", [0, 3])
def test_analysis_is_deterministic(method: str, seed: int) -> None:
    samples = sample(method, ISHIGAMI, 64, seed=seed)
    first = analyse(method, ISHIGAMI, samples, ishigami(samples), seed=seed)
    pd.testing.assert_frame_equal(first, analyse(method, ISHIGAMI, samples, ishigami(samples), seed=seed))


def test_morris_ranks_and_values_on_a_known_function() -> None:
    uncs = [
        Uncertainty("a", "p.a", 0.0, 1.0, "a", "a", "-", "t"),
        Uncertainty("b", "p.b", -2.0, 3.0, "b", "b", "-", "t"),
        Uncertainty("c", "p.c", 100.0, 200.0, "c", "c", "-", "t"),
        Uncertainty("d", "p.d", 0.0, 1.0, "d", "d", "-", "t"),
    ]
    samples = sample("morris", uncs, 40, seed=11)
    # linear in a and c (elementary effects = slope x range, without spread), an interaction of
    # b and d (spread), and nothing from... every parameter counts here except through its role
    y = 10 * samples["a"] + 0.01 * samples["c"] + 3 * samples["b"] * samples["d"]
    result = analyse("morris", uncs, samples, y, seed=11).set_index("parameter")
    assert list(result.reset_index().columns) == MORRIS_COLUMNS
    assert result.loc["a", "mu_star"] == pytest.approx(10.0)
    assert result.loc["c", "mu_star"] == pytest.approx(1.0)
    assert result.loc["a", "sigma"] == pytest.approx(0.0, abs=1e-9)
    assert result.loc["b", "sigma"] > 1.0 and result.loc["d", "sigma"] > 1.0
    assert list(result["mu_star"].sort_values(ascending=False).index[:1]) == ["a"]
    assert result.loc["c", "mu_star"] < min(result.loc[["a", "b", "d"], "mu_star"])


def test_morris_irrelevant_parameter_is_zero() -> None:
    uncs = ISHIGAMI
    samples = sample("morris", uncs, 20, seed=2)
    y = np.sin(samples["x1"]) + 7 * np.sin(samples["x2"]) ** 2
    result = analyse("morris", uncs, samples, y, seed=2).set_index("parameter")
    assert result.loc["x3", "mu_star"] == 0.0
    assert result.loc["x3", "mu_star"] < result.loc["x1", "mu_star"] < result.loc["x2", "mu_star"]


def test_missing_outcomes_are_refused_by_default() -> None:
    samples = sample("sobol", ISHIGAMI, 64, seed=0)
    y = ishigami(samples)
    y.iloc[[3, 17]] = np.nan
    with pytest.raises(
        ValueError, match=r"2 missing outcomes .* rows \[3, 17\].*drop_incomplete=True to drop the 2 Sobol"
    ):
        analyse("sobol", ISHIGAMI, samples, y, seed=0)


def test_missing_outcomes_can_drop_whole_blocks(caplog: pytest.LogCaptureFixture) -> None:
    samples = sample("sobol", ISHIGAMI, 1024, seed=0)
    y = ishigami(samples)
    complete = analyse("sobol", ISHIGAMI, samples, y, seed=0)
    y.iloc[[0, 7, 8]] = np.nan  # rows 0 and 7..8 lie in blocks 0 and 1 (5 rows each)
    with caplog.at_level(logging.WARNING):
        dropped = analyse("sobol", ISHIGAMI, samples, y, seed=0, drop_incomplete=True)
    assert "dropped 2 of 1024 Sobol' base points" in caplog.text
    np.testing.assert_allclose(dropped["ST"], complete["ST"], atol=0.02)
    assert not dropped[["S1", "ST"]].isna().any().any()


def test_morris_missing_drops_trajectories(caplog: pytest.LogCaptureFixture) -> None:
    samples = sample("morris", ISHIGAMI, 20, seed=0)
    y = ishigami(samples)
    y.iloc[5] = np.nan
    with pytest.raises(ValueError, match="Morris trajectories"):
        analyse("morris", ISHIGAMI, samples, y, seed=0)
    with caplog.at_level(logging.WARNING):
        result = analyse("morris", ISHIGAMI, samples, y, seed=0, drop_incomplete=True)
    assert "dropped 1 of 20 Morris trajectories" in caplog.text
    assert result["mu_star"].notna().all()


def test_reordered_samples_are_refused() -> None:
    samples = sample("sobol", ISHIGAMI, 16, seed=0)
    shuffled = samples.sample(frac=1.0, random_state=0).reset_index(drop=True)
    with pytest.raises(ValueError, match="not in Saltelli's order"):
        analyse("sobol", ISHIGAMI, shuffled, ishigami(shuffled), seed=0)
    with pytest.raises(ValueError, match="expected a multiple of 5"):
        analyse("sobol", ISHIGAMI, samples.iloc[:-1], ishigami(samples.iloc[:-1]), seed=0)


def test_outcomes_are_aligned_by_label() -> None:
    samples = sample("sobol", ISHIGAMI, 64, seed=0)
    y = ishigami(samples)
    shuffled = y.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(
        analyse("sobol", ISHIGAMI, samples, y, seed=0), analyse("sobol", ISHIGAMI, samples, shuffled, seed=0)
    )
    with pytest.raises(ValueError, match="different indices"):
        analyse("sobol", ISHIGAMI, samples, y.set_axis(y.index + 1000), seed=0)
    with pytest.raises(ValueError, match="319 outcomes for 320 samples"):
        analyse("sobol", ISHIGAMI, samples, y.iloc[1:], seed=0)


def test_bad_inputs() -> None:
    samples = sample("lhs", ISHIGAMI, 10, seed=0)
    with pytest.raises(ConfigError, match=r"'lhs' has no sensitivity indices.*PRIM.*accepted: \['sobol', 'morris'\]"):
        analyse("lhs", ISHIGAMI, samples, ishigami(samples), seed=0)
    sobol = sample("sobol", ISHIGAMI, 16, seed=0)
    with pytest.raises(ValueError, match="expected the uncertainties"):
        analyse("sobol", ISHIGAMI[::-1], sobol, ishigami(sobol), seed=0)
    with pytest.raises(ValueError, match="outcomes must be numbers"):
        analyse("sobol", ISHIGAMI, sobol, pd.Series(["x"] * len(sobol)), seed=0)


def test_constant_outcome_gives_undefined_sobol_indices() -> None:
    samples = sample("sobol", ISHIGAMI, 16, seed=0)
    result = analyse("sobol", ISHIGAMI, samples, pd.Series(np.ones(len(samples))), seed=0)
    assert result["ST"].isna().all()
