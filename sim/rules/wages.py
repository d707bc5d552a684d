"""Wages and what employers and workers pay on them: one worker's payslip over a year.

Under Belgian rules (``policy.wages.belgium``) a white-collar worker is paid 12 ordinary months,
an end-of-year premium in December and the double holiday pay in May. The employer pays the
contributions of its category (``policy.wages.employer_category``) on the ordinary months and
the premium, less the structural reduction computed quarter by quarter (the premium enters the
fourth quarter's wage); the worker pays 13.07 % less the work bonus on ordinary months, 13.07 %
on the premium (less the bonus left over in December) and on 85/92 of the holiday pay, the
withholding tax (key formula on ordinary months, flat rates on the premium and the holiday pay)
and the special social security contribution.

Under French rules (``belgium`` is None) flat rates apply: the employer rate less the general
reduction, and the employee and tax rates at the SMIC, on ``annual_pay_months`` monthly wages.

:func:`payslip` is the one computation: the engine posts its yearly amounts spread over 12 months
(:func:`pay_per_fte`, :func:`mixed_pay_per_fte`) and ``tzcld-rules`` prints it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from sim.config.schema import BelgianPayroll, PolicyConfig
from sim.rules import contributions, withholding
from sim.rules.benefits import HOUSEHOLD_KEYS
from sim.rules.indexation import amount_at

SINGLE = HOUSEHOLD_KEYS.index("single")
# Employer kinds paid at the market wage by market firms (France: at the market rate).
MARKET_EMPLOYERS = ("ordinary", "hiring_aid")


@dataclass(frozen=True)
class PayPerFte:
    """Monthly amounts for one full-time equivalent, averaged over the year.

    Attributes:
        gross: Gross wage including the 13th month and holiday pay, spread over 12 months.
        employer_contribution: Employer social contributions after reductions.
        employee_contribution: Employee social contributions (after the work bonus, CSSS included).
        income_tax: Income tax withheld.
        reduction: The reduction of employer contributions granted (what the employer would pay
            on top without it), for the by-payer accounting convention.
    """

    gross: float
    employer_contribution: float
    employee_contribution: float
    income_tax: float
    reduction: float = 0.0

    @property
    def net(self) -> float:
        """Net wage paid to the worker."""
        return self.gross - self.employee_contribution - self.income_tax

    @property
    def employer_cost(self) -> float:
        """What the employer pays in all: gross wage plus employer contributions."""
        return self.gross + self.employer_contribution


@dataclass(frozen=True)
class Payslip:
    """One worker's pay over a year at a working time (euros; ``*_month`` for an ordinary month).

    Attributes:
        working_time: Share of full time.
        gross_month: Gross wage of an ordinary month.
        thirteenth_month: End-of-year premium (gross).
        holiday_pay: Double holiday pay (gross).
        gross_year: All gross pay of the year.
        employer_contributions_month: Employer contributions of an ordinary month (a quarter
            without the premium, over 3).
        structural_reduction_quarter: Reduction granted in such a quarter (France: the general
            reduction of three months).
        employer_contributions_year: Employer contributions of the year.
        reduction_year: Reduction of employer contributions granted over the year (what the
            employer would pay on top without it).
        employee_contributions_month: Worker's contributions of an ordinary month after the bonus.
        work_bonus_month: Social work bonus granted in an ordinary month.
        employee_contributions_year: Worker's social contributions of the year (CSSS apart).
        income_tax_month: Withholding of an ordinary month.
        thirteenth_month_tax: Withholding on the premium.
        holiday_pay_tax: Withholding on the holiday pay.
        income_tax_year: Withholding of the year.
        special_contribution_month: CSSS of a month.
        special_contribution_year: CSSS of the year.
    """

    working_time: float
    gross_month: float
    thirteenth_month: float
    holiday_pay: float
    gross_year: float
    employer_contributions_month: float
    structural_reduction_quarter: float
    employer_contributions_year: float
    reduction_year: float
    employee_contributions_month: float
    work_bonus_month: float
    employee_contributions_year: float
    income_tax_month: float
    thirteenth_month_tax: float
    holiday_pay_tax: float
    income_tax_year: float
    special_contribution_month: float
    special_contribution_year: float

    @property
    def net_month(self) -> float:
        """Net pay of an ordinary month."""
        return (
            self.gross_month
            - self.employee_contributions_month
            - self.income_tax_month
            - self.special_contribution_month
        )

    @property
    def net_year(self) -> float:
        """Net pay of the year."""
        return (
            self.gross_year - self.employee_contributions_year - self.income_tax_year - self.special_contribution_year
        )

    @property
    def employer_cost_year(self) -> float:
        """Gross pay plus employer contributions over the year."""
        return self.gross_year + self.employer_contributions_year

    def per_fte(self) -> PayPerFte:
        """The year's amounts as a monthly average per full-time equivalent."""
        per = 12.0 * self.working_time
        return PayPerFte(
            gross=self.gross_year / per,
            employer_contribution=self.employer_contributions_year / per,
            employee_contribution=(self.employee_contributions_year + self.special_contribution_year) / per,
            income_tax=self.income_tax_year / per,
            reduction=self.reduction_year / per,
        )


