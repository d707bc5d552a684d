"""The existing-actors design: placement by each operator's rule, contract ends, the article 60
revolving door, and what each operator posts (pilot: 1,180 jobseekers, start 2027-01).

Operator indices: 0 cpas_article60, 1 impulsion_12m, 2 tremplin_24m, 3 cisp_training,
4 mire_coaching, 5 social_economy, 6 impulsion_12m_2025, 7 sesam_2025, 8 sesam_2026, 9 hiring_bonus.
"""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim.calendar import parse_month
from sim.engine import operators
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import NO_MONTH, Regime, Status
from sim.rules import wages

ARTICLE60, IMPULSION, TREMPLIN, TRAINING, COACHING, SOCIAL_ECONOMY = range(6)
NONE, INSURANCE, RIS = 0, 1, 2


def existing(*overrides: str, only: tuple[str, ...] = f.OPERATORS):
    return f.config(*f.only_operators(*only), *overrides, scenario="existing_actors", quiet=True)


def test_places_scale_with_the_territory() -> None:
    m = f.model(existing(), f.population(1))
    # article 60: 15 a year per 1,000 jobseekers x 1,180 / 12 = 1.475 a month
    assert m.operators[ARTICLE60].places_per_month == pytest.approx(1.475)
    # unused places carry over one month at most: 1.475, then 2.95, then capped at 2 x 1.475 + 1 = 3.95
    assert [m.operators[ARTICLE60].places() for _ in range(3)] == [1, 2, 3]


def test_each_operator_selects_by_its_own_rule() -> None:
    cfg = existing(only=("cpas_article60", "cisp_training"))
    pop = f.population(
        6,
        entry_regime=[RIS, RIS, RIS, INSURANCE, NONE, NONE],
        entitlement=60,  # the insured person keeps 30 months of rights: not excluded at admission
        initial_duration=30,
        employability=[0.1, 0.9, 0.5, 2.0, 0.0, 0.0],
    )
    m = f.model(cfg, pop)
    m.state.volunteer_month[:6] = [0, 3, 1, 2, 1, -1]
    m.operators[ARTICLE60].places_per_month = 2.0
    m.operators[TRAINING].places_per_month = 2.0
    m.t = 5
    hires = operators.place(m)
    s = m.state
    # article 60 takes RIS recipients only, most employable first: 1 (0.9), 2 (0.5)
    # CISP then takes the others in registration order: 0 (month 0), 4 (month 1); 3 keeps waiting
    np.testing.assert_array_equal(
        s.status[:6],
        [Status.TRAINING, Status.SCHEME_JOB, Status.SCHEME_JOB, Status.JOBLESS, Status.TRAINING, Status.JOBLESS],
    )
    np.testing.assert_array_equal(s.program[:6], [TRAINING, ARTICLE60, ARTICLE60, -1, TRAINING, -1])
    # article 60 lasts 12 months, CISP training 4
    np.testing.assert_array_equal(s.contract_end[:6], [9, 17, 17, -1, 9, -1])
    # people in a job leave the waiting list; trainees stay on it
    np.testing.assert_array_equal(s.volunteer_month[:6], [0, -1, -1, 2, 1, -1])
    np.testing.assert_array_equal(s.first_hire_month[:6], [-1, 5, 5, -1, -1, -1])
    assert hires == 2
    assert [op.entries for op in m.operators] == [2, 0, 0, 2, 0, 0, 0, 0, 0, 0]

    # training ends in month 9: back to jobless, with the CISP employability boost (0.3)
    m.t = 9
    operators.end_contracts(m)
    np.testing.assert_array_equal(s.status[[0, 4]], Status.JOBLESS)
    np.testing.assert_array_equal(s.program[[0, 4]], -1)
    np.testing.assert_allclose(s.employability_boost[:6], [0.3, 0, 0, 0, 0.3, 0])


