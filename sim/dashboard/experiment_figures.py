"""Figures of designs compared and of experiments: paired differences, side effects, sweeps over
explored parameters (heatmaps and scatter), Sobol' bars and PRIM boxes.

Pure functions like those of :mod:`sim.dashboard.run_figures`: data frames in, a
:class:`plotly.graph_objects.Figure` out, nothing about HTML. Colours, layout and how spreads are
summarised are in :mod:`sim.dashboard.style`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sim.dashboard import labels as L
from sim.dashboard import style
from sim.dashboard.data import oriented
from sim.experiments.columns import PAIRED_DESIGNS, paired_columns
from sim.report import numbers as N

SIDE_EFFECTS = (
    "displaced_fte_end",
    "displaced_sales_eur",
    "exits_to_ordinary_jobs",
    "participants_income_gain_eur_month",
)


# --------------------------------------------------------------------------- designs compared
def paired_differences_figure(
    paired: pd.DataFrame,
    lang: str = "fr",
    *,
    indicators: Sequence[str] | None = None,
    runs: pd.DataFrame | None = None,
) -> go.Figure:
    """Differences between designs with the same seed: median and 5-95 % interval.

    One panel per indicator; one point per pair of designs (and territory, and other factor
    values when an experiment sweeps some). The sign convention is the one of
    :func:`sim.dashboard.data.oriented` (the design named first minus the second), stated under
    the title. Shares are drawn in percentage points. A panel where no pair has a value (a
    design never reaches exhaustivity) says so, with how many replications never get there.

    Args:
        paired: ``paired_differences`` layout: ``design_a``, ``design_b``, ``territory``,
            ``indicator``, ``median``, ``p05``, ``p95`` (and ``n_pairs``, other factors).
        lang: ``fr`` or ``en``.
        indicators: Which indicators, in order (all of ``paired``'s by default).
        runs: The runs, to count the replications without a value (``never k/n``).
    """
    heading = f"{L.text('designs_compared', lang)}<br><sup>{L.text('sign_pair', lang)}</sup>"
    if paired is None or paired.empty:
        return style.empty(heading, lang)
    paired = oriented(paired)
    wanted = list(indicators) if indicators else list(dict.fromkeys(paired["indicator"]))
    wanted = [key for key in wanted if (paired["indicator"] == key).any()]
    cols = 2 if len(wanted) > 1 else 1
    rows = -(-len(wanted) // cols)
    fig = style.subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[_difference_title(key, lang) for key in wanted],
        horizontal_spacing=0.12,
        vertical_spacing=min(0.14, 0.6 / max(rows, 1)),
    )
    identity = set(paired_columns())
    several = paired["territory"].nunique() > 1
    others = [c for c in paired.columns if c not in identity]
    keys = [*PAIRED_DESIGNS, "territory", *others]
    # One colour and legend entry per comparison; its points in every panel share them.
    comparisons = list(dict.fromkeys(map(tuple, paired[keys].astype(str).to_numpy())))
    drawn: dict[str, int] = dict.fromkeys(wanted, 0)
    for number, comparison in enumerate(comparisons):
        row = dict(zip(keys, comparison, strict=True))
        words = f"{L.name(row['design_a'], lang)} − {L.name(row['design_b'], lang)}"
        if several:
            words += f", {L.name(row['territory'], lang)}"
        extras = [f"{L.name(c, lang)} = {row[c]}" for c in others if row[c] not in ("nan", "None", "<NA>")]
        words += f" ({', '.join(extras)})" if extras else ""
        hue = (
            style.OTHER_COLOURS[number % len(style.OTHER_COLOURS)]
            if len(comparisons) > 1
            else style.colour(row["design_a"])
        )
        match = (paired[keys].astype(str) == pd.Series(row)).all(axis=1)
        legend = True  # the comparison's first point carries its legend entry
        for position, key in enumerate(wanted):
            line = paired[match & (paired["indicator"] == key)]
            scale = 100.0 if L.unit_kind(key) == "share" else 1.0
            line = line[line["median"].notna()]
            if line.empty:
                continue
            drawn[key] += 1
            fig.add_trace(
                go.Scatter(
                    x=line["median"] * scale,
                    y=[number] * len(line),
                    mode="markers",
                    marker={"size": 10, "color": hue},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": ((line["p95"] - line["median"]) * scale).to_numpy(),
                        "arrayminus": ((line["median"] - line["p05"]) * scale).to_numpy(),
                        "color": hue,
                    },
                    legendgroup=str(number),
                    showlegend=legend,
                    name=words,
                    hovertemplate="%{x:,.2f}<extra>" + words + "</extra>",
                    meta={"indicator": key, "comparison": words},
                ),
                row=position // cols + 1,
                col=position % cols + 1,
            )
            legend = False
    fig.update_yaxes(showticklabels=False, range=[-1, len(comparisons)], showgrid=False)
    for axis, key in enumerate(wanted, start=1):
        where = {"row": (axis - 1) // cols + 1, "col": (axis - 1) % cols + 1}
        if drawn[key]:
            fig.add_vline(x=0, line={"color": "#999", "width": 1}, **where)
            continue
        # nothing to draw: say why rather than show an empty axis from -1 to 1
        fig.update_xaxes(visible=False, **where)
        fig.update_yaxes(visible=False, **where)
        suffix = "" if axis == 1 else str(axis)
        fig.add_annotation(
            text=_no_difference_text(paired, key, runs, lang),
            x=0.5,
            y=0.5,
            xref=f"x{suffix} domain",
            yref=f"y{suffix} domain",
            showarrow=False,
            font={"size": 13, "color": "#555"},
            name=f"no-difference:{key}",
        )
    fig.update_annotations(font_size=13)
    return style.styled(
        fig,
        heading,
        lang=lang,
        height=190 + 130 * rows + 20 * len(comparisons),
        margin={"t": 100, "l": 30, "r": 30, "b": 30},
    )


def _difference_title(key: str, lang: str) -> str:
    """A panel's title: the indicator and the unit of its difference (points of % for shares)."""
    if L.unit_kind(key) == "share":
        return f"{L.name(key, lang)} ({N.UNITS['pp'][N.lang_index(lang)]})"
    return L.label(key, lang)


def _no_difference_text(paired: pd.DataFrame, key: str, runs: pd.DataFrame | None, lang: str) -> str:
    """Why a panel has no point: for exhaustivity, which designs never reach it in how many runs."""
    if key != "months_to_exhaustivity" or runs is None or key not in runs:
        return L.text("na", lang)
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    lines = []
    rows = paired[paired["indicator"] == key]
    for design, territory in dict.fromkeys(
        [(d, t) for a, b, t in zip(rows["design_a"], rows["design_b"], rows["territory"], strict=True) for d in (a, b)]
    ):
        block = ok[(ok["scenario"] == design) & (ok["territory"] == territory)]
        never = int(block[key].isna().sum())
        if never and design != "status_quo":
            where = f", {L.name(territory, lang)}" if paired["territory"].nunique() > 1 else ""
            lines.append(
                f"{L.name(design, lang)}{where} : {L.text('never', lang)} {never}/{len(block)}"
                if lang == "fr"
                else f"{L.name(design, lang)}{where}: {L.text('never', lang)} {never}/{len(block)}"
            )
    return "<br>".join(lines) or L.text("na", lang)


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
        return style.empty(heading, lang)
    several = ok["territory"].nunique() > 1
    groups = [
        (territory, scenario)
        for territory in dict.fromkeys(ok["territory"])
        for scenario in style.design_order(ok["scenario"])
        if ((ok["territory"] == territory) & (ok["scenario"] == scenario)).any()
    ]
    titles = [L.label(key, lang) for key in keys]
    if poverty:
        titles.append(f"{L.name('participants_poverty_rate', lang)} (%)")
    cols = 3 if panels > 2 else panels
    rows = -(-panels // cols)
    fig = style.subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.08, vertical_spacing=0.22)
    x_names = [style.series_name(s, t, several, lang) for t, s in groups]

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

    hues = [style.colour(s, i) for i, (_, s) in enumerate(groups)]
    for position, key in enumerate(keys):
        values = [style.quantiles(ok.loc[(ok["territory"] == t) & (ok["scenario"] == s), key]) for t, s in groups]
        bars(values, L.name(key, lang), hues, position, {"indicator": key})
    if poverty:
        for world, key, alpha in (
            (style.SCENARIO, "participants_poverty_rate", 1.0),
            (style.TWIN, "participants_poverty_rate_twin", 0.4),
        ):
            values = [
                {
                    k: v * 100.0
                    for k, v in style.quantiles(ok.loc[(ok["territory"] == t) & (ok["scenario"] == s), key]).items()
                }
                for t, s in groups
            ]
            hue = [style.rgba(h, alpha) for h in hues]
            bars(values, L.name(world, lang), hue, panels - 1, {"indicator": key, "legend": True})
        fig.update_layout(barmode="group")
    fig.update_annotations(font_size=12)
    return style.styled(fig, heading, lang=lang, height=300 * rows + 120, margin={"t": 80, "l": 50, "r": 20, "b": 40})


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

    One factor: a line of ``stat`` with its 5-95 % band, one per design and territory. Two or
    more factors: a heatmap of ``stat`` over the first two, one panel per design and territory
    (when there are several) and per level of the further factors, on one colour scale.

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
        return style.empty(heading, lang)
    fig = style.figure()
    by = [c for c in ("territory", "scenario") if c in rows]
    several = "territory" in rows and rows["territory"].nunique() > 1
    if len(factors) == 1:
        factor = factors[0]
        # one line per design and territory: never averaged together
        groups = rows.groupby(by, sort=False) if by else [((), rows)]
        for index, (key, block) in enumerate(groups):
            identity = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
            scenario = str(identity.get("scenario", ""))
            block = block.groupby(factor)[[stat, "p05", "p95"]].mean().reset_index().sort_values(factor)
            hue = style.colour(scenario, index) if not several else style.OTHER_COLOURS[index % 10]
            name = L.name(scenario, lang) if scenario else L.name(indicator, lang)
            if several:
                name += f", {L.name(str(identity['territory']), lang)}"
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
                    fillcolor=style.rgba(hue, 0.2),
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
        return style.styled(fig, heading, L.unit(indicator, lang), lang=lang)
    x, y = factors[:2]
    # Further factors are not averaged away (a lever such as deficit_top_up changes the picture),
    # nor are designs and territories: one panel per combination of their levels, on one scale.
    extra = [c for c in by if rows[c].nunique() > 1] + list(factors[2:])
    panels = list(rows.groupby(extra, sort=True)) if extra else [((), rows)]
    tables = [(key, block.groupby([y, x])[stat].mean().unstack(x).sort_index()) for key, block in panels]
    values = np.concatenate([table.to_numpy().ravel() for _, table in tables])
    diverging = bool((values < 0).any() and (values > 0).any())
    titles = [
        ", ".join(
            L.name(str(v), lang) if f in by else f"{L.name(f, lang)} = {v}"
            for f, v in zip(extra, key if isinstance(key, tuple) else (key,), strict=True)
        )
        for key, _ in tables
    ]
    if extra:
        fig = style.subplots(rows=1, cols=len(tables), subplot_titles=titles, shared_yaxes=True)
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
    return style.styled(fig, heading, L.label(y, lang), lang=lang)


def sweep_scatter(runs: pd.DataFrame, indicator: str, factors: Sequence[str], lang: str = "fr") -> go.Figure:
    """An indicator against each sampled parameter, one point per run (sample experiments)."""
    heading = L.label(indicator, lang)
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    factors = [f for f in factors if f in ok]
    if ok.empty or not factors or indicator not in ok:
        return style.empty(heading, lang)
    cols = min(3, len(factors))
    rows = -(-len(factors) // cols)
    fig = style.subplots(rows=rows, cols=cols, subplot_titles=[L.label(f, lang) for f in factors], shared_yaxes=True)
    groups = style.pairs(ok)
    several = len({t for t, _ in groups}) > 1
    # one colour per design and territory, with its legend entry: never one pooled cloud
    for number, (territory, scenario) in enumerate(groups):
        block = ok[(ok["territory"] == territory) & (ok["scenario"] == scenario)]
        name = style.series_name(scenario, territory, several, lang)
        hue = style.colour(scenario, number) if not several else style.OTHER_COLOURS[number % 10]
        for position, factor in enumerate(factors):
            fig.add_trace(
                go.Scatter(
                    x=block[factor],
                    y=block[indicator],
                    mode="markers",
                    marker={"size": 5, "opacity": 0.6, "color": hue},
                    showlegend=position == 0 and len(groups) > 1,
                    legendgroup=name,
                    name=name,
                    meta={"factor": factor, "scenario": scenario, "territory": territory},
                ),
                row=position // cols + 1,
                col=position % cols + 1,
            )
    return style.styled(fig, f"{heading}, {L.text('over_uncertainty', lang)}", lang=lang, height=300 * rows + 100)


# --------------------------------------------------------------------------- sensitivity
def sobol_bars(sensitivity: pd.DataFrame, indicator: str, lang: str = "fr") -> go.Figure:
    """Sobol first-order and total indices with 95 % intervals, one bar pair per parameter
    (Morris: mu* with its interval), parameters sorted by decreasing total effect."""
    heading = f"{L.text('sensitivity', lang)}: {L.name(indicator, lang)}"
    rows = sensitivity[sensitivity["indicator"] == indicator] if sensitivity is not None else pd.DataFrame()
    if rows.empty:
        return style.empty(heading, lang)
    fig = style.figure()
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
        return style.styled(fig, heading, L.name("mu_star", lang), lang=lang)
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
    return style.styled(fig, heading, L.text("sobol_index", lang), lang=lang)


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
        fig = style.empty(heading, lang)
        fig.layout.annotations[0].text = L.text("no_box", lang)
        return fig
    fig = style.figure()
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
    return style.styled(fig, heading, lang=lang, height=160 + 40 * sum(len(b["limits"]) for b in boxes))
