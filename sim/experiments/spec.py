"""Experiment files (``experiments/<name>.yaml``): loading, ``--quick`` merge, validation, hash.

An experiment file declares a study: its question, the indicators it looks at, the design of
runs (a list of points, a grid of factors or a sample of the uncertainties), the replications
with their root seed, and the analyses to run afterwards. Every problem found is reported at
once in a :class:`~sim.config.validate.ConfigError` naming the file, the key and the accepted
values, before anything is simulated.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.config.locations import EXPERIMENTS_DIR
from sim.config.validate import ConfigError

DESIGN_KINDS = ("list", "grid", "sample")
SAMPLE_METHODS = ("sobol", "morris", "lhs", "uniform")
ANALYSIS_KINDS = ("sobol", "morris", "prim")
DIRECTIONS = ("<=", "<", ">=", ">")
# Set by the experiment itself (root_seed, horizon_months): a point or base override may not.
RESERVED_KEYS = ("seed", "horizon_months")

TOP_KEYS = {
    "name": "short identifier (letters, digits, _ and -)",
    "question": "the question the study answers, one sentence",
    "description": "optional free text",
    "indicators": "list of summary.json indicators",
    "root_seed": "integer >= 0",
    "replications": "integer >= 1",
    "horizon_months": "integer >= 1",
    "base_overrides": "list of Hydra overrides 'key=value' applied to every run",
    "design": "mapping with kind: list | grid | sample",
    "analysis": "optional list of {kind: sobol|morris|prim, ...}",
    "quick": "optional mapping deep-merged over the file with --quick",
}
DESIGN_KEYS = {
    "list": ("kind", "points"),
    "grid": ("kind", "factors", "fixed"),
    "sample": ("kind", "method", "n", "uncertainties", "fixed", "seed"),
}

# Numeric indicators of summary.json (sim.engine.indicators.summarise); a test keeps this list equal to
# the keys of a real summary. Payer columns "net_cost_by_payer_eur.<payer>" are accepted too.
INDICATORS = (
    "volunteers_total",
    "hired_total",
    "trained_total",
    "coached_total",
    "ebe_fte_end",
    "subsidised_fte_end",
    "waitlist_peak",
    "waitlist_end",
    "months_to_exhaustivity",
    "fte_years",
    "public_spending_eur",
    "public_spending_per_fte_year",
    "ebe_cost_per_fte_year",
    "avoided_cost_per_fte_year",
    "net_public_cost_eur",
    "net_public_cost_per_fte_year",
    "activation_rate",
    "employment_effect_pp_24m",
    "displaced_fte_end",
    "displaced_sales_eur",
    "exits_to_ordinary_jobs",
    "participants_income_gain_eur_month",
    "participants_poverty_rate",
    "participants_poverty_rate_twin",
    "ebes_in_loss_end",
    "ebe_deficit_top_ups_eur",
    "ebe_surplus_taken_back_eur",
    "public_purchases_eur",
    "budget_total_eur",
    "budget_spent_share",
    "territories_total",
    "territories_selected",
    "territories_stopped",
    "activities_launched_end",
    "activities_refused_total",
    "jobs_created_total",
    "eval_gross_cost_per_fte_year",
    "eval_avoided_cost_per_fte_year",
    "eval_net_cost_per_fte_year",
    "startup_grant_per_job_created_eur",
    "counterfactual_employment_at_entry",
    "counterfactual_employment_24m",
    "participants_benefit_change_eur_month",
    "participants_earnings_change_eur_month",
    "price_base_year",
    "ledger_max_abs_imbalance_eur",
)
PAYER_INDICATOR_PREFIX = "net_cost_by_payer_eur."
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated experiment file.

    Attributes:
        name: Identifier, also the default results folder name.
        question: The question the study answers.
        indicators: Headline indicators (summary.json keys) shown in the summary and analysed by default.
        root_seed: Root of the replications' seeds (see :mod:`sim.experiments.seeds`).
        replications: Runs per design point, each with its own seed shared by every point.
        horizon_months: Months simulated by every run.
        base_overrides: Hydra overrides applied to every run, before the point's own.
        design: The ``design`` mapping (kind and its keys).
        analysis: The ``analysis`` entries, each a mapping with ``kind``.
        path: The file read (None for a specification given as a mapping).
        quick: Whether the ``quick`` section was merged in.
        resolved: The file's content after the merge, without ``quick`` (what the hash covers).
    """

    name: str
    question: str
    indicators: tuple[str, ...]
    root_seed: int
    replications: int
    horizon_months: int
    base_overrides: tuple[str, ...]
    design: dict[str, Any]
    analysis: tuple[dict[str, Any], ...]
    path: Path | None
    quick: bool = False
    resolved: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The design kind: list, grid or sample."""
        return self.design["kind"]

    @property
    def source(self) -> str:
        """How messages name the specification: its file, or the mapping it was given as."""
        return str(self.path) if self.path is not None else f"experiment {self.name!r} (given as a mapping)"

    @property
    def spec_hash(self) -> str:
        """SHA-256 of the resolved file (after ``--quick``), in canonical JSON."""
        return spec_hash(self.resolved, self.quick)

    @property
    def default_out(self) -> Path:
        """``results/experiments/<name>`` (or ``<name>-quick``)."""
        return Path("results") / "experiments" / (f"{self.name}-quick" if self.quick else self.name)


def spec_hash(resolved: dict[str, Any], quick: bool) -> str:
    """SHA-256 of a resolved experiment file and its quick flag, in canonical JSON."""
    canonical = json.dumps({"spec": resolved, "quick": quick}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` merged into a copy of ``base``: mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def find_spec(name_or_path: str | Path) -> Path:
    """The experiment file for a path, or for a bare name in ``experiments/``."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    for candidate in (EXPERIMENTS_DIR / f"{name_or_path}.yaml", EXPERIMENTS_DIR / str(name_or_path)):
        if candidate.is_file():
            return candidate
    known = ", ".join(sorted(p.stem for p in EXPERIMENTS_DIR.glob("*.yaml"))) or "none"
    raise ConfigError([f"{name_or_path}: no such experiment file (experiments in {EXPERIMENTS_DIR}: {known})"])


