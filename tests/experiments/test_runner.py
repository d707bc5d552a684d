"""The unit of work: composing a run (with the per-point cache) and running it into its folder."""

from __future__ import annotations

import json

from omegaconf import OmegaConf

from sim.config.load import compose_config
from sim.experiments.design import RunTask
from sim.experiments.runner import compose_run, run_one

POINT = ("scenario=full_transposition", "territory=pilot", "scenario.volunteering.takeup.value=0.3", "horizon_months=6")


def _plain(cfg) -> dict:
    return OmegaConf.to_container(cfg, resolve=True)


def test_cached_composition_equals_a_full_composition():
    for seed in (11, 12, 11):
        overrides = (*POINT, f"seed={seed}")
        cached = _plain(compose_run(overrides))
        assert cached == _plain(compose_config(list(overrides)))
        assert cached["seed"] == seed


def test_a_bad_override_is_a_failed_run_not_an_exception(tmp_path):
    run_dir = tmp_path / "runs" / "p0000_r000"
    run_dir.mkdir(parents=True)
    (run_dir / "timeseries.parquet").write_bytes(b"left by a killed attempt")
    task = RunTask("p0000_r000", 0, 0, 5, (*POINT, "scenario.no_such_key=1", "seed=5"), str(run_dir))
    result = run_one(task)
    assert result.status == "failed"
    assert "no_such_key" in result.error
    assert sorted(p.name for p in run_dir.iterdir()) == ["manifest.json"]
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert (manifest["status"], manifest["error"], manifest["seed"]) == ("failed", result.error, 5)
    assert manifest["overrides"][-1] == "seed=5"
