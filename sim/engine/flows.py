"""Money flows common to every design: benefits, RIS and its reimbursement (the RIS of people in
work included), wages of re-employed people, the public services that follow jobseekers and RIS
files, and the posting of any wage bill with its contributions and tax.

Pay comes from :func:`sim.rules.wages.payslip`, per (employer, wage, working time, household):
:func:`pay_of` memoises it for the month, :func:`staff_pay` averages it over a group of workers.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim.config.schema import ServiceBase
from sim.engine.state import Regime, Status
from sim.engine.world import BenefitCounts
from sim.rules import benefits, in_work_benefit, ris_reimbursement, wages
from sim.rules.indexation import indexed_value
from sim.rules.wages import PayPerFte

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


# A payslip costs about 0.1 ms and a run needs a thousand distinct ones: memoised by the policy's
# content (World.policy_key, computed when the world is built) and the arguments, so the what-if's
# runs and a sweep's share them.
_PAY_MEMO: OrderedDict[tuple, PayPerFte] = OrderedDict()
_PAY_MEMO_SIZE = 8192


def pay_of(
    world: World,
    *,
    employer: str = "ebe",
    wage_ratio: float = 1.0,
    working_time: float = 1.0,
    household: int = wages.SINGLE,
) -> PayPerFte:
    """:func:`sim.rules.wages.pay_per_fte` at this world's month, memoised."""
    month = world.month_index
    key = (world.policy_key, month, employer, float(wage_ratio), round(float(working_time), 6), int(household))
    hit = _PAY_MEMO.get(key)
    if hit is not None:
        _PAY_MEMO.move_to_end(key)
        return hit
    pay = wages.pay_per_fte(
        world.policy, month, wage_ratio, working_time=float(working_time), employer=employer, household=int(household)
    )
    _PAY_MEMO[key] = pay
    if len(_PAY_MEMO) > _PAY_MEMO_SIZE:
        _PAY_MEMO.popitem(last=False)
    return pay


def staff_pay(
    world: World, working_time: np.ndarray, household: np.ndarray, *, employer: str, wage_ratio: float = 1.0
) -> PayPerFte:
    """Pay per FTE of a group of workers, averaged over their working times and households (FTE
    weights): part-time pay is not proportional and withholding depends on the household."""
    return staff_pays(
        world,
        working_time,
        household,
        np.zeros(np.size(working_time), dtype=np.int64),
        1,
        employer=employer,
        wage_ratio=wage_ratio,
    )[0]


def staff_pays(
    world: World,
    working_time: np.ndarray,
    household: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    *,
    employer: str,
    wage_ratio: float = 1.0,
) -> list[PayPerFte]:
    """:func:`staff_pay` of each of ``n_groups`` groups of workers (``group``: each worker's group)."""
    times, homes, pair = wages.pairs(working_time, household)
    standard = pay_of(world, employer=employer, wage_ratio=wage_ratio)
    if times.size == 0:
        return [standard] * n_groups
    pays = [
        pay_of(world, employer=employer, wage_ratio=wage_ratio, working_time=t, household=h)
        for t, h in zip(times, homes, strict=True)
    ]
    fte = np.bincount(
        np.asarray(group, dtype=np.int64) * times.size + pair,
        weights=np.asarray(working_time, dtype=np.float64),
        minlength=n_groups * times.size,
    ).reshape(n_groups, times.size)
    return [wages.mix(pays, list(weights)) if weights.sum() > 0 else standard for weights in fte]


