"""The status quo's monthly moments: what the fit compares with the targets.

Only the status-quo world is simulated (no scenario, no twin): it is the twin of every run, and
a world whose ``twin`` is ``None`` steps on its own through the same month cycle
(:class:`sim.engine.world.MonthlyWorld`). The population does not depend on the behaviour parameters,
so it is drawn once and shared by every evaluation of the objective.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

import numpy as np
import pandas as pd

from sim.calendar import first_day
from sim.calibration.targets import CALIBRATION, Calibration
from sim.config.load import load_config
from sim.config.schema import RunConfig
from sim.config.validate import validate
from sim.engine.model import TZCLDModel
from sim.engine.population import Population, generate_population
from sim.engine.state import Status

LOW_QUALIFICATION = 0  # code in sim.engine.population.QUALIFICATIONS


def calibration_config(
    territory: str, seed: int, extra_overrides: list[str] | None = None, calibration: Calibration = CALIBRATION
) -> RunConfig:
    """The validated status-quo configuration of the calibration window.

    Args:
        territory: Territory option (``coeur_du_hainaut`` for the basin's fit).
        seed: Root seed of the keyed draws.
        extra_overrides: More Hydra overrides (e.g. ``behaviour=default``).
        calibration: Whose window and overrides (the basin's by default).

    Raises:
        ConfigError: If the composed configuration does not validate.
    """
    overrides = [
        "scenario=status_quo",
        f"territory={territory}",
        *calibration.overrides,
        f"seed={seed}",
        f"start={calibration.start}",
        f"horizon_months={calibration.horizon_months}",
        "agents.materialize_jobseekers=false",
        *(extra_overrides or []),
    ]
    cfg = load_config(overrides)
    validate(cfg)
    return cfg


def with_behaviour(cfg: RunConfig, values: Mapping[str, float]) -> RunConfig:
    """A shallow copy of ``cfg`` whose behaviour has the given parameter values (others unchanged)."""
    behaviour = copy.deepcopy(cfg.behaviour)
    for name, value in values.items():
        getattr(behaviour, name).value = float(value)
    out = copy.copy(cfg)
    out.behaviour = behaviour
    return out


def monthly_moments(
    cfg: RunConfig,
    population: Population | None = None,
    months: int | None = None,
    calibration: Calibration = CALIBRATION,
) -> pd.DataFrame:
    """Simulate the status quo alone and measure its jobless stock month by month.

    Measured at the same point as :meth:`sim.engine.model.TZCLDModel.record_month` (before the spells
    age at the end of the month), so ``jobless`` and ``jobless_over_2y`` equal the run's
    timeseries columns of the same names.

    Args:
        cfg: A status-quo run configuration (see :func:`calibration_config`).
        population: The people of ``cfg`` (drawn when ``None``; pass it to reuse it).
        months: Months to simulate and measure, from the start (at most the horizon; default the
            calibration's scored months).
        calibration: Whose duration bands and entry cohorts to measure.

    Returns:
        One row per month: ``date``, ``month``, ``jobless``, ``jobless_over_2y``,
        ``stock_ratio`` (jobless over ``territory.jobseekers``), ``share_over_2y``, one share
        per duration band of the calibration, ``share_low_qualified``, and for each entry-cohort
        target the share of the people who registered that many months earlier who are jobless
        (NaN before such a cohort exists).
    """
    if population is None:
        population = generate_population(cfg)
    months = min(calibration.scored_months if months is None else months, cfg.horizon_months)
    world = TZCLDModel(cfg, population, world="twin")
    initial = float(cfg.territory.jobseekers.value)
    bands = calibration.duration_bands
    inflow = population.entry_month.astype(np.int64)
    inflow[: population.n_initial] = -1  # the initial stock is no entry cohort
    rows = []
    for _ in range(months):
        world.step()
        s, n = world.state, world.n_present
        jobless = np.flatnonzero(s.status[:n] == Status.JOBLESS)
        # Spells have just aged by one month in advance_clocks: step back to the recorded month.
        duration = s.duration[jobless].astype(np.int64) - 1
        count = max(jobless.size, 1)
        row = {
            "date": first_day(world.start_index + world.t - 1),
            "month": world.t - 1,
            "jobless": int(jobless.size),
            "jobless_over_2y": int(np.count_nonzero(duration >= 24)),
            "stock_ratio": jobless.size / initial,
            "share_over_2y": np.count_nonzero(duration >= 24) / count,
            "share_low_qualified": np.count_nonzero(population.qualification[jobless] == LOW_QUALIFICATION) / count,
        }
        row |= {name: np.count_nonzero((duration >= low) & (duration < high)) / count for name, low, high in bands}
        for name, after in calibration.cohorts:
            cohort = np.flatnonzero(inflow[:n] == world.t - 1 - after)
            still = np.count_nonzero(s.status[cohort] == Status.JOBLESS) / cohort.size if cohort.size else np.nan
            row[name] = float(still)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame
