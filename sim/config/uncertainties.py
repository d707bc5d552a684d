"""The uncertain parameters experiments explore, read from ``configs/uncertainties.yaml``.

That file is the one place where exploration ranges live: experiment files name uncertainties,
samplers read their ranges, and every sampled value reaches a run as a Hydra override of the
Param it stands for (see :meth:`Uncertainty.override`). Its ranges must equal the ``range`` of
the Param in ``configs/`` (a test checks it), so that the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.config.load import CONFIG_DIR
from sim.config.validate import ConfigError

DEFAULT_PATH = CONFIG_DIR / "uncertainties.yaml"

REQUIRED_KEYS = ("name", "path", "range", "label_fr", "label_en", "unit", "source")
OPTIONAL_KEYS = ("designs", "integer")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# a Hydra override key: dotted identifiers or list indices
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$")


@dataclass(frozen=True)
class Uncertainty:
    """One uncertain parameter and the range worth exploring.

    Attributes:
        name: Short snake_case identifier, used by experiment files and as a column name.
        path: Hydra override key of the value (dotted path in the run configuration).
        low: Lower end of the range (sampled uniformly).
        high: Upper end of the range.
        label_fr: Plain-words label in French.
        label_en: Plain-words label in English.
        unit: Unit of the value.
        source: Where the range comes from.
        designs: Scenarios where the parameter exists and matters; None means every scenario.
        integer: True when the model reads the value as a whole number (months): overrides
            round it half up. Samples keep the continuous value, which SALib's analysers need.
    """

    name: str
    path: str
    low: float
    high: float
    label_fr: str
    label_en: str
    unit: str
    source: str
    designs: tuple[str, ...] | None = None
    integer: bool = False

    def applied(self, value: float) -> float:
        """The value a run actually uses for a sampled ``value`` (rounded if ``integer``)."""
        value = float(value)
        if self.integer:
            # half up rather than Python's round-half-to-even: 6.5 months -> 7 whatever the parity
            return float(math.floor(value + 0.5))
        return value

    def override(self, value: float) -> str:
        """Hydra override ``"<path>=<value>"``; floats are written repr-exact, integers as ints."""
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"uncertainty {self.name}: cannot override {self.path} with {value!r}")
        if self.integer:
            return f"{self.path}={int(self.applied(value))}"
        return f"{self.path}={value!r}"

    def applies_to(self, design: str) -> bool:
        """True when this uncertainty exists and matters in scenario ``design``."""
        return self.designs is None or design in self.designs


def load_uncertainties(path: Path | None = None) -> list[Uncertainty]:
    """Read and check the uncertainties file.

    Args:
        path: YAML file; defaults to ``configs/uncertainties.yaml``.

    Returns:
        The uncertainties in file order.

    Raises:
        ConfigError: listing every problem, each naming the file and the key concerned (missing
            file, bad YAML, unknown or missing key, duplicate name, bad range, unknown design).
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    if not path.is_file():
        raise ConfigError([f"{path}: uncertainties file not found"])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML ({exc})"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("uncertainties"), list):
        raise ConfigError([f"{path}: expected a top-level key 'uncertainties' holding a list"])
    extra = sorted(set(data) - {"uncertainties"})
    if extra:
        raise ConfigError([f"{path}: unknown top-level keys {extra}; accepted: ['uncertainties']"])

    designs = _scenario_options()
    problems: list[str] = []
    result: list[Uncertainty] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["uncertainties"]):
        where = f"{path}: uncertainties.{index}"
        before = len(problems)
        item = _parse_entry(entry, where, designs, problems)
        if item is None or len(problems) > before:
            continue
        if item.name in seen:
            problems.append(f"{where}.name = {item.name!r}: duplicate name")
            continue
        seen.add(item.name)
        result.append(item)
    if not data["uncertainties"]:
        problems.append(f"{path}: uncertainties is empty")
    if problems:
        raise ConfigError(problems)
    return result


