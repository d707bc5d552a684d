"""Plotly figures of the runs' time series and budgets.

Pure functions: each takes the tables of :mod:`sim.report.runs` or :mod:`sim.report.tables`
and returns a :class:`plotly.graph_objects.Figure`. Lines are means over seeds; the shaded band
around a line spans the lowest to the highest seed, month by month.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from sim.report.tables import (
    ALL_PAYERS,
    SCENARIO_WORLD,
    TWIN_WORLD,
    scenario_label,
    scenario_order,
)

PALETTE = qualitative.Plotly
PAYER_PALETTE = qualitative.Set2
LAYOUT = {
    "template": "plotly_white",
    "height": 460,
    "hovermode": "x unified",
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.15},
    "margin": {"t": 60, "l": 70, "r": 20, "b": 40},
}


# --------------------------------------------------------------------------- helpers
def over_seeds(timeseries: pd.DataFrame, column: str, world: str = SCENARIO_WORLD) -> pd.DataFrame:
    """Mean, min and max of ``column`` over runs, by territory, scenario and month.

    Args:
        timeseries: Stacked time series, as :attr:`sim.report.runs.RunSet.timeseries`.
        column: The series to aggregate.
        world: ``scenario`` or ``twin``.

    Returns:
        Columns ``territory``, ``design``, ``scenario``, ``month``, ``date``, ``mean``,
        ``min``, ``max``, sorted by month.
    """
    rows = timeseries[timeseries["world"] == world]
    keys = ["territory", "design", "scenario", "month", "date"]
    return (
        rows.groupby(keys, sort=False)[column]
        .agg(["mean", "min", "max"])
        .reset_index()
        .sort_values("month", kind="stable")
    )


def _series(timeseries: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """(territory, scenario, design, colour) of each line to draw, in reading order."""
    if timeseries.empty:
        return []
    territories = list(dict.fromkeys(timeseries["territory"]))
    designs = timeseries.drop_duplicates("scenario").set_index("scenario")["design"]
    pairs = [(t, s) for t in territories for s in scenario_order(timeseries)]
    present = set(zip(timeseries["territory"], timeseries["scenario"], strict=True))
    pairs = [pair for pair in pairs if pair in present]
    return [
        (territory, scenario, designs[scenario], PALETTE[index % len(PALETTE)])
        for index, (territory, scenario) in enumerate(pairs)
    ]


def _name(scenario: str, territory: str, territories: int) -> str:
    label = scenario_label(scenario)
    return label if territories == 1 else f"{label}, {territory}"


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _add_band(
    fig: go.Figure,
    stats: pd.DataFrame,
    name: str,
    colour: str,
    dash: str = "solid",
    **position: int,
) -> None:
    """A mean line with a min–max band behind it (the band only when seeds differ)."""
    group = f"{name}|{dash}"
    if (stats["max"] > stats["min"]).any():
        fig.add_trace(
            go.Scatter(
                x=stats["date"],
                y=stats["max"],
                mode="lines",
                line={"width": 0},
                legendgroup=group,
                showlegend=False,
                hoverinfo="skip",
                name=f"{name} (max)",
            ),
            **position,
        )
        fig.add_trace(
            go.Scatter(
                x=stats["date"],
                y=stats["min"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=_rgba(colour, 0.18),
                legendgroup=group,
                showlegend=False,
                hoverinfo="skip",
                name=f"{name} (min)",
            ),
            **position,
        )
    fig.add_trace(
        go.Scatter(
            x=stats["date"],
            y=stats["mean"],
            mode="lines",
            line={"color": colour, "dash": dash, "width": 2},
            legendgroup=group,
            name=name,
        ),
        **position,
    )


def _layout(fig: go.Figure, title: str, yaxis: str) -> go.Figure:
    fig.update_layout(title=title, yaxis_title=yaxis, **LAYOUT)
    return fig


# --------------------------------------------------------------------------- time series
def ebe_fte_figure(timeseries: pd.DataFrame) -> go.Figure:
    """Scheme jobs over time: EBE FTE (solid) and, for existing actors, subsidised contracts.

    One line per scenario and territory in the scenario world; series that are zero in every
    run (the status quo's EBE jobs, say) are left out.
    """
    fig = go.Figure()
    territories = timeseries["territory"].nunique()
    for territory, scenario, design, colour in _series(timeseries):
        runs = timeseries[(timeseries["territory"] == territory) & (timeseries["scenario"] == scenario)]
        name = _name(scenario, territory, territories)
        if runs["ebe_fte"].abs().sum() > 0:
            _add_band(fig, over_seeds(runs, "ebe_fte"), f"{name}: EBE FTE", colour)
        if design == "existing_actors" or runs["subsidised_contracts"].abs().sum() > 0:
            stats = over_seeds(runs, "subsidised_contracts")
            _add_band(fig, stats, f"{name}: subsidised contracts", colour, dash="dash")
    return _layout(
        fig,
        "Scheme jobs: EBE full-time equivalents (solid) and subsidised contracts (dashed)",
        "Jobs (FTE or contracts)",
    )


def waiting_list_figure(timeseries: pd.DataFrame) -> go.Figure:
    """Volunteers waiting for a job, over time, by scenario and territory (scenario world)."""
    fig = go.Figure()
    territories = timeseries["territory"].nunique()
    for territory, scenario, _, colour in _series(timeseries):
        runs = timeseries[(timeseries["territory"] == territory) & (timeseries["scenario"] == scenario)]
        if runs["volunteers_waiting"].abs().sum() == 0:
            continue
        stats = over_seeds(runs, "volunteers_waiting")
        _add_band(fig, stats, _name(scenario, territory, territories), colour)
    return _layout(fig, "Volunteers on the waiting list", "People waiting")


def jobless_figure(timeseries: pd.DataFrame) -> go.Figure:
    """Jobless people in the scenario and in its status-quo twin, and the difference.

    Top: the stock in the scenario (solid) and the twin (dotted). Bottom: scenario minus twin,
    computed run by run before averaging, so the band shows the spread of the effect itself.
    The status quo's twin is not drawn: it is the status quo run again.
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.6, 0.4],
        vertical_spacing=0.08,
        subplot_titles=("Jobless people", "Scenario minus twin"),
    )
    territories = timeseries["territory"].nunique()
    for territory, scenario, design, colour in _series(timeseries):
        runs = timeseries[(timeseries["territory"] == territory) & (timeseries["scenario"] == scenario)]
        name = _name(scenario, territory, territories)
        _add_band(fig, over_seeds(runs, "jobless"), name, colour, row=1, col=1)
        if design == "status_quo":
            continue
        _add_band(
            fig,
            over_seeds(runs, "jobless", TWIN_WORLD),
            f"{name}: twin",
            colour,
            "dot",
            row=1,
            col=1,
        )
        _add_band(
            fig,
            _difference(runs, "jobless"),
            f"{name}: difference",
            colour,
            row=2,
            col=1,
        )
    fig = _layout(fig, "Jobless people: scenario against its status-quo twin", "People")
    fig.update_yaxes(title_text="People", row=1, col=1)
    fig.update_yaxes(title_text="People (scenario − twin)", row=2, col=1)
    return fig.update_layout(height=640)


