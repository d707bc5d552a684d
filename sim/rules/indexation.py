"""Amounts in force at a date, indexed after their last dated value."""

from __future__ import annotations

from sim.config.params import DatedParam, Param
from sim.config.schema import PolicyConfig


def amount_at(param: DatedParam, policy: PolicyConfig, month_index: int) -> float:
    """Value of a dated parameter at an absolute month, with the policy's yearly indexation."""
    return param.at(month_index, policy.indexation_per_year.value)


def indexed_value(param: Param, policy: PolicyConfig, month_index: int) -> float:
    """A single-year amount carried forward to ``month_index`` by yearly indexation.

    Amounts without a year (assumptions) are taken as expressed in euros of the start year.
    """
    if param.year is None:
        return param.value
    years = max(0, month_index // 12 - param.year)
    return param.value * (1.0 + policy.indexation_per_year.value) ** years


def price_index(policy: PolicyConfig, month_index: int, base_year: int) -> float:
    """The model's own price level at ``month_index``, 1 in ``base_year``.

    Amounts are indexed each January at ``policy.indexation_per_year`` (see :func:`amount_at`), so
    the same yearly steps deflate nominal euros of any simulated month into euros of the base year.
    """
    return (1.0 + policy.indexation_per_year.value) ** (month_index // 12 - base_year)
