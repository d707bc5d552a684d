"""``sim.simulate``: the same run as ``tzcld``, refused the same way, saved as the same folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim import ConfigError, Results, simulate
from sim.api.simulation import as_overrides

SHORT = {"horizon_months": 6}


@pytest.fixture(scope="module")
def pilot() -> Results:
    return simulate("full_transposition", "pilot", seed=2, overrides=SHORT)


def test_simulate_gives_the_tables_and_indicators_of_a_run(pilot: Results) -> None:
    assert set(pilot.timeseries["world"]) == {"scenario", "twin"} and len(pilot.timeseries) == 12
    assert {"debtor", "creditor", "category", "amount_eur"} <= set(pilot.ledger.columns)
    assert pilot.summary["scenario"] == "full_transposition" and pilot.summary["seed"] == 2
    assert pilot.summary["horizon_months"] == 6
    assert pilot.config.territory.name == "pilot"
    assert pilot.manifest["status"] == "ok" and len(pilot.manifest["config_hash"]) == 64
    assert pilot.command == "tzcld scenario=full_transposition territory=pilot seed=2 horizon_months=6"


def test_saved_folder_holds_what_tzcld_writes_for_the_same_command(pilot: Results, tmp_path: Path) -> None:
    saved = pilot.save(tmp_path / "api")
    cli = tmp_path / "cli"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sim.cli import main; main()",
            *pilot.overrides[:3],
            "horizon_months=6",
            f"hydra.run.dir={cli}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name in ("timeseries.parquet", "ledger.parquet", "summary.json"):
        assert (saved / name).read_bytes() == (cli / name).read_bytes(), name  # bit for bit
    api_manifest = json.loads((saved / "manifest.json").read_text())
    cli_manifest = json.loads((cli / "manifest.json").read_text())
    assert api_manifest["config_hash"] == cli_manifest["config_hash"]
    assert (saved / ".hydra" / "config.yaml").is_file()


def test_save_never_overwrites_a_run(pilot: Results, tmp_path: Path) -> None:
    folder = pilot.save(tmp_path / "run")
    before = (folder / "summary.json").read_bytes()
    with pytest.raises(FileExistsError, match="never overwritten"):
        pilot.save(folder)
    assert (folder / "summary.json").read_bytes() == before


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"overrides": ["scenario.volunteering.takeup.value=1.5"]}, "scenario.volunteering.takeup.value"),
        ({"overrides": {"scenario.ebe.displacement_share.value": -0.1}}, "scenario.ebe.displacement_share.value"),
        ({"overrides": ["scenario.nonsense=1"]}, "scenario.nonsense"),
        ({"policy": "atlantis"}, "policy=atlantis"),
        ({"overrides": ["horizon_months"]}, "horizon_months"),
    ],
)
def test_bad_input_is_refused_naming_the_key(kwargs: dict, key: str) -> None:
    with pytest.raises(ConfigError) as refused:
        simulate("full_transposition", "pilot", **kwargs)
    assert key in str(refused.value)


def test_an_unknown_scenario_lists_the_options() -> None:
    with pytest.raises(ConfigError, match="existing_actors, full_transposition"):
        simulate("no_such_design", "pilot")


def test_a_folder_of_ones_own_options_is_searched(tmp_path: Path) -> None:
    (tmp_path / "scenario").mkdir()
    (tmp_path / "scenario" / "cautious.yaml").write_text(
        "defaults:\n  - full_transposition\n  - _self_\nname: cautious\nvolunteering:\n  takeup:\n    value: 0.2\n",
        encoding="utf-8",
    )
    results = simulate("cautious", "pilot", overrides=SHORT, config_dir=tmp_path)
    assert results.summary["scenario"] == "cautious" and results.config.scenario.volunteering.takeup.value == 0.2
    with pytest.raises(ConfigError, match="config_dir"):
        simulate("cautious", "pilot", config_dir=tmp_path / "missing")


def test_overrides_from_a_mapping_are_written_as_hydra_overrides() -> None:
    assert as_overrides({"seed": 3, "scenario.ebe.deficit_top_up": False, "start": "2027-03"}) == [
        "seed=3",
        "scenario.ebe.deficit_top_up=false",
        "start=2027-03",
    ]


def test_budget_has_gross_and_net_per_payer_and_year(pilot: Results) -> None:
    budget = pilot.budget()
    assert {"year", "payer", "gross_eur", "net_eur"} <= set(budget.columns)
    assert set(budget["payer"]) >= {p["name"] for p in pilot.summary["payers"]}


def test_importing_sim_is_cheap() -> None:
    # the command lines import sim: the API's modules must load only when used
    code = "import sys, sim; print(sorted(m for m in ('pandas', 'hydra', 'mesa', 'sim.api') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
