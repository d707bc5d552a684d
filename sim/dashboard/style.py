"""What every dashboard figure shares: colours, layout, reading order, and how a spread is summarised.

Spreads are over replications (the runs of one design and territory): fan charts draw the
median with the middle 50 % and 90 % bands, month by month; intervals elsewhere are 5-95 %.
Quantiles are numpy's default (linear interpolation between order statistics).

Also here, for the report and the app alike: the plotly configuration (:func:`plot_config`: no
button that sends a chart to Plotly's cloud, the page's locale), the language of a figure's
numbers and dates (:func:`styled` sets French separators, the French locale is in
:mod:`sim.dashboard.plotly_locale`), money axes in k€, M€ or Md€ (:func:`money_axis`), and the
rule that designs and territories are never pooled (:func:`pairs`, :func:`require_one`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from sim.dashboard import labels as L
from sim.dashboard.plotly_locale import FRENCH_NAME, SEPARATORS
from sim.report import numbers as N

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
# The look of every figure. Applied when a figure is handed to plotly.js (:func:`to_plotly`), not
# when it is built: plotly.py copies a template into every figure it builds, which made building
# the what-if's three charts cost a third of a second.
TEMPLATE = "plotly_white"
LAYOUT = {
    "height": 440,
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.18},
    "margin": {"t": 60, "l": 70, "r": 20, "b": 40},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"},
}


# Mode-bar buttons no page offers: plotly.js 4 calls its upload button "sendChartToCloud" (shown
# unless `showSendToCloud` is false), older versions "sendDataToCloud"; "editInChartStudio" sends
# the figure to Chart Studio. Unpublished budget figures must not be one click from a third party.
CLOUD_BUTTONS = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")


def figure(data: Sequence | None = None) -> go.Figure:
    """A new figure without plotly.py's default template (see :data:`TEMPLATE`)."""
    return go.Figure(data=data, layout={"template": {}})


def subplots(**options) -> go.Figure:
    """:func:`plotly.subplots.make_subplots` on a :func:`figure`."""
    from plotly.subplots import make_subplots

    return make_subplots(figure=figure(), **options)


@functools.cache
def _template(trace_types: tuple[str, ...]) -> dict:
    import plotly.io as pio

    template = pio.templates[TEMPLATE].to_plotly_json()
    return {"layout": template["layout"], "data": {k: v for k, v in template["data"].items() if k in trace_types}}


def to_plotly(fig: go.Figure) -> dict:
    """The figure as plotly.js draws it (``data`` and ``layout``), with the look of
    :data:`TEMPLATE` (only its defaults for the kinds of trace the figure has)."""
    spec = fig.to_plotly_json()
    types = tuple(sorted({trace.get("type", "scatter") for trace in spec["data"]}))
    spec["layout"]["template"] = _template(types)
    return spec


def plot_config(lang: str = "fr", **extra) -> dict:
    """The plotly configuration of every figure of the report and the app, in ``lang``."""
    return {
        "displaylogo": False,
        "responsive": True,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": list(CLOUD_BUTTONS),
        "locale": FRENCH_NAME if lang == "fr" else "en",
        **extra,
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


def styled(fig: go.Figure, title: str, yaxis: str = "", *, lang: str = "fr", **extra) -> go.Figure:
    """``fig`` with the common :data:`LAYOUT` (``extra`` overrides it), a title, a y-axis title,
    and the number separators of ``lang`` (a decimal comma in French)."""
    fig.update_layout(**{**LAYOUT, "separators": SEPARATORS[lang], **extra})
    fig.update_layout(title={"text": title}, yaxis_title=yaxis)
    fig.update_layout(meta={**(fig.layout.meta or {}), "lang": lang})
    return fig


def empty(title: str, lang: str, message: str | None = None) -> go.Figure:
    """A figure that says there is nothing to draw (``n.d.`` / ``n/a``, or ``message``) under its title."""
    fig = figure()
    fig.add_annotation(text=message or L.text("na", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, lang=lang, height=260)


def money_axis(values: Sequence[float] | np.ndarray | pd.Series, lang: str) -> tuple[float, str]:
    """``(divisor, symbol)`` to draw euros on an axis in €, k€, M€ or Md€, by the largest value.

    Plotly's own tick labels would read "0.5M" and "1B" whatever the language; the values are
    divided instead and the axis title says the unit, so that ticks read "0,5" under "M€".
    """
    array = pd.to_numeric(pd.Series(np.asarray(values, dtype=float).ravel()), errors="coerce").dropna()
    largest = float(array.abs().max()) if len(array) else 0.0
    symbol, divisor = N.money_scale(largest, lang)
    return divisor, symbol


def money_unit(symbol: str, kind: str, lang: str) -> str:
    """The words of a money unit scaled to ``symbol``, e.g. ``M€ par an`` for ``eur_year``."""
    words = N.UNITS.get(kind, N.UNITS["eur"])[N.lang_index(lang)]
    return words.replace("€", symbol, 1) if "€" in words else symbol


def pairs(frame: pd.DataFrame, *, designs_only: bool = False) -> list[tuple[str, str]]:
    """The (territory, scenario) pairs of ``frame`` in reading order (territory first).

    Args:
        frame: Rows with ``territory`` and ``scenario`` columns.
        designs_only: Leave the status quo out (its net cost against its twin is zero).
    """
    if frame.empty:
        return []
    unique = frame[["territory", "scenario"]].drop_duplicates()
    present = set(zip(unique["territory"], unique["scenario"], strict=True))
    out = [
        (territory, scenario)
        for territory in territory_order(unique["territory"])
        for scenario in design_order(unique["scenario"])
        if (territory, scenario) in present
    ]
    return [(t, s) for t, s in out if not (designs_only and s == "status_quo")]


class PooledError(ValueError):
    """A figure of one design and territory was given several: they must never be averaged."""


def require_one(frame: pd.DataFrame, what: str) -> None:
    """Refuse a frame holding more than one design or territory for a figure of one of each.

    Raises:
        PooledError: Naming the designs and territories found.
    """
    found = pairs(frame)
    if len(found) > 1:
        listed = ", ".join(f"{s} in {t}" for t, s in found)
        raise PooledError(f"{what} draws one design in one territory; got {len(found)}: {listed}")


def quantiles(values: pd.Series | np.ndarray) -> dict[str, float]:
    """n, median, p05, p25, p75, p95 of the non-missing values (NaN when there is none)."""
    array = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if not len(array):
        return {"n": 0, **dict.fromkeys(("median", "p05", "p25", "p75", "p95"), np.nan)}
    p05, p25, median, p75, p95 = np.quantile(array, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {"n": len(array), "median": median, "p05": p05, "p25": p25, "p75": p75, "p95": p95}
