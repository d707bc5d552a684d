"""The calibration report: targets against the model, the 2026 reform in the status quo, France.

``tzcld-calibrate report`` writes, into one new directory:

- ``report.html``: self-contained (plotly.js inline, opens offline);
- ``targets.csv`` and ``targets.md``: the documented targets against the basin's status quo,
  with the prior (``behaviour=default``) and the configured behaviour (``fitted`` once it
  exists), plus the configured behaviour on other seeds (out-of-sample for the luck);
- ``reform_timeseries.csv``: the basin status quo month by month from 2025 (benefit regimes);
- ``benefit_spending_by_payer_monthly.csv``: each payer's monthly spending on benefits (paid
  minus received: unemployment benefit, RIS, its federal reimbursement and file fees);
- ``spending_by_payer.csv`` and ``benefit_flows.csv``: yearly net spending by payer (all flows)
  and yearly benefit flows by category, all summed from the ledger;
- ``france_summaries.csv`` and ``france_drivers.csv`` when the France comparison
  (:mod:`sim.calibration.france_comparison`) is available.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from sim import accounts as acc
from sim.calibration.fit import target_table
from sim.calibration.moments import calibration_config, monthly_moments
from sim.calibration.targets import BASIN, TARGETS, window_text
from sim.calibration.validation import DEFAULT_SEEDS, Validation, section_html, validate_france
from sim.config.load import load_config
from sim.config.validate import validate
from sim.engine.paired import run_paired
from sim.outputs import atomic_write

REFORM_START = "2025-01"
REFORM_HORIZON = 120
BENEFIT_CATEGORIES = (acc.UNEMPLOYMENT_BENEFIT, acc.RIS, acc.RIS_REIMBURSEMENT, acc.RIS_FILE_FEE)
REGIME_COLUMNS = {
    "on_insurance": "Unemployment insurance (ONEM)",
    "on_ris": "Integration income (RIS, CPAS)",
    "no_benefit": "No benefit",
}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222;
       padding: 0 1rem; line-height: 1.45; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .8rem 0 1.6rem; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
.note { color: #555; font-size: .9rem; }
.scroll { overflow-x: auto; max-width: 100%; }
code { background: #f4f4f4; padding: .15rem .35rem; border-radius: 3px; }
"""
LAYOUT = {
    "template": "plotly_white",
    "height": 440,
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.18},
    "margin": {"t": 60, "l": 70, "r": 20, "b": 40},
}


# --------------------------------------------------------------------------- data
def targets_comparison(seed: int = 0, check_seeds: Sequence[int] = (1, 2), territory: str = BASIN) -> pd.DataFrame:
    """Targets against the status quo, prior and configured behaviour.

    Returns:
        The :func:`~sim.calibration.fit.target_table` of the configured behaviour (``fitted``
        once configs/config.yaml says so) with added columns ``behaviour``, ``prior_mean``,
        ``prior_relative_error`` and, for each seed ``k`` of ``check_seeds``,
        ``seed<k>_relative_error``.
    """
    configured = calibration_config(territory, seed)
    table = target_table(monthly_moments(configured))
    table.insert(0, "behaviour", configured.behaviour.name)
    prior = target_table(monthly_moments(calibration_config(territory, seed, ["behaviour=default"])))
    table["prior_mean"] = prior["model_mean"]
    table["prior_relative_error"] = prior["relative_error"]
    for other in check_seeds:
        moments = monthly_moments(calibration_config(territory, int(other)))
        table[f"seed{other}_relative_error"] = target_table(moments)["relative_error"]
    return table


@dataclass
class ReformRun:
    """The basin status quo across the 2026 reform.

    Attributes:
        timeseries: The status-quo world's monthly series.
        benefit_spending: Monthly net spending of each payer on benefits (unemployment benefit,
            RIS, its federal reimbursement and file fees: paid minus received), from the ledger.
        spending: Yearly net spending (paid minus received, every category) of each payer.
        benefits: Yearly amounts by benefit category and payer, from the ledger.
        behaviour: Name of the behaviour configuration used.
    """

    timeseries: pd.DataFrame
    benefit_spending: pd.DataFrame
    spending: pd.DataFrame
    benefits: pd.DataFrame
    behaviour: str


