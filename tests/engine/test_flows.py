"""Money flows common to every design, on minimal worlds of people placed by hand (pilot, Belgian
rules, January 2027: amounts indexed 2 % a year after their last dated value)."""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim import accounts as acc
from sim.engine import flows
from sim.engine.state import Regime, Status
from sim.rules.wages import pay_per_fte

INDEX_2027_FROM_2025 = 1.02**2
INDEX_2027_FROM_2026 = 1.02
# RIS from 1 Feb 2025 (head, single, cohabitant), indexed twice by January 2027
RIS_2027 = np.array([1776.07, 1314.20, 876.13]) * INDEX_2027_FROM_2025
# unemployment benefit, single person: months 1-6 1,581 (2026), months 7-12 1,438 (2025), from 13 1,438 (2025)
SINGLE_FIRST_6 = 1581 * INDEX_2027_FROM_2026
SINGLE_FROM_7 = 1438 * INDEX_2027_FROM_2025
COHABITANT_FROM_13 = 746 * INDEX_2027_FROM_2026  # the reform's 746 from 2026


def status_quo_world(n: int, **attributes):
    return f.world(f.config(scenario="status_quo", quiet=True), f.population(n, **attributes))


def close(w) -> object:
    w.ledger.close_month()
    return w.ledger.to_frame()


def test_pay_wages_posts_net_wage_contributions_and_tax() -> None:
    w = status_quo_world(1)
    pay = pay_per_fte(w.policy, w.month_index)
    flows.pay_wages(w.ledger, w.policy.routing, acc.LOCAL_BUSINESSES, 2.5, pay)
    ledger = close(w)
    assert f.postings(ledger, creditor=acc.HOUSEHOLDS, category=acc.WAGE_NET) == pytest.approx(2.5 * pay.net)
    # employee and employer contributions go to social security (onem), the tax to the State
    assert f.postings(ledger, creditor="onem", category=acc.EMPLOYEE_CONTRIBUTION) == pytest.approx(
        2.5 * pay.employee_contribution
    )
    assert f.postings(ledger, creditor="onem", category=acc.EMPLOYER_CONTRIBUTION) == pytest.approx(
        2.5 * pay.employer_contribution
    )
    assert f.postings(ledger, creditor="federal_state", category=acc.INCOME_TAX) == pytest.approx(2.5 * pay.income_tax)
    # the employer pays exactly the employer cost of 2.5 FTE
    assert f.net_outflow(ledger, acc.LOCAL_BUSINESSES) == pytest.approx(2.5 * pay.employer_cost)


def test_pay_wages_of_nobody_posts_nothing() -> None:
    w = status_quo_world(1)
    flows.pay_wages(w.ledger, w.policy.routing, acc.LOCAL_BUSINESSES, 0.0, pay_per_fte(w.policy, w.month_index))
    assert close(w).empty


def test_benefit_amounts_by_regime_spell_month_and_household() -> None:
    # household codes: 0 head, 1 single, 2 cohabitant
    w = status_quo_world(6, household=[1, 1, 1, 2, 0, 1])
    s = w.state
    s.regime[:6] = [Regime.INSURANCE, Regime.INSURANCE, Regime.INSURANCE, Regime.INSURANCE, Regime.RIS, Regime.NONE]
    s.entitlement[:6] = 24
    # benefit month = entitlement - rights left + 1: months 1, 7, 13 and 20
    s.rights_left[:6] = [24, 18, 12, 5, 0, 0]
    amounts = flows.benefit_amounts(w, np.arange(6))
    np.testing.assert_allclose(
        amounts, [SINGLE_FIRST_6, SINGLE_FROM_7, SINGLE_FROM_7, COHABITANT_FROM_13, RIS_2027[0], 0.0], rtol=1e-12
    )


