"""Write a fitted behaviour configuration (``configs/behaviour/fitted.yaml``) from a fit.

The file has the schema of ``configs/behaviour/default.yaml`` (the prior, and the start of the
search): the same keys, every value a Param. Fitted parameters keep ``assumption: true`` and
their range (they remain free parameters worth exploring), are tagged ``E`` (estimated from
sourced facts) and say in ``source`` and ``note`` when, how and to what they were fitted, with
the residuals. A comment header repeats the fit's date, targets, achieved values and residuals.

The file is checked before it lands: it must merge into the typed schema and the calibration
configuration with it must pass :func:`sim.config.validate.validate`. It is written atomically
and never over an existing file unless asked.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from omegaconf import OmegaConf

from sim.calibration.fit import FitResult
from sim.calibration.targets import CALIBRATION, Calibration, window_text
from sim.config.locations import CONFIG_DIR
from sim.config.schema import BehaviourConfig, RunConfig
from sim.config.validate import validate
from sim.outputs import atomic_write

PRIOR_FILE = CONFIG_DIR / "behaviour" / "default.yaml"


def fitted_file(calibration: Calibration = CALIBRATION) -> Path:
    """Where a calibration's fit is written: ``configs/behaviour/<behaviour_file>.yaml``."""
    return CONFIG_DIR / "behaviour" / f"{calibration.behaviour_file}.yaml"


FITTED_FILE = fitted_file()
FITTED_NAME = CALIBRATION.behaviour_file


def round_values(values: dict[str, float], digits: int = 4) -> dict[str, float]:
    """Values rounded to ``digits`` significant digits (what the file holds)."""
    return {name: float(f"{value:.{digits}g}") for name, value in values.items()}


def _percent(x: float) -> str:
    return f"{100 * x:+.1f} %"


def residuals_text(table: pd.DataFrame) -> str:
    """One line of residuals: target name and relative error of the window mean."""
    return "; ".join(f"{row.target} {_percent(row.relative_error)}" for row in table.itertuples())


def targets_text(table: pd.DataFrame) -> str:
    """One line of targets with their values."""
    return "; ".join(f"{row.target} = {row.target_value:g}" for row in table.itertuples())


def header(
    result: FitResult, table: pd.DataFrame, command: str, date: dt.date, calibration: Calibration = CALIBRATION
) -> str:
    """The comment block at the top of the file."""
    lines = [
        f"Monthly hazards of the status quo, FITTED by tzcld-calibrate on {date.isoformat()}.",
        f"Command: {command}",
        f"Territory {result.territory}, status quo, seed {result.seed}; scored window {window_text(calibration)}.",
        f"Method: scipy.optimize {result.method}, {result.evaluations} simulations, {result.seconds:.0f} s, "
        f"converged: {result.converged} ({result.message}).",
        "Objective: sum over targets of weight x mean over months of ((model - target) / target)^2 "
        "(sim/calibration/fit.py, docs/calibration.md).",
        f"Objective at the prior (default.yaml): {result.objective_start:.5f}; at these values: "
        f"{float(table['objective_term'].sum()):.5f}.",
        "Free parameters (start -> fitted, range): "
        + "; ".join(
            f"{name} {result.start[name]:g} -> {value:g}" for name, value in round_values(result.values).items()
        ),
        *(["Fitted on a bound of its range: " + ", ".join(result.at_bound)] if result.at_bound else []),
        "Other parameters: the prior values of default.yaml, not fitted (no target identifies them).",
        "",
        "target | documented | model mean over the window (first, last month) | relative error | source",
    ]
    for row in table.itertuples():
        lines.append(
            f"{row.target} | {row.target_value:g} | {row.model_mean:.4f} ({row.model_first:.4f}, "
            f"{row.model_last:.4f}) | {_percent(row.relative_error)} | {row.source}"
        )
    lines += ["", "Never tuned to a published TZCLD evaluation result: only status-quo labour-market facts."]
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


def fitted_document(
    result: FitResult,
    table: pd.DataFrame,
    date: dt.date,
    name: str = FITTED_NAME,
    prior: Path = PRIOR_FILE,
    calibration: Calibration = CALIBRATION,
) -> dict[str, Any]:
    """The YAML mapping: the prior's keys, fitted values in place of the free parameters.

    ``name`` is the option name of the file in the ``behaviour`` group (its file name's stem).
    """
    document = yaml.safe_load(prior.read_text(encoding="utf-8"))
    document["name"] = name
    reasons = {p.name: p.identified_by for p in calibration.free_parameters}
    values = round_values(result.values)
    source = (
        f"fitted by tzcld-calibrate on {date.isoformat()} ({result.method}, seed {result.seed}, "
        f"{result.territory} status quo, window {window_text(calibration)}) to: {targets_text(table)} "
        f"({calibration.sources})"
    )
    for key, value in values.items():
        entry = document[key]
        prior_value = entry["value"]
        entry["value"] = value
        entry["tag"] = "E"
        entry["assumption"] = True
        entry["source"] = source
        entry["note"] = (
            f"Prior {prior_value:g} (default.yaml). Identified by: {reasons.get(key, 'the targets')}. "
            f"Residuals (window mean vs target): {residuals_text(table)}."
        )
    return document


def check_behaviour(document: dict[str, Any], cfg: RunConfig) -> None:
    """Refuse a document that does not type-check as a behaviour or does not validate.

    Raises:
        omegaconf.errors.OmegaConfBaseException: On an unknown key or a wrong type.
        ConfigError: If the calibration configuration with this behaviour fails validation.
    """
    body = {key: value for key, value in document.items() if key != "defaults"}
    merged = OmegaConf.merge(OmegaConf.structured(BehaviourConfig), OmegaConf.create(body))
    behaviour = OmegaConf.to_object(merged)
    candidate = copy.copy(cfg)
    candidate.behaviour = behaviour
    validate(candidate)


def write_fitted(
    result: FitResult,
    table: pd.DataFrame,
    cfg: RunConfig,
    path: Path = FITTED_FILE,
    *,
    command: str = "tzcld-calibrate fit",
    force: bool = False,
    date: dt.date | None = None,
    calibration: Calibration = CALIBRATION,
) -> Path:
    """Check and atomically write the fitted behaviour file.

    Args:
        result: The fit.
        table: Target table at the values written (rounded), see :func:`round_values`.
        cfg: A calibration configuration, used to validate the new behaviour in context.
        path: Target file.
        command: The command line shown in the header.
        force: Replace an existing file.
        date: Date stamped in the file (today by default).

    Raises:
        FileExistsError: If ``path`` exists and ``force`` is false.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; pass --force to replace it (nothing was written)")
    date = date or dt.date.today()
    document = fitted_document(result, table, date, name=path.stem, calibration=calibration)
    check_behaviour(document, cfg)
    text = header(result, table, command, date, calibration) + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None
    )
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
