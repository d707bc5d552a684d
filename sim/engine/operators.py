"""The existing-actors design: the operator agent, its placements and its accounts.

Each operator (article 60, a hiring aid, CISP training, MIRE coaching, a social-economy
enterprise) fills its funded places from the waiting list with its own selection rule and
eligibility (article 60 only takes RIS recipients; Tremplin only people jobless for 24 months),
then runs the contract for its length. When an article 60 contract ends the person has regained
unemployment rights and is jobless again: the revolving door. A hiring aid ends with the firm
keeping the worker or not; training raises employability; coaching raises the job-finding hazard
while it lasts.

Jobs are costed on the same basis as an EBE's: the wage at the workers' working times, the
employer contributions of the operator's category (none for article 60), and, for the posts in
the same activities as an EBE (``overheads``), its supervision and running costs
(:func:`sim.engine.ebe.cost_per_fte` on ``scenario.supported_work``). A social enterprise sells
its output (``sells_output``) at the EBE's share of costs, within the territory's demand for such
activities, public bodies buying the same share of it as of an EBE's. What the subsidy and the
sales leave is paid by the account the operator's configuration names (``shortfall.paid_by``).
Hiring aids are paid for jobs that firms would partly have created anyway (deadweight) or that
displace other workers (substitution): the contributions, tax and benefits of those jobs are
booked as a loss of the payers (``hiring_aid_deadweight``, ``hiring_aid_substitution``). An
instrument takes entrants only between its ``open_from`` and ``open_until`` months (the 2026
Walloon reforms); contracts under way run to their end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim import accounts as acc
from sim.calendar import parse_month
from sim.config.schema import OperatorKind, RequiredRegime, Selection
from sim.engine import volunteering
from sim.engine.ebe import cost_per_fte
from sim.engine.flows import benefit_amounts, pay_of, pay_wages, rows_pay
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import NO_MONTH, Regime, Status
from sim.engine.transitions import return_to_unemployment, start_ordinary_jobs
from sim.rules.indexation import indexed_value

if TYPE_CHECKING:
    from sim.config.schema import OperatorConfig, Routing
    from sim.engine.world import World
    from sim.rules.wages import PayPerFte

_REGIME_REQUIRED = {RequiredRegime.ris: Regime.RIS, RequiredRegime.insurance: Regime.INSURANCE}
# Ledger category of a spell's cost, for the operators whose places are not jobs.
_SPELL_COST_CATEGORY = {OperatorKind.training: acc.TRAINING_COST, OperatorKind.coaching: acc.COACHING_COST}
# Ledger category of what a job's subsidy leaves uncovered, by the kind of account that pays it:
# a public employer tops up its own subsidy, a firm pays its share of the wage, buyers pay through sales.
_SHORTFALL_CATEGORY = {acc.PAYER: acc.SUBSIDY, acc.FIRM: acc.EMPLOYER_SHARE, acc.OTHER: acc.SALES}


class Operator(mesa.Agent):
    """An existing instrument: a number of funded places a year, a contract length and a selection rule.

    Args:
        model: The model.
        index: Operator number (the person column ``program`` holds it).
        config: The operator's parameters.
        jobseekers: The territory's jobseekers (places are per 1,000 of them).
    """

    def __init__(self, model: mesa.Model, index: int, config: OperatorConfig, jobseekers: float) -> None:
        super().__init__(model)
        self.index = index
        self.name = config.name
        self.kind = OperatorKind(config.kind)
        self.config = config
        self.places_per_month = config.places_per_year_per_1000_jobseekers.value * jobseekers / 1000.0 / 12.0
        self.slots = 0.0
        self.entries = 0

    @property
    def is_job(self) -> bool:
        """Whether a place is a job contract (rather than training or coaching)."""
        return self.kind.is_job

    def is_open(self, month_index: int) -> bool:
        """Whether the instrument takes entrants in this (absolute) month."""
        cfg = self.config
        opened = not cfg.open_from or month_index >= parse_month(cfg.open_from)
        return opened and (not cfg.open_until or month_index < parse_month(cfg.open_until))

    def places(self, month_index: int | None = None) -> int:
        """Places available this month; unused places carry over for one month at most. A closed
        instrument has none (``month_index`` None: no dates checked)."""
        if month_index is not None and not self.is_open(month_index):
            self.slots = 0.0
            return 0
        self.slots = min(self.slots + self.places_per_month, 2.0 * self.places_per_month + 1.0)
        return int(math.floor(self.slots + 1e-9))

    def record_entries(self, entries: int) -> None:
        """Use places."""
        self.slots -= entries
        self.entries += entries


def programme_multipliers(operators: list[Operator]) -> np.ndarray:
    """Job-finding multiplier by operator index (coaching raises it), then 1 for no programme."""
    return np.array(
        [op.config.hazard_multiplier.value if op.kind == OperatorKind.coaching else 1.0 for op in operators] + [1.0]
    )


def hiring_aid_programmes(operators: list[Operator]) -> np.ndarray:
    """Indices of the operators whose workers a market firm employs at the ordinary wage."""
    return np.array([op.index for op in operators if op.kind.is_market], dtype=np.int8)


def end_contracts(world: World) -> int:
    """Contracts and spells reaching their end month close, each by its operator's rule.

    Returns:
        The workers kept on by their employer when a hiring aid ends (exits to ordinary jobs).
    """
    s, n = world.state, world.n_present
    ending = np.flatnonzero((s.contract_end[:n] == world.t) & (s.program[:n] >= 0))
    kept_on = 0
    for op in world.operators:
        rows = ending[s.program[ending] == op.index]
        if rows.size == 0:
            continue
        s.employability_boost[rows] += op.config.employability_boost.value
        if op.kind.is_market:
            kept = uniforms(world.seed, world.t, Purpose.RETENTION, rows) < op.config.retention_share.value
            stay = rows[kept]
            start_ordinary_jobs(world, stay, new_job=False)
            kept_on += int(stay.size)
            return_to_unemployment(world, rows[~kept])
        elif op.is_job:
            return_to_unemployment(world, rows)
        else:
            s.status[rows] = Status.JOBLESS
            s.program[rows] = -1
            s.contract_end[rows] = NO_MONTH
    return kept_on


def permanent_job_exits(world: World) -> None:
    """Workers on permanent scheme contracts (social economy) lose them at the ordinary separation rate."""
    s, n = world.state, world.n_present
    staff = np.flatnonzero((s.status[:n] == Status.SCHEME_JOB) & (s.contract_end[:n] < 0))
    leaving = staff[
        uniforms(world.seed, world.t, Purpose.SCHEME_JOB_EXIT, staff) < world.behaviour.job_separation.value
    ]
    return_to_unemployment(world, leaving)


def _select(world: World, op: Operator, candidates: np.ndarray, places: int) -> np.ndarray:
    s, pop = world.state, world.population
    cfg = op.config
    keep = s.duration[candidates] >= cfg.min_months_jobless.value
    if cfg.requires_regime in _REGIME_REQUIRED:
        keep &= s.regime[candidates] == _REGIME_REQUIRED[cfg.requires_regime]
    eligible = candidates[keep]
    if cfg.selection == Selection.most_employable:
        score = pop.employability[eligible] + s.employability_boost[eligible]
        ordered = eligible[np.lexsort((eligible, -score))]
    else:
        ordered = volunteering.in_registration_order(world, eligible)
    return ordered[:places]


def place(world: World) -> int:
    """Operators, in configuration order, fill this month's places from the waiting list.

    Returns:
        People placed in a job contract (training and coaching spells are not hires).
    """
    s = world.state
    waiting = volunteering.waiting(world)
    # People in training or coaching stay on the list (they still wait for a job) but are busy.
    candidates = waiting[s.program[waiting] < 0]
    hires = 0
    full = False  # an operator used all its places
    for op in world.operators:
        places = op.places(world.month_index)
        if candidates.size == 0 or places == 0:
            continue
        chosen = _select(world, op, candidates, places)
        full |= chosen.size == places
        op.record_entries(int(chosen.size))
        candidates = np.setdiff1d(candidates, chosen, assume_unique=True)
        months = int(op.config.contract_months.value)
        s.program[chosen] = op.index
        s.contract_end[chosen] = world.t + months if months > 0 else NO_MONTH
        if op.is_job:
            volunteering.take_off_list(world, chosen)
            s.status[chosen] = Status.SCHEME_JOB
            s.fte[chosen] = op.config.fte.value
            s.months_worked[chosen] = 0
            first = chosen[s.first_hire_month[chosen] < 0]
            s.first_hire_month[first] = world.t
            hires += int(chosen.size)
        elif op.kind == OperatorKind.training:
            s.status[chosen] = Status.TRAINING
    # volunteers left waiting while places ran out: the places held hiring back
    world.counters.hiring_constraint = "posts" if full and candidates.size else "volunteers"
    return hires


@dataclass(frozen=True)
class OperatorsMonth:
    """What the operators' accounts of the month add up to.

    Attributes:
        sales: Sales of the social enterprises.
        displaced_sales: The part of them taken from local firms.
        funding_per_fte: The public money each operator received this month per FTE of its job
            contracts (0 for training and coaching), what a participant's post costs the public
            purse.
    """

    sales: float
    displaced_sales: float
    funding_per_fte: np.ndarray


def settle(world: World) -> OperatorsMonth:
    """Post each operator's monthly flows: subsidy from its payer, wages or spell costs,
    overheads, sales, what the subsidy and the sales leave, and the hiring aids' deadweight and
    substitution.

    Returns:
        The social enterprises' sales and displaced sales (local firms follow the latter), and
        each operator's public money per FTE.
    """
    s, n, ledger = world.state, world.n_present, world.ledger
    in_program = s.program[:n]
    routing = world.policy.routing
    posts = []
    funding_per_fte = np.zeros(len(world.operators))
    for op in world.operators:
        rows = np.flatnonzero(in_program == op.index)
        cfg = op.config
        subsidy_rate = indexed_value(cfg.subsidy_per_month, world.policy, world.month_index)
        if not op.is_job:
            category = _SPELL_COST_CATEGORY[op.kind]
            cost = rows.size * subsidy_rate
            ledger.post(cfg.payer, op.name, category, cost)
            ledger.post(op.name, acc.REST_OF_ECONOMY, category, cost)
            continue
        posts.append(_job_costs(world, op, rows, subsidy_rate))
    sales = _capped_sales(world, posts)
    displaced_total = 0.0
    for post, sold in zip(posts, sales, strict=True):
        displaced, public = _post_job_month(world, post, sold, routing)
        displaced_total += displaced
        if post.fte > 0:
            funding_per_fte[post.op.index] = public / post.fte
    return OperatorsMonth(sales=float(sum(sales)), displaced_sales=displaced_total, funding_per_fte=funding_per_fte)


@dataclass(frozen=True)
class _JobCosts:
    """One job operator's month before its sales are capped by local demand."""

    op: Operator
    rows: np.ndarray
    fte: float
    pay: PayPerFte
    subsidy: float
    supervision: float
    running: float
    potential_sales: float


