"""Volunteering and the waiting list, on minimal worlds (full transposition on the pilot:
eligibility after 24 months jobless, take-up 25 %, monthly sign-up hazard 10 %)."""

from __future__ import annotations

import factories as f
import numpy as np

from sim.engine import volunteering
from sim.engine.random_streams import Purpose, uniforms
from sim.engine.state import Status


def test_eligibility_needs_the_duration_and_being_jobless() -> None:
    w = f.world(f.config(quiet=True), f.population(4))
    w.state.duration[:4] = [23, 24, 40, 40]
    w.place([3], Status.ORDINARY)
    np.testing.assert_array_equal(volunteering.eligible_mask(w), [False, True, True, False])


def test_would_be_volunteers_sign_up_at_the_keyed_hazard() -> None:
    n = 2000
    # half would volunteer (latent draw below the 25 % take-up), half would not
    draws = np.where(np.arange(n) % 2 == 0, 0.1, 0.9)
    w = f.world(
        f.config("scenario.volunteering.monthly_hazard.value=0.3", quiet=True),
        f.population(n, volunteer_draw=draws),
        month=7,
    )
    w.state.duration[:n] = 30
    volunteering.sign_up(w)
    ids = np.arange(n)
    expected = ids[(draws < 0.25) & (uniforms(w.seed, 7, Purpose.VOLUNTEER, ids) < 0.3)]
    joined = np.flatnonzero(w.state.volunteer_month[:n] == 7)
    np.testing.assert_array_equal(joined, expected)
    assert 0.3 * n / 2 * 0.8 < joined.size < 0.3 * n / 2 * 1.2
    np.testing.assert_array_equal(w.state.first_volunteer_month[joined], 7)
    # someone already waiting does not sign up again, and keeps their registration month
    w.t = 8
    volunteering.sign_up(w)
    np.testing.assert_array_equal(w.state.volunteer_month[joined], 7)


def test_a_second_registration_keeps_the_first_volunteering_month() -> None:
    w = f.world(f.config("scenario.volunteering.monthly_hazard.value=1", quiet=True), f.population(1), month=12)
    w.state.duration[0] = 30
    w.state.first_volunteer_month[0] = 3  # volunteered before, was hired, came back
    volunteering.sign_up(w)
    assert (w.state.volunteer_month[0], w.state.first_volunteer_month[0]) == (12, 3)


def test_waiting_list_order_and_removal() -> None:
    w = f.world(f.config(quiet=True), f.population(5))
    w.state.volunteer_month[:5] = [4, -1, 2, 4, 2]
    waiting = volunteering.waiting(w)
    np.testing.assert_array_equal(waiting, [0, 2, 3, 4])
    # by month of registration, then by id
    np.testing.assert_array_equal(volunteering.in_registration_order(w, waiting), [2, 4, 0, 3])
    volunteering.take_off_list(w, np.array([2, 3]))
    np.testing.assert_array_equal(volunteering.waiting(w), [0, 4])
