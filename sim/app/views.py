"""What the page shows: the report's figures and tables as Dash components.

An adapter between the app and the report helper's modules: results are read with
:func:`sim.dashboard.data.load_results` (through :func:`sim.app.paths.resolve_within`, so nothing
outside the results root is opened), filtered by the page's settings, and drawn with the same
figure and table functions as the static ``dashboard.html``. A what-if result is put in the same
tables (one run) so that it is drawn by the same functions too.

Designs and territories are never pooled: a view of one design in one territory (who pays, the
Sankey) draws one panel per design and territory shown; a view that compares designs (fan
charts, paired differences, side effects) draws each territory apart.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from dash import dcc, html

from sim.app.paths import KINDS, PathRefused, discover, resolve_within
from sim.app.urlstate import AppState
from sim.app.whatif import WhatIfResult
from sim.app.words import word
from sim.dashboard import experiment_figures, glossary, measure_figures, run_figures, sankey, style
from sim.dashboard import labels as L
from sim.dashboard.data import (
    Results,
    ResultsError,
    derived_columns,
    flatten_summary,
    load_results,
    with_derived_columns,
)
from sim.experiments.columns import PAIRED_DESIGNS
from sim.report import answer as A

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
CELL_STYLE = {"textAlign": "right", "padding": "2px 10px", "whiteSpace": "nowrap", "borderBottom": "1px solid #eee"}
ROW_STYLE = {"textAlign": "left", "fontWeight": "normal", "padding": "2px 10px", "borderBottom": "1px solid #eee"}
NOTE_STYLE = {"color": "#555", "fontSize": "0.9em"}


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
    territories = results.territories
    if not territories.empty:
        territories = territories[territories["run_id"].isin(run_ids)]
    if state.years is not None:
        low, high = state.years
        timeseries = timeseries[timeseries["date"].dt.year.between(low, high)]
        ledger = ledger[ledger["date"].dt.year.between(low, high)]
        if not territories.empty:
            territories = territories[territories["date"].dt.year.between(low, high)]
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
        results,
        runs=runs,
        timeseries=timeseries,
        ledger=ledger,
        paired=paired,
        aggregate=aggregate,
        territories=territories,
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
    what = L.name(replication, lang).lower()
    return {
        "column": columns,
        "design": [
            {"label": L.name(s, lang), "value": s} for s in style.design_order(ok["scenario"].dropna().unique())
        ],
        "territory": [{"label": L.name(t, lang), "value": t} for t in style.territory_order(ok["territory"].dropna())],
        "replication": [
            {"label": f"{what} {int(r)}", "value": int(r)}
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


def folder_options(root: Path, lang: str) -> list[dict]:
    """The folder menu: the results folders under the root, grouped by kind under a heading each
    (a disabled entry), each labelled with its kind and number of runs."""
    entries = discover(root)
    options: list[dict] = []
    for kind in KINDS:
        members = [entry for entry in entries if entry.kind == kind]
        if not members:
            continue
        options.append({"label": f"— {word('group_' + kind, lang)} —", "value": f"__group__{kind}", "disabled": True})
        options += [{"label": entry.label_in(lang), "value": entry.rel} for entry in members]
    return options


def control_options(root: Path, state: AppState, *, with_folders: bool) -> dict[str, list]:
    """Dropdown options for ``state``: the folders under the root (when ``with_folders``) and the
    filter values of the folder opened, each list completed with the values ``state`` selects.

    A folder that cannot be opened gives empty filter lists (the browse view says why).
    """
    lang = state.lang
    options: dict[str, list] = {key: [] for key in ("column", "design", "territory", "replication", "years")}
    if with_folders:
        options["results"] = folder_options(root, lang)
        _complete(
            options["results"],
            [state.results] if state.results else [],
            lambda v: word("not_listed", lang).format(folder=v),
        )
    if state.results and state.mode == "browse":
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
def graph(figure: object, graph_id: str | None = None, lang: str = "fr") -> dcc.Graph:
    """A figure on the page, with the report's configuration (no cloud button, the page's locale)."""
    kwargs = {"id": graph_id} if graph_id else {}
    return dcc.Graph(figure=style.to_plotly(figure), config=style.plot_config(lang), **kwargs)


def term_link(term: str | None, words: str, lang: str) -> object:
    """``words`` as a link to their glossary entry (plain text when there is none)."""
    if not term:
        return words
    return html.A(
        words,
        href=f"#{glossary.anchor(term, lang)}",
        className="term",
        title=L.text("glossary_link", lang),
        style={"color": "inherit", "textDecoration": "underline dotted"},
    )


def cards_component(cards: list[run_figures.Card], lang: str, context: str = "") -> html.Div:
    """Headline cards, grouped by territory and design, each title a link to the glossary."""
    groups: dict[tuple[str, str], list[run_figures.Card]] = {}
    for card in cards:
        groups.setdefault((card.territory, card.scenario), []).append(card)
    blocks = [html.P(context, className="card-context", style=NOTE_STYLE)] if context else []
    for (territory, scenario), members in groups.items():
        tiles = [
            html.Div(
                [
                    html.Div(term_link(card.term, card.title, lang), style={"fontSize": "0.85em", "color": "#555"}),
                    html.Div(
                        card.value,
                        className="card-value",
                        style={
                            "fontSize": "1.5em" if card.indicator != run_figures.PAYERS_CARD else "0.95em",
                            "fontWeight": "bold",
                            "whiteSpace": "pre-line",
                        },
                    ),
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


def answer_component(
    table: pd.DataFrame, runs: pd.DataFrame, lang: str, *, names: dict[str, str] | None = None, ident: str = "answer"
) -> html.Div:
    """The one-table answer (:mod:`sim.report.answer`): header sentence, one table per territory,
    each row label a link to the glossary."""
    parts: list = [html.P(A.answer_header(runs, lang), className="answer-header", style=NOTE_STYLE)]
    displays = A.answer_display(table, lang, names=names)
    for territory, (frame, keys) in displays.items():
        if len(displays) > 1:
            parts.append(html.H4(L.name(territory, lang)))
        head = html.Tr([html.Th(""), *[html.Th(str(c), style=CELL_STYLE) for c in frame.columns]])
        body = [
            html.Tr(
                [
                    html.Th(term_link(glossary.term_of(key), str(label), lang), style=ROW_STYLE, scope="row"),
                    *[html.Td(str(v), className="cell", style=CELL_STYLE) for v in row],
                ],
                **{"data-row": key},
            )
            for (label, row), key in zip(frame.iterrows(), keys, strict=True)
        ]
        parts.append(
            html.Table(
                [html.Thead(head), html.Tbody(body)],
                className="answer",
                id=f"{ident}-{territory}",
                style={"borderCollapse": "collapse", "margin": "6px 0 12px"},
            )
        )
    return html.Div(parts, id=ident)


def glossary_component(lang: str) -> html.Div:
    """Every glossary entry; the indicators' labels link to them."""
    items = []
    for key, term, text in glossary.entries(lang):
        items += [html.Dt(term, id=glossary.anchor(key, lang), style={"fontWeight": "bold", "marginTop": "6px"})]
        items += [html.Dd(text, style={"margin": "2px 0 0 0", "maxWidth": "60rem"})]
    return html.Div([html.H3(word("glossary", lang)), html.Dl(items)], id="glossary", className="glossary")


