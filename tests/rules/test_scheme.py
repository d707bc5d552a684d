"""The scheme's legislated funding (France) over the scenario's design choices, and the per-FTE contribution."""

from __future__ import annotations

import factories as f
import pytest

from sim.config.schema import ContributionBasis
from sim.rules.scheme import contribution_per_fte, legislated_scenario
from sim.rules.wages import PayPerFte

PAY = PayPerFte(gross=2000.0, employer_contribution=460.0, employee_contribution=90.0, income_tax=54.0)


def test_contribution_is_a_share_of_the_employer_cost_or_of_gross() -> None:
    fund = f.config().scenario.fund
    assert fund.contribution_basis == ContributionBasis.employer_cost
    assert contribution_per_fte(fund, PAY) == pytest.approx(0.889 * 2460.0)
    fund.contribution_basis = ContributionBasis.gross
    assert contribution_per_fte(fund, PAY) == pytest.approx(0.889 * 2000.0)


def test_a_policy_without_legislated_funding_leaves_the_scenario_as_it_is() -> None:
    cfg = f.config()
    assert legislated_scenario(cfg.scenario, cfg.policy) is cfg.scenario


def test_the_french_law_replaces_the_funds_rules_on_a_copy() -> None:
    cfg = f.config("territory=france_reference", "policy=france", "behaviour=default")
    scenario = legislated_scenario(cfg.scenario, cfg.policy)
    funding = cfg.policy.scheme_funding
    assert scenario is not cfg.scenario and scenario.fund is not cfg.scenario.fund
    assert scenario.fund.contribution_share_of_wage is funding.contribution_share_of_wage
    assert scenario.fund.contribution_basis == funding.contribution_basis == ContributionBasis.gross
    assert scenario.fund.fixed_shares == funding.fund_shares
    assert scenario.fund.startup_grant_per_job is funding.startup_grant_per_job
    # the design choices that are not law (the EBE, volunteering) stay the scenario's
    assert scenario.ebe is cfg.scenario.ebe and scenario.volunteering is cfg.scenario.volunteering
    # the input is not modified
    assert cfg.scenario.fund.contribution_basis == ContributionBasis.employer_cost


def test_the_status_quo_has_no_fund_to_replace() -> None:
    cfg = f.config("territory=france_reference", "policy=france", "behaviour=default", scenario="status_quo")
    assert legislated_scenario(cfg.scenario, cfg.policy) is cfg.scenario
