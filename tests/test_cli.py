"""The ``tzcld`` command line, run as a user would: good runs write the contracted files, bad
inputs stop before any simulation with a message naming the key, exit 2 and nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

RUN_FILES = (
    "manifest.json",
    "summary.json",
    "timeseries.parquet",
    "ledger.parquet",
    "evaluation.parquet",
    "territories.parquet",
)
RECORD = (".hydra/config.yaml", ".hydra/overrides.yaml")
TZCLD = [sys.executable, "-c", "import sys; from sim.cli import main; sys.exit(main())"]


def tzcld(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the console entry point in a fresh process."""
    env = dict(os.environ, HYDRA_FULL_ERROR="0")
    return subprocess.run([*TZCLD, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def listing(folder: Path) -> set[str]:
    """Every file under ``folder``, relative to it."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_single_run_writes_the_contracted_files(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    done = tzcld("scenario=existing_actors", "seed=3", "horizon_months=12", f"hydra.run.dir={run_dir}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # the contracted files and nothing else: no log, no hydra.yaml, no claim left behind
    assert listing(run_dir) == {*RUN_FILES, *RECORD}
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["seed"] == 3 and manifest["scenario"] == "existing_actors"
    frame = pd.read_parquet(run_dir / "timeseries.parquet")
    assert sorted(frame["world"].unique()) == ["scenario", "twin"] and len(frame) == 24
    assert "- seed=3" in (run_dir / ".hydra" / "overrides.yaml").read_text()
    # A second run into the same folder is refused and leaves the first one as it was, its
    # record included (Hydra used to rewrite .hydra/ before the refusal).
    before = {name: (run_dir / name).read_bytes() for name in listing(run_dir)}
    again = tzcld("scenario=existing_actors", "seed=9", "horizon_months=12", f"hydra.run.dir={run_dir}", cwd=tmp_path)
    assert again.returncode == 2 and "never overwritten" in again.stderr and "Traceback" not in again.stderr
    assert {name: (run_dir / name).read_bytes() for name in listing(run_dir)} == before


def test_multirun_writes_one_folder_per_run(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    done = tzcld(
        "-m",
        "scenario=full_transposition,existing_actors",
        "seed=range(0,2)",
        "horizon_months=6",
        f"hydra.sweep.dir={sweep}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    runs = sorted(p.name for p in sweep.iterdir() if p.is_dir())
    assert runs == [
        "0_full_transposition_pilot_seed0",
        "1_full_transposition_pilot_seed1",
        "2_existing_actors_pilot_seed0",
        "3_existing_actors_pilot_seed1",
    ]
    for run in runs:
        assert all((sweep / run / name).is_file() for name in RUN_FILES)


def test_a_multirun_asked_through_hydra_mode_still_sweeps(tmp_path: Path) -> None:
    # tzcld skips Hydra's probe of hydra.mode (a second composition) unless an override sets it
    sweep = tmp_path / "sweep"
    done = tzcld("hydra.mode=MULTIRUN", "seed=0,1", "horizon_months=2", f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in sweep.iterdir() if p.is_dir()) == [
        "0_full_transposition_pilot_seed0",
        "1_full_transposition_pilot_seed1",
    ]


BAD_INPUTS = [
    (["scenario.volunteering.takeup.value=1.5"], "scenario.volunteering.takeup.value"),
    (["scenario.ebe.displacement_share.value=-0.1"], "scenario.ebe.displacement_share.value"),
    (["scenario.fund.startup_grant_per_job.value=-5"], "scenario.fund.startup_grant_per_job.value"),
    (["territory.qualification.low.value=0.9"], "territory.qualification"),
    (["policy.routing.ris=nobody"], "policy.routing.ris"),
    (["scenario=existing_actors", "scenario.operators.0.payer=nobody"], "scenario.operators.0.payer"),
    (["scenario.design=magic"], "scenario.design"),
    (["scenario.fund.financing=lottery"], "scenario.fund.financing"),
    (["scenario.fund.contribution_basis=net"], "scenario.fund.contribution_basis"),
    (["start=2027-13"], "start"),
    (["horizon_months=0"], "horizon_months"),
    (["seed=-1"], "seed"),
    (["start=2020-01", "horizon_months=24"], "policy.unemployment_insurance.time_limit_from"),
    (["scenario=existing_actors", "scenario.operators.0.selection=random"], "scenario.operators.0.selection"),
    (["behaviour.job_finding_base.source=", "behaviour.job_finding_base.assumption=false"], "job_finding_base"),
    (["scenario.volunteering.tekeup.value=0.3"], "tekeup"),
    (["horizon_months=ten"], "horizon_months"),
    (["scenario=nope"], "scenario/nope"),
    (["+foo=1"], "foo: not a key of the configuration"),
    (["+scenario.fund.bogus=1"], "scenario.fund.bogus: not a key"),
    (["seed=18446744073709551616"], "seed = 18446744073709551616"),
    (["scenario.ebe.launch_delay_months.value=6.5"], "scenario.ebe.launch_delay_months.value = 6.5"),
    (["territory=pilot", "policy=france"], "policy.country = 'FR' but territory.country = 'BE'"),
    (["scenario=status_quo", "scenario.fund.financing=savings"], "scenario.fund.financing: scenario.fund is null"),
]


@pytest.mark.parametrize(("overrides", "named"), BAD_INPUTS, ids=[" ".join(o) for o, _ in BAD_INPUTS])
def test_bad_input_is_refused_before_anything_is_written(overrides: list[str], named: str, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    done = tzcld(*overrides, f"hydra.run.dir={run_dir}", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("tzcld: invalid configuration, nothing was simulated.")
    assert named in done.stderr
    assert "Traceback" not in done.stderr
    # nothing at all: not even the folder, Hydra's record of the attempt or an empty log
    assert not run_dir.exists()


def test_debug_shows_the_traceback_of_a_refusal(tmp_path: Path) -> None:
    done = tzcld("--debug", "+foo=1", f"hydra.run.dir={tmp_path / 'run'}", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" in done.stderr and "foo: not a key" in done.stderr


def test_an_output_folder_under_a_file_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "results"
    blocker.write_text("a file where a folder is expected")
    done = tzcld("horizon_months=2", f"hydra.run.dir={blocker / 'run'}", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{blocker} is a file, not a folder" in done.stderr


def test_a_multirun_with_one_bad_job_runs_none(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    done = tzcld(
        "-m", "scenario.volunteering.takeup.value=0.3,1.5", "horizon_months=2", f"hydra.sweep.dir={sweep}", cwd=tmp_path
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "job scenario.volunteering.takeup.value=1.5 horizon_months=2: scenario.volunteering.takeup.value" in (
        done.stderr
    )
    assert not sweep.exists()


def test_a_multirun_into_a_used_folder_is_refused(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    (sweep / "multirun.yaml").write_text("earlier sweep\n")
    done = tzcld("-m", "seed=0,1", "horizon_months=2", f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert done.returncode == 2 and "is not empty" in done.stderr
    assert listing(sweep) == {"multirun.yaml"} and (sweep / "multirun.yaml").read_text() == "earlier sweep\n"


def test_a_run_into_a_folder_being_written_is_refused(tmp_path: Path) -> None:
    from sim.outputs import claim_folder

    run_dir = tmp_path / "run"
    with claim_folder(run_dir, purpose="writer under test"):
        done = tzcld("horizon_months=2", f"hydra.run.dir={run_dir}", cwd=tmp_path)
        assert listing(run_dir) == {".claim"}
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{run_dir} is being written by another process (purpose writer under test, pid {os.getpid()}" in (
        done.stderr
    )


def test_two_runs_into_one_folder_at_once_keep_one_whole_run(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    env = dict(os.environ, HYDRA_FULL_ERROR="0")
    runs = {
        seed: subprocess.Popen(
            [*TZCLD, f"seed={seed}", "horizon_months=36", f"hydra.run.dir={run_dir}"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed in (1, 2)
    }
    ended = {seed: (run.wait(timeout=300), run.communicate()[1]) for seed, run in runs.items()}
    codes = sorted(code for code, _ in ended.values())
    assert codes == [0, 2], ended
    winner = next(seed for seed, (code, _) in ended.items() if code == 0)
    refused = next(err for code, err in ended.values() if code == 2)
    assert "is being written by another process" in refused or "never overwritten" in refused, refused
    # one run's files, all of them, and its own record
    assert listing(run_dir) == {*RUN_FILES, *RECORD}
    assert json.loads((run_dir / "manifest.json").read_text())["seed"] == winner
    assert json.loads((run_dir / "summary.json").read_text())["seed"] == winner
    assert f"- seed={winner}" in (run_dir / ".hydra" / "overrides.yaml").read_text()


@pytest.mark.slow  # the README's main job as a process; in-process in tests/contract and tests/dashboard
def test_main_job_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "main"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sim.mainjob import main; sys.exit(main(sys.argv[1:]))",
            "--seeds",
            "2",
            "--horizon",
            "18",
            "--workers",
            "2",
            "--out",
            str(out),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    runs = [p for p in out.iterdir() if p.is_dir()]
    assert len(runs) == 3 * 2 * 2
    for run in runs:
        for name in (*RUN_FILES, ".hydra/config.yaml"):
            assert (run / name).is_file(), f"{run.name}/{name}"
    assert "Headline indicators, pilot" in done.stdout and "Headline indicators, coeur_du_hainaut" in done.stdout
    assert "net against the twin" in done.stdout or "net cost against the twin" in done.stdout
    html = (out / "dashboard.html").read_text(encoding="utf-8")
    assert "<script" in html and 'src="http' not in html  # plotly.js embedded, nothing fetched


def test_help_lists_the_groups_without_composing(tmp_path: Path) -> None:
    (tmp_path / "mine" / "scenario").mkdir(parents=True)
    (tmp_path / "mine" / "scenario" / "my_design.yaml").write_text("name: my_design\n", encoding="utf-8")
    done = tzcld("--help", "--config-dir", str(tmp_path / "mine"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "scenario: existing_actors, full_transposition, my_design, status_quo, walloon_pilot" in done.stdout
    assert "--config-dir" in done.stdout and "territory:" in done.stdout and not (tmp_path / "results").exists()


def test_a_users_config_dir_adds_options(tmp_path: Path) -> None:
    (tmp_path / "mine" / "scenario").mkdir(parents=True)
    (tmp_path / "mine" / "scenario" / "eager.yaml").write_text(
        "defaults:\n  - full_transposition\n  - _self_\nname: eager\nvolunteering:\n  takeup:\n    value: 0.5\n",
        encoding="utf-8",
    )
    run_dir = tmp_path / "run"
    done = tzcld(
        "--config-dir",
        str(tmp_path / "mine"),
        "scenario=eager",
        "horizon_months=3",
        f"hydra.run.dir={run_dir}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((run_dir / "summary.json").read_text())["scenario"] == "eager"


@pytest.mark.slow  # an optional extra's launcher, worker processes (make test-slow, CI)
def test_the_joblib_launcher_gives_the_sequential_results(tmp_path: Path) -> None:
    # the `parallel` extra: Hydra's joblib launcher on Python 3.12 with the pinned versions
    sweep = ["seed=0,1", "horizon_months=4"]
    joblib = tzcld(
        "-m", "hydra/launcher=joblib", "hydra.launcher.n_jobs=2", *sweep, "hydra.sweep.dir=joblib", cwd=tmp_path
    )
    assert joblib.returncode == 0, joblib.stderr
    basic = tzcld("-m", *sweep, "hydra.sweep.dir=basic", cwd=tmp_path)
    assert basic.returncode == 0, basic.stderr
    for run in ("0_full_transposition_pilot_seed0", "1_full_transposition_pilot_seed1"):
        for name in ("timeseries.parquet", "ledger.parquet", "summary.json"):
            assert (tmp_path / "joblib" / run / name).read_bytes() == (tmp_path / "basic" / run / name).read_bytes()


def test_a_refusal_under_a_users_config_dir_names_its_options_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "mine" / "scenario").mkdir(parents=True)
    (tmp_path / "mine" / "scenario" / "eager.yaml").write_text("defaults:\n  - full_transposition\n", encoding="utf-8")
    run_dir = tmp_path / "run"
    refused = tzcld("--config-dir", str(tmp_path / "mine"), "scenario=eagre", f"hydra.run.dir={run_dir}", cwd=tmp_path)
    assert refused.returncode == 2, refused.stderr
    assert "scenario=eagre" in refused.stderr and "eager" in refused.stderr and "full_transposition" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not run_dir.exists()
