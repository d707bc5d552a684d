"""One run end to end: validate, simulate the scenario with its twin, write the contracted files."""

from __future__ import annotations

import contextlib
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from sim.config.load import to_run_config
from sim.config.schema import RunConfig
from sim.config.validate import validate
from sim.engine.indicators import summarise
from sim.engine.paired import run_paired
from sim.outputs import (
    RESULT_FILES,
    atomic_write,
    claim_folder,
    config_hash,
    ensure_fresh,
    git_commit,
    now_utc,
    package_versions,
    write_json,
    write_parquet,
)


@dataclass
class RunOutcome:
    """What a run produced: its directory and summary (``None`` if it failed)."""

    out_dir: Path
    summary: dict | None
    error: str | None = None
    os_error: OSError | None = None  # the operating system's refusal to write, when it is why the run failed


def _resolved(cfg: DictConfig) -> dict:
    container = OmegaConf.to_container(cfg, resolve=True)
    container.pop("hydra", None)
    return container


def write_hydra_record(cfg: DictConfig, overrides: list[str], out_dir: Path) -> None:
    """Hydra's record of the composed configuration (``tzcld`` lets Hydra write none of its own:
    see :func:`execute`); an existing record is never rewritten."""
    hydra_dir = out_dir / ".hydra"
    if (hydra_dir / "config.yaml").exists():
        return
    # a composed configuration without Hydra's node dumps as it resolves, without a copy (3x faster)
    text = OmegaConf.to_yaml(OmegaConf.create(_resolved(cfg)) if "hydra" in cfg else cfg, resolve=True)
    listed = OmegaConf.to_yaml(OmegaConf.create(list(overrides)))
    atomic_write(hydra_dir / "overrides.yaml", lambda tmp: tmp.write_text(listed, encoding="utf-8"))
    atomic_write(hydra_dir / "config.yaml", lambda tmp: tmp.write_text(text, encoding="utf-8"))


def execute(cfg: DictConfig, out_dir: Path, progress: bool = False, overrides: list[str] | None = None) -> RunOutcome:
    """Validate ``cfg``, claim ``out_dir``, then simulate and write the run's files into it.

    Nothing is written before the configuration is valid, the folder holds no run and this
    process holds its claim (:func:`sim.outputs.claim_folder`); the record of the configuration
    (``.hydra/``, when ``overrides`` are given) is written only then, so a refused run never
    rewrites another run's record. A failure during the simulation is recorded in
    ``manifest.json`` with ``status: failed`` and the error, and no other result file is left.

    Raises:
        ConfigError: An invalid configuration (nothing written).
        FileExistsError: ``out_dir`` already holds a run (nothing written).
        sim.outputs.FolderBusy: Another process is writing ``out_dir`` (nothing written).
        OSError: ``out_dir`` cannot be created or claimed (nothing written).
    """
    run_cfg = to_run_config(cfg)
    validate(run_cfg)
    out_dir = Path(out_dir)
    ensure_fresh(out_dir)
    with claim_folder(out_dir, purpose="run"):
        ensure_fresh(out_dir)  # again: another writer may have finished between the check and the claim
        if overrides is not None:
            try:
                write_hydra_record(cfg, overrides, out_dir)
            except BaseException:
                _remove_record(out_dir)
                raise
        try:
            return _simulate_and_write(cfg, run_cfg, out_dir, progress)
        except OSError:
            # not even the failed run's manifest could be written (a full disk): keep nothing
            _remove_record(out_dir)
            raise


def _remove_record(out_dir: Path) -> None:
    hydra_dir = out_dir / ".hydra"
    for name in ("config.yaml", "overrides.yaml"):
        (hydra_dir / name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        hydra_dir.rmdir()


def _simulate_and_write(cfg: DictConfig, run_cfg: RunConfig, out_dir: Path, progress: bool) -> RunOutcome:
    resolved = _resolved(cfg)
    manifest = {
        "scenario": run_cfg.scenario.name,
        "design": run_cfg.scenario.design,
        "territory": run_cfg.territory.name,
        "seed": run_cfg.seed,
        "start": run_cfg.start,
        "horizon_months": run_cfg.horizon_months,
        "config_hash": config_hash(resolved),
        "git_commit": git_commit(),
        "package_versions": package_versions(),
        "started_at": now_utc(),
    }
    clock = time.perf_counter()
    try:
        result = run_paired(run_cfg, progress=progress)
        timeseries = result.timeseries()
        ledger = result.ledger()
        evaluation = result.evaluation()
        summary = summarise(result, timeseries, ledger, evaluation)
        write_parquet(out_dir / "timeseries.parquet", timeseries)
        write_parquet(out_dir / "ledger.parquet", ledger)
        write_parquet(out_dir / "evaluation.parquet", evaluation)
        write_json(out_dir / "summary.json", summary)
    except BaseException as error:
        # Nothing half-written stays behind, whatever stopped the run.
        for name in RESULT_FILES:
            (out_dir / name).unlink(missing_ok=True)
        if not isinstance(error, Exception):
            raise
        message = f"{type(error).__name__}: {error}"
        manifest |= {
            "status": "failed",
            "error": message,
            "traceback": traceback.format_exc(),
            "finished_at": now_utc(),
            "wall_seconds": round(time.perf_counter() - clock, 3),
        }
        write_json(out_dir / "manifest.json", manifest)
        os_error = error if isinstance(error, OSError) else None
        return RunOutcome(out_dir=out_dir, summary=None, error=message, os_error=os_error)
    manifest |= {"status": "ok", "finished_at": now_utc(), "wall_seconds": round(time.perf_counter() - clock, 3)}
    write_json(out_dir / "manifest.json", manifest)
    return RunOutcome(out_dir=out_dir, summary=summary)
