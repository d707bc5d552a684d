"""Employment-based enterprises (full transposition): the EBE agent, its hiring, exits and accounts.

Each micro-territory's EBE is created after its territory's selection
(:mod:`sim.engine.rollout`) and hires the volunteers of its neighbourhood from the waiting list in
order of registration, within the posts its launched activities offer and the staff its
supervisors can lead (:mod:`sim.engine.pipeline`), as long as its cash and, under a fixed budget,
its remaining budget allow. Each month records which limit held hiring back
(:class:`HiringConstraint`). Its costs are minimum wages at the chosen working time, employer
contributions after the structural reduction, its supervisors, running costs and a start-up
investment per job created. Its income is the fund's per-FTE contribution, the start-up grant
per job created, local co-funding and sales, which grow as each activity matures, follow each
activity's own demand, are bounded by the territory's demand, and are partly taken from local
firms (displacement). A framework's stop rule closes a territory with too few people in work at
its evaluation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim import accounts as acc
from sim.calendar import first_day
from sim.config.schema import SurplusRule
from sim.engine import volunteering
from sim.engine.flows import pay_of, pay_wages, staff_pays
from sim.engine.pipeline import ActivityPipeline, PipelineRules, Stage, round_months
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.rollout import NEVER
from sim.engine.state import Status
from sim.engine.transitions import return_to_unemployment, start_ordinary_jobs
from sim.rules.hazards import monthly_from_yearly
from sim.rules.scheme import contribution_per_fte
from sim.rules.wages import PayPerFte

if TYPE_CHECKING:
    from sim.config.schema import EbeConfig, PipelineConfig, StopRule, SupportedWork
    from sim.engine.world import World


class HiringConstraint(StrEnum):
    """What held an EBE's hiring back in a month (the ``hiring_constraint`` column)."""

    volunteers = "volunteers"  # everyone waiting was hired and posts were left: the list is the limit
    posts = "posts"  # volunteers were left waiting for want of launched posts
    supervisors = "supervisors"  # ... for want of supervisors to lead more staff
    cash = "cash"  # the EBE's cash was below its hiring threshold
    budget = "budget"  # a fixed budget could not pay for the next hire to the end of its period
    closed = "closed"  # not yet created, stopped, or closed at the end of the budget
    none = "none"  # nothing bound: every volunteer hired, every post filled (or no scheme)


# Ties between EBEs' constraints in a world's monthly label go to the first in this order.
CONSTRAINT_ORDER = tuple(HiringConstraint)


