"""``tzcld-calibrate pipeline``: the calibration file, the objective, a tiny fit through the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from sim.calibration.cli import main
from sim.calibration.pipeline_fit import (
    DEFAULT_PATH,
    load_pipeline_calibration,
    objective,
    residual_table,
)
from sim.config.load import CONFIG_DIR, compose_config, load_config
from sim.config.validate import ConfigError, validate


def _tiny(tmp_path: Path) -> Path:
    """The shipped file reduced to one grid point each, one seed, 40 months (the targets before it)."""
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["overrides"] = [o for o in raw["overrides"] if not o.startswith("horizon_months")] + ["horizon_months=40"]
    raw["seeds"] = [0]
    raw["free_parameters"][0]["grid"] = [6.0]
    raw["free_parameters"][1]["grid"] = [6]
    raw["targets"] = [t for t in raw["targets"] if t["month"] < 40]
    path = tmp_path / "calibration_pipeline.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_the_shipped_file_loads_with_sourced_targets() -> None:
    calibration = load_pipeline_calibration()
    assert {t.name for t in calibration.targets} >= {"pipriac_employees_3y", "phase1_employees_june_2021"}
    assert all(t.source and t.tag == "R" for t in calibration.targets)
    cfg = load_config(list(calibration.overrides))
    validate(cfg)
    names = {c.name for c in cfg.territory.communes}
    assert {t.territory for t in calibration.targets if t.territory} <= names


def test_a_bad_measure_is_refused_with_the_accepted_ones(tmp_path: Path) -> None:
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["targets"][0]["measure"] = "jobs"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError, match="measure 'jobs'; accepted: employees, exhaustive"):
        load_pipeline_calibration(path)


def test_the_objective_is_zero_on_the_targets_and_grows_with_the_error() -> None:
    targets = load_pipeline_calibration().targets
    exact = pd.Series({t.name: t.value for t in targets})
    assert objective(exact, targets) == 0
    off = exact.copy()
    off.iloc[0] *= 1.5
    assert objective(off, targets) == pytest.approx(targets[0].weight * 0.25)
    table = residual_table(off, targets)
    assert table["relative_error"].iloc[0] == pytest.approx(0.5)


def test_a_tiny_fit_writes_a_pipeline_option_with_its_residuals(tmp_path: Path, capsys) -> None:
    out = tmp_path / "pipeline" / "trial.yaml"
    args = ["pipeline", "--calibration", str(_tiny(tmp_path)), "--out", str(out), "--quiet"]
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    assert "FITTED by tzcld-calibrate" in text and "pipriac_employees_3y" in text
    document = yaml.safe_load(text)
    assert document["activities_per_year_per_5000_inhabitants"]["value"] == 6.0
    assert document["preparation_months"]["value"] == 6
    assert "fitted by tzcld-calibrate pipeline" in document["preparation_months"]["source"]
    cfg = compose_config(["pipeline=trial", f"hydra.searchpath=[file://{tmp_path}]"])
    assert cfg.pipeline.preparation_months.value == 6
    # not replaced without --force
    before = out.read_bytes()
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == before


def test_the_committed_fit_composes_and_cites_its_targets() -> None:
    path = CONFIG_DIR / "pipeline" / "fitted_france.yaml"
    text = path.read_text(encoding="utf-8")
    assert "relative error" in text and "873" in text
    cfg = load_config(["pipeline=fitted_france", "policy=france", "territory=france_phase1"])
    validate(cfg)
    assert cfg.pipeline.name == "fitted_france"
