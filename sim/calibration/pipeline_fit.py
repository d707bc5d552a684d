"""The activity pipeline fitted to the ramp-up of the French experiment's first phase.

The facts (``configs/calibration_pipeline.yaml``) are counts of employees in given territories
and months, and the number of territories exhaustive at the end of the phase; the model's are
read from ``territories.parquet``'s rows of the scenario world, averaged over the file's seeds.
The objective is the weighted sum of squared relative errors,

    J(theta) = sum_k w_k ((m_k(theta) - tau_k) / tau_k)^2,

minimised in two steps, both from scipy.optimize: ``brute`` over the file's grid (one
parameter, the preparation time, is a whole number of months), then ``minimize_scalar``
(bounded) of each continuous parameter between the neighbours of its best grid value, the
integer ones held. Draws are keyed, so J is a deterministic function of theta.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import optimize

from sim.config.load import CONFIG_DIR, load_config
from sim.config.validate import ConfigError, validate
from sim.engine.paired import run_paired
from sim.outputs import atomic_write

DEFAULT_PATH = CONFIG_DIR / "calibration_pipeline.yaml"
MEASURES = ("employees", "exhaustive")
TOP_LEVEL_KEYS = ("overrides", "seeds", "exhaustive_wait_months", "out", "free_parameters", "targets")
TARGET_KEYS = ("name", "label", "territory", "measure", "month", "value", "year", "source", "tag", "weight")


@dataclass(frozen=True)
class PipelineParameter:
    """A pipeline parameter the fit moves: its override path and the grid of its first step."""

    name: str
    path: str
    grid: tuple[float, ...]
    integer: bool = False


@dataclass(frozen=True)
class PipelineTarget:
    """A documented count of the first phase: ``measure`` in ``territory`` (None: all) in ``month``."""

    name: str
    label: str
    territory: str | None
    measure: str
    month: int
    value: float
    year: int
    source: str
    tag: str
    weight: float


@dataclass(frozen=True)
class PipelineCalibration:
    """The whole calibration file."""

    overrides: tuple[str, ...]
    seeds: tuple[int, ...]
    exhaustive_wait_months: int
    out: str
    parameters: tuple[PipelineParameter, ...]
    targets: tuple[PipelineTarget, ...]


def _unknown(found: dict, allowed: tuple[str, ...], where: str) -> list[str]:
    extra = sorted(set(found) - set(allowed))
    return [f"{where}: unknown keys {extra}; accepted keys: {', '.join(allowed)}"] if extra else []


def load_pipeline_calibration(path: Path = DEFAULT_PATH) -> PipelineCalibration:
    """Read and check the calibration file.

    Raises:
        ConfigError: Unknown or missing keys, a measure other than :data:`MEASURES`, a
            non-positive target or an empty grid, each named with the file.
    """
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    problems = _unknown(raw, TOP_LEVEL_KEYS, str(path))
    missing = [k for k in TOP_LEVEL_KEYS if k not in raw]
    if missing:
        raise ConfigError([f"{path}: missing keys {missing}"])
    parameters = []
    for i, entry in enumerate(raw["free_parameters"]):
        problems += _unknown(entry, ("name", "path", "grid", "integer"), f"{path}: free_parameters[{i}]")
        if not entry.get("grid"):
            problems.append(f"{path}: free_parameters[{i}] ({entry.get('name')}): grid must list at least one value")
            continue
        parameters.append(
            PipelineParameter(
                entry["name"], entry["path"], tuple(float(v) for v in entry["grid"]), entry.get("integer", False)
            )
        )
    targets = []
    for i, entry in enumerate(raw["targets"]):
        where = f"{path}: targets[{i}] ({entry.get('name')})"
        problems += _unknown(entry, TARGET_KEYS, where)
        if entry.get("measure") not in MEASURES:
            problems.append(f"{where}: measure {entry.get('measure')!r}; accepted: {', '.join(MEASURES)}")
        if not isinstance(entry.get("value"), int | float) or entry["value"] <= 0:
            problems.append(f"{where}: value must be a positive number")
        if problems:
            continue
        targets.append(PipelineTarget(**{k: entry.get(k) for k in TARGET_KEYS}))
    if problems:
        raise ConfigError(problems)
    return PipelineCalibration(
        tuple(raw["overrides"]),
        tuple(int(s) for s in raw["seeds"]),
        int(raw["exhaustive_wait_months"]),
        str(raw["out"]),
        tuple(parameters),
        tuple(targets),
    )


def _override(parameter: PipelineParameter, value: float) -> str:
    return f"{parameter.path}={int(round(value)) if parameter.integer else repr(float(value))}"


def measure(calibration: PipelineCalibration, values: dict[str, float], seed: int) -> pd.Series:
    """The targets' model values for one seed, at the given parameter values."""
    overrides = [*calibration.overrides, f"seed={seed}"]
    overrides += [_override(p, values[p.name]) for p in calibration.parameters if p.name in values]
    cfg = load_config(overrides)
    validate(cfg)
    rows = run_paired(cfg).territories()
    rows = rows[rows["world"] == "scenario"]
    found = {}
    last = int(rows["month"].max())
    for target in calibration.targets:
        if not 0 <= target.month <= last:
            raise ConfigError([f"calibration target {target.name}: month {target.month} is outside the runs' 0-{last}"])
        month = rows[rows["month"] == target.month]
        if target.territory is not None:
            month = month[month["territory"] == target.territory]
            if month.empty:
                areas = ", ".join(sorted(set(rows["territory"])))
                raise ConfigError(
                    [
                        f"calibration target {target.name}: territory {target.territory!r} is not "
                        f"one of the runs' areas: {areas}"
                    ]
                )
        if target.measure == "employees":
            found[target.name] = float(month["employees"].sum())
        else:
            exhaustive = (month["employees"] > 0) & (month["longest_wait_months"] <= calibration.exhaustive_wait_months)
            found[target.name] = float(exhaustive.sum())
    return pd.Series(found)


