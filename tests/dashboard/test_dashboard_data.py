"""sim.dashboard.data: every kind of results directory, and clear errors for bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.dashboard.data import ResultsError, combined_hash, load_results, paired_differences


def test_single_run_directory(main_job_dir: Path) -> None:
    run_dir = main_job_dir / "full_transposition_pilot_seed1"
    results = load_results(run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    summary = json.loads((run_dir / "summary.json").read_text())
    assert results.kind == "run"
    assert list(results.runs["run_id"]) == [run_dir.name]
    assert results.config_hash == manifest["config_hash"]
    assert results.command == "tzcld scenario=full_transposition territory=pilot seed=1 horizon_months=30"
    row = results.runs.iloc[0]
    assert row["net_public_cost_per_fte_year"] == summary["net_public_cost_per_fte_year"]
    assert row["net_cost_by_payer_eur.onem"] == summary["net_cost_by_payer_eur"]["onem"]
    assert row["scheme_fte_end"] == summary["ebe_fte_end"] + summary["subsidised_fte_end"]
    assert set(results.timeseries["world"]) == {"scenario", "twin"}
    assert len(results.timeseries) == 2 * 30
    assert list(results.timeseries.columns[:4]) == ["run_id", "scenario", "territory", "seed"]
    assert results.paired is None
    assert [name for name, _ in results.payers][:2] == ["onem", "federal_state"]


def test_main_job_directory(main_job_dir: Path) -> None:
    results = load_results(main_job_dir)
    assert results.kind == "multirun"
    assert len(results.runs) == 4 and (results.runs["status"] == "ok").all()
    assert results.command.startswith("tzcld-main --seeds 2 --horizon 30")  # from job.json
    hashes = [
        json.loads((d / "manifest.json").read_text())["config_hash"] for d in main_job_dir.iterdir() if d.is_dir()
    ]
    assert results.config_hash == combined_hash(hashes)
    assert results.timeseries["run_id"].nunique() == 4
    assert sorted(results.runs["point"].unique()) == [0, 1]
    # Runs of one scenario share its design point.
    assert results.runs.groupby("scenario")["point"].nunique().eq(1).all()


def test_paired_differences_of_a_multirun_are_seed_by_seed(main_job_dir: Path) -> None:
    results = load_results(main_job_dir)
    row = results.paired[results.paired["indicator"] == "net_public_cost_eur"].iloc[0]
    # one sign convention: the design later in reading order minus the earlier one
    assert (row["design_a"], row["design_b"]) == ("existing_actors", "full_transposition")
    diffs = []
    for seed in range(2):
        a = json.loads((main_job_dir / f"existing_actors_pilot_seed{seed}" / "summary.json").read_text())
        b = json.loads((main_job_dir / f"full_transposition_pilot_seed{seed}" / "summary.json").read_text())
        diffs.append(a["net_public_cost_eur"] - b["net_public_cost_eur"])
    assert row["n_pairs"] == 2
    assert row["median"] == pytest.approx(np.median(diffs))
    assert row["p05"] == pytest.approx(min(diffs) + 0.05 * (max(diffs) - min(diffs)))
    assert row["p95"] == pytest.approx(min(diffs) + 0.95 * (max(diffs) - min(diffs)))


def test_paired_differences_skip_missing_values() -> None:
    runs = pd.DataFrame(
        {
            "status": ["ok"] * 4,
            "territory": ["pilot"] * 4,
            "scenario": ["full_transposition", "full_transposition", "existing_actors", "existing_actors"],
            "seed": [0, 1, 0, 1],
            "months_to_exhaustivity": [20, None, 30, 35],
        }
    )
    table = paired_differences(runs, ("months_to_exhaustivity",))
    assert table.loc[0, "n_pairs"] == 1 and table.loc[0, "median"] == 10  # existing actors - full transposition


def test_hydra_multirun_layout(main_job_dir: Path, tmp_path: Path) -> None:
    """Fast stand-in for the real Hydra multirun below: numbered run folders and multirun.yaml."""
    from omegaconf import OmegaConf

    for number, run in enumerate(sorted(d for d in main_job_dir.iterdir() if d.is_dir())):
        shutil.copytree(run, tmp_path / f"{number}_{run.name}")
    task = ["scenario=full_transposition,existing_actors", "seed=0,1", "horizon_months=30"]
    OmegaConf.save(OmegaConf.create({"hydra": {"overrides": {"task": task}}}), tmp_path / "multirun.yaml")
    results = load_results(tmp_path)
    assert results.kind == "multirun" and len(results.ok_runs) == 4
    assert results.command == "tzcld -m scenario=full_transposition,existing_actors seed=0,1 horizon_months=30"


@pytest.mark.slow
def test_hydra_multirun_directory(hydra_multirun_dir: Path) -> None:
    results = load_results(hydra_multirun_dir)
    assert results.kind == "multirun"
    assert set(results.runs["scenario"]) == {"full_transposition", "existing_actors"}
    assert (
        results.command
        == "tzcld -m scenario=full_transposition,existing_actors territory=pilot seed=3 horizon_months=12"
    )
    assert results.timeseries.groupby("run_id").size().eq(24).all()


def test_experiment_directory(experiment_dir: Path) -> None:
    results = load_results(experiment_dir)
    assert results.kind == "experiment"
    assert len(results.runs) == 5 and len(results.ok_runs) == 4
    assert list(results.failed_runs["error"]) == ["ValueError: boom"]
    assert results.factors == ["takeup"]
    assert results.config_hash == "f" * 64
    assert results.command == "tzcld-experiment run experiments/compare.yaml --quick"
    # read, not recomputed, and turned round into the one convention (later design minus earlier)
    assert results.paired.loc[0, ["design_a", "design_b"]].tolist() == ["existing_actors", "full_transposition"]
    assert results.paired.loc[0, ["median", "p05", "p95"]].tolist() == [-1000.0, -1500.0, -500.0]
    assert list(results.sensitivity["parameter"]) == ["takeup", "sales_share"]
    assert results.break_even["boxes"][0]["limits"] == {"takeup": [0.3, 0.4]}
    assert results.aggregate is not None and set(results.aggregate["takeup"]) == {0.2, 0.4}
    assert "scheme_fte_end" in results.runs
    assert ("onem", "Federal social security and unemployment insurance (ONSS / ONEM)") in results.payers


def test_failed_and_unfinished_runs_are_listed(main_job_dir: Path, copy_dir) -> None:
    folder = copy_dir(main_job_dir)
    manifest = folder / "existing_actors_pilot_seed1" / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "status": "failed", "error": "RuntimeError: worker died"}))
    (folder / "existing_actors_pilot_seed0" / "manifest.json").unlink()  # a run that never finished
    results = load_results(folder)
    assert len(results.ok_runs) == 2
    failed = results.failed_runs.set_index("run_id")
    assert failed.loc["existing_actors_pilot_seed1", "error"] == "RuntimeError: worker died"
    assert failed.loc["existing_actors_pilot_seed0", "status"] == "incomplete"
    assert set(results.timeseries["scenario"]) == {"full_transposition"}


def test_missing_directory() -> None:
    with pytest.raises(ResultsError, match="does not exist"):
        load_results(Path("/nonexistent/results/dir"))


def test_a_file_is_not_a_results_directory(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ResultsError, match="is not a directory"):
        load_results(tmp_path / "x.txt")


def test_empty_directory_says_what_it_expected(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    with pytest.raises(ResultsError, match=r"no manifest\.json .* no experiment\.json"):
        load_results(tmp_path)


def test_malformed_manifest_names_the_file(main_job_dir: Path, copy_dir) -> None:
    folder = copy_dir(main_job_dir)
    (folder / "full_transposition_pilot_seed0" / "manifest.json").write_text("{not json")
    with pytest.raises(ResultsError, match=r"full_transposition_pilot_seed0/manifest\.json is not valid JSON"):
        load_results(folder)


def test_ok_run_missing_a_file_names_it(main_job_dir: Path, copy_dir) -> None:
    folder = copy_dir(main_job_dir)
    (folder / "existing_actors_pilot_seed0" / "ledger.parquet").unlink()
    with pytest.raises(ResultsError, match=r"existing_actors_pilot_seed0/ledger\.parquet is missing"):
        load_results(folder)


def test_damaged_parquet_names_the_file(main_job_dir: Path, copy_dir) -> None:
    folder = copy_dir(main_job_dir / "existing_actors_pilot_seed0")
    (folder / "timeseries.parquet").write_bytes(b"PAR1 garbage")
    with pytest.raises(ResultsError, match=r"timeseries\.parquet cannot be read as Parquet"):
        load_results(folder)


def test_no_successful_run_is_an_error_listing_the_failures(main_job_dir: Path, copy_dir) -> None:
    folder = copy_dir(main_job_dir)
    for manifest in folder.glob("*/manifest.json"):
        manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "status": "failed", "error": "boom"}))
    with pytest.raises(ResultsError, match=r"no successful run: 4 run\(s\) failed: .*boom"):
        load_results(folder)


def test_experiment_missing_runs_table(experiment_dir: Path, copy_dir) -> None:
    folder = copy_dir(experiment_dir)
    (folder / "runs.parquet").unlink()
    with pytest.raises(ResultsError, match=r"runs\.parquet is missing"):
        load_results(folder)


def test_experiment_runs_table_lacking_columns(experiment_dir: Path, copy_dir) -> None:
    folder = copy_dir(experiment_dir)
    pd.read_parquet(folder / "runs.parquet").drop(columns=["status"]).to_parquet(folder / "runs.parquet")
    with pytest.raises(ResultsError, match=r"runs\.parquet lacks the column\(s\) status"):
        load_results(folder)


def test_a_main_job_s_territory_rows_are_read_with_their_run(main_job_dir) -> None:
    results = load_results(main_job_dir)
    rows = results.territories
    assert not rows.empty and {"run_id", "scenario", "territory", "seed", "status", "hiring_constraint"} <= set(rows)
    ok = results.ok_runs
    # an EBE's design writes one row per EBE and month; the existing actors have no EBE
    assert set(rows["run_id"]) == set(ok.loc[ok["scenario"] == "full_transposition", "run_id"])
