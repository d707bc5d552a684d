"""``tzcld-rules``: what the rules give one household, in the spirit of OpenFisca's and
PolicyEngine's household calculators.

For a policy, a date, a household type and a working time it prints every amount the engine
computes for such a person: the payslip (gross, employer contributions and cost, employee
contributions, withholding, net), the RIS in work and out of work, the unemployment benefit, the
in-work benefit, the net income and the scheme's per-FTE contribution. Every amount comes from the
functions the engine calls (:func:`sim.rules.wages.payslip`, :func:`sim.rules.benefits.in_work_ris`,
...), on the configuration composed by Hydra as for a run (:func:`sim.config.load.load_config`).

Examples::

    tzcld-rules --policy belgium_2027 --date 2025-06 --household single --working-time 1.0 --json
    tzcld-rules --policy belgium_2027 --date 2027-03 --household head --working-time 0.5
    tzcld-rules --policy france --date 2025-06 --household single --working-time 1 --territory france_reference
    tzcld-rules --date 2026-04 --household single --working-time 1 --gross-month 2300 --employer ordinary

Bad input (an unknown policy, a date outside the rules' range, a working time outside (0, 1], an
unknown household or employer) exits with status 2 and a message naming the option and what is
accepted, without a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
from collections.abc import Iterator
from typing import Any

from hydra.errors import HydraException
from omegaconf.errors import OmegaConfBaseException

from sim.calendar import month_label, parse_month
from sim.config.errors import ConfigError
from sim.config.load import group_options, load_config
from sim.config.params import DatedParam
from sim.config.schema import EMPLOYER_KINDS, HOUSEHOLD_TYPES, RunConfig
from sim.config.validate import validate
from sim.rules import benefits, in_work_benefit, ris_reimbursement, scheme, wages
from sim.rules.indexation import amount_at

PROG = "tzcld-rules"


@dataclasses.dataclass(frozen=True)
class Household:
    """What the calculator is asked about.

    Attributes:
        date: Month (YYYY-MM) whose rules apply.
        household: ``head`` (with dependants), ``single`` or ``cohabitant``.
        working_time: Share of full time, in (0, 1].
        employer: Kind of employer (:data:`sim.config.schema.EMPLOYER_KINDS`).
        wage_ratio: Full-time wage as a multiple of the minimum wage (``None``: from ``gross_month``).
        gross_month: Gross wage of an ordinary month at the working time (``None``: from the ratio).
        other_income_month: Resources other than work a month (counted for the RIS).
        isp_months_used: Months of the RIS socio-professional exemption already used.
        benefit_month: Month of the unemployment spell for the benefit shown (1 = first).
        ris_application: Month (YYYY-MM) a person excluded by the reform applied for the RIS
            (empty: an ordinary RIS file).
    """

    date: str
    household: str
    working_time: float
    employer: str = "ebe"
    wage_ratio: float | None = None
    gross_month: float | None = None
    other_income_month: float = 0.0
    isp_months_used: int = 0
    benefit_month: int = 1
    ris_application: str = ""


def rules_range(cfg: RunConfig) -> tuple[int, int]:
    """First and last month the calculator accepts for this configuration.

    From the latest first date of the amounts that make up pay and income (the minimum wage, the
    RIS, the payroll rules, the in-work benefit: before it one of them would be extrapolated
    backwards) to the last month of the configured horizon (``start`` + ``horizon_months`` - 1).
    """
    policy = cfg.policy
    roots: list[Any] = [
        policy.wages.minimum_wage_month,
        policy.social_assistance.head,
        policy.social_assistance.single,
        policy.social_assistance.cohabitant,
        policy.wages.belgium,
        policy.in_work_benefit,
    ]
    firsts = [parse_month(param.values[0].start) for root in roots for param in _dated(root) if param.values]
    return max(firsts), parse_month(cfg.start) + cfg.horizon_months - 1


def _dated(node: Any) -> Iterator[DatedParam]:
    """Every dated rule in a configuration subtree."""
    if isinstance(node, DatedParam):
        yield node
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            yield from _dated(getattr(node, field.name))
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _dated(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _dated(item)


def check(cfg: RunConfig, policy_name: str, query: Household) -> int:
    """The absolute month of the query, or :class:`ConfigError` naming each bad option."""
    problems = []
    month = None
    try:
        month = parse_month(query.date)
    except ValueError as error:
        problems.append(f"--date: {error}")
    if month is not None:
        first, last = rules_range(cfg)
        if not first <= month <= last:
            problems.append(
                f"--date = {query.date!r} is outside the rules of policy {policy_name}: expected a month "
                f"from {month_label(first)} to {month_label(last)}"
            )
    if not 0.0 < query.working_time <= 1.0:
        problems.append(f"--working-time = {query.working_time!r}: expected a share of full time in (0, 1]")
    if query.household not in HOUSEHOLD_TYPES:
        problems.append(f"--household = {query.household!r}: expected one of {', '.join(HOUSEHOLD_TYPES)}")
    if query.employer not in EMPLOYER_KINDS:
        problems.append(f"--employer = {query.employer!r}: expected one of {', '.join(EMPLOYER_KINDS)}")
    if query.wage_ratio is not None and query.gross_month is not None:
        problems.append("--wage-ratio and --gross-month: give one or the other")
    if query.wage_ratio is not None and query.wage_ratio <= 0:
        problems.append(f"--wage-ratio = {query.wage_ratio!r}: expected a multiple of the minimum wage > 0")
    if query.gross_month is not None and query.gross_month <= 0:
        problems.append(f"--gross-month = {query.gross_month!r}: expected a gross monthly wage > 0")
    if query.other_income_month < 0:
        problems.append(f"--other-income-month = {query.other_income_month!r}: expected an amount >= 0")
    if query.isp_months_used < 0:
        problems.append(f"--isp-months-used = {query.isp_months_used!r}: expected a number of months >= 0")
    if query.benefit_month < 1:
        problems.append(f"--benefit-month = {query.benefit_month!r}: expected a month of the spell >= 1")
    if query.ris_application:
        try:
            parse_month(query.ris_application)
        except ValueError as error:
            problems.append(f"--ris-application: {error}")
    if problems:
        raise ConfigError(problems)
    return month


def compute(cfg: RunConfig, query: Household, month: int) -> dict[str, float | str]:
    """Every amount of the rules for the household, in euros (``*_month``: a month, ``*_year``:
    the year at this date's rules)."""
    policy = cfg.policy
    household = HOUSEHOLD_TYPES.index(query.household)
    minimum = wages.minimum_wage(policy, month)
    ratio = query.wage_ratio
    if ratio is None:
        ratio = 1.0 if query.gross_month is None else query.gross_month / (minimum * query.working_time)
    slip = wages.payslip(
        policy, month, wage_ratio=ratio, working_time=query.working_time, employer=query.employer, household=household
    )
    net_average = slip.net_year / 12.0
    sa = policy.social_assistance
    exemption_months = benefits.isp_exemption_months(policy)
    exemption_active = query.isp_months_used < exemption_months
    ris_in_work = float(
        benefits.in_work_ris(policy, month, household, net_average, query.other_income_month, exemption_active)
    )
    ris_rate = float(benefits.ris_amounts(policy, month)[household])
    ris_jobless = ris_rate
    if sa.isp_exemption is not None:
        ris_jobless = float(benefits.in_work_ris(policy, month, household, 0.0, query.other_income_month, False))
    excluded = bool(query.ris_application)
    application = parse_month(query.ris_application) if excluded else -1
    reimbursement = float(ris_reimbursement.reimbursement_rates(policy, cfg.territory, month, excluded, application))
    insurance = float(benefits.insurance_amount(policy, month, query.benefit_month, household))
    in_work = 0.0
    expected_in_work = 0.0
    if policy.in_work_benefit is not None:
        expected_in_work = float(in_work_benefit.monthly_amounts(policy, month, [net_average])[0])
        takeup = policy.in_work_benefit.takeup.value
        in_work = expected_in_work / takeup if takeup > 0 else 0.0
    legislated = scheme.legislated_scenario(cfg.scenario, policy)
    contribution = 0.0
    if legislated.fund is not None:
        contribution = scheme.contribution_per_fte(legislated.fund, wages.pay_per_fte(policy, month))
    isp = amount_at(sa.isp_exemption, policy, month) if sa.isp_exemption is not None else 0.0
    return {
        "policy": policy.name,
        "date": month_label(month),
        "household": query.household,
        "working_time": query.working_time,
        "employer": query.employer,
        "employer_category": wages.employer_category(policy, query.employer),
        "minimum_wage_month": minimum,
        "wage_ratio": ratio,
        "gross_wage_month": slip.gross_month,
        "thirteenth_month": slip.thirteenth_month,
        "holiday_pay": slip.holiday_pay,
        "gross_wage_year": slip.gross_year,
        "employer_contributions_month": slip.employer_contributions_month,
        "structural_reduction_quarter": slip.structural_reduction_quarter,
        "employer_contributions_year": slip.employer_contributions_year,
        "employer_cost_year": slip.employer_cost_year,
        "employee_contributions_month": slip.employee_contributions_month,
        "work_bonus_month": slip.work_bonus_month,
        "employee_contributions_year": slip.employee_contributions_year,
        "special_contribution_month": slip.special_contribution_month,
        "income_tax_month": slip.income_tax_month,
        "thirteenth_month_tax": slip.thirteenth_month_tax,
        "holiday_pay_tax": slip.holiday_pay_tax,
        "income_tax_year": slip.income_tax_year,
        "net_wage_month": slip.net_month,
        "net_wage_year": slip.net_year,
        "net_wage_average_month": net_average,
        "isp_exemption_month": isp if exemption_active else 0.0,
        "ris_month": ris_in_work,
        "ris_rate_month": ris_rate,
        "ris_if_jobless_month": ris_jobless,
        "ris_reimbursement_share": reimbursement,
        "unemployment_benefit_month": insurance,
        "in_work_benefit_month": in_work,
        "in_work_benefit_expected_month": expected_in_work,
        "net_income_month": net_average + ris_in_work + in_work,
        "scheme_contribution_month": contribution,
        "scheme_contribution_year": 12.0 * contribution,
    }


LABELS = {
    "gross_wage_month": "gross wage, ordinary month",
    "thirteenth_month": "end-of-year premium (gross)",
    "holiday_pay": "double holiday pay (gross)",
    "gross_wage_year": "gross pay of the year",
    "employer_contributions_month": "employer contributions, ordinary month",
    "structural_reduction_quarter": "contribution reduction, ordinary quarter",
    "employer_contributions_year": "employer contributions of the year",
    "employer_cost_year": "employer cost of the year",
    "employee_contributions_month": "employee contributions, ordinary month",
    "work_bonus_month": "work bonus granted, ordinary month",
    "employee_contributions_year": "employee contributions of the year",
    "special_contribution_month": "special social security contribution (CSSS)",
    "income_tax_month": "withholding tax, ordinary month",
    "thirteenth_month_tax": "withholding on the end-of-year premium",
    "holiday_pay_tax": "withholding on the holiday pay",
    "income_tax_year": "withholding tax of the year",
    "net_wage_month": "net wage, ordinary month",
    "net_wage_year": "net pay of the year",
    "net_wage_average_month": "net pay a month, year's average",
    "isp_exemption_month": "RIS socio-professional exemption",
    "ris_month": "RIS received at this working time",
    "ris_rate_month": "RIS rate of the household",
    "ris_if_jobless_month": "RIS if jobless (other income counted)",
    "ris_reimbursement_share": "federal share of the RIS file",
    "unemployment_benefit_month": "unemployment benefit if jobless",
    "in_work_benefit_month": "in-work benefit (prime d'activite)",
    "in_work_benefit_expected_month": "in-work benefit x take-up (the engine's)",
    "net_income_month": "net income a month",
    "scheme_contribution_month": "scheme's per-FTE contribution a month",
    "scheme_contribution_year": "scheme's per-FTE contribution a year",
}


def format_table(result: dict[str, float | str]) -> str:
    """The amounts as a two-column text table."""
    head = (
        f"{PROG}: policy {result['policy']}, {result['date']}, household {result['household']}, "
        f"working time {result['working_time']:g}, employer {result['employer']} "
        f"(category {result['employer_category']}), minimum wage {result['minimum_wage_month']:,.2f} EUR/month"
    )
    width = max(len(label) for label in LABELS.values())
    lines = [head, ""]
    for key, label in LABELS.items():
        value = result[key]
        shown = f"{value:.4f}" if key == "ris_reimbursement_share" else f"{value:,.2f}"
        lines.append(f"{label:<{width}}  {shown:>12}  {key}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", default="belgium_2027", help="policy option (configs/policy)")
    parser.add_argument("--date", required=True, help="month whose rules apply, YYYY-MM")
    parser.add_argument("--household", required=True, help=f"one of {', '.join(HOUSEHOLD_TYPES)}")
    parser.add_argument("--working-time", type=float, required=True, help="share of full time, in (0, 1]")
    parser.add_argument("--employer", default="ebe", help=f"kind of employer: {', '.join(EMPLOYER_KINDS)}")
    parser.add_argument("--wage-ratio", type=float, default=None, help="full-time wage / minimum wage")
    parser.add_argument("--gross-month", type=float, default=None, help="gross wage of an ordinary month")
    parser.add_argument("--other-income-month", type=float, default=0.0, help="other resources a month (RIS)")
    parser.add_argument("--isp-months-used", type=int, default=0, help="months of the RIS exemption used")
    parser.add_argument("--benefit-month", type=int, default=1, help="month of the unemployment spell (1 = first)")
    parser.add_argument("--ris-application", default="", help="YYYY-MM of a RIS application after an exclusion")
    parser.add_argument("--territory", default="pilot", help="territory option (sets the CPAS's reimbursement)")
    parser.add_argument("--scenario", default="full_transposition", help="scenario option (the per-FTE contribution)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. policy.indexation_per_year.value=0.03")
    return parser.parse_args(argv)


@functools.lru_cache(maxsize=16)
def _composed(overrides: tuple[str, ...]) -> RunConfig:
    """The composed and validated configuration (cached: the calculator only reads it)."""
    cfg = load_config(list(overrides))
    validate(cfg)
    return cfg


def run(args: argparse.Namespace) -> dict[str, float | str]:
    """Compose, check and compute; raises :class:`ConfigError` for bad input."""
    policies = group_options("policy")
    if args.policy not in policies:
        raise ConfigError([f"--policy = {args.policy!r}: no such policy; expected one of {', '.join(policies)}"])
    overrides = (f"policy={args.policy}", f"territory={args.territory}", f"scenario={args.scenario}", *args.overrides)
    try:
        cfg = _composed(overrides)
    except (HydraException, OmegaConfBaseException) as error:
        raise ConfigError([str(error).splitlines()[0]]) from error
    query = Household(**{field.name: getattr(args, field.name) for field in dataclasses.fields(Household)})
    month = check(cfg, args.policy, query)
    return compute(cfg, query, month)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``tzcld-rules``; returns the exit status."""
    args = parse_args(argv)
    try:
        result = run(args)
    except ConfigError as error:
        print(f"{PROG}: invalid input, nothing was computed.\n{error}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
