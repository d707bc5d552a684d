"""The wheel, installed into a fresh virtual environment, works from a folder outside the repository.

The wheel is built from this checkout (``pip wheel --no-build-isolation``, offline) and installed
with ``--no-deps`` into a new virtual environment, whose ``sys.path`` then ends with this
checkout's ``.venv`` site-packages for the dependencies only: the editable install of ``sim``
there is not activated (its ``.pth`` hook is not run), so every ``sim`` module, configuration
and experiment file comes from the wheel. The optional extras' packages (dash, ema_workbench,
dask's distributed, dask-jobqueue) are made unimportable, as in a bare
``pip install tzcld-sim``: scenarios, experiments and exports must run without them, and the
commands that need one must say which extra installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXTRAS_MODULES = ("dash", "ema_workbench", "distributed", "dask_jobqueue")
BLOCKER = f"""
import importlib.abc, sys

class _NotInstalled(importlib.abc.MetaPathFinder):
    # a bare install: the extras' packages are not there
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {EXTRAS_MODULES!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (bare install)", name=name)
        return None

sys.meta_path.insert(0, _NotInstalled())
"""
TINY = {
    "name": "tiny",
    "question": "Does an installed copy run a study?",
    "indicators": ["volunteers_total"],
    "root_seed": 1,
    "replications": 1,
    "horizon_months": 3,
    "design": {"kind": "list", "points": [{"scenario": "status_quo"}, {"scenario": "full_transposition"}]},
}


def _run(argv: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(bin folder of the new environment, a work folder outside the repository, environment)."""
    base = tmp_path_factory.mktemp("wheel")
    dist, build = base / "dist", base / "build"
    done = _run(
        [
            sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "--no-index",
            "-q", "-w", str(dist),
            # build in a folder of its own: never a stale build/ of the checkout
            "--config-settings=--build-option=build", f"--config-settings=--build-option=--build-base={build}",
        ],
        cwd=base,
        env=dict(os.environ),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (wheel,) = dist.glob("tzcld_sim-*.whl")
    venv = base / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], base, dict(os.environ)).returncode == 0
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site / "_bare_install.py").write_text(BLOCKER, encoding="utf-8")
    (site / "_bare_install.pth").write_text("import _bare_install\n", encoding="utf-8")
    # the dependencies, from this checkout's environment (appended: sim itself comes from the wheel)
    (site / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q"]
    done = _run([*install, str(wheel)], base, env)
    assert done.returncode == 0, done.stderr
    work = base / "elsewhere"
    work.mkdir()
    return venv / "bin", work, env | {"WHEEL": str(wheel)}


def test_the_wheel_holds_the_configuration_the_experiments_and_the_licence(installed) -> None:
    names = zipfile.ZipFile(installed[2]["WHEEL"]).namelist()
    for name in (
        "sim/configs/config.yaml",
        "sim/configs/scenario/full_transposition.yaml",
        "sim/configs/uncertainties.yaml",
        "sim/configs/calibration.yaml",
        "sim/experiment_files/compare_designs.yaml",
        "sim/experiment_files/cluster/slurm.yaml",
        "sim/contract/dictionary.yaml",
        "sim/_build.json",
    ):
        assert name in names, name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("configs/", "experiments/", "tests/")) for n in names)


def test_sim_comes_from_the_wheel_not_the_checkout(installed) -> None:
    bin_dir, work, env = installed
    code = "import sim, sim.config.locations as l; print(sim.__file__); print(l.CONFIG_DIR); print(sim.__version__)"
    done = _run([str(bin_dir / "python"), "-c", code], work, env)
    assert done.returncode == 0, done.stderr
    module, configs, version = done.stdout.split()
    assert str(ROOT) not in module and str(ROOT) not in configs and "site-packages" in configs
    assert version == yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]


def test_tzcld_runs_and_records_the_commit(installed) -> None:
    bin_dir, work, env = installed
    done = _run([str(bin_dir / "tzcld"), "horizon_months=3", "seed=2", "hydra.run.dir=run"], work, env)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((work / "run" / "manifest.json").read_text())
    built = json.loads(zipfile.ZipFile(env["WHEEL"]).read("sim/_build.json"))
    assert manifest["status"] == "ok" and manifest["git_commit"] == built["git_commit"] is not None
    assert (work / "run" / "timeseries.parquet").is_file()
    assert "scenario: existing_actors" in _run([str(bin_dir / "tzcld"), "--help"], work, env).stdout


def test_experiments_are_listed_and_run(installed) -> None:
    bin_dir, work, env = installed
    listing = _run([str(bin_dir / "tzcld-experiment"), "list"], work, env)
    assert listing.returncode == 0, listing.stderr
    assert "compare_designs" in listing.stdout and "break_even" in listing.stdout
    (work / "tiny.yaml").write_text(yaml.safe_dump(TINY), encoding="utf-8")
    done = _run([str(bin_dir / "tzcld-experiment"), "run", "tiny.yaml", "--workers", "1", "--no-progress"], work, env)
    assert done.returncode == 0, done.stderr + done.stdout
    assert (work / "results" / "experiments" / "tiny" / "paired_differences.parquet").is_file()
    exported = _run([str(bin_dir / "tzcld-export"), "results/experiments/tiny", "--format", "xlsx"], work, env)
    assert exported.returncode == 0, exported.stderr
    assert (work / "results" / "experiments" / "tiny" / "export.xlsx").is_file()


def test_the_python_api_runs_from_elsewhere(installed) -> None:
    bin_dir, work, env = installed
    code = textwrap.dedent(
        """
        from sim import simulate, ConfigError
        results = simulate("existing_actors", "pilot", seed=1, overrides={"horizon_months": 3})
        print(results.summary["scenario"], len(results.timeseries))
        try:
            simulate("existing_actors", "pilot", overrides=["scenario.volunteering.takeup.value=2"])
        except ConfigError as error:
            print("refused", "scenario.volunteering.takeup.value" in str(error))
        """
    )
    done = _run([str(bin_dir / "python"), "-c", code], work, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["existing_actors", "6", "refused", "True"]


def test_what_needs_an_extra_says_which(installed) -> None:
    bin_dir, work, env = installed
    app = _run([str(bin_dir / "tzcld-dashboard"), "--port", "8765"], work, env)
    assert app.returncode == 2 and "pip install 'tzcld-sim[app]'" in app.stderr
    prim = _run([str(bin_dir / "tzcld-experiment"), "run", "break_even", "--quick", "--no-progress"], work, env)
    assert prim.returncode == 2 and "pip install 'tzcld-sim[discovery]'" in prim.stderr
    assert not (work / "results" / "experiments" / "break_even-quick").exists()
    dask = _run(
        [str(bin_dir / "tzcld-experiment"), "run", "compare_designs", "--scheduler", "tcp://127.0.0.1:1"], work, env
    )
    assert dask.returncode == 2 and "pip install 'tzcld-sim[cluster]'" in dask.stderr
    ema = _run([str(bin_dir / "python"), "-c", "import sim.ema; sim.ema.model()"], work, env)
    assert ema.returncode != 0 and "pip install 'tzcld-sim[discovery]'" in ema.stderr
