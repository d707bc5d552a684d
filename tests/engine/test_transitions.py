"""Person transitions of every design on hand-built populations: admission, benefits paid, the
two-year limit and the exclusion waves, clocks, job finding, pensions, volunteering.

Household codes: 0 head, 1 single, 2 cohabitant. Regimes: 0 none, 1 insurance, 2 RIS.
"""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim.calendar import parse_month
from sim.engine import flows, operators, transitions, volunteering
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import NO_MONTH, Regime, Status

SINGLE = 1
IDX_2027 = 1.02  # one January of indexation
IDX_2028 = 1.02**2
INDEX_3 = 1.02**3


def step_until(m, months: int) -> list[dict]:
    """Step a standalone model ``months`` times, keeping each person's regime after each month."""
    seen = []
    for _ in range(months):
        m.step()
        n = m.n_present
        seen.append(
            {
                "regime": m.state.regime[:n].copy(),
                "excluded": m.state.excluded_by_reform[:n].copy(),
                "application": m.state.ris_application[:n].copy(),
            }
        )
    return seen


# --------------------------------------------------------------------------- admission and amounts
def test_admission_sets_rights_used_by_the_past_spell() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)
    pop = f.population(3, initial_duration=[10, 0, 5], entitlement=[24, 12, 12], entry_regime=[1, 1, 2])
    m = f.model(cfg, pop)
    # insured: rights left = entitlement - months already jobless: 24 - 10 = 14, 12 - 0 = 12
    np.testing.assert_array_equal(m.state.rights_left[:3], [14, 12, 0])
    np.testing.assert_array_equal(m.state.duration[:3], [10, 0, 5])
    np.testing.assert_array_equal(m.state.regime[:3], [Regime.INSURANCE, Regime.INSURANCE, Regime.RIS])


def test_benefit_by_regime_household_and_spell_month() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)  # start 2027-01
    pop = f.population(
        5,
        household=[0, 1, 2, 1, 0],
        entry_regime=[1, 1, 1, 2, 0],
        entitlement=[24, 24, 24, 24, 24],
        initial_duration=[0, 7, 19, 30, 30],
    )
    m = f.model(cfg, pop)
    got = flows.benefit_amounts(m, np.arange(5))
    # head, month 1:        1,951 x 1.02 = 1,990.02
    # single, month 8:      1,438 x 1.02^2 = 1,496.0952 (months 7-12, dated 2025-01)
    # cohabitant, month 20: 746 x 1.02 = 760.92
    # single on RIS:        1,314.20 x 1.02^2 = 1,367.29368
    # no benefit:           0
    np.testing.assert_allclose(got, [1990.02, 1496.0952, 760.92, 1367.29368, 0.0])


# --------------------------------------------------------------------------- the two-year limit
def test_insured_newcomer_is_excluded_when_rights_run_out() -> None:
    cfg = f.config(
        "policy.unemployment_insurance.excluded_to_cpas_share.value=1",
        "horizon_months=18",
        scenario="status_quo",
        quiet=True,
    )
    # person 0: stock without benefit; person 1: enters in month 2 (2027-03) with 12 months of rights
    pop = f.population(2, horizon=18, entry_month=[0, 2], entry_regime=[0, 1], entitlement=[24, 12], household=SINGLE)
    m = f.model(cfg, pop, admit=False)
    seen = step_until(m, 18)
    regime = [s["regime"][1] if s["regime"].size > 1 else -1 for s in seen]
    # insured in months 2..13 (12 months of benefit), excluded in month 14 = 2028-03
    assert regime[2:14] == [Regime.INSURANCE] * 12
    assert regime[14:] == [Regime.RIS] * 4
    assert seen[14]["excluded"][1] and not seen[13]["excluded"][1]
    assert seen[14]["application"][1] == parse_month("2028-03")

    ledger = m.ledger.to_frame()
    benefit = [f.postings(ledger, month=t, category="unemployment_benefit") for t in range(18)]
    # months 2-7 (2027): period 1, 1,581 x 1.02 = 1,612.62; months 8-11 (2027): 1,438 x 1.02^2;
    # months 12-13 (2028): 1,438 x 1.02^3; none from month 14
    expected = [0.0, 0.0] + [1612.62] * 6 + [1438 * IDX_2028] * 4 + [1438 * INDEX_3] * 2 + [0.0] * 4
    np.testing.assert_allclose(benefit, expected)
    # month 14 (2028-03): RIS single 1,314.20 x 1.02^3 = 1,394.6396; an application after June
    # 2026: the ordinary rate 0.60 + 0.15 = 0.75; the extra file fee ended with 2027
    ris = 1314.20 * INDEX_3
    assert f.postings(ledger, month=14, category="ris") == pytest.approx(ris)
    assert f.postings(ledger, month=14, category="ris_reimbursement") == pytest.approx(0.75 * ris)
    assert f.postings(ledger, category="ris_file_fee") == 0.0


