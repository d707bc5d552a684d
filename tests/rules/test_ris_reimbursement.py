"""Federal reimbursement of the RIS: ordinary files, files of people excluded by the reform, fee."""

from __future__ import annotations

import numpy as np
import pytest

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.rules import ris_reimbursement as rr


@pytest.fixture(scope="module")
def pilot():
    return load_config(["territory=pilot", "agents.materialize_jobseekers=false"])


@pytest.fixture(scope="module")
def basin():
    return load_config(["territory=coeur_du_hainaut", "agents.materialize_jobseekers=false"])


def rate(cfg, paid: str, excluded: bool, applied: str | None) -> float:
    application = parse_month(applied) if applied else -1
    return float(
        rr.reimbursement_rates(
            cfg.policy, cfg.territory, parse_month(paid), np.array([excluded]), np.array([application])
        )[0]
    )


def test_ordinary_rate_by_cpas_size_with_piis(pilot, basin) -> None:
    # pilot (small CPAS): 0.55 + PIIS bonus 0.10 x PIIS share 0.5 = 0.60
    assert rr.ordinary_rate(pilot.policy, pilot.territory) == pytest.approx(0.60)
    # basin average 0.65 + 0.05 = 0.70
    assert rr.ordinary_rate(basin.policy, basin.territory) == pytest.approx(0.70)
    # an ordinary file's rate does not depend on the date
    assert rate(pilot, "2026-02", False, None) == pytest.approx(0.60)
    assert rate(basin, "2031-02", False, None) == pytest.approx(0.70)


def test_ordinary_rate_with_every_file_under_piis() -> None:
    cfg = load_config(["territory=pilot", "policy.social_assistance.piis_share.value=1"])
    # 0.55 + 0.10 x 1 = 0.65
    assert rr.ordinary_rate(cfg.policy, cfg.territory) == pytest.approx(0.65)


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        ("2026-05", 1.00),
        ("2026-12", 1.00),
        ("2027-01", 0.90),
        ("2027-11", 0.90),
        ("2028-06", 0.80),
        ("2029-01", 0.75),
        ("2033-01", 0.75),
    ],
)
def test_reform_rate_by_year_of_payment(pilot, paid: str, expected: float) -> None:
    # application in April 2026 (before July 2026): no bonus
    assert rate(pilot, paid, True, "2026-04") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        ("2026-08", 0.75),  # ordinary 0.60 + 0.15, whatever the year of payment
        ("2027-03", 0.75),
        ("2030-03", 0.75),
    ],
)
def test_late_application_gets_the_ordinary_rate_plus_15_points(pilot, paid: str, expected: float) -> None:
    # Council of Ministers 18 Jul 2025 and SPP IS E-cho 26 Sep 2025: 15 % more for applications
    # from 1 Jul 2026, on the ordinary rate (not on the 100/90/80/75 % of January-June 2026)
    assert rate(pilot, paid, True, "2026-07") == pytest.approx(expected)


def test_late_application_rate_capped_at_100() -> None:
    cfg = load_config(["territory=pilot", "policy.social_assistance.reform_late_application_bonus.value=0.5"])
    # 0.60 + 0.50 capped at 1
    assert rate(cfg, "2028-03", True, "2027-01") == pytest.approx(1.0)


def test_application_month_decides_the_rate(pilot) -> None:
    # Paid in 2028: June 2026 application 0.80 (the reform's schedule); July 2026 application
    # 0.60 + 0.15 = 0.75; a person who exhausts new rights and applies again in 2029 likewise.
    assert rate(pilot, "2028-03", True, "2026-06") == pytest.approx(0.80)
    assert rate(pilot, "2028-03", True, "2026-07") == pytest.approx(0.75)
    assert rate(pilot, "2030-03", True, "2029-05") == pytest.approx(0.75)


def test_rates_vectorised_over_files(pilot) -> None:
    excluded = np.array([False, True, True, False])
    applied = np.array([-1, parse_month("2026-04"), parse_month("2027-02"), -1])
    got = rr.reimbursement_rates(pilot.policy, pilot.territory, parse_month("2028-01"), excluded, applied)
    # ordinary 0.60; reform 2028 0.80; late application 0.60 + 0.15 = 0.75; ordinary 0.60
    np.testing.assert_allclose(got, [0.60, 0.80, 0.75, 0.60])


def test_file_fee_by_date(pilot) -> None:
    # 518 EUR more per new file in the first two years (2026, 2027; law of Nov 2025, not indexed).
    assert rr.file_fee(pilot.policy, parse_month("2026-01")) == pytest.approx(518.0)
    assert rr.file_fee(pilot.policy, parse_month("2027-12")) == pytest.approx(518.0)
    assert rr.file_fee(pilot.policy, parse_month("2028-01")) == 0.0
