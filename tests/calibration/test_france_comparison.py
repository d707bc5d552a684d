"""France reference beside the Belgian pilot (interface E), on a short horizon."""

from __future__ import annotations

import pytest

from sim.calibration.france_comparison import BELGIUM, FRANCE, compare_france_belgium


@pytest.fixture(scope="module")
def comparison():
    return compare_france_belgium(seed=0, horizon_months=24)


def test_summaries_side_by_side(comparison) -> None:
    summaries = comparison.summaries
    assert list(summaries.columns) == [FRANCE, BELGIUM]
    for key in ("net_public_cost_eur", "hired_total", "ebe_fte_end", "net_cost_by_payer_eur.state"):
        assert key in summaries.index
    assert summaries.loc["horizon_months"].tolist() == [24.0, 24.0]
    assert summaries.loc["net_cost_by_payer_eur.state", FRANCE] > 0


def test_drivers_computed_by_the_rules(comparison) -> None:
    drivers = comparison.drivers.set_index("input")
    assert list(comparison.drivers.columns) == ["input", "unit", "france", "belgium", "source"]
    # France, January 2027: SMIC 1,801.80 x 1.02^2 = 1,874.5927; employer cost 12 x 1.069 x that
    cost = drivers.loc["Employer cost of a full-time minimum-wage job"]
    assert cost["france"] == pytest.approx(12 * 1.069 * 1801.80 * 1.02**2)
    # Belgium: 2,147.59 x 1.02 over 13.92 wages, plus 32.4 % less the structural reduction
    assert cost["belgium"] > cost["france"]
    assert drivers.loc["Employer contributions at the minimum wage", "france"] == pytest.approx(0.069)
    cde = drivers.loc["Per-FTE contribution (State / fund share)", "france"]
    assert cde == pytest.approx(0.95 * 12 * 1801.80 * 1.02**2)
    assert drivers.loc["Local co-funding (département / CPAS-commune)", "france"] == pytest.approx(0.15 * cde)
    prime = drivers.loc["Prime d'activité at the full-time minimum wage (expected, take-up applied)"]
    assert prime["france"] > 0 and prime["belgium"] == 0
    assert drivers.loc["Minimum income, single person (RSA / RIS)", "france"] == pytest.approx(646.52 * 1.02**2)
    assert drivers.loc["Eligibility: months jobless", ["france", "belgium"]].tolist() == [12.0, 24.0]
