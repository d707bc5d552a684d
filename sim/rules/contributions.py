"""Belgian social contributions on a wage: the employer's (by category, after the structural
reduction) and the worker's (after the social work bonus), and the special social security
contribution (CSSS).

All amounts are for one worker paid ``monthly`` euros a month at working time ``mu`` (share of
full time), whose full-time-equivalent wage is ``monthly / mu``. The structural reduction is
computed per quarter on the full-time-equivalent quarterly wage and scaled for part-time work by
the coefficient beta_s; the work bonus is computed on the full-time-equivalent monthly wage and
scaled by ``mu``. Sources of every parameter: ``configs/policy/belgium_2027.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.schema import (
    BelgianPayroll,
    EmployerCategory,
    PartTimeReduction,
    PolicyConfig,
    SpecialContributionBand,
    StructuralReduction,
)
from sim.rules.indexation import amount_at


def structural_reduction_quarter(
    policy: PolicyConfig, rule: StructuralReduction, month_index: int, quarterly_wage: float
) -> float:
    """Reduction R for one full-time quarter paid ``quarterly_wage`` (S), each term where positive.

    R = F + alpha x (S0 - S)+ + gamma x (S2 - S)+ + delta x (S - S1)+ (Securex Lex4you, "Le calcul
    du montant de reduction theorique"; coefficients and thresholds dated in the policy).
    """
    return _reduction(_terms(policy, rule, month_index), quarterly_wage)


def _terms(policy: PolicyConfig, rule: StructuralReduction, month_index: int) -> tuple[float, ...]:
    """The formula's values in force: F, alpha, S0, gamma, S2, delta, S1."""
    params = (
        rule.flat,
        rule.alpha,
        rule.s0,
        rule.gamma,
        rule.s2,
        rule.delta,
        rule.s1,
    )
    return tuple(amount_at(param, policy, month_index) for param in params)


def _reduction(terms: tuple[float, ...], wage: float) -> float:
    flat, low_coef, low, very_low_coef, very_low, high_coef, high = terms
    return (
        flat
        + low_coef * max(0.0, low - wage)
        + very_low_coef * max(0.0, very_low - wage)
        + high_coef * max(0.0, wage - high)
    )


def part_time_share(rule: PartTimeReduction, working_time: float) -> float:
    """Share of the full-time reduction R granted at ``working_time`` (mu x beta_s)."""
    mu = working_time
    if mu >= rule.full_from.value:
        return 1.0
    if mu >= rule.mid_from.value:
        return mu * (rule.base.value + rule.slope.value * (mu - rule.mid_from.value))
    if mu >= rule.min_from.value:
        return mu * rule.base.value
    return 0.0


def employer_contributions_quarters(
    policy: PolicyConfig,
    payroll: BelgianPayroll,
    category: EmployerCategory,
    month_index: int,
    quarter_wages: list[float],
    working_time: float,
) -> list[tuple[float, float]]:
    """Employer contributions of quarters and the structural reduction granted in each.

    Args:
        policy: The rules in force.
        payroll: The Belgian payroll rules.
        category: The employer's contribution category.
        month_index: Absolute month (dates the thresholds).
        quarter_wages: Wages of each quarter subject to ordinary contributions.
        working_time: Share of full time.

    Returns:
        For each quarter, (contributions after the reduction, reduction granted). The reduction
        is computed on the full-time-equivalent quarterly wage, scaled by the part-time share,
        and never exceeds the basic contributions (the extra contributions are not reduced); 0
        for a category without one.
    """
    rule = category.reduction
    terms = _terms(policy, rule, month_index) if rule is not None and working_time > 0 else None
    share = part_time_share(payroll.part_time_reduction, working_time) if terms is not None else 0.0
    out = []
    for wages in quarter_wages:
        basic = category.rate.value * wages
        extra = category.extra_rate.value * wages
        reduction = 0.0 if terms is None else min(basic, share * _reduction(terms, wages / working_time))
        out.append((basic + extra - reduction, reduction))
    return out


@dataclass(frozen=True)
class WorkBonus:
    """The social work bonus of one month, by part (already scaled by the working time)."""

    part_a: float
    part_b: float

    @property
    def total(self) -> float:
        """Both parts."""
        return self.part_a + self.part_b


def work_bonus(policy: PolicyConfig, payroll: BelgianPayroll, month_index: int, monthly: float, mu: float) -> WorkBonus:
    """Social work bonus for a monthly wage at working time ``mu`` (before the cap on contributions).

    Each part is its maximum below its threshold, then falls by ``slope`` per euro of the
    full-time-equivalent wage above it (Easypay Group, "Le bonus a l'emploi a partir du 1er fevrier
    2025"); a part-time worker gets the full-time amount times ``mu``.
    """
    full_time_wage = monthly / mu if mu > 0 else 0.0
    parts = []
    for part in (payroll.work_bonus_a, payroll.work_bonus_b):
        top = amount_at(part.max_amount, policy, month_index)
        excess = max(0.0, full_time_wage - amount_at(part.threshold, policy, month_index))
        parts.append(mu * max(0.0, top - part.slope.at(month_index) * excess))
    return WorkBonus(part_a=parts[0], part_b=parts[1])


@dataclass(frozen=True)
class EmployeeContributions:
    """The worker's social contributions of an ordinary month.

    Attributes:
        due: 13.07 % of the wage, before the bonus.
        bonus_a: Part A of the work bonus granted (the bonus is at most ``due``, part A first).
        bonus_b: Part B granted.
    """

    due: float
    bonus_a: float
    bonus_b: float

    @property
    def bonus(self) -> float:
        """Work bonus granted."""
        return self.bonus_a + self.bonus_b

    @property
    def paid(self) -> float:
        """Contributions after the bonus."""
        return self.due - self.bonus


def employee_contributions(
    policy: PolicyConfig, payroll: BelgianPayroll, month_index: int, monthly: float, mu: float
) -> tuple[EmployeeContributions, float]:
    """Contributions of an ordinary month after the work bonus, and the bonus left unused.

    The bonus is capped at the contributions due; part A is granted first (the fiscal work bonus
    is then computed on the parts granted).
    """
    due = payroll.employee_rate.value * monthly
    bonus = work_bonus(policy, payroll, month_index, monthly, mu)
    granted_a = min(bonus.part_a, due)
    granted_b = min(bonus.part_b, due - granted_a)
    unused = bonus.total - granted_a - granted_b
    return EmployeeContributions(due=due, bonus_a=granted_a, bonus_b=granted_b), unused


def special_contribution_month(bands: list[SpecialContributionBand], monthly: float) -> float:
    """Special social security contribution of a month (single-earner scale, K in the policy)."""
    amount = 0.0
    for band in bands:
        if monthly >= band.from_wage.value:
            amount = band.base.value + band.rate.value * (monthly - band.from_wage.value)
    return amount
