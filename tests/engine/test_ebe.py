"""Employment-based enterprises: hiring from the waiting list, the per-FTE contribution, accounts,
displacement and exits (full transposition on the pilot: 13,426 inhabitants)."""

from __future__ import annotations

import dataclasses

import factories as f
import numpy as np
import pytest

from sim.calendar import parse_month
from sim.engine import ebe
from sim.engine.pipeline import Stage
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import Status
from sim.rules import wages
from sim.rules.hazards import monthly_from_yearly

INHABITANTS = 6826 + 6600  # Hensies + Quievrain

# Pay in January 2027 from the rules (checked by tests/rules/test_wages.py and the rule cases):
# the per-FTE contribution, supervision and sales are reckoned on a full-time worker's pay; the
# wage bill of the staff of `staffed` (0.5, 0.8 and 1.0 FTE, single) at their working times.
POLICY = f.config().policy
FULL_TIME = wages.pay_per_fte(POLICY, parse_month("2027-01"))
STAFF = wages.mix([wages.pay_per_fte(POLICY, parse_month("2027-01"), working_time=t) for t in (0.5, 0.8, 1.0)],
                  [0.5, 0.8, 1.0])  # fmt: skip
EMPLOYER_COST_2027 = FULL_TIME.employer_cost
GROSS_2027 = FULL_TIME.gross


# The pipeline's own randomness switched off: no activity abandoned, the same delays everywhere.
STEADY = ["pipeline.abandonment_rate_year.value=0", "pipeline.vary_by_territory=[]"]


def two_ebes(*overrides: str):
    return f.config("territory.ebe_count.value=2", "scenario.ebe.launch_delay_months.value=0", *STEADY, *overrides,
                    quiet=True)  # fmt: skip


def ready(m, e: int = 0, activities: int = 1, supervisors: int = 2, launched: int = 0) -> None:
    """EBE ``e`` of ``m`` created before the run with ``activities`` launched in month
    ``launched`` (each of average demand) and ``supervisors`` in post."""
    enterprise = m.ebes[e]
    enterprise.created_month = -1
    pipeline = enterprise.pipeline
    pipeline.supervisors = supervisors
    pipeline._add(activities, Stage.LAUNCHED, launched, 0)
    pipeline.launched[-activities:] = launched
    pipeline.demand[-activities:] = 1.0


def waiting_list():
    # EBE 0 serves ids 0, 2, 3, 5, 7; EBE 1 serves ids 1, 4, 6, 8, 9
    pop = f.population(10, entry_regime=0, initial_duration=30, ebe_index=[0, 1, 0, 0, 1, 0, 1, 0, 1, 1],
                       working_time=[1.0, 0.5, 0.8, 1.0, 0.5, 0.8, 1.0, 0.5, 0.8, 1.0])  # fmt: skip
    return pop, np.array([3, 2, 1, 2, 2, 1, 0, 0, 1, -1], dtype=np.int16)


def test_hiring_in_registration_order_within_the_posts_of_each_ebe() -> None:
    cfg = two_ebes()
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    ready(m, 0, activities=1)  # 3 FTE of posts
    ready(m, 1, activities=2)  # 6 FTE
    m.t = 4
    hiring = ebe.hire(m)
    # EBE 0 list by (month, id): 7 (0.5 FTE), 2 (0.8), 5 (0.8), 3 (1.0), 0 (1.0): 0.5 + 0.8 + 0.8 = 2.1
    # fits in 3 FTE, 3.1 does not -> hires 7, 2, 5; volunteers are left: posts held hiring back
    # EBE 1 list: 6 (1.0), 8 (0.8), 1 (0.5), 4 (0.5); 9 is not waiting -> 2.8 of 6 FTE: all hired
    hired = np.flatnonzero(m.state.status[:10] == Status.EBE)
    np.testing.assert_array_equal(hired, [1, 2, 4, 5, 6, 7, 8])
    np.testing.assert_array_equal(hiring.jobs_created, [3, 4])
    np.testing.assert_array_equal(m.state.fte[hired], pop.working_time[hired])
    np.testing.assert_array_equal(m.state.first_hire_month[hired], 4)
    np.testing.assert_array_equal(m.state.volunteer_month[:10], [3, -1, -1, 2, -1, -1, -1, -1, -1, -1])
    assert hiring.hires == 7
    assert [e.constraint for e in m.ebes] == [ebe.HiringConstraint.posts, ebe.HiringConstraint.volunteers]
    # the next month EBE 0 has 0.9 FTE of room: 3 (1.0 FTE) still does not fit, and nobody overtakes it
    m.t = 5
    assert ebe.hire(m).hires == 0
    assert m.state.volunteer_month[3] == 2


