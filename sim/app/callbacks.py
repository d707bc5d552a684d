"""The app's callbacks: the URL is the state, the controls edit it, the views read it.

Four callbacks:

- :func:`sync` keeps the controls and the query string in step. A change of a control writes
  the new query string; a new query string (page opened from a shared address, back button)
  sets the controls. Both directions live in one callback, the form Dash allows for a cycle.
- the browse callback reads the query string, opens the chosen folder (confined to the results
  root) and draws the chosen view with the filters.
- the what-if callback reads the query string and reruns the pilot territory with the levers.
- the headings of the what-if's two groups of controls (policy levers, uncertainties) follow
  the language.
"""

from __future__ import annotations

import time
from pathlib import Path

from dash import Dash, Input, Output, ctx, html, no_update

from sim.app import layout as ids
from sim.app import views, whatif
from sim.app.urlstate import DEFAULT, AppState, decode, encode
from sim.report.numbers import LANGS

SHOWN = {"display": "block"}
HIDDEN = {"display": "none"}


def _error_box(lines: list[str] | str) -> html.Div:
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return html.Div(text, style=ids.STYLE_ERROR, className="app-error")


def _round(value: object) -> object:
    # slider positions are min + k * step computed in floating point: drop the last-digit noise
    return round(value, 10) if isinstance(value, float) else value


