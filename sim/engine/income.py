"""Participants' income and employment, compared person by person with the status-quo twin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim.engine.flows import benefit_amounts, in_work_earnings, in_work_ris_amounts
from sim.engine.state import Status
from sim.rules import in_work_benefit
from sim.rules.indexation import amount_at

if TYPE_CHECKING:
    from sim.engine.world import World

EMPLOYED = (Status.EBE, Status.SCHEME_JOB, Status.ORDINARY)
EMPLOYMENT_EFFECT_MONTHS = 24  # results contract: employment_effect_pp_24m


@dataclass(frozen=True)
class TwinComparison:
    """One month of the scenario's people measured against the same people in the twin.

    Attributes:
        income_gain_sum: Participants' income minus their income in the twin, summed.
        participants: Participants measured (people ever hired in the scheme).
        poverty: Share of participants below the poverty line in the scenario and in the twin
            (``None`` when there are no participants yet).
        local_spending: Participants' extra spending in local firms.
        employment_difference_sum: Over volunteers in their first 24 months after volunteering,
            employed in the scenario minus employed in the twin, summed.
        recent_volunteers: Volunteers in that sum.
    """

    income_gain_sum: float
    participants: int
    poverty: tuple[float, float] | None
    local_spending: float
    employment_difference_sum: int
    recent_volunteers: int


def monthly_income(world: World, rows: np.ndarray) -> np.ndarray:
    """Disposable income of each given person this month: benefit, RIS or net wage (with the RIS
    of a low-paid worker).

    Household income and other household members are not modelled: a cohabitant's own income is
    compared with the single-person poverty line.
    """
    status = world.state.status[rows]
    earnings = in_work_earnings(world, rows)
    income = earnings + in_work_ris_amounts(world, rows, earnings)
    drawing = (status == Status.JOBLESS) | (status == Status.TRAINING)
    income[drawing] = benefit_amounts(world, rows[drawing])
    if world.policy.in_work_benefit is not None:
        income += in_work_benefit.monthly_amounts(world.policy, world.month_index, income * ~drawing)
    return income


def employed(world: World, rows: np.ndarray) -> np.ndarray:
    """Whether each given person is in a job (scheme or ordinary) this month."""
    return np.isin(world.state.status[rows], EMPLOYED)


def poverty_line(world: World) -> float:
    """Poverty line for a single person this month."""
    return amount_at(world.policy.poverty_line_single_month, world.policy, world.month_index)


def measure_against_twin(world: World, twin: World) -> TwinComparison:
    """Participants' income gains and volunteers' employment against the twin this month; posts
    the local spending of the extra income."""
    s, n = world.state, world.n_present
    participants = np.flatnonzero(s.first_hire_month[:n] >= 0)
    income, income_twin = monthly_income(world, participants), monthly_income(twin, participants)
    gain = income - income_twin
    poverty = None
    if participants.size:
        line = poverty_line(world)
        poverty = (float(np.mean(income < line)), float(np.mean(income_twin < line)))
    extra = float(np.clip(gain, 0.0, None).sum())
    local_spending = world.scenario.local_spending_multiplier.value * extra
    world.ledger.post(acc.HOUSEHOLDS, acc.LOCAL_BUSINESSES, acc.LOCAL_SPENDING, local_spending)

    first = s.first_volunteer_month[:n]
    recent = np.flatnonzero((first >= 0) & (world.t - first < EMPLOYMENT_EFFECT_MONTHS))
    difference = employed(world, recent).astype(np.int64) - employed(twin, recent)
    return TwinComparison(
        income_gain_sum=float(gain.sum()),
        participants=int(participants.size),
        poverty=poverty,
        local_spending=local_spending,
        employment_difference_sum=int(difference.sum()),
        recent_volunteers=int(recent.size),
    )


def add_to_totals(world: World, comparison: TwinComparison) -> None:
    """Accumulate a month's comparison into the world's run totals and month counters."""
    totals = world.totals
    totals.income_gain_sum += comparison.income_gain_sum
    totals.income_gain_person_months += comparison.participants
    if comparison.poverty is not None:
        totals.participants_poverty = comparison.poverty
    totals.employment_effect_sum += comparison.employment_difference_sum
    totals.employment_effect_person_months += comparison.recent_volunteers
    world.counters.local_spending = comparison.local_spending
