"""Plotly figures of a results directory, in French or English.

Pure functions: each takes data frames in the layout of :mod:`sim.dashboard.data` (run
identity columns ``run_id``, ``scenario``, ``territory``, ``seed``) and a language, and returns
a :class:`plotly.graph_objects.Figure` (or, for :func:`headline_cards`, plain records). Nothing
here knows about HTML, so the Dash app reuses them as they are.

Spreads are over replications (the runs of one design and territory): fan charts draw the
median with the middle 50 % and 90 % bands, month by month; intervals elsewhere are 5-95 %.
Quantiles are numpy's default (linear interpolation between order statistics).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from sim.dashboard import labels as L
from sim.report import numbers as N

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
# Ordinary firms' payroll: the status-quo economy, far larger than the scheme's flows, so the
# Sankey leaves it out (and says how much it left out).
PAYROLL_CATEGORIES = frozenset({"wage_net", "employer_contribution", "employee_contribution", "income_tax"})
CARD_INDICATORS = (
    "scheme_fte_end",
    "volunteers_total",
    "months_to_exhaustivity",
    "public_spending_eur",
    "avoided_cost_per_fte_year",
    "net_public_cost_per_fte_year",
    "activation_rate",
)
SIDE_EFFECTS = (
    "displaced_fte_end",
    "displaced_sales_eur",
    "exits_to_ordinary_jobs",
    "participants_income_gain_eur_month",
)


# --------------------------------------------------------------------------- helpers
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


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _series_name(scenario: str, territory: str, several_territories: bool, lang: str) -> str:
    words = L.name(scenario, lang)
    return f"{words}, {L.name(territory, lang)}" if several_territories else words


def _layout(fig: go.Figure, title: str, yaxis: str = "", **extra) -> go.Figure:
    fig.update_layout(**{**LAYOUT, **extra})
    fig.update_layout(title={"text": title}, yaxis_title=yaxis)
    return fig


def _empty(title: str, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=L.text("na", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return _layout(fig, title)


def quantiles(values: pd.Series | np.ndarray) -> dict[str, float]:
    """n, median, p05, p25, p75, p95 of the non-missing values (NaN when there is none)."""
    array = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if not len(array):
        return {"n": 0, **dict.fromkeys(("median", "p05", "p25", "p75", "p95"), np.nan)}
    p05, p25, median, p75, p95 = np.quantile(array, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {"n": len(array), "median": median, "p05": p05, "p25": p25, "p75": p75, "p95": p95}


# --------------------------------------------------------------------------- fan charts
def fan_stats(
    timeseries: pd.DataFrame, column: str, *, world: str = SCENARIO, versus_twin: bool = False
) -> pd.DataFrame:
    """Quantiles over runs of ``column``, month by month, by territory and scenario.

    Args:
        timeseries: Stacked time series with ``run_id``, ``scenario``, ``territory``,
            ``month``, ``date`` and ``world``.
        column: The series.
        world: ``scenario`` or ``twin`` (ignored with ``versus_twin``).
        versus_twin: Take scenario minus twin run by run first, so that the bands show the
            spread of the effect itself.

    Returns:
        Columns ``territory``, ``scenario``, ``month``, ``date``, ``n``, ``p05``, ``p25``,
        ``median``, ``p75``, ``p95``, sorted by month.
    """
    keys = ["territory", "scenario", "month", "date"]
    if versus_twin:
        wide = timeseries.pivot_table(index=[*keys, "run_id"], columns="world", values=column, aggfunc="sum")
        values = (wide[SCENARIO] - wide[TWIN]).rename(column).reset_index()
    else:
        values = timeseries.loc[timeseries["world"] == world, [*keys, "run_id", column]]
    grouped = values.groupby(keys, sort=False)[column]
    stats = grouped.quantile([0.05, 0.25, 0.5, 0.75, 0.95]).unstack()
    stats.columns = ["p05", "p25", "median", "p75", "p95"]
    stats.insert(0, "n", grouped.count())
    return stats.reset_index().sort_values(["territory", "scenario", "month"], kind="stable").reset_index(drop=True)


def fan_chart(
    timeseries: pd.DataFrame,
    column: str,
    lang: str = "fr",
    *,
    versus_twin: bool = False,
    show_twin: bool = False,
    title: str | None = None,
) -> go.Figure:
    """A fan chart of one time series per design: median line, middle 50 % and 90 % bands.

    Args:
        timeseries: Stacked time series (see :func:`fan_stats`).
        column: The series, e.g. ``ebe_fte`` or ``volunteers_waiting``.
        lang: ``fr`` or ``en``.
        versus_twin: Draw scenario minus twin (e.g. net public spending against the status quo).
        show_twin: Also draw the twin's median as a dotted line (status-quo twins of a
            status-quo run are the run itself and are not drawn).
        title: Heading; the column's label by default.

    Every trace carries ``meta = {"scenario", "territory", "stat"}`` with stat one of
    ``p95``, ``p05``, ``p75``, ``p25``, ``median``, ``twin_median``.
    """
    heading = title or (
        f"{L.name(column, lang)}, {L.text('scenario_vs_twin', lang)}" if versus_twin else L.name(column, lang)
    )
    if timeseries.empty or column not in timeseries:
        return _empty(heading, lang)
    stats = fan_stats(timeseries, column, versus_twin=versus_twin)
    twin = fan_stats(timeseries, column, world=TWIN) if show_twin and not versus_twin else None
    several = stats["territory"].nunique() > 1
    fig = go.Figure()
    pairs = [
        (territory, scenario)
        for territory in dict.fromkeys(stats["territory"])
        for scenario in design_order(stats["scenario"])
        if ((stats["territory"] == territory) & (stats["scenario"] == scenario)).any()
    ]
    for index, (territory, scenario) in enumerate(pairs):
        block = stats[(stats["territory"] == territory) & (stats["scenario"] == scenario)]
        if versus_twin and scenario == "status_quo":
            continue  # the status quo minus its twin is zero by construction
        hue = colour(scenario, index)
        name = _series_name(scenario, territory, several, lang)
        group = f"{territory}|{scenario}"

        # Upper edge first, then the lower edge filled up to it ("tonexty"): 90 % band, then 50 %.
        for stat, fill, alpha, words in (
            ("p95", None, 0.0, L.text("band90", lang)),
            ("p05", "tonexty", 0.15, L.text("band90", lang)),
            ("p75", None, 0.0, L.text("band50", lang)),
            ("p25", "tonexty", 0.35, L.text("band50", lang)),
        ):
            fig.add_trace(
                go.Scatter(
                    x=block["date"],
                    y=block[stat],
                    mode="lines",
                    line={"width": 0},
                    fill=fill,
                    fillcolor=_rgba(hue, alpha) if fill else None,
                    legendgroup=group,
                    showlegend=False,
                    name=f"{name}: {words}",
                    hovertemplate="%{y:,.0f}<extra>" + f"{name}: {words}" + "</extra>",
                    meta={"scenario": scenario, "territory": territory, "stat": stat},
                )
            )
        fig.add_trace(
            go.Scatter(
                x=block["date"],
                y=block["median"],
                mode="lines",
                line={"color": hue, "width": 2},
                legendgroup=group,
                name=name,
                hovertemplate="%{y:,.1f}<extra>" + f"{name}: {L.text('median', lang)}" + "</extra>",
                meta={"scenario": scenario, "territory": territory, "stat": "median"},
            )
        )
        if twin is not None and scenario != "status_quo":
            own = twin[(twin["territory"] == territory) & (twin["scenario"] == scenario)]
            fig.add_trace(
                go.Scatter(
                    x=own["date"],
                    y=own["median"],
                    mode="lines",
                    line={"color": hue, "width": 1.5, "dash": "dot"},
                    legendgroup=group,
                    name=f"{name}: {L.text('twin', lang)}",
                    meta={"scenario": scenario, "territory": territory, "stat": "twin_median"},
                )
            )
    unit = L.unit("net_public_spending_vs_twin" if versus_twin else column, lang)
    return _layout(fig, heading, unit, hovermode="x unified", xaxis_title=L.name("date", lang))


# --------------------------------------------------------------------------- who pays
def yearly_net_by_payer(ledger: pd.DataFrame, payers: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Each payer's net cost against the twin per run and calendar year.

    Net cost: what the payer paid minus what it received in the scenario world, minus the same
    in the twin (positive: the design costs it more than the status quo).

    Returns:
        Columns ``run_id``, ``year``, ``payer``, ``net_eur`` (every payer and year of every run,
        zeros included, so that means over runs count the years a payer paid nothing).
    """
    from sim.report.tables import yearly_budget_by_payer

    if ledger.empty:
        return pd.DataFrame(columns=["run_id", "year", "payer", "net_eur"])
    table = yearly_budget_by_payer(ledger.drop(columns=["seed"], errors="ignore").assign(run=ledger["run_id"]), payers)
    return table.rename(columns={"run": "run_id"})[["run_id", "year", "payer", "net_eur"]]


