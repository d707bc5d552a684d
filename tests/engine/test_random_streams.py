"""Keyed draws: uniform, independent of who else is drawn, and different for each key part."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.engine.random_streams import Purpose, categorical, normals, stream_key, uniform, uniforms

IDS = np.arange(50_000, dtype=np.int64)


@pytest.mark.parametrize(("seed", "month", "purpose"), [(0, -1, Purpose.QUALIFICATION), (7, 14, Purpose.JOB_FINDING)])
def test_uniforms_pass_a_ks_test(seed: int, month: int, purpose: Purpose) -> None:
    u = uniforms(seed, month, purpose, IDS)
    assert u.min() >= 0.0 and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 1e-3


def test_consecutive_ids_are_not_correlated() -> None:
    u = uniforms(3, 5, Purpose.VOLUNTEER, IDS)
    # lag-1 autocorrelation of 50,000 independent uniforms: sd 1/sqrt(50,000) = 0.0045
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.02


def test_normals_pass_a_ks_test() -> None:
    z = normals(11, -1, Purpose.EMPLOYABILITY, IDS)
    assert np.isfinite(z).all()
    assert stats.kstest(z, "norm").pvalue > 1e-3


def test_a_draw_does_not_depend_on_who_else_is_drawn() -> None:
    full = uniforms(5, 14, Purpose.JOB_FINDING, IDS)
    rng = np.random.default_rng(0)
    subset = np.sort(rng.choice(IDS, size=500, replace=False))
    shuffled = rng.permutation(subset)
    # the same person, month and purpose give the same value in any array, order or size
    np.testing.assert_array_equal(uniforms(5, 14, Purpose.JOB_FINDING, subset), full[subset])
    np.testing.assert_array_equal(uniforms(5, 14, Purpose.JOB_FINDING, shuffled), full[shuffled])
    assert uniform(5, 14, Purpose.JOB_FINDING, 1234) == full[1234]
    # dtype of the ids does not matter either
    np.testing.assert_array_equal(uniforms(5, 14, Purpose.JOB_FINDING, subset.astype(np.int32)), full[subset])


@pytest.mark.parametrize(
    "other",
    [(6, 14, Purpose.JOB_FINDING), (5, 15, Purpose.JOB_FINDING), (5, 14, Purpose.JOB_SEPARATION)],
    ids=["seed", "month", "purpose"],
)
def test_each_key_part_changes_the_stream(other: tuple[int, int, Purpose]) -> None:
    base = uniforms(5, 14, Purpose.JOB_FINDING, IDS)
    changed = uniforms(*other, IDS)
    assert np.count_nonzero(base == changed) < 5
    # and the two streams are uncorrelated
    assert abs(np.corrcoef(base, changed)[0, 1]) < 0.02


def test_stream_keys_are_distinct_over_a_grid() -> None:
    keys = {stream_key(seed, month, purpose) for seed in range(5) for month in range(-1, 60) for purpose in Purpose}
    assert len(keys) == 5 * 61 * len(Purpose)


def test_categorical_shares_and_edges() -> None:
    shares = np.array([0.5, 0.387, 0.113])
    # edges at 0.5 and 0.887; a draw on an edge goes to the upper category
    np.testing.assert_array_equal(
        categorical(np.array([0.0, 0.4999, 0.5, 0.886, 0.887, 0.9999]), shares), [0, 0, 1, 1, 2, 2]
    )
    counts = np.bincount(categorical(uniforms(1, -1, Purpose.HOUSEHOLD, IDS), shares), minlength=3) / IDS.size
    np.testing.assert_allclose(counts, shares, atol=0.01)
