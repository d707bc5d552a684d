"""The app's callbacks: the URL is the state, the controls edit it, the views read it.

- :func:`sync` keeps the controls and the query string in step. A change of a control writes
  the new query string; a new query string (page opened from a shared address, back button)
  sets the controls. Both directions live in one callback, the form Dash allows for a cycle.
  The pin and unpin buttons write the what-if's current settings as the baseline, or remove it.
- the browse callback reads the query string, opens the chosen folder (confined to the results
  root) and draws the chosen view with the filters; the download buttons send its answer table.
- the what-if callback reads the query string and reruns the chosen design and territory with
  the levers, and the pinned baseline when there is one (served from the cache once run).
- the words of every control, menu and heading follow the language; the levers a design does not
  use are dimmed and say so.
"""

from __future__ import annotations

import time
from pathlib import Path

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from sim.app import layout as ids
from sim.app import views, whatif
from sim.app.paths import PathRefused
from sim.app.urlstate import DEFAULT, AppState, baseline_query, decode, encode
from sim.app.words import word
from sim.dashboard.data import ResultsError
from sim.report.numbers import LANGS, digits

SHOWN = {"display": "block"}
HIDDEN = {"display": "none"}


def _error_box(lines: list[str] | str) -> html.Div:
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return html.Div(text, style=ids.STYLE_ERROR, className="app-error")


def _round(value: object) -> object:
    # slider positions are min + k * step computed in floating point: drop the last-digit noise
    return round(value, 10) if isinstance(value, float) else value