def payer_bars(
    ledger: pd.DataFrame, payers: Sequence[tuple[str, str]], lang: str = "fr", *, title: str | None = None
) -> go.Figure:
    """Net cost against the twin by payer and year (stacked bars), with the all-payer total.

    Bars are means over runs (above zero the payer spends more than in the status quo, below
    it saves); the black diamonds are the mean total over payers with its 5-95 % interval over
    runs. Payers that are zero in every year are left out.

    Args:
        ledger: Stacked ledgers of ONE design and territory (``run_id`` tells the runs apart).
        payers: ``(name, label)`` of the payers, in display order.
        lang: ``fr`` or ``en``.
        title: Heading.
    """
    heading = title or L.text("who_pays", lang)
    yearly = yearly_net_by_payer(ledger, payers)
    if yearly.empty:
        return _empty(heading, lang)
    means = yearly.groupby(["payer", "year"], sort=False)["net_eur"].mean()
    order = [name for name, _ in payers] + [p for p in dict.fromkeys(yearly["payer"]) if p not in dict(payers)]
    fig = go.Figure()
    years = sorted(yearly["year"].unique())
    for index, payer in enumerate(order):
        if payer not in means.index.get_level_values(0):
            continue
        values = means.loc[payer].reindex(years, fill_value=0.0)
        if not values.abs().gt(0.005).any():
            continue
        fig.add_trace(
            go.Bar(
                x=years,
                y=values.to_numpy(),
                name=L.name(payer, lang),
                marker_color=PAYER_COLOURS[index % len(PAYER_COLOURS)],
                hovertemplate="%{y:,.0f} €<extra>" + L.name(payer, lang) + "</extra>",
                meta={"payer": payer},
            )
        )
    totals = yearly.groupby(["year", "run_id"])["net_eur"].sum().groupby(level=0)
    total = pd.DataFrame({"mean": totals.mean(), "p05": totals.quantile(0.05), "p95": totals.quantile(0.95)}).reindex(
        years
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=total["mean"].to_numpy(),
            mode="markers",
            marker={"color": "black", "size": 10, "symbol": "diamond"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (total["p95"] - total["mean"]).to_numpy(),
                "arrayminus": (total["mean"] - total["p05"]).to_numpy(),
            },
            name=f"{L.text('net_total', lang)} ({L.text('interval', lang)})",
            meta={"payer": "all_payers"},
        )
    )
    fig.update_layout(barmode="relative", xaxis={"dtick": 1, "title": L.name("year", lang)})
    return _layout(fig, heading, L.label("net_eur", lang))


