"""Monthly hazards of the status quo: finding an ordinary job, losing it, leaving the labour force.

The job-finding hazard falls with the months jobless and depends on qualification, age and
employability, scaled by labour-market tightness from a matching function
M = A U^a V^(1-a): each jobseeker finds a job at rate A (V/U)^(1-a), expressed relative to the
tightness of the first month.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from sim.config.schema import BehaviourConfig

# Months jobless are int16: a table over the whole range serves any spell.
_DURATIONS = np.arange(np.iinfo(np.int16).max + 1, dtype=np.int16)


def qualification_multipliers(behaviour: BehaviourConfig) -> np.ndarray:
    """Hazard multipliers indexed by qualification code (low, medium, high)."""
    return np.array(
        [
            behaviour.qualification_multiplier_low.value,
            behaviour.qualification_multiplier_medium.value,
            behaviour.qualification_multiplier_high.value,
        ]
    )


@functools.lru_cache(maxsize=64)
def _age_table(bands: tuple[tuple[float, float, float], ...]) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the age bands and the multiplier of each interval between edges (1 outside)."""
    edges = np.unique([edge for low, high, _ in bands for edge in (low, high)])
    multipliers = np.ones(edges.size + 1)
    for low, high, multiplier in bands:
        lo, hi = np.searchsorted(edges, [low, high], side="right")
        multipliers[lo:hi] = multiplier
    return edges, multipliers


def age_multiplier(behaviour: BehaviourConfig, age_years: np.ndarray) -> np.ndarray:
    """Hazard multiplier by age band (1 outside every band)."""
    edges, multipliers = _age_table(tuple((b.low, b.high, b.multiplier.value) for b in behaviour.age_multipliers))
    # A handful of edges: counting the edges passed is faster than a binary search.
    interval = np.zeros(np.shape(age_years), dtype=np.intp)
    for edge in edges:
        interval += age_years >= edge
    return multipliers[interval]


def tightness_factor(
    behaviour: BehaviourConfig, vacancies: float, jobless: float, vacancies0: float, jobless0: float
) -> float:
    """Job-finding multiplier from the vacancies-to-jobseekers ratio, 1 in the first month."""
    if jobless <= 0 or jobless0 <= 0 or vacancies0 <= 0:
        return 1.0
    ratio = (vacancies / jobless) / (vacancies0 / jobless0)
    return float(ratio ** (1.0 - behaviour.matching_elasticity.value))


def job_finding(
    behaviour: BehaviourConfig,
    months_jobless: np.ndarray,
    qualification: np.ndarray,
    age_years: np.ndarray,
    employability: np.ndarray,
    multiplier: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Monthly probability of finding an ordinary job (``multiplier``: tightness, coaching)."""
    hazard = (
        behaviour.job_finding_base.value
        * (1.0 + months_jobless / 12.0) ** (-behaviour.duration_elasticity.value)
        * qualification_multipliers(behaviour)[qualification]
        * age_multiplier(behaviour, age_years)
        * np.exp(behaviour.employability_effect.value * employability)
        * multiplier
    )
    return np.minimum(hazard, 0.95)


@dataclass(frozen=True)
class HazardTables:
    """The status-quo hazards' factors tabulated once for a run, by months jobless and by age in months.

    Each entry is computed by the same array expression as :func:`job_finding` and
    :func:`labour_force_exit`, so a look-up gives the very same number: at national size the
    power, the age bands and the divisions would otherwise be evaluated for millions of people
    every month.

    Attributes:
        duration_factor: ``(1 + d / 12) ** -duration_elasticity`` for every ``d`` months jobless.
        age_factor: The age multiplier at ``a / 12`` years, for ``a`` months of age.
        labour_force_exit: The monthly labour-force exit probability at ``a / 12`` years.
    """

    duration_factor: np.ndarray
    age_factor: np.ndarray
    labour_force_exit: np.ndarray

    @classmethod
    def build(cls, behaviour: BehaviourConfig, max_age_months: int) -> HazardTables:
        """Tables for ages 0 .. ``max_age_months`` months (the oldest person present in the run)."""
        ages = np.arange(max(0, int(max_age_months)) + 1) / 12.0
        return cls(
            duration_factor=(1.0 + _DURATIONS / 12.0) ** (-behaviour.duration_elasticity.value),
            age_factor=age_multiplier(behaviour, ages),
            labour_force_exit=labour_force_exit(behaviour, ages),
        )


def job_finding_tabulated(
    behaviour: BehaviourConfig,
    tables: HazardTables,
    months_jobless: np.ndarray,
    qualification: np.ndarray,
    age_months: np.ndarray,
    employability: np.ndarray,
    multiplier: np.ndarray | float = 1.0,
) -> np.ndarray:
    """:func:`job_finding` from the run's tables, for ages in whole months (bit for bit the same)."""
    hazard = (
        behaviour.job_finding_base.value
        * tables.duration_factor[months_jobless]
        * qualification_multipliers(behaviour)[qualification]
        * tables.age_factor[age_months]
        * np.exp(behaviour.employability_effect.value * employability)
        * multiplier
    )
    return np.minimum(hazard, 0.95)


def labour_force_exit(behaviour: BehaviourConfig, age_years: np.ndarray) -> np.ndarray:
    """Monthly probability of leaving the labour force before the pension age."""
    return np.where(age_years >= 55, behaviour.labour_force_exit_over_55.value, behaviour.labour_force_exit.value)


def monthly_from_yearly(rate_year: float) -> float:
    """Monthly probability equivalent to a yearly probability."""
    return 1.0 - (1.0 - rate_year) ** (1.0 / 12.0)