def load_spec(path: str | Path, quick: bool = False) -> ExperimentSpec:
    """Read, merge (``quick``) and validate an experiment file.

    Args:
        path: The YAML file, or the name of a file in ``experiments/``.
        quick: Deep-merge the file's ``quick`` section over it (small runs for CI).

    Returns:
        The validated specification.

    Raises:
        ConfigError: Listing every problem, each naming the file and key and the accepted values.
    """
    path = find_spec(path)
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError([f"{where}: not valid YAML: {error}"]) from error
    return parse_spec(raw, where, path, quick)


def parse_spec(raw: Any, where: str, path: Path | None = None, quick: bool = False) -> ExperimentSpec:
    """Validate the content of an experiment file (a mapping, as read from YAML or given in Python).

    Args:
        raw: The file's content.
        where: How problems name the file (its path, or a description of a mapping).
        path: The file, if there is one.
        quick: Deep-merge the ``quick`` section over it.

    Raises:
        ConfigError: Listing every problem, each naming ``where`` and the key and the accepted values.
    """
    if not isinstance(raw, dict):
        raise ConfigError([f"{where}: expected a mapping of keys ({', '.join(TOP_KEYS)}), got {type(raw).__name__}"])
    quick_section = raw.get("quick") or {}
    if not isinstance(quick_section, dict):
        raise ConfigError([f"{where}: quick: expected a mapping merged over the file, got {quick_section!r}"])
    if quick and not quick_section:
        raise ConfigError([f"{where}: --quick given but the file has no quick: section"])
    resolved = {k: v for k, v in raw.items() if k != "quick"}
    if quick:
        resolved = deep_merge(resolved, quick_section)
    problems = _check(resolved, where)
    problems += [
        f"{where}: quick.{key}: unknown key (accepted: {', '.join(TOP_KEYS)})"
        for key in quick_section
        if key not in TOP_KEYS or key == "quick"
    ]
    if problems:
        raise ConfigError(problems)
    return ExperimentSpec(
        name=resolved["name"],
        question=resolved["question"],
        indicators=tuple(resolved["indicators"]),
        root_seed=int(resolved["root_seed"]),
        replications=int(resolved["replications"]),
        horizon_months=int(resolved["horizon_months"]),
        base_overrides=tuple(resolved.get("base_overrides") or ()),
        design=dict(resolved["design"]),
        analysis=tuple(dict(a) for a in resolved.get("analysis") or ()),
        path=path,
        quick=quick,
        resolved=resolved,
    )


