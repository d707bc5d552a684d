"""The calibration objective and its minimisation (sim/calibration/fit.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.calibration.fit import FREE_PARAMETERS, Problem, fit, objective_terms, objective_value, target_table
from sim.calibration.targets import TARGETS, Target

PRIOR = ["behaviour=default"]


def test_objective_is_the_weighted_mean_squared_relative_error() -> None:
    targets = (
        Target("a", "a", 2.0, "u", 2020, "s", weight=1.0, tolerance=0.1),
        Target("b", "b", 0.5, "u", 2020, "s", weight=0.25, tolerance=0.1),
    )
    moments = pd.DataFrame({"a": [2.0, 3.0], "b": [0.25, 0.5]})
    # a: ((0)^2 + (0.5)^2) / 2 = 0.125; b: 0.25 x ((-0.5)^2 + 0) / 2 = 0.03125
    terms = objective_terms(moments, targets)
    assert terms.to_dict() == pytest.approx({"a": 0.125, "b": 0.03125})
    assert objective_value(moments, targets) == pytest.approx(0.15625)
    table = target_table(moments, targets)
    # window mean of a is 2.5: +25 %, outside the 10 % tolerance; b's mean 0.375: -25 %
    assert table["relative_error"].tolist() == pytest.approx([0.25, -0.25])
    assert table["met"].tolist() == [False, False]
    assert table["rms_relative_error"].tolist() == pytest.approx([np.sqrt(0.125), np.sqrt(0.125)])


def test_objective_is_deterministic_for_a_seed() -> None:
    one = Problem.build("pilot", seed=5, extra_overrides=PRIOR)
    two = Problem.build("pilot", seed=5, extra_overrides=PRIOR)
    other = Problem.build("pilot", seed=6, extra_overrides=PRIOR)
    x = np.array([0.1, 0.7, 0.004, 0.7])
    assert one.objective(x) == two.objective(x)
    assert one.objective(x) != other.objective(x)  # another seed is other luck
    assert one.objective(x) != one.objective(np.array([0.2, 0.7, 0.004, 0.7]))
    assert one.evaluations == 2  # the repeated point came from the cache


def test_bounds_are_the_prior_ranges() -> None:
    problem = Problem.build("pilot", seed=0, extra_overrides=PRIOR)
    assert problem.names == tuple(p.name for p in FREE_PARAMETERS)
    for name, lo, hi in zip(problem.names, problem.lower, problem.upper, strict=True):
        assert [lo, hi] == getattr(problem.cfg.behaviour, name).range
    np.testing.assert_allclose(problem.from_unit(problem.to_unit(problem.start())), problem.start())
    np.testing.assert_allclose(problem.from_unit(np.array([-1.0, 2.0, 0.0, 1.0]))[[0, 1]], [0.05, 1.5])


def test_a_short_fit_improves_on_the_prior_and_stays_in_bounds() -> None:
    result = fit("pilot", seed=0, maxiter=3, extra_overrides=PRIOR)
    assert result.objective <= result.objective_start
    assert result.objective == pytest.approx(result.table["objective_term"].sum())
    assert set(result.values) == {p.name for p in FREE_PARAMETERS}
    problem = Problem.build("pilot", seed=0, extra_overrides=PRIOR)
    values = np.array(list(result.values.values()))
    assert np.all(values >= problem.lower) and np.all(values <= problem.upper)
    assert not result.converged  # three iterations are not a converged fit, and it says so
    assert list(result.table["target"]) == [t.name for t in TARGETS]


def test_bad_method_and_maxiter_are_refused() -> None:
    with pytest.raises(ValueError, match="expected one of nelder-mead"):
        fit("pilot", method="bfgs")
    with pytest.raises(ValueError, match="maxiter = 0"):
        fit("pilot", maxiter=0)
