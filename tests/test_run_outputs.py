"""``sim.run.execute`` writes exactly the files of results-contract.md, never over an existing run,
nothing for an invalid configuration, a failed manifest alone when the simulation fails, and
every file atomically."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from sim import outputs
from sim.config.load import compose_config
from sim.config.validate import ConfigError
from sim.engine import ebe
from sim.run import execute, write_hydra_record

# ------------------------------------------------------------------ the contract (results-contract.md)
RUN_FILES = {"manifest.json", "timeseries.parquet", "ledger.parquet", "evaluation.parquet", "summary.json"}
MANIFEST_KEYS = {
    "status", "scenario", "territory", "seed", "config_hash", "git_commit", "package_versions",
    "started_at", "finished_at", "wall_seconds",
}  # fmt: skip
TIMESERIES_COLUMNS = {
    "date", "month", "world", "jobless", "jobless_over_2y", "eligible", "volunteers_waiting",
    "ebe_employees", "ebe_fte", "subsidised_contracts", "in_training", "in_ordinary_job",
    "out_of_labour_force", "ebe_cash_eur", "ebe_sales_eur", "displaced_sales_eur", "public_net_spending_eur",
}  # fmt: skip
LEDGER_COLUMNS = {"month", "world", "debtor", "creditor", "category", "amount_eur"}
SUMMARY_KEYS = {
    "scenario", "territory", "seed", "horizon_months", "volunteers_total", "hired_total", "ebe_fte_end",
    "waitlist_peak", "waitlist_end", "months_to_exhaustivity", "fte_years", "public_spending_per_fte_year",
    "ebe_cost_per_fte_year", "avoided_cost_per_fte_year", "net_public_cost_per_fte_year", "activation_rate",
    "net_cost_by_payer_eur", "employment_effect_pp_24m", "displaced_fte_end", "exits_to_ordinary_jobs",
    "participants_income_gain_eur_month", "participants_poverty_rate", "participants_poverty_rate_twin",
    "ledger_max_abs_imbalance_eur",
}  # fmt: skip

OVERRIDES = [
    "territory=pilot",
    "agents.materialize_jobseekers=false",
    "horizon_months=15",
    "start=2027-01",
    "seed=5",
    "scenario.ebe.launch_delay_months.value=0",
]


def listing(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "full"
    outcome = execute(compose_config(OVERRIDES), out)
    assert outcome.summary is not None, outcome.error
    return out


def test_writes_exactly_the_contracted_files(run_dir: Path) -> None:
    # no temporary file left behind either
    assert listing(run_dir) == RUN_FILES


def test_manifest(run_dir: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest.keys() >= MANIFEST_KEYS
    assert manifest["status"] == "ok" and "error" not in manifest
    assert (manifest["scenario"], manifest["territory"], manifest["seed"]) == ("full_transposition", "pilot", 5)
    assert len(manifest["config_hash"]) == 64 and manifest["wall_seconds"] >= 0
    assert manifest["started_at"] <= manifest["finished_at"]


def test_timeseries_columns_and_rows(run_dir: Path) -> None:
    series = pd.read_parquet(run_dir / "timeseries.parquet")
    assert set(series.columns) >= TIMESERIES_COLUMNS
    # one row per month x world
    assert len(series) == 2 * 15
    assert not series.duplicated(["month", "world"]).any()
    assert set(series["world"]) == {"scenario", "twin"}
    scen = series[series["world"] == "scenario"].sort_values("month")
    assert scen["month"].tolist() == list(range(15))
    # date: first day of each month from January 2027
    expected = pd.date_range("2027-01-01", periods=15, freq="MS")
    assert (pd.DatetimeIndex(scen["date"]) == expected).all()


def test_ledger_columns_and_grain(run_dir: Path) -> None:
    ledger = pd.read_parquet(run_dir / "ledger.parquet")
    assert set(ledger.columns) >= LEDGER_COLUMNS
    assert not ledger.duplicated(["month", "world", "debtor", "creditor", "category"]).any()
    assert (ledger["amount_eur"] > 0).all()
    assert set(ledger["world"]) == {"scenario", "twin"}


def test_summary_keys_and_identities(run_dir: Path) -> None:
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary.keys() >= SUMMARY_KEYS
    assert (summary["scenario"], summary["territory"], summary["seed"], summary["horizon_months"]) == (
        "full_transposition",
        "pilot",
        5,
        15,
    )
    assert summary["hired_total"] > 0 and summary["fte_years"] > 0
    public, avoided = summary["public_spending_per_fte_year"], summary["avoided_cost_per_fte_year"]
    assert summary["net_public_cost_per_fte_year"] == pytest.approx(public - avoided)
    assert summary["activation_rate"] == pytest.approx(avoided / public)
    assert summary["ledger_max_abs_imbalance_eur"] < 1e-3
    # net cost by payer: against the twin, from the ledger file
    ledger = pd.read_parquet(run_dir / "ledger.parquet")
    for payer, value in summary["net_cost_by_payer_eur"].items():
        net = {}
        for world in ("scenario", "twin"):
            rows = ledger[ledger["world"] == world]
            net[world] = (
                rows.loc[rows["debtor"] == payer, "amount_eur"].sum()
                - rows.loc[rows["creditor"] == payer, "amount_eur"].sum()
            )
        assert value == pytest.approx(net["scenario"] - net["twin"], abs=1e-6), payer
    # the summary agrees with the series it summarises
    series = pd.read_parquet(run_dir / "timeseries.parquet")
    scen = series[series["world"] == "scenario"].sort_values("month")
    assert summary["ebe_fte_end"] == pytest.approx(scen["ebe_fte"].iloc[-1])
    assert summary["waitlist_peak"] == scen["volunteers_waiting"].max()
    assert summary["fte_years"] == pytest.approx((scen["ebe_fte"] + scen["subsidised_fte"]).sum() / 12)


def test_hydra_record_for_runs_composed_outside_hydra(tmp_path: Path) -> None:
    cfg = compose_config(OVERRIDES)
    write_hydra_record(cfg, OVERRIDES, tmp_path)
    assert listing(tmp_path) == {".hydra/config.yaml", ".hydra/overrides.yaml"}
    assert "horizon_months: 15" in (tmp_path / ".hydra" / "config.yaml").read_text()


def test_refuses_to_overwrite_a_run(run_dir: Path) -> None:
    before = {name: (run_dir / name).read_bytes() for name in RUN_FILES}
    with pytest.raises(FileExistsError, match="already holds a run"):
        execute(compose_config(OVERRIDES), run_dir)
    assert listing(run_dir) == RUN_FILES
    assert {name: (run_dir / name).read_bytes() for name in RUN_FILES} == before


def test_invalid_config_raises_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bad"
    with pytest.raises(ConfigError, match="takeup"):
        execute(compose_config([*OVERRIDES, "scenario.volunteering.takeup.value=1.5"]), out)
    assert not out.exists() or listing(out) == set()


def read_manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_failed_simulation_leaves_only_a_failed_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    settle = ebe.settle

    def failing_settle(model, jobs_created):
        calls["n"] += 1
        if calls["n"] > 3:
            raise RuntimeError("EBE books corrupted")
        return settle(model, jobs_created)

    monkeypatch.setattr(ebe, "settle", failing_settle)
    out = tmp_path / "failed"
    outcome = execute(compose_config(OVERRIDES), out)
    assert outcome.summary is None and outcome.error == "RuntimeError: EBE books corrupted"
    assert listing(out) == {"manifest.json"}
    manifest = read_manifest(out)
    assert manifest["status"] == "failed"
    assert manifest["error"] == "RuntimeError: EBE books corrupted"
    assert manifest.keys() >= MANIFEST_KEYS
    # a failed run still holds the directory
    with pytest.raises(FileExistsError):
        execute(compose_config(OVERRIDES), out)


def test_failure_while_writing_removes_the_files_already_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sim.run

    real = sim.run.write_parquet

    def write_then_fail(path: Path, frame: pd.DataFrame) -> None:
        if path.name == "ledger.parquet":
            raise OSError("disk full")
        real(path, frame)

    monkeypatch.setattr(sim.run, "write_parquet", write_then_fail)
    out = tmp_path / "half"
    outcome = execute(compose_config(OVERRIDES), out)
    assert outcome.error == "OSError: disk full"
    # timeseries.parquet had been written: it is removed with the failure
    assert listing(out) == {"manifest.json"}
    assert read_manifest(out)["status"] == "failed"


def test_atomic_write_leaves_no_partial_or_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def partial_write(table, where, **kwargs) -> None:
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError("interrupted")

    monkeypatch.setattr(outputs.pq, "write_table", partial_write)
    out = tmp_path / "interrupted"
    outcome = execute(compose_config(OVERRIDES), out)
    assert outcome.error == "OSError: interrupted"
    assert listing(out) == {"manifest.json"}


def test_atomic_write_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "summary.json"
    outputs.write_json(target, {"a": 1, "b": [1.5, None]})
    assert json.loads(target.read_text()) == {"a": 1, "b": [1.5, None]}
    with pytest.raises(ValueError):
        outputs.write_json(target, {"a": math.nan})  # NaN is not JSON: refused, old file intact
    assert json.loads(target.read_text()) == {"a": 1, "b": [1.5, None]}
    assert listing(tmp_path) == {"summary.json"}
