"""The analyses declared in an experiment file, run once every run is done.

- ``sobol`` / ``morris``: sensitivity indices of each indicator to the sampled uncertainties
  (:func:`sim.experiments.sensitivity.analyse`), written to ``sensitivity.parquet``. The outcome
  of a design point is its mean over the replications.
- ``prim``: boxes of the uncertainties where an indicator meets a threshold
  (:func:`sim.experiments.discovery.find_boxes`), written to ``break_even.json``. Each
  successful run is one case; a run whose indicator is undefined is dropped (and counted).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.design import Design
from sim.experiments.spec import ExperimentSpec
from sim.outputs import write_json, write_parquet

log = logging.getLogger(__name__)


def point_outcomes(runs: pd.DataFrame, indicator: str, n_points: int) -> pd.Series:
    """Mean of ``indicator`` over the successful replications of every point (NaN if none)."""
    ok = runs[runs["status"] == "ok"]
    means = ok.groupby("point")[indicator].mean() if indicator in ok else pd.Series(dtype=float)
    return means.reindex(range(n_points)).astype(float)


def sensitivity_table(
    spec: ExperimentSpec, design: Design, runs: pd.DataFrame, entry: dict[str, Any]
) -> tuple[list[pd.DataFrame], list[str]]:
    """Sensitivity indices for one ``sobol``/``morris`` entry; returns tables and notes."""
    from sim.experiments.sensitivity import analyse

    method = entry["kind"]
    tables, notes = [], []
    for indicator in entry.get("indicators") or spec.indicators:
        outcomes = point_outcomes(runs, indicator, len(design.points))
        missing = int(outcomes.isna().sum())
        if missing:
            # Whole Sobol' blocks / Morris trajectories holding a missing outcome are dropped.
            notes.append(f"{method} {indicator}: {missing} design point(s) without a value, their blocks dropped")
        try:
            table = analyse(
                method, design.uncertainties, design.samples, outcomes, spec.root_seed, drop_incomplete=bool(missing)
            )
        except (ValueError, ZeroDivisionError) as error:
            notes.append(f"{method} {indicator}: not analysed ({error})")
            continue
        table.insert(0, "method", method)
        table.insert(0, "indicator", indicator)
        tables.append(table)
    return tables, notes


def break_even(design: Design, runs: pd.DataFrame, entry: dict[str, Any]) -> dict[str, Any]:
    """PRIM boxes for one ``prim`` entry, as written to ``break_even.json``."""
    from sim.experiments.discovery import find_boxes, meets

    indicator, threshold = entry["indicator"], float(entry["threshold"])
    direction = entry.get("direction", "<=")
    ok = runs[runs["status"] == "ok"].reset_index(drop=True)
    x = ok[design.factor_names].astype(float)
    y = meets(ok[indicator] if indicator in ok else pd.Series(np.nan, index=ok.index), threshold, direction)
    options = {k: entry[k] for k in ("max_boxes", "threshold_peel", "min_coverage") if k in entry}
    labels = {u.name: u.label_en for u in design.uncertainties}
    boxes = find_boxes(x, y, labels=labels, **options) if len(ok) else []
    valid = y.dropna()
    return {
        "indicator": indicator,
        "threshold": threshold,
        "direction": direction,
        "n_runs": len(ok),
        "n_undefined": int(y.isna().sum()),
        "share_meeting": float(valid.astype(bool).mean()) if len(valid) else None,
        "boxes": [
            {
                "limits": {name: [float(lo), float(hi)] for name, (lo, hi) in box.limits.items()},
                "coverage": float(box.coverage),
                "density": float(box.density),
                "mass": float(box.mass),
                "description": box.description,
            }
            for box in boxes
        ],
    }


def run_analyses(spec: ExperimentSpec, design: Design, runs: pd.DataFrame, out_dir: Path) -> list[str]:
    """Run every analysis of the file and write its outputs; returns notes for experiment.json.

    Several ``prim`` entries go into one ``break_even.json``: the first entry's object at the
    top level (the interface), and all of them under ``analyses``.
    """
    notes: list[str] = []
    tables: list[pd.DataFrame] = []
    prims: list[dict[str, Any]] = []
    for entry in spec.analysis:
        if entry["kind"] in ("sobol", "morris"):
            found, more = sensitivity_table(spec, design, runs, entry)
            tables += found
            notes += more
        else:
            prims.append(break_even(design, runs, entry))
    # A file an earlier invocation wrote but this one cannot (no analysable outcome) is removed.
    if tables:
        write_parquet(out_dir / "sensitivity.parquet", pd.concat(tables, ignore_index=True))
    else:
        (out_dir / "sensitivity.parquet").unlink(missing_ok=True)
    if prims:
        write_json(out_dir / "break_even.json", prims[0] | {"analyses": prims})
    else:
        (out_dir / "break_even.json").unlink(missing_ok=True)
    return notes
