"""Small results roots shared by the app's tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


@pytest.fixture(scope="session")
def committee_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results root as a steering committee's analyst has it: a real tzcld-main job of both
    designs in the pilot and the whole basin (1 seed, 24 months), a folder of single runs beside
    it, and a run whose manifest cannot be read."""
    base = tmp_path_factory.mktemp("committee")
    root = base / "results"
    job = root / "main" / "job"
    argv = ["--seeds", "1", "--horizon", "24", "--territories", "pilot", "coeur_du_hainaut"]
    argv += ["--designs", "full_transposition", "existing_actors", "--workers", "1", "--out", str(job)]
    # a subprocess, as a user runs it: the job's process pool must not fork the test process
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from sim.mainjob import main; sys.exit(main(sys.argv[1:]))", *argv],
        cwd=base,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (root / "runs").mkdir()
    for run in ("full_transposition_pilot_seed0", "existing_actors_pilot_seed0"):
        shutil.copytree(job / run, root / "runs" / run)
    (root / "runs" / "broken").mkdir()
    (root / "runs" / "broken" / "manifest.json").write_text("{ not json", encoding="utf-8")
    return root