def register(app: Dash, root: Path) -> None:
    """Attach the callbacks to ``app``, whose results root is ``root``."""
    lever_list = whatif.levers()
    lever_names = tuple(lever.name for lever in lever_list)
    lever_defaults = {lever.name: lever.default for lever in lever_list}
    choice_levers = {lever.name for lever in lever_list if lever.choices is not None}
    controls = [
        (ids.MODE, "value"),
        (ids.LANG, "value"),
        (ids.RESULTS_DIR, "value"),
        (ids.VIEW, "value"),
        (ids.COLUMN, "value"),
        (ids.DESIGN, "value"),
        (ids.TERRITORY, "value"),
        (ids.REPLICATION, "value"),
        (ids.YEAR_FROM, "value"),
        (ids.YEAR_TO, "value"),
        (ids.SEED, "value"),
        (ids.HORIZON, "value"),
        *[(ids.lever_id(name), "value") for name in lever_names],
    ]

    dropdowns = (ids.RESULTS_DIR, ids.COLUMN, ids.DESIGN, ids.TERRITORY, ids.REPLICATION, ids.YEAR_FROM, ids.YEAR_TO)
    option_keys = ("results", "column", "design", "territory", "replication", "years", "years")

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.URL_PROBLEMS, "children"),
        Output(ids.BROWSE_SECTION, "style"),
        Output(ids.WHATIF_SECTION, "style"),
        *[Output(component, "options") for component in dropdowns],
        *[Output(component, prop) for component, prop in controls],
        Input(ids.URL, "search"),
        *[Input(component, prop) for component, prop in controls],
    )
    def sync(search: str | None, *values: object) -> tuple:
        from_url = ctx.triggered_id in (None, ids.URL)
        if from_url:
            # the address is the authority: set every control from it
            state, problems = decode(search, lever_names)
        else:
            state, problems = _state_from_controls(values, lever_names), []
        # A dropdown drops a value missing from its options (and the address would lose it):
        # the options always hold the values chosen, listed or not.
        options = views.control_options(root, state, with_folders=from_url)
        option_values = [options.get(key, no_update) for key in option_keys]
        if not from_url:
            new_search = encode(state, lever_defaults)
            unchanged = [no_update] * len(controls)
            url = new_search if new_search != (search or "") else no_update
            return (url, None, *_sections(state.mode), *option_values, *unchanged)
        levers = {name: state.levers.get(name, lever_defaults[name]) for name in lever_names}
        # a lever value that is not a number cannot sit on a slider; the what-if names it
        levers = {
            name: value if isinstance(value, float) or name in choice_levers else lever_defaults[name]
            for name, value in levers.items()
        }
        years = state.years or (None, None)
        control_values = [
            state.mode,
            state.lang,
            state.results or None,
            state.view,
            state.column or None,
            list(state.design),
            list(state.territory),
            list(state.replication),
            years[0],
            years[1],
            state.seed,
            state.horizon,
            *[levers[name] for name in lever_names],
        ]
        notice = _error_box(problems) if problems else None
        return (no_update, notice, *_sections(state.mode), *option_values, *control_values)

    @app.callback(
        Output(ids.LEVERS_HEADING, "children"),
        Output(ids.UNCERTAINTIES_HEADING, "children"),
        Input(ids.LANG, "value"),
    )
    def group_headings(lang: str | None) -> tuple[str, str]:
        return ids.group_headings(lang if lang in LANGS else DEFAULT.lang)

    @app.callback(
        Output(ids.BROWSE_MESSAGE, "children"),
        Output(ids.BROWSE_MESSAGE, "style"),
        Output(ids.BROWSE_CONTENT, "children"),
        Output(ids.BROWSE_COMMAND, "children"),
        Input(ids.URL, "search"),
    )
    def browse(search: str | None) -> tuple:
        state, _ = decode(search, lever_names)
        if state.mode != "browse":
            return (no_update,) * 4
        page = views.browse_page(root, state)
        return page.message, ids.STYLE_ERROR if page.error else {}, page.content, page.command

    @app.callback(
        Output(ids.WHATIF_ERROR, "children"),
        Output(ids.WHATIF_STATUS, "children"),
        Output(ids.WHATIF_CARDS, "children"),
        Output(ids.WHATIF_CHARTS, "children"),
        Output(ids.WHATIF_COMMAND, "children"),
        Input(ids.URL, "search"),
    )
    def run_whatif(search: str | None) -> tuple:
        state, _ = decode(search, lever_names)
        if state.mode != "whatif":
            return (no_update,) * 5
        clock = time.perf_counter()
        raw = {name: state.levers[name] for name in lever_names if name in state.levers}
        command = whatif.command_line(whatif.overrides_for(raw, state.seed, state.horizon, strict=False))
        try:
            overrides = whatif.overrides_for(raw, state.seed, state.horizon)
            result = whatif.run_whatif(overrides)
        except whatif.WhatIfError as error:
            message = ["Invalid settings, nothing was simulated (the same check as tzcld):", *error.problems]
            return _error_box(message), None, None, None, command
        cards, charts = views.whatif_views(result, state.lang)
        seconds = time.perf_counter() - clock
        status = html.Div(
            f"Updated in {seconds:.2f} s (simulation of {result.summary['horizon_months']} months with its twin: "
            f"{result.seconds:.2f} s{', cached' if seconds < result.seconds else ''}).",
            id="whatif-timing",
            **{"data-seconds": f"{seconds:.4f}"},
        )
        return None, status, cards, charts, command


def _sections(mode: str) -> tuple[dict, dict]:
    return (SHOWN, HIDDEN) if mode == "browse" else (HIDDEN, SHOWN)


def _state_from_controls(values: tuple, lever_names: tuple[str, ...]) -> AppState:
    """The state the controls show (the order of ``values`` is that of ``controls`` above)."""
    (mode, lang, results, view, column, design, territory, replication, year_from, year_to, seed, horizon) = values[:12]
    lever_values = values[12:]
    years = None
    if year_from is not None or year_to is not None:
        low = year_from if year_from is not None else year_to
        high = year_to if year_to is not None else year_from
        years = (int(min(low, high)), int(max(low, high)))
    return AppState(
        mode=mode or "browse",
        lang=lang or "fr",
        results=results or "",
        view=view or "headline",
        column=column or "",
        design=tuple(design or ()),
        territory=tuple(territory or ()),
        replication=tuple(int(r) for r in replication or ()),
        years=years,
        seed=int(seed) if isinstance(seed, int | float) and seed >= 0 else 0,
        horizon=int(horizon) if horizon else 120,
        levers={name: _round(value) for name, value in zip(lever_names, lever_values) if value is not None},
    )
