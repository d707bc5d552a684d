"""Figures of runs: fan charts over time, who pays by year, the money-flow Sankey, headline cards.

Pure functions: each takes data frames in the layout of :mod:`sim.dashboard.data` (run identity
columns ``run_id``, ``scenario``, ``territory``, ``seed``) and a language, and returns a
:class:`plotly.graph_objects.Figure` (or, for :func:`headline_cards`, plain records). Nothing
here knows about HTML, so the Dash app reuses them as they are. Colours, layout and how spreads
are summarised are in :mod:`sim.dashboard.style`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from sim.dashboard import labels as L
from sim.dashboard import style
from sim.report import numbers as N

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


# --------------------------------------------------------------------------- fan charts
def fan_stats(
    timeseries: pd.DataFrame, column: str, *, world: str = style.SCENARIO, versus_twin: bool = False
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
        values = (wide[style.SCENARIO] - wide[style.TWIN]).rename(column).reset_index()
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
        return style.empty(heading, lang)
    stats = fan_stats(timeseries, column, versus_twin=versus_twin)
    twin = fan_stats(timeseries, column, world=style.TWIN) if show_twin and not versus_twin else None
    several = stats["territory"].nunique() > 1
    fig = go.Figure()
    pairs = [
        (territory, scenario)
        for territory in dict.fromkeys(stats["territory"])
        for scenario in style.design_order(stats["scenario"])
        if ((stats["territory"] == territory) & (stats["scenario"] == scenario)).any()
    ]
    for index, (territory, scenario) in enumerate(pairs):
        block = stats[(stats["territory"] == territory) & (stats["scenario"] == scenario)]
        if versus_twin and scenario == "status_quo":
            continue  # the status quo minus its twin is zero by construction
        hue = style.colour(scenario, index)
        name = style.series_name(scenario, territory, several, lang)
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
                    fillcolor=style.rgba(hue, alpha) if fill else None,
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
    return style.styled(fig, heading, unit, hovermode="x unified", xaxis_title=L.name("date", lang))


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
        return style.empty(heading, lang)
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
                marker_color=style.PAYER_COLOURS[index % len(style.PAYER_COLOURS)],
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
    return style.styled(fig, heading, L.label("net_eur", lang))


def sankey_links(ledger: pd.DataFrame, year: int, *, world: str = style.SCENARIO) -> tuple[pd.DataFrame, float]:
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
            "color": [style.KIND_COLOURS.get(kinds.get(node, "other"), style.KIND_COLOURS["other"]) for node in nodes],
            "pad": 12,
            "thickness": 14,
        },
        link={
            "source": [index[node] for node in links["source"]],
            "target": [index[node] for node in links["target"]],
            "value": links["amount_eur"].to_numpy(),
            "label": [L.name(category, lang) for category in links["category"]],
            "color": [
                style.rgba(style.KIND_COLOURS.get(kinds.get(s, "other"), "#8c8c8c"), 0.35) for s in links["source"]
            ],
        },
        meta={"year": int(year), "nodes": nodes, "payroll_left_out_eur": left_out},
    )
    return trace, left_out


def sankey(
    ledger: pd.DataFrame, year: int, lang: str = "fr", *, world: str = style.SCENARIO, title: str | None = None
) -> go.Figure:
    """A Sankey diagram of one year's money flows (mean over runs) between payers, the fund,
    EBEs, operators, firms and households. See :func:`sankey_links` for what it draws."""
    trace, left_out = _sankey_trace(ledger, year, lang, world, True)
    heading = title or f"{L.text('who_pays', lang)}: {year}"
    fig = go.Figure(trace)
    return style.styled(fig, _with_payroll(heading, left_out, lang), height=560)


def _with_payroll(heading: str, left_out: float, lang: str) -> str:
    if left_out <= 0:
        return heading
    note = L.text("payroll_note", lang).format(amount=N.number(left_out, "eur", lang))
    return f"{heading}<br><sup>{note}</sup>"


def sankey_by_year(
    ledger: pd.DataFrame, lang: str = "fr", *, world: str = style.SCENARIO, title: str | None = None
) -> go.Figure:
    """:func:`sankey` for every year of the ledger in one figure, with a year menu.

    One Sankey trace per year, only the first visible; the menu (plotly ``updatemenus``) shows
    the chosen year's trace and title, so the choice works in a static HTML page.
    """
    heading = title or L.text("who_pays", lang)
    if ledger.empty:
        return style.empty(heading, lang)
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
    return style.styled(fig, titles[start], height=580, margin={"t": 90, "l": 20, "r": 20, "b": 20})


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
    for territory in style.territory_order(ok["territory"]):
        block = ok[ok["territory"] == territory]
        for scenario in style.design_order(block["scenario"]):
            rows = block[block["scenario"] == scenario]
            for key in indicators:
                if key not in rows:
                    continue
                stats = style.quantiles(rows[key])
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
