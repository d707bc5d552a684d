"""French rules: prime d'activité, general reduction, ARE rights regained by work, ASS amount."""

from __future__ import annotations

import numpy as np
import pytest

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.rules import benefits, in_work_benefit, wages


@pytest.fixture(scope="module")
def france():
    return load_config(["territory=france_reference", "policy=france", "agents.materialize_jobseekers=false"]).policy


@pytest.fixture(scope="module")
def belgium():
    return load_config(["territory=pilot", "agents.materialize_jobseekers=false"]).policy


JUNE_2025 = parse_month("2025-06")
# June 2025: base 633.21, share 59.85 %, SMIC 1,801.80 / 151.67 = 11.87974 EUR/h;
# bonus from 59 h (700.905) to 120 h (1,425.569), full bonus 0.29101 x 633.21 = 184.2704


def test_prime_at_the_full_time_smic(france) -> None:
    # net SMIC 1,426.30 >= 120 h: 633.21 + 0.5985 x 1,426.30 + 184.2704 - 1,426.30 = 244.8210
    legal = (
        in_work_benefit.monthly_amounts(france, JUNE_2025, np.array([1426.30])) / france.in_work_benefit.takeup.value
    )
    assert legal[0] == pytest.approx(244.8210, abs=1e-3)


def test_prime_below_the_base_and_in_the_bonus_ramp(france) -> None:
    takeup = france.in_work_benefit.takeup.value
    got = in_work_benefit.monthly_amounts(france, JUNE_2025, np.array([0.0, 300.0, 1000.0, 2500.0])) / takeup
    # 300 < base: resources count for the base: 0.5985 x 300 = 179.55, no bonus below 700.905
    # 1,000: bonus (1,000 - 700.905) / 724.664 x 184.2704 = 76.0555;
    #        633.21 + 598.5 + 76.0555 - 1,000 = 307.7655
    # 2,500: 633.21 + 1,496.25 + 184.2704 - 2,500 < 0 -> 0; no earnings -> 0
    assert got == pytest.approx([0.0, 179.55, 307.7655, 0.0], abs=1e-3)


def test_prime_not_paid_under_15_eur(france) -> None:
    # find earnings where the legal amount is between 0 and 15: 633.21 + 184.2704 - 0.4015 E = 10 -> E = 2,010.6
    takeup = france.in_work_benefit.takeup.value
    assert in_work_benefit.monthly_amounts(france, JUNE_2025, np.array([2010.6]))[0] == 0.0
    assert in_work_benefit.monthly_amounts(france, JUNE_2025, np.array([1960.0]))[0] / takeup == pytest.approx(
        633.21 + 184.2704 - 0.4015 * 1960.0, abs=1e-3
    )


def test_no_prime_in_belgium(belgium) -> None:
    assert belgium.in_work_benefit is None
    assert in_work_benefit.monthly_amounts(belgium, JUNE_2025, np.array([1500.0]))[0] == 0.0


def test_general_reduction(france, belgium) -> None:
    assert wages.general_reduction_rate(france, 1.0) == pytest.approx(0.3194)
    # 1.1 SMIC: 0.3194 / 0.6 x (1.6 / 1.1 - 1) = 0.241970
    assert wages.general_reduction_rate(france, 1.1) == pytest.approx(0.241970, abs=1e-6)
    assert wages.general_reduction_rate(france, 1.6) == 0.0
    assert wages.general_reduction_rate(belgium, 1.0) == 0.0


def test_employer_cost_at_the_smic(france) -> None:
    # November 2024: 1,801.80 gross, 12 wages a year; 38.84 % - 31.94 % = 6.9 % of gross
    pay = wages.pay_per_fte(france, parse_month("2024-12"))
    assert pay.gross == pytest.approx(1801.80)
    assert pay.employer_contribution == pytest.approx(0.069 * 1801.80)
    assert pay.net == pytest.approx(1426.30, abs=0.05)


def test_are_rights_regained_by_work(france, belgium) -> None:
    worked = np.array([5, 6, 12, 30])
    # France: 0.75 month per month worked from 6 months, at most 18
    assert benefits.rights_from_work(france, worked).tolist() == [0, 4, 9, 18]
    # Belgium: 12 months from 12 months worked, then one per 4 more months (30 -> 12 + 4)
    assert benefits.rights_from_work(belgium, worked).tolist() == [0, 0, 12, 16]


def test_ass_amount(france, belgium) -> None:
    # 19.33 EUR/day from April 2025 x 30.4167 days
    assert benefits.solidarity_amount(france, JUNE_2025) == pytest.approx(19.33 * 30.4167)
    assert benefits.solidarity_amount(belgium, JUNE_2025) == 0.0
