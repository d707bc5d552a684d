"""Employment-based enterprises (full transposition): hiring, exits and monthly accounts.

Every EBE hires the volunteers of its neighbourhood from the waiting list in order of
registration, within its onboarding capacity and as long as its cash allows. Its costs are
minimum wages at the chosen working time, employer contributions after the structural reduction,
supervision (capped at 10 % of FTE in France), running costs and a start-up investment per job
created. Its income is the fund's per-FTE contribution, the start-up grant per job created, local
co-funding and sales, which ramp up as activities mature, are bounded by local demand, and are
partly taken from local firms (displacement).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim import fund, volunteering
from sim.flows import pay_wages
from sim.random_streams import Purpose, uniforms
from sim.rules.hazards import monthly_from_yearly
from sim.rules.wages import pay_per_fte
from sim.state import Status
from sim.transitions import return_to_unemployment, start_ordinary_jobs

if TYPE_CHECKING:
    from sim.model import TZCLDModel


def hire(model: TZCLDModel) -> np.ndarray:
    """Each EBE hires the first volunteers of its own waiting list; returns jobs created per EBE."""
    s, pop = model.state, model.population
    ebes = model.ebes
    capacity = np.array([ebe.hiring_capacity(model.t) for ebe in ebes], dtype=np.int64)
    created = np.zeros(len(ebes), dtype=np.int64)
    rows = volunteering.waiting(model)
    if rows.size == 0 or capacity.sum() == 0:
        return created
    ebe_of = pop.ebe_index[rows]
    order = np.lexsort((rows, s.volunteer_month[rows], ebe_of))
    rows, ebe_of = rows[order], ebe_of[order]
    first_of_ebe = np.searchsorted(ebe_of, np.arange(len(ebes)))
    rank = np.arange(rows.size) - first_of_ebe[ebe_of]
    within = rank < capacity[ebe_of]
    hired = rows[within]
    budget = fund.fixed_budget(model)
    if budget is not None:
        # a fixed budget hires only what it can pay for until the end of its period
        staff = np.flatnonzero(s.status[: model.n_present] == Status.EBE)
        staff_fte = np.bincount(pop.ebe_index[staff], weights=s.fte[staff], minlength=len(ebes))
        hired = fund.affordable_hires(model, budget, hired, ebe_of[within], staff_fte, _commitment_per_fte_month(model))

    s.status[hired] = Status.EBE
    s.fte[hired] = pop.working_time[hired]
    s.months_worked[hired] = 0
    first = hired[s.first_hire_month[hired] < 0]
    s.first_hire_month[first] = model.t
    volunteering.take_off_list(model, hired)
    hires = np.bincount(pop.ebe_index[hired], minlength=len(ebes))
    for ebe in ebes:
        created[ebe.index] = ebe.record_hires(int(hires[ebe.index]), model.t)
    model.hires_this_month += int(hired.size)
    return created


def exits(model: TZCLDModel) -> None:
    """EBE workers leave at the yearly exit rate, a share of them for an ordinary job."""
    s = model.state
    cfg = model.scenario.ebe
    staff = np.flatnonzero(s.status[: model.n_present] == Status.EBE)
    if fund.closes_now(model):
        # the budget period is over and the design closes the EBEs: everyone is laid off
        return_to_unemployment(model, staff)
        for ebe in model.ebes:
            ebe.headcount = 0
        return
    leaving = staff[
        uniforms(model.seed, model.t, Purpose.EBE_EXIT, staff) < monthly_from_yearly(cfg.exit_rate_year.value)
    ]
    to_job = uniforms(model.seed, model.t, Purpose.EBE_EXIT_KIND, leaving) < cfg.exit_to_ordinary_share.value
    movers = leaving[to_job]
    start_ordinary_jobs(model, movers)
    model.exits_to_ordinary += int(movers.size)
    return_to_unemployment(model, leaving[~to_job])


def settle(model: TZCLDModel, jobs_created: np.ndarray) -> tuple[float, float]:
    """Post every EBE's monthly flows and update its cash; returns (fund outlays, sales)."""
    s, pop = model.state, model.population
    staff = np.flatnonzero(s.status[: model.n_present] == Status.EBE)
    n_ebe = len(model.ebes)
    fte = np.bincount(pop.ebe_index[staff], weights=s.fte[staff], minlength=n_ebe)
    headcount = np.bincount(pop.ebe_index[staff], minlength=n_ebe)
    return settle_accounts(model, fte, headcount, jobs_created)


