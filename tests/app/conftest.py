"""A small results root shared by the app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.config.load import compose_config
from sim.run import execute, write_hydra_record


@pytest.fixture(scope="module")
def results_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results root holding a real pilot run (24 months) and a run of another seed side by side,
    a malformed run, and a symbolic link to a folder outside the root."""
    base = tmp_path_factory.mktemp("app")
    root = base / "results"
    for seed in (1, 2):
        # as tzcld writes a run: its files and Hydra's record of the overrides
        overrides = ["territory=pilot", "horizon_months=24", f"seed={seed}"]
        cfg, run_dir = compose_config(overrides), root / "runs" / f"pilot_seed{seed}"
        execute(cfg, run_dir)
        write_hydra_record(cfg, overrides, run_dir)
    broken = root / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{ this is not json", encoding="utf-8")
    (base / "outside").mkdir()
    (base / "outside" / "manifest.json").write_text("{}", encoding="utf-8")
    (root / "escape").symlink_to(base / "outside", target_is_directory=True)
    return root
