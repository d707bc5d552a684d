"""The parameters experiments explore, read from ``configs/uncertainties.yaml``: levers and uncertainties.

As in the EMA Workbench, each entry is of one ``kind``: a *lever* is what a decision maker sets
(the per-FTE contribution, the fund's financing rule, the places funded...), an *uncertainty* is
what nobody sets (take-up, sales, exit rates, hazards, displacement...). :func:`levers` and
:func:`uncertainties` give each kind; the app groups its controls by it.

Entries with a ``range`` (:class:`Uncertainty`, whatever their kind) are what experiments sample:
experiment files name them, samplers read their ranges, and every sampled value reaches a run as a
Hydra override of the Param it stands for (see :meth:`Uncertainty.override`). Their ranges must
equal the ``range`` of the Param in ``configs/`` (a test checks it), so that the two cannot drift
apart. Entries with ``choices`` instead (:class:`Choice`: a design rule with a few options) are
never sampled; a grid sweeps them by path.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.config.locations import CONFIG_DIR
from sim.config.validate import ConfigError

DEFAULT_PATH = CONFIG_DIR / "uncertainties.yaml"

LEVER = "lever"
UNCERTAINTY = "uncertainty"
KINDS = (LEVER, UNCERTAINTY)

REQUIRED_KEYS = ("name", "path", "range", "label_fr", "label_en", "unit", "source")
OPTIONAL_KEYS = ("kind", "designs", "integer")
CHOICE_REQUIRED_KEYS = ("name", "path", "choices", "label_fr", "label_en", "source")
CHOICE_OPTIONAL_KEYS = ("kind", "designs")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# a Hydra override key: dotted identifiers or list indices
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$")


class _Scoped:
    """Where an entry exists and matters: its ``designs`` (None: every scenario)."""

    designs: tuple[str, ...] | None

    def applies_to(self, design: str) -> bool:
        """True when this entry exists and matters in scenario ``design``."""
        return self.designs is None or design in self.designs


@dataclass(frozen=True)
class Uncertainty(_Scoped):
    """One parameter and the range worth exploring: an uncertainty, or a lever (see ``kind``).

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
        kind: ``uncertainty`` (nobody sets it) or ``lever`` (a decision maker sets it).
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
    kind: str = UNCERTAINTY

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


@dataclass(frozen=True)
class Choice(_Scoped):
    """A lever with a few options rather than a range (the fund's financing rule, deficit top-ups...).

    Attributes:
        name: Short snake_case identifier.
        path: Hydra override key of the setting.
        choices: The options, as the configuration spells them.
        label_fr: Plain-words label in French.
        label_en: Plain-words label in English.
        source: What the options mean and where they come from.
        designs: Scenarios where the setting exists and matters; None means every scenario.
        kind: ``lever`` (a design choice with options is set by a decision maker).
    """

    name: str
    path: str
    choices: tuple[str | bool, ...]
    label_fr: str
    label_en: str
    source: str
    designs: tuple[str, ...] | None = None
    kind: str = LEVER