def test_minimum_duration_of_an_instrument() -> None:
    # Tremplin 24 mois+: jobless for at least 24 months (kept open past July 2026 for the test)
    cfg = existing("scenario.operators.2.open_until=", only=("tremplin_24m",))
    pop = f.population(3, entry_regime=NONE, initial_duration=[23, 24, 40], employability=[3.0, 0.0, -1.0])
    m = f.model(cfg, pop)
    m.state.volunteer_month[:3] = 0
    m.operators[TREMPLIN].places_per_month = 5.0
    operators.place(m)
    np.testing.assert_array_equal(m.state.status[:3], [Status.JOBLESS, Status.SCHEME_JOB, Status.SCHEME_JOB])


def test_article60_revolving_door() -> None:
    """A RIS recipient placed in article 60 works 12 months, returns to unemployment insurance
    with 12 months of rights, and when they run out is excluded again."""
    cfg = existing(
        "horizon_months=30",
        "scenario.volunteering.monthly_hazard.value=1",
        "policy.unemployment_insurance.excluded_to_cpas_share.value=1",
        only=("cpas_article60",),
    )
    # two single RIS recipients jobless for 30 months, both volunteering in month 0;
    # 1.475 places a month: the more employable (person 1) is placed in month 0, person 0 in month 1
    pop = f.population(2, horizon=30, entry_regime=RIS, initial_duration=30, employability=[0.5, 1.0], household=1)
    m = f.model(cfg, pop, admit=False)
    status, regime = [], []
    for _ in range(30):
        m.step()
        status.append(m.state.status[:2].copy())
        regime.append(m.state.regime[:2].copy())
    status, regime = np.array(status), np.array(regime)
    # person 1: article 60 in months 0-11, jobless from month 12
    np.testing.assert_array_equal(status[:, 1], [Status.SCHEME_JOB] * 12 + [Status.JOBLESS] * 18)
    # person 0: waits in month 0, article 60 in months 1-12, jobless from 13
    np.testing.assert_array_equal(status[:, 0], [Status.JOBLESS] + [Status.SCHEME_JOB] * 12 + [Status.JOBLESS] * 17)
    # back on unemployment insurance for 12 months (12 and 13 .. 23 and 24), then excluded to the RIS
    np.testing.assert_array_equal(regime[:, 1], [RIS] * 12 + [INSURANCE] * 12 + [RIS] * 6)
    np.testing.assert_array_equal(regime[:, 0], [RIS] * 13 + [INSURANCE] * 12 + [RIS] * 5)
    assert m.state.excluded_by_reform[:2].all()
    # excluded in month 24 (2029-01) and 25 (2029-02): the RIS applications of those months
    np.testing.assert_array_equal(m.state.ris_application[:2], [parse_month("2029-02"), parse_month("2029-01")])

    ledger = m.ledger.to_frame()
    # Walloon subsidy 1,776.07 (2025) per FTE-month, x 1.02^2 = 1,847.82 in 2027, x 1.02^3 = 1,884.78
    # in 2028: 1 FTE in month 0, 2 in month 5, 1 in month 12 (2028-01), none from month 13
    for month, fte, index in ((0, 1, 1.02**2), (5, 2, 1.02**2), (12, 1, 1.02**3), (13, 0, 1.02**3)):
        got = f.postings(ledger, month=month, debtor="walloon_region", creditor="cpas_article60", category="subsidy")
        assert got == pytest.approx(fte * 1776.07 * index), month
    # the CPAS employs the worker and pays what the subsidy does not cover: in month 0 the 2027
    # gross pay (no employer contributions under article 60), the EBE's supervision and running
    # costs per FTE, less the subsidy
    month = parse_month("2027-01")
    pay = wages.pay_per_fte(cfg.policy, month, employer="article60")
    assert pay.employer_contribution == 0.0
    standard = wages.pay_per_fte(cfg.policy, month)
    overheads = (0.10 * 1.6 + 0.26) * standard.employer_cost
    shortfall = f.postings(ledger, month=0, debtor="cpas_commune", creditor="cpas_article60", category="subsidy")
    assert shortfall == pytest.approx(pay.gross + overheads - 1776.07 * 1.02**2)
    assert f.postings(ledger, month=0, debtor="cpas_article60", category="supervision") == pytest.approx(
        0.16 * standard.employer_cost
    )
    # month 12 (2028-01): person 1 draws the first benefit month, single: 1,581 x 1.02^2 = 1,644.8724
    assert f.postings(ledger, month=12, category="unemployment_benefit") == pytest.approx(1644.8724)
    # month 24 (2029-01): person 1 back on the RIS (1,314.20 x 1.02^4), person 0 still insured in
    # month 12 of their spell (months 7-12: 1,438 x 1.02^4); no file fee from 2029
    assert f.postings(ledger, month=24, category="ris") == pytest.approx(1314.20 * 1.02**4)
    assert f.postings(ledger, month=24, category="unemployment_benefit") == pytest.approx(1438 * 1.02**4)
    assert f.postings(ledger, category="ris_file_fee") == 0.0


