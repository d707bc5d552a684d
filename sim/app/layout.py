"""The page: a header (mode, language), the results browser, the what-if panel and the glossary.

Component ids are module constants, shared with :mod:`sim.app.callbacks` and the browser tests.
Every label is built in the default language and translated by a callback when the language
changes (:data:`TRANSLATED`: label id -> word of :mod:`sim.app.words`). The folder chooser's
options are filled by :func:`sim.app.callbacks.register`'s ``sync`` on every page load, so it
lists the results present at that moment.
"""

from __future__ import annotations

from dash import dcc, html

from sim.app import whatif
from sim.app.urlstate import DEFAULT, VIEWS, WHATIF_DESIGNS, WHATIF_TERRITORIES
from sim.app.views import glossary_component
from sim.app.words import unit_word, view_word, word
from sim.config.uncertainties import LEVER, UNCERTAINTY
from sim.config.validate import MAX_HORIZON_MONTHS
from sim.dashboard import labels as L
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
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_XLSX = "download-xlsx"
DOWNLOAD = "download"
WDESIGN = "whatif-design"
WTERRITORY = "whatif-territory"
WTERRITORY_NOTE = "whatif-territory-note"
SEED = "whatif-seed"
HORIZON = "whatif-horizon"
PIN = "whatif-pin"
UNPIN = "whatif-unpin"
BASELINE_NOTE = "whatif-baseline-note"
IGNORED = "whatif-ignored"
WHATIF_ERROR = "whatif-error"
WHATIF_CARDS = "whatif-cards"
WHATIF_CHARTS = "whatif-charts"
WHATIF_STATUS = "whatif-status"
WHATIF_COMMAND = "whatif-command"
WHATIF_LOADING = "whatif-loading"
LEVERS_HEADING = "whatif-levers-heading"
UNCERTAINTIES_HEADING = "whatif-uncertainties-heading"
TITLE = "page-title"
GLOSSARY = "glossary-section"

# Levers typed in a box rather than slid (amounts in euros).
NUMBER_FIELDS = frozenset({"budget"})


def lever_id(name: str) -> str:
    """Component id of a what-if lever."""
    return f"lever-{name}"


def lever_block_id(name: str) -> str:
    """Id of the block holding a lever's label and control (shown or dimmed by design)."""
    return f"lever-block-{name}"


def lever_label_id(name: str) -> str:
    """Id of a lever's label."""
    return f"lever-label-{name}"


def lever_note_id(name: str) -> str:
    """Id of the note under a lever (not used by this design, the budget's period)."""
    return f"lever-note-{name}"


# The what-if's two groups of controls, as in the EMA Workbench: kind -> (French, English) heading.
GROUP_HEADINGS = {
    LEVER: ("Leviers de décision", "Policy levers"),
    UNCERTAINTY: ("Incertitudes", "Uncertainties"),
}

# label id -> its word (translated by the callbacks)
TRANSLATED: dict[str, str] = {
    "label-mode": "mode",
    "label-language": "language",
    "label-results-dir": "results_dir",
    "label-view": "view",
    "label-column": "column",
    "label-design": "design",
    "label-territory": "territory",
    "label-replication": "replication",
    "label-year-from": "year_from",
    "label-year-to": "year_to",
    "label-whatif-intro": "whatif_intro",
    "label-whatif-design": "whatif_design",
    "label-whatif-territory": "whatif_territory",
    "label-seed": "seed",
    "label-horizon": "horizon",
    "label-command": "command",
    PIN: "pin",
    UNPIN: "unpin",
    DOWNLOAD_CSV: "download_csv",
    DOWNLOAD_XLSX: "download_xlsx",
    TITLE: "title",
}

STYLE_ROW = {"display": "flex", "flexWrap": "wrap", "gap": "12px", "alignItems": "flex-end"}
STYLE_FIELD = {"minWidth": "180px", "flex": "1"}
STYLE_LEVER = {"minWidth": "300px", "flex": "1"}
STYLE_ERROR = {"color": "#9b1c1c", "background": "#fdecea", "padding": "8px", "whiteSpace": "pre-wrap"}
STYLE_CODE = {"display": "block", "background": "#f4f4f4", "padding": "8px", "whiteSpace": "pre-wrap"}
STYLE_NOTE = {"color": "#666", "fontSize": "0.85em"}
STYLE_BUTTON = {"padding": "4px 10px", "marginRight": "8px", "cursor": "pointer"}


