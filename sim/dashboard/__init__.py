"""Dashboards of results: data loading, FR/EN labels, plotly figures and the static HTML report.

Typical use::

    from sim.dashboard import load_results, write_dashboard
    results = load_results("results/main/2027-01-01_10-00-00")
    write_dashboard(results, results.path / "dashboard.html", lang="fr")

or, from the shell, ``tzcld-report results/main/2027-01-01_10-00-00``. The figure functions of
:mod:`sim.dashboard.run_figures` and :mod:`sim.dashboard.experiment_figures` (colours and layout in
:mod:`sim.dashboard.style`) are pure and shared with the Dash app.
"""

from sim.dashboard.data import Results, ResultsError, load_results
from sim.dashboard.html import render_dashboard, write_dashboard

__all__ = ["Results", "ResultsError", "load_results", "render_dashboard", "write_dashboard"]
