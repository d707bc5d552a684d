"""Figures and the HTML report over the synthetic runs of conftest.py."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest
from plotly.offline import get_plotlyjs

from sim.report import (
    budget_summary,
    ebe_fte_figure,
    jobless_figure,
    load_runs,
    net_cost_by_payer_figure,
    net_cost_figures,
    waiting_list_figure,
    write_report,
    yearly_budget_by_payer,
)

MONTHS = np.arange(24)


@pytest.fixture(scope="module")
def budget(runset):
    return budget_summary(yearly_budget_by_payer(runset.ledger, runset.payers))


def _trace(fig, name):
    matches = [trace for trace in fig.data if trace.name == name]
    assert len(matches) == 1, f"{len(matches)} traces named {name!r}: {[t.name for t in fig.data]}"
    return matches[0]


# --------------------------------------------------------------------------- time series
def test_ebe_fte_mean_and_band_over_seeds(runset):
    fig = ebe_fte_figure(runset.timeseries)
    # EBE FTE in month m is m * seed: mean 1.5 m, band from m to 2 m.
    np.testing.assert_allclose(_trace(fig, "Full transposition: EBE FTE").y, 1.5 * MONTHS)
    np.testing.assert_allclose(_trace(fig, "Full transposition: EBE FTE (min)").y, MONTHS)
    np.testing.assert_allclose(_trace(fig, "Full transposition: EBE FTE (max)").y, 2 * MONTHS)
    contracts = _trace(fig, "Existing actors: subsidised contracts")
    np.testing.assert_allclose(contracts.y, 1.5 * MONTHS)
    assert contracts.line.dash == "dash"
    assert not [trace for trace in fig.data if trace.name.startswith("Status quo")]
    assert fig.layout.yaxis.title.text == "Jobs (FTE or contracts)"


def test_waiting_list_mean(runset):
    fig = waiting_list_figure(runset.timeseries)
    # 10 * seed volunteers wait during the first year, none after.
    expected = np.where(MONTHS < 12, 15.0, 0.0)
    np.testing.assert_allclose(_trace(fig, "Full transposition").y, expected)
    assert str(_trace(fig, "Full transposition").x[0])[:10] == "2027-01-01"


def test_jobless_scenario_twin_and_difference(runset):
    fig = jobless_figure(runset.timeseries)
    # Jobless: 500 - m in the twin, 500 - m - 2 m seed in the scenario.
    np.testing.assert_allclose(_trace(fig, "Full transposition: twin").y, 500 - MONTHS)
    np.testing.assert_allclose(_trace(fig, "Full transposition").y, 500 - 4 * MONTHS)
    np.testing.assert_allclose(_trace(fig, "Full transposition: difference").y, -3 * MONTHS)
    np.testing.assert_allclose(_trace(fig, "Full transposition: difference (min)").y, -4 * MONTHS)
    assert not [trace for trace in fig.data if trace.name == "Status quo: twin"]


def test_net_cost_bars_by_payer(budget):
    fig = net_cost_by_payer_figure(budget, "pilot", "full_transposition")
    assert fig.layout.barmode == "relative"
    np.testing.assert_allclose(_trace(fig, "TZCLD fund").y, [600, 3000])
    np.testing.assert_allclose(_trace(fig, "Federal unemployment insurance").y, [200, -900])
    total = _trace(fig, "All payers (net, min–max over seeds)")
    np.testing.assert_allclose(total.y, [800, 2000])
    np.testing.assert_allclose(total.error_y.array, [500, 800])
    np.testing.assert_allclose(total.error_y.arrayminus, [500, 800])
    assert list(_trace(fig, "TZCLD fund").x) == [2027, 2028]


def test_net_cost_figures_skip_the_status_quo(budget):
    titles = [fig.layout.title.text for fig in net_cost_figures(budget)]
    assert len(titles) == 2
    assert not [title for title in titles if "Status quo" in title]


# --------------------------------------------------------------------------- html
def test_report_is_self_contained(runset, tmp_path):
    path = write_report(runset, tmp_path / "report.html", "Pilot", "tzcld -m seed=1,2 <x>")
    page = path.read_text(encoding="utf-8")
    assert page.count(get_plotlyjs()[:500]) == 1  # plotly.js inline, once
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert "cdn.plot.ly/plotly" not in page
    assert page.count("Plotly.newPlot") == 5  # 3 time-series figures and 2 budget figures
    # Headline and budget cells.
    assert "<td>12 [10–14]</td>" in page
    assert "<td>8 (never 1/2)</td>" in page
    assert "<td>1,500 [1,000–2,000]</td>" in page
    assert "6 successful run(s), 1 failed and left out." in page
    assert "<code>tzcld -m seed=1,2 &lt;x&gt;</code>" in page


def test_report_written_atomically_and_not_overwritten(runset, tmp_path):
    path = tmp_path / "report.html"
    write_report(runset, path, "Pilot", "tzcld")
    assert os.listdir(tmp_path) == ["report.html"]  # no temporary file left behind
    with pytest.raises(FileExistsError, match=str(path)):
        write_report(runset, path, "Second", "tzcld")
    assert "<h1>Pilot</h1>" in path.read_text(encoding="utf-8")
    write_report(runset, path, "Second", "tzcld", overwrite=True)
    assert "<h1>Second</h1>" in path.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["report.html"]


def test_report_of_failed_runs_only(run_dirs, tmp_path):
    path = write_report(load_runs(run_dirs[-1:]), tmp_path / "empty.html", "None", "tzcld")
    page = path.read_text(encoding="utf-8")
    assert "No run succeeded" in page and "1 failed" in page
