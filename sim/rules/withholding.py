"""Belgian withholding tax (precompte professionnel) on wages.

Ordinary monthly pay follows the key formula of Annex III (AR/CIR 92): the month's taxable pay
times 12, less the flat professional expenses, taxed by the scale, less the tax on the tax-free
amount (with the supplements of a head of household), over 12, less the fiscal work bonus. The
13th month and the double holiday pay are exceptional pay: a flat rate set by the band of the
normal annual taxable pay, with no work bonus (Annex III points 53-55). Sources and dates:
``configs/policy/belgium_2027.yaml``.
"""

from __future__ import annotations

from sim.config.schema import PolicyConfig, TaxBracket, Withholding
from sim.rules.benefits import HOUSEHOLD_KEYS
from sim.rules.indexation import amount_at, indexed_value

HEAD = HOUSEHOLD_KEYS.index("head")


def scale_tax(policy: PolicyConfig, brackets: list[TaxBracket], month_index: int, income: float) -> float:
    """Tax on an annual income by the progressive scale in force."""
    tax, lower = 0.0, 0.0
    for bracket in brackets:
        upper = amount_at(bracket.upper, policy, month_index)
        if income <= lower:
            break
        tax += bracket.rate.value * (min(income, upper) - lower)
        lower = upper
    return tax


def base_withholding_month(
    policy: PolicyConfig, rules: Withholding, month_index: int, taxable_month: float, household: int
) -> float:
    """Withholding of an ordinary month before the fiscal work bonus (key formula, annualised)."""
    annual = 12.0 * taxable_month
    expenses = min(rules.expenses_share.value * annual, amount_at(rules.expenses_max, policy, month_index))
    tax = scale_tax(policy, rules.brackets, month_index, annual - expenses)
    tax_free = amount_at(rules.tax_free_amount, policy, month_index)
    if household == HEAD:
        tax_free += amount_at(rules.head_supplement, policy, month_index)
    reduction = scale_tax(policy, rules.brackets, month_index, tax_free)
    return max(0.0, tax - reduction) / 12.0


def exceptional_rate(
    policy: PolicyConfig, rules: Withholding, month_index: int, annual_taxable: float, household: int, holiday: bool
) -> float:
    """Withholding rate on holiday pay (``holiday``) or other exceptional pay such as a 13th month.

    The band is that of the normal annual taxable pay (12 ordinary months); its thresholds are
    indexed after their year. A head of household (one dependent child) owes nothing up to an
    exemption ceiling and gets a reduction below another.
    """
    if household == HEAD and annual_taxable <= indexed_value(rules.head_exempt_up_to, policy, month_index):
        return 0.0
    rate = 0.0
    for band in rules.exceptional:
        rate = (band.holiday_rate if holiday else band.other_rate).value
        if annual_taxable <= indexed_value(band.upper, policy, month_index):
            break
    ceiling = indexed_value(rules.head_reduction_up_to, policy, month_index)
    if household == HEAD and annual_taxable <= ceiling:
        rate *= 1.0 - rules.head_reduction.value
    return rate