def load_entries(path: Path | None = None) -> list[Uncertainty | Choice]:
    """Read and check the uncertainties file: every lever and uncertainty, ranged or with choices.

    Args:
        path: YAML file; defaults to ``configs/uncertainties.yaml``.

    Returns:
        The entries in file order.

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
    result: list[Uncertainty | Choice] = []
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


def load_uncertainties(path: Path | None = None) -> list[Uncertainty]:
    """The entries with a range, levers and uncertainties alike, in file order: what experiments
    sample (one that names none samples all those of its scenario, whatever their kind).

    Raises:
        ConfigError: See :func:`load_entries`.
    """
    return [entry for entry in load_entries(path) if isinstance(entry, Uncertainty)]


def levers(path: Path | None = None) -> list[Uncertainty | Choice]:
    """What a decision maker sets, ranged or with choices, in file order."""
    return [entry for entry in load_entries(path) if entry.kind == LEVER]


def uncertainties(path: Path | None = None) -> list[Uncertainty | Choice]:
    """What nobody sets, in file order."""
    return [entry for entry in load_entries(path) if entry.kind == UNCERTAINTY]


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


def markdown_table(entries: Iterable[Uncertainty | Choice], lang: str = "en") -> str:
    """A Markdown table of the entries (name, kind, label, range or choices, unit, designs, source).

    Used to write the tables of ``docs/sensitivity.md`` from the YAML so that the two agree.
    """
    if lang not in ("en", "fr"):
        raise ValueError(f"lang must be 'en' or 'fr', got {lang!r}")
    lines = [
        "| name | kind | parameter | range or choices | unit | designs | override key | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for u in entries:
        label = u.label_en if lang == "en" else u.label_fr
        designs = ", ".join(u.designs) if u.designs else "all"
        if isinstance(u, Choice):
            rng, unit = " / ".join(_choice_text(c) for c in u.choices), "choice"
        else:
            rng, unit = f"{_fmt(u.low)} - {_fmt(u.high)}" + (" (whole months)" if u.integer else ""), u.unit
        lines.append(
            f"| `{u.name}` | {u.kind} | {label} | {rng} | {unit} | {designs} | `{u.path}` | "
            f"{u.source.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def _choice_text(choice: str | bool) -> str:
    # as the command line spells it (true, not True)
    return str(choice).lower() if isinstance(choice, bool) else str(choice)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _scenario_options() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml")))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse_entry(entry: Any, where: str, designs: tuple[str, ...], problems: list[str]) -> Uncertainty | Choice | None:
    """One checked entry (ranged when it has ``range``, else with ``choices``), or None with the
    problems appended."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping with keys {list(REQUIRED_KEYS)}")
        return None
    required, optional = (
        (CHOICE_REQUIRED_KEYS, CHOICE_OPTIONAL_KEYS) if "choices" in entry else (REQUIRED_KEYS, OPTIONAL_KEYS)
    )
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        problems.append(f"{where}: unknown keys {unknown}; accepted: {list(required + optional)}")
    missing = [key for key in required if key not in entry]
    if missing:
        problems.append(f"{where}: missing keys {missing}")
        return None
    name = entry["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(f"{where}.name = {name!r}: expected a snake_case identifier")
    if not isinstance(entry["path"], str) or not _PATH.match(entry["path"]):
        problems.append(f"{where}.path = {entry['path']!r}: expected a dotted Hydra key such as scenario.x.value")
    for key in ("label_fr", "label_en", "unit", "source"):
        if key in required and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(f"{where}.{key}: expected a non-empty string")
    kind = entry.get("kind", LEVER if "choices" in entry else UNCERTAINTY)
    if kind not in KINDS:
        problems.append(f"{where}.kind = {kind!r}: expected {' or '.join(KINDS)}")
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
    common = {
        "name": str(name),
        "path": str(entry["path"]),
        "label_fr": str(entry["label_fr"]),
        "label_en": str(entry["label_en"]),
        "source": str(entry["source"]),
        "designs": chosen,
        "kind": str(kind),
    }
    if "choices" in entry:
        options = entry["choices"]
        if not (isinstance(options, list) and len(options) >= 2 and len(set(map(str, options))) == len(options)):
            problems.append(f"{where}.choices = {options!r}: expected a list of two or more distinct options")
            options = []
        elif not all(isinstance(option, (str, bool)) for option in options):
            problems.append(f"{where}.choices = {options!r}: expected names or true/false")
        return Choice(choices=tuple(options), **common)
    rng = entry["range"]
    if not (isinstance(rng, list) and len(rng) == 2 and all(_is_number(v) for v in rng) and rng[0] < rng[1]):
        problems.append(f"{where}.range = {rng!r}: expected [low, high], finite numbers with low < high")
        rng = [0.0, 1.0]
    integer = entry.get("integer", False)
    if not isinstance(integer, bool):
        problems.append(f"{where}.integer = {integer!r}: expected true or false")
        integer = False
    return Uncertainty(low=float(rng[0]), high=float(rng[1]), unit=str(entry["unit"]), integer=integer, **common)
