"""What the page shows: the report's figures (:mod:`sim.dashboard.run_figures`,
:mod:`sim.dashboard.experiment_figures`) as Dash components.

An adapter between the app and the report helper's modules: results are read with
:func:`sim.dashboard.data.load_results` (through :func:`sim.app.paths.resolve_within`, so nothing
outside the results root is opened), filtered by the page's settings, and drawn with the same
figure functions as the static ``dashboard.html``. A what-if result is put in the same tables
(one run) so that it is drawn by the same functions too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from dash import dcc, html

from sim.app.paths import PathRefused, discover, resolve_within
from sim.app.urlstate import AppState
from sim.app.whatif import WhatIfResult
from sim.dashboard import experiment_figures, run_figures, style
from sim.dashboard import labels as L
from sim.dashboard.data import Results, ResultsError, flatten_summary, load_results, with_derived_columns
from sim.experiments.columns import PAIRED_DESIGNS

DEFAULT_COLUMN = "scheme_fte"
DEFAULT_INDICATOR = "net_public_cost_per_fte_year"
# Time series a fan chart may draw: the contract's stocks and flows (others are left out of the menu).
FAN_COLUMNS = (
    "scheme_fte",
    "ebe_fte",
    "volunteers_waiting",
    "longest_wait_months",
    "jobless",
    "jobless_over_2y",
    "eligible",
    "ebe_employees",
    "subsidised_contracts",
    "in_training",
    "in_ordinary_job",
    "on_insurance",
    "on_ris",
    "no_benefit",
    "hires",
    "ebe_cash_eur",
    "ebe_sales_eur",
    "displaced_fte",
    "public_net_spending_eur",
)
CARD_STYLE = {
    "border": "1px solid #ddd",
    "borderRadius": "6px",
    "padding": "8px 12px",
    "minWidth": "180px",
    "flex": "1",
    "background": "#fafafa",
}
GRAPH_CONFIG = {"displaylogo": False}


@dataclass
class BrowsePage:
    """What the browse callback puts on the page.

    Attributes:
        message: A sentence for the user (an error when ``error``), or ``None``.
        error: Whether ``message`` reports a problem.
        content: Components of the view.
        command: The command that reproduces the results shown.
    """

    message: str | None = None
    error: bool = False
    content: list = field(default_factory=list)
    command: object = None


# --------------------------------------------------------------------------- reading
def _signature(path: Path) -> tuple:
    """Modification times that change when a results folder is (re)written."""
    marks = [path, *(path / name for name in ("experiment.json", "manifest.json", "runs.parquet", "job.json"))]
    return tuple(mark.stat().st_mtime_ns if mark.exists() else 0 for mark in marks)


@functools.lru_cache(maxsize=4)
def _load(path: str, signature: tuple) -> Results:
    return load_results(Path(path))


def open_results(root: Path, rel: str) -> Results:
    """The results of folder ``rel`` under ``root`` (cached until the folder changes).

    Raises:
        PathRefused: If ``rel`` leaves the results root.
        ResultsError: If the folder is missing, partial or malformed.
    """
    path = resolve_within(root, rel)
    if not path.exists():
        raise ResultsError(f"{rel} does not exist under the results root {Path(root).resolve()}")
    return _load(str(path), _signature(path))


def _replication_column(runs: pd.DataFrame) -> str:
    # experiments number their replications; runs and multiruns are told apart by their seed
    if "replication" in runs and runs["replication"].notna().any():
        return "replication"
    return "seed"


def filter_results(results: Results, state: AppState) -> Results:
    """Keep the runs (and their rows) of the chosen designs, territories, replications and years."""
    runs = results.runs
    keep = pd.Series(True, index=runs.index)
    if state.design:
        keep &= runs["scenario"].isin(state.design)
    if state.territory:
        keep &= runs["territory"].isin(state.territory)
    if state.replication:
        column = _replication_column(runs)
        keep &= pd.to_numeric(runs[column], errors="coerce").isin(state.replication)
    runs = runs[keep]
    run_ids = set(runs["run_id"])
    timeseries = results.timeseries[results.timeseries["run_id"].isin(run_ids)]
    ledger = results.ledger[results.ledger["run_id"].isin(run_ids)]
    if state.years is not None:
        low, high = state.years
        timeseries = timeseries[timeseries["date"].dt.year.between(low, high)]
        ledger = ledger[ledger["date"].dt.year.between(low, high)]
    paired = results.paired
    if paired is not None and not paired.empty:
        if state.design:
            paired = paired[paired[list(PAIRED_DESIGNS)].isin(state.design).all(axis=1)]
        if state.territory and "territory" in paired:
            paired = paired[paired["territory"].isin(state.territory)]
    aggregate = results.aggregate
    if aggregate is not None and not aggregate.empty:
        if state.design and "scenario" in aggregate:
            aggregate = aggregate[aggregate["scenario"].isin(state.design)]
        if state.territory and "territory" in aggregate:
            aggregate = aggregate[aggregate["territory"].isin(state.territory)]
    return dataclasses.replace(
        results, runs=runs, timeseries=timeseries, ledger=ledger, paired=paired, aggregate=aggregate
    )


def _options(results: Results, view: str, lang: str) -> dict[str, list]:
    runs, timeseries = results.runs, results.timeseries
    ok = results.ok_runs
    if view in ("sweep", "sobol", "prim"):
        indicators = _indicators(results)
        columns = [{"label": L.label(key, lang), "value": key} for key in indicators]
    else:
        columns = [{"label": L.label(c, lang), "value": c} for c in FAN_COLUMNS if c in timeseries]
    replication = _replication_column(runs)
    years = sorted({int(y) for y in timeseries["date"].dt.year.unique()}) if not timeseries.empty else []
    return {
        "column": columns,
        "design": [
            {"label": L.name(s, lang), "value": s} for s in style.design_order(ok["scenario"].dropna().unique())
        ],
        "territory": [{"label": L.name(t, lang), "value": t} for t in dict.fromkeys(ok["territory"].dropna())],
        "replication": [
            {"label": f"{replication} {int(r)}", "value": int(r)}
            for r in sorted(pd.to_numeric(ok[replication], errors="coerce").dropna().unique())
        ],
        "years": [{"label": str(y), "value": y} for y in years],
    }


def _indicators(results: Results) -> list[str]:
    if results.sensitivity is not None and not results.sensitivity.empty:
        return list(dict.fromkeys(results.sensitivity["indicator"]))
    if results.break_even:
        return [str(results.break_even.get("indicator"))]
    declared = [str(key) for key in results.meta.get("indicators") or []]
    candidates = dict.fromkeys([*declared, *run_figures.CARD_INDICATORS, *experiment_figures.SIDE_EFFECTS])
    return [key for key in candidates if key in results.runs]


def _design_kind(meta: dict) -> str:
    """``grid``, ``sample`` or ``list`` from ``experiment.json`` (its spec, or its summary field)."""
    spec_design = (meta.get("spec") or {}).get("design")
    if isinstance(spec_design, dict) and spec_design.get("kind"):
        return str(spec_design["kind"])
    return str(meta.get("design") or "") if isinstance(meta.get("design"), str) else ""


def control_options(root: Path, state: AppState, *, with_folders: bool) -> dict[str, list]:
    """Dropdown options for ``state``: the folders under the root (when ``with_folders``) and the
    filter values of the folder opened, each list completed with the values ``state`` selects.

    A folder that cannot be opened gives empty filter lists (the browse view says why).
    """
    lang = state.lang
    options: dict[str, list] = {key: [] for key in ("column", "design", "territory", "replication", "years")}
    if with_folders:
        options["results"] = [{"label": entry.label, "value": entry.rel} for entry in discover(root)]
        _complete(options["results"], [state.results] if state.results else [], lambda v: f"{v}  (not listed)")
    if state.results:
        with contextlib.suppress(PathRefused, ResultsError, OSError, ValueError):
            options.update(_options(open_results(root, state.results), state.view, lang))
    _complete(options["column"], [state.column] if state.column else [], str)
    _complete(options["design"], state.design, lambda v: L.name(v, lang))
    _complete(options["territory"], state.territory, lambda v: L.name(v, lang))
    _complete(options["replication"], state.replication, str)
    _complete(options["years"], list(state.years or ()), str)
    return options


def _complete(options: list[dict], selected, label) -> None:
    present = {option["value"] for option in options}
    options.extend({"label": label(value), "value": value} for value in selected if value not in present)


# --------------------------------------------------------------------------- components
def graph(figure: object, graph_id: str | None = None) -> dcc.Graph:
    """A figure on the page."""
    kwargs = {"id": graph_id} if graph_id else {}
    return dcc.Graph(figure=figure, config=GRAPH_CONFIG, **kwargs)


def cards_component(cards: list[run_figures.Card], lang: str) -> html.Div:
    """Headline cards, grouped by territory and design."""
    groups: dict[tuple[str, str], list[run_figures.Card]] = {}
    for card in cards:
        groups.setdefault((card.territory, card.scenario), []).append(card)
    blocks = []
    for (territory, scenario), members in groups.items():
        tiles = [
            html.Div(
                [
                    html.Div(card.title, style={"fontSize": "0.85em", "color": "#555"}),
                    html.Div(card.value, className="card-value", style={"fontSize": "1.5em", "fontWeight": "bold"}),
                    html.Div(card.interval, style={"fontSize": "0.8em", "color": "#555"}),
                ],
                className="headline-card",
                **{"data-indicator": card.indicator, "data-median": repr(card.median)},
                style=CARD_STYLE,
            )
            for card in members
        ]
        heading = f"{L.name(scenario, lang)}, {L.name(territory, lang)}"
        blocks.append(
            html.Div([html.H4(heading), html.Div(tiles, style={"display": "flex", "flexWrap": "wrap", "gap": "8px"})])
        )
    return html.Div(blocks)


# --------------------------------------------------------------------------- browse
def browse_page(root: Path, state: AppState) -> BrowsePage:
    """The browse view of ``state``: the folder opened, filtered, drawn; or a clear message."""
    lang = state.lang
    if not state.results:
        base = Path(root).resolve()
        if not base.is_dir():
            return BrowsePage(message=f"The results root {base} does not exist (see --results).", error=True)
        if not discover(root, limit=1):
            return BrowsePage(message=f"No results under {base} yet: run tzcld, tzcld-main or tzcld-experiment first.")
        return BrowsePage(
            message="Choose a results folder above (runs, multiruns, main jobs and experiments are listed)."
        )
    try:
        results = open_results(root, state.results)
    except PathRefused as error:
        return BrowsePage(message=f"Cannot open {state.results!r}: {error}", error=True)
    except ResultsError as error:
        return BrowsePage(message=f"Cannot open {state.results!r}: {error}", error=True)
    except (OSError, ValueError) as error:  # unreadable folder: say so rather than fail
        return BrowsePage(message=f"Cannot open {state.results!r}: {type(error).__name__}: {error}", error=True)
    shown = filter_results(results, state)
    command = html.Div(
        [
            html.Label(L.text("reproduce", lang), style={"fontWeight": "bold"}),
            html.Code(
                results.command or "(unknown)",
                id="browse-command-line",
                style={"display": "block", "background": "#f4f4f4", "padding": "8px"},
            ),
            html.Div(
                f"{L.text('config_hash', lang)}: {results.config_hash}", style={"fontSize": "0.8em", "color": "#555"}
            ),
        ]
    )
    if shown.ok_runs.empty:
        return BrowsePage(message="No run matches the filters.", error=True, command=command)
    try:
        content = _view(shown, state)
    except (KeyError, ValueError, TypeError, IndexError) as error:
        # a partial folder (say, an experiment without its aggregate) must not break the page
        return BrowsePage(
            message=f"Cannot draw the {state.view} view of {state.results!r}: {type(error).__name__}: {error}",
            error=True,
            command=command,
        )
    failed = results.failed_runs
    notice = None
    if not failed.empty:
        notice = f"{len(failed)} {L.text('failed_runs', lang).lower()}: " + "; ".join(
            f"{row.run_id} ({row.error})" for row in failed.head(5).itertuples()
        )
    header = html.Div(
        f"{L.text('kind_' + results.kind, lang).capitalize()}: {state.results} "
        f"({len(shown.ok_runs)} {L.text('n_ok', lang)})",
        id="browse-summary",
    )
    return BrowsePage(message=notice, error=bool(notice), content=[header, *content], command=command)


def _view(results: Results, state: AppState) -> list:
    lang, view = state.lang, state.view
    runs, timeseries, ledger = results.ok_runs, results.timeseries, results.ledger
    if view == "headline":
        return [cards_component(run_figures.headline_cards(runs, lang), lang)]
    if view == "fan":
        column = state.column if state.column in timeseries else DEFAULT_COLUMN
        versus = column == "public_net_spending_eur"
        return [
            graph(
                run_figures.fan_chart(timeseries, column, lang, versus_twin=versus, show_twin=not versus),
                "browse-graph",
            )
        ]
    if view == "payers":
        return [graph(run_figures.payer_bars(ledger, results.payers, lang), "browse-graph")]
    if view == "sankey":
        years = sorted(ledger["date"].dt.year.unique())
        if not years:
            return [html.P("No money flows in the years chosen.")]
        year = state.years[1] if state.years and state.years[1] in years else int(years[-1])
        return [graph(run_figures.sankey(ledger, int(year), lang), "browse-graph")]
    if view == "paired":
        if results.paired is None or results.paired.empty:
            return [html.P("Paired differences need at least two designs run with the same seeds.")]
        return [graph(experiment_figures.paired_differences_figure(results.paired, lang), "browse-graph")]
    if view == "side_effects":
        return [graph(experiment_figures.side_effects(runs, lang), "browse-graph")]
    indicator = state.column or DEFAULT_INDICATOR
    if view == "sweep":
        if not results.factors:
            return [html.P("This folder sweeps no parameter: open an experiment with a grid or a sample.")]
        if indicator not in runs:
            indicator = _indicators(results)[0]
        kind = _design_kind(results.meta)
        if kind == "grid" and results.aggregate is not None and not results.aggregate.empty:
            figure = experiment_figures.sweep_heatmap(results.aggregate, indicator, results.factors, lang)
        else:
            figure = experiment_figures.sweep_scatter(runs, indicator, results.factors, lang)
        return [graph(figure, "browse-graph")]
    if view == "sobol":
        if results.sensitivity is None or results.sensitivity.empty:
            return [
                html.P("This folder has no sensitivity analysis (run an experiment with a sobol or morris analysis).")
            ]
        if indicator not in set(results.sensitivity["indicator"]):
            indicator = str(results.sensitivity["indicator"].iloc[0])
        return [graph(experiment_figures.sobol_bars(results.sensitivity, indicator, lang), "browse-graph")]
    if view == "prim":
        if not results.break_even:
            return [html.P("This folder has no break-even analysis (run an experiment with a prim analysis).")]
        return [graph(experiment_figures.prim_boxes(results.break_even, lang, runs=runs), "browse-graph")]
    raise ValueError(f"unknown view {view!r}")


# --------------------------------------------------------------------------- what-if
WHATIF_RUN_ID = "whatif"


def whatif_tables(result: WhatIfResult) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[tuple[str, str]]]:
    """A what-if run as the tables of :class:`~sim.dashboard.data.Results`: runs, time series,
    ledger, payers."""
    summary = result.summary
    identity = {
        "run_id": WHATIF_RUN_ID,
        "scenario": summary["scenario"],
        "territory": summary["territory"],
        "seed": summary["seed"],
    }
    runs = pd.DataFrame([{**identity, "status": "ok", "replication": 0, **flatten_summary(summary)}])
    timeseries = with_derived_columns(result.timeseries.assign(**identity))
    ledger = result.ledger.assign(**identity)
    payers = [(p["name"], p.get("label") or p["name"]) for p in summary.get("payers") or []]
    return runs, timeseries, ledger, payers


def whatif_views(result: WhatIfResult, lang: str) -> tuple[html.Div, list]:
    """Headline cards and charts of a what-if run (scenario against its twin)."""
    runs, timeseries, ledger, payers = whatif_tables(result)
    cards = cards_component(run_figures.headline_cards(runs, lang), lang)
    charts = [
        graph(run_figures.fan_chart(timeseries, "scheme_fte", lang, show_twin=True), "whatif-graph-fte"),
        graph(run_figures.fan_chart(timeseries, "volunteers_waiting", lang), "whatif-graph-waiting"),
        graph(run_figures.payer_bars(ledger, payers, lang), "whatif-graph-payers"),
    ]
    return cards, charts