def mean_measures(calibration: PipelineCalibration, values: dict[str, float]) -> pd.Series:
    """:func:`measure` averaged over the file's seeds."""
    return pd.concat([measure(calibration, values, s) for s in calibration.seeds], axis=1).mean(axis=1)


def objective(found: pd.Series, targets: tuple[PipelineTarget, ...]) -> float:
    """Weighted sum of squared relative errors."""
    return float(sum(t.weight * ((found[t.name] - t.value) / t.value) ** 2 for t in targets))


@dataclass
class PipelineFit:
    """Result of :func:`fit_pipeline`."""

    start: dict[str, float]
    values: dict[str, float]
    objective_start: float
    objective: float
    table: pd.DataFrame
    evaluations: int
    seconds: float


def residual_table(found: pd.Series, targets: tuple[PipelineTarget, ...]) -> pd.DataFrame:
    """One row per target: documented value, model value, relative error."""
    return pd.DataFrame(
        {
            "target": [t.name for t in targets],
            "label": [t.label for t in targets],
            "documented": [t.value for t in targets],
            "model": [found[t.name] for t in targets],
            "relative_error": [(found[t.name] - t.value) / t.value for t in targets],
            "source": [t.source for t in targets],
        }
    )


def fit_pipeline(
    calibration: PipelineCalibration,
    start: dict[str, float],
    progress: Callable[[int, float], None] | None = None,
) -> PipelineFit:
    """Grid search, then a bounded refinement of the continuous parameters.

    Args:
        calibration: The calibration file.
        start: The prior's values (reported beside the fit).
        progress: Called with the number of simulations so far and the best objective.
    """
    began = time.perf_counter()
    params = calibration.parameters
    evaluations = [0]
    best = [np.inf]

    def score(values: dict[str, float]) -> float:
        value = objective(mean_measures(calibration, values), calibration.targets)
        evaluations[0] += len(calibration.seeds)
        best[0] = min(best[0], value)
        if progress is not None:
            progress(evaluations[0], best[0])
        return value

    objective_start = score(start)
    grids = [np.asarray(p.grid) for p in params]
    points = np.array(np.meshgrid(*grids, indexing="ij")).reshape(len(params), -1).T
    scores = [score(dict(zip((p.name for p in params), point, strict=True))) for point in points]
    chosen = dict(zip((p.name for p in params), points[int(np.argmin(scores))], strict=True))
    for i, p in enumerate(params):
        if p.integer:
            continue
        grid = grids[i]
        at = int(np.searchsorted(grid, chosen[p.name]))
        low, high = grid[max(at - 1, 0)], grid[min(at + 1, len(grid) - 1)]
        if high > low:
            refined = optimize.minimize_scalar(
                lambda x, name=p.name: score({**chosen, name: float(x)}),
                bounds=(float(low), float(high)),
                method="bounded",
                options={"xatol": 0.05 * (high - low)},
            )
            if refined.fun <= min(scores):
                chosen[p.name] = float(refined.x)
    values = {p.name: (float(round(chosen[p.name])) if p.integer else round(float(chosen[p.name]), 2)) for p in params}
    found = mean_measures(calibration, values)
    return PipelineFit(
        start=start,
        values=values,
        objective_start=objective_start,
        objective=objective(found, calibration.targets),
        table=residual_table(found, calibration.targets),
        evaluations=evaluations[0] + len(calibration.seeds),
        seconds=time.perf_counter() - began,
    )