def sankey_links(ledger: pd.DataFrame, year: int, *, world: str = SCENARIO) -> tuple[pd.DataFrame, float]:
    """The money flows of one calendar year, mean over runs, node to node by category.

    EBEs are grouped into one ``ebe`` node; other accounts keep their name. Ordinary firms'
    payroll (see :data:`PAYROLL_CATEGORIES`) is left out.

    Args:
        ledger: Stacked ledgers of one design and territory.
        year: Calendar year.
        world: ``scenario`` or ``twin``.

    Returns:
        (links with columns ``source``, ``target``, ``category``, ``amount_eur``, sorted by
        decreasing amount; the mean over runs of the payroll left out, in euros).
    """
    n_runs = max(ledger["run_id"].nunique(), 1)
    years = ledger["year"] if "year" in ledger else pd.to_datetime(ledger["date"]).dt.year
    rows = ledger[(ledger["world"] == world) & (years == year)]
    payroll = (rows["debtor_kind"] == "firm") & rows["category"].isin(PAYROLL_CATEGORIES)
    left_out = float(rows.loc[payroll, "amount_eur"].sum()) / n_runs
    rows = rows[~payroll]
    source = rows["debtor"].where(rows["debtor_kind"] != "ebe", "ebe")
    target = rows["creditor"].where(rows["creditor_kind"] != "ebe", "ebe")
    links = (
        rows.assign(source=source, target=target)
        .groupby(["source", "target", "category"], sort=False)["amount_eur"]
        .sum()
        .div(n_runs)
        .reset_index()
    )
    links = links[links["amount_eur"] > 0].sort_values("amount_eur", ascending=False, kind="stable")
    return links.reset_index(drop=True), left_out


def _node_kinds(ledger: pd.DataFrame) -> dict[str, str]:
    """Node name -> kind of account (``tzcld_fund`` as ``fund``), from the ledger's accounts."""
    names = pd.concat([ledger["debtor"], ledger["creditor"]], ignore_index=True)
    kinds = pd.concat([ledger["debtor_kind"], ledger["creditor_kind"]], ignore_index=True)
    accounts = pd.DataFrame({"name": names, "kind": kinds}).drop_duplicates()
    kinds = {
        ("ebe" if kind == "ebe" else name): kind for name, kind in zip(accounts["name"], accounts["kind"], strict=True)
    }
    if "tzcld_fund" in kinds:
        kinds["tzcld_fund"] = "fund"
    return kinds