# --------------------------------------------------------------------------- browse
def browse_page(root: Path, state: AppState) -> BrowsePage:
    """The browse view of ``state``: the folder opened, filtered, drawn; or a clear message."""
    lang = state.lang
    if not state.results:
        base = Path(root).resolve()
        if not base.is_dir():
            return BrowsePage(message=word("no_root", lang).format(root=base), error=True)
        if not discover(root, limit=1):
            return BrowsePage(message=word("no_results", lang).format(root=base))
        return BrowsePage(message=word("choose_folder", lang))
    try:
        if not resolve_within(root, state.results).exists():
            where = Path(root).resolve()
            return BrowsePage(message=word("missing_folder", lang).format(folder=state.results, root=where), error=True)
        results = open_results(root, state.results)
    except PathRefused as error:
        reason = error.text(lang)
        return BrowsePage(
            message=word("cannot_open", lang).format(folder=repr(state.results), error=reason), error=True
        )
    except ResultsError as error:  # the reader's message names the file (in English, as the CLI's)
        return BrowsePage(message=word("cannot_open", lang).format(folder=repr(state.results), error=error), error=True)
    except (OSError, ValueError) as error:  # unreadable folder: say so rather than fail
        reason = f"{type(error).__name__}: {error}"
        return BrowsePage(
            message=word("cannot_open", lang).format(folder=repr(state.results), error=reason), error=True
        )
    shown = filter_results(results, state)
    command = html.Div(
        [
            html.Label(word("reproduce", lang), style={"fontWeight": "bold"}),
            html.Code(
                results.command or word("unknown_command", lang),
                id="browse-command-line",
                style={"display": "block", "background": "#f4f4f4", "padding": "8px"},
            ),
            html.Div(
                f"{word('config_hash', lang)}: {results.config_hash}", style={"fontSize": "0.8em", "color": "#555"}
            ),
        ]
    )
    if shown.ok_runs.empty:
        return BrowsePage(message=word("no_match", lang), error=True, command=command)
    try:
        content = _view(shown, state)
    except (KeyError, ValueError, TypeError, IndexError) as error:
        # a partial folder (say, an experiment without its aggregate) must not break the page
        reason = f"{type(error).__name__}: {error}"
        return BrowsePage(
            message=word("cannot_draw", lang).format(view=state.view, folder=repr(state.results), error=reason),
            error=True,
            command=command,
        )
    failed = results.failed_runs
    notice = None
    if not failed.empty:
        listed = "; ".join(f"{row.run_id} ({row.error})" for row in failed.head(5).itertuples())
        notice = word("failed_runs", lang).format(n=len(failed), list=listed)
    kind = L.text("kind_" + results.kind, lang).capitalize()
    header = html.Div(
        word("shown", lang).format(kind=kind, folder=state.results, n=len(shown.ok_runs)), id="browse-summary"
    )
    return BrowsePage(message=notice, error=bool(notice), content=[header, *content], command=command)


