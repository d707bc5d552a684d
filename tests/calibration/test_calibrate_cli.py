"""``tzcld-calibrate fit`` as a user runs it: a tiny fit, a valid file, no silent overwrite."""

from __future__ import annotations

import shutil

import pytest
import yaml

from sim.calibration.cli import main
from sim.config.load import compose_config, to_run_config
from sim.config.validate import validate

TINY = ["fit", "--territory", "pilot", "--maxiter", "2", "--quiet"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("fit") / "behaviour" / "trial.yaml"
    out.parent.mkdir()
    assert main([*TINY, "--out", str(out)]) == 0
    return out


def test_fit_writes_a_config_that_composes_and_validates(written) -> None:
    # The written file is a behaviour option Hydra can compose next to configs/ (search path).
    cfg = compose_config(["behaviour=trial", f"hydra.searchpath=[file://{written.parent.parent}]"])
    run_config = to_run_config(cfg)
    validate(run_config)
    document = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert run_config.behaviour.name == document["name"] == "trial"
    assert run_config.behaviour.job_finding_base.value == document["job_finding_base"]["value"]
    text = written.read_text(encoding="utf-8")
    assert "FITTED by tzcld-calibrate on" in text and "relative error" in text
    assert "tzcld-calibrate fit --territory pilot --maxiter 2" in text


def test_fit_refuses_to_overwrite_without_force(written, tmp_path, capsys) -> None:
    target = tmp_path / "copy.yaml"
    shutil.copy(written, target)
    before = target.read_bytes()
    assert main([*TINY, "--out", str(target)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert main([*TINY, "--seed", "1", "--out", str(target), "--force"]) == 0
    assert target.read_bytes() != before
    assert "seed 1" in target.read_text(encoding="utf-8")


def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys) -> None:
    out = tmp_path / "x.yaml"
    assert main(["fit", "--territory", "atlantis", "--maxiter", "1", "--quiet", "--out", str(out)]) == 2
    assert "atlantis" in capsys.readouterr().err
    assert main(["fit", "--maxiter", "0", "--out", str(out)]) == 2
    assert "--maxiter 0" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