def _job_costs(world: World, op: Operator, rows: np.ndarray, subsidy_rate: float) -> _JobCosts:
    cfg = op.config
    fte = float(world.state.fte[rows].sum())
    market = op.kind.is_market
    ratio = world.policy.wages.ordinary_job_wage_ratio.value if market else 1.0
    pay = rows_pay(world, rows, employer=op.kind.value, wage_ratio=ratio)
    supervision = running = potential = 0.0
    shared = world.scenario.supported_work
    if shared is not None and (cfg.overheads or cfg.sells_output):
        # the EBE's costs per FTE, reckoned on the EBE's full-time minimum wage
        costs = cost_per_fte(shared, pay_of(world, employer="ebe"))
        if cfg.overheads:
            supervision, running = fte * costs.supervision, fte * costs.running
        if cfg.sells_output:
            potential = shared.sales_share_of_cost_at_maturity.value * (fte * pay.employer_cost + supervision + running)
    return _JobCosts(op, rows, fte, pay, fte * subsidy_rate, supervision, running, potential)


def _capped_sales(world: World, posts: list[_JobCosts]) -> list[float]:
    """Each operator's sales, all of them within the territory's demand for supported-work
    activities (``territory.local_demand_per_inhabitant_year``, as for the EBEs)."""
    wanted = [post.potential_sales for post in posts]
    total = sum(wanted)
    inhabitants = sum(c.population.value for c in world.territory.communes)
    demand = world.territory.local_demand_per_inhabitant_year.value / 12.0 * inhabitants
    scale = 1.0 if total <= demand or total <= 0 else demand / total
    return [value * scale for value in wanted]