def rows_pay(world: World, rows: np.ndarray, *, employer: str, wage_ratio: float = 1.0) -> PayPerFte:
    """:func:`staff_pay` of the given people, at their working time in their current job."""
    return staff_pay(
        world, world.state.fte[rows], world.population.household[rows], employer=employer, wage_ratio=wage_ratio
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
    in_work = pay_in_work_ris(world)
    pay_public_services(world, jobseekers=int(rows.size), ris_files=int(on_ris.size) + in_work)
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


def in_work_ris_candidates(world: World) -> np.ndarray:
    """Rows of the people in a scheme job who were on the RIS (the only workers it can top up:
    an ordinary job is full time at the market wage, whose net pay exceeds every RIS rate plus the
    exemption)."""
    s, n = world.state, world.n_present
    if not world.has_scheme:
        return np.zeros(0, dtype=np.int64)
    status = s.status[:n]
    return np.flatnonzero(((status == Status.EBE) | (status == Status.SCHEME_JOB)) & (s.regime[:n] == Regime.RIS))


def in_work_ris_amounts(world: World, rows: np.ndarray, earnings: np.ndarray | None = None) -> np.ndarray:
    """RIS this month of the given people in work (0 for those not on the RIS or not in a scheme job).

    Their net pay (``earnings``, as :func:`in_work_earnings` of the same rows, computed when not
    given) counts as resources, less the socio-professional exemption while it runs
    (:func:`sim.rules.benefits.in_work_ris`).
    """
    s, policy = world.state, world.policy
    amounts = np.zeros(rows.size)
    if policy.social_assistance.isp_exemption is None or rows.size == 0:
        return amounts
    status = s.status[rows]
    eligible = ((status == Status.EBE) | (status == Status.SCHEME_JOB)) & (s.regime[rows] == Regime.RIS)
    if not eligible.any():
        return amounts
    people = rows[eligible]
    pay = in_work_earnings(world, people) if earnings is None else np.asarray(earnings)[eligible]
    active = s.isp_months[people] < benefits.isp_exemption_months(policy)
    amounts[eligible] = benefits.in_work_ris(
        policy, world.month_index, world.population.household[people], pay, 0.0, active
    )
    return amounts


def pay_in_work_ris(world: World) -> int:
    """The CPAS pays the RIS of people in work whose pay leaves them below their rate, and the
    State reimburses its share (the exemption's clock advances at the month's end:
    :func:`sim.engine.transitions.advance_clocks`). Returns the files paid."""
    s, policy, routing, ledger = world.state, world.policy, world.policy.routing, world.ledger
    if policy.social_assistance.isp_exemption is None:
        return 0
    rows = in_work_ris_candidates(world)
    if rows.size == 0:
        return 0
    amounts = in_work_ris_amounts(world, rows)
    paid = amounts > 0
    rows, amounts = rows[paid], amounts[paid]
    ledger.post(routing.ris, acc.HOUSEHOLDS, acc.RIS, amounts.sum())
    rates = ris_reimbursement.reimbursement_rates(
        policy, world.territory, world.month_index, s.excluded_by_reform[rows], s.ris_application[rows]
    )
    ledger.post(routing.ris_reimbursement, routing.ris, acc.RIS_REIMBURSEMENT, weighted_sum(amounts, rates))
    return int(rows.size)


def pay_public_services(world: World, jobseekers: int, ris_files: int) -> None:
    """Each public service's month: counsellors for registered jobseekers, social workers and the
    BIM status's costs for RIS files (``policy.public_services``)."""
    for service in world.policy.public_services:
        count = jobseekers if service.per == ServiceBase.jobseeker else ris_files
        monthly = indexed_value(service.cost_per_year, world.policy, world.month_index) / 12.0
        world.ledger.post(service.payer, acc.REST_OF_ECONOMY, service.name, count * monthly)


def pay_ordinary_wages(world: World) -> None:
    """Re-employed people are paid by local firms: their contributions and tax reach the payers."""
    n = world.n_present
    employed = world.state.status[:n] == Status.ORDINARY
    household = world.population.household[:n]
    # counting per household beats indexing millions of rows
    homes = [float(np.count_nonzero(employed & (household == h))) for h in range(len(benefits.HOUSEHOLD_KEYS))]
    ratio = world.policy.wages.ordinary_job_wage_ratio.value
    pays = [pay_of(world, employer="ordinary", wage_ratio=ratio, household=h) for h in range(len(homes))]
    pay_wages(world.ledger, world.policy.routing, acc.LOCAL_BUSINESSES, sum(homes), wages.mix(pays, homes))


PAY_FIELDS = ("net", "employee_contribution", "employer_contribution", "income_tax", "reduction")


@dataclass(frozen=True)
class JobPay:
    """Each given person's pay this month and what it brings the public purse (0 out of work).

    The same amounts, person by person, as the wage bills :func:`pay_wages` posts: scheme workers
    at the minimum wage and their working time (a hiring-aid job at the market wage), re-employed
    people at the ordinary-job wage full time; the household sets the withholding.
    """

    net: np.ndarray
    employee_contribution: np.ndarray
    employer_contribution: np.ndarray
    income_tax: np.ndarray
    reduction: np.ndarray


def job_pay(world: World, rows: np.ndarray) -> JobPay:
    """Pay, contributions and withholding tax of each given person's job this month (averaged
    over the year), as in :func:`sim.engine.income.monthly_income`."""
    s = world.state
    status = s.status[rows]
    in_scheme = (status == Status.EBE) | (status == Status.SCHEME_JOB)
    ordinary = status == Status.ORDINARY
    working = in_scheme | ordinary
    amounts = {name: np.zeros(rows.size) for name in PAY_FIELDS}
    if not working.any():
        return JobPay(**amounts)
    people = rows[working]
    market = ordinary[working]
    if world.hiring_aid_programmes.size:
        market = market | np.isin(s.program[people], world.hiring_aid_programmes)
    working_time = np.where(ordinary[working], 1.0, s.fte[people].astype(np.float64))
    household = world.population.household[people].astype(np.int64)
    keys = (np.round(working_time * 1e6).astype(np.int64) * 8 + household) * 2 + market
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    ratio = world.policy.wages.ordinary_job_wage_ratio.value
    pays = [
        pay_of(
            world,
            employer="ordinary" if market[i] else "ebe",
            wage_ratio=ratio if market[i] else 1.0,
            working_time=working_time[i],
            household=household[i],
        )
        for i in first
    ]
    for name in PAY_FIELDS:
        per_pair = np.array([working_time[i] * getattr(pay, name) for i, pay in zip(first, pays, strict=True)])
        amounts[name][working] = per_pair[inverse]
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
