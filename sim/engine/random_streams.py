"""Common random numbers: uniform draws keyed by (seed, person, month, purpose).

A draw depends only on who, when and what for, never on the order in which the simulation asks
for it. So a person who finds an ordinary job in month 14 of the status quo gets the very same
draw in month 14 of a scenario (brief, section 6), and two runs of one configuration are
identical bit for bit. The mixing function is SplitMix64's finaliser, applied to a counter
(person id) offset by a key derived from (seed, month, purpose): cheap in numpy and well
distributed even for consecutive ids.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from scipy.special import ndtri, pdtr, pdtrik

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_C1 = 0xBF58476D1CE4E5B9
_C2 = 0x94D049BB133111EB
_TO_UNIT = 2.0**-53


class Purpose(IntEnum):
    """What a draw decides. Values are part of the random stream: never renumber them."""

    INFLOW_COUNT = 1
    QUALIFICATION = 2
    HOUSEHOLD = 3
    AGE_BAND = 4
    AGE_WITHIN = 5
    LONG_TERM = 6
    DURATION_BAND = 7
    DURATION_WITHIN = 8
    EMPLOYABILITY = 9
    ENTRY_REGIME = 10
    ENTITLEMENT = 11
    WOULD_VOLUNTEER = 12
    WORKING_TIME = 13
    EBE_ASSIGNMENT = 14
    COMMUNE = 15
    PENSION = 20
    LABOUR_FORCE_EXIT = 21
    JOB_SEPARATION = 22
    JOB_FINDING = 23
    TO_CPAS = 24
    VOLUNTEER = 25
    EBE_EXIT = 26
    EBE_EXIT_KIND = 27
    RETENTION = 28
    SCHEME_JOB_EXIT = 29
    CAREER = 30  # whether an older jobseeker has the career the time limit's exception asks
    TERRITORY_FACTOR = 31
    COMMITTEE = 32
    ACTIVITY_DEMAND = 33
    ABANDONMENT = 34


def _mix_scalar(x: int) -> int:
    x &= _MASK
    x = ((x ^ (x >> 30)) * _C1) & _MASK
    x = ((x ^ (x >> 27)) * _C2) & _MASK
    return x ^ (x >> 31)


def stream_key(seed: int, month: int, purpose: int) -> int:
    """64-bit key of one (seed, month, purpose) stream; ``month`` may be -1 for attributes."""
    key = _mix_scalar(seed * _GOLDEN + 0x632BE59BD9B4E019)
    key = _mix_scalar(key + (month + 7) * _GOLDEN)
    return _mix_scalar(key + purpose * _GOLDEN)


def uniforms(seed: int, month: int, purpose: int, ids: np.ndarray) -> np.ndarray:
    """Uniform draws in [0, 1), one per id, keyed by (seed, id, month, purpose)."""
    key = np.uint64(stream_key(seed, month, purpose))
    x = ids.astype(np.uint64)
    x *= np.uint64(_GOLDEN)
    x += key
    x ^= x >> np.uint64(30)
    x *= np.uint64(_C1)
    x ^= x >> np.uint64(27)
    x *= np.uint64(_C2)
    x ^= x >> np.uint64(31)
    x >>= np.uint64(11)
    return x.astype(np.float64) * _TO_UNIT


def uniform(seed: int, month: int, purpose: int, index: int = 0) -> float:
    """One keyed uniform draw (for per-month quantities such as the number of inflows)."""
    return float(uniforms(seed, month, purpose, np.array([index], dtype=np.int64))[0])


def normals(seed: int, month: int, purpose: int, ids: np.ndarray) -> np.ndarray:
    """Standard normal draws keyed like :func:`uniforms` (inverse-CDF transform)."""
    u = uniforms(seed, month, purpose, ids)
    # 0 would map to -inf; the smallest possible draw is 0, so shift by half a step.
    return ndtri(u + 0.5 * _TO_UNIT)


def categorical(u: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Category index of each uniform draw given category shares summing to 1."""
    edges = np.cumsum(shares)[:-1]
    return np.searchsorted(edges, u, side="right").astype(np.int8)


def poisson_quantile(u: np.ndarray, mean: float) -> np.ndarray:
    """Poisson(``mean``) counts by inverse CDF: the smallest k with P(N <= k) >= u.

    The same arithmetic as ``scipy.stats.poisson.ppf`` (a first guess from the inverse of the
    regularised gamma function, corrected by one step), from ``scipy.special`` alone: importing
    ``scipy.stats`` costs about a second, more than a pilot run. ``u = 0`` gives 0 (``ppf``
    would give -1, a count no month can have).
    """
    u = np.asarray(u, dtype=np.float64)
    guess = np.ceil(pdtrik(u, mean))
    below = np.maximum(guess - 1, 0)
    return np.where(pdtr(below, mean) >= u, below, guess)
