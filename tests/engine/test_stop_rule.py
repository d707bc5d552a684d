"""A framework's stop rule: a territory with too few people in work at its evaluation is stopped,
its people return to the status quo, and its budget goes to the projects still running."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.load import load_config
from sim.engine.fund import Fund
from sim.engine.indicators import summarise
from sim.engine.paired import run_paired

# the Walloon pilot on Hensies + Quievrain, without the reimbursement delay, the same delays in
# every territory; evaluated 26 months after selection on the people in work 6 months earlier
PILOT = [
    "scenario=walloon_pilot",
    "territory=walloon_pilot",
    "start=2023-04",
    "horizon_months=40",
    "scenario.fund.reimbursement_delay_months.value=0",
    "pipeline.vary_by_territory=[]",
]


@pytest.fixture(scope="module")
def late():
    # an EBE created 22 months after selection: nobody is in work in month 20, the month counted
    result = run_paired(load_config([*PILOT, "scenario.ebe.launch_delay_months.value=22"]))
    return result, result.timeseries(), result.ledger()


def test_a_territory_under_the_threshold_is_stopped(late) -> None:
    result, timeseries, ledger = late
    scenario = timeseries[timeseries.world == "scenario"].set_index("month")
    # before the evaluation it hired (from month 22 + its preparation), then it was stopped in month 26
    assert scenario.loc[20, "ebe_employees"] == 0
    assert scenario.loc[:25, "volunteers_waiting"].max() > 0
    assert scenario.loc[25, "territories_stopped"] == 0 and scenario.loc[26, "territories_stopped"] == 1
    # its people return to the status quo: nobody works in the EBE, waits for it, or is hired
    assert (scenario.loc[26:, "ebe_employees"] == 0).all()
    assert (scenario.loc[26:, "volunteers_waiting"] == 0).all()
    assert (scenario.loc[26:, "hires"] == 0).all()
    assert (scenario.loc[26:, "hiring_constraint"] == "closed").all()
    territories = result.territories().set_index("month")
    assert territories.loc[25, "status"] == "open" and (territories.loc[26:, "status"] == "stopped").all()
    assert (territories.loc[26:, "supervisors"] == 0).all()
    # no public money reaches it after the stop
    paid = ledger[(ledger.world == "scenario") & (ledger.debtor == "tzcld_fund") & (ledger.creditor_kind == "ebe")]
    assert paid[paid.month >= 26].amount_eur.sum() == 0
    summary = summarise(result, timeseries, ledger)
    assert summary["territories_stopped"] == 1 and summary["territories_total"] == 1


def test_a_territory_at_the_threshold_goes_on(late) -> None:
    # the same territory with a threshold it meets (0 people) is not stopped
    result = run_paired(load_config([*PILOT, "scenario.ebe.launch_delay_months.value=22",
                                     "scenario.stop_rule.min_jobs.value=0"]))  # fmt: skip
    scenario = result.timeseries().query("world == 'scenario'").set_index("month")
    assert scenario["territories_stopped"].max() == 0
    assert scenario.loc[39, "ebe_employees"] > 0


def test_the_stop_rule_reads_the_figures_of_data_lag_months_before() -> None:
    # created 16 months after selection, its first activities launched 8 months later (month 24):
    # in work by the evaluation (month 26) but not in month 20, the figures it reads
    result = run_paired(load_config([*PILOT, "scenario.ebe.launch_delay_months.value=16"]))
    scenario = result.timeseries().query("world == 'scenario'").set_index("month")
    assert scenario.loc[25, "ebe_employees"] >= 5 and scenario.loc[20, "ebe_employees"] == 0
    assert scenario.loc[26, "territories_stopped"] == 1
    # read without a lag, the same territory goes on
    result = run_paired(load_config([*PILOT, "scenario.ebe.launch_delay_months.value=16",
                                     "scenario.stop_rule.data_lag_months.value=0"]))  # fmt: skip
    assert result.timeseries().query("world == 'scenario'")["territories_stopped"].max() == 0


def test_a_stopped_project_leaves_its_budget_to_the_projects_running() -> None:
    cfg = load_config([*PILOT])
    fund = Fund(cfg.scenario.fund, "tzcld_fund", 4, 0)
    fund.budget.spent[:] = [1_000_000.0, 2_000_000.0, 0.0, 500_000.0]
    # project 0 is stopped, 2 had been stopped before: 1 and 3 share what 0 had left
    fund.reallocate([0], np.array([False, True, False, True]))
    left = 6_117_647.0 - 1_000_000.0
    np.testing.assert_allclose(fund.budget.allowance, [1_000_000.0, 6_117_647.0 + left / 2, 6_117_647.0,
                                                       6_117_647.0 + left / 2])  # fmt: skip
    assert fund.budget.remaining(0) == 0.0
