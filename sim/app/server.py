"""Build the Dash application for a results root."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from sim.app import callbacks, whatif
from sim.app.layout import build_layout

TITLE = "TZCLD Coeur du Hainaut"


def create_app(results_root: Path | str = "results") -> Dash:
    """The app: browse ``results_root`` and rerun the pilot territory live.

    The what-if levers are read (and the base configuration composed) here, once, so that the
    first page load does not pay for it.

    Args:
        results_root: Folder whose results the app may open; nothing outside it is read.
    """
    root = Path(results_root)
    whatif.levers()
    app = Dash(__name__, title=TITLE, update_title="Updating...")
    app.layout = build_layout
    callbacks.register(app, root)
    return app
