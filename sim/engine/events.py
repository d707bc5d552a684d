"""Events known in advance, queued by month instead of tested every month for everyone.

An ordinary job's end month is drawn when the job starts, and a person's pension month follows
from their birth month and the dated pension age: at national size the re-employed pool and
the people present run into millions, so a monthly test of each would dominate the run.
"""

from __future__ import annotations

import numpy as np


class JobEndQueue:
    """End months of ordinary jobs, by month (rows that left their job since are filtered by the caller)."""

    def __init__(self) -> None:
        self._by_month: dict[int, list[np.ndarray]] = {}

    def schedule(self, rows: np.ndarray, months: np.ndarray) -> None:
        """Queue the end months of jobs started this month."""
        order = np.argsort(months, kind="stable")
        rows, months = rows[order], months[order]
        bounds = np.flatnonzero(np.diff(months)) + 1
        for chunk_rows, chunk_months in zip(np.split(rows, bounds), np.split(months, bounds), strict=True):
            if chunk_rows.size:
                self._by_month.setdefault(int(chunk_months[0]), []).append(chunk_rows)

    def pop(self, month: int) -> np.ndarray:
        """Rows whose ordinary job was drawn to end in ``month``, sorted (taken off the queue)."""
        chunks = self._by_month.pop(month, [])
        return np.sort(np.concatenate(chunks)) if chunks else np.empty(0, dtype=np.int64)


class RetirementQueue:
    """Everyone's pension month, sorted once.

    Args:
        months: Month (relative to the start) in which each person reaches the pension age.
    """

    def __init__(self, months: np.ndarray) -> None:
        self._order = np.argsort(months, kind="stable")
        self._sorted = months[self._order]

    def retiring_in(self, month: int, n_present: int) -> np.ndarray:
        """Rows of the people present who reach the pension age in ``month``."""
        lo, hi = np.searchsorted(self._sorted, [month, month + 1])
        rows = self._order[lo:hi]
        return np.sort(rows[rows < n_present])