class EmploymentEnterprise(mesa.Agent):
    """An EBE: one micro-territory's, created after its selection, hiring into its activities' posts.

    Args:
        model: The model.
        index: EBE number (people are served by the EBE of their neighbourhood).
        inhabitants: Inhabitants of the micro-territory it serves.
        config: The scenario's EBE parameters.
        pipeline: The run's pipeline parameters.
        label: The micro-territory in words.
        selected_month: Month (``t``) its territory is selected (:data:`sim.engine.rollout.NEVER`
            if the roll-out does not reach it).
        values: The territory's own values of the parameters drawn per territory.
    """

    def __init__(
        self,
        model: mesa.Model,
        index: int,
        inhabitants: float,
        config: EbeConfig,
        pipeline: PipelineConfig,
        label: str = "",
        selected_month: int = 0,
        values: dict[str, float] | None = None,
    ) -> None:
        super().__init__(model)
        values = values or {}
        self.index = index
        self.name = f"ebe_{index + 1:02d}"
        self.label = label or self.name
        self.inhabitants = inhabitants
        self.config = config
        self.pipeline_config = pipeline
        self.values = values
        self.selected_month = selected_month
        delay = round_months(values.get("launch_delay_months", config.launch_delay_months.value))
        self.created_month = NEVER if selected_month >= NEVER else selected_month + delay
        self.initial_preparation_months = round_months(
            values.get("initial_preparation_months", config.initial_preparation_months.value)
        )
        self.pipeline = ActivityPipeline(index, model.seed, PipelineRules.build(pipeline, config, inhabitants, values))
        self.cash = config.initial_cash_per_ebe.value
        self.first_hire_month: int | None = None
        self.stopped_month: int | None = None
        self.closed = False
        self.peak_headcount = 0
        self.headcount = 0
        self.headcount_history: list[int] = []
        self.fte = 0.0
        self.last_wage_bill = 0.0
        self.sales = 0.0
        self.loss_months = 0
        self.constraint = HiringConstraint.closed

    # ------------------------------------------------------------------ where it stands
    def selected(self, month: int) -> bool:
        """Whether its territory has been selected by month ``month``."""
        return month >= self.selected_month

    def created(self, month: int) -> bool:
        """Whether the EBE exists in month ``month`` (and has not been stopped or closed)."""
        return month >= self.created_month and self.stopped_month is None and not self.closed

    def accepts_volunteers(self, month: int) -> bool:
        """Whether its territory takes volunteers: selected, not stopped, not closed."""
        return self.selected(month) and self.stopped_month is None and not self.closed

    @property
    def cash_frozen(self) -> bool:
        """Low cash freezes hiring: below the configured months of wage bill."""
        return self.cash < self.cash_floor - 1e-6

    @property
    def cash_floor(self) -> float:
        """Cash below which hiring freezes: the configured months of wage bill."""
        return self.config.hiring_freeze_cash_months.value * self.last_wage_bill

    @property
    def supervisors(self) -> int:
        """Supervisors in post."""
        return self.pipeline.supervisors if self.created(self.model.t) else 0

    # ------------------------------------------------------------------ the month
    def plan_month(self, month: int, staff_fte: float, asked_fte: float) -> None:
        """Creation (its first activities start preparing), then the pipeline's month.

        Args:
            month: Month of the run.
            staff_fte: FTE employed before this month's hires.
            asked_fte: Posts asked for: the staff's FTE plus the volunteers waiting.
        """
        if month == self.created_month and self.stopped_month is None and not self.closed:
            self.pipeline.create(
                month, int(round(self.pipeline_config.initial_activities.value)), self.initial_preparation_months
            )
        if self.created(month):
            growing = self.constraint not in (HiringConstraint.cash, HiringConstraint.budget)
            self.pipeline.step(month, asked_fte, growing)

    def hiring_room(self, month: int, staff_fte: float) -> tuple[float, HiringConstraint]:
        """FTE it may hire this month, and what sets that room.

        Returns:
            The room (0 when it cannot hire) and its limit: ``closed`` or ``cash`` when it cannot
            hire, else ``posts`` or ``supervisors``, whichever leaves less room.
        """
        if not self.created(month):
            return 0.0, HiringConstraint.closed
        if self.cash_frozen:
            return 0.0, HiringConstraint.cash
        posts = self.pipeline.posts - staff_fte
        supervised = self.pipeline.supervised_fte - staff_fte
        if supervised < posts:
            return max(0.0, supervised), HiringConstraint.supervisors
        return max(0.0, posts), HiringConstraint.posts

    def record_hires(self, hires: int, month: int) -> int:
        """Count the month's hires; returns the jobs created (headcount above its previous peak)."""
        if hires and self.first_hire_month is None:
            self.first_hire_month = month
        self.headcount += hires
        created = max(0, self.headcount - self.peak_headcount)
        self.peak_headcount = max(self.peak_headcount, self.headcount)
        return created

    def due_for_stop(self, month: int, rule: StopRule | None) -> bool:
        """Whether the stop rule stops this territory now: its evaluation month has come and the
        people in work it counts (``data_lag_months`` earlier) are fewer than ``min_jobs``."""
        if rule is None or not rule.enabled or self.stopped_month is not None or self.closed:
            return False
        if self.selected_month >= NEVER or month != self.selected_month + round_months(rule.after_months.value):
            return False
        # the figures of `data_lag_months` before, or of the last month closed
        measured = min(month - round_months(rule.data_lag_months.value), len(self.headcount_history) - 1)
        jobs = self.headcount_history[measured] if measured >= 0 else 0
        return jobs < rule.min_jobs.value

    def stop(self, month: int) -> None:
        """Stopped by the framework: no staff, supervisors or activities any more."""
        self.stopped_month = month
        self._wind_up()

    def close(self) -> None:
        """Closed at the end of its budget: no staff, supervisors or activities any more."""
        self.closed = True
        self._wind_up()

    def _wind_up(self) -> None:
        self.headcount = 0
        self.pipeline.supervisors = 0
        self.pipeline.arrivals = []


