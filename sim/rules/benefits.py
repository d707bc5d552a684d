"""Unemployment insurance and social assistance (RIS): amounts and the 2026 time limit."""

from __future__ import annotations

import numpy as np

from sim.calendar import parse_month
from sim.config.schema import PolicyConfig
from sim.rules.indexation import amount_at

HOUSEHOLD_KEYS = ("head", "single", "cohabitant")


def insurance_table(policy: PolicyConfig, month_index: int) -> tuple[np.ndarray, np.ndarray]:
    """Benefit amounts in force: (first benefit month of each period, amounts[period, household])."""
    periods = policy.unemployment_insurance.periods
    first = np.array([p.first_month.value for p in periods], dtype=np.float64)
    amounts = np.array([[amount_at(getattr(p, h), policy, month_index) for h in HOUSEHOLD_KEYS] for p in periods])
    return first, amounts


def insurance_amount(
    policy: PolicyConfig, month_index: int, benefit_month: np.ndarray, household: np.ndarray
) -> np.ndarray:
    """Monthly unemployment benefit by benefit month of the spell (1 = first) and household."""
    first, amounts = insurance_table(policy, month_index)
    # A handful of periods: counting the thresholds passed is faster than a binary search.
    period = np.zeros(np.shape(benefit_month), dtype=np.intp)
    for threshold in first[1:]:
        period += benefit_month >= threshold
    # one flat look-up: a two-index fancy look-up costs several times more for millions of people
    return np.take(amounts.ravel(), period * amounts.shape[1] + household)


def ris_amounts(policy: PolicyConfig, month_index: int) -> np.ndarray:
    """Monthly RIS by household type (head of household = with dependants)."""
    sa = policy.social_assistance
    return np.array([amount_at(getattr(sa, h), policy, month_index) for h in HOUSEHOLD_KEYS])


def time_limit_in_force(policy: PolicyConfig, month_index: int) -> bool:
    """Whether insurance is limited in time at this date (the 2026 reform)."""
    return month_index >= parse_month(policy.unemployment_insurance.time_limit_from)


def wave_date_for_duration(
    policy: PolicyConfig, duration_months: np.ndarray, month_index: int | None = None
) -> np.ndarray:
    """Month from which the time limit applies to a person jobless for ``duration_months``.

    People in the existing stock lose their rights on the date of the exclusion wave of the
    duration band they were in on that date; everyone else from the date the time limit enters
    into force. With ``month_index`` (the month at which ``duration_months`` is measured), the
    duration on each wave's date is used; without it, the duration is taken as of the wave.
    """
    ui = policy.unemployment_insurance
    dates = np.full(np.shape(duration_months), parse_month(ui.time_limit_from), dtype=np.int64)
    for wave in ui.exclusion_waves:
        wave_month = parse_month(wave.date)
        at_wave = duration_months if month_index is None else duration_months - (month_index - wave_month)
        in_band = (at_wave >= wave.min_months.value) & (at_wave < wave.max_months.value)
        dates = np.where(in_band, wave_month, dates)
    return dates


def rights_from_work(policy: PolicyConfig, months_worked: np.ndarray) -> np.ndarray:
    """Months of insurance regained by work: one month per month worked, from 12 months, capped."""
    ui = policy.unemployment_insurance
    if ui.rights_per_month_worked is None:
        regained = np.minimum(months_worked, ui.max_months.value)
    else:
        # France: a fraction of the days worked (decree 2023-33), rounded down to whole months
        regained = np.minimum(np.floor(months_worked * ui.rights_per_month_worked.value), ui.max_months.value)
    return np.where(months_worked >= ui.min_work_months_for_rights.value, regained, 0).astype(np.int16)


def solidarity_amount(policy: PolicyConfig, month_index: int) -> float:
    """Monthly solidarity allowance (France: ASS) at this date, 0 where the policy has none."""
    ass = policy.solidarity_allowance
    if ass is None:
        return 0.0
    return amount_at(ass.daily_amount, policy, month_index) * ass.days_per_month.value


def solidarity_share(policy: PolicyConfig) -> float:
    """Share of people whose insurance ends who obtain the solidarity allowance (0 without one)."""
    ass = policy.solidarity_allowance
    return 0.0 if ass is None else ass.share_of_exhausted.value
