"""The scheme's funding where a country's law sets it (France), over the scenario's design choices.

In Belgium the fund's rules (who finances it, the per-FTE contribution, the local top-up) are
design choices of a transposition, so they live in the scenario. In France they are law: the
State finances the experimentation fund, an arrêté sets the CDE at a share of the gross SMIC and
the decree sets the departmental share. A policy that carries ``scheme_funding`` therefore
replaces the scenario fund's settings of the same names, so that the same scenario file runs
under either country's rules.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sim.config.schema import ContributionBasis, FundConfig, PolicyConfig, ScenarioConfig

if TYPE_CHECKING:
    from sim.rules.wages import PayPerFte


def legislated_scenario(scenario: ScenarioConfig, policy: PolicyConfig) -> ScenarioConfig:
    """The scenario with the policy's legislated fund rules, or unchanged when there are none.

    Args:
        scenario: The design as configured.
        policy: The rules in force; ``policy.scheme_funding`` may be ``None``.

    Returns:
        A copy whose ``fund`` takes the policy's financing shares, residual payer, contribution
        basis and share, local co-funding share, start-up grant and surplus rule; the input is
        not modified.
    """
    funding = policy.scheme_funding
    if funding is None or scenario.fund is None:
        return scenario
    fund = dataclasses.replace(
        scenario.fund,
        fixed_shares=dict(funding.fund_shares),
        residual_payer=funding.residual_payer,
        contribution_basis=funding.contribution_basis,
        contribution_share_of_wage=funding.contribution_share_of_wage,
        local_cofunding_share=funding.local_cofunding_share,
        startup_grant_per_job=funding.startup_grant_per_job,
        surplus_rule=funding.surplus_rule,
        surplus_reserve_months=funding.surplus_reserve_months,
    )
    return dataclasses.replace(scenario, fund=fund)


def contribution_per_fte(fund: FundConfig, pay: PayPerFte) -> float:
    """The fund's monthly contribution for one FTE paid ``pay``.

    A share of the minimum wage's employer cost (``contribution_basis: employer_cost``, the
    French scheme's coverage of the wage cost transposed) or of the gross wage (``gross``, the
    letter of the French rule: the CDE is a share of the gross SMIC).
    """
    basis = pay.employer_cost if fund.contribution_basis == ContributionBasis.employer_cost else pay.gross
    return fund.contribution_share_of_wage.value * basis