def hiring_constraint(
    limit: HiringConstraint, waiting: int, hired: int, budget_cut: bool, room_left: float
) -> HiringConstraint:
    """The limit that held one EBE's hiring back this month.

    Args:
        limit: What set its room (:meth:`EmploymentEnterprise.hiring_room`).
        waiting: Volunteers waiting for it before hiring.
        hired: Volunteers it hired.
        budget_cut: Whether a fixed budget kept it from hiring candidates its room allowed.
        room_left: FTE of room left after hiring.
    """
    if limit in (HiringConstraint.closed, HiringConstraint.cash):
        return limit
    if budget_cut:
        return HiringConstraint.budget
    if hired < waiting:
        return limit
    return HiringConstraint.volunteers if room_left > 1e-9 else HiringConstraint.none


def world_constraint(ebes: list[EmploymentEnterprise], month: int) -> HiringConstraint:
    """A world's label of the month: the constraint of most of its selected territories."""
    counts = Counter(e.constraint for e in ebes if e.selected(month))
    if not counts:
        return HiringConstraint.closed
    return max(CONSTRAINT_ORDER, key=lambda c: (counts.get(c, 0), -CONSTRAINT_ORDER.index(c)))


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


def cost_per_fte(cfg: EbeConfig | SupportedWork, pay: PayPerFte) -> CostPerFte:
    """An EBE's monthly costs of one FTE at the minimum wage ``pay`` (or those of a supported-work
    post of the existing actors, from the same parameters)."""
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
    """Each EBE hires the first volunteers of its own waiting list, within its room and budget.

    Before hiring, each EBE's pipeline takes its month (:meth:`EmploymentEnterprise.plan_month`);
    candidates are then taken in order of registration while their working times fit in the
    EBE's room (a prefix: nobody overtakes an earlier registrant), and, under a fixed budget,
    while the budget can pay for them to the end of its period.
    """
    s, pop = world.state, world.population
    ebes = world.ebes
    n = len(ebes)
    staff = np.flatnonzero(s.status[: world.n_present] == Status.EBE)
    staff_fte = np.bincount(pop.ebe_index[staff], weights=s.fte[staff], minlength=n)
    rows = volunteering.waiting(world)
    ebe_of = pop.ebe_index[rows]
    waiting_fte = np.bincount(ebe_of, weights=pop.working_time[rows], minlength=n)
    waiting = np.bincount(ebe_of, minlength=n)
    room = np.zeros(n)
    limits = []
    for ebe in ebes:
        e = ebe.index
        ebe.plan_month(world.t, float(staff_fte[e]), float(staff_fte[e] + waiting_fte[e]))
        room[e], limit = ebe.hiring_room(world.t, float(staff_fte[e]))
        limits.append(limit)

    order = np.lexsort((rows, s.volunteer_month[rows], ebe_of))
    rows, ebe_of = rows[order], ebe_of[order]
    cumulative = np.cumsum(pop.working_time[rows].astype(np.float64))
    first_of_ebe = np.searchsorted(ebe_of, np.arange(n))
    before = np.concatenate(([0.0], cumulative))[first_of_ebe][ebe_of]
    within = cumulative - before <= room[ebe_of] + 1e-9
    hired, hired_ebe = rows[within], ebe_of[within]
    allowed = np.bincount(hired_ebe, minlength=n)
    fund = world.fund
    if fund is not None and fund.budget is not None and hired.size:
        hired = fund.affordable_hires(
            world.t, hired, hired_ebe, pop.working_time[hired], staff_fte, commitment_per_fte_month(world)
        )
    hires = np.bincount(pop.ebe_index[hired], minlength=n)
    hired_fte = np.bincount(pop.ebe_index[hired], weights=pop.working_time[hired], minlength=n)

    s.status[hired] = Status.EBE
    s.fte[hired] = pop.working_time[hired]
    s.months_worked[hired] = 0
    first = hired[s.first_hire_month[hired] < 0]
    s.first_hire_month[first] = world.t
    volunteering.take_off_list(world, hired)
    created = np.zeros(n, dtype=np.int64)
    for ebe in ebes:
        e = ebe.index
        created[e] = ebe.record_hires(int(hires[e]), world.t)
        ebe.constraint = hiring_constraint(
            limits[e], int(waiting[e]), int(hires[e]), bool(hires[e] < allowed[e]), room[e] - hired_fte[e]
        )
    world.counters.hiring_constraint = world_constraint(ebes, world.t)
    return Hiring(hires=int(hired.size), jobs_created=created)


