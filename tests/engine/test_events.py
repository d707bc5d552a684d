"""Events queued by month: the end of ordinary jobs and pension months."""

from __future__ import annotations

import numpy as np

from sim.engine.events import JobEndQueue, RetirementQueue


def test_job_ends_come_back_in_their_month_sorted_and_once() -> None:
    queue = JobEndQueue()
    queue.schedule(np.array([7, 3, 9, 1]), np.array([5, 2, 5, 9]))
    queue.schedule(np.array([4]), np.array([5]))
    np.testing.assert_array_equal(queue.pop(5), [4, 7, 9])
    np.testing.assert_array_equal(queue.pop(5), [])
    np.testing.assert_array_equal(queue.pop(2), [3])
    np.testing.assert_array_equal(queue.pop(3), [])
    np.testing.assert_array_equal(queue.pop(9), [1])


def test_retirements_only_of_people_present() -> None:
    queue = RetirementQueue(np.array([4, 2, 4, 10, 4]))
    np.testing.assert_array_equal(queue.retiring_in(4, n_present=5), [0, 2, 4])
    np.testing.assert_array_equal(queue.retiring_in(4, n_present=3), [0, 2])
    np.testing.assert_array_equal(queue.retiring_in(3, n_present=5), [])
