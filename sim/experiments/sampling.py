"""Design points over the uncertain parameters, drawn with SALib.

:func:`sample` returns one row per design point and one column per uncertainty, in the order
SALib's analysers expect, so that :func:`sim.experiments.sensitivity.analyse` can read the
outcomes of the runs back in the same order. Every sampler is seeded: the same uncertainties,
``n`` and ``seed`` give the same table, bit for bit.

Costs (k uncertainties, rows = model runs per replication):

- ``sobol``: Saltelli's scheme without second-order indices, ``n * (k + 2)`` rows; ``n`` must be
  a power of 2 (the scrambled Sobol' sequence loses its balance otherwise).
- ``morris``: ``n`` trajectories of ``k + 1`` points on a 4-level grid, ``n * (k + 1)`` rows.
- ``lhs``: Latin hypercube, ``n`` rows (for PRIM and response surfaces).
- ``uniform``: independent uniform draws, ``n`` rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.sample import latin as salib_latin
from SALib.sample import morris as salib_morris
from SALib.sample import sobol as salib_sobol

from sim.config.uncertainties import Uncertainty
from sim.config.validate import ConfigError

METHODS = ("sobol", "morris", "lhs", "uniform")
# Sobol' indices here are first and total order only: second order would double the runs
SECOND_ORDER = False
# Morris grid: 4 levels is the usual choice (Saltelli et al. 2008, ch. 3); even, so that the
# step of 2/3 of the range visits every level equally often
MORRIS_LEVELS = 4


def problem(uncertainties: list[Uncertainty]) -> dict:
    """SALib problem: names and bounds of the uncertainties, in the order given."""
    if not uncertainties:
        raise ConfigError(["no uncertainties to sample: give at least one name"])
    names = [u.name for u in uncertainties]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError([f"uncertainties named more than once: {repeated}"])
    return {
        "num_vars": len(uncertainties),
        "names": names,
        "bounds": [[float(u.low), float(u.high)] for u in uncertainties],
    }


def n_rows(method: str, k: int, n: int) -> int:
    """Number of design points (model runs per replication) for ``method`` with ``k`` uncertainties."""
    _check_method(method)
    if method == "sobol":
        return n * (k + 2) if not SECOND_ORDER else n * (2 * k + 2)
    if method == "morris":
        return n * (k + 1)
    return n


def sample(method: str, uncertainties: list[Uncertainty], n: int, seed: int) -> pd.DataFrame:
    """Design points over the uncertainties.

    Args:
        method: ``sobol``, ``morris``, ``lhs`` or ``uniform``.
        uncertainties: What to vary (see :func:`sim.config.uncertainties.select`).
        n: Base sample size: Sobol' base size (a power of 2), Morris trajectories, or rows.
        seed: Seed of the sampler.

    Returns:
        One column per uncertainty name (continuous values within [low, high]; integer
        uncertainties are rounded only in their override), one row per design point, index
        0..rows-1, in the order the analysers of the same method expect.

    Raises:
        ConfigError: for an unknown method, a non-positive ``n``, or a Sobol' ``n`` that is not a
            power of 2.
    """
    _check_method(method)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ConfigError([f"n = {n!r}: expected a positive whole number of samples"])
    n = int(n)
    spec = problem(uncertainties)
    k = spec["num_vars"]
    if method == "sobol":
        if n & (n - 1):
            lower = 1 << (n.bit_length() - 1)
            raise ConfigError(
                [
                    f"n = {n}: Sobol' sampling needs a power of 2 (for example {lower} or {lower * 2}); "
                    f"it makes n * (k + 2) = {n} * {k + 2} runs"
                ]
            )
        values = salib_sobol.sample(spec, n, calc_second_order=SECOND_ORDER, scramble=True, seed=seed)
    elif method == "morris":
        values = salib_morris.sample(spec, n, num_levels=MORRIS_LEVELS, seed=seed)
    elif method == "lhs":
        values = salib_latin.sample(spec, n, seed=seed)
    else:
        rng = np.random.default_rng(seed)
        bounds = np.asarray(spec["bounds"], dtype=float)
        values = bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random((n, k))
    return pd.DataFrame(np.asarray(values, dtype=float), columns=spec["names"])


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise ConfigError([f"sampling method {method!r} is unknown; accepted: {list(METHODS)}"])
