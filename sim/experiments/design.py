"""Expanding an experiment's design (list, grid or sample) into design points and run tasks.

A design point is a set of Hydra overrides (its scenario, territory and factor values); a run
task is a point in one replication: the point's overrides plus the experiment's base overrides,
horizon and the replication's seed, and the directory the run writes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.config.locations import CONFIG_DIR
from sim.config.validate import ConfigError
from sim.experiments.seeds import replication_seeds
from sim.experiments.spec import ExperimentSpec

GROUPS = ("scenario", "territory")
_PLAIN = re.compile(r"^[\w.\-/:+]+$")


@dataclass(frozen=True)
class Point:
    """One design point.

    Attributes:
        index: Position in the design (0-based), the ``point`` column of the outputs.
        overrides: The point's Hydra overrides (fixed values, then factor values).
        factors: Value of every swept factor at this point, by output column name.
        scenario: Scenario option of the point.
        territory: Territory option of the point.
    """

    index: int
    overrides: tuple[str, ...]
    factors: dict[str, Any]
    scenario: str
    territory: str


@dataclass(frozen=True)
class RunTask:
    """One run of the experiment: a point in one replication."""

    run_id: str
    point: int
    replication: int
    seed: int
    overrides: tuple[str, ...]
    run_dir: str


@dataclass
class Design:
    """The expanded design.

    Attributes:
        kind: list, grid or sample.
        points: The design points, in order.
        factor_names: Output columns of the swept factors (override keys for lists and grids,
            uncertainty names for samples).
        samples: For samples, the sampled values (one row per point, one column per uncertainty).
        uncertainties: For samples, the uncertainties sampled.
        method: For samples, the sampling method.
    """

    kind: str
    points: list[Point]
    factor_names: list[str]
    samples: pd.DataFrame | None = None
    uncertainties: list[Any] = field(default_factory=list)
    method: str | None = None


def format_value(value: Any) -> str:
    """A YAML value as Hydra override text (floats repr-exact, booleans lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def override(key: str, value: Any) -> str:
    """The Hydra override ``key=value``."""
    return f"{key}={format_value(value)}"


def default_option(group: str) -> str:
    """The option of a config group in ``configs/config.yaml``'s defaults list."""
    data = yaml.safe_load((CONFIG_DIR / "config.yaml").read_text(encoding="utf-8"))
    for entry in data.get("defaults", []):
        if isinstance(entry, dict) and group in entry:
            return str(entry[group])
    raise ConfigError([f"{CONFIG_DIR / 'config.yaml'}: defaults list has no {group} option"])


def _group_choice(group: str, mapping: dict[str, Any], base_overrides: tuple[str, ...]) -> str:
    if group in mapping:
        return str(mapping[group])
    for item in reversed(base_overrides):
        key, _, value = item.partition("=")
        if key.strip() == group:
            return value.strip()
    return default_option(group)


def _number_or_text(values: list[Any]) -> list[Any]:
    """Factor values of one output column: floats if all numeric (or missing), else strings."""
    numeric = all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values)
    if numeric:
        return [None if v is None else float(v) for v in values]
    return [None if v is None else format_value(v) for v in values]


def _typed_factors(rows: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    columns = {name: _number_or_text([row.get(name) for row in rows]) for name in names}
    return [{name: columns[name][i] for name in names} for i in range(len(rows))]


def expand(spec: ExperimentSpec) -> Design:
    """The design points of an experiment.

    Raises:
        ConfigError: For a sample, unknown uncertainty names (listing the accepted ones).
    """
    design = spec.design
    kind = design["kind"]
    if kind == "list":
        mappings = [dict(p) for p in design["points"]]
        names = list(dict.fromkeys(k for m in mappings for k in m if k not in GROUPS))
        factors = _typed_factors(mappings, names)
        points = [_point(i, m, f, spec) for i, (m, f) in enumerate(zip(mappings, factors))]
        return Design(kind, points, names)
    if kind == "grid":
        fixed = dict(design.get("fixed") or {})
        names = list(design["factors"])
        combos = [dict(zip(names, values)) for values in itertools.product(*design["factors"].values())]
        columns = [n for n in names if n not in GROUPS]
        factors = _typed_factors(combos, columns)
        points = [_point(i, fixed | combo, f, spec) for i, (combo, f) in enumerate(zip(combos, factors))]
        return Design(kind, points, columns)
    return _expand_sample(spec)


def _point(index: int, mapping: dict[str, Any], factors: dict[str, Any], spec: ExperimentSpec) -> Point:
    return Point(
        index=index,
        overrides=tuple(override(k, v) for k, v in mapping.items()),
        factors=factors,
        scenario=_group_choice("scenario", mapping, spec.base_overrides),
        territory=_group_choice("territory", mapping, spec.base_overrides),
    )


def _expand_sample(spec: ExperimentSpec) -> Design:
    # Imported here: the sampling modules pull in SALib, which list and grid designs do not need.
    from sim.config.uncertainties import load_uncertainties, select
    from sim.experiments.sampling import sample

    design = spec.design
    fixed = dict(design.get("fixed") or {})
    scenario = _group_choice("scenario", fixed, spec.base_overrides)
    names = design.get("uncertainties")
    chosen = select(load_uncertainties(), names)
    if names is None:
        # All applicable: those whose path exists in the fixed scenario.
        chosen = [u for u in chosen if u.designs is None or scenario in u.designs]
    else:
        wrong = [u.name for u in chosen if u.designs is not None and scenario not in u.designs]
        if wrong:
            raise ConfigError(
                [f"{spec.source}: design.uncertainties: {', '.join(wrong)} do not apply to scenario {scenario}"]
            )
    if not chosen:
        raise ConfigError([f"{spec.source}: design.uncertainties: no uncertainty applies to scenario {scenario}"])
    seed = int(design.get("seed", spec.root_seed))
    samples = sample(design["method"], chosen, int(design["n"]), seed).reset_index(drop=True)
    columns = [u.name for u in chosen]
    if list(samples.columns) != columns:
        samples = samples[columns]
    fixed_overrides = tuple(override(k, v) for k, v in fixed.items())
    points = []
    for i, row in enumerate(samples.itertuples(index=False, name=None)):
        values = {name: float(v) for name, v in zip(columns, row)}
        overrides = fixed_overrides + tuple(u.override(values[u.name]) for u in chosen)
        points.append(Point(i, overrides, values, scenario, _group_choice("territory", fixed, spec.base_overrides)))
    return Design("sample", points, columns, samples=samples, uncertainties=chosen, method=design["method"])


def run_id(point: int, replication: int) -> str:
    """Directory name of a run: ``p{point:04d}_r{replication:03d}``."""
    return f"p{point:04d}_r{replication:03d}"


def tasks(spec: ExperimentSpec, design: Design, out_dir: Path) -> list[RunTask]:
    """Every run of the experiment, point by point, each replication with its shared seed."""
    seeds = replication_seeds(spec.root_seed, spec.replications)
    result = []
    for point in design.points:
        for replication, seed in enumerate(seeds):
            rid = run_id(point.index, replication)
            overrides = (
                *spec.base_overrides,
                *point.overrides,
                f"horizon_months={spec.horizon_months}",
                f"seed={seed}",
            )
            result.append(RunTask(rid, point.index, replication, seed, overrides, str(out_dir / "runs" / rid)))
    return result