def settle_accounts(
    model: TZCLDModel, fte: np.ndarray, headcount: np.ndarray, jobs_created: np.ndarray
) -> tuple[float, float]:
    """Post the flows of EBEs with the given FTE, headcount and jobs created this month.

    Where the design tops up deficits, an EBE whose cash ends the month below its hiring
    threshold is brought back to it by the fund.

    Returns:
        The fund's outlays (contributions and start-up grants) and the EBEs' total sales.
    """
    ledger, routing = model.ledger, model.policy.routing
    cfg, fund_cfg = model.scenario.ebe, model.scenario.fund
    pay = pay_per_fte(model.policy, model.month_index)
    supervision_per_fte = cfg.supervision_ratio.value * cfg.supervisor_cost_factor.value * pay.employer_cost
    running_per_fte = cfg.running_costs_per_fte_year.value / 12.0
    cost_per_fte = pay.employer_cost + supervision_per_fte + running_per_fte
    basis = pay.employer_cost if fund_cfg.contribution_basis == "employer_cost" else pay.gross
    contribution_per_fte = fund_cfg.contribution_share_of_wage.value * basis
    demand_per_inhabitant = model.territory.local_demand_per_inhabitant_year.value / 12.0

    budget = fund.fixed_budget(model)
    fund_outlays = 0.0
    total_sales = 0.0
    for ebe in model.ebes:
        e = ebe.index
        f = float(fte[e])
        name = ebe.name
        contribution = f * contribution_per_fte
        grant = jobs_created[e] * fund_cfg.startup_grant_per_job.value
        if budget is not None:
            contribution, grant = fund.cap_payments(model, budget, e, contribution, grant)
        cofunding = fund_cfg.local_cofunding_share.value * contribution
        sales = min(
            ebe.maturity(model.t) * cfg.sales_share_of_cost_at_maturity.value * cost_per_fte * f,
            demand_per_inhabitant * ebe.inhabitants,
        )
        displaced = cfg.displacement_share.value * sales
        ledger.post(routing.fund, name, acc.PER_FTE_CONTRIBUTION, contribution)
        ledger.post(routing.fund, name, acc.STARTUP_GRANT, grant)
        ledger.post(routing.local_cofunding, name, acc.LOCAL_COFUNDING, cofunding)
        ledger.post(acc.LOCAL_CUSTOMERS, name, acc.SALES, sales - displaced)
        ledger.post(acc.LOCAL_BUSINESSES, name, acc.DISPLACED_SALES, displaced)

        pay_wages(model, name, f, pay)
        supervision = f * supervision_per_fte
        running = f * running_per_fte
        investment = jobs_created[e] * cfg.startup_investment_per_job.value
        ledger.post(name, acc.REST_OF_ECONOMY, acc.SUPERVISION, supervision)
        ledger.post(name, acc.REST_OF_ECONOMY, acc.RUNNING_COSTS, running)
        ledger.post(name, acc.REST_OF_ECONOMY, acc.STARTUP_INVESTMENT, investment)

        income = contribution + cofunding + grant + sales
        costs = f * pay.employer_cost + supervision + running + investment
        ebe.cash += income - costs
        ebe.loss_months = ebe.loss_months + 1 if income < costs else 0
        ebe.fte, ebe.headcount, ebe.sales = f, int(headcount[e]), sales
        ebe.last_wage_bill = f * pay.employer_cost
        top_up = max(0.0, ebe.cash_floor - ebe.cash) if cfg.deficit_top_up else 0.0
        if budget is not None:
            top_up = fund.cap_top_up(model, budget, e, top_up, contribution + grant)
            fund.record_spending(model, budget, e, contribution + grant + top_up)
        ledger.post(routing.fund, name, acc.DEFICIT_TOP_UP, top_up)
        ebe.cash += top_up
        fund_outlays += contribution + grant + top_up
        total_sales += sales
        model.displaced_sales += displaced
    return fund_outlays, total_sales


def _commitment_per_fte_month(model: TZCLDModel) -> float:
    """What one FTE costs the fund a month: the contribution, or its full cost under top-ups."""
    cfg, fund_cfg = model.scenario.ebe, model.scenario.fund
    pay = pay_per_fte(model.policy, model.month_index)
    basis = pay.employer_cost if fund_cfg.contribution_basis == "employer_cost" else pay.gross
    contribution = fund_cfg.contribution_share_of_wage.value * basis
    if not cfg.deficit_top_up:
        return contribution
    supervision = cfg.supervision_ratio.value * cfg.supervisor_cost_factor.value * pay.employer_cost
    full_cost = pay.employer_cost + supervision + cfg.running_costs_per_fte_year.value / 12.0
    return max(contribution, full_cost)
