"""Compose a run configuration outside the command line (library use, tests, the main job)."""

from __future__ import annotations

from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, OmegaConf

from sim.config.schema import RunConfig, register_configs
from sim.config.territories import resolve_territory

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """Compose ``configs/config.yaml`` with Hydra overrides, as ``tzcld`` would."""
    register_configs()
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=list(overrides or []))


def to_run_config(cfg: DictConfig) -> RunConfig:
    """Typed objects (dataclasses with methods) from a composed configuration.

    A micro-territory selection (``territory=micro 'territory.select=[...]'``) is applied here,
    so every run sees the derived territory (see :mod:`sim.config.territories`).

    Raises:
        ConfigError: an invalid micro-territory selection.
    """
    plain = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"]) if "hydra" in cfg else cfg
    return resolve_territory(OmegaConf.to_object(plain))


def load_config(overrides: list[str] | None = None) -> RunConfig:
    """Compose and convert in one step."""
    return to_run_config(compose_config(overrides))
