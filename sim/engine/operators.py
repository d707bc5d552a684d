"""The existing-actors design: the operator agent, its placements and its accounts.

Each operator (article 60, a hiring aid, CISP training, MIRE coaching, a social-economy
enterprise) fills its funded places from the waiting list with its own selection rule and
eligibility (article 60 only takes RIS recipients; Tremplin only people jobless for 24 months),
then runs the contract for its length. When an article 60 contract ends the person has regained
unemployment rights and is jobless again: the revolving door. A hiring aid ends with the firm
keeping the worker or not; training raises employability; coaching raises the job-finding hazard
while it lasts. What a job's subsidy leaves of its wage cost is paid by the account the
operator's configuration names (``shortfall.paid_by``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim import accounts as acc
from sim.config.schema import OperatorKind, RequiredRegime, Selection
from sim.engine import volunteering
from sim.engine.flows import pay_wages
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import NO_MONTH, Regime, Status
from sim.engine.transitions import return_to_unemployment, start_ordinary_jobs
from sim.rules.indexation import indexed_value
from sim.rules.wages import pay_per_fte

if TYPE_CHECKING:
    from sim.config.schema import OperatorConfig
    from sim.engine.world import World

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

    def places(self) -> int:
        """Places available this month; unused places carry over for one month at most."""
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
    for op in world.operators:
        places = op.places()
        if candidates.size == 0 or places == 0:
            continue
        chosen = _select(world, op, candidates, places)
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
    return hires


def settle(world: World) -> np.ndarray:
    """Post each operator's monthly flows: subsidy from its payer, wages or spell costs.

    Returns:
        The public money each operator received this month per FTE of its job contracts (0 for
        training and coaching), what a participant's post costs the public purse.
    """
    s, n, ledger = world.state, world.n_present, world.ledger
    in_program = s.program[:n]
    routing = world.policy.routing
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
        fte = float(s.fte[rows].sum())
        market = op.kind.is_market
        ratio = world.policy.wages.ordinary_job_wage_ratio.value if market else 1.0
        pay = pay_per_fte(world.policy, world.month_index, ratio, market=market)
        subsidy = fte * subsidy_rate
        shortfall = max(0.0, fte * pay.employer_cost - subsidy)
        ledger.post(cfg.payer, op.name, acc.HIRING_AID if market else acc.SUBSIDY, subsidy)
        paid_by = cfg.shortfall.paid_by
        ledger.post(paid_by, op.name, _SHORTFALL_CATEGORY[ledger.accounts[paid_by]], shortfall)
        if fte > 0:
            public = subsidy + (shortfall if ledger.accounts[paid_by] == acc.PAYER else 0.0)
            funding_per_fte[op.index] = public / fte
        pay_wages(ledger, routing, op.name, fte, pay)
        surplus = subsidy - fte * pay.employer_cost
        if surplus > 0:
            # A subsidy above the wage cost funds the operator's supervision.
            ledger.post(op.name, acc.REST_OF_ECONOMY, acc.SUPERVISION, surplus)
    return funding_per_fte
