"""Amounts in force at a date, indexed each January after their last dated value."""

from __future__ import annotations

import pytest

from sim.calendar import parse_month
from sim.config.params import Amount, DatedAmount, DatedValue
from sim.rules.indexation import amount_at, indexed_value


class Policy:
    """Only what the indexation rules read: the yearly indexation."""

    def __init__(self, rate: float) -> None:
        self.indexation_per_year = Amount(value=rate, unit="share per year", assumption=True, range=[0, 0.05])


def dated(indexed: bool = True) -> DatedAmount:
    return DatedAmount(
        unit="EUR/month",
        source="test",
        indexed=indexed,
        values=[DatedValue(start="2025-02", value=1000.0), DatedValue(start="2026-04", value=1100.0)],
    )


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2024-06", 1000.0),  # before the first date: the first value (rules are not extrapolated back)
        ("2025-02", 1000.0),
        ("2026-03", 1000.0),  # the earlier value is superseded, never indexed
        ("2026-04", 1100.0),
        ("2026-12", 1100.0),
        ("2027-01", 1100.0 * 1.02),  # first January after the last dated value
        ("2029-06", 1100.0 * 1.02**3),
    ],
)
def test_a_dated_amount_is_indexed_after_its_last_value(month: str, expected: float) -> None:
    assert amount_at(dated(), Policy(0.02), parse_month(month)) == pytest.approx(expected)


def test_an_amount_that_is_not_indexed_stays() -> None:
    assert amount_at(dated(indexed=False), Policy(0.02), parse_month("2030-01")) == 1100.0


def test_a_single_year_amount_is_carried_forward_by_whole_years() -> None:
    subsidy = Amount(value=500.0, unit="EUR/month", year=2025, source="test")
    assert indexed_value(subsidy, Policy(0.03), parse_month("2025-12")) == 500.0
    assert indexed_value(subsidy, Policy(0.03), parse_month("2027-01")) == pytest.approx(500.0 * 1.03**2)
    # a value from a later year than the date is not deflated
    assert indexed_value(subsidy, Policy(0.03), parse_month("2024-01")) == 500.0
    # an assumption without a year is taken in euros of the date
    assumption = Amount(value=150.0, unit="EUR/month", assumption=True, range=[80, 300])
    assert indexed_value(assumption, Policy(0.03), parse_month("2030-01")) == 150.0
