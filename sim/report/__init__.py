"""Tables, figures and the HTML report of a set of simulation runs.

Typical use::

    runs = load_runs(sorted(Path("results/multirun/2027-01-01").glob("*")))
    budget = budget_summary(yearly_budget_by_payer(runs.ledger, runs.payers))
    print(format_console(headline_table(runs.summaries), budget))
    write_report(runs, "report.html", title="TZCLD pilot", command="tzcld -m seed=1,2,3")
"""

from sim.report.figures import (
    ebe_fte_figure,
    jobless_figure,
    net_cost_by_payer_figure,
    net_cost_figures,
    waiting_list_figure,
)
from sim.report.html import render_report, write_report
from sim.report.runs import RunSet, load_runs
from sim.report.tables import (
    budget_summary,
    format_console,
    headline_table,
    yearly_budget_by_payer,
)

__all__ = [
    "RunSet",
    "budget_summary",
    "ebe_fte_figure",
    "format_console",
    "headline_table",
    "jobless_figure",
    "load_runs",
    "net_cost_by_payer_figure",
    "net_cost_figures",
    "render_report",
    "waiting_list_figure",
    "write_report",
    "yearly_budget_by_payer",
]