def test_hiring_aid_ends_with_retention_or_unemployment() -> None:
    cfg = existing(only=("impulsion_12m",))  # retention 0.5
    pop = f.population(300, entry_regime=NONE)
    m = f.model(cfg, pop)
    s = m.state
    s.status[:300] = Status.SCHEME_JOB
    s.program[:300] = IMPULSION
    s.contract_end[:300] = 7
    s.months_worked[:300] = 12
    s.fte[:300] = 1.0
    m.t = 7
    kept_on = operators.end_contracts(m)
    ids = np.arange(300)
    kept = uniforms(cfg.seed, 7, Purpose.RETENTION, ids) < 0.5
    np.testing.assert_array_equal(s.status[:300], np.where(kept, Status.ORDINARY, Status.JOBLESS))
    assert kept_on == kept.sum()
    # the others regained 12 months of insurance; everyone got the 0.2 boost and left the programme
    assert (s.regime[:300][~kept] == Regime.INSURANCE).all() and (s.rights_left[:300][~kept] == 12).all()
    np.testing.assert_allclose(s.employability_boost[:300], 0.2)
    assert (s.program[:300] == -1).all() and (s.contract_end[:300] == NO_MONTH).all()


def test_permanent_social_economy_jobs_end_at_the_separation_rate() -> None:
    cfg = existing("behaviour.job_separation.value=0.3", only=("social_economy",))
    pop = f.population(200, entry_regime=NONE)
    m = f.model(cfg, pop)
    s = m.state
    s.status[:200] = Status.SCHEME_JOB
    s.program[:200] = SOCIAL_ECONOMY
    s.contract_end[:100] = NO_MONTH  # permanent
    s.contract_end[100:200] = 50  # a fixed-term contract is not concerned
    m.t = 3
    operators.permanent_job_exits(m)
    leaving = uniforms(cfg.seed, 3, Purpose.SCHEME_JOB_EXIT, np.arange(100)) < 0.3
    np.testing.assert_array_equal(s.status[:100] == Status.JOBLESS, leaving)
    assert (s.status[100:200] == Status.SCHEME_JOB).all()


