"""Money flows common to every design: benefits, RIS and its reimbursement, wages of re-employed
people, and the posting of any wage bill with its contributions and tax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim.engine.state import Regime, Status
from sim.engine.world import BenefitCounts
from sim.rules import benefits, in_work_benefit, ris_reimbursement
from sim.rules.wages import PayPerFte, pay_per_fte

if TYPE_CHECKING:
    from sim.config.schema import Routing
    from sim.engine.world import World
    from sim.ledger import Ledger


def pay_wages(ledger: Ledger, routing: Routing, employer: str, fte: float, pay: PayPerFte) -> None:
    """Post a wage bill of ``fte`` full-time equivalents: net wage to households, contributions
    to social security, withholding tax to the tax collector."""
    if fte <= 0:
        return
    ledger.post(employer, acc.HOUSEHOLDS, acc.WAGE_NET, fte * pay.net)
    ledger.post(employer, routing.social_contributions, acc.EMPLOYEE_CONTRIBUTION, fte * pay.employee_contribution)
    ledger.post(employer, routing.income_tax, acc.INCOME_TAX, fte * pay.income_tax)
    ledger.post(employer, routing.social_contributions, acc.EMPLOYER_CONTRIBUTION, fte * pay.employer_contribution)
    if routing.reduction_compensation:
        # by payer, social security receives the full contributions: the reduction from the State
        ledger.post(
            routing.reduction_compensation,
            routing.social_contributions,
            acc.REDUCTION_COMPENSATION,
            fte * pay.reduction,
        )


# OpenBLAS splits a dot product longer than this over threads: the result would then depend on the
# machine's core count, and on a loaded machine waiting for the threads costs milliseconds.
_DOT_CHUNK = 10_000


def weighted_sum(values: np.ndarray, weights: np.ndarray) -> float:
    """``values @ weights``, computed in single-threaded chunks (the same number on any machine load)."""
    return sum(
        float(values[i : i + _DOT_CHUNK] @ weights[i : i + _DOT_CHUNK]) for i in range(0, values.size, _DOT_CHUNK)
    )


def insurance_amounts(world: World, people: np.ndarray) -> np.ndarray:
    """Unemployment benefit this month of insured people, by the month of their spell and household."""
    s = world.state
    benefit_month = s.entitlement[people].astype(np.int32) - s.rights_left[people] + 1
    return benefits.insurance_amount(world.policy, world.month_index, benefit_month, world.population.household[people])


def ris_amounts(world: World, people: np.ndarray) -> np.ndarray:
    """RIS this month of people on it, by household type."""
    return benefits.ris_amounts(world.policy, world.month_index)[world.population.household[people]]


def benefit_amounts(world: World, rows: np.ndarray) -> np.ndarray:
    """Monthly benefit of each given person this month (0 for those without benefit)."""
    policy, month = world.policy, world.month_index
    regime = world.state.regime[rows]
    amounts = np.zeros(rows.size)
    insured = np.flatnonzero(regime == Regime.INSURANCE)
    if insured.size:
        amounts[insured] = insurance_amounts(world, rows[insured])
    on_ris = np.flatnonzero(regime == Regime.RIS)
    if on_ris.size:
        amounts[on_ris] = ris_amounts(world, rows[on_ris])
    if policy.solidarity_allowance is not None:
        amounts[regime == Regime.SOLIDARITY] = benefits.solidarity_amount(policy, month)
    return amounts


def benefit_recipients(world: World) -> np.ndarray:
    """Rows of the people who can draw a benefit this month: jobless or in training."""
    status = world.state.status[: world.n_present]
    return np.flatnonzero((status == Status.JOBLESS) | (status == Status.TRAINING))


def pay_benefits(world: World, candidates: np.ndarray | None = None, new_ris_files: int = 0) -> BenefitCounts:
    """Unemployment benefits from the insurance, the RIS from the CPAS and the State's share of it.

    Args:
        world: The world.
        candidates: Rows that include every recipient (a superset, to spare a full scan).
        new_ris_files: RIS files opened this month by people the time limit excluded (the
            State pays the CPAS a fee for each).

    Returns:
        The recipients of each kind of benefit.
    """
    s, policy, routing, ledger = world.state, world.policy, world.policy.routing, world.ledger
    if candidates is None:
        rows = benefit_recipients(world)
    else:
        status = s.status[candidates]
        rows = candidates[(status == Status.JOBLESS) | (status == Status.TRAINING)]
    regime = s.regime[rows]
    insured = rows[regime == Regime.INSURANCE]
    on_ris = rows[regime == Regime.RIS]
    ledger.post(
        routing.unemployment_benefit, acc.HOUSEHOLDS, acc.UNEMPLOYMENT_BENEFIT, insurance_amounts(world, insured).sum()
    )
    ris = ris_amounts(world, on_ris)
    ledger.post(routing.ris, acc.HOUSEHOLDS, acc.RIS, ris.sum())
    rates = ris_reimbursement.reimbursement_rates(
        policy, world.territory, world.month_index, s.excluded_by_reform[on_ris], s.ris_application[on_ris]
    )
    ledger.post(routing.ris_reimbursement, routing.ris, acc.RIS_REIMBURSEMENT, weighted_sum(ris, rates))
    fee = ris_reimbursement.file_fee(policy, world.month_index)
    ledger.post(routing.ris_reimbursement, routing.ris, acc.RIS_FILE_FEE, new_ris_files * fee)
    solidarity = 0
    if policy.solidarity_allowance is not None:
        solidarity = int(np.count_nonzero(regime == Regime.SOLIDARITY))
        # summed like an array of equal amounts, not multiplied: the same rounding as any other flow
        amounts = np.full(solidarity, benefits.solidarity_amount(policy, world.month_index))
        ledger.post(routing.solidarity_allowance, acc.HOUSEHOLDS, acc.SOLIDARITY_ALLOWANCE, amounts.sum())
    return BenefitCounts(
        insurance=int(insured.size),
        ris=int(on_ris.size),
        solidarity=solidarity,
        none=int(rows.size - insured.size - on_ris.size) - solidarity,
    )


def pay_ordinary_wages(world: World) -> None:
    """Re-employed people are paid by local firms: their contributions and tax reach the payers."""
    employed = int(np.count_nonzero(world.state.status[: world.n_present] == Status.ORDINARY))
    ratio = world.policy.wages.ordinary_job_wage_ratio.value
    pay = pay_per_fte(world.policy, world.month_index, ratio, market=True)
    pay_wages(world.ledger, world.policy.routing, acc.LOCAL_BUSINESSES, employed, pay)


PAY_FIELDS = ("net", "employee_contribution", "employer_contribution", "income_tax", "reduction")


@dataclass(frozen=True)
class JobPay:
    """Each given person's pay this month and what it brings the public purse (0 out of work).

    The same amounts, person by person, as the wage bills :func:`pay_wages` posts: scheme workers
    at the minimum wage and their working time (a hiring-aid job at the market wage), re-employed
    people at the ordinary-job wage.
    """

    net: np.ndarray
    employee_contribution: np.ndarray
    employer_contribution: np.ndarray
    income_tax: np.ndarray
    reduction: np.ndarray


def job_pay(world: World, rows: np.ndarray) -> JobPay:
    """Pay, contributions and withholding tax of each given person's job this month."""
    s, policy, month = world.state, world.policy, world.month_index
    status = s.status[rows]
    market = pay_per_fte(policy, month, policy.wages.ordinary_job_wage_ratio.value, market=True)
    scheme = pay_per_fte(policy, month)
    in_scheme = (status == Status.EBE) | (status == Status.SCHEME_JOB)
    scheme_rows = rows[in_scheme]
    hiring_aid = np.isin(s.program[scheme_rows], world.hiring_aid_programmes)
    ordinary = status == Status.ORDINARY
    amounts = {}
    for name in PAY_FIELDS:
        column = np.zeros(rows.size)
        column[in_scheme] = s.fte[scheme_rows] * np.where(hiring_aid, getattr(market, name), getattr(scheme, name))
        column[ordinary] = getattr(market, name)
        amounts[name] = column
    return JobPay(**amounts)


def in_work_earnings(world: World, rows: np.ndarray) -> np.ndarray:
    """Net monthly earnings of each given person in a job (0 for the others): see :func:`job_pay`."""
    return job_pay(world, rows).net


def in_work_benefits(world: World, rows: np.ndarray) -> np.ndarray:
    """Expected in-work benefit (France: prime d'activité) of each given person this month."""
    return in_work_benefit.monthly_amounts(world.policy, world.month_index, in_work_earnings(world, rows))


def pay_in_work_benefit(world: World) -> None:
    """The payer of the in-work benefit pays it to every low-wage worker (scheme and ordinary jobs).

    Nothing is posted under a policy without an in-work benefit (Belgium).
    """
    if world.policy.in_work_benefit is None:
        return
    status = world.state.status[: world.n_present]
    workers = np.flatnonzero((status == Status.EBE) | (status == Status.SCHEME_JOB) | (status == Status.ORDINARY))
    total = float(in_work_benefits(world, workers).sum())
    world.ledger.post(world.policy.routing.in_work_benefit, acc.HOUSEHOLDS, acc.IN_WORK_BENEFIT, total)
