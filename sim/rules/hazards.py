"""Monthly hazards of the status quo: finding an ordinary job, losing it, leaving the labour force.

The job-finding hazard falls with the months jobless and depends on qualification, age and
employability, scaled by labour-market tightness from a matching function
M = A U^a V^(1-a): each jobseeker finds a job at rate A (V/U)^(1-a), expressed relative to the
tightness of the first month.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import BehaviourConfig


def qualification_multipliers(behaviour: BehaviourConfig) -> np.ndarray:
    """Hazard multipliers indexed by qualification code (low, medium, high)."""
    return np.array(
        [
            behaviour.qualification_multiplier_low.value,
            behaviour.qualification_multiplier_medium.value,
            behaviour.qualification_multiplier_high.value,
        ]
    )


def _age_table(behaviour: BehaviourConfig) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the age bands and the multiplier of each interval between edges (1 outside).

    Cached on the configuration object, which is not changed once a run has started.
    """
    cached = behaviour.__dict__.get("_age_table")
    if cached is not None:
        return cached
    bands = behaviour.age_multipliers
    edges = np.unique([edge for band in bands for edge in (band.low, band.high)])
    multipliers = np.ones(edges.size + 1)
    for band in bands:
        lo, hi = np.searchsorted(edges, [band.low, band.high], side="right")
        multipliers[lo:hi] = band.multiplier.value
    behaviour.__dict__["_age_table"] = (edges, multipliers)
    return edges, multipliers


def age_multiplier(behaviour: BehaviourConfig, age_years: np.ndarray) -> np.ndarray:
    """Hazard multiplier by age band (1 outside every band)."""
    edges, multipliers = _age_table(behaviour)
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


def labour_force_exit(behaviour: BehaviourConfig, age_years: np.ndarray) -> np.ndarray:
    """Monthly probability of leaving the labour force before the pension age."""
    return np.where(age_years >= 55, behaviour.labour_force_exit_over_55.value, behaviour.labour_force_exit.value)


def monthly_from_yearly(rate_year: float) -> float:
    """Monthly probability equivalent to a yearly probability."""
    return 1.0 - (1.0 - rate_year) ** (1.0 / 12.0)
