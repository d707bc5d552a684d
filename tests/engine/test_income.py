"""Participants' income and employment against the twin, on hand-built pairs of minimal worlds
(pilot, Belgian rules, January 2027)."""

from __future__ import annotations

import math

import factories as f
import numpy as np
import pytest

from sim import accounts as acc
from sim.engine import income
from sim.engine.state import Regime, Status
from sim.rules.wages import pay_per_fte

RIS_SINGLE_2027 = 1314.20 * 1.02**2
RIS_SINGLE_2029 = 1314.20 * 1.02**4  # month 30 of a run from January 2027 is July 2029
POVERTY_LINE_2027 = 1520 * 1.02**3  # EU-SILC 2024, indexed each January after its last dated value


def pair(n: int, month: int = 0, **attributes):
    """A full-transposition scenario world and its status-quo twin on the same hand-built people."""
    cfg = f.config(quiet=True)
    pop = f.population(n, household=1, **attributes)
    return f.world(cfg, pop, "scenario", month=month), f.world(cfg, pop, "twin", month=month)


def test_monthly_income_is_the_benefit_or_the_net_wage() -> None:
    scenario, _ = pair(4)
    scenario.state.regime[:4] = Regime.RIS
    scenario.place([1], Status.EBE, fte=0.8)
    scenario.place([2], Status.ORDINARY)
    scenario.place([3], Status.OUT)
    got = income.monthly_income(scenario, np.arange(4))
    net = 0.8 * pay_per_fte(scenario.policy, scenario.month_index, working_time=0.8).net
    market = pay_per_fte(scenario.policy, scenario.month_index, 1.1, market=True).net
    # the EBE worker on the RIS keeps what is left of it: the rate less the net pay above the
    # socio-professional exemption (309.48 x 1.02^2 in 2027)
    top_up = max(0.0, RIS_SINGLE_2027 - (net - 309.48 * 1.02**2))
    # a person out of the labour force has no income of their own in the model
    np.testing.assert_allclose(got, [RIS_SINGLE_2027, net + top_up, market, 0.0])


def test_poverty_line_is_indexed() -> None:
    scenario, _ = pair(1)
    assert income.poverty_line(scenario) == pytest.approx(POVERTY_LINE_2027)


def test_comparison_with_the_twin_by_hand() -> None:
    scenario, twin = pair(5, month=30)
    for w in (scenario, twin):
        w.state.regime[:5] = Regime.RIS
    # participants (ever hired): 0 and 1. 0 works full time in the EBE, jobless on the RIS in
    # the twin; 1 was hired but is back on the RIS in both worlds.
    scenario.place([0], Status.EBE, fte=1.0)
    scenario.state.first_hire_month[[0, 1]] = 26
    # volunteers in their first 24 months: 0, 1 and 2 (2 volunteered 10 months ago, waits);
    # 3 volunteered 30 months ago (outside the window); 4 never volunteered
    scenario.state.first_volunteer_month[:4] = [25, 25, 20, 0]
    twin.place([2], Status.ORDINARY)  # in the twin, 2 would have found an ordinary job

    comparison = income.measure_against_twin(scenario, twin)
    net = pay_per_fte(scenario.policy, scenario.month_index).net
    assert comparison.participants == 2
    assert comparison.income_gain_sum == pytest.approx(net - RIS_SINGLE_2029)
    # the EBE's net wage is above the poverty line, the RIS below it; in the twin both are on the RIS
    assert comparison.poverty == pytest.approx((0.5, 1.0))
    # 20 % of the positive gains are spent in local firms, and posted
    assert comparison.local_spending == pytest.approx(0.2 * (net - RIS_SINGLE_2029))
    scenario.ledger.close_month()
    ledger = scenario.ledger.to_frame()
    assert f.postings(ledger, debtor=acc.HOUSEHOLDS, creditor=acc.LOCAL_BUSINESSES) == pytest.approx(
        comparison.local_spending
    )
    # employment: 0 employed only in the scenario (+1), 1 neither (0), 2 only in the twin (-1)
    assert (comparison.employment_difference_sum, comparison.recent_volunteers) == (0, 3)


def test_totals_accumulate_month_by_month() -> None:
    scenario, twin = pair(2)
    scenario.place([0], Status.EBE, fte=1.0)
    scenario.state.first_hire_month[0] = 0
    scenario.state.first_volunteer_month[0] = 0
    first = income.measure_against_twin(scenario, twin)
    income.add_to_totals(scenario, first)
    scenario.t += 1
    second = income.measure_against_twin(scenario, twin)
    income.add_to_totals(scenario, second)
    totals = scenario.totals
    assert totals.income_gain_sum == pytest.approx(first.income_gain_sum + second.income_gain_sum)
    assert totals.income_gain_person_months == 2
    assert (totals.employment_effect_sum, totals.employment_effect_person_months) == (2, 2)
    assert totals.participants_poverty == second.poverty
    assert scenario.counters.local_spending == second.local_spending


def test_no_participants_no_poverty_measure() -> None:
    scenario, twin = pair(2)
    comparison = income.measure_against_twin(scenario, twin)
    assert comparison.poverty is None and comparison.participants == 0
    income.add_to_totals(scenario, comparison)
    assert all(math.isnan(x) for x in scenario.totals.participants_poverty)