def stop_territories(world: World) -> list[int]:
    """Territories the stop rule stops this month: stopped, their budget left to the others.

    Returns:
        The EBE numbers stopped this month (their staff and volunteers are the caller's to
        return to the status quo).
    """
    rule = world.scenario.stop_rule
    stopping = [ebe.index for ebe in world.ebes if ebe.due_for_stop(world.t, rule)]
    for e in stopping:
        world.ebes[e].stop(world.t)
    if stopping and world.fund is not None and world.fund.budget is not None:
        running = np.array([ebe.accepts_volunteers(world.t) for ebe in world.ebes])
        world.fund.reallocate(stopping, running)
    return stopping


# Columns of territories.parquet, in order (sim/outputs.py writes them; docs/data-dictionary.md).
TERRITORY_COLUMNS = (
    "date",
    "month",
    "world",
    "ebe",
    "territory",
    "inhabitants",
    "status",
    "selected_month",
    "employees",
    "fte",
    "volunteers_waiting",
    "longest_wait_months",
    "activities_in_review",
    "activities_approved",
    "activities_in_preparation",
    "activities_launched",
    "activities_refused",
    "activities_abandoned",
    "posts_fte",
    "supervisors",
    "cash_eur",
    "sales_eur",
    "hiring_constraint",
)


def territory_rows(
    world: World, employees: np.ndarray, fte: np.ndarray, waiting: np.ndarray, longest_wait: np.ndarray
) -> list[dict]:
    """One row per EBE of the month's ``territories.parquet``, from the counts of its people.

    Args:
        world: The world (its EBEs after the month's settlement).
        employees: People each EBE employs.
        fte: Their FTE.
        waiting: Volunteers waiting for each EBE.
        longest_wait: Months the earliest of them has waited (0 when nobody waits).
    """
    rows = []
    for ebe in world.ebes:
        e, p = ebe.index, ebe.pipeline
        rows.append(
            {
                "date": first_day(world.month_index),
                "month": world.t,
                "world": world.world,
                "ebe": ebe.name,
                "territory": ebe.label,
                "inhabitants": float(ebe.inhabitants),
                "status": territory_status(ebe, world.t),
                "selected_month": -1 if ebe.selected_month >= NEVER else int(ebe.selected_month),
                "employees": int(employees[e]),
                "fte": float(fte[e]),
                "volunteers_waiting": int(waiting[e]),
                "longest_wait_months": int(longest_wait[e]),
                "activities_in_review": p.count(Stage.REVIEW) + p.count(Stage.REWORK),
                "activities_approved": p.count(Stage.APPROVED),
                "activities_in_preparation": p.count(Stage.PREPARATION),
                "activities_launched": p.count(Stage.LAUNCHED),
                "activities_refused": p.count(Stage.REFUSED),
                "activities_abandoned": p.count(Stage.ABANDONED),
                "posts_fte": float(p.posts) if ebe.created(world.t) else 0.0,
                "supervisors": int(ebe.supervisors),
                "cash_eur": float(ebe.cash),
                "sales_eur": float(ebe.sales),
                "hiring_constraint": str(ebe.constraint),
            }
        )
    return rows