def _panels(results: Results, lang: str, make, *, prefix: str = "browse-graph") -> list:
    """One figure per design and territory (the status quo left out), each under its heading."""
    out = []
    for number, (territory, scenario) in enumerate(style.pairs(results.ok_runs, designs_only=True), start=1):
        ledger = results.ledger[(results.ledger["territory"] == territory) & (results.ledger["scenario"] == scenario)]
        heading = f"{L.name(scenario, lang)}, {L.name(territory, lang)}"
        out.append(
            html.Div(
                [html.H4(heading), graph(make(ledger, heading), f"{prefix}-{number}", lang)],
                className="browse-panel",
                **{"data-territory": territory, "data-scenario": scenario},
            )
        )
    return out or [html.P(word("no_design", lang))]


def _by_territory(results: Results, lang: str, make) -> list:
    """One figure per territory: designs compared within it, never across territories."""
    territories = style.territory_order(results.ok_runs["territory"])
    out = []
    for number, territory in enumerate(territories, start=1):
        graph_id = "browse-graph" if len(territories) == 1 else f"browse-graph-{number}"
        title = [html.H4(L.name(territory, lang))] if len(territories) > 1 else []
        out.append(html.Div([*title, graph(make(territory), graph_id, lang)], className="browse-panel"))
    return out


