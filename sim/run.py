"""One run end to end: validate, simulate the scenario with its twin, write the contracted files."""

from __future__ import annotations

import contextlib
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.config.fast_composition import to_yaml
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


@dataclass
class RunTables:
    """What a paired run yields: its monthly series, its aggregated ledger, the evaluation-aligned
    rows of its participants, one row per EBE (micro-territory) and month, its indicators."""

    timeseries: pd.DataFrame
    ledger: pd.DataFrame
    evaluation: pd.DataFrame
    territories: pd.DataFrame
    summary: dict


def _resolved(cfg: DictConfig) -> dict:
    # enumerations as their names, as OmegaConf.to_yaml writes them; the members' names are their
    # values, so the configuration's hash (canonical JSON) is the same either way
    container = OmegaConf.to_container(cfg, resolve=True, enum_to_str=True)
    container.pop("hydra", None)
    return container


def write_hydra_record(cfg: DictConfig, overrides: list[str], out_dir: Path, resolved: dict | None = None) -> None:
    """Hydra's record of the composed configuration (``tzcld`` lets Hydra write none of its own:
    see :func:`execute`); an existing record is never rewritten.

    Args:
        resolved: ``cfg`` resolved, if the caller has it already (:func:`_resolved`).
    """
    hydra_dir = out_dir / ".hydra"
    if (hydra_dir / "config.yaml").exists():
        return
    text = to_yaml(_resolved(cfg) if resolved is None else resolved)
    listed = to_yaml(list(overrides))
    atomic_write(hydra_dir / "overrides.yaml", lambda tmp: tmp.write_text(listed, encoding="utf-8"))
    atomic_write(hydra_dir / "config.yaml", lambda tmp: tmp.write_text(text, encoding="utf-8"))


def checked(cfg: DictConfig) -> RunConfig:
    """The typed configuration of a composed one, validated.

    Raises:
        ConfigError: Every problem found, each naming its key (nothing is simulated or written).
    """
    run_cfg = to_run_config(cfg)
    validate(run_cfg)
    return run_cfg


def new_manifest(cfg: DictConfig, run_cfg: RunConfig, resolved: dict | None = None) -> dict:
    """The identity of a run as ``manifest.json`` records it, before it starts.

    Args:
        resolved: ``cfg`` resolved, if the caller has it already (:func:`_resolved`).
    """
    return {
        "scenario": run_cfg.scenario.name,
        "design": run_cfg.scenario.design,
        "territory": run_cfg.territory.name,
        "seed": run_cfg.seed,
        "start": run_cfg.start,
        "horizon_months": run_cfg.horizon_months,
        "config_hash": config_hash(_resolved(cfg) if resolved is None else resolved),
        "git_commit": git_commit(),
        "package_versions": package_versions(),
        "started_at": now_utc(),
    }


def finished(clock: float) -> dict:
    """The manifest's closing keys of a run that succeeded, timed from ``clock``."""
    return {"status": "ok", "finished_at": now_utc(), "wall_seconds": round(time.perf_counter() - clock, 3)}


def simulate(run_cfg: RunConfig, progress: bool = False) -> RunTables:
    """Simulate a validated configuration with its twin, in memory."""
    result = run_paired(run_cfg, progress=progress)
    timeseries = result.timeseries()
    ledger = result.ledger()
    evaluation = result.evaluation()
    summary = summarise(result, timeseries, ledger, evaluation)
    return RunTables(timeseries, ledger, evaluation, result.territories(), summary)


def write_tables(out_dir: Path, tables: RunTables) -> None:
    """Write a run's result files (:data:`sim.outputs.RESULT_FILES`, each atomically) into
    ``out_dir``; on any failure none is left."""
    try:
        write_parquet(out_dir / "timeseries.parquet", tables.timeseries)
        write_parquet(out_dir / "ledger.parquet", tables.ledger)
        write_parquet(out_dir / "evaluation.parquet", tables.evaluation)
        write_parquet(out_dir / "territories.parquet", tables.territories)
        write_json(out_dir / "summary.json", tables.summary)
    except BaseException:
        remove_results(out_dir)
        raise


def remove_results(out_dir: Path) -> None:
    """Remove whatever result files a stopped run left in ``out_dir`` (never its manifest)."""
    for name in RESULT_FILES:
        (out_dir / name).unlink(missing_ok=True)


def execute(
    cfg: DictConfig,
    out_dir: Path,
    progress: bool = False,
    overrides: list[str] | None = None,
    run_cfg: RunConfig | None = None,
) -> RunOutcome:
    """Validate ``cfg``, claim ``out_dir``, then simulate and write the run's files into it.

    Nothing is written before the configuration is valid, the folder holds no run and this
    process holds its claim (:func:`sim.outputs.claim_folder`); the record of the configuration
    (``.hydra/``, when ``overrides`` are given) is written only then, so a refused run never
    rewrites another run's record. A failure during the simulation is recorded in
    ``manifest.json`` with ``status: failed`` and the error, and no other result file is left.

    Args:
        run_cfg: ``checked(cfg)``, when the caller has validated ``cfg`` already (``tzcld``'s
            :class:`~sim.cli.RunGuard` has, before Hydra made the folder).

    Raises:
        ConfigError: An invalid configuration (nothing written).
        FileExistsError: ``out_dir`` already holds a run (nothing written).
        sim.outputs.FolderBusy: Another process is writing ``out_dir`` (nothing written).
        OSError: ``out_dir`` cannot be created or claimed (nothing written).
    """
    run_cfg = checked(cfg) if run_cfg is None else run_cfg
    resolved = _resolved(cfg)
    out_dir = Path(out_dir)
    ensure_fresh(out_dir)
    with claim_folder(out_dir, purpose="run"):
        ensure_fresh(out_dir)  # again: another writer may have finished between the check and the claim
        if overrides is not None:
            try:
                write_hydra_record(cfg, overrides, out_dir, resolved)
            except BaseException:
                remove_record(out_dir)
                raise
        try:
            return _simulate_and_write(new_manifest(cfg, run_cfg, resolved), run_cfg, out_dir, progress)
        except OSError:
            # not even the failed run's manifest could be written (a full disk): keep nothing
            remove_record(out_dir)
            raise


def remove_record(out_dir: Path) -> None:
    """Remove the ``.hydra/`` record a refused or unwritable run left in ``out_dir``."""
    hydra_dir = out_dir / ".hydra"
    for name in ("config.yaml", "overrides.yaml"):
        (hydra_dir / name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        hydra_dir.rmdir()


def _simulate_and_write(manifest: dict, run_cfg: RunConfig, out_dir: Path, progress: bool) -> RunOutcome:
    clock = time.perf_counter()
    try:
        tables = simulate(run_cfg, progress=progress)
        write_tables(out_dir, tables)
    except BaseException as error:
        # Nothing half-written stays behind, whatever stopped the run.
        remove_results(out_dir)
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
    write_json(out_dir / "manifest.json", manifest | finished(clock))
    return RunOutcome(out_dir=out_dir, summary=tables.summary)
