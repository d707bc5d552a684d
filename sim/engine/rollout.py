"""When each micro-territory opens, and what each draws for itself.

A territory's micro-territories (one EBE each, :func:`sim.config.territories.ebe_areas`) are
selected in waves (``scenario.rollout``): ``first_wave`` at the start, then
``territories_per_year`` a year, evenly spaced, neediest first (most jobseekers per inhabitant)
or in table order; ``opening_months`` lists the months instead. A territory with a single EBE
is selected at the start.

Territories differ (the Walloon evaluation's "fortes disparites entre territoires"): each draws
its own value of the parameters listed in ``pipeline.vary_by_territory``, the configured value
times a uniform factor in [1 - spread, 1 + spread], keyed by the seed, the EBE and the parameter
(the same territory draws the same factor in every run with that seed).
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import TERRITORY_VARYING, RolloutOrder, RunConfig
from sim.config.territories import EbeAreas
from sim.engine.random_streams import Purpose, uniforms

NEVER = 1 << 30  # the selection month of a territory the roll-out does not reach


def rollout_order(cfg: RunConfig, areas: EbeAreas) -> np.ndarray:
    """EBE numbers in the order their territories are selected."""
    rollout = cfg.scenario.rollout
    n = areas.inhabitants.size
    if rollout is None or rollout.order == RolloutOrder.listed:
        return np.arange(n)
    # stable: the EBEs of one commune keep their order
    return np.argsort(-areas.need, kind="stable")


def selection_months(cfg: RunConfig, areas: EbeAreas) -> np.ndarray:
    """Month of the run (``t``) at which each EBE's territory is selected (:data:`NEVER` if not)."""
    n = areas.inhabitants.size
    rollout = cfg.scenario.rollout
    months = np.zeros(n, dtype=np.int64)
    if rollout is None or n == 1:
        return months
    order = rollout_order(cfg, areas)
    if rollout.opening_months:
        months[order] = np.asarray(rollout.opening_months, dtype=np.int64)
        return months
    first = min(n, int(round(rollout.first_wave.value)))
    per_year = rollout.territories_per_year.value
    later = np.arange(1, n - first + 1, dtype=np.float64)
    wave = np.full(n - first, NEVER, dtype=np.int64) if per_year <= 0 else np.ceil(later * 12.0 / per_year - 1e-9)
    months[order] = np.concatenate((np.zeros(first, dtype=np.int64), wave.astype(np.int64)))
    return months


def territory_values(cfg: RunConfig, n_ebes: int) -> list[dict[str, float]]:
    """Each EBE's own values of the parameters in ``pipeline.vary_by_territory``.

    Returns:
        One mapping per EBE from parameter name to its value there (the EBE's and the pipeline's
        parameters other than these keep their configured values).
    """
    pipeline, ebe = cfg.pipeline, cfg.scenario.ebe
    spread = pipeline.territory_spread.value
    values: list[dict[str, float]] = [{} for _ in range(n_ebes)]
    ids = np.arange(n_ebes, dtype=np.int64)
    for name in pipeline.vary_by_territory:
        key = TERRITORY_VARYING.index(name)
        param = getattr(pipeline, name, None) or getattr(ebe, name)
        factors = 1.0 + spread * (2.0 * uniforms(cfg.seed, key, Purpose.TERRITORY_FACTOR, ids) - 1.0)
        for e in range(n_ebes):
            values[e][name] = param.value * float(factors[e])
    return values