def _post_job_month(world: World, post: _JobCosts, sales: float, routing: Routing) -> tuple[float, float]:
    """Post one job operator's month; returns its displaced sales and the public money it received
    (subsidy, public purchases, and the shortfall when a public body pays it)."""
    ledger, op, cfg = world.ledger, post.op, post.op.config
    market = op.kind.is_market
    displaced = public_purchases = 0.0
    if sales > 0:
        shared = world.scenario.supported_work
        displaced = shared.displacement_share.value * sales
        public_purchases = shared.public_share_of_sales.value * sales
        ledger.post(acc.LOCAL_CUSTOMERS, op.name, acc.SALES, sales - displaced - public_purchases)
        ledger.post(acc.LOCAL_BUSINESSES, op.name, acc.DISPLACED_SALES, displaced)
        ledger.post(routing.public_buyers, op.name, acc.PUBLIC_PURCHASES, public_purchases)
    ledger.post(cfg.payer, op.name, acc.HIRING_AID if market else acc.SUBSIDY, post.subsidy)
    costs = post.fte * post.pay.employer_cost + post.supervision + post.running
    shortfall = max(0.0, costs - post.subsidy - sales)
    paid_by = cfg.shortfall.paid_by
    ledger.post(paid_by, op.name, _SHORTFALL_CATEGORY[ledger.accounts[paid_by]], shortfall)
    pay_wages(ledger, routing, op.name, post.fte, post.pay)
    ledger.post(op.name, acc.REST_OF_ECONOMY, acc.SUPERVISION, post.supervision)
    ledger.post(op.name, acc.REST_OF_ECONOMY, acc.RUNNING_COSTS, post.running)
    surplus = post.subsidy + sales - costs
    if surplus > 0:
        # A subsidy above the post's cost funds the operator's own supervision.
        ledger.post(op.name, acc.REST_OF_ECONOMY, acc.SUPERVISION, surplus)
    if market:
        _post_non_additional(world, post)
    public = post.subsidy + public_purchases + (shortfall if ledger.accounts[paid_by] == acc.PAYER else 0.0)
    return displaced, public


