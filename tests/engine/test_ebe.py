"""Employment-based enterprises: hiring from the waiting list, the per-FTE contribution, accounts,
displacement and exits (full transposition on the pilot: 13,426 inhabitants)."""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim.engine import ebe
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import Status
from sim.rules.hazards import monthly_from_yearly

INHABITANTS = 6826 + 6600  # Hensies + Quievrain

# Pay of one FTE at the minimum wage in January 2027 (non-market employer):
#   monthly wage 2,147.59 x 1.02 = 2,190.5418; gross over 12 months x 13.92 / 12 = 2,541.028488
#   S = 3 x 2,190.5418 = 6,571.6254; R = 0.14 x 4,226.0446 + 0.40 x 235.5546 = 685.868084 a quarter
#   employer contribution 0.324 x 2,541.028488 - 685.868084 / 3 = 823.29323 - 228.62269 = 594.67054
GROSS_2027 = 2147.59 * 1.02 * 13.92 / 12
EMPLOYER_CONTRIBUTION_2027 = 0.324 * GROSS_2027 - 685.868084 / 3
EMPLOYER_COST_2027 = GROSS_2027 + EMPLOYER_CONTRIBUTION_2027  # 3,135.69903
NET_2027 = GROSS_2027 * (1 - 0.045 - 0.027)


def two_ebes(*overrides: str):
    return f.config("territory.ebe_count.value=2", "scenario.ebe.launch_delay_months.value=0", *overrides, quiet=True)


def waiting_list():
    # EBE 0 serves ids 0, 2, 3, 5, 7; EBE 1 serves ids 1, 4, 6, 8, 9
    pop = f.population(10, entry_regime=0, initial_duration=30, ebe_index=[0, 1, 0, 0, 1, 0, 1, 0, 1, 1],
                       working_time=[1.0, 0.5, 0.8, 1.0, 0.5, 0.8, 1.0, 0.5, 0.8, 1.0])  # fmt: skip
    return pop, np.array([3, 2, 1, 2, 2, 1, 0, 0, 1, -1], dtype=np.int16)


def test_hiring_in_registration_order_within_capacity_per_ebe() -> None:
    cfg = two_ebes()
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    m.t = 4
    hiring = ebe.hire(m)
    created = hiring.jobs_created
    # each EBE serves 13,426 / 2 = 6,713 inhabitants: 30 hires a year per 5,000 inhabitants gives
    # 30 x 6,713 / 5,000 / 12 = 3.3565 a month -> 3 hires each
    # EBE 0 list by (month, id): 7 (0), 2 (1), 5 (1), 3 (2), 0 (3) -> hires 7, 2, 5
    # EBE 1 list: 6 (0), 8 (1), 1 (2), 4 (2); 9 is not waiting -> hires 6, 8, 1
    hired = np.flatnonzero(m.state.status[:10] == Status.EBE)
    np.testing.assert_array_equal(hired, [1, 2, 5, 6, 7, 8])
    np.testing.assert_array_equal(created, [3, 3])
    np.testing.assert_array_equal(m.state.fte[hired], pop.working_time[hired])
    np.testing.assert_array_equal(m.state.first_hire_month[hired], 4)
    np.testing.assert_array_equal(m.state.volunteer_month[:10], [3, -1, -1, 2, 2, -1, -1, -1, -1, -1])
    assert hiring.hires == 6
    # a second month: slots carry 0.3565 over: 3.713 -> 3 more each, but only 2 are left
    m.t = 5
    created = ebe.hire(m).jobs_created
    np.testing.assert_array_equal(created, [2, 1])
    assert (m.state.status[:9] == Status.EBE).all()


def test_no_hiring_before_launch() -> None:
    cfg = two_ebes("scenario.ebe.launch_delay_months.value=6")
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    m.t = 5
    np.testing.assert_array_equal(ebe.hire(m).jobs_created, [0, 0])
    assert not (m.state.status[:10] == Status.EBE).any()
    m.t = 6
    np.testing.assert_array_equal(ebe.hire(m).jobs_created, [3, 3])


def test_an_ebe_short_of_cash_freezes_hiring() -> None:
    cfg = two_ebes()
    pop, registered = waiting_list()
    m = f.model(cfg, pop)
    m.state.volunteer_month[:10] = registered
    # freeze below 0.5 months of wage bill: 1,000 < 0.5 x 10,000
    m.ebes[0].cash, m.ebes[0].last_wage_bill = 1000.0, 10000.0
    m.ebes[1].cash, m.ebes[1].last_wage_bill = 5000.0, 10000.0  # 5,000 is not below 5,000
    assert m.ebes[0].cash_frozen and not m.ebes[1].cash_frozen
    created = ebe.hire(m).jobs_created
    np.testing.assert_array_equal(created, [0, 3])
    np.testing.assert_array_equal(np.flatnonzero(m.state.status[:10] == Status.EBE), [1, 6, 8])


def test_capacity_carries_over_one_month_at_most() -> None:
    m = f.model(two_ebes(), f.population(1))
    e = m.ebes[0]
    # 3.3565 a month, at most 2 x 3.3565 + 1 = 7.713 slots
    assert [e.hiring_capacity(t) for t in range(3)] == [3, 6, 7]


