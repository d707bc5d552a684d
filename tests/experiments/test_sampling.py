"""sim.experiments.sampling: shapes, bounds, determinism, and clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.config.load import load_config
from sim.config.uncertainties import Uncertainty, for_design, load_uncertainties
from sim.config.validate import ConfigError, validate
from sim.experiments.sampling import METHODS, MORRIS_LEVELS, n_rows, problem, sample


def _u(name: str, low: float, high: float) -> Uncertainty:
    return Uncertainty(name, f"scenario.{name}.value", low, high, name, name, "u", "s")


UNCS = [_u("a", 0.0, 1.0), _u("b", -2.0, 3.0), _u("c", 100.0, 200.0)]


@pytest.mark.parametrize("method", METHODS)
def test_shape_bounds_and_determinism(method: str) -> None:
    n = 16
    first = sample(method, UNCS, n, seed=7)
    assert list(first.columns) == ["a", "b", "c"]
    assert len(first) == n_rows(method, len(UNCS), n)
    assert first.index.equals(pd.RangeIndex(len(first)))
    for u in UNCS:
        assert first[u.name].between(u.low, u.high).all()
    pd.testing.assert_frame_equal(first, sample(method, UNCS, n, seed=7))
    assert not first.equals(sample(method, UNCS, n, seed=8))
    # seed 0 is a seed like any other (not "no seed")
    pd.testing.assert_frame_equal(sample(method, UNCS, n, seed=0), sample(method, UNCS, n, seed=0))


def test_row_counts() -> None:
    assert len(sample("sobol", UNCS, 8, 0)) == 8 * (3 + 2)
    assert len(sample("morris", UNCS, 5, 0)) == 5 * (3 + 1)
    assert len(sample("lhs", UNCS, 10, 0)) == 10


def test_morris_points_lie_on_the_grid() -> None:
    frame = sample("morris", UNCS, 10, seed=1)
    for u in UNCS:
        levels = (frame[u.name] - u.low) / (u.high - u.low) * (MORRIS_LEVELS - 1)
        np.testing.assert_allclose(levels, np.round(levels), atol=1e-9)


def test_lhs_has_one_point_per_stratum() -> None:
    n = 50
    frame = sample("lhs", UNCS, n, seed=3)
    for u in UNCS:
        strata = np.floor((frame[u.name] - u.low) / (u.high - u.low) * n).astype(int)
        assert sorted(strata) == list(range(n))


def test_sobol_needs_a_power_of_two() -> None:
    with pytest.raises(ConfigError, match=r"n = 100: Sobol' sampling needs a power of 2 \(for example 64 or 128\)"):
        sample("sobol", UNCS, 100, seed=0)


@pytest.mark.parametrize("n", [0, -4, 2.5, True])
def test_bad_n(n: object) -> None:
    with pytest.raises(ConfigError, match="expected a positive whole number"):
        sample("lhs", UNCS, n, seed=0)  # type: ignore[arg-type]


def test_unknown_method_lists_the_accepted_ones() -> None:
    with pytest.raises(ConfigError, match=r"'fast' is unknown; accepted: \['sobol', 'morris', 'lhs', 'uniform'\]"):
        sample("fast", UNCS, 8, seed=0)


def test_problem() -> None:
    assert problem(UNCS) == {
        "num_vars": 3,
        "names": ["a", "b", "c"],
        "bounds": [[0.0, 1.0], [-2.0, 3.0], [100.0, 200.0]],
    }
    with pytest.raises(ConfigError, match="more than once"):
        problem([UNCS[0], UNCS[0]])
    with pytest.raises(ConfigError, match="no uncertainties"):
        problem([])


def test_sampled_points_become_valid_run_configs() -> None:
    # the path experiments take: shipped uncertainties -> sample -> overrides -> a valid run config
    uncertainties = for_design(load_uncertainties(), "full_transposition")
    frame = sample("morris", uncertainties, 1, seed=0)
    row = frame.iloc[0]
    cfg = load_config(["scenario=full_transposition", *(u.override(row[u.name]) for u in uncertainties)])
    validate(cfg)
    assert cfg.scenario.ebe.launch_delay_months.value == float(int(cfg.scenario.ebe.launch_delay_months.value))
    assert cfg.scenario.volunteering.takeup.value == pytest.approx(row["takeup"])