def test_supervisors_bound_the_staff() -> None:
    cfg = two_ebes()
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    # one supervisor leads 1 / 0.10 = 10 FTE; with 0.5 supervisor's worth (a ratio of 0.4), 2.5 FTE
    ready(m, 0, activities=3, supervisors=1)
    m.ebes[0].pipeline.rules = dataclasses.replace(m.ebes[0].pipeline.rules, supervision_ratio=0.4)
    m.t = 4
    ebe.hire(m)
    # 9 FTE of posts, room for 2.5 FTE: 7 (0.5), 2 (0.8), 5 (0.8) = 2.1, then 3 (1.0) would make 3.1
    np.testing.assert_array_equal(np.flatnonzero(m.state.status[[0, 2, 3, 5, 7]] == Status.EBE), [1, 3, 4])
    assert m.ebes[0].constraint == ebe.HiringConstraint.supervisors


def test_no_hiring_before_the_ebe_is_created() -> None:
    cfg = two_ebes("scenario.ebe.launch_delay_months.value=6")
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    assert [e.created_month for e in m.ebes] == [6, 6]
    for t in range(6):
        m.t = t
        assert ebe.hire(m).hires == 0
        assert {e.constraint for e in m.ebes} == {ebe.HiringConstraint.closed}
    # created in month 6: the project team is in post and its first activities are approved, two
    # in preparation (one per supervisor); posts come only when they are launched
    m.t = 6
    assert ebe.hire(m).hires == 0
    assert m.ebes[0].pipeline.supervisors == 2
    assert m.ebes[0].pipeline.count(Stage.PREPARATION) == 2
    assert m.ebes[0].pipeline.count(Stage.APPROVED) + m.ebes[0].pipeline.count(Stage.PREPARATION) == 4


def test_an_ebe_short_of_cash_freezes_hiring() -> None:
    cfg = two_ebes()
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    ready(m, 0, activities=2)
    ready(m, 1, activities=2)
    # freeze below 0.5 months of wage bill: 1,000 < 0.5 x 10,000
    m.ebes[0].cash, m.ebes[0].last_wage_bill = 1000.0, 10000.0
    m.ebes[1].cash, m.ebes[1].last_wage_bill = 5000.0, 10000.0  # 5,000 is not below 5,000
    assert m.ebes[0].cash_frozen and not m.ebes[1].cash_frozen
    created = ebe.hire(m).jobs_created
    np.testing.assert_array_equal(created, [0, 4])
    np.testing.assert_array_equal(np.flatnonzero(m.state.status[:10] == Status.EBE), [1, 4, 6, 8])
    assert m.ebes[0].constraint == ebe.HiringConstraint.cash


def test_a_world_is_labelled_by_the_constraint_of_most_of_its_territories() -> None:
    m = f.model(f.config("territory.ebe_count.value=2", quiet=True), f.population(1))
    m.ebes[0].constraint, m.ebes[1].constraint = ebe.HiringConstraint.cash, ebe.HiringConstraint.posts
    # a tie goes to the first in the declared order
    assert ebe.world_constraint(m.ebes, 0) == ebe.HiringConstraint.posts
    m.ebes[1].selected_month = 5  # not selected yet: not counted
    assert ebe.world_constraint(m.ebes, 0) == ebe.HiringConstraint.cash
    m.ebes[0].selected_month = 5
    assert ebe.world_constraint(m.ebes, 0) == ebe.HiringConstraint.closed


