"""Figures of runs: fan charts over time, who pays by year, headline cards.

Pure functions: each takes data frames in the layout of :mod:`sim.dashboard.data` (run identity
columns ``run_id``, ``scenario``, ``territory``, ``seed``) and a language, and returns a
:class:`plotly.graph_objects.Figure` (or, for :func:`headline_cards`, plain records). Nothing
here knows about HTML, so the Dash app reuses them as they are. Colours, layout and how spreads
are summarised are in :mod:`sim.dashboard.style`; the money-flow Sankey is
:mod:`sim.dashboard.sankey`.

Designs and territories are never pooled: a fan chart draws each territory in its own panel
(each design its own line), and who-pays bars draw one design in one territory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from sim.dashboard import glossary, style
from sim.dashboard import labels as L
from sim.report import numbers as N

CARD_INDICATORS = (
    "scheme_fte_end",
    "scheme_people_end",
    "volunteers_total",
    "months_to_exhaustivity",
    "long_term_jobless_fall_end",
    "net_public_cost_eur",
    "net_public_cost_eur_year",
    "net_public_cost_per_fte_year",
    "public_spending_eur",
    "avoided_cost_per_fte_year",
    "activation_rate",
    "eval_net_cost_per_fte_year",
    "territories_stopped",
)
PAYERS_CARD = "net_cost_by_payer"


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
    if not values.duplicated(keys).any():
        # one run a month (a what-if, a single run): every quantile is the run's value
        one = values[keys].copy()
        one.insert(len(keys), "n", values[column].notna().astype(int).to_numpy())
        for stat in ("p05", "p25", "median", "p75", "p95"):
            one[stat] = values[column].to_numpy(dtype=float)
        return one.sort_values(["territory", "scenario", "month"], kind="stable").reset_index(drop=True)
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

    Each territory is drawn in its own panel with its own axis (a basin of thousands of jobs
    and a pilot of a hundred never share one); each design is a line of its own colour.

    Args:
        timeseries: Stacked time series (see :func:`fan_stats`).
        column: The series, e.g. ``ebe_fte`` or ``volunteers_waiting``.
        lang: ``fr`` or ``en``.
        versus_twin: Draw scenario minus twin (e.g. net public spending against the status quo);
            the subtitle states the sign.
        show_twin: Also draw the twin's median as a dotted line (status-quo twins of a
            status-quo run are the run itself and are not drawn).
        title: Heading; the column's label by default.

    Every trace carries ``meta = {"scenario", "territory", "stat"}`` with stat one of
    ``p95``, ``p05``, ``p75``, ``p25``, ``median``, ``twin_median``. Money is drawn in k€, M€
    or Md€ (``layout.meta["divisor"]``).
    """
    heading = title or (
        f"{L.name(column, lang)}, {L.text('scenario_vs_twin', lang)}" if versus_twin else L.name(column, lang)
    )
    if versus_twin:
        heading += f"<br><sup>{L.text('sign_vs_twin', lang)}</sup>"
    if timeseries.empty or column not in timeseries:
        return style.empty(heading, lang)
    stats = fan_stats(timeseries, column, versus_twin=versus_twin)
    twin = fan_stats(timeseries, column, world=style.TWIN) if show_twin and not versus_twin else None
    kind = L.unit_kind("net_public_spending_vs_twin" if versus_twin else column)
    divisor, unit = 1.0, L.unit("net_public_spending_vs_twin" if versus_twin else column, lang)
    if kind.startswith("eur"):
        divisor, symbol = style.money_axis(stats[["p05", "p95", "median"]].to_numpy(), lang)
        unit = style.money_unit(symbol, kind, lang)
    territories = style.territory_order(stats["territory"])
    several = len(territories) > 1
    fig = (
        style.subplots(
            rows=len(territories),
            cols=1,
            shared_xaxes=True,
            subplot_titles=[L.name(t, lang) for t in territories],
            vertical_spacing=0.12 / len(territories) + 0.04,
        )
        if several
        else style.figure()
    )
    place: dict = {}
    legend_done: set[str] = set()
    for row, territory in enumerate(territories, start=1):
        if several:
            place = {"row": row, "col": 1}
        for index, scenario in enumerate(style.design_order(stats.loc[stats["territory"] == territory, "scenario"])):
            if versus_twin and scenario == "status_quo":
                continue  # the status quo minus its twin is zero by construction
            block = stats[(stats["territory"] == territory) & (stats["scenario"] == scenario)]
            hue = style.colour(scenario, index)
            name = L.name(scenario, lang)
            group = scenario
            for stat, fill, alpha, words in (
                # upper edge first, then the lower edge filled up to it ("tonexty"): 90 %, then 50 %
                ("p95", None, 0.0, L.text("band90", lang)),
                ("p05", "tonexty", 0.15, L.text("band90", lang)),
                ("p75", None, 0.0, L.text("band50", lang)),
                ("p25", "tonexty", 0.35, L.text("band50", lang)),
            ):
                fig.add_trace(
                    go.Scatter(
                        x=block["date"],
                        y=block[stat] / divisor,
                        mode="lines",
                        line={"width": 0},
                        fill=fill,
                        fillcolor=style.rgba(hue, alpha) if fill else None,
                        legendgroup=group,
                        showlegend=False,
                        name=f"{name}: {words}",
                        hoverinfo="skip",
                        meta={"scenario": scenario, "territory": territory, "stat": stat},
                    ),
                    **place,
                )
            fig.add_trace(
                go.Scatter(
                    x=block["date"],
                    y=block["median"] / divisor,
                    mode="lines",
                    line={"color": hue, "width": 2},
                    legendgroup=group,
                    showlegend=scenario not in legend_done,
                    name=name,
                    hovertemplate="%{y:,.1f} " + unit + "<extra>" + f"{name}: {L.text('median', lang)}" + "</extra>",
                    meta={"scenario": scenario, "territory": territory, "stat": "median"},
                ),
                **place,
            )
            legend_done.add(scenario)
            if twin is not None and scenario != "status_quo":
                own = twin[(twin["territory"] == territory) & (twin["scenario"] == scenario)]
                twin_name = f"{name}: {L.text('twin', lang)}"
                fig.add_trace(
                    go.Scatter(
                        x=own["date"],
                        y=own["median"] / divisor,
                        mode="lines",
                        line={"color": hue, "width": 1.5, "dash": "dot"},
                        legendgroup=group,
                        showlegend=twin_name not in legend_done,
                        name=twin_name,
                        hovertemplate="%{y:,.1f} " + unit + "<extra>" + twin_name + "</extra>",
                        meta={"scenario": scenario, "territory": territory, "stat": "twin_median"},
                    ),
                    **place,
                )
                legend_done.add(twin_name)
    fig.update_yaxes(title_text=unit)
    fig.update_layout(meta={"divisor": divisor})
    height = 440 if not several else 300 * len(territories) + 140
    top = 90 if versus_twin or several else 60
    return style.styled(
        fig,
        heading,
        unit,
        lang=lang,
        hovermode="x unified",
        height=height,
        margin={"t": top, "l": 70, "r": 20, "b": 40},
    )


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
    it saves: the subtitle says so); the black diamonds are the mean total over payers with its
    5-95 % interval over runs. Payers that are zero in every year are left out. Money is drawn
    in k€, M€ or Md€ (``layout.meta["divisor"]``).

    Args:
        ledger: Stacked ledgers of ONE design and territory (``run_id`` tells the runs apart);
            several are refused (:class:`sim.dashboard.style.PooledError`), never averaged.
        payers: ``(name, label)`` of the payers, in display order.
        lang: ``fr`` or ``en``.
        title: Heading.
    """
    style.require_one(ledger, "The who-pays bars")
    heading = (title or L.text("who_pays", lang)) + f"<br><sup>{L.text('sign_net', lang)}</sup>"
    yearly = yearly_net_by_payer(ledger, payers)
    if yearly.empty:
        return style.empty(heading, lang)
    means = yearly.groupby(["payer", "year"], sort=False)["net_eur"].mean()
    order = [name for name, _ in payers] + [p for p in dict.fromkeys(yearly["payer"]) if p not in dict(payers)]
    years = sorted(yearly["year"].unique())
    totals = yearly.groupby(["year", "run_id"])["net_eur"].sum().groupby(level=0)
    total = pd.DataFrame({"mean": totals.mean(), "p05": totals.quantile(0.05), "p95": totals.quantile(0.95)}).reindex(
        years
    )
    stacked = means.unstack(0).reindex(years).fillna(0.0) if not means.empty else pd.DataFrame()
    extent = [stacked.clip(lower=0).sum(axis=1).max(), -stacked.clip(upper=0).sum(axis=1).min()]
    divisor, symbol = style.money_axis([*extent, *total["p05"], *total["p95"]], lang)
    unit = style.money_unit(symbol, "eur_year", lang)
    fig = style.figure()
    for index, payer in enumerate(order):
        if payer not in means.index.get_level_values(0):
            continue
        values = means.loc[payer].reindex(years, fill_value=0.0)
        if not values.abs().gt(0.005).any():
            continue
        fig.add_trace(
            go.Bar(
                x=years,
                y=values.to_numpy() / divisor,
                name=L.name(payer, lang),
                marker_color=style.PAYER_COLOURS[index % len(style.PAYER_COLOURS)],
                hovertemplate="%{y:,.1f} " + symbol + "<extra>" + L.name(payer, lang) + "</extra>",
                meta={"payer": payer},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=total["mean"].to_numpy() / divisor,
            mode="markers",
            marker={"color": "black", "size": 10, "symbol": "diamond"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (total["p95"] - total["mean"]).to_numpy() / divisor,
                "arrayminus": (total["mean"] - total["p05"]).to_numpy() / divisor,
            },
            name=f"{L.text('net_total', lang)} ({L.text('interval', lang)})",
            hovertemplate="%{y:,.1f} " + symbol + "<extra>" + L.text("net_total", lang) + "</extra>",
            meta={"payer": "all_payers"},
        )
    )
    fig.update_layout(barmode="relative", xaxis={"dtick": 1, "title": L.name("year", lang)}, meta={"divisor": divisor})
    words = f"{L.name('net_eur', lang)} ({unit})"
    return style.styled(fig, heading, words, lang=lang, margin={"t": 80, "l": 70, "r": 20, "b": 40})


# --------------------------------------------------------------------------- headline cards
@dataclass(frozen=True)
class Card:
    """One headline number of one design and territory, over replications.

    Attributes:
        territory, scenario, indicator: What it is about.
        title: Plain words with the unit where the number does not carry it.
        value: The median, formatted (``jamais`` / ``never`` when no run has a value); for the
            payers' card, one line per payer.
        interval: ``[p05 – p95]`` formatted, empty for a single run.
        median, p05, p95: The numbers (NaN when no run has a value).
        n: Runs with a value; n_null: runs without (e.g. exhaustivity never reached).
        term: The glossary entry that explains the indicator (``None`` if none).
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
    term: str | None = None