def _net_by_payer(ledger: pd.DataFrame, key: str, payers: list[tuple[str, str]]) -> pd.DataFrame:
    """Paid minus received by each payer, per value of ``key``; columns are payer labels."""
    names = [name for name, _ in payers]
    paid = ledger[ledger["debtor"].isin(names)].groupby([key, "debtor"])["amount_eur"].sum()
    received = ledger[ledger["creditor"].isin(names)].groupby([key, "creditor"])["amount_eur"].sum()
    paid.index.names = received.index.names = [key, "payer"]
    return (
        paid.sub(received, fill_value=0.0)
        .unstack("payer", fill_value=0.0)
        .reindex(columns=names, fill_value=0.0)
        .rename(columns=dict(payers))
    )


def reform_run(
    seed: int = 0, start: str = REFORM_START, horizon_months: int = REFORM_HORIZON, territory: str = BASIN
) -> ReformRun:
    """Simulate the basin's status quo from ``start`` and sum its ledger by payer and year."""
    cfg = load_config(
        [
            "scenario=status_quo",
            f"territory={territory}",
            f"seed={seed}",
            f"start={start}",
            f"horizon_months={horizon_months}",
            "agents.materialize_jobseekers=false",
        ]
    )
    validate(cfg)
    result = run_paired(cfg)
    # A status-quo run's scenario world applies the same rules as its twin: keep one.
    timeseries = result.timeseries()
    timeseries = timeseries[timeseries["world"] == "scenario"].reset_index(drop=True)
    ledger = result.ledger()
    ledger = ledger[ledger["world"] == "scenario"].assign(year=lambda f: f["date"].dt.year)
    payers = [(p.name, p.label) for p in cfg.policy.payers]
    spending = _net_by_payer(ledger, "year", payers)
    spending["All payers"] = spending.sum(axis=1)
    flows = ledger[ledger["category"].isin(BENEFIT_CATEGORIES)]
    benefits = (
        flows.assign(flow=flows["category"] + " (" + flows["debtor"] + " -> " + flows["creditor"] + ")")
        .groupby(["year", "flow"])["amount_eur"]
        .sum()
        .unstack("flow", fill_value=0.0)
    )
    benefit_spending = _net_by_payer(flows, "date", payers)
    benefit_spending = benefit_spending.loc[:, (benefit_spending.abs() > 0.5).any()]
    return ReformRun(timeseries, benefit_spending, spending, benefits, cfg.behaviour.name)


def france_section(seed: int, horizon_months: int) -> tuple[object | None, str | None]:
    """The France comparison, or why it is unavailable (module missing or failing)."""
    try:
        module = importlib.import_module("sim.calibration.france_comparison")
    except ImportError as error:
        return None, f"the module sim.calibration.france_comparison is not available ({error})"
    try:
        return module.compare_france_belgium(seed=seed, horizon_months=horizon_months), None
    except Exception as error:  # the report still shows the other sections; the error is shown
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return None, f"compare_france_belgium() failed: {detail}"


# --------------------------------------------------------------------------- figures
def targets_figure(table: pd.DataFrame) -> go.Figure:
    """Model over target (window mean) per target, prior and configured behaviour, with tolerances."""
    labels = table["label"].tolist()
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=1.0 + table["prior_relative_error"],
        name="Prior (default.yaml)",
        marker_color="#bbbbbb",
    )
    fig.add_bar(
        x=labels,
        y=1.0 + table["relative_error"],
        name=f"Configured ({table['behaviour'].iloc[0]})",
        marker_color="#1f77b4",
        error_y=None,
    )
    fig.add_scatter(
        x=labels,
        y=1.0 + table["tolerance"],
        mode="markers",
        marker={"symbol": "line-ew-open", "size": 30, "color": "#d62728"},
        name="Tolerance",
    )
    fig.add_scatter(
        x=labels,
        y=1.0 - table["tolerance"],
        mode="markers",
        marker={"symbol": "line-ew-open", "size": 30, "color": "#d62728"},
        showlegend=False,
    )
    fig.add_hline(y=1.0, line_dash="dot", line_color="#444")
    fig.update_layout(
        **LAYOUT,
        barmode="group",
        title=f"Model / target, mean over {window_text()}",
        yaxis_title="model / documented value (1 = on target)",
    )
    return fig


