"""The statistical oracle shared by the reference tests: the engine against the per-agent reference.

For the same seed both implementations hold the same people (the population is a function of the
seed), so each seed gives one pair (engine outcome, reference outcome): independent given the
population and, if the two implement the same process, identically distributed. For every
outcome x month, :func:`compare` runs a two-sample Kolmogorov-Smirnov test and a paired
comparison of means at the Bonferroni-corrected level of a family-wise ``alpha``.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import stats

from sim.config.schema import RunConfig
from sim.engine.paired import run_paired
from sim.engine.reference import reference_records

FAMILY_ALPHA = 0.001
Outcomes = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Design:
    """What one oracle family samples: seeds, months and (world, record column) outcomes."""

    seeds: tuple[int, ...]
    months: tuple[int, ...]
    outcomes: Outcomes


def with_seed(cfg: RunConfig, seed: int) -> RunConfig:
    """A shallow copy of ``cfg`` with another seed."""
    seeded = copy.copy(cfg)
    seeded.seed = seed
    return seeded


def outcomes(design: Design, scenario_records: list[dict], twin_records: list[dict]) -> np.ndarray:
    """Array [month, outcome] of one run."""
    worlds = {"scenario": scenario_records, "twin": twin_records}
    return np.array(
        [[worlds[world][m][column] for world, column in design.outcomes] for m in design.months], dtype=np.float64
    )


def engine_samples(design: Design, cfg: RunConfig) -> np.ndarray:
    """Array [seed, month, outcome] of the fast engine."""
    samples = []
    for seed in design.seeds:
        result = run_paired(with_seed(cfg, seed))
        samples.append(outcomes(design, result.scenario.records, result.twin.records))
    return np.array(samples)


def sample(design: Design, cfg: RunConfig, *perturbed: RunConfig) -> dict[str, np.ndarray]:
    """Reference (in child processes), engine and perturbed engines, over the same seeds.

    Returns:
        ``reference``, ``engine`` and ``perturbed_<i>`` arrays [seed, month, outcome].
    """
    workers = max(1, min(2, os.cpu_count() or 1))
    # 'spawn': a clean interpreter per worker, safe whatever threads pytest (or xdist) runs.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(reference_records, with_seed(cfg, seed)) for seed in design.seeds]
        found = {"engine": engine_samples(design, cfg)}  # meanwhile, in this process
        for i, other in enumerate(perturbed):
            found[f"perturbed_{i}"] = engine_samples(design, other)
        found["reference"] = np.array([outcomes(design, *future.result()) for future in futures])
    return found


@dataclass(frozen=True)
class Cell:
    """One comparison: an outcome at a month."""

    label: str
    ks_pvalue: float
    mean_difference: float
    tolerance: float
    ks_ok: bool
    mean_ok: bool


def compare(design: Design, candidate: np.ndarray, reference: np.ndarray, alpha: float = FAMILY_ALPHA) -> list[Cell]:
    """KS and paired-mean comparisons of every outcome x month, Bonferroni-corrected.

    Args:
        design: What was sampled.
        candidate: [seed, month, outcome] from the implementation under test.
        reference: [seed, month, outcome] from the reference, same seeds in the same order.
        alpha: Family-wise significance level.

    Returns:
        One :class:`Cell` per outcome x month.
    """
    n = candidate.shape[0]
    degenerate = (candidate.std(axis=0) == 0) & (reference.std(axis=0) == 0)
    m = int((~degenerate).sum())  # constant cells (no EBE before its launch) are not tests
    per_test = alpha / max(m, 1)
    t_crit = stats.t.ppf(1.0 - per_test / 2.0, df=n - 1)
    cells = []
    for mi, month in enumerate(design.months):
        for oi, (world, column) in enumerate(design.outcomes):
            x, y = candidate[:, mi, oi], reference[:, mi, oi]
            label = f"{world}.{column}@{month}"
            difference = x - y
            if degenerate[mi, oi]:
                same = bool(x[0] == y[0])
                cells.append(Cell(label, 1.0 if same else 0.0, float(x[0] - y[0]), 0.0, same, same))
                continue
            p = float(stats.ks_2samp(x, y).pvalue)
            se = float(difference.std(ddof=1) / np.sqrt(n))
            tolerance = t_crit * se
            mean = float(difference.mean())
            cells.append(Cell(label, p, mean, tolerance, p > per_test, abs(mean) <= tolerance))
    return cells


def describe(cells: list[Cell]) -> str:
    """One line per cell, for assertion messages."""
    return "\n".join(
        f"  {c.label}: KS p={c.ks_pvalue:.2g} mean diff={c.mean_difference:.4g} tol={c.tolerance:.4g}" for c in cells
    )


def failures(cells: list[Cell]) -> str:
    """The cells either test rejects, described; empty when both accept every cell."""
    return describe([c for c in cells if not (c.ks_ok and c.mean_ok)])


def rejected(cells: list[Cell]) -> set[str]:
    """Labels of the cells both tests reject."""
    return {c.label for c in cells if not c.ks_ok and not c.mean_ok}
