"""sim.dashboard.experiment_figures on small fixed data: the numbers in the traces are the hand-computed ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from figure_inputs import summary_runs as _runs
from figure_inputs import trace as _trace

from sim.dashboard import experiment_figures as F


def test_paired_differences_figure_draws_median_and_interval() -> None:
    paired = pd.DataFrame(
        {
            "design_a": ["full_transposition"] * 2,
            "design_b": ["existing_actors"] * 2,
            "territory": ["pilot"] * 2,
            "indicator": ["net_public_cost_eur", "activation_rate"],
            "n_pairs": [3, 3],
            "mean": [10.0, 0.1],
            "median": [12.0, 0.2],
            "p05": [2.0, -0.1],
            "p95": [30.0, 0.3],
        }
    )
    fig = F.paired_differences_figure(paired, "en")
    # turned round into the one convention, stated under the title: the later design minus the earlier
    cost = _trace(fig, indicator="net_public_cost_eur")
    assert list(cost.x) == [-12.0]
    assert list(cost.error_x.array) == [10.0] and list(cost.error_x.arrayminus) == [18.0]
    assert cost.name == "Existing actors − Full transposition"
    assert "the design named first minus the second" in fig.layout.title.text
    # a share's difference is in percentage points, not a fraction labelled "%"
    rate = _trace(fig, indicator="activation_rate")
    np.testing.assert_allclose(list(rate.x), [-20.0])
    titles = [a.text for a in fig.layout.annotations]
    assert "Net public cost over the horizon, against the twin (€)" in titles
    assert "Activation rate (avoided / spent) (percentage points)" in titles


def test_a_paired_panel_without_any_value_says_never_k_of_n() -> None:
    paired = pd.DataFrame(
        {
            "design_a": ["existing_actors"] * 2,
            "design_b": ["full_transposition"] * 2,
            "territory": ["pilot"] * 2,
            "indicator": ["net_public_cost_eur", "months_to_exhaustivity"],
            "n_pairs": [3, 0],
            "mean": [10.0, np.nan],
            "median": [12.0, np.nan],
            "p05": [2.0, np.nan],
            "p95": [30.0, np.nan],
        }
    )
    runs = _runs()
    runs.loc[runs["scenario"] == "existing_actors", "months_to_exhaustivity"] = None
    fig = F.paired_differences_figure(paired, "fr", runs=runs)
    note = next(a for a in fig.layout.annotations if (a.name or "").startswith("no-difference"))
    assert note.text == "Acteurs existants : jamais 5/5<br>Transposition complète : jamais 2/5"
    assert not any(t.meta["indicator"] == "months_to_exhaustivity" for t in fig.data)
    assert fig.layout.xaxis2.visible is False  # no empty axis from -1 to 1


def test_side_effects_are_medians_with_intervals_by_design() -> None:
    fig = F.side_effects(_runs(), "en")
    displaced = _trace(fig, indicator="displaced_fte_end")
    assert list(displaced.x) == ["Full transposition", "Existing actors"]  # status quo left out
    np.testing.assert_allclose(displaced.y, [12.0, 102.0])  # median of base + 0..4
    np.testing.assert_allclose(displaced.error_y.array, [1.8, 1.8])  # p95 = base + 3.8
    poverty = _trace(fig, indicator="participants_poverty_rate")
    twin = _trace(fig, indicator="participants_poverty_rate_twin")
    np.testing.assert_allclose(poverty.y, [6.0, 6.0])  # percent: median of 2, 4, 6, 8, 10
    np.testing.assert_allclose(twin.y, [60.0, 60.0])
    assert poverty.name == "Scenario" and twin.name == "Twin (status quo)"


def test_sweep_heatmap_shows_the_aggregate_over_two_factors() -> None:
    rows = []
    for a in (0.1, 0.2):
        for b in (1, 2, 3):
            rows.append({"a": a, "b": b, "scenario": "full_transposition", "indicator": "x", "median": a * 10 + b})
    aggregate = pd.DataFrame(rows).assign(n=2, mean=0.0, p05=0.0, p95=0.0)
    fig = F.sweep_heatmap(aggregate, "x", ["a", "b"], "en")
    heat = fig.data[0]
    assert list(heat.x) == ["0.1", "0.2"] and list(heat.y) == ["1", "2", "3"]
    np.testing.assert_allclose(np.asarray(heat.z), [[2, 3], [3, 4], [4, 5]])
    line = F.sweep_heatmap(aggregate[aggregate["b"] == 2], "x", ["a"], "en")
    np.testing.assert_allclose(_trace(line, stat="median").y, [3.0, 4.0])


def test_sweep_heatmap_gives_each_level_of_a_third_factor_its_panel() -> None:
    rows = []
    for a in (0.1, 0.2):
        for b in (1, 2):
            for top_up in ("true", "false"):
                value = a * 10 + b + (100 if top_up == "false" else 0)
                rows.append({"a": a, "b": b, "top_up": top_up, "indicator": "x", "median": value})
    aggregate = pd.DataFrame(rows).assign(n=2, mean=0.0, p05=0.0, p95=0.0)
    fig = F.sweep_heatmap(aggregate, "x", ["a", "b", "top_up"], "en")
    assert len(fig.data) == 2  # not averaged over top_up
    panels = {trace.meta["panel"]: np.asarray(trace.z) for trace in fig.data}
    assert set(panels) == {"Top up = false", "Top up = true"}
    np.testing.assert_allclose(panels["Top up = true"], [[2, 3], [3, 4]])
    np.testing.assert_allclose(panels["Top up = false"], [[102, 103], [103, 104]])
    assert sum(bool(trace.showscale) for trace in fig.data) == 1  # one shared colour scale


def test_sobol_bars_sorted_by_total_index_with_intervals() -> None:
    sensitivity = pd.DataFrame(
        {
            "indicator": ["y"] * 2,
            "method": ["sobol"] * 2,
            "parameter": ["takeup", "made_up_factor"],
            "S1": [0.1, 0.5],
            "S1_conf": [0.01, 0.02],
            "ST": [0.2, 0.6],
            "ST_conf": [0.03, 0.04],
        }
    )
    fig = F.sobol_bars(sensitivity, "y", "en")
    total = _trace(fig, index="ST")
    assert list(total.y) == [0.6, 0.2] and list(total.error_y.array) == [0.04, 0.03]
    # Parameters in plain words: from configs/uncertainties.yaml, or the name's own words.
    assert list(total.x) == ["Made up factor", "Volunteers among the eligible"]
    assert list(_trace(fig, index="S1").y) == [0.5, 0.1]


def test_prim_boxes_place_limits_in_the_explored_range() -> None:
    break_even = {
        "indicator": "net_public_cost_per_fte_year",
        "threshold": 0.0,
        "direction": "<=",
        "boxes": [{"limits": {"takeup": [0.2, 0.3]}, "coverage": 0.8, "density": 0.9, "mass": 0.2, "description": ""}],
    }
    runs = pd.DataFrame({"takeup": [0.1, 0.5, 0.3]})
    fig = F.prim_boxes(break_even, "en", runs=runs)
    bar = fig.data[0]
    assert list(bar.base) == pytest.approx([0.25]) and list(bar.x) == pytest.approx([0.25])
    assert "coverage 80 %" in bar.name
    empty = F.prim_boxes({**break_even, "boxes": []}, "fr")
    assert empty.layout.annotations[0].text == "Aucune boîte trouvée."