def test_share_of_excluded_who_obtain_the_ris() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)  # excluded_to_cpas_share 0.35
    pop = f.population(400, entry_regime=1, entitlement=12)
    m = f.model(cfg, pop)
    m.t = 5
    m.state.rights_left[:400] = np.where(np.arange(400) < 300, 0, 1)  # the last 100 still have a month
    new_files = transitions.apply_time_limit(m, np.arange(400))
    excluded = np.arange(300)
    to_cpas = uniforms(cfg.seed, 5, Purpose.TO_CPAS, excluded) < 0.35
    np.testing.assert_array_equal(m.state.regime[:300], np.where(to_cpas, Regime.RIS, Regime.NONE))
    assert m.state.excluded_by_reform[:300].all() and not m.state.excluded_by_reform[300:400].any()
    assert (m.state.regime[300:400] == Regime.INSURANCE).all()
    # application month: this month (rights ran out now) for RIS files, -1 for the others
    month = parse_month("2027-06")
    np.testing.assert_array_equal(m.state.ris_application[:300], np.where(to_cpas, month, -1))
    # 300 draws at 0.35: 105 expected, sd 8.3
    assert 105 - 30 < to_cpas.sum() < 105 + 30
    assert new_files == to_cpas.sum()


def test_exclusion_waves_of_the_existing_stock() -> None:
    cfg = f.config(
        "start=2025-06",
        "horizon_months=30",
        "policy.unemployment_insurance.excluded_to_cpas_share.value=1",
        scenario="status_quo",
        quiet=True,
    )
    # 2025-06 is t = 0: 2026-01 is t = 7, 2026-03 t = 9, 2026-04 t = 10, 2027-06 t = 24
    pop = f.population(
        5, horizon=30, initial_duration=[300, 150, 50, 10, 0], entitlement=[24, 24, 24, 12, 24], household=SINGLE
    )
    m = f.model(cfg, pop, admit=False)
    seen = step_until(m, 30)
    excluded_at = [next(t for t, s in enumerate(seen) if s["excluded"][p]) for p in range(5)]
    # P0 300 months (>= 240 at t=7): 2026-01; P1 150 (159 at t=9): 2026-03; P2 50 (60 at t=10): 2026-04;
    # P3 10 months with 2 months of rights: rights ran out in 2025-08 but no limit before 2026-01;
    # P4 new spell with 24 months of rights: runs out at t = 24 (2027-06)
    assert excluded_at == [7, 9, 10, 7, 24]
    for p in range(5):
        assert seen[excluded_at[p] - 1]["regime"][p] == Regime.INSURANCE
        assert seen[excluded_at[p]]["regime"][p] == Regime.RIS
    # application month: the later of the wave and the month rights ran out
    labels = ["2026-01", "2026-03", "2026-04", "2026-01", "2027-06"]
    np.testing.assert_array_equal(seen[-1]["application"], [parse_month(x) for x in labels])

    ledger = m.ledger.to_frame()
    # file fees (518 EUR in 2026 and 2027): two files at t = 7, one at 9, 10 and 24
    fees = [f.postings(ledger, month=t, category="ris_file_fee") / 518.0 for t in range(30)]
    assert [t for t, n in enumerate(fees) if n] == [7, 9, 10, 24]
    assert fees[7] == pytest.approx(2.0)
    # t = 24 (2027-06): five single RIS at 1,314.20 x 1.02^2; the four files of January-June 2026
    # at 0.90, the late one (2027-06 application) at the ordinary 0.60 + 0.15 = 0.75
    ris = 1314.20 * IDX_2028
    assert f.postings(ledger, month=24, category="ris") == pytest.approx(5 * ris)
    assert f.postings(ledger, month=24, category="ris_reimbursement") == pytest.approx(ris * (4 * 0.90 + 0.75))
    # t = 10 (2026-04): four RIS at 1,314.20 x 1.02 and the insured P4 in month 11 of the spell
    # (months 7-12: 1,438 x 1.02); reform files reimbursed at 100 % in 2026
    assert f.postings(ledger, month=10, category="ris_reimbursement") == pytest.approx(4 * 1314.20 * IDX_2027)
    assert f.postings(ledger, month=10, category="unemployment_benefit") == pytest.approx(1438 * IDX_2027)


