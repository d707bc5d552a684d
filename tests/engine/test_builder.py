"""The one world builder: what a world is made of, the same for the engine and the reference."""

from __future__ import annotations

import factories as f
import pytest

from sim import accounts as acc
from sim.config.schema import FundFinancing
from sim.engine.builder import build_world
from sim.engine.reference import ReferenceModel
from sim.rules.scheme import contribution_per_fte
from sim.rules.wages import pay_per_fte


def test_full_transposition_has_ebes_and_a_fund_the_twin_has_neither() -> None:
    cfg = f.config("territory.ebe_count.value=3")
    scenario, twin = f.world(cfg, f.population(1)), f.world(cfg, f.population(1), "twin")
    assert [e.name for e in scenario.ebes] == ["ebe_01", "ebe_02", "ebe_03"]
    assert scenario.fund is not None and scenario.fund.account == "tzcld_fund" and scenario.fund.budget is None
    assert twin.design == "status_quo" and twin.ebes == [] and twin.fund is None and twin.operators == []
    # every EBE serves an equal share of the territory's inhabitants
    assert sum(e.inhabitants for e in scenario.ebes) == pytest.approx(6826 + 6600)


def test_accounts_and_their_kinds() -> None:
    w = f.world(f.config(scenario="existing_actors"), f.population(1))
    kinds = w.ledger.accounts
    assert {name for name, kind in kinds.items() if kind == acc.PAYER} == set(w.payer_names)
    assert {name for name, kind in kinds.items() if kind == acc.OPERATOR} == {op.name for op in w.operators}
    assert kinds[acc.HOUSEHOLDS] == acc.HOUSEHOLD and kinds[acc.LOCAL_BUSINESSES] == acc.FIRM
    assert w.fund is None and w.ebes == []
    # a coaching operator raises job finding while it lasts; the last entry is "no programme"
    assert list(w.programme_multipliers) == [1.0, 1.0, 1.0, 1.0, 1.5] + [1.0] * 6
    # Impulsion, Tremplin, then Impulsion's 2025 rules, SESAM 2025 and 2026, the 2026 hiring bonus
    assert list(w.hiring_aid_programmes) == [1, 2, 6, 7, 8, 9]


def test_the_french_law_replaces_the_scenarios_fund_in_both_implementations() -> None:
    cfg = f.config("territory=france_reference", "policy=france", "behaviour=default")
    pop = f.population(1)
    engine = f.world(cfg, pop)
    reference = ReferenceModel(cfg, pop)
    for world in (engine, reference):
        fund = world.scenario.fund
        # CDE: 95 % of the gross SMIC, départements 15 % on top, fund fed by the State alone
        assert fund.contribution_basis == "gross" and fund.contribution_share_of_wage.value == pytest.approx(0.95)
        assert fund.local_cofunding_share.value == pytest.approx(0.15)
        assert set(fund.fixed_shares) == {"state"}
        assert world.fund.account == "etcld_fund"
        pay = pay_per_fte(world.policy, world.month_index)
        assert contribution_per_fte(fund, pay) == pytest.approx(0.95 * pay.gross)
    # the configuration object itself is left as the user wrote it
    assert cfg.scenario.fund.contribution_basis == "employer_cost"


def test_a_fixed_budget_belongs_to_the_fund_of_each_world() -> None:
    cfg = f.config("scenario=walloon_pilot", "territory=walloon_pilot", scenario="walloon_pilot")
    first, second = f.world(cfg, f.population(1)), f.world(cfg, f.population(1))
    assert first.fund.config.financing == FundFinancing.fixed_budget
    first.fund.budget.spent[0] = 1000.0
    assert second.fund.budget.spent[0] == 0.0


def test_an_unknown_world_is_refused() -> None:
    w = f.world(f.config(), f.population(1))
    with pytest.raises(ValueError, match="scenario, twin"):
        build_world(w, w.cfg, "future")


def test_worlds_of_equal_rules_share_a_key_and_a_changed_rule_gets_its_own() -> None:
    from sim.engine.builder import rules_key
    from sim.engine.flows import pay_of

    first, second = f.config(), f.config()
    assert first.policy is not second.policy and rules_key(first.policy) == rules_key(second.policy)
    world = f.world(first, f.population(1))
    assert world.policy_key == rules_key(first.policy)
    before = pay_of(world)
    # the same policy object, changed between two runs: its payslips are computed again, not reused
    first.policy.wages.minimum_wage_month.values[-1].value *= 1.1
    changed = f.world(first, f.population(1))
    assert changed.policy_key != world.policy_key
    assert pay_of(changed) == pay_per_fte(changed.policy, changed.month_index) != before