def minimum_wage(policy: PolicyConfig, month_index: int) -> float:
    """Full-time gross minimum wage (one of the 12 ordinary monthly wages)."""
    return amount_at(policy.wages.minimum_wage_month, policy, month_index)


def employer_category(policy: PolicyConfig, employer: str) -> str:
    """The contribution category of a kind of employer (``ebe``, ``article60``, ``ordinary``...).

    Belgium: ``policy.wages.employer_category``. France: ``market`` for market firms, else
    ``nonmarket``.
    """
    if policy.wages.belgium is None:
        return "market" if employer in MARKET_EMPLOYERS else "nonmarket"
    return policy.wages.employer_category[employer]


def general_reduction_rate(policy: PolicyConfig, wage_ratio: float) -> float:
    """French general reduction of employer contributions, as a share of gross pay.

    CSS L241-13 and D241-7: C = T / 0.6 x (1.6 x SMIC / wage - 1), between 0 and T, for a wage
    ``wage_ratio`` times the SMIC (0 when the policy has no general reduction).
    """
    w = policy.wages
    if w.general_reduction_max is None or wage_ratio <= 0:
        return 0.0
    top = w.general_reduction_max.value
    ceiling = w.general_reduction_ceiling.value if w.general_reduction_ceiling is not None else 1.6
    return min(top, max(0.0, top / 0.6 * (ceiling / wage_ratio - 1.0)))


def payslip(
    policy: PolicyConfig,
    month_index: int,
    *,
    wage_ratio: float = 1.0,
    working_time: float = 1.0,
    employer: str = "ebe",
    household: int = SINGLE,
) -> Payslip:
    """The year's pay of one worker paid ``wage_ratio`` times the minimum wage at ``working_time``.

    Args:
        policy: The rules in force at ``month_index`` (amounts dated and indexed).
        month_index: Absolute month whose rules apply to the whole year.
        wage_ratio: Full-time wage as a multiple of the minimum wage.
        working_time: Share of full time, in (0, 1].
        employer: Kind of employer (see :data:`sim.config.schema.EMPLOYER_KINDS`).
        household: Household code (:data:`sim.rules.benefits.HOUSEHOLD_KEYS`); it sets the
            withholding of a head of household.
    """
    monthly = minimum_wage(policy, month_index) * wage_ratio * working_time
    category = employer_category(policy, employer)
    if policy.wages.belgium is None:
        return _flat_payslip(policy, monthly, wage_ratio, working_time, category)
    return _belgian_payslip(policy, policy.wages.belgium, month_index, monthly, working_time, category, household)


def _flat_payslip(policy: PolicyConfig, monthly: float, wage_ratio: float, mu: float, category: str) -> Payslip:
    w = policy.wages
    gross_year = monthly * w.annual_pay_months.value
    rate = (w.employer_rate_market if category == "market" else w.employer_rate_nonmarket).value
    reduction = min(rate, general_reduction_rate(policy, wage_ratio))
    employer_rate = rate - reduction
    employee, tax = w.employee_contribution_rate.value, w.income_tax_rate.value
    return Payslip(
        working_time=mu,
        gross_month=monthly,
        thirteenth_month=0.0,
        holiday_pay=0.0,
        gross_year=gross_year,
        employer_contributions_month=employer_rate * monthly,
        structural_reduction_quarter=3.0 * reduction * monthly,
        employer_contributions_year=employer_rate * gross_year,
        reduction_year=reduction * gross_year,
        employee_contributions_month=employee * monthly,
        work_bonus_month=0.0,
        employee_contributions_year=employee * gross_year,
        income_tax_month=tax * monthly,
        thirteenth_month_tax=0.0,
        holiday_pay_tax=0.0,
        income_tax_year=tax * gross_year,
        special_contribution_month=0.0,
        special_contribution_year=0.0,
    )