def test_pay_benefits_posts_each_benefit_and_the_states_share_of_the_ris() -> None:
    w = status_quo_world(5, household=1)
    s = w.state
    s.status[:5] = [Status.JOBLESS, Status.JOBLESS, Status.TRAINING, Status.JOBLESS, Status.ORDINARY]
    s.regime[:5] = [Regime.INSURANCE, Regime.RIS, Regime.RIS, Regime.NONE, Regime.RIS]
    s.entitlement[:5] = 24
    s.rights_left[:5] = 24
    # the second is an ordinary RIS file, the third one opened after the reform's exclusion in 2026-08
    s.excluded_by_reform[2] = True
    s.ris_application[2] = 2026 * 12 + 7
    counts = flows.pay_benefits(w, new_ris_files=2)
    ledger = close(w)
    assert f.postings(ledger, debtor="onem", category=acc.UNEMPLOYMENT_BENEFIT) == pytest.approx(SINGLE_FIRST_6)
    # the person in an ordinary job draws nothing, the trainee keeps the RIS
    assert f.postings(ledger, debtor="cpas_commune", category=acc.RIS) == pytest.approx(2 * RIS_2027[1])
    # ordinary file: 55 % + 10 points x 50 % PIIS coverage; reform file applied for after June 2026:
    # the ordinary rate + 15 points
    reimbursed = 0.60 * RIS_2027[1] + 0.75 * RIS_2027[1]
    assert f.postings(ledger, debtor="federal_state", category=acc.RIS_REIMBURSEMENT) == pytest.approx(reimbursed)
    assert f.postings(ledger, debtor="federal_state", category=acc.RIS_FILE_FEE) == pytest.approx(2 * 518.0)
    assert (counts.insurance, counts.ris, counts.solidarity, counts.none) == (1, 2, 0, 1)


def test_pay_benefits_reads_recipients_from_a_superset() -> None:
    w = status_quo_world(3, household=1)
    w.state.regime[:3] = Regime.RIS
    w.place([1], Status.EBE)
    counts = flows.pay_benefits(w, candidates=np.arange(3))
    assert counts.ris == 2
    assert f.postings(close(w), category=acc.RIS) == pytest.approx(2 * RIS_2027[1])


def test_weighted_sum_is_the_dot_product_in_chunks() -> None:
    rng = np.random.default_rng(3)
    short = rng.random(9_000), rng.random(9_000)
    assert flows.weighted_sum(*short) == float(short[0] @ short[1])
    long = rng.random(25_001), rng.random(25_001)
    assert flows.weighted_sum(*long) == pytest.approx(float(long[0] @ long[1]), rel=1e-12)
    assert flows.weighted_sum(np.empty(0), np.empty(0)) == 0.0


def test_ordinary_wages_are_paid_by_local_firms_at_the_market_wage() -> None:
    w = status_quo_world(4)
    w.place([0, 2, 3], Status.ORDINARY)
    flows.pay_ordinary_wages(w)
    market = pay_per_fte(w.policy, w.month_index, 1.1, market=True)
    assert f.net_outflow(close(w), acc.LOCAL_BUSINESSES) == pytest.approx(3 * market.employer_cost)


def test_in_work_earnings_by_job() -> None:
    cfg = f.config(scenario="existing_actors", quiet=True)
    w = f.world(cfg, f.population(4))
    impulsion = 1  # the second operator of existing_actors.yaml is a hiring aid
    w.place([0], Status.SCHEME_JOB, fte=0.5, program=0)  # article 60: the minimum wage at half time
    w.place([1], Status.SCHEME_JOB, fte=1.0, program=impulsion)  # hiring aid: the market wage
    w.place([2], Status.ORDINARY)
    earnings = flows.in_work_earnings(w, np.arange(4))
    # at their working time: a half-time worker's net per FTE is not the full-time one's
    half = pay_per_fte(w.policy, w.month_index, working_time=0.5).net
    market = pay_per_fte(w.policy, w.month_index, 1.1, market=True).net
    np.testing.assert_allclose(earnings, [0.5 * half, market, market, 0.0])
    assert half != pay_per_fte(w.policy, w.month_index).net


def test_in_work_benefit_is_paid_under_french_rules_only() -> None:
    belgian = status_quo_world(2).place([0, 1], Status.ORDINARY)
    flows.pay_in_work_benefit(belgian)
    assert f.postings(close(belgian), category=acc.IN_WORK_BENEFIT) == 0.0

    cfg = f.config("territory=france_reference", "policy=france", "behaviour=default", scenario="status_quo")
    french = f.world(cfg, f.population(2)).place([0, 1], Status.ORDINARY)
    flows.pay_in_work_benefit(french)
    ledger = close(french)
    expected = flows.in_work_benefits(french, np.arange(2)).sum()
    assert expected > 0
    assert f.postings(ledger, debtor="state", category=acc.IN_WORK_BENEFIT) == pytest.approx(expected)