def regimes_figure(timeseries: pd.DataFrame) -> go.Figure:
    """Jobless people by benefit regime, month by month (stacked)."""
    fig = go.Figure()
    for column, label in REGIME_COLUMNS.items():
        fig.add_scatter(x=timeseries["date"], y=timeseries[column], name=label, stackgroup="regime", mode="lines")
    # The 2026 exclusion waves: over 20 years jobless, 8-20 years, 2-8 years.
    for date in ("2026-01-01", "2026-03-01", "2026-04-01"):
        fig.add_vline(x=pd.Timestamp(date).timestamp() * 1000, line_dash="dot", line_color="#888")
    fig.add_annotation(
        x="2026-03-01", y=1.04, yref="paper", text="2026 exclusion waves", showarrow=False, font={"size": 11}
    )
    fig.update_layout(**LAYOUT, title="Basin status quo: jobless people by benefit", yaxis_title="people")
    return fig


def spending_figure(benefit_spending: pd.DataFrame) -> go.Figure:
    """Monthly spending of each payer on benefits (paid minus received), from the ledger."""
    fig = go.Figure()
    for column in benefit_spending.columns:
        fig.add_scatter(x=benefit_spending.index, y=benefit_spending[column] / 1e6, name=column, mode="lines")
    fig.update_layout(
        **LAYOUT,
        title="Basin status quo: spending on benefits by payer (from the ledger)",
        yaxis_title="million EUR per month",
    )
    return fig


