"""TZCLD Cœur du Hainaut: an agent-based simulator of a zero long-term unemployment territory.

The Python API (docs/python.md)::

    from sim import simulate
    results = simulate("full_transposition", "pilot", seed=3, overrides={"horizon_months": 24})
    results.summary["net_public_cost_per_fte_year"], results.timeseries, results.ledger
    results.save("results/my_run")          # the folder tzcld writes; tzcld-report reads it

    from sim import run_experiment
    study = run_experiment("compare_designs", quick=True)   # in memory; out=... writes the folder

The names below are imported on first use, so ``import sim`` stays cheap for the command lines.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "simulate": "sim.api.simulation",
    "Results": "sim.api.simulation",
    "run_experiment": "sim.api.experiments",
    "ExperimentResults": "sim.api.experiments",
    "ConfigError": "sim.config.errors",
}
__all__ = ["ConfigError", "ExperimentResults", "Results", "__version__", "run_experiment", "simulate"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("tzcld-sim")
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
