"""The live what-if: rerun a design in a territory, with its status-quo twin, with the levers moved.

The designs are the full transposition and the existing actors (:data:`DESIGNS`), the territories
the pilot micro-territory and the whole basin (:data:`TERRITORIES`). Everything happens in the
app's process and nothing is written: the configuration is composed by Hydra exactly as ``tzcld``
composes it (same overrides, same structured-config type checks), checked by
:func:`sim.config.validate.validate`, simulated by :func:`sim.engine.paired.run_paired` and
summarised by :func:`sim.engine.indicators.summarise`. So a what-if with given levers and seed
gives the summary that ``tzcld <the same overrides>`` writes (a test checks it).

Which levers the page offers is declared here (:data:`LEVER_PATHS`); what they are is not: their
labels, kind (a decision maker's lever or an uncertainty), the designs they belong to and their
range or choices come from ``configs/uncertainties.yaml``, where each must be listed. A lever of
another design is not applied (the page says so); the fund's budget applies when the financing
rule is ``fixed_budget`` (:data:`CONDITIONS`).
"""

from __future__ import annotations

import copy
import functools
import shlex
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd
from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import describe, from_composition
from sim.config.load import compose_config, to_run_config
from sim.config.uncertainties import UNCERTAINTY, Choice, load_entries
from sim.config.validate import ConfigError, validate
from sim.engine.indicators import summarise
from sim.engine.paired import run_paired

DESIGNS = ("full_transposition", "existing_actors")
TERRITORIES = ("pilot", "coeur_du_hainaut")
SCENARIO, TERRITORY = DESIGNS[0], TERRITORIES[0]
DEFAULT_SEED = 0


def base_overrides(design: str = SCENARIO, territory: str = TERRITORY) -> tuple[str, str]:
    """The first overrides of every what-if: its design and territory."""
    return (f"scenario={design}", f"territory={territory}")


# The default what-if: full transposition in the pilot micro-territory.
BASE_OVERRIDES = base_overrides()

# The controls the page offers: URL name -> Hydra override key. Ranges are read, never declared here.
LEVER_PATHS: dict[str, str] = {
    "contribution": "scenario.fund.contribution_share_of_wage.value",
    "financing": "scenario.fund.financing",
    "budget": "scenario.fund.budget_eur.value",
    "art60_places": "scenario.operators.0.places_per_year_per_1000_jobseekers.value",
    "takeup": "scenario.volunteering.takeup.value",
    "sales_share": "scenario.ebe.sales_share_of_cost_at_maturity.value",
    "exit_rate": "scenario.ebe.exit_rate_year.value",
    "displacement": "scenario.ebe.displacement_share.value",
    "activity_pace": "pipeline.activities_per_year_per_5000_inhabitants.value",
    "retention": "scenario.operators.9.retention_share.value",
}
# Levers read only under another lever's setting: name -> (that lever, its value). The fund's
# budget is listed for the Walloon pilot (whose rule it is); in the full transposition it is read
# once the financing rule is switched to a fixed budget.
CONDITIONS: dict[str, tuple[str, str]] = {"budget": ("financing", "fixed_budget")}
CACHE_SIZE = 16
# Keys the fast composition applies to a copy of the composed base (see :func:`compose`).
_VALUE_KEYS = frozenset({"seed", "horizon_months", *LEVER_PATHS.values()})

# Hydra's global state (compose) and the 2-core machine: one what-if at a time.
_LOCK = threading.Lock()
_BASES: dict[tuple[str, str], DictConfig] = {}
_CACHE: OrderedDict[tuple[str, ...], WhatIfResult] = OrderedDict()


