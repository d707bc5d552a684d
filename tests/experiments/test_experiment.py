"""Whole experiments: reproducibility, failure isolation, resume after a kill, refusals."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_spec

import sim.run
from sim.config.validate import ConfigError
from sim.experiments.experiment import ExperimentDirError, run_experiment, status
from sim.experiments.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
TIMING = ["wall_seconds"]


def assert_same_results(a: Path, b: Path) -> None:
    """runs.parquet equal but for timing; stacked tables and aggregates bit for bit."""
    runs_a, runs_b = (pd.read_parquet(p / "runs.parquet").drop(columns=TIMING) for p in (a, b))
    pd.testing.assert_frame_equal(runs_a, runs_b)
    for name in ("timeseries.parquet", "ledger.parquet", "aggregate.parquet", "paired_differences.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name), check_exact=True)


def test_rerun_of_an_experiment_is_identical(tmp_path, tiny_spec_file, tiny_reference):
    out = tmp_path / "again"
    run_experiment(load_spec(tiny_spec_file), out, workers=0, progress=False)
    assert_same_results(tiny_reference, out)
    record = json.loads((out / "experiment.json").read_text())
    assert record["spec_hash"] == load_spec(tiny_spec_file).spec_hash
    assert (record["status"], record["n_runs"], record["done"], record["failed"], record["skipped"]) == (
        "finished",
        4,
        4,
        0,
        0,
    )
    for key in (
        "name",
        "question",
        "spec",
        "root_seed",
        "design",
        "factors",
        "started_at",
        "finished_at",
        "git_commit",
    ):
        assert key in record


def test_one_failing_run_is_recorded_and_the_others_go_on(tmp_path, tiny_spec_file, monkeypatch):
    real = sim.run.execute

    def flaky(cfg, out_dir, progress=False, overrides=None):
        if Path(out_dir).name == "p0001_r000":
            raise RuntimeError("injected failure")
        return real(cfg, out_dir, progress, overrides)

    monkeypatch.setattr(sim.run, "execute", flaky)
    out = tmp_path / "flaky"
    outcome = run_experiment(load_spec(tiny_spec_file), out, workers=0, progress=False)
    assert (outcome.done, outcome.failed) == (3, 1)
    assert outcome.failures == [("p0001_r000", "RuntimeError: injected failure")]
    runs = pd.read_parquet(out / "runs.parquet").set_index("run_id")
    assert runs.loc["p0001_r000", "status"] == "failed"
    assert runs.loc["p0001_r000", "error"] == "RuntimeError: injected failure"
    assert runs["status"].value_counts().to_dict() == {"ok": 3, "failed": 1}
    manifest = json.loads((out / "runs" / "p0001_r000" / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "injected failure" in manifest["traceback"]
    aggregate = pd.read_parquet(out / "aggregate.parquet").set_index(["point", "indicator"])
    assert aggregate.loc[(1, "ebe_fte_end"), ["n", "n_failed"]].tolist() == [1, 1]
    assert set(pd.read_parquet(out / "timeseries.parquet")["run_id"]) == {"p0000_r000", "p0000_r001", "p0001_r001"}
    # The rerun retries the failed run only, and the result then matches a clean experiment.
    monkeypatch.setattr(sim.run, "execute", real)
    again = run_experiment(load_spec(tiny_spec_file), out, workers=0, progress=False)
    assert (again.done, again.failed, again.skipped) == (1, 0, 3)


@pytest.mark.slow  # run_one's failure path is covered in-process by the test above
def test_failures_in_worker_processes_are_isolated(tmp_path, tiny_spec_file):
    from sim.experiments.design import expand, tasks
    from sim.experiments.runner import run_local

    spec = load_spec(tiny_spec_file)
    good = tasks(spec, expand(spec), tmp_path)[:1]
    bad = good[0].__class__(
        "bad",
        0,
        0,
        1,
        (*good[0].overrides[:-2], "scenario.volunteering.takeup.value=2.0", *good[0].overrides[-2:]),
        str(tmp_path / "runs" / "bad"),
    )
    results = {r.run_id: r for r in run_local([bad, *good], workers=2)}
    assert results["p0000_r000"].status == "ok"
    assert results["bad"].status == "failed"
    assert "scenario.volunteering.takeup.value" in results["bad"].error
    manifest = json.loads((tmp_path / "runs" / "bad" / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["error"] == results["bad"].error


def test_invalid_point_is_refused_before_anything_runs(tmp_path):
    design = {"kind": "list", "points": [{"scenario": "full_transposition", "scenario.volunteering.takeup.value": 1.5}]}
    spec = load_spec(write_spec(tmp_path / "bad.yaml", design=design))
    with pytest.raises(ConfigError, match=r"design point 0 .*takeup.value"):
        run_experiment(spec, tmp_path / "out", workers=0, progress=False)
    assert not (tmp_path / "out").exists()


def test_another_spec_in_the_same_folder_is_refused(tmp_path, tiny_copy):
    before = (tiny_copy / "experiment.json").read_bytes()
    other = load_spec(write_spec(tmp_path / "other.yaml", replications=3))
    with pytest.raises(ExperimentDirError, match="another specification"):
        run_experiment(other, tiny_copy, workers=0, progress=False)
    assert (tiny_copy / "experiment.json").read_bytes() == before
    quick = load_spec(write_spec(tmp_path / "quick.yaml"), quick=True)
    with pytest.raises(ExperimentDirError, match="--restart"):
        run_experiment(quick, tiny_copy, workers=0, progress=False)


def test_restart_replaces_an_earlier_experiment(tmp_path, tiny_copy):
    quick = load_spec(write_spec(tmp_path / "quick.yaml"), quick=True)
    outcome = run_experiment(quick, tiny_copy, workers=0, progress=False, restart=True)
    assert (outcome.n_runs, outcome.done, outcome.skipped) == (2, 2, 0)
    assert sorted(p.name for p in (tiny_copy / "runs").iterdir()) == ["p0000_r000", "p0001_r000"]


def test_a_folder_that_is_not_an_experiment_is_refused(tmp_path, tiny_spec_file):
    (tmp_path / "mine.txt").write_text("precious")
    with pytest.raises(ExperimentDirError, match="not an experiment folder"):
        run_experiment(load_spec(tiny_spec_file), tmp_path, workers=0, progress=False, restart=True)
    assert (tmp_path / "mine.txt").read_text() == "precious"


def test_half_written_runs_are_redone(tiny_copy, tiny_spec_file, tiny_reference):
    runs = tiny_copy / "runs"
    # Killed before the manifest: data files present, no manifest.
    (runs / "p0000_r001" / "manifest.json").unlink()
    # A manifest that says ok but a damaged Parquet file.
    path = runs / "p0001_r000" / "timeseries.parquet"
    path.write_bytes(path.read_bytes()[:100])
    # A temporary file left by an interrupted atomic write, and damaged experiment tables.
    (runs / "p0001_r001" / ".summary.json.abc.tmp").write_text("{")
    (tiny_copy / "runs.parquet").write_bytes(b"garbage")
    (tiny_copy / ".aggregate.parquet.xyz.tmp").write_bytes(b"half")
    assert status(tiny_copy)["counts"] == {"ok": 2, "failed": 0, "partial": 2, "not_started": 0}

    outcome = run_experiment(load_spec(tiny_spec_file), tiny_copy, workers=0, progress=False)
    assert (outcome.done, outcome.failed, outcome.skipped) == (2, 0, 2)
    assert not list(tiny_copy.glob(".*.tmp"))
    assert_same_results(tiny_reference, tiny_copy)


def test_resume_after_kill_9(tmp_path, tiny_spec_file, tiny_reference):
    """A real `tzcld-experiment run` killed with SIGKILL once its first run is complete."""
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "sim.experiments.cli", "run", str(tiny_spec_file), "--workers", "1"]
    command += ["--out", str(out), "--no-progress"]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while not list(out.glob("runs/*/manifest.json")):
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no run finished in time"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its worker process
        process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    before = status(out)
    assert before["record"]["status"] == "running"
    assert before["counts"]["ok"] >= 1
    assert before["counts"]["ok"] < 4

    outcome = run_experiment(load_spec(tiny_spec_file), out, workers=0, progress=False)
    # the killed invocation's claim on the folder was detected and taken over
    assert outcome.notes[0].startswith(
        f"took over the folder from an invocation that ended without releasing it (pid {process.pid} "
    )
    assert not (out / ".claim").exists()
    assert outcome.skipped == before["counts"]["ok"]
    assert outcome.done == 4 - outcome.skipped and outcome.failed == 0
    assert_same_results(tiny_reference, out)
    record = json.loads((out / "experiment.json").read_text())
    assert record["status"] == "finished" and (record["done"], record["failed"]) == (4, 0)
    assert record["invocation"] == {"done": outcome.done, "failed": 0, "skipped": outcome.skipped}


def test_two_resumes_of_one_experiment_at_once(tmp_path, tiny_spec_file, tiny_reference):
    """Two `tzcld-experiment run` of the same partial experiment started together: one resumes it,
    the other is refused while it runs (or, had the first already finished, finds nothing to do);
    the results are those of one uninterrupted invocation either way."""
    out = Path(shutil.copytree(tiny_reference, tmp_path / "twice"))
    for run in ("p0000_r001", "p0001_r000", "p0001_r001"):
        shutil.rmtree(out / "runs" / run)  # as if killed after its first run
    command = [sys.executable, "-m", "sim.experiments.cli", "run", str(tiny_spec_file), "--workers", "1"]
    command += ["--out", str(out), "--no-progress"]
    both = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    both.append(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    ended = [(p.returncode, *texts) for p in both for texts in [p.communicate(timeout=600)]]
    codes = sorted(code for code, _, _ in ended)
    refused = [err for code, _, err in ended if code == 2]
    if codes == [0, 2]:
        assert "is being written by another process (purpose tzcld-experiment run tiny" in refused[0], refused
    else:
        assert codes == [0, 0], ended
        assert any("0 done, 0 failed, 4 skipped" in out_text for _, out_text, _ in ended), ended
    assert "Traceback" not in "".join(err for _, _, err in ended)
    assert_same_results(tiny_reference, out)
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs["run_id"].is_unique and (runs["status"] == "ok").all() and len(runs) == 4
    assert not (out / ".claim").exists()


def test_an_experiment_where_every_run_fails_still_writes_its_tables(tmp_path, tiny_spec_file, monkeypatch):
    def broken(cfg, out_dir, progress=False, overrides=None):
        raise ValueError("model broken")

    monkeypatch.setattr(sim.run, "execute", broken)
    out = tmp_path / "broken"
    outcome = run_experiment(load_spec(tiny_spec_file), out, workers=0, progress=False)
    assert (outcome.done, outcome.failed) == (0, 4)
    runs = pd.read_parquet(out / "runs.parquet")
    assert set(runs["status"]) == {"failed"} and set(runs["error"]) == {"ValueError: model broken"}
    assert pd.read_parquet(out / "timeseries.parquet").empty
    # runs.parquet keeps its schema: every indicator is there, aggregated over no value
    aggregated = pd.read_parquet(out / "aggregate.parquet")
    assert (aggregated["n"] == 0).all() and (aggregated["n_failed"] == 2).all()
    assert "net_public_cost_per_fte_year" in set(aggregated["indicator"])
    assert status(out)["counts"]["failed"] == 4
