"""Employment-based enterprises (full transposition): the EBE agent, its hiring, exits and accounts.

Every EBE hires the volunteers of its neighbourhood from the waiting list in order of
registration, within its onboarding capacity and as long as its cash allows. Its costs are
minimum wages at the chosen working time, employer contributions after the structural reduction,
supervision (capped at 10 % of FTE in France), running costs and a start-up investment per job
created. Its income is the fund's per-FTE contribution, the start-up grant per job created, local
co-funding and sales, which ramp up as activities mature, are bounded by local demand, and are
partly taken from local firms (displacement).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim import accounts as acc
from sim.config.schema import SurplusRule
from sim.engine import volunteering
from sim.engine.flows import pay_wages
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import Status
from sim.engine.transitions import return_to_unemployment, start_ordinary_jobs
from sim.rules.hazards import monthly_from_yearly
from sim.rules.scheme import contribution_per_fte
from sim.rules.wages import PayPerFte, pay_per_fte

if TYPE_CHECKING:
    from sim.config.schema import EbeConfig
    from sim.engine.world import World


class EmploymentEnterprise(mesa.Agent):
    """An EBE: hires volunteers in order of registration within its onboarding capacity and cash.

    Args:
        model: The model.
        index: EBE number (people are served by the EBE of their neighbourhood).
        inhabitants: Inhabitants of the neighbourhood it serves.
        config: The scenario's EBE parameters.
    """

    def __init__(self, model: mesa.Model, index: int, inhabitants: float, config: EbeConfig) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"ebe_{index + 1:02d}"
        self.inhabitants = inhabitants
        self.config = config
        self.cash = config.initial_cash_per_ebe.value
        self.onboarding_slots = 0.0
        self.first_hire_month: int | None = None
        self.peak_headcount = 0
        self.headcount = 0
        self.fte = 0.0
        self.last_wage_bill = 0.0
        self.sales = 0.0
        self.loss_months = 0

    @property
    def hires_per_month(self) -> float:
        """Onboarding capacity: hires a month the supervisors and ready activities allow."""
        return self.config.hires_per_year_per_5000_inhabitants.value * self.inhabitants / 5000.0 / 12.0

    @property
    def cash_frozen(self) -> bool:
        """Low cash freezes hiring: below the configured months of wage bill."""
        return self.cash < self.cash_floor - 1e-6

    @property
    def cash_floor(self) -> float:
        """Cash below which hiring freezes: the configured months of wage bill."""
        return self.config.hiring_freeze_cash_months.value * self.last_wage_bill

    def hiring_capacity(self, month: int) -> int:
        """Hires allowed this month; unused capacity carries over for one month at most."""
        if month < self.config.launch_delay_months.value:
            return 0
        rate = self.hires_per_month
        self.onboarding_slots = min(self.onboarding_slots + rate, 2.0 * rate + 1.0)
        if self.cash_frozen:
            return 0
        return int(math.floor(self.onboarding_slots + 1e-9))

    def record_hires(self, hires: int, month: int) -> int:
        """Use onboarding slots; returns the jobs created (headcount above its previous peak)."""
        self.onboarding_slots -= hires
        if hires and self.first_hire_month is None:
            self.first_hire_month = month
        self.headcount += hires
        created = max(0, self.headcount - self.peak_headcount)
        self.peak_headcount = max(self.peak_headcount, self.headcount)
        return created

    def maturity(self, month: int) -> float:
        """Share of mature sales per FTE reached, growing linearly from the first hire."""
        if self.first_hire_month is None:
            return 0.0
        months = self.config.sales_maturity_months.value
        return 1.0 if months <= 0 else min(1.0, (month - self.first_hire_month + 1) / months)


@dataclass(frozen=True)
class CostPerFte:
    """What one FTE costs an EBE a month, by item.

    Attributes:
        wage: Employer cost of the wage (gross plus employer contributions).
        supervision: Supervisory staff, as a ratio of FTE at a multiple of the wage cost.
        running: Premises, tools, vehicles, materials.
    """

    wage: float
    supervision: float
    running: float

    @property
    def total(self) -> float:
        """All monthly costs of one FTE (start-up investment apart: it is per job created)."""
        return self.wage + self.supervision + self.running


def cost_per_fte(cfg: EbeConfig, pay: PayPerFte) -> CostPerFte:
    """An EBE's monthly costs of one FTE at the minimum wage ``pay``."""
    return CostPerFte(
        wage=pay.employer_cost,
        supervision=cfg.supervision_ratio.value * cfg.supervisor_cost_factor.value * pay.employer_cost,
        running=cfg.running_costs_share_of_wage_cost.value * pay.employer_cost,
    )


