"""One self-contained HTML report of a set of runs.

The page embeds plotly.js once, inline, so that it opens offline and keeps working when the
plotly CDN or the Python package changes. It is written to a temporary file next to its target
and moved into place, so a reader never sees half a report.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from sim.report.figures import (
    ebe_fte_figure,
    jobless_figure,
    net_cost_figures,
    waiting_list_figure,
)
from sim.report.runs import RunSet
from sim.report.tables import (
    ALL_PAYERS,
    ALL_PAYERS_LABEL,
    all_zero,
    budget_display,
    budget_summary,
    headline_display,
    headline_table,
    scenario_label,
    seeds_text,
    yearly_budget_by_payer,
)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222;
       padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .8rem 0 1.6rem; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: right;
         white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; }
tbody tr:last-child.total td { font-weight: bold; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
.note { color: #555; font-size: .9rem; }
.scroll { overflow-x: auto; max-width: 100%; }
code { background: #f4f4f4; padding: .15rem .35rem; border-radius: 3px; }
"""

EXPLANATION = """
Each scenario is simulated with several random seeds. Every run is paired with a
<em>twin</em>: the status quo (Belgian rules as they stand) on the same population with the same
luck, so that "scenario minus twin" is the effect of the design itself. Tables give the mean over
seeds with the lowest and highest seed in brackets; figures draw the mean as a line and the
range as a shaded band. All money is in euros of the year simulated.
"""

BUDGET_NOTE = (
    "<em>Gross</em>: public money paid to the scheme (contributions, grants, subsidies, "
    "co-funding, training and coaching). <em>Net</em>: the payer's outflows minus inflows in "
    "the scenario, minus the same in the twin (positive: the payer spends more than in the "
    "status quo); transfers between payers cancel out in the total. Payers with nothing to "
    "show are left out."
)


def write_report(
    runset: RunSet,
    path: Path | str,
    title: str,
    command: str,
    *,
    overwrite: bool = False,
) -> Path:
    """Write the HTML report of ``runset`` to ``path``.

    Args:
        runset: The runs, from :func:`sim.report.runs.load_runs`.
        path: Target ``.html`` file; its directory must exist.
        title: Page heading.
        command: The command line that reproduces the runs, shown verbatim.
        overwrite: Replace an existing file at ``path``.

    Returns:
        The path written.

    Raises:
        FileExistsError: If ``path`` exists and ``overwrite`` is false.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; pass overwrite=True to replace it")
    page = render_report(runset, title, command)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; a report is meant to be shared like any output.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def render_report(runset: RunSet, title: str, command: str) -> str:
    """The report as one HTML string (see :func:`write_report`)."""
    generated = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="note">{_run_counts(runset)} Generated {generated}.</p>',
        f"<p>{EXPLANATION.strip()}</p>",
    ]
    if runset.n_runs:
        budget = budget_summary(yearly_budget_by_payer(runset.ledger, runset.payers))
        sections += _headline_section(headline_table(runset.summaries))
        sections += _budget_section(budget, dict(runset.payers))
        sections += _figures_section(runset.timeseries, budget)
    else:
        sections.append("<p><strong>No run succeeded: there is nothing to report.</strong></p>")
    sections += [
        "<h2>Reproduce</h2>",
        f"<p>Run: <code>{html.escape(command)}</code></p>",
    ]
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _run_counts(runset: RunSet) -> str:
    text = f"{runset.n_runs} successful run(s)"
    if runset.failed:
        text += f", {runset.failed} failed and left out"
    return text + "."


def _table(display: pd.DataFrame, caption: str, total_row: str | None = None) -> str:
    """An HTML table of text cells; every cell and label is escaped."""
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in display.columns)
    rows = []
    for label, row in display.iterrows():
        cells = "".join(f"<td>{html.escape(str(cell)) if pd.notna(cell) else ''}</td>" for cell in row)
        css = ' class="total"' if label == total_row else ""
        rows.append(f"<tr{css}><td>{html.escape(str(label))}</td>{cells}</tr>")
    # Wide yearly tables scroll inside their own box instead of widening the page.
    return (
        f'<div class="scroll"><table><caption>{html.escape(caption)}</caption>'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _headline_section(headline: pd.DataFrame) -> list[str]:
    parts = ["<h2>Headline indicators</h2>"]
    for territory, display in headline_display(headline).items():
        caption = f"{territory}: mean [min–max] over {seeds_text(headline, territory)}"
        parts.append(_table(display, caption))
    parts.append(
        '<p class="note">"never k/n": in k of the n seeds no month came when every volunteer '
        'had waited 3 months or less. "n/a": not defined, e.g. a cost per FTE-year without '
        "any FTE.</p>"
    )
    return parts


def _budget_section(budget: pd.DataFrame, labels: dict[str, str]) -> list[str]:
    parts = [
        "<h2>Public budget by payer and year</h2>",
        f'<p class="note">{BUDGET_NOTE}</p>',
    ]
    names = {**labels, ALL_PAYERS: ALL_PAYERS_LABEL}
    for value, what in (("gross_eur", "gross"), ("net_eur", "net")):
        for (territory, scenario), (display, unit) in budget_display(budget, value, with_range=True).items():
            caption = f"{scenario_label(scenario)}, {territory}: {what} ({unit.symbol})"
            if all_zero(display, unit):
                parts.append(f'<p class="note">{html.escape(caption)}: zero in every year.</p>')
                continue
            display = display.rename(index=lambda name: names.get(name, name))
            caption += ", mean [min–max] over seeds; Total: mean over seeds"
            parts.append(_table(display, caption, total_row=ALL_PAYERS_LABEL))
    return parts


def _figures_section(timeseries: pd.DataFrame, budget: pd.DataFrame) -> list[str]:
    figures = [
        ebe_fte_figure(timeseries),
        waiting_list_figure(timeseries),
        jobless_figure(timeseries),
        *net_cost_figures(budget),
    ]
    return ["<h2>Figures</h2>", *(_figure_div(fig, i) for i, fig in enumerate(figures))]


def _figure_div(fig: go.Figure, index: int) -> str:
    # A fixed div id keeps two reports of the same runs byte-identical but for the date.
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"figure-{index}",
        config={"displaylogo": False, "responsive": True},
    )