# --------------------------------------------------------------------------- rendering
def _cell(value: object) -> str:
    """Numbers readable at a glance: thousands separated, small values to 4 significant digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if pd.isna(value):
        return ""
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def _table_html(frame: pd.DataFrame, caption: str) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.astype(object).itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td>{html.escape(_cell(value))}</td>" for value in row) + "</tr>")
    return (
        f'<div class="scroll"><table><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _figure_html(fig: go.Figure, name: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=name, config={"displaylogo": False})


def targets_display(table: pd.DataFrame) -> pd.DataFrame:
    """The targets table as text for HTML and Markdown."""
    seeds = [c for c in table.columns if c.startswith("seed") and c.endswith("_relative_error")]
    display = pd.DataFrame(
        {
            "target": table["label"],
            "documented": table["target_value"].map("{:g}".format),
            "prior": table["prior_mean"].map("{:.4f}".format),
            "prior error": table["prior_relative_error"].map("{:+.1%}".format),
            table["behaviour"].iloc[0]: table["model_mean"].map("{:.4f}".format),
            "error": table["relative_error"].map("{:+.1%}".format),
            "first / last month": [f"{a:.4f} / {b:.4f}" for a, b in zip(table["model_first"], table["model_last"])],
            "tolerance": table["tolerance"].map("±{:.1%}".format),
            "met": table["met"].map({True: "yes", False: "NO"}),
            **{f"error, seed {c[4:-15]}": table[c].map("{:+.1%}".format) for c in seeds},
            "source": table["source"],
        }
    )
    return display


def markdown_table(display: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|")

    lines = [
        "| " + " | ".join(cell(c) for c in display.columns) + " |",
        "|" + "---|" * len(display.columns),
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in display.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def _money_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = (frame / 1e6).round(2)
    out.insert(0, frame.index.name or "year", [str(i) for i in frame.index])
    return out.reset_index(drop=True)


def render(
    table: pd.DataFrame,
    reform: ReformRun,
    france: object | None,
    france_note: str | None,
    command: str,
    seed: int,
    validation: Validation | None = None,
) -> str:
    """The report page."""
    generated = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    behaviour = table["behaviour"].iloc[0]
    start_label = reform.timeseries["date"].iloc[0].strftime("%Y-%m")
    parts = [
        "<h1>Calibration of the status quo: Coeur du Hainaut</h1>",
        f'<p class="note">Generated {generated}. Behaviour configuration: <code>{html.escape(behaviour)}</code>; '
        f"seed {seed}. Command: <code>{html.escape(command)}</code></p>",
        "<h2>Targets against the model</h2>",
        "<p>The basin's status quo is simulated from May 2020 and scored month by month until "
        "December 2025, before the 2026 reform. Each column is the mean over the "
        f"window ({html.escape(window_text())}); the error is model / documented - 1. "
        "The objective, targets and their sources are described in <code>docs/calibration.md</code>. "
        "Columns <em>seed k</em> rerun the configured behaviour with other luck: the fit is not a "
        "property of one seed. No TZCLD evaluation result is a target.</p>",
        _table_html(targets_display(table), "Documented targets, prior and configured behaviour"),
        _figure_html(targets_figure(table), "targets"),
        "<h2>The 2026 reform plays out in the status quo</h2>",
        f"<p>The basin's status quo from {start_label} with behaviour <code>{html.escape(reform.behaviour)}</code>. "
        "From January 2026 unemployment insurance is limited to two years; the existing stock is "
        "excluded in waves (over 20 years jobless in January, 8-20 years in March, 2-8 years in "
        "April 2026). A share of the excluded obtains the integration income (RIS) from the CPAS, the "
        "rest are left without benefit. Spending is summed from the run's double-entry ledger: each "
        "payer's outflows minus its inflows (benefits, RIS and its federal reimbursement, and the "
        "contributions and taxes of people back in work).</p>",
        _figure_html(regimes_figure(reform.timeseries), "regimes"),
        _figure_html(spending_figure(reform.benefit_spending), "spending"),
        _table_html(_money_frame(reform.benefits), "Benefit flows (payer -> receiver), million EUR per year"),
        '<p class="note">Net spending below counts every flow between a payer and the simulated '
        "people, including the contributions and taxes of people back in ordinary jobs: as that "
        "group grows, the net figures drift down whatever the reform does.</p>",
        _table_html(_money_frame(reform.spending), "Net spending by payer (all flows), million EUR per year"),
        "<h2>France reference</h2>",
    ]
    if france is None:
        parts.append(f"<p><strong>Section unavailable:</strong> {html.escape(str(france_note))}.</p>")
    else:
        summaries = france.summaries.reset_index().rename(columns={"index": "indicator"})
        parts += [
            "<p>The full transposition run with the France reference configuration "
            "(<code>territory=france_reference policy=france</code>) next to the Belgian pilot: the "
            "same engine, French rules and amounts. Drivers list the inputs that differ.</p>",
            _table_html(summaries, "Headline indicators, France reference and Belgium (pilot)"),
            _table_html(france.drivers, "Drivers of the difference"),
        ]
    if validation is not None:
        parts.append(section_html(validation))
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Calibration of the status quo</title>\n"
        f'<style>{STYLE}</style>\n<script type="text/javascript">{get_plotlyjs()}</script>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def write_report(
    out_dir: Path,
    *,
    seed: int = 0,
    check_seeds: Sequence[int] = (1, 2),
    reform_start: str = REFORM_START,
    reform_horizon: int = REFORM_HORIZON,
    france_horizon: int = 120,
    command: str = "tzcld-calibrate report",
    force: bool = False,
    validation_seeds: Sequence[int] = DEFAULT_SEEDS,
) -> dict[str, Path]:
    """Compute every section and write the report's files into ``out_dir``.

    Raises:
        FileExistsError: If ``out_dir`` already holds a report and ``force`` is false.
    """
    out_dir = Path(out_dir)
    if (out_dir / "report.html").exists() and not force:
        raise FileExistsError(f"{out_dir} already holds a report; choose another --out or pass --force")
    table = targets_comparison(seed, check_seeds)
    reform = reform_run(seed, reform_start, reform_horizon)
    france, france_note = france_section(seed, france_horizon)
    validation = validate_france(validation_seeds)
    page = render(table, reform, france, france_note, command, seed, validation)

    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}

    def save(name: str, text: str) -> None:
        path = out_dir / name
        atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        written[name] = path

    save("targets.csv", table.to_csv(index=False))
    save("targets.md", f"Targets against the model, {window_text()}\n\n" + markdown_table(targets_display(table)))
    columns = ["date", "month", "jobless", "jobless_over_2y", *REGIME_COLUMNS, "public_net_spending_eur"]
    save("reform_timeseries.csv", reform.timeseries[columns].to_csv(index=False))
    save("spending_by_payer.csv", reform.spending.to_csv())
    save("benefit_spending_by_payer_monthly.csv", reform.benefit_spending.to_csv())
    save("benefit_flows.csv", reform.benefits.to_csv())
    if france is not None:
        save("france_summaries.csv", france.summaries.to_csv())
        save("france_drivers.csv", france.drivers.to_csv(index=False))
    save("validation_outputs.csv", validation.outputs.to_csv(index=False))
    save("validation_components.csv", validation.components.to_csv(index=False))
    save("report.html", page)  # last: a directory with report.html holds a complete report
    return written


__all__ = ["TARGETS", "ReformRun", "reform_run", "targets_comparison", "write_report"]
