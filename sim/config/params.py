"""Sourced parameter values, in the spirit of OpenFisca's parameter files.

Every number in ``configs/`` is one of these: a value with its unit, the year it refers to and
its source, or a value flagged as an assumption with the range worth exploring. The subclasses
only differ in the values they accept (checked in :mod:`sim.config.validate`), so that a share
outside [0, 1] or a negative amount is refused before any simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

from omegaconf import MISSING

from sim.calendar import parse_month


@dataclass
class Param:
    """A number with its provenance.

    Attributes:
        value: The number used by the model.
        unit: Unit of ``value`` (for example ``EUR/month`` or ``share``).
        year: Year the value refers to, where it is a dated fact.
        source: Citation (document, body, date); required unless ``assumption`` is true.
        tag: ``R`` read in the source, ``K`` widely reported, ``E`` estimated from sourced
            values (the arithmetic goes in ``note``), ``A`` assumption.
        assumption: True when no source gives the value directly.
        range: ``[low, high]`` worth exploring, required for assumptions.
        note: Why the value is what it is.
    """

    value: float = MISSING
    unit: str = MISSING
    year: int | None = None
    source: str = ""
    tag: str = ""
    assumption: bool = False
    range: list[float] | None = None
    note: str = ""

    lower: ClassVar[float] = -math.inf
    upper: ClassVar[float] = math.inf
    kind: ClassVar[str] = "number"
    # True where the engine counts the value in whole units (months of a duration): a fraction
    # would be silently rounded by the comparisons that use it, so it is refused instead.
    whole: ClassVar[bool] = False


@dataclass
class Share(Param):
    """A probability, share or rate between 0 and 1."""

    lower: ClassVar[float] = 0.0
    upper: ClassVar[float] = 1.0
    kind: ClassVar[str] = "share in [0, 1]"


@dataclass
class Amount(Param):
    """A non-negative amount of money."""

    lower: ClassVar[float] = 0.0
    kind: ClassVar[str] = "amount >= 0"


@dataclass
class Months(Param):
    """A non-negative duration, in whole months: the engine counts durations month by month
    (a spell's length, a contract's end, a delay), so 6.5 would silently act as 7."""

    lower: ClassVar[float] = 0.0
    kind: ClassVar[str] = "whole number of months >= 0"
    whole: ClassVar[bool] = True


@dataclass
class MonthsOfCost(Param):
    """A non-negative quantity expressed in months of a monthly cost (0.5: half a month of a
    wage bill). Not a duration: fractions are meaningful."""

    lower: ClassVar[float] = 0.0
    kind: ClassVar[str] = "months of cost >= 0"


@dataclass
class Count(Param):
    """A non-negative count (people, places, hires)."""

    lower: ClassVar[float] = 0.0
    kind: ClassVar[str] = "count >= 0"


@dataclass
class Factor(Param):
    """A non-negative multiplier."""

    lower: ClassVar[float] = 0.0
    kind: ClassVar[str] = "factor >= 0"


@dataclass
class DatedValue:
    """One value of a rule that changes over time, in force from ``start`` (YYYY-MM)."""

    start: str = MISSING
    value: float = MISSING
    source: str = ""


@dataclass
class DatedParam:
    """A rule whose value changes on given dates (OpenFisca-style ``values`` by date).

    Between dated values the last one applies. After the last dated value, amounts may be
    indexed every January at ``indexation`` per year (see :mod:`sim.rules.indexation`).
    """

    unit: str = MISSING
    source: str = MISSING
    values: list[DatedValue] = field(default_factory=list)
    indexed: bool = False
    tag: str = ""
    note: str = ""

    lower: ClassVar[float] = -math.inf
    upper: ClassVar[float] = math.inf
    kind: ClassVar[str] = "dated number"

    def at(self, month_index: int, indexation: float = 0.0) -> float:
        """Value in force at an absolute month index (see :func:`sim.calendar.parse_month`).

        Before the first dated value the first one applies (rules are not extrapolated back).
        After the last one, an ``indexed`` amount grows by ``indexation`` each January.
        """
        current = float(self.values[0].value)
        start = parse_month(self.values[0].start)
        is_last = len(self.values) == 1
        for position, dated in enumerate(self.values):
            dated_start = parse_month(dated.start)
            if dated_start > month_index:
                break
            current, start = float(dated.value), dated_start
            is_last = position == len(self.values) - 1
        if self.indexed and is_last and indexation:
            years = max(0, month_index // 12 - start // 12)
            current *= (1.0 + indexation) ** years
        return current


@dataclass
class DatedShare(DatedParam):
    """A dated share or rate in [0, 1]."""

    lower: ClassVar[float] = 0.0
    upper: ClassVar[float] = 1.0
    kind: ClassVar[str] = "dated share in [0, 1]"


@dataclass
class DatedAmount(DatedParam):
    """A dated non-negative amount."""

    lower: ClassVar[float] = 0.0
    kind: ClassVar[str] = "dated amount >= 0"