def _lang(value: object) -> str:
    return value if value in LANGS else DEFAULT.lang


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
        (ids.WDESIGN, "value"),
        (ids.WTERRITORY, "value"),
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
        Input(ids.PIN, "n_clicks"),
        Input(ids.UNPIN, "n_clicks"),
        *[Input(component, prop) for component, prop in controls],
    )
    def sync(search: str | None, _pin: int, _unpin: int, *values: object) -> tuple:
        trigger = ctx.triggered_id
        from_url = trigger in (None, ids.URL)
        if from_url:
            # the address is the authority: set every control from it
            state, problems = decode(search, lever_names)
        else:
            previous, _ = decode(search, lever_names)
            state, problems = _state_from_controls(values, lever_names, previous.baseline), []
            if trigger == ids.PIN:
                state = state.replace(baseline=baseline_query(state, lever_defaults))
            elif trigger == ids.UNPIN:
                state = state.replace(baseline="")
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
            state.wdesign,
            state.wterritory,
            *[levers[name] for name in lever_names],
        ]
        notice = _error_box([word("url_problems", state.lang), *problems]) if problems else None
        return (no_update, notice, *_sections(state.mode), *option_values, *control_values)

    @app.callback(
        Output(ids.LEVERS_HEADING, "children"),
        Output(ids.UNCERTAINTIES_HEADING, "children"),
        Input(ids.LANG, "value"),
    )
    def group_headings(lang: str | None) -> tuple[str, str]:
        return ids.group_headings(_lang(lang))

    choices = [lever for lever in lever_list if lever.choices is not None]

    @app.callback(
        *[Output(key, "children") for key in ids.TRANSLATED],
        Output(ids.MODE, "options"),
        Output(ids.VIEW, "options"),
        Output(ids.WDESIGN, "options"),
        Output(ids.WTERRITORY, "options"),
        *[Output(ids.lever_id(lever.name), "options") for lever in choices],
        *[Output(ids.lever_label_id(lever.name), "children") for lever in lever_list],
        Output(ids.RESULTS_DIR, "placeholder"),
        Output(ids.COLUMN, "placeholder"),
        Output(ids.DESIGN, "placeholder"),
        Output(ids.TERRITORY, "placeholder"),
        Output(ids.REPLICATION, "placeholder"),
        Output(ids.GLOSSARY, "children"),
        Input(ids.LANG, "value"),
    )
    def translate(lang: str | None) -> tuple:
        lang = _lang(lang)
        return (
            *[word(key, lang) for key in ids.TRANSLATED.values()],
            ids.mode_options(lang),
            ids.view_options(lang),
            ids.design_options(lang),
            ids.territory_options(lang),
            *[ids.choice_options(lever, lang) for lever in choices],
            *[ids.lever_title(lever, lang) for lever in lever_list],
            word("results_placeholder", lang),
            word("column_placeholder", lang),
            word("all", lang),
            word("all", lang),
            word("all", lang),
            views.glossary_component(lang),
        )

    budget_months = whatif.base_config().scenario.fund.budget_months.value

    @app.callback(
        *[Output(ids.lever_block_id(lever.name), "style") for lever in lever_list],
        *[Output(ids.lever_note_id(lever.name), "children") for lever in lever_list],
        Output(ids.WTERRITORY_NOTE, "children"),
        Input(ids.WDESIGN, "value"),
        Input(ids.WTERRITORY, "value"),
        Input(ids.lever_id("financing"), "value"),
        Input(ids.LANG, "value"),
    )
    def availability(design: str | None, territory: str | None, financing: str | None, lang: str | None) -> tuple:
        lang = _lang(lang)
        design = design or DEFAULT.wdesign
        values = {"financing": financing}
        styles, notes = [], []
        for lever in lever_list:
            used = lever.applies(design, values)
            style = dict(ids.STYLE_LEVER)
            if lever.name in whatif.CONDITIONS:
                # the budget is shown with its rule only
                style["display"] = "block" if used else "none"
                notes.append(word("budget_note", lang).format(months=int(budget_months)) if used else "")
            else:
                style["opacity"] = 1.0 if used else 0.45
                notes.append("" if used else word("not_this_design", lang))
            styles.append(style)
        basin = word("basin_slow", lang) if territory == "coeur_du_hainaut" else ""
        return (*styles, *notes, basin)

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
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        Input(ids.DOWNLOAD_XLSX, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def download(_csv: int, _xlsx: int, search: str | None) -> object:
        state, _ = decode(search, lever_names)
        if not state.results or ctx.triggered_id not in (ids.DOWNLOAD_CSV, ids.DOWNLOAD_XLSX):
            return no_update
        fmt = "csv" if ctx.triggered_id == ids.DOWNLOAD_CSV else "xlsx"
        try:
            data, name = views.answer_download(root, state, fmt)
        except (PathRefused, ResultsError, OSError, ValueError):
            return no_update  # the browse view already says why the folder cannot be read
        return dcc.send_bytes(data, name)

    @app.callback(
        Output(ids.WHATIF_ERROR, "children"),
        Output(ids.WHATIF_STATUS, "children"),
        Output(ids.WHATIF_CARDS, "children"),
        Output(ids.WHATIF_CHARTS, "children"),
        Output(ids.WHATIF_COMMAND, "children"),
        Output(ids.IGNORED, "children"),
        Output(ids.BASELINE_NOTE, "children"),
        Input(ids.URL, "search"),
    )
    def run_whatif(search: str | None) -> tuple:
        state, _ = decode(search, lever_names)
        if state.mode != "whatif":
            return (no_update,) * 7
        lang = state.lang
        clock = time.perf_counter()
        overrides_loose = _overrides(state, lever_names, strict=False)
        command = whatif.command_line(overrides_loose)
        raw = {name: state.levers[name] for name in lever_names if name in state.levers}
        left_out = whatif.ignored(raw, state.wdesign)
        ignored = word("ignored", lang).format(names=", ".join(lever.label(lang) for lever in left_out))
        ignored = ignored if left_out else None
        baseline_state = decode(state.baseline, lever_names)[0] if state.baseline else None
        note = (
            word("baseline_is", lang).format(command=whatif.command_line(_overrides(baseline_state, lever_names)))
            if baseline_state is not None
            else None
        )
        try:
            result = whatif.run_whatif(_overrides(state, lever_names))
            baseline = whatif.run_whatif(_overrides(baseline_state, lever_names)) if baseline_state else None
        except whatif.WhatIfError as error:
            message = [word("invalid", lang), *error.problems]
            return _error_box(message), None, None, None, command, ignored, note
        cards, charts = views.whatif_views(result, lang, baseline)
        seconds = time.perf_counter() - clock
        status = html.Div(
            word("updated", lang).format(
                seconds=digits(seconds, 2, lang),
                months=result.summary["horizon_months"],
                simulation=digits(result.seconds, 2, lang),
                cached=word("cached", lang) if seconds < result.seconds else "",
            ),
            id="whatif-timing",
            **{"data-seconds": f"{seconds:.4f}"},
        )
        return None, status, cards, charts, command, ignored, note


def _overrides(state: AppState, lever_names: tuple[str, ...], *, strict: bool = True) -> list[str]:
    """The ``tzcld`` overrides of the what-if part of ``state``."""
    raw = {name: state.levers[name] for name in lever_names if name in state.levers}
    return whatif.overrides_for(
        raw, state.seed, state.horizon, strict=strict, design=state.wdesign, territory=state.wterritory
    )


def _sections(mode: str) -> tuple[dict, dict]:
    return (SHOWN, HIDDEN) if mode == "browse" else (HIDDEN, SHOWN)


def _state_from_controls(values: tuple, lever_names: tuple[str, ...], baseline: str = "") -> AppState:
    """The state the controls show (the order of ``values`` is that of ``controls`` above)."""
    (mode, lang, results, view, column, design, territory, replication, year_from, year_to, seed, horizon) = values[:12]
    wdesign, wterritory = values[12:14]
    lever_values = values[14:]
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
        levers={
            name: _round(value) for name, value in zip(lever_names, lever_values, strict=True) if value is not None
        },
        wdesign=wdesign or DEFAULT.wdesign,
        wterritory=wterritory or DEFAULT.wterritory,
        baseline=baseline,
    )
