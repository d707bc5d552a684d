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
