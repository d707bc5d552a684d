"""Compose a run configuration outside the command line (library use, tests, the main job)."""

from __future__ import annotations

from pathlib import Path

from hydra import compose
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import ConfigError, from_composition
from sim.config.locations import CONFIG_DIR, CONFIG_SEARCH_PATH, PRIMARY_CONFIG, config_dirs, group_options
from sim.config.schema import RunConfig, register_configs
from sim.config.territories import resolve_territory

__all__ = ["CONFIG_DIR", "compose_config", "group_options", "load_config", "to_run_config"]
GROUPS = ("scenario", "territory", "policy", "behaviour")


def _start_hydra(config_dir: Path | None) -> None:
    """Hydra's global state with the search path ``tzcld`` uses: the package's tree, then the
    user's folder where ``--config-dir`` puts it (before the structured schemas)."""
    from hydra import version
    from hydra._internal.hydra import Hydra
    from hydra._internal.utils import create_config_search_path
    from hydra.core.config_search_path import SearchPathQuery

    version.setbase("1.3")
    search_path = create_config_search_path(CONFIG_SEARCH_PATH)
    if config_dir is not None:
        search_path.prepend(provider="command-line", path=f"file://{config_dir}", anchor=SearchPathQuery("schema"))
    Hydra.create_main_hydra2(task_name="tzcld", config_search_path=search_path)


def compose_config(overrides: list[str] | None = None, config_dir: str | Path | None = None) -> DictConfig:
    """Compose the package's ``configs/config.yaml`` with Hydra overrides, as ``tzcld`` would.

    Args:
        overrides: Hydra overrides (``scenario=existing_actors``, ``seed=3``...).
        config_dir: A folder of the user's own options (``scenario/my_design.yaml``...), searched
            as ``tzcld --config-dir`` searches it: after the package's tree, so its files need
            names of their own.

    Raises:
        ConfigError: An override Hydra cannot apply (unknown key or option, wrong type, a value
            outside an enumeration, a syntax error), naming the key and what is accepted; or a
            ``config_dir`` that is not a folder.
    """
    register_configs()
    try:
        own = config_dirs(config_dir)[0] if config_dir is not None else None
    except FileNotFoundError as error:
        raise ConfigError([f"config_dir = {str(config_dir)!r}: {error}"]) from error
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    try:
        _start_hydra(own)
        return compose(config_name=PRIMARY_CONFIG, overrides=list(overrides or []))
    except (HydraException, OmegaConfBaseException) as error:
        raise from_composition(error, {g: group_options(g, own) for g in GROUPS}) from error
    finally:
        GlobalHydra.instance().clear()


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


def load_config(overrides: list[str] | None = None, config_dir: str | Path | None = None) -> RunConfig:
    """Compose and convert in one step."""
    return to_run_config(compose_config(overrides, config_dir))