def _difference(runs: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean, min and max over runs of scenario minus twin, month by month."""
    keys = ["territory", "design", "scenario", "run", "month", "date"]
    keys = [key for key in keys if key in runs]
    wide = runs.pivot_table(index=keys, columns="world", values=column, aggfunc="sum")
    per_run = (wide[SCENARIO_WORLD] - wide[TWIN_WORLD]).rename("difference").reset_index()
    return (
        per_run.groupby(["month", "date"])["difference"].agg(["mean", "min", "max"]).reset_index().sort_values("month")
    )


# --------------------------------------------------------------------------- budget
def net_cost_by_payer_figure(budget: pd.DataFrame, territory: str, scenario: str) -> go.Figure:
    """Net cost against the twin by payer and year, as stacked bars, with the all-payer total.

    Bars above zero are payers that spend more than in the status quo, bars below are payers
    that save; the black markers are the net total with its range over seeds.

    Args:
        budget: Output of :func:`sim.report.tables.budget_summary`.
        territory: Territory to draw.
        scenario: Scenario to draw.
    """
    block = budget[(budget["territory"] == territory) & (budget["scenario"] == scenario)]
    fig = go.Figure()
    payers = [p for p in dict.fromkeys(block["payer"]) if p != ALL_PAYERS]
    for index, payer in enumerate(payers):
        rows = block[block["payer"] == payer]
        if not rows["net_eur_mean"].abs().any():
            continue
        fig.add_trace(
            go.Bar(
                x=rows["year"],
                y=rows["net_eur_mean"],
                name=rows["payer_label"].iloc[0],
                marker_color=PAYER_PALETTE[index % len(PAYER_PALETTE)],
            )
        )
    total = block[block["payer"] == ALL_PAYERS]
    fig.add_trace(
        go.Scatter(
            x=total["year"],
            y=total["net_eur_mean"],
            mode="markers",
            marker={"color": "black", "size": 9, "symbol": "diamond"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": total["net_eur_max"] - total["net_eur_mean"],
                "arrayminus": total["net_eur_mean"] - total["net_eur_min"],
            },
            name="All payers (net, min–max over seeds)",
        )
    )
    fig.update_layout(barmode="relative", xaxis={"dtick": 1, "title": "Year"})
    title = f"Net public cost against the twin, by payer: {scenario_label(scenario)}, {territory}"
    return _layout(fig, title, "Euros a year (positive: the payer spends more)")


def net_cost_figures(budget: pd.DataFrame) -> list[go.Figure]:
    """:func:`net_cost_by_payer_figure` for every territory and scenario with a nonzero net cost.

    The status quo differs from its twin by zero, so it gets no figure.
    """
    figures = []
    for (territory, scenario), block in budget.groupby(["territory", "scenario"], sort=False):
        if block["net_eur_mean"].abs().any() or block["net_eur_max"].abs().any():
            figures.append(net_cost_by_payer_figure(budget, territory, scenario))
    return figures
