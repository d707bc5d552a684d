"""Wages and what employers and workers pay on them (Belgian structural reduction or French general
reduction)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.schema import PolicyConfig
from sim.rules.indexation import amount_at


@dataclass(frozen=True)
class PayPerFte:
    """Monthly amounts for one full-time equivalent at a given wage, averaged over the year.

    Attributes:
        gross: Gross wage including the 13th month and holiday pay, spread over 12 months.
        employer_contribution: Employer social contributions after the structural reduction.
        employee_contribution: Employee social contributions (after the work bonus).
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


def minimum_wage(policy: PolicyConfig, month_index: int) -> float:
    """Full-time gross minimum wage (one of the 12 ordinary monthly wages)."""
    return amount_at(policy.wages.minimum_wage_month, policy, month_index)


def structural_reduction_quarter(policy: PolicyConfig, quarterly_wage: float) -> float:
    """Employer contribution reduction per full-time quarter for a quarterly wage S.

    R = 0.14 x (10,797.67 - S) + 0.40 x (6,807.18 - S), each term only where positive.
    """
    w = policy.wages
    low = w.reduction_coef_low.value * max(0.0, w.reduction_threshold_low_quarter.value - quarterly_wage)
    very_low = w.reduction_coef_very_low.value * max(0.0, w.reduction_threshold_very_low_quarter.value - quarterly_wage)
    return low + very_low


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


def pay_per_fte(policy: PolicyConfig, month_index: int, wage_ratio: float = 1.0, market: bool = False) -> PayPerFte:
    """Monthly pay of one FTE paid ``wage_ratio`` times the minimum wage.

    Part-time work scales every amount by the working time, the structural reduction included
    (it is granted pro rata of the working time on the full-time wage).
    """
    w = policy.wages
    monthly_wage = minimum_wage(policy, month_index) * wage_ratio
    gross = monthly_wage * w.annual_pay_months.value / 12.0
    rate = (w.employer_rate_market if market else w.employer_rate_nonmarket).value
    if w.general_reduction_max is None:
        reduction_month = structural_reduction_quarter(policy, 3.0 * monthly_wage) / 3.0
    else:
        reduction_month = general_reduction_rate(policy, wage_ratio) * gross
    before_reduction = rate * gross
    employer_contribution = max(0.0, before_reduction - reduction_month)
    return PayPerFte(
        gross=gross,
        employer_contribution=employer_contribution,
        employee_contribution=gross * w.employee_contribution_rate.value,
        income_tax=gross * w.income_tax_rate.value,
        reduction=before_reduction - employer_contribution,
    )
