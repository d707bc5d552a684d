"""The page: a header (mode, language), the results browser and the what-if panel.

Component ids are module constants, shared with :mod:`sim.app.callbacks` and the browser tests.
The folder chooser's options are filled by :func:`sim.app.callbacks.register`'s ``sync`` on
every page load, so it lists the results present at that moment.
"""

from __future__ import annotations

from dash import dcc, html

from sim.app import whatif
from sim.app.urlstate import DEFAULT, VIEWS
from sim.config.uncertainties import LEVER, UNCERTAINTY
from sim.config.validate import MAX_HORIZON_MONTHS
from sim.report.numbers import lang_index

URL = "url"
URL_PROBLEMS = "url-problems"
MODE = "mode"
LANG = "lang"
BROWSE_SECTION = "browse-section"
WHATIF_SECTION = "whatif-section"
RESULTS_DIR = "results-dir"
VIEW = "view"
COLUMN = "column"
DESIGN = "filter-design"
TERRITORY = "filter-territory"
REPLICATION = "filter-replication"
YEAR_FROM = "filter-year-from"
YEAR_TO = "filter-year-to"
BROWSE_MESSAGE = "browse-message"
BROWSE_CONTENT = "browse-content"
BROWSE_COMMAND = "browse-command"
SEED = "whatif-seed"
HORIZON = "whatif-horizon"
WHATIF_ERROR = "whatif-error"
WHATIF_CARDS = "whatif-cards"
WHATIF_CHARTS = "whatif-charts"
WHATIF_STATUS = "whatif-status"
WHATIF_COMMAND = "whatif-command"
WHATIF_LOADING = "whatif-loading"
LEVERS_HEADING = "whatif-levers-heading"
UNCERTAINTIES_HEADING = "whatif-uncertainties-heading"


def lever_id(name: str) -> str:
    """Component id of a what-if lever."""
    return f"lever-{name}"


VIEW_LABELS = {
    "headline": ("Chiffres clés", "Headline cards"),
    "fan": ("Au fil du temps (éventails)", "Over time (fan charts)"),
    "payers": ("Qui paie, qui économise", "Who pays, who saves"),
    "sankey": ("Flux d'argent (Sankey)", "Money flows (Sankey)"),
    "paired": ("Différences appariées", "Paired differences"),
    "side_effects": ("Effets de bord", "Side effects"),
    "sweep": ("Paramètres explorés", "Explored parameters"),
    "sobol": ("Sensibilité (Sobol)", "Sensitivity (Sobol)"),
    "prim": ("Seuil de rentabilité (PRIM)", "Break-even (PRIM)"),
}

# The what-if's two groups of controls, as in the EMA Workbench: kind -> (French, English) heading.
GROUP_HEADINGS = {
    LEVER: ("Leviers de décision", "Policy levers"),
    UNCERTAINTY: ("Incertitudes", "Uncertainties"),
}

STYLE_ROW = {"display": "flex", "flexWrap": "wrap", "gap": "12px", "alignItems": "flex-end"}
STYLE_FIELD = {"minWidth": "180px", "flex": "1"}
STYLE_ERROR = {"color": "#9b1c1c", "background": "#fdecea", "padding": "8px", "whiteSpace": "pre-wrap"}
STYLE_CODE = {"display": "block", "background": "#f4f4f4", "padding": "8px", "whiteSpace": "pre-wrap"}


def _field(label: str, control: object, style: dict | None = None) -> html.Div:
    return html.Div([html.Label(label, style={"fontWeight": "bold"}), control], style=style or STYLE_FIELD)


def _lever_control(lever: whatif.Lever) -> html.Div:
    if lever.choices is not None:
        control = dcc.RadioItems(
            id=lever_id(lever.name),
            options=[{"label": choice, "value": choice} for choice in lever.choices],
            value=lever.default,
            inline=True,
        )
        return _field(lever.label_en, control, {"minWidth": "260px", "flex": "1"})
    marks = {lever.low: f"{lever.low:g}", lever.high: f"{lever.high:g}"}
    control = dcc.Slider(
        id=lever_id(lever.name),
        min=lever.low,
        max=lever.high,
        step=lever.step,
        value=lever.default,
        marks=marks,
        updatemode="mouseup",
        tooltip={"placement": "bottom", "always_visible": False},
    )
    title = f"{lever.label_en} [{lever.unit}]"
    return html.Div(
        [html.Label(title, title=f"range from {lever.source}", style={"fontWeight": "bold"}), control],
        style={"minWidth": "260px", "flex": "1"},
    )


