"""Compose a run configuration outside the command line (library use, tests, the main job)."""

from __future__ import annotations

import copy
from pathlib import Path

from hydra import compose
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf, open_dict, read_write
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import ConfigError, added_keys, from_composition, null_parent
from sim.config.locations import (
    CONFIG_DIR,
    CONFIG_GROUPS,
    CONFIG_SEARCH_PATH,
    PRIMARY_CONFIG,
    config_dirs,
    group_options,
)
from sim.config.schema import RunConfig, register_configs
from sim.config.territories import resolve_territory

__all__ = ["CONFIG_DIR", "CONFIG_GROUPS", "compose_config", "group_options", "load_config", "to_run_config"]


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
    try:
        own = config_dirs(config_dir)[0] if config_dir is not None else None
    except FileNotFoundError as error:
        raise ConfigError([f"config_dir = {str(config_dir)!r}: {error}"]) from error
    problems = override_problems(list(overrides or []), own)
    if problems:
        raise ConfigError(problems)
    register_configs()
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    try:
        _start_hydra(own)
        return compose(config_name=PRIMARY_CONFIG, overrides=list(overrides or []))
    except (HydraException, OmegaConfBaseException) as error:
        raise from_composition(error, {g: group_options(g, own) for g in CONFIG_GROUPS}) from error
    except AssertionError as error:
        # OmegaConf asserts (no message naming the key) when an override sets a key under a null node
        refusal = null_parent_error(list(overrides or []), config_dir)
        if refusal is None:
            raise
        raise refusal from error
    finally:
        GlobalHydra.instance().clear()


def override_problems(overrides: list[str], config_dir: str | Path | None = None) -> list[str]:
    """Overrides that Hydra would apply but that no run may use, one problem each.

    Deleting a key or a group (``~seed``, ``~scenario``) leaves the schema's default or nothing
    in its place, silently; an override without a key (``=5``) or a group given anything but one
    option name (``scenario=null``, ``scenario=[a,b]``) makes Hydra fail without naming it.
    Overrides that do not parse, and Hydra's own (``hydra.*``), are left to Hydra.
    """
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except HydraException:
        return []
    problems = []
    for override in parsed:
        key, text = override.key_or_group, override.input_line
        if key.startswith(("hydra.", "hydra/")) or key == "hydra":
            continue
        if not key:
            problems.append(f"{text!r}: an override needs a key before '=' (key=value)")
        elif override.is_delete():
            problems.append(
                f"{text}: deleting a key or a group with ~ is refused (the run needs every key of the schema); "
                "set a value instead"
            )
        elif key in CONFIG_GROUPS and not override.is_sweep_override() and not isinstance(override.value(), str):
            options = ", ".join(group_options(key, config_dir))
            problems.append(f"{text}: expected one option of {key}; {key} options: {options}")
    return problems


def null_parent_error(overrides: list[str], config_dir: str | Path | None = None) -> ConfigError | None:
    """The :class:`ConfigError` of overrides that set keys under a null node, or None.

    Composes the configuration with the group choices of ``overrides`` only, then looks for a
    null node above each key set (``scenario=status_quo scenario.fund.financing=savings``).
    """
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except HydraException:
        return None
    choices = [o.input_line for o in parsed if o.key_or_group in CONFIG_GROUPS]
    keys = [o.key_or_group for o in parsed if o.key_or_group not in CONFIG_GROUPS and not o.is_delete()]
    try:
        base = compose_config(choices, config_dir)
    except ConfigError:
        return None
    problems = [problem for key in keys if (problem := null_parent(base, key))]
    return ConfigError(problems) if problems else None


def to_run_config(cfg: DictConfig) -> RunConfig:
    """Typed objects (dataclasses with methods) from a composed configuration.

    A micro-territory selection (``territory=micro 'territory.select=[...]'``) is applied here,
    so every run sees the derived territory (see :mod:`sim.config.territories`).

    Raises:
        ConfigError: a key the schema does not declare (added with ``+``), a missing mandatory
            value, or an invalid micro-territory selection.
    """
    plain = cfg
    if "hydra" in cfg:
        # a copy without Hydra's own node that keeps the schema's types (masked_copy would not)
        plain = copy.deepcopy(cfg)
        with read_write(plain), open_dict(plain):
            del plain["hydra"]
    added = added_keys(plain)
    if added:
        raise ConfigError(added)
    try:
        typed = OmegaConf.to_object(plain)
    except OmegaConfBaseException as error:
        # e.g. a mandatory value left as ??? : named by its key
        raise from_composition(error) from error
    return resolve_territory(typed)


def load_config(overrides: list[str] | None = None, config_dir: str | Path | None = None) -> RunConfig:
    """Compose and convert in one step."""
    return to_run_config(compose_config(overrides, config_dir))