def test_excluded_without_cpas_get_nothing() -> None:
    cfg = f.config(
        "start=2025-06",
        "horizon_months=12",
        "policy.unemployment_insurance.excluded_to_cpas_share.value=0",
        scenario="status_quo",
        quiet=True,
    )
    pop = f.population(2, horizon=12, initial_duration=[300, 50], household=SINGLE)
    m = f.model(cfg, pop, admit=False)
    seen = step_until(m, 12)
    np.testing.assert_array_equal(seen[6]["regime"], [Regime.INSURANCE, Regime.INSURANCE])
    np.testing.assert_array_equal(seen[7]["regime"], [Regime.NONE, Regime.INSURANCE])
    np.testing.assert_array_equal(seen[10]["regime"], [Regime.NONE, Regime.NONE])
    np.testing.assert_array_equal(seen[11]["application"], [-1, -1])
    assert seen[11]["excluded"].all()
    ledger = m.ledger.to_frame()
    assert f.postings(ledger, category="ris") == 0.0
    assert f.postings(ledger, category="ris_file_fee") == 0.0
    assert f.postings(ledger, month=11, category="unemployment_benefit") == 0.0


# --------------------------------------------------------------------------- clocks and job spells
def test_advance_clocks() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)
    pop = f.population(5, initial_duration=5, entitlement=24, entry_regime=[1, 1, 1, 1, 2])
    m = f.model(cfg, pop)
    s = m.state
    s.status[:5] = [Status.JOBLESS, Status.TRAINING, Status.EBE, Status.ORDINARY, Status.JOBLESS]
    transitions.advance_clocks(m)
    # searching (jobless, training): one month longer; insured searchers use a month of rights (19 -> 18)
    np.testing.assert_array_equal(s.duration[:5], [6, 6, 5, 5, 6])
    np.testing.assert_array_equal(s.rights_left[:5], [18, 18, 19, 19, 0])
    np.testing.assert_array_equal(s.months_worked[:5], [0, 0, 1, 1, 0])


def test_return_to_unemployment_gives_rights_back_after_twelve_months() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)
    pop = f.population(3, entry_regime=2)
    m = f.model(cfg, pop)
    s = m.state
    s.status[:3] = Status.SCHEME_JOB
    s.months_worked[:3] = [11, 12, 30]
    s.excluded_by_reform[:3] = True
    s.program[:3] = 0
    s.fte[:3] = 1.0
    transitions.return_to_unemployment(m, np.arange(3))
    assert (s.status[:3] == Status.JOBLESS).all() and (s.program[:3] == -1).all() and (s.fte[:3] == 0).all()
    # 11 months: no rights, stays on the RIS; 12 -> 12 months; 30 -> 12 + one per 4 more = 16
    np.testing.assert_array_equal(s.regime[:3], [Regime.RIS, Regime.INSURANCE, Regime.INSURANCE])
    np.testing.assert_array_equal(s.rights_left[1:3], [12, 16])
    np.testing.assert_array_equal(s.excluded_by_reform[:3], [True, False, False])
    np.testing.assert_array_equal(s.months_worked[:3], 0)


