"""The people: the initial stock of jobseekers and the monthly inflows, one row per person.

Attributes that never change (age at entry, qualification, household type, employability,
commune, the benefit rights a person arrives with, whether they would volunteer) are drawn once
here from keyed random streams and shared, read-only, by a scenario and its status-quo twin: the
two worlds hold the same people. Person ids are given in order of entry, so the people present in
month ``t`` are the rows ``0 .. entered_by[t] - 1``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config.schema import RunConfig
from sim.config.territories import ebe_areas
from sim.engine.random_streams import Purpose, categorical, normals, poisson_quantile, uniform, uniforms

QUALIFICATIONS = ("low", "medium", "high")
HOUSEHOLDS = ("head", "single", "cohabitant")
ENTRY_REGIMES = ("none", "insurance", "ris")  # codes match sim.engine.state.Regime
ATTRIBUTE_MONTH = -1  # the month key of draws that fix a person's attributes


@dataclass(frozen=True)
class Population:
    """Fixed attributes of everyone who is ever in the simulation.

    Attributes:
        seed: Root seed of every keyed draw.
        n_initial: Size of the initial stock (ids ``0 .. n_initial - 1``).
        entered_by: ``entered_by[t]`` people have entered by the end of month ``t``'s inflows.
        entry_month: Month of entry (0 for the initial stock).
        age_at_entry_months: Age when entering, in months.
        qualification: 0 low, 1 medium, 2 high.
        household: 0 head of household, 1 single, 2 cohabitant.
        employability: Standardised employability score.
        commune: Index into the territory's communes.
        ebe_index: The EBE serving the person's neighbourhood.
        initial_duration: Months jobless when entering (0 for inflows).
        entry_regime: 0 no benefit, 1 unemployment insurance, 2 RIS.
        entitlement_months: Months of insurance rights the person arrives with.
        volunteer_draw: Latent draw compared with the take-up rate.
        working_time: Share of full time the person would choose in a scheme job.
        birth_month: Month of birth relative to the start (derived: the age in months at month
            ``t`` is ``t - birth_month``).
    """

    seed: int
    n_initial: int
    entered_by: np.ndarray
    entry_month: np.ndarray
    age_at_entry_months: np.ndarray
    qualification: np.ndarray
    household: np.ndarray
    employability: np.ndarray
    commune: np.ndarray
    ebe_index: np.ndarray
    initial_duration: np.ndarray
    entry_regime: np.ndarray
    entitlement_months: np.ndarray
    volunteer_draw: np.ndarray
    working_time: np.ndarray

    birth_month: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Month of birth relative to the start: the age in months at month t is t - birth_month.
        birth = self.entry_month.astype(np.int32) - self.age_at_entry_months.astype(np.int32)
        object.__setattr__(self, "birth_month", birth)

    @property
    def size(self) -> int:
        """Everyone who enters over the horizon."""
        return int(self.entry_month.shape[0])


def _inflow_counts(cfg: RunConfig) -> np.ndarray:
    mean = cfg.territory.inflow_rate_month.value * cfg.territory.jobseekers.value
    draws = [uniform(cfg.seed, month, Purpose.INFLOW_COUNT) for month in range(cfg.horizon_months)]
    return poisson_quantile(np.asarray(draws), mean).astype(np.int64)


def _within_bands(u_band: np.ndarray, u_within: np.ndarray, bands: list) -> np.ndarray:
    """A value drawn uniformly inside a band chosen with the bands' shares."""
    shares = np.array([band.share.value for band in bands])
    lows = np.array([band.low for band in bands], dtype=np.float64)
    highs = np.array([band.high for band in bands], dtype=np.float64)
    index = categorical(u_band, shares)
    return lows[index] + u_within * (highs[index] - lows[index])


def generate_population(cfg: RunConfig) -> Population:
    """Draw the initial stock and every month's inflows from the territory's published structure."""
    territory = cfg.territory
    seed = cfg.seed
    n_initial = int(round(territory.jobseekers.value))
    inflows = _inflow_counts(cfg)
    entered_by = n_initial + np.cumsum(inflows)
    size = int(entered_by[-1])
    ids = np.arange(size, dtype=np.int64)

    entry_month = np.zeros(size, dtype=np.int16)
    entry_month[n_initial:] = np.repeat(np.arange(cfg.horizon_months), inflows)

    def draw(purpose: Purpose) -> np.ndarray:
        return uniforms(seed, ATTRIBUTE_MONTH, purpose, ids)

    age_years = _within_bands(draw(Purpose.AGE_BAND), draw(Purpose.AGE_WITHIN), territory.age_bands)
    qualification = categorical(
        draw(Purpose.QUALIFICATION),
        np.array([getattr(territory.qualification, q).value for q in QUALIFICATIONS]),
    )
    household = categorical(
        draw(Purpose.HOUSEHOLD),
        np.array([getattr(territory.household, h).value for h in HOUSEHOLDS]),
    )
    commune = categorical(
        draw(Purpose.COMMUNE),
        np.array([commune.jobseeker_weight.value for commune in territory.communes]),
    )
    # each person is served by one of the EBEs of their commune (sim.config.territories.ebe_areas)
    areas = ebe_areas(territory)
    per_commune = areas.ebe_count[commune]
    within = np.minimum((draw(Purpose.EBE_ASSIGNMENT) * per_commune).astype(np.int64), per_commune - 1)
    ebe_index = (areas.first_ebe[commune] + within).astype(np.int16)

    # Only the initial stock has a past spell; inflows register with duration 0.
    stock = ids < n_initial
    long_term = draw(Purpose.LONG_TERM) < territory.share_over_2y.value
    u_band, u_within = draw(Purpose.DURATION_BAND), draw(Purpose.DURATION_WITHIN)
    duration = np.where(
        long_term,
        _within_bands(u_band, u_within, territory.long_duration_bands),
        _within_bands(u_band, u_within, territory.short_duration_bands),
    )
    initial_duration = np.where(stock, np.floor(duration), 0).astype(np.int16)

    regime_shares = np.array([getattr(territory.entry_regime, r).value for r in ENTRY_REGIMES])
    entry_regime = categorical(draw(Purpose.ENTRY_REGIME), regime_shares)
    insurance = cfg.policy.unemployment_insurance
    entitlement = np.where(
        draw(Purpose.ENTITLEMENT) < insurance.entitlement_long_share.value,
        insurance.max_months.value,
        insurance.entitlement_short_months.value,
    ).astype(np.int16)

    choices = cfg.scenario.volunteering.working_time
    working_time = np.array([c.fte.value for c in choices], dtype=np.float32)[
        categorical(draw(Purpose.WORKING_TIME), np.array([c.share.value for c in choices]))
    ]

    return Population(
        seed=seed,
        n_initial=n_initial,
        entered_by=entered_by,
        entry_month=entry_month,
        age_at_entry_months=np.floor(age_years * 12).astype(np.int16),
        qualification=qualification,
        household=household,
        employability=normals(seed, ATTRIBUTE_MONTH, Purpose.EMPLOYABILITY, ids).astype(np.float32),
        commune=commune,
        ebe_index=ebe_index,
        initial_duration=initial_duration,
        entry_regime=entry_regime,
        entitlement_months=entitlement,
        volunteer_draw=draw(Purpose.WOULD_VOLUNTEER).astype(np.float32),
        working_time=working_time,
    )
