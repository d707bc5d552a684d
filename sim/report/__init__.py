"""Tables of a set of simulation runs: the main job's console output.

The figures and the HTML page of any results folder are in :mod:`sim.dashboard`.

Typical use::

    runs = load_runs(sorted(Path("results/multirun/2027-01-01").glob("*")))
    budget = budget_summary(yearly_budget_by_payer(runs.ledger, runs.payers))
    print(format_console(headline_table(runs.summaries), budget))
"""

from sim.report.console import format_console
from sim.report.runs import RunSet, load_runs
from sim.report.tables import budget_summary, headline_table, yearly_budget_by_payer

__all__ = [
    "RunSet",
    "budget_summary",
    "format_console",
    "headline_table",
    "load_runs",
    "yearly_budget_by_payer",
]