def staffed(contribution_basis: str = "employer_cost", month: int = 0):
    """Three EBE workers at 0.5, 0.8 and 1.0 FTE (2.3 FTE) and one jobseeker, in ``month``."""
    cfg = f.config(f"scenario.fund.contribution_basis={contribution_basis}", *STEADY, quiet=True)
    pop = f.population(4, entry_regime=0, working_time=[0.5, 0.8, 1.0, 1.0])
    m = f.model(cfg, pop)
    ready(m, 0, activities=1, supervisors=0)
    m.state.status[:3] = Status.EBE
    m.state.fte[:3] = pop.working_time[:3]
    m.t = month
    return m


def settled(contribution_basis: str = "employer_cost", jobs_created: int = 0, month: int = 0):
    m = staffed(contribution_basis, month)
    month = ebe.settle(m, np.array([jobs_created]))
    return m, month.fund_outlays, month.sales, f.close(m)


@pytest.mark.parametrize(
    ("basis", "per_fte"),
    [("employer_cost", EMPLOYER_COST_2027), ("gross", GROSS_2027)],
)
def test_per_fte_contribution(basis: str, per_fte: float) -> None:
    m, outlays, _, ledger = settled(basis)
    # 0.5 + 0.8 + 1.0 = 2.3 FTE; contribution = 0.889 x (the full-time minimum wage's basis) x 2.3
    contribution = 0.889 * per_fte * 2.3
    assert f.postings(ledger, debtor="tzcld_fund", creditor="ebe_01", category="per_fte_contribution") == pytest.approx(
        contribution
    )
    # local co-funding: 15 % of the contribution, from the CPAS and commune
    assert f.postings(ledger, debtor="cpas_commune", creditor="ebe_01", category="local_cofunding") == pytest.approx(
        0.15 * contribution
    )
    assert outlays == pytest.approx(contribution)


def test_wages_at_each_working_time() -> None:
    _, _, _, ledger = settled("employer_cost")
    # 2.3 FTE paid at their own working times: part-time pay is not pro rata (the structural
    # reduction and the work bonus favour it), so the staff's pay per FTE is their FTE-weighted mix
    assert f.postings(ledger, debtor="ebe_01", category="wage_net") == pytest.approx(2.3 * STAFF.net)
    assert f.postings(ledger, debtor="ebe_01", category="employer_contribution") == pytest.approx(
        2.3 * STAFF.employer_contribution
    )
    assert f.postings(ledger, debtor="ebe_01", category="employee_contribution") == pytest.approx(
        2.3 * STAFF.employee_contribution
    )
    assert f.postings(ledger, debtor="ebe_01", category="income_tax") == pytest.approx(2.3 * STAFF.income_tax)
    assert STAFF.gross == pytest.approx(FULL_TIME.gross)
    assert STAFF.employer_contribution < FULL_TIME.employer_contribution


def test_no_sales_without_a_launched_activity() -> None:
    m = staffed(month=8)
    m.ebes[0].pipeline.stage[:] = Stage.ABANDONED
    sales = ebe.settle(m, np.array([0])).sales
    assert sales == 0.0 and f.postings(f.close(m), category="sales") == 0.0