def staffed(contribution_basis: str = "employer_cost", month: int = 0):
    """Three EBE workers at 0.5, 0.8 and 1.0 FTE (2.3 FTE) and one jobseeker, in ``month``."""
    cfg = f.config(f"scenario.fund.contribution_basis={contribution_basis}", quiet=True)
    pop = f.population(4, entry_regime=0, working_time=[0.5, 0.8, 1.0, 1.0])
    m = f.model(cfg, pop)
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
    # 0.5 + 0.8 + 1.0 = 2.3 FTE; contribution = 0.889 x basis x 2.3
    #   employer_cost: 0.889 x 3,135.69903 x 2.3 = 6,411.56; gross: 0.889 x 2,541.02849 x 2.3 = 5,195.64
    contribution = 0.889 * per_fte * 2.3
    assert f.postings(ledger, debtor="tzcld_fund", creditor="ebe_01", category="per_fte_contribution") == pytest.approx(
        contribution
    )
    # local co-funding: 15 % of the contribution, from the CPAS and commune
    assert f.postings(ledger, debtor="cpas_commune", creditor="ebe_01", category="local_cofunding") == pytest.approx(
        0.15 * contribution
    )
    assert outlays == pytest.approx(contribution)


def test_wages_pro_rata_of_working_time() -> None:
    _, _, _, ledger = settled("employer_cost")
    # 2.3 FTE at the minimum wage: net 2.3 x 2,541.02849 x 0.928 = 5,423.52 to households
    assert f.postings(ledger, debtor="ebe_01", category="wage_net") == pytest.approx(2.3 * NET_2027)
    assert f.postings(ledger, debtor="ebe_01", category="employer_contribution") == pytest.approx(
        2.3 * EMPLOYER_CONTRIBUTION_2027
    )
    assert f.postings(ledger, debtor="ebe_01", category="employee_contribution") == pytest.approx(
        2.3 * 0.045 * GROSS_2027
    )
    assert f.postings(ledger, debtor="ebe_01", category="income_tax") == pytest.approx(2.3 * 0.027 * GROSS_2027)


def test_no_sales_before_the_first_hire() -> None:
    m, _, sales, ledger = settled(month=8)
    assert m.ebes[0].first_hire_month is None
    assert sales == 0.0 and f.postings(ledger, category="sales") == 0.0


def test_startup_grant_sales_displacement_and_cash() -> None:
    m = staffed(month=8)
    m.ebes[0].first_hire_month = 0  # activities started in month 0: maturity in month 8 = 9 / 36 = 0.25
    month = ebe.settle(m, np.array([2]))
    outlays, sales = month.fund_outlays, month.sales
    ledger = f.close(m)
    # wage, supervision (0.10 x 1.6) and running costs (0.26 of the wage cost): 4,452.69 a month
    cost_per_fte = EMPLOYER_COST_2027 * (1 + 0.10 * 1.6 + 0.26)
    expected_sales = 0.25 * 0.275 * cost_per_fte * 2.3  # 704.08, below demand 150 / 12 x 13,426
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
    # start-up grant 2 x 6,200 from the fund; investment 2 x 5,000; supervision 0.1 x 1.6 x cost
    assert f.postings(ledger, debtor="tzcld_fund", category="startup_grant") == pytest.approx(12400.0)
    assert f.postings(ledger, category="startup_investment") == pytest.approx(10000.0)
    assert f.postings(ledger, category="supervision") == pytest.approx(2.3 * 0.16 * EMPLOYER_COST_2027)
    assert outlays == pytest.approx(0.889 * EMPLOYER_COST_2027 * 2.3 + 12400.0)
    # cash moves by exactly the EBE's ledger balance of the month
    balance = f.postings(ledger, creditor="ebe_01") - f.postings(ledger, debtor="ebe_01")
    assert m.ebes[0].cash == pytest.approx(50000.0 + balance)
    assert m.ebes[0].last_wage_bill == pytest.approx(2.3 * EMPLOYER_COST_2027)
    assert (m.ebes[0].fte, m.ebes[0].headcount) == (pytest.approx(2.3), 3)


def test_sales_bounded_by_local_demand() -> None:
    cfg = f.config("territory.local_demand_per_inhabitant_year.value=0.12", quiet=True)
    pop = f.population(2, entry_regime=0)
    m = f.model(cfg, pop)
    m.state.status[:2] = Status.EBE
    m.state.fte[:2] = 1.0
    m.ebes[0].first_hire_month = 0
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
    # those back in unemployment regained 14 months of insurance
    back = leaving[~to_job]
    assert (m.state.rights_left[back] == 14).all() and (m.state.fte[leaving] == 0).all()


def test_jobs_created_count_only_headcount_above_its_peak() -> None:
    m = f.model(f.config(quiet=True), f.population(1))
    e = m.ebes[0]
    assert e.record_hires(3, 0) == 3
    e.headcount = 1  # two left, as settle records
    assert e.record_hires(3, 1) == 1  # 4 is one above the peak of 3
    assert e.first_hire_month == 0


def test_displacement_reaches_local_firms_in_a_run() -> None:
    cfg = f.config(
        "horizon_months=18", "scenario.ebe.launch_delay_months.value=0", "scenario.ebe.sales_maturity_months.value=6"
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
    cfg = f.config(f"scenario.ebe.deficit_top_up={str(top_up).lower()}", quiet=True)
    pop = f.population(4, entry_regime=0, working_time=[0.5, 0.8, 1.0, 1.0])
    m = f.model(cfg, pop)
    m.state.status[:3] = Status.EBE
    m.state.fte[:3] = pop.working_time[:3]
    m.ebes[0].cash = -20000.0  # deep in deficit before the month's accounts
    outlays = ebe.settle(m, np.array([0])).fund_outlays
    ledger = f.close(m)
    contribution = 0.889 * EMPLOYER_COST_2027 * 2.3
    wage_bill = 2.3 * EMPLOYER_COST_2027
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