def territory_status(ebe: EmploymentEnterprise, month: int) -> str:
    """``not_selected``, ``preparing`` (selected, no EBE yet), ``open``, ``stopped`` or ``closed``."""
    if ebe.stopped_month is not None:
        return "stopped"
    if ebe.closed:
        return "closed"
    if not ebe.selected(month):
        return "not_selected"
    return "open" if ebe.created(month) else "preparing"


def exits(world: World) -> int:
    """EBE workers leave at the yearly exit rate, a share of them for an ordinary job.

    Returns:
        The workers who left for an ordinary job.
    """
    s, pop = world.state, world.population
    cfg = world.scenario.ebe
    staff = np.flatnonzero(s.status[: world.n_present] == Status.EBE)
    if world.fund is not None and world.fund.closes_now(world.t):
        # the budget period is over and the design closes the EBEs: everyone is laid off
        return_to_unemployment(world, staff)
        for ebe in world.ebes:
            ebe.close()
        return 0
    stopped = stop_territories(world)
    if stopped:
        # a stopped territory's people return to the status quo: staff laid off, nobody waits
        laid_off = np.isin(pop.ebe_index[staff], stopped)
        return_to_unemployment(world, staff[laid_off])
        staff = staff[~laid_off]
        rows = volunteering.waiting(world)
        volunteering.take_off_list(world, rows[np.isin(pop.ebe_index[rows], stopped)])
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
    # each EBE's wage bill at its staff's working times and households (part-time pay is not
    # proportional, withholding depends on the household)
    wage_pay = staff_pays(world, s.fte[staff], pop.household[staff], pop.ebe_index[staff], n_ebe, employer="ebe")
    return settle_accounts(world, fte, headcount, jobs_created, wage_pay)