@dataclass(frozen=True)
class Hiring:
    """The month's hiring of every EBE.

    Attributes:
        hires: People hired.
        jobs_created: Jobs created by each EBE (headcount above its previous peak).
    """

    hires: int
    jobs_created: np.ndarray


@dataclass(frozen=True)
class EbeMonth:
    """What every EBE's accounts of the month add up to.

    Attributes:
        fund_outlays: What the fund paid (contributions, start-up grants, deficit top-ups).
        sales: Sales.
        displaced_sales: The part of sales taken from local firms.
        jobs_created: Jobs created.
        funding_per_fte: Public money each EBE received this month per FTE, start-up grants apart
            and surplus taken back deducted (what a participant's post costs the public purse).
    """

    fund_outlays: float
    sales: float
    displaced_sales: float
    jobs_created: int
    funding_per_fte: np.ndarray


def hire(world: World) -> Hiring:
    """Each EBE hires the first volunteers of its own waiting list, within its capacity and budget."""
    s, pop = world.state, world.population
    ebes = world.ebes
    capacity = np.array([ebe.hiring_capacity(world.t) for ebe in ebes], dtype=np.int64)
    created = np.zeros(len(ebes), dtype=np.int64)
    rows = volunteering.waiting(world)
    if rows.size == 0 or capacity.sum() == 0:
        return Hiring(hires=0, jobs_created=created)
    ebe_of = pop.ebe_index[rows]
    order = np.lexsort((rows, s.volunteer_month[rows], ebe_of))
    rows, ebe_of = rows[order], ebe_of[order]
    first_of_ebe = np.searchsorted(ebe_of, np.arange(len(ebes)))
    rank = np.arange(rows.size) - first_of_ebe[ebe_of]
    within = rank < capacity[ebe_of]
    hired = rows[within]
    fund = world.fund
    if fund is not None and fund.budget is not None:
        # a fixed budget hires only what it can pay for until the end of its period
        staff = np.flatnonzero(s.status[: world.n_present] == Status.EBE)
        staff_fte = np.bincount(pop.ebe_index[staff], weights=s.fte[staff], minlength=len(ebes))
        hired = fund.affordable_hires(
            world.t, hired, ebe_of[within], pop.working_time[hired], staff_fte, commitment_per_fte_month(world)
        )

    s.status[hired] = Status.EBE
    s.fte[hired] = pop.working_time[hired]
    s.months_worked[hired] = 0
    first = hired[s.first_hire_month[hired] < 0]
    s.first_hire_month[first] = world.t
    volunteering.take_off_list(world, hired)
    hires = np.bincount(pop.ebe_index[hired], minlength=len(ebes))
    for ebe in ebes:
        created[ebe.index] = ebe.record_hires(int(hires[ebe.index]), world.t)
    return Hiring(hires=int(hired.size), jobs_created=created)


def exits(world: World) -> int:
    """EBE workers leave at the yearly exit rate, a share of them for an ordinary job.

    Returns:
        The workers who left for an ordinary job.
    """
    s = world.state
    cfg = world.scenario.ebe
    staff = np.flatnonzero(s.status[: world.n_present] == Status.EBE)
    if world.fund is not None and world.fund.closes_now(world.t):
        # the budget period is over and the design closes the EBEs: everyone is laid off
        return_to_unemployment(world, staff)
        for ebe in world.ebes:
            ebe.headcount = 0
        return 0
    leaving = staff[
        uniforms(world.seed, world.t, Purpose.EBE_EXIT, staff) < monthly_from_yearly(cfg.exit_rate_year.value)
    ]
    to_job = uniforms(world.seed, world.t, Purpose.EBE_EXIT_KIND, leaving) < cfg.exit_to_ordinary_share.value
    movers = leaving[to_job]
    start_ordinary_jobs(world, movers)
    return_to_unemployment(world, leaving[~to_job])
    return int(movers.size)


def settle(world: World, jobs_created: np.ndarray) -> EbeMonth:
    """Post every EBE's monthly flows from its staff in post and update its cash."""
    s, pop = world.state, world.population
    staff = np.flatnonzero(s.status[: world.n_present] == Status.EBE)
    n_ebe = len(world.ebes)
    fte = np.bincount(pop.ebe_index[staff], weights=s.fte[staff], minlength=n_ebe)
    headcount = np.bincount(pop.ebe_index[staff], minlength=n_ebe)
    return settle_accounts(world, fte, headcount, jobs_created)


