"""tzcld-experiment list / status / run as a user types them."""

from __future__ import annotations

import os

import pytest
from conftest import write_spec

from sim.experiments.cli import main


def test_list_shows_every_shipped_experiment_with_its_question(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("compare_designs", "contribution_vs_takeup", "sensitivity", "break_even"):
        assert name in out
    assert "How do the three designs compare" in out


def test_status_of_an_experiment_folder(capsys, tiny_reference):
    assert main(["status", str(tiny_reference)]) == 0
    out = capsys.readouterr().out
    assert "tiny: Does the experiment machinery work end to end?" in out
    assert "4 ok, 0 failed, 0 partial, 0 not started" in out
    assert "runs.parquet" in out


def test_status_of_a_folder_that_is_not_an_experiment(capsys, tmp_path):
    assert main(["status", str(tmp_path)]) == 2
    assert "not an experiment folder" in capsys.readouterr().err


def test_invalid_file_exits_2_and_writes_nothing(capsys, tmp_path):
    spec = write_spec(tmp_path / "bad.yaml", replications=-1)
    out = tmp_path / "out"
    assert main(["run", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "invalid experiment file, nothing was run" in err and "replications = -1" in err
    assert not out.exists()


def test_run_resumes_and_prints_the_summary(capsys, tiny_copy, tiny_spec_file):
    assert main(["run", str(tiny_spec_file), "--out", str(tiny_copy), "--workers", "0", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "tiny: 4 runs: 0 done, 0 failed, 4 skipped (already complete)" in out
    assert f"results in {tiny_copy}/" in out and "aggregate.parquet" in out


def test_other_spec_in_the_folder_exits_2(capsys, tiny_copy, tmp_path):
    spec = write_spec(tmp_path / "other.yaml", root_seed=8)
    assert main(["run", str(spec), "--out", str(tiny_copy), "--workers", "0"]) == 2
    assert "another specification" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("name", ["compare_designs", "contribution_vs_takeup", "sensitivity", "break_even"])
def test_shipped_quick_experiments_run_end_to_end(tmp_path, name):
    out = tmp_path / name
    assert main(["run", name, "--quick", "--out", str(out), "--no-progress"]) == 0
    expected = {"sensitivity": "sensitivity.parquet", "break_even": "break_even.json"}.get(name, "aggregate.parquet")
    assert (out / expected).is_file()


def test_a_folder_another_invocation_is_writing_is_refused_and_left_alone(capsys, tiny_copy, tiny_spec_file):
    from sim.outputs import claim_folder

    before = {p.relative_to(tiny_copy): p.stat().st_mtime_ns for p in tiny_copy.rglob("*") if p.is_file()}
    with claim_folder(tiny_copy, purpose="tzcld-experiment run tiny"):
        assert main(["run", str(tiny_spec_file), "--out", str(tiny_copy), "--workers", "0", "--no-progress"]) == 2
    err = capsys.readouterr().err
    holder = f"(purpose tzcld-experiment run tiny, pid {os.getpid()}"
    assert f"{tiny_copy} is being written by another process {holder}" in err
    assert "Traceback" not in err
    after = {p.relative_to(tiny_copy): p.stat().st_mtime_ns for p in tiny_copy.rglob("*") if p.is_file()}
    assert after == before


def test_an_experiment_folder_under_a_file_is_named(capsys, tmp_path, tiny_spec_file):
    blocker = tmp_path / "results"
    blocker.write_text("a file where a folder is expected")
    assert main(["run", str(tiny_spec_file), "--out", str(blocker / "tiny"), "--workers", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{blocker} is a file, not a folder" in err and "Traceback" not in err