def test_startup_grant_sales_displacement_and_cash() -> None:
    m = staffed(month=8)  # its activity launched in month 0: maturity in month 8 = 9 / 36 = 0.25
    m.ebes[0].pipeline.supervisors = 1
    month = ebe.settle(m, np.array([2]))
    outlays, sales = month.fund_outlays, month.sales
    ledger = f.close(m)
    # wage, supervision (0.10 x 1.6) and running costs (0.26 of the wage cost)
    cost_per_fte = EMPLOYER_COST_2027 * (1 + 0.10 * 1.6 + 0.26)
    expected_sales = 0.25 * 0.275 * cost_per_fte * 2.3  # below demand 150 / 12 x 13,426
    assert sales == pytest.approx(expected_sales)
    # 10 % taken from local firms, 37 % bought by public bodies (the CPAS and commune), the rest by
    # private customers
    assert f.postings(ledger, debtor="local_customers", category="sales") == pytest.approx(0.53 * expected_sales)
    assert f.postings(ledger, debtor="local_businesses", category="displaced_sales") == pytest.approx(
        0.1 * expected_sales
    )
    assert f.postings(ledger, debtor="cpas_commune", category="public_purchases") == pytest.approx(
        0.37 * expected_sales
    )
    assert month.displaced_sales == pytest.approx(0.1 * expected_sales)
    # start-up grant 2 x 6,200 from the fund; investment 2 x 5,000; one supervisor at 1.6 x the cost
    # of a full-time minimum wage
    assert f.postings(ledger, debtor="tzcld_fund", category="startup_grant") == pytest.approx(12400.0)
    assert f.postings(ledger, category="startup_investment") == pytest.approx(10000.0)
    assert f.postings(ledger, category="supervision") == pytest.approx(1.6 * EMPLOYER_COST_2027)
    assert outlays == pytest.approx(0.889 * EMPLOYER_COST_2027 * 2.3 + 12400.0)
    # cash moves by exactly the EBE's ledger balance of the month
    balance = f.postings(ledger, creditor="ebe_01") - f.postings(ledger, debtor="ebe_01")
    assert m.ebes[0].cash == pytest.approx(50000.0 + balance)
    assert m.ebes[0].last_wage_bill == pytest.approx(2.3 * STAFF.employer_cost)
    assert (m.ebes[0].fte, m.ebes[0].headcount) == (pytest.approx(2.3), 3)


def test_sales_bounded_by_local_demand() -> None:
    cfg = f.config("territory.local_demand_per_inhabitant_year.value=0.12", *STEADY, quiet=True)
    pop = f.population(2, entry_regime=0)
    m = f.model(cfg, pop)
    ready(m, 0, activities=1)
    m.state.status[:2] = Status.EBE
    m.state.fte[:2] = 1.0
    m.t = 40  # mature
    sales = ebe.settle(m, np.zeros(1, dtype=np.int64)).sales
    # demand 0.12 / 12 x 13,426 = 134.26 EUR a month
    assert sales == pytest.approx(0.01 * INHABITANTS)


def test_exits_follow_the_keyed_draws() -> None:
    cfg = f.config("scenario.ebe.exit_rate_year.value=0.9", quiet=True)
    pop = f.population(400, entry_regime=0)
    m = f.model(cfg, pop)
    m.state.status[:400] = Status.EBE
    m.state.fte[:400] = 1.0
    m.state.months_worked[:400] = 14
    m.t = 6
    to_ordinary = ebe.exits(m)
    ids = np.arange(400)
    # monthly rate 1 - 0.1^(1/12) = 0.17460
    leaving = ids[uniforms(cfg.seed, 6, Purpose.EBE_EXIT, ids) < monthly_from_yearly(0.9)]
    to_job = uniforms(cfg.seed, 6, Purpose.EBE_EXIT_KIND, leaving) < 0.5
    status = m.state.status[:400]
    np.testing.assert_array_equal(np.flatnonzero(status != Status.EBE), leaving)
    np.testing.assert_array_equal(status[leaving], np.where(to_job, Status.ORDINARY, Status.JOBLESS))
    assert to_ordinary == to_job.sum() > 0
    # those back in unemployment regained 12 months of insurance (14 months worked: 12, one more per 4)
    back = leaving[~to_job]
    assert (m.state.rights_left[back] == 12).all() and (m.state.fte[leaving] == 0).all()


def test_jobs_created_count_only_headcount_above_its_peak() -> None:
    m = f.model(f.config(quiet=True), f.population(1))
    e = m.ebes[0]
    assert e.record_hires(3, 0) == 3
    e.headcount = 1  # two left, as settle records
    assert e.record_hires(3, 1) == 1  # 4 is one above the peak of 3
    assert e.first_hire_month == 0


