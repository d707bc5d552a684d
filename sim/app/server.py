"""Build the Dash application for a results root."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import abort, request

from sim.app import callbacks, whatif
from sim.app.layout import build_layout
from sim.dashboard.plotly_locale import register_script

TITLE = "TZCLD Coeur du Hainaut"

# Dash 4's slider hides its value box when its container is narrower than 200 px (a container
# query); a lever's box must stay, whatever the page's width.
STYLE = """
.lever-block .dash-slider-container .dash-range-slider-input { display: inline-block !important; }
.lever-block .dash-slider-container { min-width: 0; }
"""


def index_string() -> str:
    """Dash's page with the French locale of plotly.js (inline: nothing is fetched) and the
    app's few style rules."""
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n{%metas%}\n<title>{%title%}</title>\n{%favicon%}\n{%css%}\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n{{%app_entry%}}\n<footer>\n{{%config%}}\n"
        f"<script>{register_script()}</script>\n{{%scripts%}}\n{{%renderer%}}\n</footer>\n</body>\n</html>\n"
    )


def create_app(results_root: Path | str = "results") -> Dash:
    """The app: browse ``results_root`` and rerun a design in a territory live.

    The what-if levers are read (and the default base configuration composed) here, once, so
    that the first page load does not pay for it.

    Args:
        results_root: Folder whose results the app may open; nothing outside it is read.
    """
    root = Path(results_root)
    whatif.levers()
    app = Dash(__name__, title=TITLE, update_title=None)
    app.index_string = index_string()
    app.layout = build_layout
    callbacks.register(app, root)
    _not_found_beyond_what_is_served(app)
    return app


def _not_found_beyond_what_is_served(app: Dash) -> None:
    """Answer 404, without a traceback, for every path the app does not serve.

    Dash answers any unknown path with the page (its catch-all route, for multi-page apps: this
    app's state is in the query string, on ``/`` only), and a request for a script it has not
    registered (``/_dash-component-suites/dash/../../etc/passwd``) with a 500 and a traceback in
    the log. Both are refused here, before Dash sees them.
    """
    prefix = app.config.routes_pathname_prefix
    catch_all = f"{prefix}<path:path>"
    scripts = f"{prefix}_dash-component-suites/"

    @app.server.before_request
    def _only_what_is_served() -> None:
        rule = request.url_rule
        if rule is None:
            return  # Flask answers 404 itself
        if rule.rule == catch_all:
            abort(404)
        if rule.rule.startswith(scripts):
            package = str(request.view_args.get("package_name", ""))
            path, _ = check_fingerprint(str(request.view_args.get("fingerprinted_path", "")))
            if path not in app.registered_paths.get(package, ()):
                abort(404)
