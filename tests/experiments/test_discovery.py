"""sim.experiments.discovery: PRIM finds planted boxes and says so in plain words."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from sim.experiments.discovery import Box, describe, find_boxes, meets


@pytest.fixture(scope="module")
def points() -> pd.DataFrame:
    rng = np.random.default_rng(20270101)
    return pd.DataFrame(rng.random((1000, 4)), columns=["x1", "x2", "x3", "x4"])


def test_a_rare_outcome_is_located_by_its_lift(points: pd.DataFrame) -> None:
    # about 12 % of runs are of interest; where x1 > 0.7 the rate is about 35 % (three times the
    # base rate), elsewhere 2 %: the box is worth reporting although most of its runs miss
    noise = np.random.default_rng(7).random(len(points))
    y = np.where(points.x1 > 0.7, noise < 0.35, noise < 0.02)
    boxes = find_boxes(points, y)
    assert boxes, "the concentrated region was not reported"
    box = boxes[0]
    assert "x1" in box.limits and box.limits["x1"][0] == pytest.approx(0.7, abs=0.05)
    assert box.density >= 2 * y.mean()
    assert box.density < 0.5  # the absolute bar alone would have refused it
    # the stricter absolute rule (lift not accepted) refuses it, which is what changed
    assert find_boxes(points, y, min_lift=1e9) == []


def test_finds_a_planted_box(points: pd.DataFrame) -> None:
    y = ((points.x1 < 0.3) & (points.x2 > 0.6)).to_numpy()
    boxes = find_boxes(points, y, labels={"x1": "takeup"})
    assert len(boxes) == 1  # the rest of the space holds no case of interest
    box = boxes[0]
    assert isinstance(box, Box)
    assert set(box.limits) == {"x1", "x2"}  # only restricted dimensions
    assert box.limits["x1"][1] == pytest.approx(0.3, abs=0.03)
    assert box.limits["x2"][0] == pytest.approx(0.6, abs=0.03)
    assert box.coverage >= 0.85 and box.density >= 0.95
    assert box.mass == pytest.approx(0.3 * 0.4, abs=0.03)
    assert box.n_dropped == 0
    # coverage and density restated from the data
    inside = np.ones(len(points), dtype=bool)
    for name, (low, high) in box.limits.items():
        inside &= points[name].between(low, high).to_numpy()
    assert box.density == pytest.approx(y[inside].mean())
    assert box.coverage == pytest.approx(y[inside].sum() / y.sum())
    assert box.description == f"takeup below {_r(box.limits['x1'][1])} and x2 above {_r(box.limits['x2'][0])}"


def _r(value: float) -> str:
    return np.format_float_positional(float(f"{value:.2g}"), trim="-")


def test_finds_two_planted_boxes(points: pd.DataFrame) -> None:
    y = (((points.x1 < 0.3) & (points.x2 > 0.6)) | ((points.x3 > 0.8) & (points.x4 > 0.7))).to_numpy()
    boxes = find_boxes(points, y, max_boxes=3)
    assert [set(b.limits) for b in boxes] == [{"x1", "x2"}, {"x3", "x4"}]
    assert sum(b.coverage for b in boxes) >= 0.85
    assert all(b.density >= 0.8 for b in boxes)


def test_max_boxes_is_respected(points: pd.DataFrame) -> None:
    y = (((points.x1 < 0.3) & (points.x2 > 0.6)) | ((points.x3 > 0.8) & (points.x4 > 0.7))).to_numpy()
    assert len(find_boxes(points, y, max_boxes=1)) == 1


def test_missing_values_are_dropped_and_counted(points: pd.DataFrame, caplog: pytest.LogCaptureFixture) -> None:
    outcome = pd.Series(np.where(points.x1 < 0.3, -1.0, 1.0) * np.where(points.x2 > 0.6, 1.0, -1.0))
    outcome.iloc[:10] = np.nan
    x = points.copy()
    x.iloc[10:15, 2] = np.nan
    y = meets(-outcome, 0.0, ">")  # true where x1 < 0.3 and x2 > 0.6
    with caplog.at_level(logging.WARNING):
        boxes = find_boxes(x, y)
    assert "dropped 15 of 1000 runs" in caplog.text
    assert boxes and boxes[0].n_dropped == 15
    assert set(boxes[0].limits) == {"x1", "x2"}


def test_nothing_to_discover(points: pd.DataFrame) -> None:
    assert find_boxes(points, np.zeros(len(points), dtype=bool)) == []
    assert find_boxes(points, np.ones(len(points), dtype=bool)) == []


def test_pure_noise_gives_no_dense_box(points: pd.DataFrame) -> None:
    y = np.random.default_rng(5).random(len(points)) < 0.2
    assert find_boxes(points, y) == []


def test_bad_inputs(points: pd.DataFrame) -> None:
    y = (points.x1 < 0.3).to_numpy()
    with pytest.raises(ValueError, match="one outcome per row"):
        find_boxes(points, y[:-1])
    with pytest.raises(ValueError, match="must be booleans"):
        find_boxes(points, points.x1.to_numpy())
    with pytest.raises(ValueError, match=r"columns \['kind'\] are not numeric"):
        find_boxes(points.assign(kind="a"), y)
    with pytest.raises(ValueError, match="min_coverage"):
        find_boxes(points, y, min_coverage=0.0)
    with pytest.raises(ValueError, match="threshold_peel"):
        find_boxes(points, y, threshold_peel=1.5)
    with pytest.raises(ValueError, match="max_boxes"):
        find_boxes(points, y, max_boxes=0)


def test_describe() -> None:
    initial = {"a": (0.0, 1.0), "b": (0.0, 1.0), "c": (1000.0, 9000.0)}
    limits = {"a": (0.0, 0.30721), "b": (0.2249, 1.0), "c": (3456.0, 6543.0)}
    text = describe(limits, initial, {"a": "takeup"})
    assert text == "takeup below 0.31 and b above 0.22 and c between 3500 and 6500"
    assert describe({"a": (0.301, 0.304)}, {"a": (0.0, 1.0)}) == "a between 0.301 and 0.304"
    assert describe({}, {}) == "anywhere in the explored ranges"


def test_meets() -> None:
    values = pd.Series([-1.0, 0.0, 1.0, np.nan])
    assert meets(values, 0.0, "<=").tolist() == [True, True, False, pd.NA]
    assert meets(values, 0.0, "<").tolist() == [True, False, False, pd.NA]
    assert meets(values, 0.0, ">=").tolist() == [False, True, True, pd.NA]
    assert meets(values, 0.0, ">").tolist() == [False, False, True, pd.NA]
    with pytest.raises(ValueError, match=r"accepted: \['<=', '<', '>=', '>'\]"):
        meets(values, 0.0, "==")
