"""Wages at the minimum wage: the structural reduction formula, contributions, indexation."""

from __future__ import annotations

import pytest

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.rules import wages


@pytest.fixture(scope="module")
def policy():
    return load_config(["territory=pilot", "agents.materialize_jobseekers=false"]).policy


def test_minimum_wage_by_date_and_indexation(policy) -> None:
    # dated values 2024-04 2,029.88; 2024-05 2,070.48; 2025-02 2,111.89; 2026-04 2,147.59 (last)
    assert wages.minimum_wage(policy, parse_month("2024-04")) == pytest.approx(2029.88)
    assert wages.minimum_wage(policy, parse_month("2026-03")) == pytest.approx(2111.89)  # not last: no index
    assert wages.minimum_wage(policy, parse_month("2026-12")) == pytest.approx(2147.59)
    assert wages.minimum_wage(policy, parse_month("2027-01")) == pytest.approx(2147.59 * 1.02)  # 2,190.5418
    assert wages.minimum_wage(policy, parse_month("2029-05")) == pytest.approx(2147.59 * 1.02**3)


def test_structural_reduction_formula(policy) -> None:
    # R = 0.14 x (10,797.67 - S)+ + 0.40 x (6,807.18 - S)+
    # S = 3 x 2,111.89 = 6,335.67: 0.14 x 4,462.00 + 0.40 x 471.51 = 624.68 + 188.604 = 813.284
    assert wages.structural_reduction_quarter(policy, 6335.67) == pytest.approx(813.284)
    # S = 8,000 (between thresholds): 0.14 x 2,797.67 = 391.6738, very-low term 0
    assert wages.structural_reduction_quarter(policy, 8000.0) == pytest.approx(391.6738)
    # above both thresholds: no reduction
    assert wages.structural_reduction_quarter(policy, 11000.0) == 0.0


def test_pay_at_the_minimum_wage_nonmarket(policy) -> None:
    pay = wages.pay_per_fte(policy, parse_month("2025-06"))
    # gross over 12 months: 2,111.89 x 13.92 / 12 = 2,449.7924
    gross = 2111.89 * 13.92 / 12
    assert pay.gross == pytest.approx(2449.7924)
    # employer: 0.324 x 2,449.7924 - 813.284 / 3 = 793.73274 - 271.09467 = 522.63807
    assert pay.employer_contribution == pytest.approx(0.324 * gross - 813.284 / 3)
    assert pay.employer_contribution == pytest.approx(522.63807, abs=1e-4)
    # employee 4.5 %, tax 2.7 %: net = 2,449.7924 x 0.928 = 2,273.40735
    assert pay.employee_contribution == pytest.approx(0.045 * gross)
    assert pay.income_tax == pytest.approx(0.027 * gross)
    assert pay.net == pytest.approx(2273.40735, abs=1e-4)
    assert pay.employer_cost == pytest.approx(gross + 522.63807, abs=1e-4)


def test_pay_in_an_ordinary_market_job(policy) -> None:
    pay = wages.pay_per_fte(policy, parse_month("2025-06"), wage_ratio=1.1, market=True)
    # monthly 2,111.89 x 1.1 = 2,323.079; S = 6,969.237 > 6,807.18, so only the low-wage term:
    # R = 0.14 x (10,797.67 - 6,969.237) = 535.98062; gross = 2,323.079 x 1.16 = 2,694.77164
    # employer = 0.25 x 2,694.77164 - 535.98062 / 3 = 673.69291 - 178.66021 = 495.0327
    assert pay.gross == pytest.approx(2694.77164)
    assert pay.employer_contribution == pytest.approx(495.0327, abs=1e-4)


def test_pay_above_the_thresholds_has_no_reduction(policy) -> None:
    pay = wages.pay_per_fte(policy, parse_month("2025-06"), wage_ratio=2.0, market=True)
    # S = 3 x 4,223.78 = 12,671.34 above 10,797.67: employer = 25 % of gross
    assert pay.employer_contribution == pytest.approx(0.25 * pay.gross)


def test_employer_contribution_never_negative() -> None:
    policy = load_config(["policy.wages.employer_rate_nonmarket.value=0.05"]).policy
    pay = wages.pay_per_fte(policy, parse_month("2025-06"))
    # 0.05 x 2,449.79 = 122.49 < reduction 271.09: floored at 0
    assert pay.employer_contribution == 0.0
    assert pay.employer_cost == pytest.approx(pay.gross)


def test_pay_indexed_with_the_minimum_wage(policy) -> None:
    pay = wages.pay_per_fte(policy, parse_month("2027-01"))
    # monthly 2,147.59 x 1.02 = 2,190.5418; S = 6,571.6254
    # R = 0.14 x 4,226.0446 + 0.40 x 235.5546 = 591.646244 + 94.22184 = 685.868084
    monthly = 2147.59 * 1.02
    gross = monthly * 13.92 / 12
    assert pay.gross == pytest.approx(gross)
    assert pay.employer_contribution == pytest.approx(0.324 * gross - 685.868084 / 3)