def test_displacement_reaches_local_firms_in_a_run() -> None:
    cfg = f.config(
        "horizon_months=18",
        "scenario.ebe.launch_delay_months.value=0",
        "scenario.ebe.initial_preparation_months.value=0",
        "scenario.ebe.sales_maturity_months.value=6",
    )
    result = f.run(cfg)
    series = result.timeseries()
    ledger = result.ledger()
    scen = series[series["world"] == "scenario"].set_index("month")
    displaced = ledger[(ledger["world"] == "scenario") & (ledger["category"] == "displaced_sales")]
    by_month = displaced.groupby("month")["amount_eur"].sum().reindex(scen.index, fill_value=0.0)
    assert scen["ebe_sales_eur"].iloc[-1] > 0
    # displaced sales = 10 % of sales, every month
    np.testing.assert_allclose(by_month, 0.10 * scen["ebe_sales_eur"], rtol=1e-9)
    np.testing.assert_allclose(scen["displaced_sales_eur"], 0.10 * scen["ebe_sales_eur"], rtol=1e-9)
    # jobs lost: 12 x displaced x overlap / 120,000 per sector; overlaps sum to 1 on the pilot
    np.testing.assert_allclose(scen["displaced_fte"], 12 * scen["displaced_sales_eur"] / 120000, rtol=1e-9)
    last = float(scen["displaced_sales_eur"].iloc[-1])
    spending = float(scen["local_spending_eur"].iloc[-1])
    employment = {
        "retail_and_repair": 625,
        "personal_services": 375,
        "construction_and_green_spaces": 375,
        "horeca": 200,
        "industry_and_other": 925,
    }
    overlap = {
        "retail_and_repair": 0.4,
        "personal_services": 0.3,
        "construction_and_green_spaces": 0.2,
        "horeca": 0.1,
        "industry_and_other": 0.0,
    }
    for firm in result.scenario.firms:
        assert firm.displaced_jobs == pytest.approx(12 * last * overlap[firm.sector] / 120000)
        assert firm.gained_jobs == pytest.approx(12 * spending * employment[firm.sector] / 2500 / 120000)
    # the twin has no EBE: nothing displaced
    twin = series[series["world"] == "twin"]
    assert (twin["displaced_sales_eur"] == 0).all() and (twin["displaced_fte"] == 0).all()


@pytest.mark.parametrize("top_up", [True, False])
def test_deficit_top_up_restores_the_hiring_threshold(top_up: bool) -> None:
    cfg = f.config(f"scenario.ebe.deficit_top_up={str(top_up).lower()}", *STEADY, quiet=True)
    pop = f.population(4, entry_regime=0, working_time=[0.5, 0.8, 1.0, 1.0])
    m = f.model(cfg, pop)
    ready(m, 0, activities=1, supervisors=0)
    m.state.status[:3] = Status.EBE
    m.state.fte[:3] = pop.working_time[:3]
    m.ebes[0].cash = -20000.0  # deep in deficit before the month's accounts
    outlays = ebe.settle(m, np.array([0])).fund_outlays
    ledger = f.close(m)
    contribution = 0.889 * EMPLOYER_COST_2027 * 2.3
    wage_bill = 2.3 * STAFF.employer_cost
    floor = 0.5 * wage_bill  # hiring_freeze_cash_months x this month's wage bill
    top_ups = f.postings(ledger, debtor="tzcld_fund", creditor="ebe_01", category="deficit_top_up")
    if top_up:
        # the fund brings cash back to exactly the threshold, and it counts as fund outlays
        assert m.ebes[0].cash == pytest.approx(floor)
        assert top_ups > 20000.0
        assert outlays == pytest.approx(contribution + top_ups)
        assert not m.ebes[0].cash_frozen
    else:
        assert top_ups == 0.0 and outlays == pytest.approx(contribution)
        assert m.ebes[0].cash < 0 and m.ebes[0].cash_frozen