def is_indicator(name: Any) -> bool:
    """Whether ``name`` is a numeric summary.json indicator (or a payer's net cost column)."""
    return isinstance(name, str) and (name in INDICATORS or name.startswith(PAYER_INDICATOR_PREFIX))


def _int(value: Any, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


def _check(spec: dict[str, Any], where: str) -> list[str]:
    problems = [f"{where}: {key}: unknown key (accepted: {', '.join(TOP_KEYS)})" for key in spec if key not in TOP_KEYS]
    for key in ("name", "question", "indicators", "root_seed", "replications", "horizon_months", "design"):
        if key not in spec:
            problems.append(f"{where}: {key}: missing ({TOP_KEYS[key]})")
    if "name" in spec and not (isinstance(spec["name"], str) and _NAME.match(spec["name"])):
        problems.append(f"{where}: name = {spec['name']!r}: expected {TOP_KEYS['name']}")
    if "question" in spec and not (isinstance(spec["question"], str) and spec["question"].strip()):
        problems.append(f"{where}: question: expected {TOP_KEYS['question']}")
    for key, low in (("root_seed", 0), ("replications", 1), ("horizon_months", 1)):
        if key in spec and not _int(spec[key], low):
            problems.append(f"{where}: {key} = {spec[key]!r}: expected an integer >= {low}")
    if "indicators" in spec:
        indicators = spec["indicators"]
        if not isinstance(indicators, list) or not indicators:
            problems.append(f"{where}: indicators: expected a non-empty list of summary.json indicators")
        else:
            problems += _unknown_indicators(indicators, f"{where}: indicators")
    problems += _check_overrides(spec.get("base_overrides"), where)
    if "design" in spec:
        problems += _check_design(spec["design"], where)
    problems += _check_analysis(spec.get("analysis"), spec.get("design"), where)
    return problems


def _unknown_indicators(names: list[Any], where: str) -> list[str]:
    unknown = [n for n in names if not is_indicator(n)]
    if not unknown:
        return []
    return [
        f"{where}: unknown indicator(s) {', '.join(map(repr, unknown))} "
        f"(accepted: {', '.join(INDICATORS)}, or {PAYER_INDICATOR_PREFIX}<payer>)"
    ]


def _check_overrides(overrides: Any, where: str) -> list[str]:
    if overrides is None:
        return []
    if not isinstance(overrides, list) or not all(isinstance(o, str) and "=" in o for o in overrides):
        return [f"{where}: base_overrides = {overrides!r}: expected a list of Hydra overrides 'key=value'"]
    return [
        f"{where}: base_overrides: {o!r} sets {o.split('=')[0]}, which the experiment sets itself "
        "(use root_seed / horizon_months)"
        for o in overrides
        if o.split("=")[0].strip().lstrip("+~") in RESERVED_KEYS
    ]


def _check_mapping(mapping: Any, where: str) -> list[str]:
    if not isinstance(mapping, dict):
        return [f"{where}: expected a mapping override-key -> value, got {mapping!r}"]
    problems = []
    for key, value in mapping.items():
        if key in RESERVED_KEYS:
            problems.append(f"{where}.{key}: set by the experiment (root_seed / horizon_months), not by a point")
        if isinstance(value, (dict, list)):
            problems.append(f"{where}.{key} = {value!r}: expected a single value (number, string or boolean)")
    return problems


def _check_design(design: Any, where: str) -> list[str]:
    key = f"{where}: design"
    if not isinstance(design, dict) or design.get("kind") not in DESIGN_KINDS:
        kind = design.get("kind") if isinstance(design, dict) else design
        return [f"{key}.kind = {kind!r}: expected one of {', '.join(DESIGN_KINDS)}"]
    kind = design["kind"]
    problems = [
        f"{key}.{k}: unknown key for kind {kind} (accepted: {', '.join(DESIGN_KEYS[kind])})"
        for k in design
        if k not in DESIGN_KEYS[kind]
    ]
    if kind == "list":
        points = design.get("points")
        if not isinstance(points, list) or not points:
            problems.append(f"{key}.points: expected a non-empty list of mappings override-key -> value")
        else:
            for i, point in enumerate(points):
                problems += _check_mapping(point, f"{key}.points[{i}]")
    elif kind == "grid":
        factors = design.get("factors")
        if not isinstance(factors, dict) or not factors:
            problems.append(f"{key}.factors: expected a mapping override-key -> non-empty list of values")
        else:
            for name, values in factors.items():
                if name in RESERVED_KEYS:
                    problems.append(f"{key}.factors.{name}: set by the experiment, not a factor")
                if not isinstance(values, list) or not values or any(isinstance(v, (dict, list)) for v in values):
                    problems.append(f"{key}.factors.{name} = {values!r}: expected a non-empty list of values")
                elif len(set(map(repr, values))) != len(values):
                    problems.append(f"{key}.factors.{name} = {values!r}: values repeat")
        problems += _check_mapping(design.get("fixed") or {}, f"{key}.fixed")
    else:
        if design.get("method") not in SAMPLE_METHODS:
            problems.append(f"{key}.method = {design.get('method')!r}: expected one of {', '.join(SAMPLE_METHODS)}")
        if not _int(design.get("n"), 1):
            problems.append(f"{key}.n = {design.get('n')!r}: expected an integer >= 1 (base sample size)")
        names = design.get("uncertainties")
        if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
            problems.append(
                f"{key}.uncertainties = {names!r}: expected a list of names from configs/uncertainties.yaml"
            )
        if "seed" in design and not _int(design["seed"], 0):
            problems.append(f"{key}.seed = {design['seed']!r}: expected an integer >= 0")
        problems += _check_mapping(design.get("fixed") or {}, f"{key}.fixed")
    return problems


def _check_analysis(analysis: Any, design: Any, where: str) -> list[str]:
    if analysis is None:
        return []
    if not isinstance(analysis, list):
        return [f"{where}: analysis: expected a list of mappings with kind: {' | '.join(ANALYSIS_KINDS)}"]
    problems = []
    method = design.get("method") if isinstance(design, dict) and design.get("kind") == "sample" else None
    for i, entry in enumerate(analysis):
        key = f"{where}: analysis[{i}]"
        if not isinstance(entry, dict) or entry.get("kind") not in ANALYSIS_KINDS:
            kind = entry.get("kind") if isinstance(entry, dict) else entry
            problems.append(f"{key}.kind = {kind!r}: expected one of {', '.join(ANALYSIS_KINDS)}")
            continue
        kind = entry["kind"]
        if kind in ("sobol", "morris"):
            problems += [
                f"{key}.{k}: unknown key (accepted: kind, indicators)" for k in entry if k not in ("kind", "indicators")
            ]
            if method != kind:
                problems.append(
                    f"{key}: a {kind} analysis needs design kind: sample with method: {kind} (found {method!r})"
                )
            indicators = entry.get("indicators")
            if indicators is not None:
                if not isinstance(indicators, list) or not indicators:
                    problems.append(f"{key}.indicators: expected a non-empty list (default: the file's indicators)")
                else:
                    problems += _unknown_indicators(indicators, f"{key}.indicators")
        else:
            accepted = ("kind", "indicator", "threshold", "direction", "max_boxes", "threshold_peel", "min_coverage")
            problems += [
                f"{key}.{k}: unknown key (accepted: {', '.join(accepted)})" for k in entry if k not in accepted
            ]
            if method is None:
                problems.append(f"{key}: a prim analysis needs design kind: sample")
            problems += _unknown_indicators([entry.get("indicator")], f"{key}.indicator")
            threshold = entry.get("threshold")
            if not isinstance(threshold, (int, float)) or isinstance(threshold, bool):
                problems.append(f"{key}.threshold = {threshold!r}: expected a number")
            if entry.get("direction", "<=") not in DIRECTIONS:
                problems.append(
                    f"{key}.direction = {entry.get('direction')!r}: expected one of {', '.join(DIRECTIONS)}"
                )
            if "max_boxes" in entry and not _int(entry["max_boxes"], 1):
                problems.append(f"{key}.max_boxes = {entry['max_boxes']!r}: expected an integer >= 1")
    return problems
