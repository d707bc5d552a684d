"""The objective and its minimisation with scipy.optimize.

Objective. For the targets k of :data:`sim.calibration.targets.TARGETS` (value tau_k, weight
w_k) and the status quo's monthly moments m_k(t) over the scored window (May 2020 to December
2025, T = 68 months), the fit minimises the weighted mean squared relative error

    J(theta) = sum_k w_k * (1/T) * sum_t ((m_k(t) - tau_k) / tau_k)^2

over the free parameters theta (:data:`FREE_PARAMETERS`), each kept
inside the range of its prior in ``configs/behaviour/default.yaml``. Averaging over months, not
scoring the window mean alone, penalises drift: a stock that starts at 33,600 and ends at
28,000 scores badly even if its mean were right. Relative errors put a count and shares on one
scale; the four Walloon duration bands weigh 1/4 each so that the mix as a whole counts as much
as any other fact.

Draws are keyed by (seed, person, month, purpose) and the population is drawn once, so J is a
deterministic function of theta for a given seed. It is piecewise constant at a fine scale
(a small change of a hazard moves a few people across their draw), which suits the
derivative-free methods used here: Nelder-Mead (default) and Powell from the prior values, or
differential evolution (seeded) over the whole box. The search runs in the unit cube of the
parameter ranges so that one step size fits all parameters.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize

from sim.calibration.moments import calibration_config, monthly_moments, with_behaviour
from sim.calibration.targets import BASIN, CALIBRATION, TARGETS, Calibration, FreeParameter, Target
from sim.config.schema import RunConfig
from sim.engine.population import Population, generate_population

METHODS = ("nelder-mead", "powell", "differential-evolution")
DEFAULT_MAXITER = 300
START_STEP = 0.1  # first simplex step, as a share of each parameter's range


# The basin's free parameters (configs/calibration.yaml says why these four).
FREE_PARAMETERS: tuple[FreeParameter, ...] = CALIBRATION.free_parameters


def _scored(series: np.ndarray) -> np.ndarray:
    """The months a moment exists (an entry cohort's share does not before the cohort does)."""
    return series[~np.isnan(series)]


def objective_terms(moments: pd.DataFrame, targets: Sequence[Target] = TARGETS) -> pd.Series:
    """Each target's weighted mean squared relative error over the months of ``moments``."""
    return pd.Series(
        {
            t.name: t.weight * float(np.mean(((_scored(moments[t.name].to_numpy()) - t.value) / t.value) ** 2))
            for t in targets
        }
    )


def objective_value(moments: pd.DataFrame, targets: Sequence[Target] = TARGETS) -> float:
    """J: the sum of :func:`objective_terms` (see the module docstring)."""
    return float(objective_terms(moments, targets).sum())


def target_table(moments: pd.DataFrame, targets: Sequence[Target] = TARGETS) -> pd.DataFrame:
    """Targets against the model over the window.

    Returns:
        One row per target: ``target``, ``label``, ``unit``, ``target_value``, ``model_mean``
        (mean over the months), ``model_first`` and ``model_last`` (first and last scored month),
        ``relative_error`` (model_mean / target - 1), ``rms_relative_error`` (root of the mean
        squared monthly relative error), ``tolerance``, ``met`` (abs(relative_error) <=
        tolerance), ``weight``, ``objective_term``, ``year`` and ``source``.
    """
    terms = objective_terms(moments, targets)
    rows = []
    for t in targets:
        series = _scored(moments[t.name].to_numpy())
        relative = float(series.mean() / t.value - 1.0)
        rows.append(
            {
                "target": t.name,
                "label": t.label,
                "unit": t.unit,
                "target_value": t.value,
                "model_mean": float(series.mean()),
                "model_first": float(series[0]),
                "model_last": float(series[-1]),
                "relative_error": relative,
                "rms_relative_error": float(np.sqrt(np.mean((series / t.value - 1.0) ** 2))),
                "tolerance": t.tolerance,
                "met": abs(relative) <= t.tolerance,
                "weight": t.weight,
                "objective_term": float(terms[t.name]),
                "year": t.year,
                "source": t.source,
            }
        )
    return pd.DataFrame(rows)


@dataclass
class Problem:
    """The status quo of one territory and seed, ready to be evaluated at parameter values.

    Attributes:
        cfg: The validated calibration configuration (its behaviour holds the start values).
        population: Its people, drawn once.
        names: Free parameters, in the order of the vectors the optimiser sees.
        lower, upper: Bounds of each free parameter (the range of its prior).
        evaluations: Number of distinct simulations run so far.
    """

    cfg: RunConfig
    population: Population
    names: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    calibration: Calibration = CALIBRATION
    evaluations: int = 0
    _cache: dict[tuple[float, ...], float] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        territory: str = BASIN,
        seed: int = 0,
        names: Sequence[str] | None = None,
        extra_overrides: list[str] | None = None,
        calibration: Calibration = CALIBRATION,
    ) -> Problem:
        """Compose the configuration, draw the population and read the bounds from the prior."""
        cfg = calibration_config(territory, seed, extra_overrides, calibration)
        names = tuple(names or (p.name for p in calibration.free_parameters))
        lower, upper = [], []
        for name in names:
            param = getattr(cfg.behaviour, name, None)
            if param is None or not hasattr(param, "value"):
                raise KeyError(f"behaviour.{name} is not a behaviour parameter")
            if param.range is None:
                raise ValueError(f"behaviour.{name} has no range: a free parameter needs one to be fitted within")
            lower.append(float(param.range[0]))
            upper.append(float(param.range[1]))
        return cls(cfg, generate_population(cfg), names, np.array(lower), np.array(upper), calibration)

    # ------------------------------------------------------------------ coordinates
    def start(self) -> np.ndarray:
        """The prior values of the free parameters (clipped into their ranges)."""
        values = np.array([getattr(self.cfg.behaviour, name).value for name in self.names], dtype=float)
        return np.clip(values, self.lower, self.upper)

    def to_unit(self, values: np.ndarray) -> np.ndarray:
        """Parameter values to the unit cube of their ranges."""
        span = np.where(self.upper > self.lower, self.upper - self.lower, 1.0)
        return (np.asarray(values, dtype=float) - self.lower) / span

    def from_unit(self, unit: np.ndarray) -> np.ndarray:
        """Unit-cube coordinates (clipped to the cube) to parameter values."""
        return self.lower + np.clip(np.asarray(unit, dtype=float), 0.0, 1.0) * (self.upper - self.lower)

    def as_dict(self, values: np.ndarray) -> dict[str, float]:
        """Parameter values by name."""
        return {name: float(v) for name, v in zip(self.names, values, strict=True)}

    # ------------------------------------------------------------------ evaluation
    def moments(self, values: Mapping[str, float] | np.ndarray) -> pd.DataFrame:
        """Monthly moments of the status quo at the given parameter values."""
        if not isinstance(values, Mapping):
            values = self.as_dict(values)
        return monthly_moments(with_behaviour(self.cfg, values), self.population, calibration=self.calibration)

    def objective(self, values: np.ndarray) -> float:
        """J at parameter values (memoised: optimisers revisit points)."""
        key = tuple(float(v) for v in values)
        if key not in self._cache:
            self._cache[key] = objective_value(self.moments(np.asarray(values)), self.calibration.targets)
            self.evaluations += 1
        return self._cache[key]


