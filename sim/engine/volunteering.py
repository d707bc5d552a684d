"""Volunteering and the waiting list (designs with a scheme).

Once jobless for the eligibility duration, a person who would volunteer (their latent draw is
below the take-up rate) signs up at a monthly hazard, once their micro-territory is selected
and as long as it is not stopped (designs with EBEs). The waiting list is kept in order of
registration; leaving unemployment takes a person off it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import Status

if TYPE_CHECKING:
    from sim.engine.world import World


def eligible_mask(world: World) -> np.ndarray:
    """Jobless people present who meet the duration condition."""
    s, n = world.state, world.n_present
    minimum = world.scenario.volunteering.eligibility_min_months.value
    return (s.status[:n] == Status.JOBLESS) & (s.duration[:n] >= minimum)


def sign_up(world: World) -> None:
    """Eligible would-be volunteers join the waiting list at the monthly hazard."""
    s, n = world.state, world.n_present
    vol = world.scenario.volunteering
    mask = eligible_mask(world) & (s.volunteer_month[:n] < 0) & (world.population.volunteer_draw[:n] < vol.takeup.value)
    if world.ebes:
        # only the territories selected, and not stopped, take volunteers
        open_ebes = np.array([ebe.accepts_volunteers(world.t) for ebe in world.ebes], dtype=bool)
        mask &= open_ebes[world.population.ebe_index[:n]]
    candidates = np.flatnonzero(mask)
    joining = candidates[uniforms(world.seed, world.t, Purpose.VOLUNTEER, candidates) < vol.monthly_hazard.value]
    s.volunteer_month[joining] = world.t
    first = joining[s.first_volunteer_month[joining] < 0]
    s.first_volunteer_month[first] = world.t


def waiting(world: World) -> np.ndarray:
    """Rows of the volunteers waiting for a job (jobless, or in training or coaching)."""
    return np.flatnonzero(world.state.volunteer_month[: world.n_present] >= 0)


def in_registration_order(world: World, rows: np.ndarray) -> np.ndarray:
    """Rows sorted by month of registration, then by id (earlier registrants first)."""
    return rows[np.lexsort((rows, world.state.volunteer_month[rows]))]


def take_off_list(world: World, rows: np.ndarray) -> None:
    """Remove people from the waiting list (hired, placed or gone)."""
    world.state.volunteer_month[rows] = -1
