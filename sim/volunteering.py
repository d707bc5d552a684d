"""Volunteering and the waiting list (designs with a scheme).

Once jobless for the eligibility duration, a person who would volunteer (their latent draw is
below the take-up rate) signs up at a monthly hazard. The waiting list is kept in order of
registration; leaving unemployment takes a person off it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.random_streams import Purpose, uniforms
from sim.state import Status

if TYPE_CHECKING:
    from sim.model import TZCLDModel


def eligible_mask(model: TZCLDModel) -> np.ndarray:
    """Jobless people present who meet the duration condition."""
    s, n = model.state, model.n_present
    minimum = model.scenario.volunteering.eligibility_min_months.value
    return (s.status[:n] == Status.JOBLESS) & (s.duration[:n] >= minimum)


def sign_up(model: TZCLDModel) -> None:
    """Eligible would-be volunteers join the waiting list at the monthly hazard."""
    s, n = model.state, model.n_present
    vol = model.scenario.volunteering
    candidates = np.flatnonzero(
        eligible_mask(model) & (s.volunteer_month[:n] < 0) & (model.population.volunteer_draw[:n] < vol.takeup.value)
    )
    joining = candidates[uniforms(model.seed, model.t, Purpose.VOLUNTEER, candidates) < vol.monthly_hazard.value]
    s.volunteer_month[joining] = model.t
    first = joining[s.first_volunteer_month[joining] < 0]
    s.first_volunteer_month[first] = model.t


def waiting(model: TZCLDModel) -> np.ndarray:
    """Rows of the volunteers waiting for a job (jobless, or in training or coaching)."""
    return np.flatnonzero(model.state.volunteer_month[: model.n_present] >= 0)


def in_registration_order(model: TZCLDModel, rows: np.ndarray) -> np.ndarray:
    """Rows sorted by month of registration, then by id (earlier registrants first)."""
    return rows[np.lexsort((rows, model.state.volunteer_month[rows]))]


def take_off_list(model: TZCLDModel, rows: np.ndarray) -> None:
    """Remove people from the waiting list (hired, placed or gone)."""
    model.state.volunteer_month[rows] = -1