def _sankey_trace(
    ledger: pd.DataFrame, year: int, lang: str, world: str, visible: bool, kinds: dict[str, str] | None = None
) -> tuple[go.Sankey, float]:
    links, left_out = sankey_links(ledger, year, world=world)
    kinds = kinds if kinds is not None else _node_kinds(ledger)
    nodes = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {node: position for position, node in enumerate(nodes)}
    trace = go.Sankey(
        visible=visible,
        valueformat=",.0f",
        valuesuffix=" €",
        node={
            "label": [L.name(node, lang) for node in nodes],
            "color": [KIND_COLOURS.get(kinds.get(node, "other"), KIND_COLOURS["other"]) for node in nodes],
            "pad": 12,
            "thickness": 14,
        },
        link={
            "source": [index[node] for node in links["source"]],
            "target": [index[node] for node in links["target"]],
            "value": links["amount_eur"].to_numpy(),
            "label": [L.name(category, lang) for category in links["category"]],
            "color": [_rgba(KIND_COLOURS.get(kinds.get(s, "other"), "#8c8c8c"), 0.35) for s in links["source"]],
        },
        meta={"year": int(year), "nodes": nodes, "payroll_left_out_eur": left_out},
    )
    return trace, left_out


def sankey(
    ledger: pd.DataFrame, year: int, lang: str = "fr", *, world: str = SCENARIO, title: str | None = None
) -> go.Figure:
    """A Sankey diagram of one year's money flows (mean over runs) between payers, the fund,
    EBEs, operators, firms and households. See :func:`sankey_links` for what it draws."""
    trace, left_out = _sankey_trace(ledger, year, lang, world, True)
    heading = title or f"{L.text('who_pays', lang)}: {year}"
    fig = go.Figure(trace)
    return _layout(fig, _with_payroll(heading, left_out, lang), height=560)


def _with_payroll(heading: str, left_out: float, lang: str) -> str:
    if left_out <= 0:
        return heading
    note = L.text("payroll_note", lang).format(amount=N.number(left_out, "eur", lang))
    return f"{heading}<br><sup>{note}</sup>"


def sankey_by_year(
    ledger: pd.DataFrame, lang: str = "fr", *, world: str = SCENARIO, title: str | None = None
) -> go.Figure:
    """:func:`sankey` for every year of the ledger in one figure, with a year menu.

    One Sankey trace per year, only the first visible; the menu (plotly ``updatemenus``) shows
    the chosen year's trace and title, so the choice works in a static HTML page.
    """
    heading = title or L.text("who_pays", lang)
    if ledger.empty:
        return _empty(heading, lang)
    # Years and account kinds once for all years, not once per year.
    ledger = ledger.assign(year=pd.to_datetime(ledger["date"]).dt.year)
    years = [int(y) for y in sorted(ledger["year"].unique())]
    kinds = _node_kinds(ledger)
    # Open on the first year the scheme moves money (an EBE or an operator is paid), not on a
    # year of benefits only.
    scheme = ledger[ledger["world"].eq(world) & ledger["creditor_kind"].isin(["ebe", "operator"])]
    start = years.index(int(scheme["year"].min())) if not scheme.empty else 0
    fig = go.Figure()
    titles = []
    for position, year in enumerate(years):
        trace, left_out = _sankey_trace(ledger, year, lang, world, position == start, kinds)
        fig.add_trace(trace)
        titles.append(_with_payroll(f"{heading}: {year}", left_out, lang))
    buttons = [
        {
            "label": str(year),
            "method": "update",
            "args": [{"visible": [other == position for other in range(len(years))]}, {"title.text": titles[position]}],
        }
        for position, year in enumerate(years)
    ]
    fig.update_layout(
        updatemenus=[
            {
                "buttons": buttons,
                "direction": "down",
                "showactive": True,
                "active": start,
                "x": 1.0,
                "xanchor": "right",
                "y": 1.12,
                "yanchor": "top",
            }
        ],
        annotations=[
            {
                "text": L.text("year_menu", lang),
                "x": 0.86,
                "xref": "paper",
                "xanchor": "right",
                "y": 1.1,
                "yref": "paper",
                "showarrow": False,
            }
        ],
    )
    return _layout(fig, titles[start], height=580, margin={"t": 90, "l": 20, "r": 20, "b": 20})


