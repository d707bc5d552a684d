"""Figures of the measures newer model versions write: why hiring slowed, avoided cost by component.

Both read what a results folder may not have (a ``hiring_constraint`` column in the time series,
``avoided_cost_components`` in ``summary.json``): without it, the figure says that it is not
available for these runs rather than drawing anything. One panel (or bar group) per design and
territory, as everywhere.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sim.dashboard import labels as L
from sim.dashboard import style

CONSTRAINT = "hiring_constraint"
COMPONENTS = "avoided_cost_components."
CONSTRAINT_COLOURS = {
    "volunteers": "#4c72b0",
    "posts": "#dd8452",
    "supervisors": "#8172b3",
    "cash": "#c44e52",
    "budget": "#937860",
    "closed": "#222222",
    "none": "#c7c7c7",
}


def not_available(title: str, what: str, lang: str) -> go.Figure:
    """A figure that says the runs shown lack ``what`` (older results), under ``title``."""
    return style.empty(title, lang, L.text("not_available", lang).format(what=what))


def hiring_constraints(timeseries: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Months of each year by the limit that held hiring back, stacked, one panel per design and
    territory (median over replications of each year's count of months)."""
    heading = L.text("hiring_why", lang)
    if CONSTRAINT not in timeseries:
        return not_available(heading, CONSTRAINT, lang)
    rows = timeseries[(timeseries["world"] == style.SCENARIO) & timeseries[CONSTRAINT].notna()]
    rows = rows.assign(year=pd.to_datetime(rows["date"]).dt.year, constraint=rows[CONSTRAINT].astype(str))
    groups = style.pairs(rows, designs_only=True)
    if not groups:
        return not_available(heading, CONSTRAINT, lang)
    fig = style.subplots(
        rows=len(groups),
        cols=1,
        subplot_titles=[style.series_name(s, t, True, lang) for t, s in groups],
        vertical_spacing=0.25 / len(groups) + 0.02,
    )
    known = list(CONSTRAINT_COLOURS)
    constraints = sorted(rows["constraint"].unique(), key=lambda c: known.index(c) if c in known else len(known))
    for row, (territory, scenario) in enumerate(groups, start=1):
        block = rows[(rows["territory"] == territory) & (rows["scenario"] == scenario)]
        counts = block.groupby(["run_id", "year", "constraint"]).size().unstack("constraint", fill_value=0)
        medians = counts.groupby(level="year").median()
        for constraint in constraints:
            if constraint not in medians:
                continue
            fig.add_trace(
                go.Bar(
                    x=medians.index.to_numpy(),
                    y=medians[constraint].to_numpy(),
                    name=L.name(constraint, lang),
                    legendgroup=constraint,
                    showlegend=row == 1,
                    marker_color=CONSTRAINT_COLOURS.get(constraint, "#8c8c8c"),
                    meta={"territory": territory, "scenario": scenario, "constraint": constraint},
                ),
                row=row,
                col=1,
            )
    fig.update_yaxes(title_text=L.text("months_in_year", lang), range=[0, 12])
    fig.update_xaxes(dtick=1)
    fig.update_layout(barmode="stack")
    return style.styled(fig, heading, lang=lang, height=220 * len(groups) + 160)


