"""Months as integers: ``year * 12 + (month - 1)``, so arithmetic on dates is integer arithmetic."""

from __future__ import annotations

import datetime as dt
import functools
import re

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@functools.lru_cache(maxsize=4096)
def parse_month(text: str) -> int:
    """Absolute month index of a ``YYYY-MM`` string.

    Raises:
        ValueError: if ``text`` is not of the form ``YYYY-MM`` with a month from 01 to 12.

    Cached: dated rules look their start months up every month of every run.
    """
    match = _MONTH.match(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month of the form YYYY-MM (for example 2027-01)")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def month_label(index: int) -> str:
    """``YYYY-MM`` of an absolute month index."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_day(index: int) -> dt.date:
    """First day of the month with absolute index ``index``."""
    return dt.date(index // 12, index % 12 + 1, 1)
