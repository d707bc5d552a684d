"""One kind of refusal for every bad configuration: :class:`ConfigError`, naming the key.

Hydra and OmegaConf refuse some inputs while composing (an unknown key, a value of the wrong
type, a value outside an enumeration, a group option that does not exist, an override that does
not parse); :mod:`sim.config.validate` refuses the others (meaning). :func:`from_composition`
turns the first kind into the second, so that every command reports both the same way: one line
per problem, starting with the key as it would be written on the command line.
"""

from __future__ import annotations

import re

from hydra.errors import HydraException, MissingConfigException, OverrideParseException
from omegaconf.errors import OmegaConfBaseException

_ENUM = re.compile(r"Invalid value '(?P<value>.*)', expected one of \[(?P<accepted>.*)\]")
_CONVERT = re.compile(r"Value '(?P<value>.*)' of type '\w+' could not be converted to (?P<type>\w+)")
_MISSING_OPTION = re.compile(r"Could not find '(?P<group>[\w/]+)/(?P<option>[^']+)'")
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
        return f"an override does not parse: {str(error).strip().splitlines()[0]}"
    text = (str(error).strip() or type(error).__name__).splitlines()[0]
    if cause is not None:
        text = f"{text}: {str(cause).strip().splitlines()[0]}"
    return text


def from_composition(error: HydraException | OmegaConfBaseException, options=None) -> ConfigError:
    """The :class:`ConfigError` for an error Hydra or OmegaConf raised while composing."""
    return ConfigError([describe(error, options)])