def avoided_components(runs: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Avoided cost per FTE-year by component (evaluation measure), median over replications:
    one panel per territory, one bar per design in it, components read down the panel (benefits,
    then what the jobs bring in, then lock-in); a component zero for every design (a benefit the
    territory's rules do not have) is left out."""
    heading = L.text("avoided_components", lang) + f"<br><sup>{L.text('sign_avoided', lang)}</sup>"
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    columns = [c for c in ok.columns if c.startswith(COMPONENTS)]
    if not columns or not ok[columns].notna().any().any():
        return not_available(heading, "avoided_cost_components", lang)
    groups = style.pairs(ok, designs_only=True)
    medians = {
        pair: ok[(ok["territory"] == pair[0]) & (ok["scenario"] == pair[1])][columns].median() for pair in groups
    }
    table = pd.DataFrame(medians).fillna(0.0)
    table = table[table.abs().gt(0.5).any(axis=1)]
    table = table.loc[sorted(table.index, key=_component_rank)]
    divisor, symbol = style.money_axis(table.to_numpy(), lang)
    names = [L.name(c[len(COMPONENTS) :], lang) for c in table.index]
    territories = style.territory_order([t for t, _ in groups])
    fig = style.subplots(
        rows=1,
        cols=len(territories),
        shared_yaxes=True,
        subplot_titles=[L.name(t, lang) for t in territories],
        horizontal_spacing=0.04,
    )
    shown: set[str] = set()
    for number, (territory, scenario) in enumerate(groups):
        fig.add_trace(
            go.Bar(
                y=names,
                x=(table[(territory, scenario)] / divisor).to_numpy(),
                orientation="h",
                name=L.name(scenario, lang),
                legendgroup=scenario,
                showlegend=scenario not in shown,
                marker_color=style.colour(scenario, number),
                meta={"territory": territory, "scenario": scenario},
            ),
            row=1,
            col=territories.index(territory) + 1,
        )
        shown.add(scenario)
    unit = style.money_unit(symbol, "eur_fte_year", lang)
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=unit, zeroline=True, zerolinecolor="#444")
    return style.styled(
        fig, heading, lang=lang, height=160 + 55 * len(names), margin={"t": 90, "l": 230, "r": 20, "b": 60}
    )


# The evaluation's order of the avoided cost (sim/engine/indicators.py::AVOIDED_COST_COMPONENTS):
# benefits no longer paid, what the jobs bring in, lock-in; a component it does not know goes last.
_ORDER = (
    "unemployment_benefit",
    "ris",
    "solidarity_allowance",
    "in_work_benefit",
    "employee_contributions",
    "employer_contributions",
    "income_tax",
    "lock_in",
)


def _component_rank(column: str) -> tuple[int, str]:
    name = column[len(COMPONENTS) :]
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


# A micro-territory's state in territories.parquet (sim.engine.ebe.territory_status), in the
# order a territory passes through them.
STATUS_COLOURS = {
    "not_selected": "#e0e0e0",
    "preparing": "#f0b060",
    "open": "#55a868",
    "stopped": "#c44e52",
    "closed": "#555555",
}


def territory_status(territories: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Micro-territories by status each month (stacked, mean over replications), one panel per
    design and territory: how many are selected, open, stopped or closed (``territories.parquet``)."""
    heading = L.text("territories_by_status", lang)
    if territories.empty or "status" not in territories:
        return not_available(heading, "territories.parquet", lang)
    rows = territories[territories["world"] == style.SCENARIO]
    groups = style.pairs(rows, designs_only=True)
    if not groups:
        return not_available(heading, "territories.parquet", lang)
    fig = style.subplots(
        rows=len(groups),
        cols=1,
        subplot_titles=[style.series_name(s, t, True, lang) for t, s in groups],
        vertical_spacing=0.25 / len(groups) + 0.02,
    )
    for row, (territory, scenario) in enumerate(groups, start=1):
        block = rows[(rows["territory"] == territory) & (rows["scenario"] == scenario)]
        counts = block.groupby(["run_id", "date", "status"]).size().unstack("status", fill_value=0)
        means = counts.groupby(level="date").mean()
        for status, colour in STATUS_COLOURS.items():
            if status not in means or not means[status].any():
                continue
            fig.add_trace(
                go.Scatter(
                    x=means.index,
                    y=means[status].to_numpy(),
                    name=L.text(f"status_{status}", lang),
                    legendgroup=status,
                    showlegend=row == 1,
                    stackgroup=f"s{row}",
                    mode="lines",
                    line={"width": 0.5, "color": colour},
                    meta={"territory": territory, "scenario": scenario, "status": status},
                ),
                row=row,
                col=1,
            )
    fig.update_yaxes(title_text=L.text("territories_axis", lang))
    return style.styled(fig, heading, lang=lang, height=220 * len(groups) + 160)