def fitted_document(fit: PipelineFit, calibration: PipelineCalibration, prior: dict[str, Any], date: dt.date) -> dict:
    """The ``pipeline`` option holding the fitted values, each with its provenance."""
    residuals = "; ".join(f"{r.target} {r.relative_error:+.1%}" for r in fit.table.itertuples())
    targets = "; ".join(f"{t.name} = {t.value:g}" for t in calibration.targets)
    document: dict[str, Any] = {"defaults": ["default", "_self_"], "name": Path(calibration.out).stem}
    for p in calibration.parameters:
        key = p.path.split(".")[1]
        entry = dict(prior[key])
        entry.pop("assumption", None)
        entry["value"] = int(fit.values[p.name]) if p.integer else fit.values[p.name]
        entry["tag"] = "E"
        entry["year"] = 2021
        entry["source"] = (
            f"fitted by tzcld-calibrate pipeline on {date.isoformat()} (scipy.optimize brute + minimize_scalar, seeds "
            f"{list(calibration.seeds)}, territory=france_phase1) to: {targets} (configs/calibration_pipeline.yaml)"
        )
        entry["note"] = f"Prior {fit.start[p.name]:g} (pipeline=default). Residuals: {residuals}."
        document[key] = entry
    return document


def write_fitted_pipeline(
    fit: PipelineFit,
    calibration: PipelineCalibration,
    path: Path,
    command: str,
    force: bool = False,
    date: dt.date | None = None,
) -> Path:
    """Check that the fitted option composes and atomically write it.

    Raises:
        FileExistsError: ``path`` exists and ``force`` is false.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; pass --force to replace it (nothing was written)")
    date = date or dt.date.today()
    prior = yaml.safe_load((CONFIG_DIR / "pipeline" / "default.yaml").read_text(encoding="utf-8"))
    document = fitted_document(fit, calibration, prior, date)
    lines = [
        f"# The activity pipeline FITTED by tzcld-calibrate on {date.isoformat()}.",
        f"# Command: {command}",
        f"# {fit.evaluations} simulations, {fit.seconds:.0f} s; objective at the prior {fit.objective_start:.4f}, "
        f"fitted {fit.objective:.4f}",
        "# (sum of weight x squared relative error, sim/calibration/pipeline_fit.py, docs/calibration.md).",
        "#",
        "# target | documented | model (mean of the seeds) | relative error",
        *(f"# {r.target} | {r.documented:g} | {r.model:.1f} | {r.relative_error:+.1%}" for r in fit.table.itertuples()),
        "#",
        "# Only the scheme's ramp-up of hiring in France: never a Walloon result or an evaluation's cost.",
    ]
    text = "\n".join(lines) + "\n" + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
