"""Compose a run configuration outside the command line (library use, tests, the main job)."""

from __future__ import annotations

import copy
from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf, open_dict, read_write
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import ConfigError, added_keys, from_composition, null_parent
from sim.config.schema import RunConfig, register_configs
from sim.config.territories import resolve_territory

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
CONFIG_GROUPS = ("scenario", "territory", "policy", "behaviour")


def group_options(group: str) -> list[str]:
    """The options of a config group, as found on disk."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """Compose ``configs/config.yaml`` with Hydra overrides, as ``tzcld`` would.

    Raises:
        ConfigError: An override Hydra cannot apply (unknown key or option, wrong type, a value
            outside an enumeration, a syntax error), naming the key and what is accepted.
    """
    problems = override_problems(list(overrides or []))
    if problems:
        raise ConfigError(problems)
    register_configs()
    if GlobalHydra.instance().is_initialized():
        GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            return compose(config_name="config", overrides=list(overrides or []))
    except (HydraException, OmegaConfBaseException) as error:
        raise from_composition(error, {g: group_options(g) for g in CONFIG_GROUPS}) from error
    except AssertionError as error:
        # OmegaConf asserts (no message naming the key) when an override sets a key under a null node
        refusal = null_parent_error(list(overrides or []))
        if refusal is None:
            raise
        raise refusal from error


def override_problems(overrides: list[str]) -> list[str]:
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
            problems.append(f"{text}: expected one option of {key}; {key} options: {', '.join(group_options(key))}")
    return problems


def null_parent_error(overrides: list[str]) -> ConfigError | None:
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
        base = compose_config(choices)
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


def load_config(overrides: list[str] | None = None) -> RunConfig:
    """Compose and convert in one step."""
    return to_run_config(compose_config(overrides))