def settle_accounts(world: World, fte: np.ndarray, headcount: np.ndarray, jobs_created: np.ndarray) -> EbeMonth:
    """Post the flows of EBEs with the given FTE, headcount and jobs created this month.

    Where the design tops up deficits, an EBE whose cash ends the month below its hiring
    threshold is brought back to it by the fund.
    """
    ledger, routing = world.ledger, world.policy.routing
    cfg, fund_cfg = world.scenario.ebe, world.scenario.fund
    pay = pay_per_fte(world.policy, world.month_index)
    costs_per_fte = cost_per_fte(cfg, pay)
    contribution_fte = contribution_per_fte(fund_cfg, pay)
    demand_per_inhabitant = world.territory.local_demand_per_inhabitant_year.value / 12.0

    fund = world.fund
    budget = fund if fund is not None and fund.budget is not None else None
    surplus_rule = fund_cfg.surplus_rule
    year_end = world.month_index % 12 == 11
    public_share = cfg.public_share_of_sales.value
    fund_outlays = 0.0
    total_sales = 0.0
    displaced_total = 0.0
    funding_per_fte = np.zeros(len(world.ebes))
    for ebe in world.ebes:
        e = ebe.index
        f = float(fte[e])
        name = ebe.name
        contribution = f * contribution_fte
        grant = jobs_created[e] * fund_cfg.startup_grant_per_job.value
        if budget is not None:
            contribution, grant = budget.cap_payments(world.t, e, contribution, grant)
        cofunding = fund_cfg.local_cofunding_share.value * contribution
        sales = min(
            ebe.maturity(world.t) * cfg.sales_share_of_cost_at_maturity.value * costs_per_fte.total * f,
            demand_per_inhabitant * ebe.inhabitants,
        )
        displaced = cfg.displacement_share.value * sales
        public = public_share * sales
        ledger.post(routing.fund, name, acc.PER_FTE_CONTRIBUTION, contribution)
        ledger.post(routing.fund, name, acc.STARTUP_GRANT, grant)
        ledger.post(routing.local_cofunding, name, acc.LOCAL_COFUNDING, cofunding)
        ledger.post(acc.LOCAL_CUSTOMERS, name, acc.SALES, sales - displaced - public)
        ledger.post(acc.LOCAL_BUSINESSES, name, acc.DISPLACED_SALES, displaced)
        ledger.post(routing.public_buyers, name, acc.PUBLIC_PURCHASES, public)

        pay_wages(ledger, routing, name, f, pay)
        supervision = f * costs_per_fte.supervision
        running = f * costs_per_fte.running
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
            top_up = budget.cap_top_up(world.t, e, top_up, contribution + grant)
            budget.record_spending(world.t, e, contribution + grant + top_up)
        ledger.post(routing.fund, name, acc.DEFICIT_TOP_UP, top_up)
        ebe.cash += top_up
        clawback = 0.0
        if surplus_rule == SurplusRule.clawback and year_end and f > 0:
            # the yearly revision: what the EBE holds above its reserve goes back to the fund; the
            # reserve never falls below the working capital the EBE started with
            reserve = max(fund_cfg.surplus_reserve_months.value * (costs - investment), cfg.initial_cash_per_ebe.value)
            clawback = max(0.0, ebe.cash - reserve)
            ledger.post(name, routing.fund, acc.SURPLUS_CLAWBACK, clawback)
            ebe.cash -= clawback
            if budget is not None:
                budget.record_spending(world.t, e, -clawback)
        fund_outlays += contribution + grant + top_up
        total_sales += sales
        displaced_total += displaced
        if f > 0:
            funding_per_fte[e] = (contribution + cofunding + top_up + public - clawback) / f
    return EbeMonth(
        fund_outlays=fund_outlays,
        sales=total_sales,
        displaced_sales=displaced_total,
        jobs_created=int(np.sum(jobs_created)),
        funding_per_fte=funding_per_fte,
    )


def commitment_per_fte_month(world: World) -> float:
    """What one FTE costs the fund a month: the contribution, or its full cost under top-ups."""
    cfg, fund_cfg = world.scenario.ebe, world.scenario.fund
    pay = pay_per_fte(world.policy, world.month_index)
    contribution = contribution_per_fte(fund_cfg, pay)
    if not cfg.deficit_top_up:
        return contribution
    return max(contribution, cost_per_fte(cfg, pay).total)