def _label(key: str, **extra) -> html.Label:
    return html.Label(word(TRANSLATED[key], DEFAULT.lang), id=key, style={"fontWeight": "bold"}, **extra)


def _field(key: str, control: object, style: dict | None = None) -> html.Div:
    return html.Div([_label(key), control], style=style or STYLE_FIELD)


def lever_title(lever: whatif.Lever, lang: str) -> str:
    """A lever's label in ``lang``, with its unit when the label does not already say it."""
    unit = unit_word(lever.short_unit, lang) if lever.short_unit else ""
    return f"{lever.label(lang)} ({unit})" if unit else lever.label(lang)


def choice_options(lever: whatif.Lever, lang: str) -> list[dict]:
    """The options of a choice lever, in words (``Budget fixe pour une période``)."""
    return [{"label": L.name(choice, lang), "value": choice} for choice in lever.choices or ()]


def _lever_control(lever: whatif.Lever) -> html.Div:
    lang = DEFAULT.lang
    if lever.choices is not None:
        control = dcc.RadioItems(
            id=lever_id(lever.name), options=choice_options(lever, lang), value=lever.default, inline=True
        )
    elif lever.name in NUMBER_FIELDS:
        control = dcc.Input(
            id=lever_id(lever.name),
            type="number",
            min=0,
            step=1000,
            value=lever.default,
            debounce=True,
            style={"width": "14em"},
        )
    else:
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
            className="lever-slider",
        )
    return html.Div(
        [
            html.Label(
                lever_title(lever, lang),
                id=lever_label_id(lever.name),
                title=f"{lever.path} ({lever.source})",
                style={"fontWeight": "bold"},
            ),
            control,
            html.Div(id=lever_note_id(lever.name), style=STYLE_NOTE),
        ],
        id=lever_block_id(lever.name),
        className="lever-block",
        style=STYLE_LEVER,
    )


def view_options(lang: str) -> list[dict]:
    """The view menu in ``lang``."""
    return [{"label": view_word(v, lang), "value": v} for v in VIEWS]


def mode_options(lang: str) -> list[dict]:
    """The mode switch in ``lang``."""
    return [
        {"label": word("mode_browse", lang), "value": "browse"},
        {"label": word("mode_whatif", lang), "value": "whatif"},
    ]


def design_options(lang: str) -> list[dict]:
    """The what-if's designs in ``lang``."""
    return [{"label": L.name(d, lang), "value": d} for d in WHATIF_DESIGNS]


def territory_options(lang: str) -> list[dict]:
    """The what-if's territories in ``lang``."""
    return [{"label": L.name(t, lang), "value": t} for t in WHATIF_TERRITORIES]


