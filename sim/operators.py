"""The existing-actors design: volunteers routed through instruments that already exist.

Each operator fills its funded places from the waiting list with its own selection rule and
eligibility (article 60 only takes RIS recipients; Tremplin only people jobless for 24 months),
then runs the contract for its length. When an article 60 contract ends the person has regained
unemployment rights and is jobless again: the revolving door. A hiring aid ends with the firm
keeping the worker or not; training raises employability; coaching raises the job-finding hazard
while it lasts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim import volunteering
from sim.flows import pay_wages
from sim.random_streams import Purpose, uniforms
from sim.rules.indexation import indexed_value
from sim.rules.wages import pay_per_fte
from sim.state import NO_MONTH, Regime, Status
from sim.transitions import return_to_unemployment, start_ordinary_jobs

if TYPE_CHECKING:
    from sim.agents import Operator
    from sim.model import TZCLDModel

_REGIME_REQUIRED = {"ris": Regime.RIS, "insurance": Regime.INSURANCE}


def end_contracts(model: TZCLDModel) -> None:
    """Contracts and spells reaching their end month close, each by its operator's rule."""
    s, n = model.state, model.n_present
    ending = np.flatnonzero((s.contract_end[:n] == model.t) & (s.program[:n] >= 0))
    for op in model.operators:
        rows = ending[s.program[ending] == op.index]
        if rows.size == 0:
            continue
        s.employability_boost[rows] += op.config.employability_boost.value
        if op.kind == "hiring_aid":
            kept = uniforms(model.seed, model.t, Purpose.RETENTION, rows) < op.config.retention_share.value
            stay = rows[kept]
            start_ordinary_jobs(model, stay, new_job=False)
            model.exits_to_ordinary += int(stay.size)
            return_to_unemployment(model, rows[~kept])
        elif op.is_job:
            return_to_unemployment(model, rows)
        else:
            s.status[rows] = Status.JOBLESS
            s.program[rows] = -1
            s.contract_end[rows] = NO_MONTH


def permanent_job_exits(model: TZCLDModel) -> None:
    """Workers on permanent scheme contracts (social economy) lose them at the ordinary separation rate."""
    s = model.state
    staff = np.flatnonzero((s.status[: model.n_present] == Status.SCHEME_JOB) & (s.contract_end[: model.n_present] < 0))
    leaving = staff[
        uniforms(model.seed, model.t, Purpose.SCHEME_JOB_EXIT, staff) < model.behaviour.job_separation.value
    ]
    return_to_unemployment(model, leaving)


def _select(model: TZCLDModel, op: Operator, candidates: np.ndarray, places: int) -> np.ndarray:
    s, pop = model.state, model.population
    cfg = op.config
    keep = s.duration[candidates] >= cfg.min_months_jobless.value
    if cfg.requires_regime in _REGIME_REQUIRED:
        keep &= s.regime[candidates] == _REGIME_REQUIRED[cfg.requires_regime]
    eligible = candidates[keep]
    if cfg.selection == "most_employable":
        score = pop.employability[eligible] + s.employability_boost[eligible]
        ordered = eligible[np.lexsort((eligible, -score))]
    else:
        ordered = volunteering.in_registration_order(model, eligible)
    return ordered[:places]


def place(model: TZCLDModel) -> None:
    """Operators, in configuration order, fill this month's places from the waiting list."""
    s = model.state
    waiting = volunteering.waiting(model)
    # People in training or coaching stay on the list (they still wait for a job) but are busy.
    candidates = waiting[s.program[waiting] < 0]
    for op in model.operators:
        places = op.places()
        if candidates.size == 0 or places == 0:
            continue
        chosen = _select(model, op, candidates, places)
        op.record_entries(int(chosen.size))
        candidates = np.setdiff1d(candidates, chosen, assume_unique=True)
        months = int(op.config.contract_months.value)
        s.program[chosen] = op.index
        s.contract_end[chosen] = model.t + months if months > 0 else NO_MONTH
        if op.is_job:
            volunteering.take_off_list(model, chosen)
            s.status[chosen] = Status.SCHEME_JOB
            s.fte[chosen] = op.config.fte.value
            s.months_worked[chosen] = 0
            first = chosen[s.first_hire_month[chosen] < 0]
            s.first_hire_month[first] = model.t
            model.hires_this_month += int(chosen.size)
        elif op.kind == "training":
            s.status[chosen] = Status.TRAINING


def settle(model: TZCLDModel) -> None:
    """Post each operator's monthly flows: subsidy from its payer, wages or service costs."""
    s, n, ledger = model.state, model.n_present, model.ledger
    in_program = s.program[:n]
    routing = model.policy.routing
    for op in model.operators:
        rows = np.flatnonzero(in_program == op.index)
        cfg = op.config
        subsidy_rate = indexed_value(cfg.subsidy_per_month, model.policy, model.month_index)
        if op.kind in ("training", "coaching"):
            category = acc.TRAINING_COST if op.kind == "training" else acc.COACHING_COST
            cost = rows.size * subsidy_rate
            ledger.post(cfg.payer, op.name, category, cost)
            ledger.post(op.name, acc.REST_OF_ECONOMY, category, cost)
            continue
        fte = float(s.fte[rows].sum())
        market = op.kind == "hiring_aid"
        ratio = model.policy.wages.ordinary_job_wage_ratio.value if market else 1.0
        pay = pay_per_fte(model.policy, model.month_index, ratio, market=market)
        subsidy = fte * subsidy_rate
        shortfall = max(0.0, fte * pay.employer_cost - subsidy)
        ledger.post(cfg.payer, op.name, acc.HIRING_AID if market else acc.SUBSIDY, subsidy)
        if op.kind == "article60":
            # The CPAS employs the worker: it pays what the Walloon subsidy does not cover.
            ledger.post(routing.ris, op.name, acc.SUBSIDY, shortfall)
        elif market:
            ledger.post(acc.LOCAL_BUSINESSES, op.name, acc.EMPLOYER_SHARE, shortfall)
        else:
            ledger.post(acc.LOCAL_CUSTOMERS, op.name, acc.SALES, shortfall)
        pay_wages(model, op.name, fte, pay)
        surplus = subsidy - fte * pay.employer_cost
        if surplus > 0:
            # A subsidy above the wage cost funds the operator's supervision.
            ledger.post(op.name, acc.REST_OF_ECONOMY, acc.SUPERVISION, surplus)
