"""``tzcld-export`` and :mod:`sim.report.export`: tidy tables equal to their sources, CSV and XLSX
that read back (openpyxl), design points never averaged together, nothing overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from result_folders import GRID, experiment_folder, multirun_folder, shared_folders

from sim.report.export import TABLES, design_points, export_tables, indicators, write_csv, write_xlsx
from sim.report.export_cli import main

SWEEP = [
    ["scenario=full_transposition", "territory=pilot", f"seed={seed}", "horizon_months=18", f"{key}={value}"]
    for key, value in (("scenario.volunteering.takeup.value", 0.2), ("scenario.volunteering.takeup.value", 0.45))
    for seed in (0, 1)
]


def _build(base: Path) -> dict[str, Path]:
    return {
        "sweep": multirun_folder(base / "sweep", SWEEP),
        "grid": experiment_folder(base / "grid", GRID),
    }


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    return shared_folders(tmp_path_factory, "export", _build)


def test_a_sweep_keeps_its_design_points_apart(folders: dict[str, Path]) -> None:
    headline = export_tables(folders["sweep"], ["headline"])["headline"]
    volunteers = headline[headline["indicator"] == "volunteers_total"]
    assert sorted(volunteers["point"]) == [
        "scenario.volunteering.takeup.value=0.2",
        "scenario.volunteering.takeup.value=0.45",
    ]
    assert set(volunteers["n_runs"]) == {2}
    low, high = (volunteers.set_index("point")["mean"][f"scenario.volunteering.takeup.value={v}"] for v in (0.2, 0.45))
    assert high > low  # more take-up, more volunteers: the two points were not pooled


def test_headline_and_indicators_equal_the_runs(folders: dict[str, Path]) -> None:
    runs = pd.read_parquet(folders["grid"] / "runs.parquet")
    tables = export_tables(folders["grid"], ["headline", "indicators"])
    for name in ("headline", "indicators"):
        table = tables[name]
        row = table[(table["indicator"] == "volunteers_total") & (table["point"] == "3")].iloc[0]
        values = runs.loc[runs["point"] == 3, "volunteers_total"]
        assert row["mean"] == pytest.approx(values.mean()) and row["max"] == values.max()
        assert row["unit"] == "people" and row["n_runs"] == len(values)


def test_every_numeric_summary_key_is_exported_and_a_new_one_appears(folders: dict[str, Path]) -> None:
    from sim.dashboard.data import load_results

    summary = json.loads(next((folders["grid"] / "runs").glob("*/summary.json")).read_text())
    numeric = {k for k, v in summary.items() if isinstance(v, (int, float)) and k not in ("seed", "horizon_months")}
    exported = set(export_tables(folders["grid"], ["indicators"])["indicators"]["indicator"])
    assert numeric <= exported
    assert {f"net_cost_by_payer_eur.{p}" for p in summary["net_cost_by_payer_eur"]} <= exported
    runs, factors = design_points(load_results(folders["grid"]))
    runs["evaluation_cost_12m_eur"] = 1.5  # a key another module adds to summary.json tomorrow
    keys = [*[k for k in exported if k in runs], "evaluation_cost_12m_eur"]
    assert "evaluation_cost_12m_eur" in set(indicators(runs, factors, keys)["indicator"])


def test_payer_budget_net_sums_to_the_net_public_cost(folders: dict[str, Path]) -> None:
    budget = export_tables(folders["grid"], ["payer_budget"])["payer_budget"]
    runs = pd.read_parquet(folders["grid"] / "runs.parquet")
    net = budget[(budget["measure"] == "net") & (budget["payer"] == "all_payers")]
    for point, group in net.groupby("point"):
        expected = runs.loc[runs["point"] == int(point), "net_public_cost_eur"].mean()
        assert group["mean_eur"].sum() == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert set(budget["measure"]) == {"gross", "net"}


def test_paired_differences_have_units(folders: dict[str, Path]) -> None:
    paired = export_tables(folders["grid"], ["paired_differences"])["paired_differences"]
    assert set(paired["design_a"]) == {"full_transposition"} and set(paired["design_b"]) == {"status_quo"}
    assert paired.loc[paired["indicator"] == "net_public_cost_eur", "unit"].iloc[0] == "EUR"


def test_xlsx_and_csv_read_back(folders: dict[str, Path], tmp_path: Path) -> None:
    tables = export_tables(folders["grid"])
    workbook = openpyxl.load_workbook(write_xlsx(tables, tmp_path / "grid.xlsx"), read_only=True)
    assert workbook.sheetnames == list(TABLES)
    for name, table in tables.items():
        rows = list(workbook[name].iter_rows(values_only=True))
        assert list(rows[0]) == [str(c) for c in table.columns] and len(rows) == len(table) + 1
    headline = tables["headline"]
    first = next(workbook["headline"].iter_rows(min_row=2, values_only=True))
    assert first[list(headline.columns).index("mean")] == pytest.approx(headline["mean"].iloc[0])
    for path in write_csv(tables, tmp_path / "csv"):
        back = pd.read_csv(path, keep_default_na=False, na_values=[""])
        assert list(back.columns) == [str(c) for c in tables[path.stem].columns] and len(back) == len(tables[path.stem])
    units = pd.read_csv(tmp_path / "csv" / "units.csv")
    assert {"headline", "payer_budget", "units"} <= set(units["table"])


def test_the_command_refuses_to_overwrite_and_names_bad_input(folders: dict[str, Path], tmp_path: Path, capsys) -> None:
    out = tmp_path / "tables.xlsx"
    assert main([str(folders["sweep"]), "--out", str(out)]) == 0
    before = out.read_bytes()
    assert main([str(folders["sweep"]), "--out", str(out)]) == 2
    assert "never overwritten" in capsys.readouterr().err and out.read_bytes() == before
    assert main([str(folders["sweep"]), "--out", str(out), "--force"]) == 0
    assert main([str(tmp_path / "nowhere"), "--format", "csv", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()
    single = tmp_path / "headline.csv"
    assert main([str(folders["sweep"]), "--format", "csv", "--table", "headline", "--out", str(single)]) == 0
    assert pd.read_csv(single)["indicator"].iloc[0] == "volunteers_total"
    assert main([str(folders["sweep"]), "--format", "csv", "--out", str(tmp_path / "two.csv")]) == 2