def _belgian_payslip(
    policy: PolicyConfig,
    payroll: BelgianPayroll,
    month_index: int,
    monthly: float,
    mu: float,
    category_name: str,
    household: int,
) -> Payslip:
    premium = payroll.end_of_year_premium_months.value * monthly
    holiday = payroll.double_holiday_pay_months.value * monthly

    # Employer: three quarters of ordinary pay, and a fourth with the premium in it.
    category = payroll.categories[category_name]
    (quarter, reduction), (fourth, fourth_reduction) = contributions.employer_contributions_quarters(
        policy, payroll, category, month_index, [3.0 * monthly, 3.0 * monthly + premium], mu
    )

    # Worker: ordinary months after the bonus; the premium with what is left of the bonus in
    # December; the holiday pay's special contribution on 85/92 of it.
    ordinary, unused_bonus = contributions.employee_contributions(policy, payroll, month_index, monthly, mu)
    rate = payroll.employee_rate.value
    premium_contributions = max(0.0, rate * premium - unused_bonus)
    holiday_contributions = rate * payroll.holiday_pay_contribution_share.value * holiday

    # Withholding: key formula on ordinary months, flat rates on the premium and the holiday pay.
    rules = payroll.tax
    taxable = monthly - ordinary.paid
    fiscal_bonus = (
        payroll.work_bonus_a.fiscal_share.at(month_index) * ordinary.bonus_a
        + payroll.work_bonus_b.fiscal_share.at(month_index) * ordinary.bonus_b
    )
    base = withholding.base_withholding_month(policy, rules, month_index, taxable, household)
    tax_month = max(0.0, base - fiscal_bonus)
    annual = 12.0 * taxable
    premium_tax = withholding.exceptional_rate(policy, rules, month_index, annual, household, holiday=False) * (
        premium - premium_contributions
    )
    holiday_tax = withholding.exceptional_rate(policy, rules, month_index, annual, household, holiday=True) * (
        holiday - holiday_contributions
    )
    special = contributions.special_contribution_month(payroll.special_contribution, monthly)
    return Payslip(
        working_time=mu,
        gross_month=monthly,
        thirteenth_month=premium,
        holiday_pay=holiday,
        gross_year=12.0 * monthly + premium + holiday,
        employer_contributions_month=quarter / 3.0,
        structural_reduction_quarter=reduction,
        employer_contributions_year=3.0 * quarter + fourth,
        reduction_year=3.0 * reduction + fourth_reduction,
        employee_contributions_month=ordinary.paid,
        work_bonus_month=ordinary.bonus,
        employee_contributions_year=12.0 * ordinary.paid + premium_contributions + holiday_contributions,
        income_tax_month=tax_month,
        thirteenth_month_tax=premium_tax,
        holiday_pay_tax=holiday_tax,
        income_tax_year=12.0 * tax_month + premium_tax + holiday_tax,
        special_contribution_month=special,
        special_contribution_year=12.0 * special,
    )


def pay_per_fte(
    policy: PolicyConfig,
    month_index: int,
    wage_ratio: float = 1.0,
    market: bool = False,
    *,
    working_time: float = 1.0,
    employer: str | None = None,
    household: int = SINGLE,
) -> PayPerFte:
    """Monthly pay per FTE of workers paid ``wage_ratio`` times the minimum wage at ``working_time``.

    ``employer`` names the kind of employer (default: an EBE, or an ordinary firm when
    ``market``). Part-time work is not proportional: the structural reduction and the work bonus
    favour it, and the withholding is progressive.
    """
    kind = employer or ("ordinary" if market else "ebe")
    slip = payslip(
        policy, month_index, wage_ratio=wage_ratio, working_time=working_time, employer=kind, household=household
    )
    return slip.per_fte()


def mix(pays: list[PayPerFte], fte: list[float]) -> PayPerFte:
    """FTE-weighted average of several groups' pay per FTE (the first when there is no FTE)."""
    total = float(sum(fte))
    if total <= 0:
        return pays[0]
    return PayPerFte(
        **{
            field.name: sum(getattr(pay, field.name) * weight for pay, weight in zip(pays, fte, strict=True)) / total
            for field in dataclasses.fields(PayPerFte)
        }
    )


def pairs(working_time: np.ndarray, household: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (working time, household) pairs of a group of workers.

    Returns:
        (working times, households) of the pairs in a fixed order, and each worker's pair.
    """
    wt = np.asarray(working_time, dtype=np.float64)
    hh = np.asarray(household, dtype=np.int64)
    if wt.size == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = np.round(wt * 1e6).astype(np.int64) * 8 + hh
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return wt[first], hh[first], inverse