# --------------------------------------------------------------------------- designs compared
def paired_differences_figure(
    paired: pd.DataFrame, lang: str = "fr", *, indicators: Sequence[str] | None = None
) -> go.Figure:
    """Differences between designs with the same seed: median and 5-95 % interval.

    One panel per indicator; one point per pair of designs (and territory, and other factor
    values when an experiment sweeps some).

    Args:
        paired: ``paired_differences`` layout: ``design_a``, ``design_b``, ``territory``,
            ``indicator``, ``median``, ``p05``, ``p95`` (and ``n_pairs``, other factors).
        lang: ``fr`` or ``en``.
        indicators: Which indicators, in order (all of ``paired``'s by default).
    """
    heading = L.text("designs_compared", lang)
    if paired is None or paired.empty:
        return _empty(heading, lang)
    wanted = list(indicators) if indicators else list(dict.fromkeys(paired["indicator"]))
    wanted = [key for key in wanted if (paired["indicator"] == key).any()]
    cols = 2 if len(wanted) > 1 else 1
    rows = -(-len(wanted) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[L.label(key, lang) for key in wanted],
        horizontal_spacing=0.12,
        vertical_spacing=min(0.14, 0.6 / max(rows, 1)),
    )
    identity = {
        "design_a",
        "design_b",
        "territory",
        "indicator",
        "n_pairs",
        "mean",
        "median",
        "p05",
        "p95",
        "point_a",
        "n_missing",
        "point_b",
    }
    several = paired["territory"].nunique() > 1
    others = [c for c in paired.columns if c not in identity]
    keys = ["design_a", "design_b", "territory", *others]
    # One colour and legend entry per comparison; its points in every panel share them.
    comparisons = list(dict.fromkeys(map(tuple, paired[keys].astype(str).to_numpy())))
    for number, comparison in enumerate(comparisons):
        row = dict(zip(keys, comparison, strict=True))
        words = f"{L.name(row['design_a'], lang)} {L.text('minus', lang).lower()} {L.name(row['design_b'], lang)}"
        if several:
            words += f", {L.name(row['territory'], lang)}"
        extras = [f"{L.name(c, lang)} = {row[c]}" for c in others if row[c] not in ("nan", "None", "<NA>")]
        words += f" ({', '.join(extras)})" if extras else ""
        hue = OTHER_COLOURS[number % len(OTHER_COLOURS)] if len(comparisons) > 1 else colour(row["design_a"])
        match = (paired[keys].astype(str) == pd.Series(row)).all(axis=1)
        for position, key in enumerate(wanted):
            line = paired[match & (paired["indicator"] == key)]
            if line.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=line["median"],
                    y=[number] * len(line),
                    mode="markers",
                    marker={"size": 10, "color": hue},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": (line["p95"] - line["median"]).to_numpy(),
                        "arrayminus": (line["median"] - line["p05"]).to_numpy(),
                        "color": hue,
                    },
                    legendgroup=str(number),
                    showlegend=position == 0,
                    name=words,
                    hovertemplate="%{x:,.2f}<extra>" + words + "</extra>",
                    meta={"indicator": key, "comparison": words},
                ),
                row=position // cols + 1,
                col=position % cols + 1,
            )
    fig.update_yaxes(showticklabels=False, range=[-1, len(comparisons)], showgrid=False)
    for axis in range(1, len(wanted) + 1):
        fig.add_vline(x=0, line={"color": "#999", "width": 1}, row=(axis - 1) // cols + 1, col=(axis - 1) % cols + 1)
    fig.update_annotations(font_size=13)
    return _layout(
        fig, heading, height=170 + 120 * rows + 20 * len(comparisons), margin={"t": 80, "l": 30, "r": 30, "b": 30}
    )


# --------------------------------------------------------------------------- side effects
def side_effects(runs: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Side effects by design: displaced jobs and sales, exits to ordinary jobs, participants'
    income gain, and participants' poverty rate in the scenario against the twin.

    Bars are medians over replications with 5-95 % intervals; the status quo (zero by
    construction) is left out.

    Args:
        runs: One row per run (``Results.runs``); failed runs are ignored.
        lang: ``fr`` or ``en``.
    """
    heading = L.text("side_effects", lang)
    ok = runs[(runs["status"] == "ok") & (runs["scenario"] != "status_quo")] if "status" in runs else runs
    keys = [key for key in SIDE_EFFECTS if key in ok]
    poverty = "participants_poverty_rate" in ok and "participants_poverty_rate_twin" in ok
    panels = len(keys) + int(poverty)
    if ok.empty or not panels:
        return _empty(heading, lang)
    several = ok["territory"].nunique() > 1
    groups = [
        (territory, scenario)
        for territory in dict.fromkeys(ok["territory"])
        for scenario in design_order(ok["scenario"])
        if ((ok["territory"] == territory) & (ok["scenario"] == scenario)).any()
    ]
    titles = [L.label(key, lang) for key in keys]
    if poverty:
        titles.append(f"{L.name('participants_poverty_rate', lang)} (%)")
    cols = 3 if panels > 2 else panels
    rows = -(-panels // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.08, vertical_spacing=0.22)
    x_names = [_series_name(s, t, several, lang) for t, s in groups]

    def bars(values: list[dict[str, float]], name: str, hue: list[str] | str, position: int, meta: dict) -> None:
        median = np.array([v["median"] for v in values])
        fig.add_trace(
            go.Bar(
                x=x_names,
                y=median,
                marker_color=hue,
                name=name,
                showlegend=meta.get("legend", False),
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": np.array([v["p95"] for v in values]) - median,
                    "arrayminus": median - np.array([v["p05"] for v in values]),
                },
                meta=meta,
            ),
            row=position // cols + 1,
            col=position % cols + 1,
        )

    hues = [colour(s, i) for i, (_, s) in enumerate(groups)]
    for position, key in enumerate(keys):
        values = [quantiles(ok.loc[(ok["territory"] == t) & (ok["scenario"] == s), key]) for t, s in groups]
        bars(values, L.name(key, lang), hues, position, {"indicator": key})
    if poverty:
        for world, key, alpha in (
            (SCENARIO, "participants_poverty_rate", 1.0),
            (TWIN, "participants_poverty_rate_twin", 0.4),
        ):
            values = [
                {
                    k: v * 100.0
                    for k, v in quantiles(ok.loc[(ok["territory"] == t) & (ok["scenario"] == s), key]).items()
                }
                for t, s in groups
            ]
            hue = [_rgba(h, alpha) for h in hues]
            bars(values, L.name(world, lang), hue, panels - 1, {"indicator": key, "legend": True})
        fig.update_layout(barmode="group")
    fig.update_annotations(font_size=12)
    return _layout(fig, heading, height=300 * rows + 120, margin={"t": 80, "l": 50, "r": 20, "b": 40})


# --------------------------------------------------------------------------- sweeps
def sweep_heatmap(
    aggregate: pd.DataFrame,
    indicator: str,
    factors: Sequence[str],
    lang: str = "fr",
    *,
    stat: str = "median",
) -> go.Figure:
    """An indicator over the swept parameters of a grid experiment.

    One factor: a line of ``stat`` with its 5-95 % band, one per scenario. Two or more
    factors: a heatmap of ``stat`` over the first two (averaged over the others, if any).

    Args:
        aggregate: ``aggregate.parquet`` layout: factor columns, ``indicator``, ``n``,
            ``mean``, ``median``, ``p05``, ``p95`` (and ``scenario`` / ``territory``).
        indicator: Which indicator.
        factors: The swept factor columns, in order.
        lang: ``fr`` or ``en``.
        stat: ``median`` or ``mean``.
    """
    heading = f"{L.label(indicator, lang)}"
    rows = aggregate[aggregate["indicator"] == indicator] if aggregate is not None else pd.DataFrame()
    factors = [f for f in factors if f in rows]
    if rows.empty or not factors:
        return _empty(heading, lang)
    fig = go.Figure()
    if len(factors) == 1:
        factor = factors[0]
        groups = rows.groupby("scenario", sort=False) if "scenario" in rows else [("", rows)]
        for index, (scenario, block) in enumerate(groups):
            block = block.groupby(factor)[[stat, "p05", "p95"]].mean().reset_index().sort_values(factor)
            hue = colour(str(scenario), index)
            name = L.name(str(scenario), lang) if scenario else L.name(indicator, lang)
            fig.add_trace(
                go.Scatter(
                    x=block[factor],
                    y=block["p95"],
                    mode="lines",
                    line={"width": 0},
                    showlegend=False,
                    meta={"stat": "p95"},
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=block[factor],
                    y=block["p05"],
                    mode="lines",
                    line={"width": 0},
                    fill="tonexty",
                    fillcolor=_rgba(hue, 0.2),
                    showlegend=False,
                    meta={"stat": "p05"},
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=block[factor],
                    y=block[stat],
                    mode="lines+markers",
                    line={"color": hue},
                    name=name,
                    meta={"stat": stat},
                )
            )
        fig.update_layout(xaxis_title=L.label(factor, lang))
        return _layout(fig, heading, L.unit(indicator, lang))
    x, y = factors[:2]
    # Further factors are not averaged away (a lever such as deficit_top_up changes the picture):
    # one panel per combination of their levels, on one colour scale.
    extra = list(factors[2:])
    panels = list(rows.groupby(extra, sort=True)) if extra else [((), rows)]
    tables = [(key, block.groupby([y, x])[stat].mean().unstack(x).sort_index()) for key, block in panels]
    values = np.concatenate([table.to_numpy().ravel() for _, table in tables])
    diverging = bool((values < 0).any() and (values > 0).any())
    titles = [
        ", ".join(f"{L.name(f, lang)} = {v}" for f, v in zip(extra, key if isinstance(key, tuple) else (key,)))
        for key, _ in tables
    ]
    if extra:
        fig = make_subplots(rows=1, cols=len(tables), subplot_titles=titles, shared_yaxes=True)
    for position, (_, table) in enumerate(tables, start=1):
        fig.add_trace(
            go.Heatmap(
                x=[str(v) for v in table.columns],
                y=[str(v) for v in table.index],
                z=table.to_numpy(),
                colorscale="RdBu_r" if diverging else "Viridis",
                zmid=0 if diverging else None,
                zmin=None if diverging else float(np.nanmin(values)),
                zmax=None if diverging else float(np.nanmax(values)),
                showscale=position == 1,
                colorbar={"title": {"text": L.unit(indicator, lang)}},
                hovertemplate=f"{L.name(x, lang)}=%{{x}}<br>{L.name(y, lang)}=%{{y}}<br>%{{z:,.2f}}<extra></extra>",
                meta={"stat": stat, "panel": titles[position - 1]},
            ),
            **({"row": 1, "col": position} if extra else {}),
        )
        if extra:
            fig.update_xaxes(title_text=L.label(x, lang), type="category", row=1, col=position)
            fig.update_yaxes(type="category", row=1, col=position)
    if extra:
        fig.update_yaxes(title_text=L.label(y, lang), row=1, col=1)
    else:
        fig.update_layout(
            xaxis_title=L.label(x, lang), yaxis_title=L.label(y, lang), xaxis_type="category", yaxis_type="category"
        )
    return _layout(fig, heading, L.label(y, lang))


def sweep_scatter(runs: pd.DataFrame, indicator: str, factors: Sequence[str], lang: str = "fr") -> go.Figure:
    """An indicator against each sampled parameter, one point per run (sample experiments)."""
    heading = L.label(indicator, lang)
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    factors = [f for f in factors if f in ok]
    if ok.empty or not factors or indicator not in ok:
        return _empty(heading, lang)
    cols = min(3, len(factors))
    rows = -(-len(factors) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[L.label(f, lang) for f in factors], shared_yaxes=True)
    for position, factor in enumerate(factors):
        fig.add_trace(
            go.Scatter(
                x=ok[factor],
                y=ok[indicator],
                mode="markers",
                marker={"size": 5, "opacity": 0.6, "color": colour(str(ok["scenario"].iloc[0]))},
                showlegend=False,
                name=L.name(factor, lang),
                meta={"factor": factor},
            ),
            row=position // cols + 1,
            col=position % cols + 1,
        )
    return _layout(fig, f"{heading}, {L.text('over_uncertainty', lang)}", height=300 * rows + 100)


# --------------------------------------------------------------------------- sensitivity
def sobol_bars(sensitivity: pd.DataFrame, indicator: str, lang: str = "fr") -> go.Figure:
    """Sobol first-order and total indices with 95 % intervals, one bar pair per parameter
    (Morris: mu* with its interval), parameters sorted by decreasing total effect."""
    heading = f"{L.text('sensitivity', lang)}: {L.name(indicator, lang)}"
    rows = sensitivity[sensitivity["indicator"] == indicator] if sensitivity is not None else pd.DataFrame()
    if rows.empty:
        return _empty(heading, lang)
    fig = go.Figure()
    method = str(rows["method"].iloc[0]) if "method" in rows else "sobol"
    if method == "morris" or "ST" not in rows:
        rows = rows.sort_values("mu_star", ascending=False)
        names = [L.name(p, lang) for p in rows["parameter"]]
        fig.add_trace(
            go.Bar(
                x=names,
                y=rows["mu_star"],
                error_y={"type": "data", "array": rows.get("mu_star_conf")},
                name=L.name("mu_star", lang),
                meta={"index": "mu_star"},
            )
        )
        return _layout(fig, heading, L.name("mu_star", lang))
    rows = rows.sort_values("ST", ascending=False)
    names = [L.name(p, lang) for p in rows["parameter"]]
    for index, words, hue in (
        ("S1", L.text("first_order", lang), "#4c72b0"),
        ("ST", L.text("total_order", lang), "#dd8452"),
    ):
        fig.add_trace(
            go.Bar(
                x=names,
                y=rows[index],
                error_y={"type": "data", "array": rows[f"{index}_conf"]},
                name=words,
                marker_color=hue,
                meta={"index": index},
            )
        )
    fig.update_layout(barmode="group")
    return _layout(fig, heading, L.text("sobol_index", lang))


def prim_boxes(break_even: dict, lang: str = "fr", *, runs: pd.DataFrame | None = None) -> go.Figure:
    """The boxes PRIM found: for each box, each restricted parameter as a bar spanning its
    limits, placed within the range the experiment explored (0 = lowest value tried,
    1 = highest) when ``runs`` holds the parameter's column."""
    indicator = (break_even or {}).get("indicator", "")
    heading = L.text("break_even", lang)
    if break_even:
        heading += f": {L.name(indicator, lang)} {break_even.get('direction', '')} {break_even.get('threshold', '')}"
    boxes = (break_even or {}).get("boxes") or []
    if not boxes:
        fig = _empty(heading, lang)
        fig.layout.annotations[0].text = L.text("no_box", lang)
        return fig
    fig = go.Figure()
    for number, box in enumerate(boxes, start=1):
        names, bases, widths, hover = [], [], [], []
        for parameter, (low, high) in box["limits"].items():
            lo, hi = float(low), float(high)
            if runs is not None and parameter in runs:
                explored = pd.to_numeric(runs[parameter], errors="coerce")
                start, stop = float(explored.min()), float(explored.max())
                span = (stop - start) or 1.0
                lo_n, hi_n = (max(lo, start) - start) / span, (min(hi, stop) - start) / span
            else:
                lo_n, hi_n = lo, hi
            names.append(f"{L.text('box', lang)} {number}: {L.name(parameter, lang)}")
            bases.append(lo_n)
            widths.append(hi_n - lo_n)
            hover.append(f"{L.name(parameter, lang)}: {lo:.3g} – {hi:.3g}")
        fig.add_trace(
            go.Bar(
                y=names,
                x=widths,
                base=bases,
                orientation="h",
                name=(
                    f"{L.text('box', lang)} {number} ({L.text('coverage', lang).lower()} "
                    f"{N.number(box.get('coverage'), 'share', lang)}, {L.text('density', lang).lower()} "
                    f"{N.number(box.get('density'), 'share', lang)})"
                ),
                hovertext=hover,
                hoverinfo="text",
                meta={"box": number},
            )
        )
    axis = L.text("explored_range", lang) if runs is not None else ""
    fig.update_layout(xaxis={"title": axis, "range": [0, 1] if runs is not None else None})
    return _layout(fig, heading, height=160 + 40 * sum(len(b["limits"]) for b in boxes))


# --------------------------------------------------------------------------- headline cards
@dataclass(frozen=True)
class Card:
    """One headline number of one design and territory, over replications.

    Attributes:
        territory, scenario, indicator: What it is about.
        title: Plain words with the unit where the number does not carry it.
        value: The median, formatted (``jamais`` / ``never`` when no run has a value).
        interval: ``[p05 – p95]`` formatted, empty for a single run.
        median, p05, p95: The numbers (NaN when no run has a value).
        n: Runs with a value; n_null: runs without (e.g. exhaustivity never reached).
    """

    territory: str
    scenario: str
    indicator: str
    title: str
    value: str
    interval: str
    median: float
    p05: float
    p95: float
    n: int
    n_null: int


def headline_cards(runs: pd.DataFrame, lang: str = "fr", indicators: Sequence[str] = CARD_INDICATORS) -> list[Card]:
    """Headline numbers per territory and design: median with its 5-95 % interval.

    Args:
        runs: One row per run (``Results.runs``); failed runs are ignored.
        lang: ``fr`` or ``en``.
        indicators: ``summary.json`` keys (default: FTE reached, volunteers, months to
            exhaustivity, public spending, avoided and net cost per FTE-year, activation rate).
    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    cards = []
    for territory in territory_order(ok["territory"]):
        block = ok[ok["territory"] == territory]
        for scenario in design_order(block["scenario"]):
            rows = block[block["scenario"] == scenario]
            for key in indicators:
                if key not in rows:
                    continue
                stats = quantiles(rows[key])
                kind = L.unit_kind(key)
                n_null = len(rows) - stats["n"]
                words = L.name(key, lang) if kind.startswith("eur") or kind == "share" else L.label(key, lang)
                if stats["n"] == 0:
                    never = key == "months_to_exhaustivity" and scenario != "status_quo"  # no scheme, no wait
                    value = L.text("never", lang) if never else L.text("na", lang)
                    interval = ""
                else:
                    value = N.number(stats["median"], kind, lang)
                    interval = (
                        "[{} – {}]".format(
                            N.number(stats["p05"], kind, lang, like=stats["median"]),
                            N.number(stats["p95"], kind, lang, like=stats["median"]),
                        )
                        if len(rows) > 1
                        else ""
                    )
                    if n_null and key == "months_to_exhaustivity":
                        interval += f" ({L.text('never', lang)} {n_null}/{len(rows)})"
                cards.append(
                    Card(
                        territory=str(territory),
                        scenario=str(scenario),
                        indicator=key,
                        title=words,
                        value=value,
                        interval=interval.strip(),
                        median=float(stats["median"]),
                        p05=float(stats["p05"]),
                        p95=float(stats["p95"]),
                        n=int(stats["n"]),
                        n_null=int(n_null),
                    )
                )
    return cards
