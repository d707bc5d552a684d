"""Composing a configuration faster, with OmegaConf's results unchanged.

A composition is most of a short run's start-up (benchmarks/bench_startup.py). :func:`install`,
run before every composition (:func:`sim.config.schema.register_configs`), makes two changes:

- **libyaml.** OmegaConf reads every file Hydra composes with a loader built on PyYAML's
  pure-Python ``SafeLoader``; :func:`use_libyaml` gives it its own loader with libyaml's parser
  (``CParser``, as in ``CSafeLoader``) put first: the scanner, parser and composer run in C, while
  the rules OmegaConf adds are inherited from its class and so are the same
  (duplicate keys refused, its own float resolver so ``1e3`` is a float, no timestamps so
  ``2027-01-01`` stays a string, ``pathlib`` constructors). :func:`to_yaml` writes a run's record
  of its configuration on libyaml's emitter, the same text. Where PyYAML was built without
  libyaml, nothing changes.
- **Type hints read once.** OmegaConf resolves a dataclass's type hints (``typing.get_type_hints``,
  which evaluates every annotation string) each time it builds a node of it: hundreds of times
  for the same few classes per composition. :func:`cache_type_hints` keeps each class's hints.

tests/config/test_fast_composition.py checks that every file of ``configs/`` and
``experiments/`` loads to the same values and types with both loaders, that composed
configurations dump to the same text, and that compositions are the same with and without
these changes.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml
from omegaconf import _utils as omegaconf_utils
from omegaconf import basecontainer

_PURE_LOADER = omegaconf_utils.get_yaml_loader
_GET_TYPE_HINTS = omegaconf_utils.get_type_hints


def install() -> None:
    """Both changes (safe to call more than once)."""
    use_libyaml()
    cache_type_hints()


@functools.cache
def _class_hints(cls: type) -> dict[str, Any]:
    return _GET_TYPE_HINTS(cls)


def _type_hints(obj: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if args or kwargs or not isinstance(obj, type):
        return _GET_TYPE_HINTS(obj, *args, **kwargs)
    return dict(_class_hints(obj))  # a copy: the cached one is never handed out


def cache_type_hints() -> None:
    """Make OmegaConf resolve each class's type hints once per process (classes do not change)."""
    omegaconf_utils.get_type_hints = _type_hints


def uninstall() -> None:
    """Give OmegaConf back its own loader and type hints (for comparisons)."""
    omegaconf_utils.get_yaml_loader = _PURE_LOADER
    basecontainer.get_yaml_loader = _PURE_LOADER
    omegaconf_utils.get_type_hints = _GET_TYPE_HINTS


@functools.cache
def c_loader() -> type:
    """OmegaConf's own loader class with libyaml's scanner, parser and composer put first (built
    once): its duplicate-key check, resolvers and constructors are inherited, not copied."""
    pure = _PURE_LOADER()

    class OmegaConfCLoader(yaml.cyaml.CParser, pure):  # type: ignore[name-defined,misc]
        def __init__(self, stream: Any) -> None:  # as yaml.CSafeLoader's
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    return OmegaConfCLoader


def _get_c_loader() -> Any:
    return c_loader()


def use_libyaml() -> bool:
    """Make OmegaConf (and so Hydra) parse YAML with :func:`c_loader`; True if it now does.

    Safe to call more than once. OmegaConf looks the loader up at each call in ``omegaconf._utils``
    (``OmegaConf.load``, ``OmegaConf.create`` of a string) and in ``omegaconf.basecontainer``
    (dot-lists), so both names are replaced.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return False
    omegaconf_utils.get_yaml_loader = _get_c_loader
    basecontainer.get_yaml_loader = _get_c_loader
    return True


def pure_loader() -> type:
    """OmegaConf's own loader (pure Python), for comparison."""
    return _PURE_LOADER()


@functools.cache
def c_dumper() -> type:
    """OmegaConf's dumper (its quoting of strings YAML would read as something else) on
    libyaml's emitter, or OmegaConf's own where PyYAML has no libyaml."""
    if not getattr(yaml, "__with_libyaml__", False):
        return omegaconf_utils.get_omega_conf_dumper()

    class OmegaConfCDumper(yaml.CDumper):  # type: ignore[name-defined,misc]
        pass

    OmegaConfCDumper.add_representer(str, omegaconf_utils.OmegaConfDumper.str_representer)
    return OmegaConfCDumper


def to_yaml(container: dict | list) -> str:
    """``OmegaConf.to_yaml`` of a plain container (``OmegaConf.to_container(cfg, resolve=True,
    enum_to_str=True)``), the same text written by libyaml's emitter (about three times faster)."""
    return yaml.dump(container, default_flow_style=False, allow_unicode=True, sort_keys=False, Dumper=c_dumper())
