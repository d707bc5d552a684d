"""What the status quo is fitted to: documented facts about the basin's jobseekers, and the window.

Every target is a published figure (``/work/shared/calibration/parameters.md`` section 1) with
its source. They describe the *stock* of jobseekers; the fit asks the status-quo dynamics to keep
the initial stock (drawn from the same facts) in place month after month before the 2026 reform,
so the targets are met by the hazards, not by the initial draw alone.

Only labour-market facts of the status quo are used. No figure from a TZCLD evaluation is a
target, and nothing here is tuned to one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.calendar import parse_month

# The 33,600 jobseekers were counted in May 2020; the 2026 reform excludes the first insured
# people in January 2026. Months from START to SCORE_END are scored; the run goes on to RUN_END
# only because the configuration check asks that every reform date fall inside the horizon
# (sim.config.validate._check_dates): the reform months are simulated but never scored.
START = "2020-05"
SCORE_END = "2025-12"
RUN_END = "2026-07"
SCORED_MONTHS = parse_month(SCORE_END) - parse_month(START) + 1  # 68
HORIZON_MONTHS = parse_month(RUN_END) - parse_month(START) + 1  # 75

# Duration bands of the Walloon mix, in months jobless: [low, high).
DURATION_BANDS: tuple[tuple[str, int, int], ...] = (
    ("duration_under_5y", 0, 60),
    ("duration_5_9y", 60, 120),
    ("duration_10_14y", 120, 180),
    ("duration_15y_plus", 180, 10**6),
)


@dataclass(frozen=True)
class Target:
    """One documented fact the status quo should reproduce.

    Attributes:
        name: Column of the monthly moments (:func:`sim.calibration.moments.monthly_moments`).
        label: Plain-words name for tables.
        value: The documented value, in the unit of the moment.
        unit: Unit of ``value``.
        year: Year the fact refers to.
        source: Where it was read (parameters.md section 1).
        weight: Weight of the target in the objective (see :mod:`sim.calibration.fit`).
        tolerance: Largest relative error of the window mean accepted by the tests and the
            report's "met" column. It reflects how precise the source is, not how good the fit
            was (see TOLERANCES below).
    """

    name: str
    label: str
    value: float
    unit: str
    year: int
    source: str
    weight: float
    tolerance: float


# Tolerances, from the precision of each source:
# - stock: one monthly count (May 2020); registered stocks move by several per cent from month to
#   month and year to year, and the model's stock is its mean over 68 months: +-10 %.
# - share over 2 years, low-qualified share: published as "about 40 %" and "about 50 %", i.e.
#   rounded to the nearest 5 or 10 points: +-12.5 % (35-45 %) and +-10 % (45-55 %).
# - Walloon duration mix: all of Wallonia in December 2014, applied to one basin in 2020-25; the
#   large band (under 5 years, 82 %) within +-5 %, the small bands (4-10 %) within +-25 %.
COEUR_DU_HAINAUT_SHEET = "Coeur du Hainaut action sheet 'Territoire zero chomeur de longue duree' (coeurduhainaut.be)"
WALLOON_MIX = "Walloon Parliament written question 75 (2014-15), duration mix of Walloon jobseekers (DEI), Dec 2014"

TARGETS: tuple[Target, ...] = (
    Target(
        name="stock_ratio",
        label="Jobseekers, relative to May 2020 (33,600 in the basin)",
        value=1.0,
        unit="jobless / territory.jobseekers",
        year=2020,
        source=f"{COEUR_DU_HAINAUT_SHEET}: 33,600 jobseekers (DE), May 2020",
        weight=1.0,
        tolerance=0.10,
    ),
    Target(
        name="share_over_2y",
        label="Share jobless for 2 years or more",
        value=0.40,
        unit="share of jobseekers",
        year=2020,
        source=f"{COEUR_DU_HAINAUT_SHEET}: about 40 % (about 13,400 people)",
        weight=1.0,
        tolerance=0.125,
    ),
    Target(
        name="duration_under_5y",
        label="Jobless under 5 years",
        value=0.82,
        unit="share of jobseekers",
        year=2014,
        source=WALLOON_MIX,
        weight=0.25,
        tolerance=0.05,
    ),
    Target(
        name="duration_5_9y",
        label="Jobless 5 to 9 years",
        value=0.10,
        unit="share of jobseekers",
        year=2014,
        source=WALLOON_MIX,
        weight=0.25,
        tolerance=0.25,
    ),
    Target(
        name="duration_10_14y",
        label="Jobless 10 to 14 years",
        value=0.04,
        unit="share of jobseekers",
        year=2014,
        source=WALLOON_MIX,
        weight=0.25,
        tolerance=0.25,
    ),
    Target(
        name="duration_15y_plus",
        label="Jobless 15 years or more",
        value=0.04,
        unit="share of jobseekers",
        year=2014,
        source=WALLOON_MIX,
        weight=0.25,
        tolerance=0.25,
    ),
    Target(
        name="share_low_qualified",
        label="Low-qualified jobseekers",
        value=0.50,
        unit="share of jobseekers",
        year=2020,
        source=f"{COEUR_DU_HAINAUT_SHEET}: about 50 % low-qualified",
        weight=1.0,
        tolerance=0.10,
    ),
)


@dataclass(frozen=True)
class FreeParameter:
    """A behaviour parameter the fit moves, within the range of its prior (default.yaml).

    Attributes:
        name: Field of ``behaviour`` (a Param); the fit sets ``behaviour.<name>.value``.
        identified_by: The targets that pin it down, in plain words.
    """

    name: str
    identified_by: str


# Why these four: each moves a different feature of the stock, so the seven moments pin them
# down. The others stay at their priors (see docs/calibration.md):
# - job_separation: returns from ordinary jobs re-enter at duration 0 exactly like new
#   registrations, whose rate (Forem, 22 % under 6 months) is already data; with stock targets
#   only, it trades off one for one against job_finding_base.
# - labour_force_exit_over_55, age and high-qualification multipliers, employability effect,
#   matching elasticity: no target by age, by higher qualification or on vacancies.
FREE_PARAMETERS: tuple[FreeParameter, ...] = (
    FreeParameter("job_finding_base", "level of the stock (outflows balance the inflow rate)"),
    FreeParameter("duration_elasticity", "share jobless 2 years or more and the 5-9 year band"),
    FreeParameter("labour_force_exit", "the long tail (10-14 and 15+ years), which job finding barely drains"),
    FreeParameter("qualification_multiplier_low", "share of low-qualified in the stock"),
)

BASIN = "coeur_du_hainaut"


def window_text() -> str:
    """The scored window in words."""
    return f"{START} to {SCORE_END} ({SCORED_MONTHS} months; simulated to {RUN_END}, reform months not scored)"


def target_by_name(name: str) -> Target:
    """The target called ``name``."""
    for target in TARGETS:
        if target.name == name:
            return target
    raise KeyError(f"no target {name!r}; targets: {', '.join(t.name for t in TARGETS)}")


__all__ = [
    "BASIN",
    "DURATION_BANDS",
    "FREE_PARAMETERS",
    "HORIZON_MONTHS",
    "RUN_END",
    "SCORED_MONTHS",
    "SCORE_END",
    "START",
    "TARGETS",
    "FreeParameter",
    "Target",
    "target_by_name",
    "window_text",
]