def settle_accounts(
    world: World,
    fte: np.ndarray,
    headcount: np.ndarray,
    jobs_created: np.ndarray,
    wage_pay: list[PayPerFte] | None = None,
) -> EbeMonth:
    """Post the flows of EBEs with the given FTE, headcount and jobs created this month.

    ``wage_pay`` is each EBE's pay per FTE of its staff (default: full-time minimum wage). The
    per-FTE contribution, running costs and sales are reckoned on the full-time minimum wage, the
    supervisors at ``supervisor_cost_factor`` times its employer cost.
    Where the design tops up deficits, an EBE whose cash (counting what the fund still owes it)
    ends the month below its hiring threshold is brought back to it by the fund. Under a fixed
    budget with a reimbursement delay, what the fund owes for a month is paid that many months
    later (:meth:`sim.engine.fund.Fund.claim`), and the project's advance is paid when its EBE
    is created.
    """
    ledger, routing = world.ledger, world.policy.routing
    cfg, fund_cfg = world.scenario.ebe, world.scenario.fund
    t = world.t
    pay = pay_of(world)
    wage_pay = wage_pay if wage_pay is not None else [pay] * len(world.ebes)
    costs_per_fte = cost_per_fte(cfg, pay)
    contribution_fte = contribution_per_fte(fund_cfg, pay)
    demand_per_inhabitant = world.territory.local_demand_per_inhabitant_year.value / 12.0
    mature_sales_per_fte = cfg.sales_share_of_cost_at_maturity.value * costs_per_fte.total
    supervisor_cost = cfg.supervisor_cost_factor.value * pay.employer_cost

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
        advance = 0.0
        if budget is not None:
            contribution, grant = budget.cap_payments(t, e, contribution, grant)
            if t == ebe.created_month:
                advance = budget.pay_advance(t, e)
        cofunding = fund_cfg.local_cofunding_share.value * contribution
        weight = ebe.pipeline.sales_weight(t, f, cfg.sales_maturity_months.value)
        sales = min(weight * mature_sales_per_fte, demand_per_inhabitant * ebe.inhabitants)
        displaced = cfg.displacement_share.value * sales
        public = public_share * sales
        ledger.post(routing.local_cofunding, name, acc.LOCAL_COFUNDING, cofunding)
        ledger.post(acc.LOCAL_CUSTOMERS, name, acc.SALES, sales - displaced - public)
        ledger.post(acc.LOCAL_BUSINESSES, name, acc.DISPLACED_SALES, displaced)
        ledger.post(routing.public_buyers, name, acc.PUBLIC_PURCHASES, public)

        pay_wages(ledger, routing, name, f, wage_pay[e])
        supervision = ebe.supervisors * supervisor_cost
        running = f * costs_per_fte.running
        investment = jobs_created[e] * cfg.startup_investment_per_job.value
        ledger.post(name, acc.REST_OF_ECONOMY, acc.SUPERVISION, supervision)
        ledger.post(name, acc.REST_OF_ECONOMY, acc.RUNNING_COSTS, running)
        ledger.post(name, acc.REST_OF_ECONOMY, acc.STARTUP_INVESTMENT, investment)

        income = contribution + cofunding + grant + sales
        costs = f * wage_pay[e].employer_cost + supervision + running + investment
        ebe.cash += cofunding + sales + advance - costs
        ebe.loss_months = ebe.loss_months + 1 if income < costs else 0
        ebe.fte, ebe.headcount, ebe.sales = f, int(headcount[e]), sales
        ebe.last_wage_bill = f * wage_pay[e].employer_cost
        owed = contribution + grant + (fund.receivable(e) if fund is not None else 0.0)
        top_up = max(0.0, ebe.cash_floor - ebe.cash - owed) if cfg.deficit_top_up else 0.0
        if budget is not None:
            top_up = budget.cap_top_up(t, e, top_up, contribution + grant)
            budget.record_spending(t, e, contribution + grant + top_up)
        paid = fund.claim(t, e, contribution, grant, top_up) if fund is not None else (0.0, 0.0, 0.0)
        for category, amount in zip(CLAIM_CATEGORIES, paid, strict=True):
            ledger.post(routing.fund, name, category, amount)
            ebe.cash += amount
        ledger.post(routing.fund, name, acc.BUDGET_ADVANCE, advance)
        clawback = 0.0
        if surplus_rule == SurplusRule.clawback and year_end and f > 0:
            # the yearly revision: what the EBE holds above its reserve goes back to the fund; the
            # reserve never falls below the working capital the EBE started with
            reserve = max(fund_cfg.surplus_reserve_months.value * (costs - investment), cfg.initial_cash_per_ebe.value)
            clawback = max(0.0, ebe.cash - reserve)
            ledger.post(name, routing.fund, acc.SURPLUS_CLAWBACK, clawback)
            ebe.cash -= clawback
            if budget is not None:
                budget.record_spending(t, e, -clawback)
        ebe.headcount_history.append(ebe.headcount)
        fund_outlays += sum(paid) + advance
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


# The fund's payments to an EBE, in the order of :meth:`sim.engine.fund.Fund.claim`'s amounts.
CLAIM_CATEGORIES = (acc.PER_FTE_CONTRIBUTION, acc.STARTUP_GRANT, acc.DEFICIT_TOP_UP)


def commitment_per_fte_month(world: World) -> float:
    """What one FTE costs the fund a month: the contribution, or its full cost under top-ups."""
    cfg, fund_cfg = world.scenario.ebe, world.scenario.fund
    pay = pay_of(world)
    contribution = contribution_per_fte(fund_cfg, pay)
    if not cfg.deficit_top_up:
        return contribution
    return max(contribution, cost_per_fte(cfg, pay).total)
