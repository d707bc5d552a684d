"""The initial population reproduces the territory's published structure (brief, section 8)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from factories import config

from sim.engine.population import ENTRY_REGIMES, HOUSEHOLDS, QUALIFICATIONS, generate_population

TOLERANCE = 0.01  # one percentage point


@pytest.fixture(scope="module")
def basin():
    cfg = config("territory=coeur_du_hainaut", "horizon_months=24")
    return cfg, generate_population(cfg)


def stock_share(values: np.ndarray, n: int, code: int) -> float:
    return float(np.count_nonzero(values[:n] == code)) / n


def test_stock_size_is_the_configured_jobseekers(basin) -> None:
    cfg, pop = basin
    assert cfg.territory.jobseekers.value == 33600
    assert pop.n_initial == 33600
    assert np.count_nonzero(pop.entry_month == 0) >= 33600
    pilot = generate_population(config("horizon_months=12"))
    assert pilot.n_initial == 1180


@pytest.mark.parametrize(
    ("attribute", "names", "mix"),
    [
        ("qualification", QUALIFICATIONS, "qualification"),
        ("household", HOUSEHOLDS, "household"),
        ("entry_regime", ENTRY_REGIMES, "entry_regime"),
    ],
)
def test_categorical_mix_within_one_point(basin, attribute: str, names: tuple[str, ...], mix: str) -> None:
    cfg, pop = basin
    values = getattr(pop, attribute)
    for code, name in enumerate(names):
        target = getattr(getattr(cfg.territory, mix), name).value
        assert stock_share(values, pop.n_initial, code) == pytest.approx(target, abs=TOLERANCE), name


def test_share_jobless_over_two_years_and_duration_bands(basin) -> None:
    cfg, pop = basin
    duration = pop.initial_duration[: pop.n_initial]
    # about 40 % jobless for more than 2 years (action sheet)
    assert np.mean(duration >= 24) == pytest.approx(cfg.territory.share_over_2y.value, abs=TOLERANCE)
    long = duration[duration >= 24]
    for band in cfg.territory.long_duration_bands:
        share = np.mean((long >= band.low) & (long < band.high))
        assert share == pytest.approx(band.share.value, abs=TOLERANCE), (band.low, band.high)
    short = duration[duration < 24]
    for band in cfg.territory.short_duration_bands:
        share = np.mean((short >= band.low) & (short < band.high))
        assert share == pytest.approx(band.share.value, abs=TOLERANCE), (band.low, band.high)


def test_age_bands_within_one_point(basin) -> None:
    cfg, pop = basin
    age = pop.age_at_entry_months[: pop.n_initial] / 12.0
    for band in cfg.territory.age_bands:
        share = np.mean((age >= band.low) & (age < band.high))
        assert share == pytest.approx(band.share.value, abs=TOLERANCE), (band.low, band.high)
    assert age.min() >= cfg.territory.age_bands[0].low


def test_inflows_enter_in_order_with_duration_zero(basin) -> None:
    cfg, pop = basin
    inflows = np.diff(np.concatenate([[pop.n_initial], pop.entered_by]))
    # ids in order of entry: entered_by[t] people have entry_month <= t
    for t in range(cfg.horizon_months):
        assert np.count_nonzero(pop.entry_month <= t) == pop.entered_by[t]
    assert np.all(pop.initial_duration[pop.n_initial :] == 0)
    # Poisson mean 0.037 x 33,600 = 1,243.2 a month; sd of a 24-month mean = sqrt(1,243.2 / 24) = 7.2
    assert inflows.mean() == pytest.approx(1243.2, abs=30)
    assert pop.size == pop.entered_by[-1]


def test_a_person_does_not_depend_on_who_else_is_drawn() -> None:
    short = generate_population(config("horizon_months=12", "seed=4"))
    long = generate_population(config("horizon_months=30", "seed=4"))
    # the same people over the common months: every attribute of everyone in the shorter run
    n = short.size
    np.testing.assert_array_equal(long.entered_by[:12], short.entered_by)
    for field in dataclasses.fields(short):
        value = getattr(short, field.name)
        if isinstance(value, np.ndarray) and field.name != "entered_by":
            np.testing.assert_array_equal(getattr(long, field.name)[:n], value, err_msg=field.name)
    # person k of the pilot has the basin's person k qualification draw (same mix in both files)
    basin = generate_population(config("territory=coeur_du_hainaut", "horizon_months=12", "seed=4"))
    np.testing.assert_array_equal(basin.qualification[: short.n_initial], short.qualification[: short.n_initial])
    np.testing.assert_array_equal(basin.employability[: short.n_initial], short.employability[: short.n_initial])


def test_another_seed_gives_other_people() -> None:
    a = generate_population(config("horizon_months=12", "seed=1"))
    b = generate_population(config("horizon_months=12", "seed=2"))
    n = min(a.size, b.size)
    assert not np.array_equal(a.employability[:n], b.employability[:n])
    assert np.mean(a.qualification[:n] == b.qualification[:n]) < 0.6
