"""The month cycle shared by the engine and the reference: counters, the twin's open month, the
fund financed from the month's outlays, payers' net spending and labour-market tightness."""

from __future__ import annotations

import factories as f
import pytest

from sim import accounts as acc
from sim.engine.world import MonthCounters


@pytest.fixture(scope="module")
def run():
    cfg = f.config(
        "horizon_months=20",
        "scenario.ebe.launch_delay_months.value=2",
        "scenario.volunteering.monthly_hazard.value=0.5",
    )
    return f.run(cfg)


def test_counters_start_afresh_each_month(run) -> None:
    series = run.timeseries()
    scen = series[series["world"] == "scenario"].set_index("month")
    # hires happen in some months and not others: a month's count is its own, not a running total
    assert scen["hires"].sum() == int((run.scenario.state.first_hire_month >= 0).sum())
    assert (scen["hires"].iloc[:2] == 0).all() and scen["hires"].max() > 0
    assert isinstance(run.scenario.counters, MonthCounters)


def test_payers_net_spending_is_the_ledger_month_by_month(run) -> None:
    ledger = run.ledger()
    series = run.timeseries()
    for world, model in (("scenario", run.scenario), ("twin", run.twin)):
        rows = series[series["world"] == world].set_index("month")
        for payer in model.payers:
            in_world = ledger[ledger["world"] == world]
            by_month = [f.net_outflow(in_world[in_world["month"] == m], payer.name) for m in rows.index]
            assert rows[f"net_spending_{payer.name}_eur"].tolist() == pytest.approx(by_month, abs=1e-6)
            assert payer.net_spending_total == pytest.approx(sum(by_month), abs=1e-5)
        total = rows[[f"net_spending_{p.name}_eur" for p in model.payers]].sum(axis=1)
        assert rows["public_net_spending_eur"].tolist() == pytest.approx(total.tolist())


def test_the_fund_is_financed_by_fixed_shares_of_its_outlays(run) -> None:
    ledger = run.ledger()
    scen = ledger[ledger["world"] == "scenario"]
    paid_by_fund = scen[(scen["debtor"] == "tzcld_fund")].groupby("month")["amount_eur"].sum()
    financing = scen[scen["category"] == acc.FUND_FINANCING]
    received = financing.groupby("month")["amount_eur"].sum()
    assert paid_by_fund.sum() > 0
    assert received.reindex(paid_by_fund.index).tolist() == pytest.approx(paid_by_fund.tolist())
    shares = financing.groupby("debtor")["amount_eur"].sum() / financing["amount_eur"].sum()
    assert shares.to_dict() == pytest.approx(
        {"onem": 0.5, "federal_state": 0.2, "walloon_region": 0.2, "cpas_commune": 0.1}
    )
    # the twin has no fund
    assert ledger[(ledger["world"] == "twin") & (ledger["category"] == acc.FUND_FINANCING)].empty


def test_tightness_is_one_in_the_first_month_and_follows_vacancies_per_jobless(run) -> None:
    model = run.twin
    vacancies0, jobless0 = model.tightness_base
    series = run.timeseries()
    twin = series[series["world"] == "twin"]
    assert jobless0 == twin["jobless"].iloc[0]
    vacancies = sum(firm.vacancies for firm in model.firms)
    jobless = twin["jobless"].iloc[-1]
    expected = ((vacancies / jobless) / (vacancies0 / jobless0)) ** (1 - model.behaviour.matching_elasticity.value)
    assert model.tightness == pytest.approx(expected)
