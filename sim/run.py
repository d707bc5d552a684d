"""One run end to end: validate, simulate the scenario with its twin, write the contracted files."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.config.load import to_run_config
from sim.config.schema import RunConfig
from sim.config.validate import validate
from sim.engine.indicators import summarise
from sim.engine.paired import run_paired
from sim.outputs import (
    config_hash,
    ensure_fresh,
    git_commit,
    now_utc,
    package_versions,
    write_json,
    write_parquet,
)

TABLE_FILES = ("timeseries.parquet", "ledger.parquet", "summary.json")


@dataclass
class RunOutcome:
    """What a run produced: its directory and summary (``None`` if it failed)."""

    out_dir: Path
    summary: dict | None
    error: str | None = None


@dataclass
class RunTables:
    """What a paired run yields: its monthly series, its aggregated ledger, its indicators."""

    timeseries: pd.DataFrame
    ledger: pd.DataFrame
    summary: dict


def _resolved(cfg: DictConfig) -> dict:
    container = OmegaConf.to_container(cfg, resolve=True)
    container.pop("hydra", None)
    return container


def write_hydra_record(cfg: DictConfig, overrides: list[str], out_dir: Path) -> None:
    """Hydra's record of the composed configuration, for runs composed outside ``hydra.main``."""
    hydra_dir = out_dir / ".hydra"
    if (hydra_dir / "config.yaml").exists():
        return
    hydra_dir.mkdir(parents=True, exist_ok=True)
    text = OmegaConf.to_yaml(OmegaConf.create(_resolved(cfg)))
    (hydra_dir / "config.yaml").write_text(text, encoding="utf-8")
    (hydra_dir / "overrides.yaml").write_text(OmegaConf.to_yaml(OmegaConf.create(list(overrides))), encoding="utf-8")


def checked(cfg: DictConfig) -> RunConfig:
    """The typed configuration of a composed one, validated.

    Raises:
        ConfigError: Every problem found, each naming its key (nothing is simulated or written).
    """
    run_cfg = to_run_config(cfg)
    validate(run_cfg)
    return run_cfg


def new_manifest(cfg: DictConfig, run_cfg: RunConfig) -> dict:
    """The identity of a run as ``manifest.json`` records it, before it starts."""
    return {
        "scenario": run_cfg.scenario.name,
        "design": run_cfg.scenario.design,
        "territory": run_cfg.territory.name,
        "seed": run_cfg.seed,
        "start": run_cfg.start,
        "horizon_months": run_cfg.horizon_months,
        "config_hash": config_hash(_resolved(cfg)),
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
    return RunTables(timeseries, ledger, summarise(result, timeseries, ledger))


def write_tables(out_dir: Path, tables: RunTables) -> None:
    """Write a run's tables into ``out_dir`` (each atomically); on any failure none is left."""
    try:
        write_parquet(out_dir / "timeseries.parquet", tables.timeseries)
        write_parquet(out_dir / "ledger.parquet", tables.ledger)
        write_json(out_dir / "summary.json", tables.summary)
    except BaseException:
        for name in TABLE_FILES:
            (out_dir / name).unlink(missing_ok=True)
        raise


def execute(cfg: DictConfig, out_dir: Path, progress: bool = False) -> RunOutcome:
    """Validate ``cfg`` (raising :class:`~sim.config.validate.ConfigError` before anything is
    written), then simulate and write the run's files into ``out_dir``.

    A failure during the simulation is recorded in ``manifest.json`` with ``status: failed`` and
    the error, and no other file is left behind.
    """
    run_cfg = checked(cfg)
    out_dir = Path(out_dir)
    ensure_fresh(out_dir)
    manifest = new_manifest(cfg, run_cfg)
    clock = time.perf_counter()
    try:
        tables = simulate(run_cfg, progress=progress)
        write_tables(out_dir, tables)
    except BaseException as error:
        # Nothing half-written stays behind, whatever stopped the run.
        for name in TABLE_FILES:
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
        return RunOutcome(out_dir=out_dir, summary=None, error=message)
    write_json(out_dir / "manifest.json", manifest | finished(clock))
    return RunOutcome(out_dir=out_dir, summary=tables.summary)
