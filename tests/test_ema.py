"""``sim.ema.model``: an EMA Workbench model whose levers and uncertainties come from the config."""

from __future__ import annotations

# ema_workbench is imported by the tests that use it: importing it costs every worker two
# seconds when the tests are collected
import math
import pickle

import pytest

import sim.ema
from sim import ConfigError, simulate
from sim.config.uncertainties import LEVER, load_entries


def test_levers_and_uncertainties_are_those_of_the_scenario() -> None:
    from ema_workbench import CategoricalParameter, IntegerParameter

    model = sim.ema.model("full_transposition", "pilot")
    entries = [e for e in load_entries() if e.applies_to("full_transposition")]
    assert {p.name for p in model.levers} == {e.name for e in entries if e.kind == LEVER}
    assert {p.name for p in model.uncertainties} == {e.name for e in entries if e.kind != LEVER}
    by_name = {p.name: p for p in [*model.levers, *model.uncertainties]}
    assert isinstance(by_name["launch_delay"], IntegerParameter)
    assert any(isinstance(p, CategoricalParameter) for p in model.levers)
    # existing actors has no EBE: its EBE uncertainties are not offered
    assert "sales_share" not in {p.name for p in sim.ema.model("existing_actors", "pilot").uncertainties}


def test_perform_experiments_runs_the_simulator_with_the_sampled_values() -> None:
    from ema_workbench import SequentialEvaluator, perform_experiments

    model = sim.ema.model("full_transposition", "pilot", seed=4, overrides=["horizon_months=6"])
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = perform_experiments(model, scenarios=2, policies=1, evaluator=evaluator)
    assert len(experiments) == 2 and set(outcomes) == set(sim.ema.DEFAULT_OUTCOMES)
    # the first experiment again, by hand: the same number
    row = experiments.iloc[0]
    values = {p.name: row[p.name] for p in [*model.levers, *model.uncertainties]}
    again = simulate("full_transposition", "pilot", 4, model.function.overrides_for(values))
    assert outcomes["volunteers_total"][0] == again.summary["volunteers_total"]


def test_a_null_indicator_is_nan_and_the_model_pickles() -> None:
    model = sim.ema.model("status_quo", "pilot", overrides=["horizon_months=3"], outcomes=["months_to_exhaustivity"])
    assert math.isnan(model.function()["months_to_exhaustivity"])
    assert pickle.loads(pickle.dumps(model.function)).outcomes == ["months_to_exhaustivity"]


def test_bad_base_configuration_or_outcome_is_refused() -> None:
    with pytest.raises(ConfigError, match="takeup"):
        sim.ema.model(overrides=["scenario.volunteering.takeup.value=2"])
    with pytest.raises(ConfigError, match="not summary.json indicators"):
        sim.ema.model(outcomes=["happiness"])
