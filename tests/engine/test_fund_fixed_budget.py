"""The fund's `fixed_budget` financing (Walloon pilot): hiring within the budget, payments capped,
and what happens when the period ends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.config.load import load_config
from sim.config.params import Amount, Months
from sim.config.validate import validate
from sim.engine.paired import run_paired

# the budget's own rules, without the framework's reimbursement delay, advance and stop rule
# (tested in test_reimbursement_delay.py and test_stop_rule.py)
WALLOON = [
    "scenario=walloon_pilot",
    "territory=walloon_pilot",
    "start=2023-04",
    "seed=0",
    "scenario.fund.reimbursement_delay_months.value=0",
    "scenario.fund.advance_share.value=0",
    "scenario.stop_rule.enabled=false",
    # its activities ready when the EBE is created, the same delays in every territory
    "scenario.ebe.initial_preparation_months.value=0",
    "pipeline.vary_by_territory=[]",
]


def _run(overrides: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    result = run_paired(load_config(overrides))
    timeseries, ledger = result.timeseries(), result.ledger()
    return timeseries[timeseries.world == "scenario"], ledger[ledger.world == "scenario"]


def _fund_payments(ledger: pd.DataFrame) -> pd.DataFrame:
    return ledger[(ledger.debtor == "tzcld_fund") & (ledger.creditor_kind == "ebe")]


@pytest.fixture(scope="module")
def small_budget() -> tuple[pd.DataFrame, pd.DataFrame]:
    # a budget that binds: 400,000 EUR over 18 months, launch after 3 months
    return _run(
        WALLOON
        + [
            "horizon_months=24",
            "scenario.fund.budget_eur.value=400000",
            "scenario.fund.budget_months.value=18",
            "scenario.ebe.launch_delay_months.value=3",
        ]
    )


def test_fund_payments_never_exceed_the_budget(small_budget) -> None:
    _, ledger = small_budget
    paid = _fund_payments(ledger)
    assert paid.amount_eur.sum() <= 400000 + 1e-6
    # the budget is used, not left idle: the cap binds
    assert paid.amount_eur.sum() > 0.9 * 400000
    # and nothing is paid after the period (months 0-17)
    assert paid[paid.month >= 18].amount_eur.sum() == 0


def test_a_binding_budget_hires_fewer(small_budget) -> None:
    timeseries, _ = small_budget
    larger, _ = _run(
        WALLOON
        + [
            "horizon_months=24",
            "scenario.fund.budget_eur.value=4000000",
            "scenario.fund.budget_months.value=18",
            "scenario.ebe.launch_delay_months.value=3",
        ]
    )
    assert timeseries.hires.sum() < larger.hires.sum()
    # volunteers were left waiting for lack of money, not of candidates
    assert timeseries.volunteers_waiting.iloc[3:18].max() > 0


def test_close_after_the_period_lays_everyone_off(small_budget) -> None:
    timeseries, _ = small_budget
    assert timeseries.ebe_employees.iloc[17] > 0
    assert (timeseries.ebe_employees.iloc[18:] == 0).all()
    assert (timeseries.hires.iloc[18:] == 0).all()


def test_sales_only_keeps_staff_without_funding() -> None:
    timeseries, ledger = _run(
        WALLOON
        + [
            "horizon_months=24",
            "scenario.fund.budget_months.value=18",
            "scenario.ebe.launch_delay_months.value=3",
            "scenario.fund.after_budget=sales_only",
        ]
    )
    assert (timeseries.ebe_employees.iloc[18:] > 0).all()
    assert (timeseries.hires.iloc[18:] == 0).all()
    assert _fund_payments(ledger).query("month >= 18").amount_eur.sum() == 0


def test_continue_existing_is_paid_by_the_residual_payer() -> None:
    _, ledger = _run(
        WALLOON
        + [
            "horizon_months=24",
            "scenario.fund.budget_months.value=18",
            "scenario.ebe.launch_delay_months.value=3",
            "scenario.fund.after_budget=continue_existing",
        ]
    )
    after = ledger[(ledger.month >= 18) & (ledger.category == "fund_financing")]
    assert after.amount_eur.sum() > 0
    assert set(after.debtor) == {"walloon_region"}
    assert _fund_payments(ledger).query("month >= 18").amount_eur.sum() == pytest.approx(after.amount_eur.sum())


def test_an_unbinding_budget_changes_nothing() -> None:
    # fixed_budget with a budget that never binds over the whole horizon is fixed_shares, bit for bit
    base = ["scenario=full_transposition", "territory=pilot", "seed=1", "horizon_months=30"]
    reference_ts, reference_ledger = _run(base)
    cfg = load_config(base)
    cfg.scenario.fund.financing = "fixed_budget"
    cfg.scenario.fund.budget_eur = Amount(value=1.0e12, unit="EUR", source="test")
    cfg.scenario.fund.budget_months = Months(value=30, unit="months", source="test")
    validate(cfg)
    result = run_paired(cfg)
    budget_ts, budget_ledger = result.timeseries(), result.ledger()
    budget_ts, budget_ledger = (
        budget_ts[budget_ts.world == "scenario"],
        budget_ledger[budget_ledger.world == "scenario"],
    )
    pd.testing.assert_frame_equal(reference_ts.reset_index(drop=True), budget_ts.reset_index(drop=True))
    np.testing.assert_array_equal(reference_ledger.amount_eur.to_numpy(), budget_ledger.amount_eur.to_numpy())


def test_walloon_pilot_runs_at_the_default_start() -> None:
    # the budget period is counted from the run's start, so the framework runs in 2027 as well
    timeseries, ledger = _run(["scenario=walloon_pilot", "territory=walloon_pilot", "horizon_months=24"])
    assert timeseries.date.iloc[0].year == 2027
    assert timeseries.hires.sum() > 0
    assert _fund_payments(ledger).amount_eur.sum() <= 104_000_000 / 17


def test_a_closed_scheme_takes_no_volunteers_and_reaches_no_exhaustivity() -> None:
    from sim.engine.indicators import summarise

    overrides = WALLOON + [
        "horizon_months=30",
        "scenario.fund.budget_months.value=18",
        "scenario.ebe.launch_delay_months.value=3",
    ]
    result = run_paired(load_config(overrides))
    timeseries, ledger = result.timeseries(), result.ledger()
    scenario = timeseries[timeseries.world == "scenario"].set_index("month")
    # before the closure people wait; from the closure (month 18) nobody waits or works in the EBE
    assert scenario.loc[:17, "volunteers_waiting"].max() > 0
    assert scenario.loc[18:, "volunteers_waiting"].max() == 0
    assert scenario.loc[18:, "ebe_employees"].max() == 0
    summary = summarise(result, timeseries, ledger)
    assert summary["months_to_exhaustivity"] is None