def _post_non_additional(world: World, post: _JobCosts) -> None:
    """The public money a hiring aid does not bring in: for the share of aided jobs a firm would
    have filled anyway (deadweight) and the share of the others that displace a worker
    (substitution), the contributions and tax of the job are not new, and someone else draws the
    benefit the aided worker no longer draws. Booked as a loss of each payer."""
    cfg, routing, ledger = post.op.config, world.policy.routing, world.ledger
    deadweight = 0.0 if cfg.deadweight_share is None else cfg.deadweight_share.value
    substitution = 0.0 if cfg.substitution_share is None else cfg.substitution_share.value
    shares = ((acc.HIRING_AID_DEADWEIGHT, deadweight), (acc.HIRING_AID_SUBSTITUTION, (1.0 - deadweight) * substitution))
    if post.rows.size == 0 or (deadweight == 0 and substitution == 0):
        return
    pay, fte = post.pay, post.fte
    regime = world.state.regime[post.rows]
    benefit = benefit_amounts(world, post.rows)
    insurance = float(benefit[regime == Regime.INSURANCE].sum())
    ris = float(benefit[regime == Regime.RIS].sum())
    for category, share in shares:
        ledger.post(
            routing.social_contributions,
            acc.REST_OF_ECONOMY,
            category,
            share * fte * (pay.employer_contribution + pay.employee_contribution),
        )
        ledger.post(routing.income_tax, acc.REST_OF_ECONOMY, category, share * fte * pay.income_tax)
        ledger.post(routing.unemployment_benefit, acc.REST_OF_ECONOMY, category, share * insurance)
        ledger.post(routing.ris, acc.REST_OF_ECONOMY, category, share * ris)
