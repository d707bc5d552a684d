"""Monthly hazards of the status quo (configs/behaviour/default.yaml)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.config.load import load_config
from sim.rules import hazards

LOW, MEDIUM, HIGH = 0, 1, 2


@pytest.fixture(scope="module")
def behaviour():
    return load_config(["territory=pilot", "behaviour=default", "agents.materialize_jobseekers=false"]).behaviour


def test_job_finding_reference_person(behaviour) -> None:
    # base 0.13, duration elasticity 0.9: at 12 months, 0.13 x (1 + 1)^-0.9 = 0.13 x 0.535887 = 0.0696653
    got = hazards.job_finding(
        behaviour, np.array([0, 12, 36]), np.array([MEDIUM] * 3), np.array([30.0] * 3), np.zeros(3)
    )
    np.testing.assert_allclose(got, [0.13, 0.13 * 2**-0.9, 0.13 * 4**-0.9])
    assert got[1] == pytest.approx(0.0696653, abs=1e-7)


def test_job_finding_qualification_age_employability(behaviour) -> None:
    # low (0.6), age 52 (0.6), employability +1 (exp(0.5)), duration 0:
    # 0.13 x 0.6 x 0.6 x 1.648721 = 0.0771601
    got = hazards.job_finding(behaviour, np.array([0]), np.array([LOW]), np.array([52.0]), np.array([1.0]))
    assert got[0] == pytest.approx(0.13 * 0.36 * math.exp(0.5))
    # high (1.6), age 20 (1.2), tightness multiplier 0.5: 0.13 x 1.6 x 1.2 x 0.5 = 0.1248
    got = hazards.job_finding(behaviour, np.array([0]), np.array([HIGH]), np.array([20.0]), np.array([0.0]), 0.5)
    assert got[0] == pytest.approx(0.1248)


def test_job_finding_capped(behaviour) -> None:
    # 0.13 x 1.6 x 1.2 x exp(0.5 x 3) x 2 = 2.24 -> capped at 0.95
    got = hazards.job_finding(behaviour, np.array([0]), np.array([HIGH]), np.array([20.0]), np.array([3.0]), 2.0)
    assert got[0] == 0.95


def test_age_multiplier_band_edges(behaviour) -> None:
    ages = np.array([15.0, 24.99, 25.0, 49.99, 50.0, 54.99, 55.0, 99.0, 100.0, 10.0])
    np.testing.assert_allclose(
        hazards.age_multiplier(behaviour, ages), [1.2, 1.2, 1.0, 1.0, 0.6, 0.6, 0.3, 0.3, 1.0, 1.0]
    )


def test_labour_force_exit_by_age(behaviour) -> None:
    np.testing.assert_allclose(
        hazards.labour_force_exit(behaviour, np.array([20.0, 54.99, 55.0, 64.0])), [0.006, 0.006, 0.012, 0.012]
    )


def test_monthly_from_yearly() -> None:
    # 1 - 0.88^(1/12) = 1 - exp(ln 0.88 / 12) = 1 - exp(-0.0106528) = 0.0105962; twelve months compound back to 12 %
    monthly = hazards.monthly_from_yearly(0.12)
    assert monthly == pytest.approx(0.0105962, abs=1e-7)
    assert 1 - (1 - monthly) ** 12 == pytest.approx(0.12)
    assert hazards.monthly_from_yearly(0.0) == 0.0
    assert hazards.monthly_from_yearly(1.0) == 1.0


def test_tightness_factor(behaviour) -> None:
    # twice the vacancies per jobseeker of the first month: 2^(1 - 0.7) = 1.2311444
    assert hazards.tightness_factor(behaviour, 200.0, 100.0, 100.0, 100.0) == pytest.approx(2**0.3)
    assert hazards.tightness_factor(behaviour, 100.0, 100.0, 100.0, 100.0) == pytest.approx(1.0)
    # degenerate bases give 1 rather than a division by zero
    assert hazards.tightness_factor(behaviour, 10.0, 0.0, 10.0, 10.0) == 1.0
    assert hazards.tightness_factor(behaviour, 10.0, 10.0, 0.0, 10.0) == 1.0


def test_tabulated_hazards_are_the_same_numbers_bit_for_bit(behaviour) -> None:
    rng = np.random.default_rng(5)
    n = 50_000
    duration = rng.integers(0, 700, n).astype(np.int16)
    qualification = rng.integers(0, 3, n).astype(np.int8)
    age_months = rng.integers(16 * 12, 67 * 12, n).astype(np.int32)
    employability = rng.normal(size=n).astype(np.float32)
    tables = hazards.HazardTables.build(behaviour, max_age_months=int(age_months.max()))
    direct = hazards.job_finding(behaviour, duration, qualification, age_months / 12.0, employability, 1.3)
    tabulated = hazards.job_finding_tabulated(
        behaviour, tables, duration, qualification, age_months, employability, 1.3
    )
    assert np.array_equal(direct.view(np.uint64), tabulated.view(np.uint64))
    exits = hazards.labour_force_exit(behaviour, age_months / 12.0)
    assert np.array_equal(exits, tables.labour_force_exit[age_months])


def test_age_bands_are_read_from_the_configuration_not_a_cache(behaviour) -> None:
    import copy

    changed = copy.deepcopy(behaviour)
    changed.age_multipliers[0].multiplier.value = 9.0
    assert hazards.age_multiplier(changed, np.array([20.0]))[0] == 9.0
    assert hazards.age_multiplier(behaviour, np.array([20.0]))[0] != 9.0