def select(uncertainties: Iterable[Uncertainty], names: list[str] | None) -> list[Uncertainty]:
    """The uncertainties called ``names``, in the order given (all of them if ``names`` is None).

    Raises:
        ConfigError: naming the unknown or repeated names and listing the accepted ones.
    """
    available = list(uncertainties)
    if names is None:
        return available
    by_name = {u.name: u for u in available}
    unknown = [name for name in names if name not in by_name]
    problems = []
    if unknown:
        problems.append(f"unknown uncertainties {unknown}; accepted: {sorted(by_name)}")
    repeated = sorted({name for name in names if list(names).count(name) > 1})
    if repeated:
        problems.append(f"uncertainties named more than once: {repeated}")
    if not names:
        problems.append(f"empty list of uncertainties; accepted: {sorted(by_name)}")
    if problems:
        raise ConfigError(problems)
    return [by_name[name] for name in names]


def for_design(uncertainties: Iterable[Uncertainty], design: str) -> list[Uncertainty]:
    """The uncertainties that exist and matter in scenario ``design`` (file order)."""
    return [u for u in uncertainties if u.applies_to(design)]


def markdown_table(uncertainties: Iterable[Uncertainty], lang: str = "en") -> str:
    """A Markdown table of the uncertainties (name, label, range, unit, designs, source).

    Used to write the table of ``docs/sensitivity.md`` from the YAML so that the two agree.
    """
    if lang not in ("en", "fr"):
        raise ValueError(f"lang must be 'en' or 'fr', got {lang!r}")
    lines = [
        "| name | parameter | range | unit | designs | override key | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for u in uncertainties:
        label = u.label_en if lang == "en" else u.label_fr
        designs = ", ".join(u.designs) if u.designs else "all"
        rng = f"{_fmt(u.low)} - {_fmt(u.high)}" + (" (whole months)" if u.integer else "")
        lines.append(
            f"| `{u.name}` | {label} | {rng} | {u.unit} | {designs} | `{u.path}` | {u.source.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _scenario_options() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml")))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse_entry(entry: Any, where: str, designs: tuple[str, ...], problems: list[str]) -> Uncertainty | None:
    """One checked Uncertainty, or None with the problems appended."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping with keys {list(REQUIRED_KEYS)}")
        return None
    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        problems.append(f"{where}: unknown keys {unknown}; accepted: {list(REQUIRED_KEYS + OPTIONAL_KEYS)}")
    missing = [key for key in REQUIRED_KEYS if key not in entry]
    if missing:
        problems.append(f"{where}: missing keys {missing}")
        return None
    name = entry["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(f"{where}.name = {name!r}: expected a snake_case identifier")
    if not isinstance(entry["path"], str) or not _PATH.match(entry["path"]):
        problems.append(f"{where}.path = {entry['path']!r}: expected a dotted Hydra key such as scenario.x.value")
    rng = entry["range"]
    if not (isinstance(rng, list) and len(rng) == 2 and all(_is_number(v) for v in rng) and rng[0] < rng[1]):
        problems.append(f"{where}.range = {rng!r}: expected [low, high], finite numbers with low < high")
        rng = [0.0, 1.0]
    for key in ("label_fr", "label_en", "unit", "source"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(f"{where}.{key}: expected a non-empty string")
    chosen = entry.get("designs")
    if chosen is not None:
        if not isinstance(chosen, list) or not chosen or not all(isinstance(d, str) for d in chosen):
            problems.append(f"{where}.designs = {chosen!r}: expected a non-empty list of scenario names")
            chosen = None
        else:
            bad = [d for d in chosen if d not in designs]
            if bad:
                problems.append(f"{where}.designs: unknown scenarios {bad}; accepted: {list(designs)}")
            chosen = tuple(chosen)
    integer = entry.get("integer", False)
    if not isinstance(integer, bool):
        problems.append(f"{where}.integer = {integer!r}: expected true or false")
        integer = False
    return Uncertainty(
        name=str(name),
        path=str(entry["path"]),
        low=float(rng[0]),
        high=float(rng[1]),
        label_fr=str(entry["label_fr"]),
        label_en=str(entry["label_en"]),
        unit=str(entry["unit"]),
        source=str(entry["source"]),
        designs=chosen,
        integer=integer,
    )
