"""Compose a run configuration outside the command line (library use, tests, the main job)."""

from __future__ import annotations

from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import from_composition
from sim.config.schema import RunConfig, register_configs
from sim.config.territories import resolve_territory

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"


def group_options(group: str) -> list[str]:
    """The options of a config group, as found on disk."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """Compose ``configs/config.yaml`` with Hydra overrides, as ``tzcld`` would.

    Raises:
        ConfigError: An override Hydra cannot apply (unknown key or option, wrong type, a value
            outside an enumeration, a syntax error), naming the key and what is accepted.
    """
    register_configs()
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            return compose(config_name="config", overrides=list(overrides or []))
    except (HydraException, OmegaConfBaseException) as error:
        groups = ("scenario", "territory", "policy", "behaviour")
        raise from_composition(error, {g: group_options(g) for g in groups}) from error


def to_run_config(cfg: DictConfig) -> RunConfig:
    """Typed objects (dataclasses with methods) from a composed configuration.

    A micro-territory selection (``territory=micro 'territory.select=[...]'``) is applied here,
    so every run sees the derived territory (see :mod:`sim.config.territories`).

    Raises:
        ConfigError: a missing mandatory value, or an invalid micro-territory selection.
    """
    plain = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"]) if "hydra" in cfg else cfg
    try:
        typed = OmegaConf.to_object(plain)
    except OmegaConfBaseException as error:
        # e.g. a mandatory value left as ??? : named by its key
        raise from_composition(error) from error
    return resolve_territory(typed)


def load_config(overrides: list[str] | None = None) -> RunConfig:
    """Compose and convert in one step."""
    return to_run_config(compose_config(overrides))
