"""Global sensitivity of an outcome to the uncertain parameters, with SALib.

- Sobol' (variance-based): ``S1`` is the share of the outcome's variance explained by a parameter
  alone, ``ST`` the share it explains with all its interactions. Saltelli's sampling, Jansen's
  estimators as implemented by SALib, bootstrap confidence intervals (``*_conf``, half-width at
  95 %).
- Morris (elementary effects, a screening method): ``mu_star`` is the mean absolute change of
  the outcome when a parameter moves by 2/3 of its range, ``sigma`` the spread of those changes
  (non-linearity or interactions), ``mu`` their signed mean.

Samples must come from :func:`sim.experiments.sampling.sample` with the same method and the
same uncertainties, in the same row order; the Sobol' block structure is checked, so a table that
was sorted or lost rows is refused rather than analysed into wrong indices.

Missing outcomes (failed runs, undefined indicators) are refused by default: a missing value
breaks the estimators' pairing. ``drop_incomplete=True`` drops every Sobol' block (the k + 2 runs
built from one base point) or Morris trajectory that holds a missing value, and logs how many;
the indices then rest on fewer base points, and are biased if failures cluster in one region of
the parameter space, which is why this is not the default.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol

from sim.config.uncertainties import Uncertainty
from sim.config.validate import ConfigError
from sim.experiments.sampling import METHODS, MORRIS_LEVELS, SECOND_ORDER, problem

__all__ = ["ANALYSIS_METHODS", "SOBOL_COLUMNS", "MORRIS_COLUMNS", "analyse", "problem"]

log = logging.getLogger(__name__)

ANALYSIS_METHODS = ("sobol", "morris")
SOBOL_COLUMNS = ["parameter", "S1", "S1_conf", "ST", "ST_conf"]
MORRIS_COLUMNS = ["parameter", "mu_star", "mu_star_conf", "sigma", "mu"]
CONF_LEVEL = 0.95
NUM_RESAMPLES = 200


def analyse(
    method: str,
    uncertainties: list[Uncertainty],
    samples: pd.DataFrame,
    outcomes: pd.Series,
    seed: int,
    *,
    drop_incomplete: bool = False,
) -> pd.DataFrame:
    """Sensitivity indices of one outcome.

    Args:
        method: ``sobol`` or ``morris`` (the method that drew ``samples``).
        uncertainties: The uncertainties sampled, in the order of ``samples``' columns.
        samples: The table returned by :func:`sim.experiments.sampling.sample`.
        outcomes: One value per row of ``samples``, with the same index (or the same labels).
        seed: Seed of the bootstrap for the confidence intervals.
        drop_incomplete: Drop whole Sobol' blocks or Morris trajectories holding a missing
            outcome instead of refusing them (see the module docstring).

    Returns:
        Sobol': columns ``parameter, S1, S1_conf, ST, ST_conf``; Morris: ``parameter, mu_star,
        mu_star_conf, sigma, mu``; one row per uncertainty, in the order given.

    Raises:
        ConfigError: for a method without an analyser.
        ValueError: for samples that do not match the uncertainties or the method's design,
            outcomes that do not match the samples, or missing outcomes (unless dropped).
    """
    if method not in ANALYSIS_METHODS:
        accepted = list(ANALYSIS_METHODS)
        hint = " (lhs and uniform samples go to PRIM: sim.experiments.discovery)" if method in METHODS else ""
        raise ConfigError([f"analysis method {method!r} has no sensitivity indices{hint}; accepted: {accepted}"])
    spec = problem(uncertainties)
    names, k = spec["names"], spec["num_vars"]
    if list(samples.columns) != names:
        raise ValueError(f"samples have columns {list(samples.columns)}; expected the uncertainties {names}, in order")
    y = _aligned(samples, outcomes)
    x = samples.to_numpy(dtype=float)
    group = (k + 2) if not SECOND_ORDER else (2 * k + 2)
    if method == "morris":
        group = k + 1
    if len(x) == 0 or len(x) % group:
        raise ValueError(
            f"{len(x)} samples cannot be a {method} design over {k} uncertainties "
            f"(expected a multiple of {group}); were rows dropped or added?"
        )
    if method == "sobol":
        _check_sobol_blocks(x, k)

    blocks = np.arange(len(x)) // group
    missing = ~np.isfinite(y)
    if missing.any():
        bad_blocks = np.unique(blocks[missing])
        unit = "Sobol' base points (blocks of k + 2 runs)" if method == "sobol" else "Morris trajectories"
        where = np.flatnonzero(missing)[:10].tolist()
        if not drop_incomplete:
            raise ValueError(
                f"{int(missing.sum())} missing outcomes (NaN or infinite) among {len(y)} runs, "
                f"for example rows {where}: {method} indices need every run; rerun the failed "
                f"points, or pass drop_incomplete=True to drop the {len(bad_blocks)} {unit} concerned"
            )
        keep = ~np.isin(blocks, bad_blocks)
        n_left = int(keep.sum()) // group
        if n_left < 2:
            raise ValueError(f"only {n_left} complete {unit} left after dropping missing outcomes; cannot estimate")
        log.warning(
            "%s: dropped %d of %d %s holding %d missing outcomes",
            method,
            len(bad_blocks),
            len(x) // group,
            unit,
            int(missing.sum()),
        )
        x, y = x[keep], y[keep]

    if np.ptp(y) == 0:
        log.warning(
            "%s: the outcome is constant over the design; indices are undefined (Sobol') or zero (Morris)", method
        )
    if method == "sobol":
        with warnings.catch_warnings():
            # a constant outcome divides by a zero variance: the NaN indices say it already
            warnings.simplefilter("ignore", RuntimeWarning)
            result = salib_sobol.analyze(
                spec,
                y,
                calc_second_order=SECOND_ORDER,
                num_resamples=NUM_RESAMPLES,
                conf_level=CONF_LEVEL,
                # SALib 1.6 tests `if seed:`, so seed 0 would fall back to the global NumPy
                # state; a Generator is always truthy and keeps the intervals reproducible
                seed=np.random.default_rng(seed),
            )
        if np.ptp(y) == 0:
            # SALib reports 0 for a zero variance; the share of nothing is undefined
            for key in ("S1", "S1_conf", "ST", "ST_conf"):
                result[key] = np.full(k, np.nan)
        frame = pd.DataFrame(
            {
                "parameter": names,
                "S1": result["S1"],
                "S1_conf": result["S1_conf"],
                "ST": result["ST"],
                "ST_conf": result["ST_conf"],
            }
        )
        return frame[SOBOL_COLUMNS]
    result = salib_morris.analyze(
        spec,
        x,
        y,
        num_resamples=NUM_RESAMPLES,
        conf_level=CONF_LEVEL,
        num_levels=MORRIS_LEVELS,
        seed=np.random.default_rng(seed),
    )
    frame = pd.DataFrame(
        {
            "parameter": names,
            "mu_star": np.asarray(result["mu_star"], dtype=float),
            "mu_star_conf": np.asarray(result["mu_star_conf"], dtype=float),
            "sigma": np.asarray(result["sigma"], dtype=float),
            "mu": np.asarray(result["mu"], dtype=float),
        }
    )
    return frame[MORRIS_COLUMNS]


def _aligned(samples: pd.DataFrame, outcomes: pd.Series) -> np.ndarray:
    """Outcomes as floats in the row order of ``samples``."""
    outcomes = pd.Series(outcomes)
    if len(outcomes) != len(samples):
        raise ValueError(f"{len(outcomes)} outcomes for {len(samples)} samples: expected one outcome per sample row")
    if not outcomes.index.equals(samples.index):
        if outcomes.index.has_duplicates or set(outcomes.index) != set(samples.index):
            raise ValueError("outcomes and samples have different indices: give one outcome per sample row label")
        outcomes = outcomes.reindex(samples.index)
    try:
        return outcomes.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"outcomes must be numbers: {exc}") from exc


def _check_sobol_blocks(x: np.ndarray, k: int) -> None:
    """Refuse a table that is not Saltelli's A, AB_1..AB_k, B blocks (sorted, shuffled, edited)."""
    blocks = x.reshape(-1, k + 2, k)
    a, b = blocks[:, 0, :], blocks[:, -1, :]
    for i in range(k):
        expected = a.copy()
        expected[:, i] = b[:, i]
        if not np.array_equal(blocks[:, i + 1, :], expected):
            raise ValueError(
                "samples are not in Saltelli's order (blocks of A, AB_1..AB_k, B rows): "
                "use the table returned by sample('sobol', ...) unchanged"
            )
