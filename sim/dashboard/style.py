"""What every dashboard figure shares: colours, layout, reading order, and how a spread is summarised.

Spreads are over replications (the runs of one design and territory): fan charts draw the
median with the middle 50 % and 90 % bands, month by month; intervals elsewhere are 5-95 %.
Quantiles are numpy's default (linear interpolation between order statistics).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from sim.dashboard import labels as L

# The two worlds of every run (the ``world`` column of the time series and ledgers).
SCENARIO = "scenario"
TWIN = "twin"
DESIGN_COLOURS = {
    "status_quo": "#7f7f7f",
    "full_transposition": "#1f77b4",
    "existing_actors": "#ff7f0e",
}
OTHER_COLOURS = qualitative.Plotly
PAYER_COLOURS = qualitative.Set2
KIND_COLOURS = {
    "payer": "#4c72b0",
    "fund": "#8172b3",
    "ebe": "#55a868",
    "operator": "#dd8452",
    "firm": "#c44e52",
    "household": "#937860",
    "other": "#8c8c8c",
}
LAYOUT = {
    "template": "plotly_white",
    "height": 440,
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.18},
    "margin": {"t": 60, "l": 70, "r": 20, "b": 40},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"},
}


def design_order(scenarios: Sequence[str]) -> list[str]:
    """Scenarios in reading order: the status quo, then the designs, then anything else."""
    known = list(L.DESIGN_LABELS)
    unique = list(dict.fromkeys(scenarios))
    return sorted(unique, key=lambda s: (known.index(s) if s in known else len(known), unique.index(s)))


def territory_order(territories: Sequence[str]) -> list[str]:
    """Territories in reading order: the pilot, then the basin, then anything else."""
    known = list(L.TERRITORY_LABELS)
    unique = list(dict.fromkeys(territories))
    return sorted(unique, key=lambda t: (known.index(t) if t in known else len(known), unique.index(t)))


def colour(scenario: str, index: int = 0) -> str:
    """The colour of a design (a palette colour by position for other scenarios)."""
    return DESIGN_COLOURS.get(scenario, OTHER_COLOURS[index % len(OTHER_COLOURS)])


def rgba(hex_colour: str, alpha: float) -> str:
    """``#rrggbb`` as ``rgba(r,g,b,alpha)``, for bands and links drawn see-through."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def series_name(scenario: str, territory: str, several_territories: bool, lang: str) -> str:
    """A design's name in a legend, with its territory when the figure shows several."""
    words = L.name(scenario, lang)
    return f"{words}, {L.name(territory, lang)}" if several_territories else words


def styled(fig: go.Figure, title: str, yaxis: str = "", **extra) -> go.Figure:
    """``fig`` with the common :data:`LAYOUT` (``extra`` overrides it), a title and a y-axis title."""
    fig.update_layout(**{**LAYOUT, **extra})
    fig.update_layout(title={"text": title}, yaxis_title=yaxis)
    return fig


def empty(title: str, lang: str) -> go.Figure:
    """A figure that says there is nothing to draw (``n.d.`` / ``n/a``) under its title."""
    fig = go.Figure()
    fig.add_annotation(text=L.text("na", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return styled(fig, title)


def quantiles(values: pd.Series | np.ndarray) -> dict[str, float]:
    """n, median, p05, p25, p75, p95 of the non-missing values (NaN when there is none)."""
    array = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if not len(array):
        return {"n": 0, **dict.fromkeys(("median", "p05", "p25", "p75", "p95"), np.nan)}
    p05, p25, median, p75, p95 = np.quantile(array, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {"n": len(array), "median": median, "p05": p05, "p25": p25, "p75": p75, "p95": p95}