def headline_cards(
    runs: pd.DataFrame,
    lang: str = "fr",
    indicators: Sequence[str] = CARD_INDICATORS,
    payers: Sequence[tuple[str, str]] = (),
) -> list[Card]:
    """Headline numbers per territory and design: median with its 5-95 % interval.

    Money of one unit kind is written in one scale on every card (``7,8 k€`` beside ``30,7 k€``,
    never ``7 760 €`` beside ``30,7 k€``). Indicators a folder lacks (older runs) have no card.
    Each design's cards end with the payers' net costs over the horizon (+ pays more, − saves)
    when the runs have them.

    Args:
        runs: One row per run (``Results.runs``); failed runs are ignored.
        lang: ``fr`` or ``en``.
        indicators: ``summary.json`` or derived keys (:data:`CARD_INDICATORS`).
        payers: ``(name, label)`` of the payers, for the payers' card (its order).
    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    keys = [key for key in indicators if key in ok and ok[key].notna().any() or key == "months_to_exhaustivity"]
    keys = [key for key in keys if key in ok]
    scale = _money_scales(ok, keys)
    cards = []
    for territory in style.territory_order(ok["territory"]):
        block = ok[ok["territory"] == territory]
        for scenario in style.design_order(block["scenario"]):
            rows = block[block["scenario"] == scenario]
            for key in keys:
                cards.append(_card(rows, territory, scenario, key, lang, scale.get(L.unit_kind(key))))
            if scenario != "status_quo":
                payer_card = _payers_card(rows, territory, scenario, lang, payers)
                if payer_card is not None:
                    cards.append(payer_card)
    return cards


def _money_scales(ok: pd.DataFrame, keys: Sequence[str]) -> dict[str, float]:
    """Per money unit kind, the largest median of any design: the scale of all its cards."""
    scale: dict[str, float] = {}
    groups = ok.groupby(["territory", "scenario"])
    for key in keys:
        kind = L.unit_kind(key)
        if kind.startswith("eur"):
            medians = groups[key].median().abs()
            scale[kind] = max(scale.get(kind, 0.0), float(medians.max()) if medians.notna().any() else 0.0)
    return scale


def _card(rows: pd.DataFrame, territory: str, scenario: str, key: str, lang: str, like: float | None) -> Card:
    stats = style.quantiles(rows[key])
    kind = L.unit_kind(key)
    n_null = len(rows) - stats["n"]
    words = L.name(key, lang) if kind.startswith("eur") or kind == "share" else L.label(key, lang)
    if stats["n"] == 0:
        never = key == "months_to_exhaustivity" and scenario != "status_quo"  # no scheme, no wait
        value = f"{L.text('never', lang)} {n_null}/{len(rows)}" if never else L.text("na", lang)
        interval = ""
    else:
        value = N.number(stats["median"], kind, lang, like=like)
        interval = ""
        if len(rows) > 1:
            low = N.number(stats["p05"], kind, lang, like=like if like is not None else stats["median"])
            high = N.number(stats["p95"], kind, lang, like=like if like is not None else stats["median"])
            interval = f"[{low} – {high}]" if low != high else ""
        if n_null and key == "months_to_exhaustivity":
            interval += f" ({L.text('never', lang)} {n_null}/{len(rows)})"
    return Card(
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
        term=glossary.term_of(key),
    )


def _payers_card(
    rows: pd.DataFrame, territory: str, scenario: str, lang: str, payers: Sequence[tuple[str, str]]
) -> Card | None:
    """Who pays more and who saves: each payer's median net cost over the horizon, largest first."""
    prefix = "net_cost_by_payer_eur."
    columns = [c for c in rows.columns if c.startswith(prefix)]
    order = {name: position for position, (name, _) in enumerate(payers)}
    medians = {c[len(prefix) :]: float(pd.to_numeric(rows[c], errors="coerce").median()) for c in columns}
    medians = {p: v for p, v in medians.items() if v == v and abs(v) >= 0.5}
    if not medians:
        return None
    like = max(abs(v) for v in medians.values())
    ranked = sorted(medians, key=lambda p: (-medians[p], order.get(p, len(order))))
    lines = [f"{L.short(p, lang)} : " if lang == "fr" else f"{L.short(p, lang)}: " for p in ranked]
    value = "\n".join(
        line + N.number(medians[p], "eur", lang, signed=True, like=like) for line, p in zip(lines, ranked, strict=True)
    )
    total = sum(medians.values())
    return Card(
        territory=str(territory),
        scenario=str(scenario),
        indicator=PAYERS_CARD,
        title=L.text("payers_card", lang),
        value=value,
        interval="",
        median=total,
        p05=float("nan"),
        p95=float("nan"),
        n=len(rows),
        n_null=0,
        term="net_public_cost",
    )


def card_context(runs: pd.DataFrame, lang: str = "fr") -> str:
    """The period and price basis every money card refers to, in one sentence."""
    from sim.report.answer import period_text, price_basis_text

    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    return L.text("period_basis", lang).format(period=period_text(ok, lang), prices=price_basis_text(ok, lang))