def _view(results: Results, state: AppState) -> list:
    lang, view = state.lang, state.view
    runs, timeseries, ledger = results.ok_runs, results.timeseries, results.ledger
    if view == "headline":
        table = A.answer_table(runs, results.payers, lang)
        cards = run_figures.headline_cards(runs, lang, payers=results.payers)
        return [
            html.H3(L.text("answer", lang)),
            answer_component(table, runs, lang),
            html.H3(L.text("headline", lang)),
            cards_component(cards, lang, run_figures.card_context(runs, lang)),
        ]
    if view == "fan":
        column = state.column if state.column in timeseries else DEFAULT_COLUMN
        versus = column == "public_net_spending_eur"
        figure = run_figures.fan_chart(timeseries, column, lang, versus_twin=versus, show_twin=not versus)
        return [graph(figure, "browse-graph", lang)]
    if view == "payers":
        return _panels(results, lang, lambda g, title: run_figures.payer_bars(g, results.payers, lang, title=title))
    if view == "sankey":
        years = sorted(ledger["date"].dt.year.unique())
        if not years:
            return [html.P(word("no_flows", lang))]
        year = state.years[1] if state.years and state.years[1] in years else int(years[-1])
        return _panels(results, lang, lambda g, title: sankey.sankey(g, int(year), lang, title=f"{title}: {int(year)}"))
    if view == "paired":
        if results.paired is None or results.paired.empty:
            return [html.P(word("no_paired", lang))]
        paired = results.paired
        return _by_territory(
            results,
            lang,
            lambda t: experiment_figures.paired_differences_figure(paired[paired["territory"] == t], lang, runs=runs),
        )
    if view == "side_effects":
        return _by_territory(
            results, lang, lambda t: experiment_figures.side_effects(runs[runs["territory"] == t], lang)
        )
    if view == "hiring":
        graphs = [graph(measure_figures.hiring_constraints(timeseries, lang), "browse-graph", lang)]
        if not results.territories.empty:
            figure = measure_figures.territory_status(results.territories, lang)
            graphs.append(graph(figure, "browse-territories", lang))
        return graphs
    if view == "evaluation":
        table = A.answer_table(runs, None, lang, rows=A.EVALUATION_ROWS)
        return [
            answer_component(table, runs, lang, ident="evaluation"),
            graph(measure_figures.avoided_components(runs, lang), "browse-graph", lang),
        ]
    indicator = state.column or DEFAULT_INDICATOR
    if view == "sweep":
        if not results.factors:
            return [html.P(word("no_sweep", lang))]
        if indicator not in runs:
            indicator = _indicators(results)[0]
        kind = _design_kind(results.meta)
        if kind == "grid" and results.aggregate is not None and not results.aggregate.empty:
            figure = experiment_figures.sweep_heatmap(results.aggregate, indicator, results.factors, lang)
        else:
            figure = experiment_figures.sweep_scatter(runs, indicator, results.factors, lang)
        return [graph(figure, "browse-graph", lang)]
    if view == "sobol":
        if results.sensitivity is None or results.sensitivity.empty:
            return [html.P(word("no_sobol", lang))]
        if indicator not in set(results.sensitivity["indicator"]):
            indicator = str(results.sensitivity["indicator"].iloc[0])
        return [graph(experiment_figures.sobol_bars(results.sensitivity, indicator, lang), "browse-graph", lang)]
    if view == "prim":
        if not results.break_even:
            return [html.P(word("no_prim", lang))]
        return [graph(experiment_figures.prim_boxes(results.break_even, lang, runs=runs), "browse-graph", lang)]
    raise ValueError(f"unknown view {view!r}")


def answer_download(root: Path, state: AppState, fmt: str) -> tuple[bytes, str]:
    """The answer table of the folder and filters of ``state`` as a download: (bytes, file name).

    Raises:
        PathRefused, ResultsError: As :func:`open_results`.
        ValueError: For an unknown format.
    """
    shown = filter_results(open_results(root, state.results), state)
    lang = state.lang
    table = A.answer_table(shown.ok_runs, shown.payers, lang)
    frame = A.download_frame(table, shown.ok_runs, lang)
    data = A.to_bytes(
        frame,
        fmt,
        about=A.answer_header(shown.ok_runs, lang),
        sheet=A.word("sheet", lang),
        about_sheet=A.word("about", lang),
    )
    name = "tzcld-reponse" if lang == "fr" else "tzcld-answer"
    return data, f"{name}.{fmt}"