@dataclass
class FitResult:
    """What a fit found.

    Attributes:
        territory, seed, method: What was fitted, with which optimiser.
        start: Prior values of the free parameters.
        values: Fitted values.
        objective_start, objective: J at the start and at the fitted values.
        table: :func:`target_table` at the fitted values.
        moments: Monthly moments at the fitted values.
        evaluations: Simulations run.
        seconds: Wall time of the search.
        converged: Whether scipy reports success (False when ``maxiter`` stopped it).
        message: scipy's message.
        at_bound: Free parameters fitted within 1 % of the width of their range from a bound.
    """

    territory: str
    seed: int
    method: str
    start: dict[str, float]
    values: dict[str, float]
    objective_start: float
    objective: float
    table: pd.DataFrame
    moments: pd.DataFrame
    evaluations: int
    seconds: float
    converged: bool
    message: str
    at_bound: list[str]


def fit(
    territory: str = BASIN,
    seed: int = 0,
    method: str = "nelder-mead",
    maxiter: int = DEFAULT_MAXITER,
    names: Sequence[str] | None = None,
    extra_overrides: list[str] | None = None,
    progress: Callable[[int, float], None] | None = None,
    calibration: Calibration = CALIBRATION,
) -> FitResult:
    """Fit the free parameters of the status quo to the targets.

    Args:
        territory: Territory option; the documented targets are the basin's
            (``coeur_du_hainaut``). Other territories serve quick checks of the machinery.
        seed: Seed of the keyed draws (the objective is deterministic for it).
        method: One of :data:`METHODS`.
        maxiter: Iterations of Nelder-Mead or Powell, generations of differential evolution.
        names: Free parameters (default :data:`FREE_PARAMETERS`).
        extra_overrides: More Hydra overrides for the calibration configuration; the start
            values are those of the composed behaviour (``behaviour=default`` for the prior).
        progress: Called with (evaluations, best J so far) after each new evaluation.
        calibration: Whose targets, window and free parameters (the basin's by default).

    Raises:
        ValueError: For an unknown method or a maxiter below 1.
    """
    if method not in METHODS:
        raise ValueError(f"method {method!r}: expected one of {', '.join(METHODS)}")
    if maxiter < 1:
        raise ValueError(f"maxiter = {maxiter}: expected an integer >= 1")
    problem = Problem.build(territory, seed, names, extra_overrides, calibration)
    start = problem.start()
    best = [np.inf]

    def score(unit: np.ndarray) -> float:
        before = problem.evaluations
        value = problem.objective(problem.from_unit(unit))
        best[0] = min(best[0], value)
        if progress is not None and problem.evaluations > before:
            progress(problem.evaluations, best[0])
        return value

    clock = time.perf_counter()
    objective_start = score(problem.to_unit(start))
    x0 = problem.to_unit(start)
    bounds = [(0.0, 1.0)] * len(problem.names)
    if method == "differential-evolution":
        result = optimize.differential_evolution(
            score, bounds, seed=seed, maxiter=maxiter, popsize=5, polish=False, x0=x0, tol=1e-6, updating="immediate"
        )
    else:
        options: dict = {"maxiter": maxiter}
        if method == "nelder-mead":
            # Steps of a tenth of each range, towards the middle, so the first simplex sees past
            # the fine-scale steps of an objective built on discrete draws.
            simplex = [x0]
            for i in range(len(x0)):
                vertex = x0.copy()
                vertex[i] += START_STEP if x0[i] <= 0.5 else -START_STEP
                simplex.append(vertex)
            options |= {"initial_simplex": np.array(simplex), "xatol": 1e-3, "fatol": 1e-6}
        else:
            options |= {"xtol": 1e-3, "ftol": 1e-6}
        result = optimize.minimize(score, x0, method=method, bounds=bounds, options=options)
    seconds = time.perf_counter() - clock

    values = problem.from_unit(result.x)
    moments = problem.moments(values)
    span = problem.upper - problem.lower
    at_bound = [
        name
        for name, v, lo, hi, width in zip(problem.names, values, problem.lower, problem.upper, span, strict=True)
        if width > 0 and min(v - lo, hi - v) <= 0.01 * width
    ]
    return FitResult(
        territory=territory,
        seed=seed,
        method=method,
        start=problem.as_dict(start),
        values=problem.as_dict(values),
        objective_start=objective_start,
        objective=objective_value(moments, calibration.targets),
        table=target_table(moments, calibration.targets),
        moments=moments,
        evaluations=problem.evaluations,
        seconds=seconds,
        converged=bool(result.success),
        message=str(result.message),
        at_bound=at_bound,
    )