class WhatIfError(ValueError):
    """Levers that cannot be simulated; ``str(error)`` is the message to show.

    Attributes:
        problems: One line per problem, each naming the key (as :class:`ConfigError` does).
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Lever:
    """One what-if control.

    Attributes:
        name: Short name used in the page URL.
        path: Hydra override key.
        label_fr, label_en: What the control is called.
        unit: Unit of the value, from the parameter.
        default: The value in the composed configuration.
        low, high: Range of the slider (``None`` for a choice).
        choices: Accepted values of a choice lever (``None`` for a number).
        source: Where the range or choices come from.
        kind: ``lever`` (a decision maker sets it) or ``uncertainty`` (nobody does).
        designs: The what-if designs it applies to (see :data:`CONDITIONS` for the budget).
        short_unit: The unit as ``configs/uncertainties.yaml`` says it (``share``, ``months``...).
    """

    name: str
    path: str
    label_fr: str
    label_en: str
    unit: str
    default: float | str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    source: str = ""
    kind: str = UNCERTAINTY
    designs: tuple[str, ...] = DESIGNS
    short_unit: str = ""

    def applies(self, design: str, values: dict[str, object] | None = None) -> bool:
        """Whether this lever is read by ``design`` with the other levers at ``values``."""
        if design not in self.designs:
            return False
        condition = CONDITIONS.get(self.name)
        if condition is None:
            return True
        other, needed = condition
        current = (values or {}).get(other)
        return str(current if current is not None else _default_of(other)) == needed

    @property
    def step(self) -> float:
        """Slider step: integers for counts, else about a hundredth of the range."""
        if self.low is None or self.high is None:
            return 1.0
        if float(self.low).is_integer() and float(self.high).is_integer() and self.high - self.low >= 10:
            return 1.0
        return 0.005 if self.high - self.low <= 1.0 else round((self.high - self.low) / 100.0, 6)

    def label(self, lang: str) -> str:
        """Label in ``lang`` (``fr`` or ``en``)."""
        return self.label_fr if lang == "fr" else self.label_en

    def parse(self, value: object) -> float | str:
        """The value as the override will carry it: a float for numbers, a string for choices.

        Raises:
            WhatIfError: If a number lever gets something that is not a number.
        """
        if self.choices is not None:
            return str(value)
        if isinstance(value, bool):
            raise WhatIfError([f"{self.path} = {value!r}: expected a number"])
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise WhatIfError([f"{self.path} = {value!r}: expected a number"]) from None

    def override(self, value: object) -> str:
        """The Hydra override ``path=value`` (floats written repr-exact, as ``tzcld`` reads them)."""
        parsed = self.parse(value)
        return f"{self.path}={parsed!r}" if isinstance(parsed, float) else f"{self.path}={parsed}"


@dataclass(frozen=True)
class WhatIfResult:
    """A what-if run.

    Attributes:
        overrides: The Hydra overrides that produced it (the ``tzcld`` arguments).
        summary: The indicators of ``summary.json``.
        timeseries: Monthly series of both worlds.
        ledger: Postings of both worlds.
        seconds: Wall time of compose + validate + simulate + summarise.
    """

    overrides: tuple[str, ...]
    summary: dict
    timeseries: pd.DataFrame = field(repr=False)
    ledger: pd.DataFrame = field(repr=False)
    seconds: float


def base_config(design: str = SCENARIO, territory: str = TERRITORY) -> DictConfig:
    """The composed configuration of a what-if design and territory (composed once each)."""
    with _LOCK:
        return _base_unlocked(design, territory)


def levers() -> list[Lever]:
    """The what-if controls, with defaults from the composed configuration and labels, kind and
    range or choices read from ``configs/uncertainties.yaml``."""
    return list(_levers())


@functools.cache
def _levers() -> tuple[Lever, ...]:
    listed = {entry.path: entry for entry in load_entries()}
    source = "configs/uncertainties.yaml"
    out: list[Lever] = []
    for name, path in LEVER_PATHS.items():
        entry = listed.get(path)
        if entry is None:
            raise ConfigError([f"{path}: a what-if lever must be listed in {source} (labels, kind, range or choices)"])
        designs = tuple(d for d in DESIGNS if entry.applies_to(d))
        if name in CONDITIONS:  # read by the designs of the lever it depends on
            designs = tuple(d for d in DESIGNS if listed[LEVER_PATHS[CONDITIONS[name][0]]].applies_to(d))
        if not designs:
            raise ConfigError([f"{path}: listed in {source} for no design the what-if offers ({', '.join(DESIGNS)})"])
        cfg = base_config(designs[0], TERRITORY)
        words = (entry.label_fr, entry.label_en)
        common = {"source": source, "kind": entry.kind, "designs": designs}
        if isinstance(entry, Choice):
            default = str(OmegaConf.select(cfg, path))
            choices = tuple(str(choice) for choice in entry.choices)
            out.append(Lever(name, path, *words, "", default, choices=choices, **common))
            continue
        param = OmegaConf.select(cfg, path.removesuffix(".value"))
        low, high = float(entry.low), float(entry.high)
        out.append(
            Lever(name, path, *words, str(param.unit), float(param.value), low, high, short_unit=entry.unit, **common)
        )
    return tuple(out)


def _default_of(name: str) -> float | str | None:
    return next((lever.default for lever in _levers() if lever.name == name), None)


def defaults() -> dict[str, float | str]:
    """Lever name -> its value in the composed configuration."""
    return {lever.name: lever.default for lever in levers()}


def overrides_for(
    values: dict[str, object],
    seed: int,
    horizon_months: int,
    *,
    strict: bool = True,
    design: str = SCENARIO,
    territory: str = TERRITORY,
) -> list[str]:
    """The ``tzcld`` overrides of a what-if: design, territory, seed, horizon, and every lever of
    that design that differs from the configuration (in :data:`LEVER_PATHS` order). Levers of
    another design (or whose condition is not met) are left out: see :func:`ignored`.

    Args:
        values: Lever name -> value.
        seed: Root seed.
        horizon_months: Months simulated.
        strict: When false, a value that is not a number is written as given (to show the
            command a user asked for) instead of raising.
        design: One of :data:`DESIGNS`.
        territory: One of :data:`TERRITORIES`.

    Raises:
        WhatIfError: With ``strict``, for an unknown lever name, design or territory, or a value
            that is not a number.
    """
    unknown = sorted(set(values) - set(LEVER_PATHS))
    if unknown and strict:
        raise WhatIfError([f"unknown lever(s) {', '.join(unknown)}; levers: {', '.join(LEVER_PATHS)}"])
    if strict and (design not in DESIGNS or territory not in TERRITORIES):
        raise WhatIfError(
            [
                f"what-if of scenario={design} territory={territory}: expected a scenario in "
                f"{', '.join(DESIGNS)} and a territory in {', '.join(TERRITORIES)}"
            ]
        )
    out = [*base_overrides(design, territory), f"seed={seed}", f"horizon_months={horizon_months}"]
    for lever in levers():
        if values.get(lever.name) is None or not lever.applies(design, values):
            continue
        try:
            value = lever.parse(values[lever.name])
        except WhatIfError:
            if strict:
                raise
            out.append(f"{lever.path}={values[lever.name]}")
            continue
        if value != lever.default:
            out.append(lever.override(value))
    return out


def ignored(values: dict[str, object], design: str) -> list[Lever]:
    """The levers set away from their default that ``design`` does not read (with these values)."""
    out = []
    for lever in levers():
        value = values.get(lever.name)
        if value is None or lever.applies(design, values):
            continue
        try:
            moved = lever.parse(value) != lever.default
        except WhatIfError:
            moved = True
        if moved:
            out.append(lever)
    return out


def command_line(overrides: list[str]) -> str:
    """The shell command that runs the same configuration and writes it under ``results/``."""
    return shlex.join(["tzcld", *overrides])


def compose(overrides: list[str]) -> DictConfig:
    """The configuration ``tzcld <overrides>`` composes, faster for the what-if's own overrides.

    Composing from the files costs about as much as simulating the pilot. When the overrides are
    :func:`base_overrides` of a what-if design and territory followed by value overrides of the
    levers, seed and horizon, the composed base is copied and the values are applied by Hydra's
    own code for value overrides (its override parser and
    ``ConfigLoaderImpl._apply_overrides_to_config``, what ``compose`` itself runs after merging the
    files), so types are checked and errors worded the same. Anything else is composed from the
    files. A test checks both give the same configuration.
    """
    overrides = list(overrides)
    head = tuple(overrides[:2])
    pair = next(((d, t) for d in DESIGNS for t in TERRITORIES if base_overrides(d, t) == head), None)
    if pair is None:
        return compose_config(overrides)
    try:
        return _compose_fast(overrides, overrides[2:], pair)
    except (HydraException, OmegaConfBaseException) as error:
        raise from_composition(error) from error


def _compose_fast(overrides: list[str], rest: list[str], pair: tuple[str, str]) -> DictConfig:
    parsed = OverridesParser.create().parse_overrides(rest)
    if any(
        o.key_or_group not in _VALUE_KEYS
        or o.package is not None
        or o.is_delete()
        or o.is_add()
        or o.is_force_add()
        or o.is_sweep_override()
        for o in parsed
    ):
        return compose_config(overrides)
    cfg = copy.deepcopy(_base_unlocked(*pair))
    ConfigLoaderImpl._apply_overrides_to_config(parsed, cfg)
    return cfg


def _base_unlocked(design: str, territory: str) -> DictConfig:
    # called under _LOCK by run_whatif and base_config
    key = (design, territory)
    if key not in _BASES:
        _BASES[key] = compose_config(list(base_overrides(design, territory)))
    return _BASES[key]


def run_whatif(overrides: list[str]) -> WhatIfResult:
    """Compose, validate and simulate a run with its twin, in memory.

    Args:
        overrides: Hydra overrides, as given to ``tzcld`` (see :func:`overrides_for`).

    Returns:
        The result (served from a small cache when the same overrides were run before).

    Raises:
        WhatIfError: The same problems ``tzcld`` reports before simulating: an override Hydra
            cannot apply (unknown key, wrong type) or a :class:`ConfigError` of
            :func:`sim.config.validate.validate`.
    """
    key = tuple(overrides)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        clock = time.perf_counter()
        try:
            cfg = compose(list(overrides))
            run_cfg = to_run_config(cfg)
        except ConfigError as error:
            raise WhatIfError(error.problems) from None
        except (HydraException, OmegaConfBaseException, ValueError) as error:
            # the fast path applies overrides with Hydra's own code, which raises its own errors
            raise WhatIfError([describe(error)]) from None
        try:
            validate(run_cfg)
        except ConfigError as error:
            raise WhatIfError(error.problems) from None
        result = run_paired(run_cfg)
        timeseries = result.timeseries()
        ledger = result.ledger()
        summary = summarise(result, timeseries, ledger)
        outcome = WhatIfResult(key, summary, timeseries, ledger, time.perf_counter() - clock)
        _CACHE[key] = outcome
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return outcome
