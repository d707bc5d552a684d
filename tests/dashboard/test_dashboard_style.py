"""sim.dashboard.style: what the run and experiment figures share."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.dashboard import style


def test_designs_and_territories_come_in_reading_order() -> None:
    scenarios = ["zeta", "existing_actors", "status_quo", "alpha", "full_transposition", "zeta"]
    assert style.design_order(scenarios) == ["status_quo", "full_transposition", "existing_actors", "zeta", "alpha"]
    assert style.territory_order(["micro", "coeur_du_hainaut", "pilot"]) == ["pilot", "coeur_du_hainaut", "micro"]


def test_designs_keep_their_colour_and_others_take_the_palette_by_position() -> None:
    assert style.colour("full_transposition", 5) == style.DESIGN_COLOURS["full_transposition"]
    assert style.colour("other", 1) == style.OTHER_COLOURS[1]
    assert style.colour("other", len(style.OTHER_COLOURS)) == style.OTHER_COLOURS[0]
    assert style.rgba("#1f77b4", 0.35) == "rgba(31,119,180,0.35)"


def test_quantiles_ignore_missing_values() -> None:
    stats = style.quantiles([1.0, None, 2.0, float("nan"), 5.0])
    assert stats["n"] == 3 and stats["median"] == 2.0
    assert stats["p05"] == pytest.approx(np.quantile([1.0, 2.0, 5.0], 0.05))
    nothing = style.quantiles([None, float("nan")])
    assert nothing["n"] == 0 and math.isnan(nothing["median"])


def test_an_empty_figure_says_so_in_its_language() -> None:
    fig = style.empty("Title", "fr")
    assert fig.layout.title.text == "Title" and fig.layout.annotations[0].text == "n.d."
    assert fig.layout.separators == ",\u202f"  # French numbers
    assert style.empty("Title", "en", "not there").layout.annotations[0].text == "not there"


def test_figures_take_the_template_when_handed_to_plotly_js() -> None:
    import plotly.graph_objects as go
    import plotly.io as pio

    fig = style.subplots(rows=1, cols=2)
    fig.add_trace(go.Bar(x=[1], y=[2]), row=1, col=1)
    assert not fig.to_plotly_json()["layout"]["template"].get("layout")  # not copied in while building
    spec = style.to_plotly(fig)
    full = pio.templates[style.TEMPLATE].to_plotly_json()
    assert spec["layout"]["template"]["layout"] == full["layout"]
    assert set(spec["layout"]["template"]["data"]) == {"bar"}  # only the defaults of the traces drawn
    assert len(spec["data"]) == 1 and spec["layout"]["xaxis2"]