def browse_section() -> html.Div:
    """Folder chooser, view, filters and the view itself (options are set by the callbacks)."""
    lang = DEFAULT.lang
    return html.Div(
        id=BROWSE_SECTION,
        children=[
            html.Div(
                [
                    _field(
                        "label-results-dir",
                        dcc.Dropdown(
                            id=RESULTS_DIR, options=[], value=None, placeholder=word("results_placeholder", lang)
                        ),
                        {"minWidth": "420px", "flex": "2"},
                    ),
                    _field(
                        "label-view",
                        dcc.Dropdown(id=VIEW, options=view_options(lang), value=DEFAULT.view, clearable=False),
                    ),
                    _field(
                        "label-column",
                        dcc.Dropdown(id=COLUMN, options=[], value=None, placeholder=word("column_placeholder", lang)),
                    ),
                ],
                style=STYLE_ROW,
            ),
            html.Div(
                [
                    _field(
                        "label-design",
                        dcc.Dropdown(id=DESIGN, options=[], value=[], multi=True, placeholder=word("all", lang)),
                    ),
                    _field(
                        "label-territory",
                        dcc.Dropdown(id=TERRITORY, options=[], value=[], multi=True, placeholder=word("all", lang)),
                    ),
                    _field(
                        "label-replication",
                        dcc.Dropdown(id=REPLICATION, options=[], value=[], multi=True, placeholder=word("all", lang)),
                    ),
                    _field("label-year-from", dcc.Dropdown(id=YEAR_FROM, options=[], value=None, placeholder="")),
                    _field("label-year-to", dcc.Dropdown(id=YEAR_TO, options=[], value=None, placeholder="")),
                ],
                style={**STYLE_ROW, "marginTop": "8px"},
            ),
            html.Div(id=BROWSE_MESSAGE),
            dcc.Loading(html.Div(id=BROWSE_CONTENT), type="circle"),
            html.Div(
                [
                    html.Button(word("download_csv", lang), id=DOWNLOAD_CSV, n_clicks=0, style=STYLE_BUTTON),
                    html.Button(word("download_xlsx", lang), id=DOWNLOAD_XLSX, n_clicks=0, style=STYLE_BUTTON),
                    dcc.Download(id=DOWNLOAD),
                ],
                style={"margin": "8px 0"},
            ),
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
    """Design and territory, levers and uncertainties, seed and horizon, the baseline, then the
    cards and charts of the rerun."""
    lang = DEFAULT.lang
    return html.Div(
        id=WHATIF_SECTION,
        style={"display": "none"},
        children=[
            html.P(word("whatif_intro", lang), id="label-whatif-intro"),
            html.Div(
                [
                    _field(
                        "label-whatif-design",
                        dcc.RadioItems(id=WDESIGN, options=design_options(lang), value=DEFAULT.wdesign, inline=True),
                    ),
                    html.Div(
                        [
                            _label("label-whatif-territory"),
                            dcc.RadioItems(
                                id=WTERRITORY, options=territory_options(lang), value=DEFAULT.wterritory, inline=True
                            ),
                            html.Div(id=WTERRITORY_NOTE, style=STYLE_NOTE),
                        ],
                        style=STYLE_FIELD,
                    ),
                ],
                style=STYLE_ROW,
            ),
            *_lever_groups(),
            html.Div(
                [
                    _field(
                        "label-seed",
                        dcc.Input(id=SEED, type="number", min=0, step=1, value=DEFAULT.seed, debounce=True),
                    ),
                    _field(
                        "label-horizon",
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
            html.Div(
                [
                    html.Button(word("pin", lang), id=PIN, n_clicks=0, style=STYLE_BUTTON),
                    html.Button(word("unpin", lang), id=UNPIN, n_clicks=0, style=STYLE_BUTTON),
                    html.Span(id=BASELINE_NOTE, style=STYLE_NOTE),
                ],
                style={"margin": "10px 0"},
            ),
            html.Div(id=IGNORED, style=STYLE_NOTE),
            html.Div(id=WHATIF_ERROR),
            dcc.Loading(
                id=WHATIF_LOADING,
                type="circle",
                children=html.Div([html.Div(id=WHATIF_STATUS), html.Div(id=WHATIF_CARDS), html.Div(id=WHATIF_CHARTS)]),
            ),
            html.Div([_label("label-command"), html.Code(id=WHATIF_COMMAND, style=STYLE_CODE)]),
        ],
    )


def build_layout() -> html.Div:
    """The whole page (the callbacks fill the folder list and the views)."""
    lang = DEFAULT.lang
    return html.Div(
        style={"fontFamily": "sans-serif", "margin": "16px"},
        children=[
            dcc.Location(id=URL, refresh=False),
            html.H2(word("title", lang), id=TITLE),
            html.Div(
                [
                    _field(
                        "label-mode",
                        dcc.RadioItems(id=MODE, options=mode_options(lang), value=DEFAULT.mode, inline=True),
                    ),
                    _field(
                        "label-language",
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
            html.Hr(),
            html.Div(glossary_component(lang), id=GLOSSARY),
        ],
    )
