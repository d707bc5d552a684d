"""Who pays the RIS: the CPAS pays, the federal State reimburses a share.

Ordinary files are reimbursed at a rate set by the CPAS's size (law of 26 May 2002, art. 32),
plus a bonus where an integration plan (PIIS) exists. People excluded from unemployment insurance
by the reform's time limit who applied from January to June 2026 are reimbursed at a higher,
falling rate by year of payment; those who apply from July 2026 (a later exhaustion, a person who
worked and exhausted new rights) at the ordinary rate plus 15 points; the CPAS gets a fee per new
file (sources in configs/policy/belgium_2027.yaml).
"""

from __future__ import annotations

import numpy as np

from sim.calendar import parse_month
from sim.config.schema import PolicyConfig, TerritoryConfig
from sim.rules.indexation import amount_at


def ordinary_rate(policy: PolicyConfig, territory: TerritoryConfig) -> float:
    """Average federal share of an ordinary RIS file (PIIS bonus weighted by PIIS coverage)."""
    sa = policy.social_assistance
    return min(1.0, territory.ris_reimbursement_ordinary.value + sa.piis_bonus.value * sa.piis_share.value)


def reimbursement_rates(
    policy: PolicyConfig,
    territory: TerritoryConfig,
    month_index: int,
    excluded_by_reform: np.ndarray,
    application_month: np.ndarray,
) -> np.ndarray:
    """Federal share of each RIS file paid in ``month_index``."""
    sa = policy.social_assistance
    ordinary = ordinary_rate(policy, territory)
    late = np.asarray(application_month) >= parse_month(sa.reform_late_application_from)
    late_rate = min(1.0, ordinary + sa.reform_late_application_bonus.value)
    reform_rate = np.where(late, late_rate, sa.reform_reimbursement.at(month_index))
    return np.where(excluded_by_reform, reform_rate, ordinary)


def file_fee(policy: PolicyConfig, month_index: int) -> float:
    """Federal fee per new file of a person excluded by the reform."""
    return amount_at(policy.social_assistance.reform_file_fee, policy, month_index)
