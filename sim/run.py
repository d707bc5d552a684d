"""One run end to end: validate, simulate the scenario with its twin, write the contracted files."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from sim.config.load import to_run_config
from sim.config.validate import validate
from sim.engine.indicators import summarise
from sim.engine.paired import run_paired
from sim.outputs import (
    RESULT_FILES,
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


def execute(cfg: DictConfig, out_dir: Path, progress: bool = False) -> RunOutcome:
    """Validate ``cfg`` (raising :class:`~sim.config.validate.ConfigError` before anything is
    written), then simulate and write the run's files into ``out_dir``.

    A failure during the simulation is recorded in ``manifest.json`` with ``status: failed`` and
    the error, and no other file is left behind.
    """
    run_cfg = to_run_config(cfg)
    validate(run_cfg)
    out_dir = Path(out_dir)
    ensure_fresh(out_dir)
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
        return RunOutcome(out_dir=out_dir, summary=None, error=message)
    manifest |= {"status": "ok", "finished_at": now_utc(), "wall_seconds": round(time.perf_counter() - clock, 3)}
    write_json(out_dir / "manifest.json", manifest)
    return RunOutcome(out_dir=out_dir, summary=summary)
