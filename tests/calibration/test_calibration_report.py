"""``tzcld-calibrate report`` (sim/calibration/report.py): one short, self-contained report."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from sim.calibration import report
from sim.calibration.cli import main
from sim.calibration.targets import TARGETS


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration") / "report"
    # 19 months from 2025-01 reach July 2026, the last reform date the configuration check asks for.
    code = main(
        [
            "report",
            *("--out", str(out), "--check-seeds", "", "--reform-horizon", "19"),
            *("--france-horizon", "12", "--validation-seeds", "1"),
        ]
    )
    assert code == 0
    return out


def test_report_files(report_dir) -> None:
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "Plotly.newPlot" in page  # plotly.js inline: opens offline
    for heading in ("Targets against the model", "The 2026 reform plays out in the status quo", "France reference"):
        assert heading in page
    targets = pd.read_csv(report_dir / "targets.csv")
    assert targets["target"].tolist() == [t.name for t in TARGETS]
    markdown = (report_dir / "targets.md").read_text(encoding="utf-8")
    assert markdown.count("\n|") == len(TARGETS) + 2  # header, rule, one row per target


def test_reform_moves_people_off_insurance(report_dir) -> None:
    series = pd.read_csv(report_dir / "reform_timeseries.csv", parse_dates=["date"])
    assert len(series) == 19
    before = series[series["date"] == "2025-12-01"].iloc[0]
    after = series[series["date"] == "2026-07-01"].iloc[0]
    # The waves of 2026 exclude the long-term insured: fewer on insurance, more on the RIS and
    # with no benefit, in the model's own counts.
    assert after["on_insurance"] < 0.8 * before["on_insurance"]
    assert after["on_ris"] > before["on_ris"] and after["no_benefit"] > before["no_benefit"]
    # Spending on benefits, from the ledger: ONEM pays less after the waves; the federal State,
    # which reimburses the RIS of excluded people (100 % in 2026) and pays a fee per file, more.
    benefits = pd.read_csv(report_dir / "benefit_spending_by_payer_monthly.csv", index_col="date")
    onem = next(c for c in benefits.columns if "ONEM" in c)
    state = next(c for c in benefits.columns if "Federal State" in c)
    assert benefits.loc["2026-07-01", onem] < 0.8 * benefits.loc["2025-12-01", onem]
    assert benefits.loc["2026-07-01", state] > 1.5 * benefits.loc["2025-12-01", state] > 0
    spending = pd.read_csv(report_dir / "spending_by_payer.csv", index_col="year")
    assert list(spending.index) == [2025, 2026]
    assert spending.loc[2025, "All payers"] > 0


def test_france_section_is_either_shown_or_marked_unavailable(report_dir) -> None:
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    try:
        importlib.import_module("sim.calibration.france_comparison")
    except ImportError:
        assert "Section unavailable" in page
    else:
        assert (report_dir / "france_summaries.csv").exists()
        assert "Section unavailable" not in page, "the France comparison module exists but its section failed"


def test_missing_france_module_is_reported(monkeypatch) -> None:
    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(report.importlib, "import_module", missing)
    result, note = report.france_section(seed=0, horizon_months=12)
    assert result is None and "not available" in note


def test_report_refuses_an_existing_report(report_dir, capsys) -> None:
    before = (report_dir / "report.html").read_bytes()
    assert main(["report", "--out", str(report_dir), "--check-seeds", "", "--reform-horizon", "19"]) == 2
    assert "already holds a report" in capsys.readouterr().err
    assert (report_dir / "report.html").read_bytes() == before
