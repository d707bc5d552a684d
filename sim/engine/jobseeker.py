"""The jobseeker agent: one person of the territory, a Mesa agent that shows its own row.

People are numerous, so their state lives in the world's person arrays
(:class:`~sim.engine.state.PersonState`) and each :class:`Jobseeker` reads its own row; the
month's transitions move everyone at once (:mod:`sim.engine.transitions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.engine.population import HOUSEHOLDS, QUALIFICATIONS
from sim.engine.state import Regime, Status

if TYPE_CHECKING:
    from sim.engine.model import TZCLDModel


class Jobseeker(mesa.Agent):
    """A person of the territory, from the initial stock or a monthly inflow.

    Args:
        model: The model holding the person arrays.
        person_id: Row of this person in the arrays (ids are given in order of entry).
    """

    def __init__(self, model: TZCLDModel, person_id: int) -> None:
        super().__init__(model)
        self.person_id = person_id

    @property
    def status(self) -> str:
        """Current status: jobless, ebe, scheme_job, training, ordinary or out."""
        return Status(int(self.model.state.status[self.person_id])).name.lower()

    @property
    def regime(self) -> str:
        """Benefit regime while jobless: none, insurance or ris."""
        return Regime(int(self.model.state.regime[self.person_id])).name.lower()

    @property
    def months_jobless(self) -> int:
        """Months in the current unemployment spell."""
        return int(self.model.state.duration[self.person_id])

    @property
    def age(self) -> float:
        """Age in years this month."""
        pop = self.model.population
        months = pop.age_at_entry_months[self.person_id] + self.model.t - pop.entry_month[self.person_id]
        return float(months) / 12.0

    @property
    def qualification(self) -> str:
        """Qualification level: low, medium or high."""
        return QUALIFICATIONS[int(self.model.population.qualification[self.person_id])]

    @property
    def household(self) -> str:
        """Household type for benefit rules: head, single or cohabitant."""
        return HOUSEHOLDS[int(self.model.population.household[self.person_id])]

    @property
    def employability(self) -> float:
        """Standardised employability score, including boosts from training and work."""
        state = self.model.state
        return float(self.model.population.employability[self.person_id] + state.employability_boost[self.person_id])

    @property
    def is_volunteer_waiting(self) -> bool:
        """Whether the person is on the waiting list."""
        return bool(self.model.state.volunteer_month[self.person_id] >= 0)

    @property
    def working_time(self) -> float:
        """Share of full time in the current scheme job (0 when not in one)."""
        return float(self.model.state.fte[self.person_id])

    def __repr__(self) -> str:
        return f"Jobseeker({self.person_id}, {self.status}, {self.regime}, {self.months_jobless} months)"
