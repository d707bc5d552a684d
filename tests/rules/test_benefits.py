"""Unemployment insurance and RIS amounts by period, household and date, and the 2026 time limit
rules (pure functions of configs/policy/belgium_2027.yaml).

Household codes: 0 head of household, 1 single, 2 cohabitant. Indexation: 2 % each January
after an amount's last dated value.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.rules import benefits

HEAD, SINGLE, COHABITANT = 0, 1, 2


@pytest.fixture(scope="module")
def policy():
    return load_config(["territory=pilot", "agents.materialize_jobseekers=false"]).policy


def amounts(policy, label: str, benefit_months: list[int], household: int) -> np.ndarray:
    months = np.array(benefit_months, dtype=np.int64)
    return benefits.insurance_amount(policy, parse_month(label), months, np.full(months.shape, household))


def test_insurance_2025_minimums_before_the_reform(policy) -> None:
    # 2025: every period pays the 2025 minimum (head 1,774; single 1,438; cohabitant 1,384);
    # the 2026 values are not yet in force and the 2025 ones are not the last: no indexation.
    for household, expected in ((HEAD, 1774.0), (SINGLE, 1438.0), (COHABITANT, 1384.0)):
        got = amounts(policy, "2025-06", [1, 6, 7, 12, 13, 60], household)
        np.testing.assert_allclose(got, expected)


def test_insurance_periods_after_the_reform(policy) -> None:
    # Cohabitant in June 2026:
    #   months 1-6: reform amount 1,522 (dated 2026-01, the last value, 0 Januaries since) = 1,522
    #   months 7-12: 1,384 dated 2025-01 (last value), indexed once in January 2026: 1,384 x 1.02 = 1,411.68
    #   months 13+: reform amount 746 dated 2026-01 = 746
    got = amounts(policy, "2026-06", [1, 6, 7, 12, 13, 24, 200], COHABITANT)
    np.testing.assert_allclose(got, [1522.0, 1522.0, 1411.68, 1411.68, 746.0, 746.0, 746.0])


def test_insurance_indexed_each_january_after_last_value(policy) -> None:
    # Single person, benefit month 1 (reform amount 1,581 from 2026-01):
    #   2026-12: 1,581 (no January passed yet)
    #   2027-01: 1,581 x 1.02 = 1,612.62
    #   2028-03: 1,581 x 1.02^2 = 1,644.8724
    for label, expected in (("2026-01", 1581.0), ("2026-12", 1581.0), ("2027-01", 1612.62), ("2028-03", 1644.8724)):
        np.testing.assert_allclose(amounts(policy, label, [1], SINGLE), [expected])
    # Head, months 7-12 (1,774 dated 2025-01): 2027-06 -> 1,774 x 1.02^2 = 1,845.6696
    np.testing.assert_allclose(amounts(policy, "2027-06", [9], HEAD), [1845.6696])


def test_insurance_by_household_vectorised(policy) -> None:
    # January 2027, one person per household in month 3, 9 and 30 of their spell:
    #   head month 3: 1,951 x 1.02 = 1,990.02
    #   single month 9: 1,438 x 1.02^2 = 1,496.0952
    #   cohabitant month 30: 746 x 1.02 = 760.92
    got = benefits.insurance_amount(
        policy, parse_month("2027-01"), np.array([3, 9, 30]), np.array([HEAD, SINGLE, COHABITANT])
    )
    np.testing.assert_allclose(got, [1990.02, 1496.0952, 760.92])


def test_ris_amounts_by_household_and_date(policy) -> None:
    # RIS from 2025-02: head 1,776.07, single 1,314.20, cohabitant 876.13 (single dated value).
    np.testing.assert_allclose(benefits.ris_amounts(policy, parse_month("2025-06")), [1776.07, 1314.20, 876.13])
    # Before the first dated value the first value applies (no back-extrapolation).
    np.testing.assert_allclose(benefits.ris_amounts(policy, parse_month("2024-06")), [1776.07, 1314.20, 876.13])
    # 2028-07: three Januaries after 2025 -> x 1.02^3 = 1.061208
    #   head 1,776.07 x 1.061208 = 1,884.7782..., single 1,314.20 x 1.061208 = 1,394.6396...
    expected = np.array([1776.07, 1314.20, 876.13]) * 1.061208
    np.testing.assert_allclose(benefits.ris_amounts(policy, parse_month("2028-07")), expected)


def test_time_limit_in_force_from_2026(policy) -> None:
    assert not benefits.time_limit_in_force(policy, parse_month("2025-12"))
    assert benefits.time_limit_in_force(policy, parse_month("2026-01"))
    assert benefits.time_limit_in_force(policy, parse_month("2031-07"))


def test_exclusion_wave_by_duration_band(policy) -> None:
    # Bands (months jobless): >= 240 -> 2026-01; 96-239 -> 2026-03; 24-95 -> 2026-04;
    # under 24 -> the date the limit enters into force (2026-01).
    durations = np.array([0, 23, 24, 95, 96, 239, 240, 1000])
    expected = [parse_month(d) for d in ("2026-01",) * 2 + ("2026-04",) * 2 + ("2026-03",) * 2 + ("2026-01",) * 2]
    np.testing.assert_array_equal(benefits.wave_date_for_duration(policy, durations), expected)


def test_rights_regained_by_work(policy) -> None:
    # 312 days (12 months) give 12 months, then one more month per 104 days (4 months) worked,
    # at most 24: 16 months -> 13, 24 -> 15, 60 -> 24 (loi-programme of 18 Jul 2025).
    worked = np.array([0, 1, 11, 12, 15, 16, 24, 40, 60, 100], dtype=np.int16)
    np.testing.assert_array_equal(benefits.rights_from_work(policy, worked), [0, 0, 0, 12, 12, 13, 15, 19, 24, 24])


def test_rights_one_for_one_without_the_2026_rule() -> None:
    cfg = load_config(["territory=pilot", "policy.unemployment_insurance.months_per_extra_month=null"])
    worked = np.array([0, 11, 12, 18, 24, 40], dtype=np.int16)
    np.testing.assert_array_equal(benefits.rights_from_work(cfg.policy, worked), [0, 0, 12, 18, 24, 24])


def test_in_work_ris_with_the_socio_professional_exemption(policy) -> None:
    month = parse_month("2025-06")
    household = np.array([0, 1, 2, 0])
    work = np.array([1000.0, 1000.0, 1000.0, 2500.0])
    # RIS rate less (net pay - 309.48): head 1,776.07 - 690.52; single 1,314.20 - 690.52;
    # cohabitant 876.13 - 690.52; a head paid 2,500 keeps nothing
    got = benefits.in_work_ris(policy, month, household, work, 0.0, True)
    np.testing.assert_allclose(got, [1085.55, 623.68, 185.61, 0.0], atol=1e-9)
    # after the 3 years the whole net pay counts, less the general exemption (310 and 250 EUR a
    # year) since 1,000 EUR a month is below both rates
    after = benefits.in_work_ris(policy, month, household[:2], work[:2], 0.0, False)
    np.testing.assert_allclose(after, [776.07 + 310 / 12, 314.20 + 250 / 12], atol=1e-9)


def test_general_exemption_of_other_resources(policy) -> None:
    # BDAS-WWSB example 1: cohabitant with 300 EUR a month from parents: (10,513.60 - 3,445) / 12
    got = benefits.in_work_ris(policy, parse_month("2025-06"), np.array([2]), np.array([0.0]), 300.0, False)
    assert got[0] == pytest.approx(876.13 - (300 - 155 / 12))


def test_no_in_work_ris_under_french_rules() -> None:
    cfg = load_config(["policy=france", "territory=france_reference"])
    got = benefits.in_work_ris(cfg.policy, parse_month("2025-06"), np.array([0]), np.array([500.0]))
    assert got[0] == 0.0


def test_older_worker_exception(policy) -> None:
    # born June 1970 is 55 on 30 June 2025; born July 1970 is not
    birth = np.array([parse_month("1970-06"), parse_month("1970-07"), parse_month("1965-01"), parse_month("1965-01")])
    spell = np.array([parse_month("2024-01"), parse_month("2024-01"), parse_month("2026-03"), parse_month("2024-01")])
    draw = np.array([0.1, 0.1, 0.1, 0.5])  # career condition for draws below 0.18
    got = benefits.older_exception_applies(policy, birth, spell, draw)
    # only the first: the second is too young, the third claimed from March 2026, the fourth lacks the career
    np.testing.assert_array_equal(got, [True, False, False, False])
    cfg = load_config(["territory=pilot", "policy.unemployment_insurance.long_career=null"])
    assert not benefits.older_exception_applies(cfg.policy, birth, spell, draw).any()
