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
    """Months of insurance regained by work, once the minimum months are worked, capped.

    Belgium from 2026 (``months_per_extra_month``): the minimum (312 days, 12 months)
    gives ``entitlement_short_months``, then one more month per 104 days (4 months) worked.
    Otherwise one month per month worked, or France's fraction of the days worked.
    """
    ui = policy.unemployment_insurance
    months_worked = np.asarray(months_worked)
    if ui.months_per_extra_month is not None:
        extra = np.floor(
            np.maximum(months_worked - ui.min_work_months_for_rights.value, 0) / ui.months_per_extra_month.value
        )
        regained = np.minimum(ui.entitlement_short_months.value + extra, ui.max_months.value)
    elif ui.rights_per_month_worked is None:
        regained = np.minimum(months_worked, ui.max_months.value)
    else:
        # France: a fraction of the days worked (decree 2023-33), rounded down to whole months
        regained = np.minimum(np.floor(months_worked * ui.rights_per_month_worked.value), ui.max_months.value)
    return np.where(months_worked >= ui.min_work_months_for_rights.value, regained, 0).astype(np.int16)


def older_exception_applies(
    policy: PolicyConfig, birth_month_index: np.ndarray, spell_start_index: np.ndarray, career_draw: np.ndarray
) -> np.ndarray:
    """Who keeps unlimited insurance under the older-worker exception (Belgium, 2026 reform).

    Args:
        policy: The rules in force.
        birth_month_index: Absolute month of birth of each person.
        spell_start_index: Absolute month the current spell on benefit started.
        career_draw: A uniform draw per person, fixed for the run: below ``career_share`` the
            person has the career the exception requires.

    Returns:
        True for people old enough on ``age_on``, on benefit before ``claimed_before``, and with
        the career (ONEM T33); all False without the exception.
    """
    rule = policy.unemployment_insurance.long_career
    if rule is None:
        return np.zeros(np.shape(birth_month_index), dtype=bool)
    old_enough = parse_month(rule.age_on) - np.asarray(birth_month_index) >= 12 * rule.min_age.value
    already_claiming = np.asarray(spell_start_index) < parse_month(rule.claimed_before)
    return old_enough & already_claiming & (np.asarray(career_draw) < rule.career_share.value)


def in_work_ris(
    policy: PolicyConfig,
    month_index: int,
    household: np.ndarray,
    work_income: np.ndarray,
    other_income: np.ndarray | float = 0.0,
    exemption_active: np.ndarray | bool = True,
) -> np.ndarray:
    """Monthly RIS of people with resources (AR 11 Jul 2002 art. 22 and 35), 0 without a rule.

    The RIS is the household's rate less the resources counted. With income from work while the
    socio-professional exemption runs (3 years), the first ``isp_exemption`` euros of it are not
    counted; otherwise the general exemption (155/250/310 EUR a year) is left out of resources
    below the yearly RIS (the two are not cumulated: an assumption, no text found either way).
    A policy without ``isp_exemption`` (France) pays no RIS to people in work: 0.

    Args:
        policy: The rules in force.
        month_index: Absolute month.
        household: Household code of each person (:data:`HOUSEHOLD_KEYS`).
        work_income: Net income from work a month.
        other_income: Other resources a month.
        exemption_active: Whether the person's socio-professional exemption still runs.
    """
    sa = policy.social_assistance
    household = np.asarray(household)
    work = np.asarray(work_income, dtype=np.float64)
    if sa.isp_exemption is None:
        return np.zeros(np.broadcast_shapes(household.shape, work.shape))
    rate = ris_amounts(policy, month_index)[household]
    other = np.asarray(other_income, dtype=np.float64)
    resources = work + other
    isp = np.asarray(exemption_active) & (work > 0)
    general = 0.0
    if sa.general_exemption_year is not None:
        yearly = np.array([getattr(sa.general_exemption_year, h).value for h in HOUSEHOLD_KEYS])[household]
        general = np.where(12.0 * resources < 12.0 * rate, np.minimum(yearly / 12.0, resources), 0.0)
    exemption = amount_at(sa.isp_exemption, policy, month_index)
    counted = np.where(isp, np.maximum(work - exemption, 0.0) + other, resources - general)
    return np.maximum(rate - counted, 0.0)


def isp_exemption_months(policy: PolicyConfig) -> float:
    """Months the socio-professional exemption lasts (0 without one)."""
    months = policy.social_assistance.isp_exemption_months
    return 0.0 if months is None else months.value


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
