"""Meaning checks on a composed configuration, run before any simulation.

Hydra and OmegaConf already refuse unknown keys and values of the wrong type. What they cannot
see is meaning: a share above 1, shares that do not sum to 1, a payer name that is not listed,
a date after the simulated horizon, an assumption without a range to explore. :func:`validate`
collects every such problem and raises one :class:`ConfigError` listing them all, so that a
user fixes a configuration in one pass rather than one error at a time.

Keys are written as Hydra overrides (``scenario.operators.0.payer``), so a reported key can be
pasted on the command line to fix it; ``[*]`` stands for "all items of the list".
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable
from typing import Any

from sim.accounts import PUBLIC_SERVICE_CATEGORIES
from sim.calendar import month_label, parse_month
from sim.config.errors import ConfigError
from sim.config.params import DatedParam, Param
from sim.config.schema import (
    AFTER_BUDGET_RULES,
    CONTRIBUTION_BASES,
    DESIGNS,
    EMPLOYER_KINDS,
    FUND_FINANCING_MODES,
    OPERATOR_KINDS,
    REGIMES,
    ROLLOUT_ORDERS,
    SELECTION_RULES,
    SHORTFALL_ACCOUNTS,
    TERRITORY_VARYING,
    OperatorKind,
    RunConfig,
)

SUM_TOLERANCE = 1e-6
# Routing fields a policy may leave empty (flows that only some countries have)
OPTIONAL_ROUTES = ("in_work_benefit", "solidarity_allowance", "reduction_compensation")
# 50 years: beyond that, yearly indexation and a fixed population stop meaning anything
MAX_HORIZON_MONTHS = 600
# The keyed random streams mix the seed in 64-bit arithmetic (sim.engine.random_streams), so seeds
# congruent modulo 2**64 would give the same draws; below 2**63 no two seeds alias, and every seed
# also fits the int64 columns of the results.
SEED_LIMIT = 2**63
JOB_OPERATOR_KINDS = tuple(kind for kind in OperatorKind if kind.is_job)
AGE_LIMITS = (15.0, 100.0)


def validate(cfg: RunConfig) -> None:
    """Check the meaning of a typed run configuration.

    Args:
        cfg: The object returned by :func:`sim.config.load.load_config`.

    Raises:
        ConfigError: listing every problem found, each with its dotted key and what is
            accepted.
    """
    problems: list[str] = []
    _walk(cfg, "", problems)
    for check in (
        _check_sums,
        _check_bands,
        _check_enumerations,
        _check_design,
        _check_payers,
        _check_dates,
        _check_other,
        _check_fixed_budget,
        _check_pipeline,
        _check_costing,
        _check_country,
    ):
        check(cfg, problems)
    if problems:
        raise ConfigError(problems)


# --------------------------------------------------------------------------- generic walk
def _walk(node: Any, key: str, problems: list[str]) -> None:
    """Check every Param and DatedParam of the tree, wherever it sits."""
    if isinstance(node, Param):
        _check_param(node, key, problems)
    elif isinstance(node, DatedParam):
        _check_dated(node, key, problems)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            _walk(getattr(node, field.name), _join(key, field.name), problems)
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            _walk(item, _join(key, str(index)), problems)
    elif isinstance(node, dict):
        for name, item in node.items():
            _walk(item, _join(key, str(name)), problems)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _is_number(value: Any) -> bool:
    # bool is an int subclass, but True is never meant as a quantity
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_value(value: Any, key: str, cls: type, problems: list[str]) -> None:
    """A finite number within the bounds of the parameter class."""
    if not _is_number(value) or not math.isfinite(value):
        problems.append(f"{key} = {value!r}: expected a finite number ({cls.kind})")
    elif not cls.lower <= value <= cls.upper:
        problems.append(f"{key} = {value!r}: expected {cls.kind}")
    elif getattr(cls, "whole", False) and not float(value).is_integer():
        problems.append(f"{key} = {value!r}: expected a {cls.kind} (the engine counts whole months)")


def _check_param(param: Param, key: str, problems: list[str]) -> None:
    _check_value(param.value, f"{key}.value", type(param), problems)
    if not str(param.unit).strip():
        problems.append(f"{key}.unit is empty: every value needs its unit")
    if not param.assumption and not str(param.source).strip():
        problems.append(f"{key}.source is empty: give a source, or set assumption: true with a range")
    if param.assumption or param.range is not None:
        rng = param.range
        valid = (
            rng is not None
            and len(rng) == 2
            and all(_is_number(x) and math.isfinite(x) for x in rng)
            and rng[0] <= rng[1]
        )
        if not valid:
            problems.append(
                f"{key}.range = {rng!r}: expected [low, high] with low <= high"
                + (" (required for an assumption)" if param.assumption else "")
            )


def _check_dated(param: DatedParam, key: str, problems: list[str]) -> None:
    cls = type(param)
    if not str(param.unit).strip():
        problems.append(f"{key}.unit is empty: every value needs its unit")
    if not str(param.source).strip():
        problems.append(f"{key}.source is empty: a dated rule needs its source")
    if not param.values:
        problems.append(f"{key}.values is empty: expected at least one {{start, value}}")
    previous: int | None = None
    for index, dated in enumerate(param.values):
        item = f"{key}.values.{index}"
        _check_value(dated.value, f"{item}.value", cls, problems)
        try:
            start = parse_month(dated.start)
        except ValueError as error:
            problems.append(f"{item}.start: {error}")
            continue
        if previous is not None and start <= previous:
            problems.append(
                f"{item}.start = {dated.start!r}: starts must be strictly increasing (after {month_label(previous)})"
            )
        previous = start


# --------------------------------------------------------------------------- specific checks
def _sum_to_one(key: str, values: Iterable[float], problems: list[str]) -> None:
    values = [v for v in values if _is_number(v) and math.isfinite(v)]
    total = math.fsum(values)
    if abs(total - 1.0) > SUM_TOLERANCE:
        problems.append(f"{key}: shares sum to {total:.6g}, expected 1 (within {SUM_TOLERANCE:g})")


def _mix_values(mix: Any) -> list[float]:
    return [getattr(mix, field.name).value for field in dataclasses.fields(mix)]


def _check_sums(cfg: RunConfig, problems: list[str]) -> None:
    territory, scenario = cfg.territory, cfg.scenario
    for name in ("qualification", "household", "entry_regime"):
        _sum_to_one(f"territory.{name}", _mix_values(getattr(territory, name)), problems)
    for name in ("long_duration_bands", "short_duration_bands", "age_bands"):
        shares = [band.share.value for band in getattr(territory, name)]
        _sum_to_one(f"territory.{name}[*].share", shares, problems)
    _sum_to_one(
        "territory.communes[*].jobseeker_weight",
        [commune.jobseeker_weight.value for commune in territory.communes],
        problems,
    )
    _sum_to_one(
        "scenario.volunteering.working_time[*].share",
        [choice.share.value for choice in scenario.volunteering.working_time],
        problems,
    )
    # under `savings` financing the fixed shares are not used, so they need not add up
    funding = cfg.policy.scheme_funding
    if funding is not None:
        _sum_to_one(
            "policy.scheme_funding.fund_shares",
            [share.value for share in funding.fund_shares.values()],
            problems,
        )
        _one_of("policy.scheme_funding.contribution_basis", funding.contribution_basis, CONTRIBUTION_BASES, problems)
    # an optional flow (France) the policy uses must name its payer
    for name in OPTIONAL_ROUTES:
        if getattr(cfg.policy, name, None) is not None and not getattr(cfg.policy.routing, name):
            problems.append(f"policy.routing.{name} is empty: policy.{name} needs a payer")
    if funding is None and scenario.fund is not None and scenario.fund.financing == "fixed_shares":
        _sum_to_one(
            "scenario.fund.fixed_shares",
            [share.value for share in scenario.fund.fixed_shares.values()],
            problems,
        )


def _check_bands(cfg: RunConfig, problems: list[str]) -> None:
    bands = {
        f"territory.{name}": getattr(cfg.territory, name)
        for name in ("long_duration_bands", "short_duration_bands", "age_bands")
    }
    bands["behaviour.age_multipliers"] = cfg.behaviour.age_multipliers
    ages = ("territory.age_bands", "behaviour.age_multipliers")
    for key, items in bands.items():
        for index, band in enumerate(items):
            item = f"{key}.{index}"
            if not band.low < band.high:
                problems.append(f"{item}: low = {band.low:g} and high = {band.high:g}, expected low < high")
            if key in ages and not (AGE_LIMITS[0] <= band.low and band.high <= AGE_LIMITS[1]):
                problems.append(
                    f"{item}: ages {band.low:g}-{band.high:g}, expected within [{AGE_LIMITS[0]:g}, {AGE_LIMITS[1]:g}]"
                )


def _one_of(key: str, value: Any, accepted: Iterable[str], problems: list[str]) -> None:
    accepted = tuple(accepted)
    if value not in accepted:
        problems.append(f"{key} = {value!r}: expected one of {', '.join(accepted)}")


def _check_enumerations(cfg: RunConfig, problems: list[str]) -> None:
    scenario = cfg.scenario
    _one_of("scenario.design", scenario.design, DESIGNS, problems)
    if scenario.fund is not None:
        _one_of(
            "scenario.fund.financing",
            scenario.fund.financing,
            FUND_FINANCING_MODES,
            problems,
        )
        _one_of(
            "scenario.fund.contribution_basis",
            scenario.fund.contribution_basis,
            CONTRIBUTION_BASES,
            problems,
        )
    for index, operator in enumerate(scenario.operators):
        key = f"scenario.operators.{index}"
        _one_of(f"{key}.kind", operator.kind, OPERATOR_KINDS, problems)
        _one_of(f"{key}.selection", operator.selection, SELECTION_RULES, problems)
        _one_of(f"{key}.requires_regime", operator.requires_regime, REGIMES, problems)


def _check_design(cfg: RunConfig, problems: list[str]) -> None:
    scenario = cfg.scenario
    design = scenario.design
    if design == "full_transposition":
        for part in ("fund", "ebe"):
            if getattr(scenario, part) is None:
                problems.append(f"scenario.{part} is null: the {design} design needs it")
    elif design == "existing_actors" and not scenario.operators:
        problems.append(f"scenario.operators is empty: the {design} design needs at least one operator")
    elif design == "status_quo":
        # the status quo is every run's twin: any instrument here would leak into the baseline
        for part in ("fund", "ebe"):
            if getattr(scenario, part) is not None:
                problems.append(f"scenario.{part}: expected null in the {design} design")
        if scenario.operators:
            problems.append(f"scenario.operators: expected none in the {design} design")


def _check_payers(cfg: RunConfig, problems: list[str]) -> None:
    names = [payer.name for payer in cfg.policy.payers]
    for index, name in enumerate(names):
        if not str(name).strip():
            problems.append(f"policy.payers.{index}.name is empty: every payer needs a name")
        elif names.index(name) != index:
            problems.append(f"policy.payers.{index}.name = {name!r}: payer names must be unique")
    listed = ", ".join(dict.fromkeys(names)) or "(none)"

    def check(key: str, name: str) -> None:
        if name not in names:
            problems.append(f"{key} = {name!r} is not a listed payer; policy.payers lists: {listed}")

    routing = cfg.policy.routing
    for field in dataclasses.fields(routing):
        # optional flows (France) may be left empty: the policy then has no such flow
        if field.name in OPTIONAL_ROUTES and not getattr(routing, field.name):
            continue
        check(f"policy.routing.{field.name}", getattr(routing, field.name))
    fund = cfg.scenario.fund
    funding = cfg.policy.scheme_funding
    if funding is not None:
        # the policy's legislated funding replaces the scenario fund's shares (sim.rules.scheme)
        for name in funding.fund_shares:
            check(f"policy.scheme_funding.fund_shares.{name}", name)
        if funding.residual_payer:
            check("policy.scheme_funding.residual_payer", funding.residual_payer)
    elif fund is not None:
        for name in fund.fixed_shares:
            check(f"scenario.fund.fixed_shares.{name}", name)
        # an empty residual payer means nobody covers a deficit: allowed
        if fund.residual_payer:
            check("scenario.fund.residual_payer", fund.residual_payer)
    for index, operator in enumerate(cfg.scenario.operators):
        key = f"scenario.operators.{index}"
        check(f"{key}.payer", operator.payer)
        if operator.kind not in JOB_OPERATOR_KINDS:
            continue
        if operator.shortfall is None:
            problems.append(
                f"{key}.shortfall is null: a {operator.kind} operator needs the payer of what its subsidy "
                f"leaves of the wage cost (a listed payer, or one of {', '.join(SHORTFALL_ACCOUNTS)})"
            )
        elif operator.shortfall.paid_by not in (*SHORTFALL_ACCOUNTS, *names):
            problems.append(
                f"{key}.shortfall.paid_by = {operator.shortfall.paid_by!r}: expected a listed payer "
                f"({listed}) or one of {', '.join(SHORTFALL_ACCOUNTS)}"
            )


def _check_dates(cfg: RunConfig, problems: list[str]) -> None:
    start: int | None = None
    try:
        start = parse_month(cfg.start)
    except ValueError as error:
        problems.append(f"start: {error}")
    horizon = cfg.horizon_months
    horizon_ok = isinstance(horizon, int) and not isinstance(horizon, bool) and 1 <= horizon <= MAX_HORIZON_MONTHS
    if not horizon_ok:
        problems.append(f"horizon_months = {horizon!r}: expected an integer from 1 to {MAX_HORIZON_MONTHS}")
    last = start + horizon - 1 if start is not None and horizon_ok else None

    insurance = cfg.policy.unemployment_insurance
    dates = {
        f"policy.unemployment_insurance.exclusion_waves.{i}.date": wave.date
        for i, wave in enumerate(insurance.exclusion_waves)
    }
    dates["policy.unemployment_insurance.time_limit_from"] = insurance.time_limit_from
    dates["policy.social_assistance.reform_late_application_from"] = (
        cfg.policy.social_assistance.reform_late_application_from
    )
    for key, text in dates.items():
        try:
            month = parse_month(text)
        except ValueError as error:
            problems.append(f"{key}: {error}")
            continue
        # earlier dates are fine (rules already in force at initialisation); later ones would
        # silently never apply
        if last is not None and month > last:
            problems.append(
                f"{key} = {text!r} is after the horizon's last month {month_label(last)} "
                "(start + horizon_months - 1); expected that month or earlier"
            )


def _check_other(cfg: RunConfig, problems: list[str]) -> None:
    if not isinstance(cfg.seed, int) or isinstance(cfg.seed, bool) or not 0 <= cfg.seed < SEED_LIMIT:
        problems.append(
            f"seed = {cfg.seed!r}: expected an integer from 0 to 2**63 - 1 = {SEED_LIMIT - 1} "
            "(the random streams reduce seeds modulo 2**64: larger ones would repeat smaller ones' draws)"
        )
    territory = cfg.territory
    if _is_number(territory.jobseekers.value) and territory.jobseekers.value < 1:
        problems.append(f"territory.jobseekers.value = {territory.jobseekers.value!r}: expected >= 1")
    if (
        cfg.scenario.design == "full_transposition"
        and _is_number(territory.ebe_count.value)
        and territory.ebe_count.value < 1
    ):
        problems.append(
            f"territory.ebe_count.value = {territory.ebe_count.value!r}: expected >= 1 in the full_transposition design"
        )
    _check_periods(cfg, problems)
    for index, choice in enumerate(cfg.scenario.volunteering.working_time):
        fte = choice.fte.value
        if _is_number(fte) and not 0 < fte <= 1:
            problems.append(
                f"scenario.volunteering.working_time.{index}.fte.value = {fte!r}: "
                "expected a share of full time in (0, 1]"
            )


def _check_periods(cfg: RunConfig, problems: list[str]) -> None:
    """Benefit periods must each be a proper interval, and no month may fall in two."""
    key = "policy.unemployment_insurance.periods"
    spans = []
    for index, period in enumerate(cfg.policy.unemployment_insurance.periods):
        first, last = period.first_month.value, period.last_month.value
        if not (_is_number(first) and _is_number(last)):
            continue
        if first > last:
            problems.append(
                f"{key}.{index}: first_month = {first:g} > last_month = {last:g}, expected first_month <= last_month"
            )
            continue
        spans.append((first, last, index))
    spans.sort()
    for (_, prev_last, prev_index), (first, last, index) in itertools.pairwise(spans):
        if first <= prev_last:
            problems.append(
                f"{key}.{index}: months {first:g}-{last:g} overlap period {prev_index} "
                f"(which ends at month {prev_last:g}); expected periods not to overlap"
            )


def _check_fixed_budget(cfg: RunConfig, problems: list[str]) -> None:
    """A `fixed_budget` fund needs its amount, a period that meets the horizon, and shares."""
    fund = cfg.scenario.fund
    if fund is None or fund.financing != "fixed_budget":
        return
    key = "scenario.fund"
    if fund.budget_eur is None:
        problems.append(f"{key}.budget_eur is null: financing fixed_budget needs the budget in EUR")
    months = None if fund.budget_months is None else fund.budget_months.value
    if months is None:
        problems.append(f"{key}.budget_months is null: financing fixed_budget needs the period's length in months")
    elif _is_number(months) and months < 1:
        problems.append(f"{key}.budget_months.value = {months!r}: expected a whole number of months >= 1")
    _one_of(f"{key}.after_budget", fund.after_budget, AFTER_BUDGET_RULES, problems)
    if fund.after_budget == "continue_existing" and not fund.residual_payer:
        problems.append(
            f"{key}.residual_payer is empty: after_budget = continue_existing needs the payer who takes over"
        )
    if cfg.policy.scheme_funding is None:
        _sum_to_one(f"{key}.fixed_shares", [share.value for share in fund.fixed_shares.values()], problems)
    if fund.budget_start:
        try:
            first = parse_month(fund.budget_start)
            start = parse_month(cfg.start)
        except ValueError as error:
            problems.append(f"{key}.budget_start: {error}")
            return
        if _is_number(months) and months >= 1 and isinstance(cfg.horizon_months, int):
            last = first + int(months) - 1
            if last < start or first > start + cfg.horizon_months - 1:
                problems.append(
                    f"{key}.budget_start = {fund.budget_start!r}: the budget period "
                    f"{month_label(first)} to {month_label(last)} misses the simulated months from {cfg.start} "
                    f"({cfg.horizon_months} months); set start inside it or budget_start empty (the run's start)"
                )


def _check_pipeline(cfg: RunConfig, problems: list[str]) -> None:
    """Parameters drawn per territory must exist; a roll-out list must give one month per EBE."""
    pipeline = cfg.pipeline
    accepted = ", ".join(TERRITORY_VARYING)
    for index, name in enumerate(pipeline.vary_by_territory):
        if name not in TERRITORY_VARYING:
            problems.append(f"pipeline.vary_by_territory.{index} = {name!r}: expected one of {accepted}")
    rollout = cfg.scenario.rollout
    if cfg.scenario.design != "full_transposition" or rollout is None:
        return
    _one_of("scenario.rollout.order", rollout.order, ROLLOUT_ORDERS, problems)
    months = list(rollout.opening_months)
    if months:
        count = max(1, int(round(cfg.territory.ebe_count.value))) if _is_number(cfg.territory.ebe_count.value) else 0
        if count and len(months) != count:
            problems.append(
                f"scenario.rollout.opening_months lists {len(months)} months, but territory {cfg.territory.name!r} "
                f"has {count} micro-territories (territory.ebe_count): give one month per territory, or [] for the pace"
            )
        bad = [m for m in months if not isinstance(m, int) or m < 0]
        if bad:
            problems.append(f"scenario.rollout.opening_months: {bad!r}: expected whole months >= 0 after the start")


def _check_costing(cfg: RunConfig, problems: list[str]) -> None:
    """Employer categories, public services, the operators' entry dates and shared costs."""
    wages = cfg.policy.wages
    if wages.belgium is not None:
        categories = ", ".join(wages.belgium.categories) or "(none)"
        for kind in EMPLOYER_KINDS:
            name = wages.employer_category.get(kind)
            if name is None:
                problems.append(f"policy.wages.employer_category.{kind} is missing: expected one of {categories}")
            elif name not in wages.belgium.categories:
                problems.append(
                    f"policy.wages.employer_category.{kind} = {name!r}: expected one of {categories} "
                    "(policy.wages.belgium.categories)"
                )
    names = [payer.name for payer in cfg.policy.payers]
    for index, service in enumerate(cfg.policy.public_services):
        key = f"policy.public_services.{index}"
        if service.name not in PUBLIC_SERVICE_CATEGORIES:
            accepted = ", ".join(sorted(PUBLIC_SERVICE_CATEGORIES))
            problems.append(f"{key}.name = {service.name!r}: expected one of {accepted}")
        if service.payer not in names:
            problems.append(
                f"{key}.payer = {service.payer!r} is not a listed payer; policy.payers lists: {', '.join(names)}"
            )
    for index, operator in enumerate(cfg.scenario.operators):
        key = f"scenario.operators.{index}"
        for field in ("open_from", "open_until"):
            text = getattr(operator, field)
            if text:
                try:
                    parse_month(text)
                except ValueError as error:
                    problems.append(f"{key}.{field}: {error}")
        if (operator.overheads or operator.sells_output) and cfg.scenario.supported_work is None:
            problems.append(
                f"{key}: overheads or sells_output need scenario.supported_work (the EBE's costs per post), "
                "which is null"
            )


def _check_country(cfg: RunConfig, problems: list[str]) -> None:
    """A territory runs under its own country's rules: French law on a Belgian territory (or the
    reverse) mixes benefit rules, payers and wages that describe no real place."""
    territory, policy = cfg.territory.country, cfg.policy.country
    if territory != policy:
        problems.append(
            f"policy.country = {str(policy)!r} but territory.country = {str(territory)!r}: policy "
            f"{cfg.policy.name!r} is the law of {policy}, territory {cfg.territory.name!r} is in {territory}; "
            f"choose a policy and a territory of the same country (the France reference is "
            f"territory=france_reference policy=france; see docs/refusals.md)"
        )
