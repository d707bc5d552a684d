"""sim.dashboard.measure_figures: the figures of measures newer model versions write."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.dashboard import measure_figures as M


def _runs() -> pd.DataFrame:
    rows = []
    for territory in ("coeur_du_hainaut", "pilot"):
        for scenario in ("existing_actors", "full_transposition", "status_quo"):
            for seed, shift in ((0, -100.0), (1, 100.0), (2, 0.0)):
                rows.append(
                    {
                        "status": "ok",
                        "territory": territory,
                        "scenario": scenario,
                        "seed": seed,
                        # alphabetical, as a results folder's columns may come
                        "avoided_cost_components.employer_contributions": 8000.0 + shift,
                        "avoided_cost_components.lock_in": -1000.0,
                        "avoided_cost_components.ris": 5000.0 + (scenario == "existing_actors") * 1500.0,
                        "avoided_cost_components.solidarity_allowance": 0.0,
                    }
                )
    return pd.DataFrame(rows)


def test_avoided_cost_components_are_medians_one_panel_per_territory_in_the_evaluations_order() -> None:
    fig = M.avoided_components(_runs(), "en")
    bars = {(t.meta["territory"], t.meta["scenario"]): t for t in fig.data}
    # designs only, each territory in its own panel, never pooled
    assert set(bars) == {
        (t, s) for t in ("pilot", "coeur_du_hainaut") for s in ("full_transposition", "existing_actors")
    }
    assert bars[("pilot", "full_transposition")].xaxis == "x"
    assert bars[("coeur_du_hainaut", "full_transposition")].xaxis == "x2"
    # benefits first, then what the jobs bring in, then lock-in; ASS, zero everywhere, left out
    assert list(bars[("pilot", "existing_actors")].y) == [
        "Integration income (RIS)",
        "Employer contributions",
        "Lock-in (ordinary jobs in the twin)",
    ]
    # medians, in € (the largest is under 10 k€)
    assert list(bars[("pilot", "existing_actors")].x) == pytest.approx([6500.0, 8000.0, -1000.0])
    assert fig.layout.xaxis.title.text == "€ per FTE-year"
    assert "+: what the public purse no longer pays" in fig.layout.title.text
    # one legend entry per design
    assert sorted(t.name for t in fig.data if t.showlegend) == ["Existing actors", "Full transposition"]


def test_avoided_cost_components_say_when_the_runs_lack_them() -> None:
    older = _runs().drop(columns=[c for c in _runs().columns if c.startswith(M.COMPONENTS)])
    fig = M.avoided_components(older, "fr")
    assert not fig.data and "avoided_cost_components" in fig.layout.annotations[0].text


def _territories() -> pd.DataFrame:
    # two runs of one design: 3 micro-territories over 3 months, opening one by one; in run 1
    # the third is stopped in month 2
    rows = []
    for run_id, stopped in (("r0", False), ("r1", True)):
        for month, date in enumerate(pd.date_range("2027-01-01", periods=3, freq="MS")):
            for ebe in range(3):
                status = "open" if ebe <= month else "not_selected"
                if stopped and ebe == 2 and month == 2:
                    status = "stopped"
                rows.append(
                    {
                        "run_id": run_id,
                        "scenario": "full_transposition",
                        "territory": "coeur_du_hainaut",
                        "world": "scenario",
                        "date": date,
                        "month": month,
                        "ebe": f"ebe_{ebe}",
                        "status": status,
                    }
                )
    return pd.DataFrame(rows)


def test_territories_by_status_are_stacked_means_over_runs() -> None:
    fig = M.territory_status(_territories(), "en")
    by_status = {trace.meta["status"]: list(trace.y) for trace in fig.data}
    assert by_status["open"] == [1.0, 2.0, 2.5]  # the third opened in run 0, stopped in run 1
    assert by_status["stopped"] == [0.0, 0.0, 0.5]
    assert by_status["not_selected"] == [2.0, 1.0, 0.0]
    assert all(trace.stackgroup == "s1" for trace in fig.data)


def test_territories_by_status_say_when_the_runs_lack_the_file() -> None:
    fig = M.territory_status(pd.DataFrame(), "en")
    assert not fig.data and "territories.parquet" in fig.layout.annotations[0].text
