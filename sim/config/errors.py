"""One kind of refusal for every bad configuration: :class:`ConfigError`, naming the key.

Hydra and OmegaConf refuse some inputs while composing (an unknown key, a value of the wrong
type, a value outside an enumeration, a group option that does not exist, an override that does
not parse); :mod:`sim.config.validate` refuses the others (meaning). :func:`from_composition`
turns the first kind into the second, so that every command reports both the same way: one line
per problem, starting with the key as it would be written on the command line.
"""

from __future__ import annotations

import dataclasses
import re

from hydra.errors import HydraException, MissingConfigException, OverrideParseException
from omegaconf import DictConfig, ListConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

_ENUM = re.compile(r"Invalid value '(?P<value>.*)', expected one of \[(?P<accepted>.*)\]")
_CONVERT = re.compile(r"Value '(?P<value>.*)' of type '\w+' could not be converted to (?P<type>\w+)")
_MISSING_OPTION = re.compile(r"Could not find '(?P<group>[\w/]+)/(?P<option>[^']*)'")
_TYPE_WORDS = {"Float": "a number", "Integer": "a whole number", "Boolean": "true or false"}


class ConfigError(ValueError):
    """A configuration that does not compose or does not make sense.

    Attributes:
        problems: One line per problem, each starting with the dotted key concerned.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the configuration:\n{lines}")

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:
        # rebuild from the problems, not the message, when sent to a worker process
        return type(self), (self.problems,)


def override_key(full_key: str) -> str:
    """OmegaConf's ``a.b[2].c`` as a Hydra override key ``a.b.2.c``."""
    return re.sub(r"\[(\d+)\]", r".\1", full_key)


def describe(error: BaseException, options: dict[str, list[str]] | None = None) -> str:
    """One line naming the key and what is accepted, for a Hydra or OmegaConf error.

    Args:
        error: What composing (or applying an override) raised.
        options: Option names by config group, to list the accepted options of a group.
    """
    cause = error.__cause__ if isinstance(error.__cause__, OmegaConfBaseException) else None
    inner = cause if cause is not None else error
    if isinstance(error, MissingConfigException) or _MISSING_OPTION.search(str(error)):
        found = _MISSING_OPTION.search(str(error))
        if found:
            group, option = found["group"], found["option"]
            accepted = ", ".join((options or {}).get(group, [])) or "see configs/" + group
            if not option:
                return f"{group}=: no option given; {group} options: {accepted}"
            return f"{group}={option}: no such option ({group}/{option} not found); {group} options: {accepted}"
    if isinstance(inner, OmegaConfBaseException) and getattr(inner, "full_key", None):
        key = override_key(str(inner.full_key))
        message = str(getattr(inner, "msg", "") or str(inner)).strip().splitlines()[0]
        enum = _ENUM.search(message)
        if enum:
            return f"{key} = {enum['value']!r}: expected one of {enum['accepted']}"
        convert = _CONVERT.search(message)
        if convert:
            expected = _TYPE_WORDS.get(convert["type"], convert["type"])
            return f"{key} = {convert['value']!r}: could not be converted to {convert['type']} (expected {expected})"
        return f"{key}: {message}"
    if isinstance(error, OverrideParseException):
        grammar = "see https://hydra.cc/docs/1.2/advanced/override_grammar/basic"
        return f"{error.override!r}: the override does not parse ({str(error).strip().splitlines()[0]}); {grammar}"
    text = (str(error).strip() or type(error).__name__).splitlines()[0]
    if cause is not None:
        text = f"{text}: {str(cause).strip().splitlines()[0]}"
    return text


def from_composition(error: HydraException | OmegaConfBaseException, options=None) -> ConfigError:
    """The :class:`ConfigError` for an error Hydra or OmegaConf raised while composing."""
    return ConfigError([describe(error, options)])


# --------------------------------------------------------------------------- keys Hydra lets through
def added_keys(cfg: DictConfig, prefix: str = "") -> list[str]:
    """One problem per key of ``cfg`` that its schema does not declare.

    ``+key=value`` (and ``++key=value``) opens the configuration for writing, so Hydra adds a key
    the dataclasses of :mod:`sim.config.schema` do not have; nothing reads it, and the run would
    silently ignore it. No key is a documented extension point, so every such key is refused.
    Mappings keyed by name (``scenario.fund.fixed_shares``) are not schema nodes: their names are
    checked against the listed payers by :mod:`sim.config.validate`.

    Args:
        cfg: A composed configuration (or node), without its ``hydra`` node.
        prefix: Dotted key of ``cfg`` in the whole configuration.
    """
    problems: list[str] = []
    object_type = OmegaConf.get_type(cfg)
    declared = None
    if dataclasses.is_dataclass(object_type):
        declared = [f.name for f in dataclasses.fields(object_type)]
    for key, child in cfg.items_ex(resolve=False):
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(child, DictConfig | ListConfig) and (child._is_none() or child._is_missing()):
            continue  # a null or ??? node holds no key (OmegaConf has no public test for it)
        if declared is not None and key not in declared:
            problems.append(
                f"{dotted}: not a key of the configuration ({object_type.__name__} declares no {key!r}); keys added "
                f"with + are refused, none is an extension point; accepted keys here: {', '.join(declared)}"
            )
        elif isinstance(child, DictConfig):
            problems.extend(added_keys(child, dotted))
        elif isinstance(child, ListConfig):
            for index, item in enumerate(child):
                if isinstance(item, DictConfig):
                    problems.extend(added_keys(item, f"{dotted}.{index}"))
    return problems


def null_parent(cfg: DictConfig, key: str) -> str | None:
    """The problem of setting ``key`` under a node that is null in ``cfg``, or None.

    OmegaConf cannot set ``scenario.fund.financing`` when ``scenario.fund`` is null (the status
    quo has no fund) and fails with a bare assertion; this names the key and the null node.
    """
    parts = key.split(".")
    for end in range(1, len(parts)):
        parent = ".".join(parts[:end])
        if OmegaConf.select(cfg, parent, default="<absent>", throw_on_missing=False) is None:
            return (
                f"{key}: {parent} is null in this configuration (for example, the status_quo scenario has no fund "
                f"and no EBE), so it has no {'.'.join(parts[end:])!r} to set; drop the override or choose an "
                f"option in which {parent} is given"
            )
    return None
