"""Participants' income and employment, compared person by person with the status-quo twin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim.engine.flows import PAY_FIELDS, benefit_amounts, in_work_earnings, job_pay
from sim.engine.state import Regime, Status
from sim.rules import in_work_benefit
from sim.rules.indexation import amount_at

if TYPE_CHECKING:
    from sim.engine.world import World

EMPLOYED = (Status.EBE, Status.SCHEME_JOB, Status.ORDINARY)
EMPLOYMENT_EFFECT_MONTHS = 24  # results contract: employment_effect_pp_24m
# The French evaluation of the scheme's second phase measures costs per participant over the 12
# months following entry (comité scientifique, 2025): a participant entering in month 5 counts
# months 5 to 16.
EVALUATION_WINDOW_MONTHS = 12
COUNTERFACTUAL_LATER_MONTHS = 24
BENEFITS = ("unemployment_benefit", "ris", "solidarity_allowance", "in_work_benefit")
_REGIME_OF_BENEFIT = {
    "unemployment_benefit": Regime.INSURANCE,
    "ris": Regime.RIS,
    "solidarity_allowance": Regime.SOLIDARITY,
}
# Each person's flows measured in both worlds (evaluation.parquet: <flow>_scenario_eur, <flow>_twin_eur).
PERSON_FLOWS = (*BENEFITS, *PAY_FIELDS)


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
    """Disposable income of each given person this month: benefit, RIS or net wage.

    Household income and other household members are not modelled: a cohabitant's own income is
    compared with the single-person poverty line.
    """
    status = world.state.status[rows]
    income = in_work_earnings(world, rows)
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


def person_flows(world: World, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Each given person's public flows this month: benefits by type, the in-work benefit, and
    the net pay, contributions, withholding tax and contribution reduction of their job."""
    s = world.state
    status, regime = s.status[rows], s.regime[rows]
    drawing = (status == Status.JOBLESS) | (status == Status.TRAINING)
    amounts = benefit_amounts(world, rows)
    flows = {name: np.where(drawing & (regime == code), amounts, 0.0) for name, code in _REGIME_OF_BENEFIT.items()}
    pay = job_pay(world, rows)
    flows["in_work_benefit"] = (
        in_work_benefit.monthly_amounts(world.policy, world.month_index, pay.net)
        if world.policy.in_work_benefit is not None
        else np.zeros(rows.size)
    )
    flows |= {name: getattr(pay, name) for name in PAY_FIELDS}
    return flows


def scheme_funding(world: World, rows: np.ndarray) -> np.ndarray:
    """Public money paid to the scheme this month for each given person's post (start-up grants apart).

    An EBE's public income per FTE (contribution, local co-funding, deficit top-up, public
    purchases, less any surplus taken back) and an operator's public subsidy per FTE, times the
    person's working time; 0 for people not in a scheme job.
    """
    s, c = world.state, world.counters
    status, fte = s.status[rows], s.fte[rows].astype(np.float64)
    funding = np.zeros(rows.size)
    in_ebe = status == Status.EBE
    if in_ebe.any() and c.ebe_funding_per_fte.size:
        funding[in_ebe] = c.ebe_funding_per_fte[world.population.ebe_index[rows[in_ebe]]] * fte[in_ebe]
    in_job = (status == Status.SCHEME_JOB) & (s.program[rows] >= 0)
    if in_job.any() and c.operator_funding_per_fte.size:
        funding[in_job] = c.operator_funding_per_fte[s.program[rows[in_job]]] * fte[in_job]
    return funding


def evaluation_month(world: World, twin: World, comparison: TwinComparison) -> dict[str, float]:
    """This month's sums over participants in their first 12 months after entry, in both worlds.

    The raw material of the evaluation-aligned measures (:mod:`sim.engine.indicators`), written
    month by month to ``evaluation.parquet``: the same people measured in the scenario and in the
    twin, the public money paid for their posts, and the counterfactual employment of entrants.
    """
    s, n = world.state, world.n_present
    first = s.first_hire_month[:n].astype(np.int64)
    since = world.t - first
    window = np.flatnonzero((first >= 0) & (since >= 0) & (since < EVALUATION_WINDOW_MONTHS))
    in_scheme = np.isin(s.status[window], (Status.EBE, Status.SCHEME_JOB))
    record: dict[str, float] = {
        "month": world.t,
        "participants": comparison.participants,
        "income_gain_eur": comparison.income_gain_sum,
        "participants_in_window": int(window.size),
        "scheme_fte_months": float(s.fte[window][in_scheme].sum(dtype=np.float64)),
        "public_funding_eur": float(scheme_funding(world, window).sum()),
    }
    scenario, counterfactual = person_flows(world, window), person_flows(twin, window)
    for name in PERSON_FLOWS:
        record[f"{name}_scenario_eur"] = float(scenario[name].sum())
        record[f"{name}_twin_eur"] = float(counterfactual[name].sum())
    entering = np.flatnonzero(first == world.t)
    entered_before = np.flatnonzero(first == world.t - COUNTERFACTUAL_LATER_MONTHS)
    record["entries"] = int(entering.size)
    record["entries_employed_in_twin"] = int(employed(twin, entering).sum())
    record["entries_24m_before"] = int(entered_before.size)
    record["entries_24m_before_employed_in_twin"] = int(employed(twin, entered_before).sum())
    return record


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
