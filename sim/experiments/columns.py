"""Column layouts shared by the experiment's tables and the dashboards that read them.

``runs.parquet`` (and :attr:`sim.dashboard.data.Results.runs`) starts with :data:`RUN_IDENTITY`.
``paired_differences.parquet`` compares two designs run with the same seeds, ``design_a`` minus
``design_b``: :func:`paired_columns` gives its columns, written by
:func:`sim.experiments.aggregate.paired_differences` and, for a folder of runs without that file,
by :func:`sim.dashboard.data.paired_differences`.
"""

from __future__ import annotations

from collections.abc import Sequence

RUN_IDENTITY = ("run_id", "point", "replication", "seed", "status", "error", "wall_seconds", "scenario", "territory")

PAIRED_POINTS = ("point_a", "point_b")
PAIRED_DESIGNS = ("design_a", "design_b")
PAIRED_STATS = ("n_pairs", "mean", "median", "p05", "p95")


def paired_columns(factor_names: Sequence[str] = (), *, points: bool = True) -> list[str]:
    """The columns of a paired-differences table, in order.

    Args:
        factor_names: Swept factors or sampled uncertainties shared by both sides of a pair.
        points: Whether the table names the two design points (an experiment's does; one
            computed from a folder of runs has no design points).
    """
    return [
        *(PAIRED_POINTS if points else ()),
        *PAIRED_DESIGNS,
        "territory",
        *factor_names,
        "indicator",
        *PAIRED_STATS,
    ]