def browse_section() -> html.Div:
    """Folder chooser, view, filters and the view itself (options are set by the callbacks)."""
    return html.Div(
        id=BROWSE_SECTION,
        children=[
            html.Div(
                [
                    _field(
                        "Results folder",
                        dcc.Dropdown(id=RESULTS_DIR, options=[], value=None, placeholder="choose a folder"),
                        {"minWidth": "420px", "flex": "2"},
                    ),
                    _field(
                        "View",
                        dcc.Dropdown(
                            id=VIEW,
                            options=[{"label": VIEW_LABELS[v][1], "value": v} for v in VIEWS],
                            value=DEFAULT.view,
                            clearable=False,
                        ),
                    ),
                    _field("Series (fan chart)", dcc.Dropdown(id=COLUMN, options=[], value=None)),
                ],
                style=STYLE_ROW,
            ),
            html.Div(
                [
                    _field("Design", dcc.Dropdown(id=DESIGN, options=[], value=[], multi=True)),
                    _field("Territory", dcc.Dropdown(id=TERRITORY, options=[], value=[], multi=True)),
                    _field("Replication", dcc.Dropdown(id=REPLICATION, options=[], value=[], multi=True)),
                    _field("From year", dcc.Dropdown(id=YEAR_FROM, options=[], value=None)),
                    _field("To year", dcc.Dropdown(id=YEAR_TO, options=[], value=None)),
                ],
                style={**STYLE_ROW, "marginTop": "8px"},
            ),
            html.Div(id=BROWSE_MESSAGE),
            dcc.Loading(html.Div(id=BROWSE_CONTENT), type="circle"),
            html.Div(id=BROWSE_COMMAND),
        ],
    )


def group_heading(kind: str, lang: str) -> str:
    """The heading of the what-if's ``lever`` or ``uncertainty`` controls in ``lang``."""
    return GROUP_HEADINGS[kind][lang_index(lang)]


def group_headings(lang: str) -> tuple[str, str]:
    """The headings of the levers and of the uncertainties, in that order, in ``lang``."""
    return group_heading(LEVER, lang), group_heading(UNCERTAINTY, lang)


def _lever_groups() -> list:
    """The controls under two headings: what a decision maker sets, then what nobody sets."""
    blocks = []
    for kind, heading_id in ((LEVER, LEVERS_HEADING), (UNCERTAINTY, UNCERTAINTIES_HEADING)):
        controls = [_lever_control(lever) for lever in whatif.levers() if lever.kind == kind]
        blocks += [html.H4(group_heading(kind, DEFAULT.lang), id=heading_id), html.Div(controls, style=STYLE_ROW)]
    return blocks


def whatif_section() -> html.Div:
    """Levers and uncertainties, seed and horizon, then the cards and charts of the rerun."""
    return html.Div(
        id=WHATIF_SECTION,
        style={"display": "none"},
        children=[
            html.P(
                "What-if: the pilot territory (full transposition) and its status-quo twin are simulated "
                "again in this process whenever a lever moves. Nothing is written to disk.",
            ),
            *_lever_groups(),
            html.Div(
                [
                    _field("Seed", dcc.Input(id=SEED, type="number", min=0, step=1, value=DEFAULT.seed, debounce=True)),
                    _field(
                        "Horizon (months)",
                        dcc.Input(
                            id=HORIZON,
                            type="number",
                            min=1,
                            max=MAX_HORIZON_MONTHS,
                            step=1,
                            value=DEFAULT.horizon,
                            debounce=True,
                        ),
                    ),
                ],
                style={**STYLE_ROW, "marginTop": "8px"},
            ),
            html.Div(id=WHATIF_ERROR),
            dcc.Loading(
                id=WHATIF_LOADING,
                type="circle",
                children=html.Div([html.Div(id=WHATIF_STATUS), html.Div(id=WHATIF_CARDS), html.Div(id=WHATIF_CHARTS)]),
            ),
            html.Div(
                [
                    html.Label("Equivalent command", style={"fontWeight": "bold"}),
                    html.Code(id=WHATIF_COMMAND, style=STYLE_CODE),
                ]
            ),
        ],
    )


def build_layout() -> html.Div:
    """The whole page (the callbacks fill the folder list and the views)."""
    return html.Div(
        style={"fontFamily": "sans-serif", "margin": "16px"},
        children=[
            dcc.Location(id=URL, refresh=False),
            html.H2("TZCLD Coeur du Hainaut: results and what-if"),
            html.Div(
                [
                    _field(
                        "Mode",
                        dcc.RadioItems(
                            id=MODE,
                            options=[
                                {"label": "Browse results", "value": "browse"},
                                {"label": "What-if (live rerun)", "value": "whatif"},
                            ],
                            value=DEFAULT.mode,
                            inline=True,
                        ),
                    ),
                    _field(
                        "Language",
                        dcc.RadioItems(
                            id=LANG,
                            options=[{"label": "FR", "value": "fr"}, {"label": "EN", "value": "en"}],
                            value=DEFAULT.lang,
                            inline=True,
                        ),
                    ),
                ],
                style=STYLE_ROW,
            ),
            html.Div(id=URL_PROBLEMS),
            html.Hr(),
            browse_section(),
            whatif_section(),
        ],
    )
