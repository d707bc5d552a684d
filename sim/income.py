"""Participants' income and employment, compared person by person with the status-quo twin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim.flows import benefit_amounts, in_work_earnings
from sim.rules import in_work_benefit
from sim.rules.indexation import amount_at
from sim.state import Status

if TYPE_CHECKING:
    from sim.model import TZCLDModel

EMPLOYED = (Status.EBE, Status.SCHEME_JOB, Status.ORDINARY)


def monthly_income(model: TZCLDModel, rows: np.ndarray) -> np.ndarray:
    """Disposable income of each given person this month: benefit, RIS or net wage.

    Household income and other household members are not modelled: a cohabitant's own income is
    compared with the single-person poverty line.
    """
    status = model.state.status[rows]
    income = in_work_earnings(model, rows)
    drawing = (status == Status.JOBLESS) | (status == Status.TRAINING)
    income[drawing] = benefit_amounts(model, rows[drawing])
    if model.policy.in_work_benefit is not None:
        income += in_work_benefit.monthly_amounts(model.policy, model.month_index, income * ~drawing)
    return income


def employed(model: TZCLDModel, rows: np.ndarray) -> np.ndarray:
    """Whether each given person is in a job (scheme or ordinary) this month."""
    return np.isin(model.state.status[rows], EMPLOYED)


def poverty_line(model: TZCLDModel) -> float:
    """Poverty line for a single person this month."""
    return amount_at(model.policy.poverty_line_single_month, model.policy, model.month_index)


def measure_against_twin(model: TZCLDModel, twin: TZCLDModel) -> None:
    """Accumulate participants' income gains and volunteers' employment effect for this month,
    and post the local spending of the extra income."""
    s, n = model.state, model.n_present
    participants = np.flatnonzero(s.first_hire_month[:n] >= 0)
    income, income_twin = monthly_income(model, participants), monthly_income(twin, participants)
    gain = income - income_twin
    if participants.size:
        line = poverty_line(model)
        model.participants_poverty = (float(np.mean(income < line)), float(np.mean(income_twin < line)))
    model.income_gain_sum += float(gain.sum())
    model.income_gain_person_months += int(participants.size)
    extra = float(np.clip(gain, 0.0, None).sum())
    model.local_spending = model.scenario.local_spending_multiplier.value * extra
    model.ledger.post(acc.HOUSEHOLDS, acc.LOCAL_BUSINESSES, acc.LOCAL_SPENDING, model.local_spending)

    first = s.first_volunteer_month[:n]
    recent = np.flatnonzero((first >= 0) & (model.t - first < 24))
    difference = employed(model, recent).astype(np.int64) - employed(twin, recent)
    model.employment_effect_sum += int(difference.sum())
    model.employment_effect_person_months += int(recent.size)