def test_job_finding_and_separation_follow_the_keyed_draws() -> None:
    cfg = f.config("behaviour.job_separation.value=0.2", scenario="status_quo", quiet=True)
    cfg.behaviour.job_finding_base.value = 0.13
    pop = f.population(600, entry_regime=0, age_years=30.0)
    m = f.model(cfg, pop)  # horizon 36 months
    m.t = 3
    ids = np.arange(600)
    m.state.volunteer_month[:600] = 1
    transitions.find_and_lose_ordinary_jobs(m, None)
    # jobless at duration 0, medium, age 30, employability 0: hazard 0.13
    finds = uniforms(cfg.seed, 3, Purpose.JOB_FINDING, ids) < 0.13
    np.testing.assert_array_equal(m.state.status[:600] == Status.ORDINARY, finds)
    np.testing.assert_array_equal(m.state.volunteer_month[:600], np.where(finds, -1, 1))
    # each new job lasts a geometric number of months G >= 1 at the monthly separation rate 0.2,
    # drawn by inversion of the keyed draw: G = 1 + floor(ln(1 - u) / ln(0.8)); ends after the
    # horizon (month 36) are not scheduled
    finders = ids[finds]
    u = uniforms(cfg.seed, 3, Purpose.JOB_SEPARATION, finders)
    end = 3 + 1 + np.floor(np.log1p(-u) / np.log(0.8))
    np.testing.assert_array_equal(m.state.job_end[finders], np.where(end < 36, end, -1))
    assert 40 < finds.sum() < 120
    # mean of G is 1 / 0.2 = 5 months
    assert 3.5 < (end - 3).mean() < 6.5

    # jobs end in the month drawn: jobless again with duration 0, and nobody else loses theirs
    first_end = int(end.min())
    m.t = first_end
    cfg.behaviour.job_finding_base.value = 0.0
    transitions.find_and_lose_ordinary_jobs(m, None)
    ended = finders[end == first_end]
    assert ended.size > 0
    np.testing.assert_array_equal(np.flatnonzero(m.state.status[:600] == Status.ORDINARY), finders[end != first_end])
    assert (m.state.duration[ended] == 0).all()


def test_no_separation_without_a_separation_rate() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)  # separation 0
    cfg.behaviour.job_finding_base.value = 0.95
    m = f.model(cfg, f.population(50, entry_regime=0))
    transitions.find_and_lose_ordinary_jobs(m, None)
    employed = np.flatnonzero(m.state.status[:50] == Status.ORDINARY)
    assert employed.size > 30
    np.testing.assert_array_equal(m.state.job_end[employed], -1)


# --------------------------------------------------------------------------- leaving for good
def test_pension_age_by_date() -> None:
    cfg = f.config(scenario="status_quo", quiet=True)  # 2027: pension at 66
    pop = f.population(3, age_years=[65.9, 66.0, 40.0], entry_regime=0)
    m = f.model(cfg, pop)
    m.state.volunteer_month[:3] = 0
    transitions.retire_and_leave(m)
    np.testing.assert_array_equal(m.state.status[:3], [Status.JOBLESS, Status.OUT, Status.JOBLESS])
    assert m.state.volunteer_month[1] == NO_MONTH
    # in 2030 the pension age is 67: a 66.5-year-old still works
    later = f.model(f.config("start=2030-01", scenario="status_quo", quiet=True), f.population(1, age_years=66.5))
    transitions.retire_and_leave(later)
    assert later.state.status[0] == Status.JOBLESS