# --------------------------------------------------------------------------- what-if
WHATIF_RUN_ID = "whatif"
BASELINE_RUN_ID = "baseline"
SETTINGS = "setting"  # the column that tells the current settings from the pinned baseline


def whatif_tables(
    result: WhatIfResult, run_id: str = WHATIF_RUN_ID
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[tuple[str, str]]]:
    """A what-if run as the tables of :class:`~sim.dashboard.data.Results`: runs, time series,
    ledger, payers."""
    summary = result.summary
    identity = {
        "run_id": run_id,
        "scenario": summary["scenario"],
        "territory": summary["territory"],
        "seed": summary["seed"],
    }
    runs = pd.DataFrame([{**identity, "status": "ok", "replication": 0, **flatten_summary(summary)}])
    timeseries = with_derived_columns(result.timeseries.assign(**identity))
    runs = derived_columns(runs, timeseries)
    ledger = result.ledger.assign(**identity)
    payers = [(p["name"], p.get("label") or p["name"]) for p in summary.get("payers") or []]
    return runs, timeseries, ledger, payers


def whatif_views(result: WhatIfResult, lang: str, baseline: WhatIfResult | None = None) -> tuple[html.Div, list]:
    """Headline cards and charts of a what-if run (scenario against its twin); with a pinned
    ``baseline``, the cards say each number's difference from it, a table sets the two side by
    side with the difference, and the charts draw the baseline dashed."""
    runs, timeseries, ledger, payers = whatif_tables(result)
    cards = run_figures.headline_cards(runs, lang, payers=payers)
    context = run_figures.card_context(runs, lang)
    charts: list = []
    if baseline is not None:
        base_runs, base_series, _, _ = whatif_tables(baseline, BASELINE_RUN_ID)
        both = pd.concat([base_runs.assign(**{SETTINGS: "baseline"}), runs.assign(**{SETTINGS: "current"})])
        table = A.answer_table(both, payers, lang, by=SETTINGS, columns=["baseline", "current"])
        charts.append(
            html.Div(
                [html.H4(word("baseline_compare", lang)), comparison_component(table, both, lang)],
                id="whatif-comparison",
            )
        )
        timeseries = pd.concat([base_series.assign(scenario="baseline"), timeseries.assign(scenario="current")])
    fte = run_figures.fan_chart(_named(timeseries, lang), "scheme_fte", lang, show_twin=True)
    waiting = run_figures.fan_chart(_named(timeseries, lang), "volunteers_waiting", lang)
    charts += [
        graph(fte, "whatif-graph-fte", lang),
        graph(waiting, "whatif-graph-waiting", lang),
        graph(run_figures.payer_bars(ledger, payers, lang), "whatif-graph-payers", lang),
    ]
    return cards_component(cards, lang, context), charts


def _named(timeseries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The baseline and current settings as the fan chart's "designs" (their names in ``lang``)."""
    if "baseline" not in set(timeseries["scenario"]):
        return timeseries
    names = {"baseline": word("baseline", lang), "current": word("current", lang)}
    return timeseries.assign(scenario=timeseries["scenario"].map(names))


def comparison_component(table: pd.DataFrame, runs: pd.DataFrame, lang: str) -> html.Div:
    """The answer's rows for the baseline and the current settings, with their difference
    (current − baseline) in a third column."""
    names = {"baseline": word("baseline", lang), "current": word("current", lang)}
    medians = table.pivot_table(index=["territory", "row"], columns="design", values="median", sort=False)
    difference = (medians["current"] - medians["baseline"]).rename("median").reset_index()
    extra = (
        table[table["design"] == "current"]
        .drop(columns=["median", "p05", "p95"])
        .merge(difference, on=["territory", "row"])
    )
    extra = extra.assign(design="difference", p05=extra["median"], p95=extra["median"])
    names["difference"] = word("difference", lang)
    return answer_component(pd.concat([table, extra], ignore_index=True), runs, lang, names=names, ident="comparison")
