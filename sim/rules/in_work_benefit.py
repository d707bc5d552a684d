"""The in-work benefit of low-wage workers (France: prime d'activité), as a function of earnings.

CSS L842-3: the benefit is a flat amount plus a share of earned income plus an individual bonus,
minus the household's resources, which count for at least the flat amount. For a single person
without housing aid or other income, with monthly net earnings E:

    PA = base + share x E + bonus(E) - max(E, base)

The bonus (CSS D843-2) is 0 below 59 hours at the gross hourly SMIC, then rises linearly to its
maximum (29.101 % of the base) at 120 hours; amounts under 15 EUR are not paid (D843-3).
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import InWorkBenefit, PolicyConfig
from sim.rules.indexation import amount_at
from sim.rules.wages import minimum_wage


def bonus(rules: InWorkBenefit, earnings: np.ndarray, hourly_minimum_wage: float, base: float) -> np.ndarray:
    """Individual bonus for monthly net earnings (linear between the two thresholds)."""
    low = rules.bonus_threshold_hours.value * hourly_minimum_wage
    high = rules.bonus_full_hours.value * hourly_minimum_wage
    ramp = np.clip((np.asarray(earnings, dtype=np.float64) - low) / (high - low), 0.0, 1.0)
    return ramp * rules.bonus_max_share.value * base


def legal_amount(
    rules: InWorkBenefit, earnings: np.ndarray, base: float, share: float, hourly_minimum_wage: float
) -> np.ndarray:
    """Monthly benefit of a single person with these net earnings (before take-up)."""
    earnings = np.asarray(earnings, dtype=np.float64)
    amount = base + share * earnings + bonus(rules, earnings, hourly_minimum_wage, base) - np.maximum(earnings, base)
    amount = np.where(earnings > 0, amount, 0.0)
    return np.where(amount >= rules.minimum_payment.value, amount, 0.0)


def monthly_amounts(policy: PolicyConfig, month_index: int, earnings: np.ndarray) -> np.ndarray:
    """Expected monthly benefit for each net earnings (take-up applied; zeros without the benefit).

    Args:
        policy: The rules in force (``policy.in_work_benefit`` may be ``None``).
        month_index: Absolute month (amounts dated and indexed like every benefit).
        earnings: Net monthly earnings of each worker.
    """
    rules = policy.in_work_benefit
    earnings = np.asarray(earnings, dtype=np.float64)
    if rules is None:
        return np.zeros(earnings.shape)
    base = amount_at(rules.base_amount, policy, month_index)
    share = rules.earnings_share.at(month_index)
    hourly = minimum_wage(policy, month_index) / rules.hours_per_month.value
    return rules.takeup.value * legal_amount(rules, earnings, base, share, hourly)