def test_people_who_leave_end_their_scheme_contract_and_never_come_back() -> None:
    """A retiree in an article 60 contract, and a coached jobseeker who leaves the labour force,
    must stay out: their contract or spell ends with them (it used to bring them back as jobless
    at the contract's end, and keep paying their wage or coaching)."""
    cfg = f.config(*f.only_operators("cpas_article60", "mire_coaching"), scenario="existing_actors", quiet=True)
    cfg.behaviour.labour_force_exit.value = 1.0  # every jobless person leaves this month
    pop = f.population(2, age_years=[66.0, 40.0], entry_regime=2)
    m = f.model(cfg, pop)
    s = m.state
    article60, coaching = 0, 4
    s.status[:2] = [Status.SCHEME_JOB, Status.JOBLESS]
    s.program[:2] = [article60, coaching]
    s.contract_end[:2] = [1, 1]
    s.fte[:2] = [1.0, 0.0]
    transitions.retire_and_leave(m)
    np.testing.assert_array_equal(s.status[:2], Status.OUT)
    operators.settle(m)
    ledger = f.close(m)
    # nobody left in a programme: no subsidy, wage or coaching cost is paid for them
    assert ledger.empty, ledger
    m.t = 1
    operators.end_contracts(m)
    np.testing.assert_array_equal(s.status[:2], Status.OUT)


# --------------------------------------------------------------------------- volunteering
def test_volunteering_only_after_eligibility_and_for_would_be_volunteers() -> None:
    cfg = f.config("scenario.volunteering.monthly_hazard.value=1", quiet=True)  # eligibility 24 months, take-up 0.25
    pop = f.population(
        6, entry_regime=0, initial_duration=[23, 24, 30, 30, 30, 30], volunteer_draw=[0.0, 0.0, 0.0, 0.3, 0.249, 0.0]
    )
    m = f.model(cfg, pop)
    m.state.status[5] = Status.EBE
    m.t = 4
    volunteering.sign_up(m)
    # 23 months: not eligible; draw 0.3 >= take-up 0.25: would not volunteer; EBE worker: not jobless
    np.testing.assert_array_equal(m.state.volunteer_month[:6], [-1, 4, 4, -1, 4, -1])
    np.testing.assert_array_equal(m.state.first_volunteer_month[:6], [-1, 4, 4, -1, 4, -1])
    # a later month does not re-register people already waiting
    m.t = 5
    m.state.duration[:6] += 1
    volunteering.sign_up(m)
    np.testing.assert_array_equal(m.state.volunteer_month[:6], [5, 4, 4, -1, 4, -1])
    np.testing.assert_array_equal(volunteering.in_registration_order(m, volunteering.waiting(m)), [1, 2, 4, 0])


def test_volunteering_hazard_uses_the_keyed_draws() -> None:
    cfg = f.config("scenario.volunteering.eligibility_min_months.value=12", quiet=True)  # hazard 0.10
    pop = f.population(
        500, entry_regime=0, initial_duration=12, volunteer_draw=np.linspace(0, 0.5, 500, endpoint=False)
    )
    m = f.model(cfg, pop)
    m.t = 2
    volunteering.sign_up(m)
    ids = np.arange(500)
    would = pop.volunteer_draw < 0.25
    joins = would & (uniforms(cfg.seed, 2, Purpose.VOLUNTEER, ids) < 0.10)
    np.testing.assert_array_equal(m.state.volunteer_month[:500] == 2, joins)
    assert joins.sum() > 0


def test_older_jobseekers_with_a_career_keep_their_rights() -> None:
    cfg = f.config(
        "start=2025-06",
        "horizon_months=12",
        "policy.unemployment_insurance.excluded_to_cpas_share.value=1",
        scenario="status_quo",
        quiet=True,
    )
    # all jobless 300 months (the wave of January 2026, t = 7); ages 57 and 50 at the start
    pop = f.population(400, horizon=12, initial_duration=300, age_years=[57.0] * 200 + [50.0] * 200)
    m = f.model(cfg, pop, admit=False)
    seen = step_until(m, 12)
    career = uniforms(cfg.seed, 0, Purpose.CAREER, np.arange(400)) < 0.18
    kept = np.zeros(400, dtype=bool)
    kept[:200] = career[:200]  # 55 or more on 30 June 2025, on benefit before March 2026, a career
    np.testing.assert_array_equal(seen[11]["regime"] == Regime.INSURANCE, kept)
    assert 15 < kept.sum() < 60
    # one keyed draw per person: the same in every month and in the twin
    np.testing.assert_array_equal(transitions.older_exception(m, np.arange(400)), kept)