def test_operator_postings() -> None:
    cfg = existing()
    pop = f.population(5, entry_regime=NONE)
    m = f.model(cfg, pop)
    s = m.state
    s.status[:5] = [Status.SCHEME_JOB, Status.SCHEME_JOB, Status.TRAINING, Status.TRAINING, Status.JOBLESS]
    s.program[:5] = [IMPULSION, SOCIAL_ECONOMY, TRAINING, TRAINING, COACHING]
    s.fte[:5] = [1.0, 0.8, 0.0, 0.0, 0.0]
    month = operators.settle(m)
    ledger = f.close(m)
    # CISP: 2 trainees x 1,268 (2017) x 1.02^10 = 2 x 1,545.6783
    assert f.postings(
        ledger, debtor="walloon_region", creditor="cisp_training", category="training_cost"
    ) == pytest.approx(2 * 1268 * 1.02**10)
    # MIRE coaching (an assumption without a year): 150 flat
    assert f.postings(ledger, debtor="walloon_region", category="coaching_cost") == pytest.approx(150.0)
    # Impulsion: ONEM pays 500 (2025) x 1.02^2 = 520.20 per FTE; the firm pays the rest of a
    # market-sector wage at 1.1 x the minimum wage
    assert f.postings(ledger, debtor="onem", creditor="impulsion_12m", category="hiring_aid") == pytest.approx(520.2)
    # its deadweight (50 %) and substitution ((1 - 0.5) x 30 %): the job's contributions and tax
    # are not new money (the person drew no benefit: regime none)
    aid_pay = wages.pay_per_fte(cfg.policy, parse_month("2027-01"), 1.1, employer="hiring_aid")
    public = aid_pay.employer_contribution + aid_pay.employee_contribution + aid_pay.income_tax
    assert f.postings(ledger, category="hiring_aid_deadweight") == pytest.approx(0.5 * public)
    assert f.postings(ledger, category="hiring_aid_substitution") == pytest.approx(0.15 * public)
    assert f.postings(ledger, debtor="onem", category="hiring_aid_deadweight") == pytest.approx(
        0.5 * (aid_pay.employer_contribution + aid_pay.employee_contribution)
    )
    # social economy: 0.8 FTE with the EBE's supervision (0.16) and running costs (0.26 of the wage
    # cost) per FTE; sales at 27.5 %
    # of its costs (far below the pilot's demand); the Region's subsidy 0.8 x 1,900 (2022) x 1.02^5
    # and, as the EBE's deficit top-up, what subsidy and sales leave
    pay = wages.pay_per_fte(cfg.policy, parse_month("2027-01"), working_time=0.8, employer="social_economy")
    standard = wages.pay_per_fte(cfg.policy, parse_month("2027-01"))
    costs = 0.8 * (pay.employer_cost + (0.16 + 0.26) * standard.employer_cost)
    sales = 0.275 * costs
    subsidy = 0.8 * 1900 * 1.02**5
    # 10 % taken from local firms, 37 % bought by public bodies, as an EBE's sales
    assert f.postings(ledger, creditor="social_economy", category="sales") == pytest.approx(0.53 * sales)
    assert f.postings(
        ledger, debtor="cpas_commune", creditor="social_economy", category="public_purchases"
    ) == pytest.approx(0.37 * sales)
    assert f.postings(ledger, creditor="social_economy", category="displaced_sales") == pytest.approx(0.1 * sales)
    assert month.displaced_sales == pytest.approx(0.1 * sales)
    assert f.postings(ledger, creditor="social_economy", category="subsidy") == pytest.approx(costs - sales)
    assert costs - sales > subsidy
    # the public money of its post per FTE: the Region's subsidy and top-up, and public purchases
    social = next(op for op in m.operators if op.name == "social_economy")
    assert month.funding_per_fte[social.index] == pytest.approx((costs - sales + 0.37 * sales) / 0.8)
    wage_net = f.postings(ledger, debtor="social_economy", category="wage_net")
    assert wage_net == pytest.approx(0.8 * pay.net)
    # every operator's account balances: what it receives it pays out
    for op in m.operators:
        received = f.postings(ledger, creditor=op.name)
        paid = f.postings(ledger, debtor=op.name)
        assert received == pytest.approx(paid), op.name


def test_closed_instruments_take_no_entrants() -> None:
    cfg = existing(only=("impulsion_12m", "hiring_bonus"))
    pop = f.population(10, entry_regime=NONE, initial_duration=30)
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = 0
    # Impulsion 12 mois+ closed on 1 Jul 2026: no place in 2027; the single hiring bonus has some
    impulsion, bonus = m.operators[IMPULSION], m.operators[9]
    assert not impulsion.is_open(m.month_index) and bonus.is_open(m.month_index)
    assert impulsion.places(m.month_index) == 0
    bonus.places_per_month = 3.0
    m.t = 1
    operators.place(m)
    np.testing.assert_array_equal(np.bincount(m.state.program[:10][m.state.program[:10] >= 0]), [0] * 9 + [3])
    # before July 2026 it was the other way round
    assert impulsion.is_open(parse_month("2026-03")) and not bonus.is_open(parse_month("2026-06"))
