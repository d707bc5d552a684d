"""sim.report.runs: run folders read into one RunSet, over the synthetic runs of conftest.py."""

from __future__ import annotations

import json
import shutil

import pytest

from sim.report import load_runs

PAYER_NAMES = ["onem", "federal_state", "walloon_region", "cpas_commune", "tzcld_fund"]


def test_load_runs_keeps_ok_runs_and_counts_failed(runset):
    assert runset.n_runs == 6
    assert runset.failed == 1
    assert runset.failed_dirs[0].name == "full_transposition_pilot_seed3"
    assert [name for name, _ in runset.payers] == PAYER_NAMES
    assert dict(runset.payers)["tzcld_fund"] == "TZCLD fund"


def test_load_runs_flattens_summaries_and_tags_rows(runset):
    summaries = runset.summaries
    assert "net_cost_by_payer_eur.tzcld_fund" in summaries
    assert "payers" not in summaries
    assert sorted(summaries["scenario"].unique()) == [
        "existing_actors",
        "full_transposition",
        "status_quo",
    ]
    # 6 runs x 24 months x 2 worlds, each row tagged with its run's identity.
    assert len(runset.timeseries) == 6 * 24 * 2
    for table in (runset.timeseries, runset.ledger):
        assert list(table.columns[:5]) == [
            "run",
            "scenario",
            "design",
            "territory",
            "seed",
        ]
    seed2 = runset.ledger[(runset.ledger["scenario"] == "full_transposition") & (runset.ledger["seed"] == 2)]
    assert seed2["amount_eur"].sum() == pytest.approx(1800 + 2000 + 1200 + 200 + 4000 + 500 + 200 + 600 + 3000)


@pytest.mark.parametrize("missing", ["ledger.parquet", "summary.json", "manifest.json"])
def test_load_runs_names_the_missing_file(run_dirs, tmp_path, missing):
    run_dir = shutil.copytree(run_dirs[0], tmp_path / "broken_run")
    (run_dir / missing).unlink()
    with pytest.raises(FileNotFoundError, match=missing) as error:
        load_runs([run_dir])
    assert str(run_dir) in str(error.value)


def test_load_runs_rejects_a_summary_without_identity(run_dirs, tmp_path):
    run_dir = shutil.copytree(run_dirs[0], tmp_path / "no_seed")
    summary = json.loads((run_dir / "summary.json").read_text())
    del summary["seed"]
    (run_dir / "summary.json").write_text(json.dumps(summary))
    with pytest.raises(ValueError, match="seed") as error:
        load_runs([run_dir])
    assert str(run_dir) in str(error.value)


def test_load_runs_of_failed_runs_only_is_empty(run_dirs):
    runset = load_runs(run_dirs[-1:])
    assert (runset.n_runs, runset.failed) == (0, 1)
    assert runset.ledger.empty and runset.timeseries.empty
