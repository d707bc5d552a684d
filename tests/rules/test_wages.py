"""Wages at the minimum wage: the Belgian payslip (structural reduction by category and working
time, work bonus, withholding on ordinary and exceptional pay), the French flat rates, and the
averaging of a group's pay. Every expected number is worked out by hand from the rules in
configs/policy/belgium_2027.yaml (the rule test cases of tests/rules/cases/ check them against
sources)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.rules import contributions, wages

HEAD, SINGLE, COHABITANT = 0, 1, 2
JUNE_2025 = parse_month("2025-06")


@pytest.fixture(scope="module")
def policy():
    return load_config(["territory=pilot", "agents.materialize_jobseekers=false"]).policy


def test_minimum_wage_by_date_and_indexation(policy) -> None:
    # dated values ... 2025-02 2,111.89; 2026-01 2,154.11; 2026-04 2,189.81; 2026-07 2,233.61 (last)
    assert wages.minimum_wage(policy, parse_month("2025-06")) == pytest.approx(2111.89)
    assert wages.minimum_wage(policy, parse_month("2026-03")) == pytest.approx(2154.11)
    assert wages.minimum_wage(policy, parse_month("2026-12")) == pytest.approx(2233.61)
    assert wages.minimum_wage(policy, parse_month("2027-01")) == pytest.approx(2233.61 * 1.02)
    assert wages.minimum_wage(policy, parse_month("2029-05")) == pytest.approx(2233.61 * 1.02**3)


def test_structural_reduction_of_each_category(policy) -> None:
    categories = policy.wages.belgium.categories
    s = 3 * 2111.89  # 6,335.67
    general = categories["general"].reduction
    maribel = categories["maribel_10"].reduction
    # Q2 2025, category 1: 0.14 x (11,233.89 - 6,335.67) + 0.40 x (7,082.19 - 6,335.67) = 685.7508 + 298.608
    assert contributions.structural_reduction_quarter(policy, general, JUNE_2025, s) == pytest.approx(984.3588)
    # category 2: 79 + 0.2557 x (9,437.21 - S) + 0.40 x (7,278.16 - S) = 79 + 793.0638 + 376.996
    assert contributions.structural_reduction_quarter(policy, maribel, JUNE_2025, s) == pytest.approx(1249.0598)
    # Q3 2025, category 1: 0.14 x 4,898.22 + 0.15 x (9,360 - 6,335.67) = 685.7508 + 453.6495
    q3 = parse_month("2025-09")
    assert contributions.structural_reduction_quarter(policy, general, q3, s) == pytest.approx(1139.4003)
    # above both thresholds nothing is left
    assert contributions.structural_reduction_quarter(policy, general, JUNE_2025, 12000.0) == 0.0


def test_thresholds_follow_indexation(policy) -> None:
    general = policy.wages.belgium.categories["general"].reduction
    # last dated value 2026-07 (11,687.74), then +2 % each January like the minimum wage
    from sim.rules.indexation import amount_at

    assert amount_at(general.s0, policy, parse_month("2028-03")) == pytest.approx(11687.74 * 1.02**2)
    ratio = amount_at(general.s0, policy, parse_month("2031-06")) / wages.minimum_wage(policy, parse_month("2031-06"))
    assert ratio == pytest.approx(11687.74 / 2233.61)


def test_part_time_share_of_the_reduction(policy) -> None:
    rule = policy.wages.belgium.part_time_reduction
    assert contributions.part_time_share(rule, 1.0) == 1.0
    assert contributions.part_time_share(rule, 0.8) == 1.0  # from 0.8 the full-time R in full
    # 0.55-0.8: mu x (1.18 + 0.28 x (mu - 0.55)); 0.6 -> 0.6 x 1.194 = 0.7164
    assert contributions.part_time_share(rule, 0.6) == pytest.approx(0.7164)
    assert contributions.part_time_share(rule, 0.5) == pytest.approx(0.59)  # 0.5 x 1.18
    assert contributions.part_time_share(rule, 0.2) == 0.0


def test_payslip_of_a_full_time_minimum_wage_june_2025(policy) -> None:
    slip = wages.payslip(policy, JUNE_2025, employer="ordinary")
    # 12 x 2,111.89 + 13th month 2,111.89 + double holiday pay 0.92 x 2,111.89
    assert slip.gross_year == pytest.approx(29397.5088)
    # 25 % on 13 months (27,454.57) = 6,863.6425; R 3 x 984.3588 + Q4 (S = 8,447.56) 0.14 x 2,786.33
    assert slip.employer_contributions_year == pytest.approx(6863.6425 - 3 * 984.3588 - 390.0862, abs=1e-3)
    assert slip.employer_cost_year == pytest.approx(32917.9887, abs=1e-3)
    # employee: 13.07 % = 276.02 < bonus 120.59 + 162.62 -> 0
    assert slip.employee_contributions_month == 0.0
    # withholding: 12 x 2,111.89 - 5,930 = 19,412.68; 4,080 + 0.40 x 3,092.68 - 2,727.50 = 2,589.572
    # / 12 = 215.7977; fiscal bonus 0.3314 x 120.59 + 0.5254 x (162.62 - 7.186) = 39.9635 + 81.6650
    assert slip.income_tax_month == pytest.approx(215.7977 - 121.6285, abs=1e-3)
    assert slip.special_contribution_month == pytest.approx(0.0422 * (2111.89 - 1945.38))
    assert slip.net_month == pytest.approx(2010.69, abs=0.01)
    # 13th month: 276.0240 - unused bonus 7.1860 = 268.8380, then 38.36 % on the rest
    assert slip.thirteenth_month_tax == pytest.approx(0.3836 * (2111.89 - 268.838), abs=1e-3)
    # holiday pay: 13.07 % on 85/92 (0.9239), then 34.33 %
    holiday = 0.92 * 2111.89
    assert slip.holiday_pay_tax == pytest.approx(0.3433 * holiday * (1 - 0.1307 * 0.9239), abs=1e-3)


def test_employer_categories_differ_only_in_employer_contributions(policy) -> None:
    general = wages.payslip(policy, JUNE_2025, employer="ordinary")
    ebe = wages.payslip(policy, JUNE_2025, employer="ebe")
    article60 = wages.payslip(policy, JUNE_2025, employer="article60")
    # the EBE (general category, 10 workers or more) adds 1.69 % of 13 months of wages
    assert ebe.employer_contributions_year - general.employer_contributions_year == pytest.approx(0.0169 * 27454.57)
    # article 60: no employer contributions at all
    assert article60.employer_contributions_year == 0.0
    assert article60.employer_cost_year == pytest.approx(general.gross_year)
    for slip in (ebe, article60):
        assert slip.net_year == pytest.approx(general.net_year)


def test_part_time_pay_is_not_proportional(policy) -> None:
    full = wages.pay_per_fte(policy, JUNE_2025)
    half = wages.pay_per_fte(policy, JUNE_2025, working_time=0.5)
    # same gross per FTE; the half-time worker's reduction is 59 % of the full-time one's on half
    # the wage, so employer contributions per FTE fall; no withholding on ordinary months at half
    # time (12 x 1,055.95 less expenses is below the tax-free amount), only on the 13th month and
    # the holiday pay (23.22 % and 19.17 %: band 10,415-13,330)
    assert half.gross == pytest.approx(full.gross)
    assert half.employer_contribution < full.employer_contribution
    slip = wages.payslip(policy, JUNE_2025, working_time=0.5)
    assert slip.income_tax_month == 0.0 and slip.special_contribution_month == 0.0
    assert slip.thirteenth_month_tax == pytest.approx(0.2322 * (1055.945 - (138.012 - 3.593)), abs=1e-2)
    assert half.income_tax < full.income_tax
    assert half.net > full.net


def test_head_of_household_pays_less_withholding(policy) -> None:
    single = wages.payslip(policy, JUNE_2025, household=SINGLE)
    head = wages.payslip(policy, JUNE_2025, household=HEAD)
    # tax-free supplement 3,720 x 25 % / 12 = 77.50 less a month
    assert single.income_tax_month - head.income_tax_month == pytest.approx(77.5)
    assert wages.payslip(policy, JUNE_2025, household=COHABITANT).income_tax_month == single.income_tax_month


def test_french_flat_rates() -> None:
    policy = load_config(["policy=france", "territory=france_reference"]).policy
    slip = wages.payslip(policy, JUNE_2025, employer="ebe")
    # SMIC 1,801.80 x 12; employer 38.84 % - general reduction 31.94 %
    assert slip.gross_year == pytest.approx(21621.6)
    assert slip.employer_contributions_year == pytest.approx((0.3884 - 0.3194) * 21621.6)
    assert slip.net_month == pytest.approx(1801.80 * (1 - 0.2084))
    # part-time pay is proportional under these rates
    assert wages.pay_per_fte(policy, JUNE_2025, working_time=0.5) == wages.pay_per_fte(policy, JUNE_2025)


def test_mix_and_pairs(policy) -> None:
    times, homes, pair = wages.pairs(np.array([1.0, 0.5, 1.0, 0.5]), np.array([1, 0, 1, 1]))
    assert list(zip(times, homes, strict=True)) == [(0.5, 0), (0.5, 1), (1.0, 1)]
    np.testing.assert_array_equal(pair, [2, 0, 2, 1])
    a = wages.PayPerFte(gross=100.0, employer_contribution=10.0, employee_contribution=5.0, income_tax=1.0)
    b = wages.PayPerFte(gross=200.0, employer_contribution=30.0, employee_contribution=0.0, income_tax=0.0)
    mixed = wages.mix([a, b], [1.0, 3.0])
    assert mixed.gross == pytest.approx(175.0) and mixed.employer_contribution == pytest.approx(25.0)
    assert wages.mix([a, b], [0.0, 0.0]) == a
