"""Every shipped configuration composes with Hydra and passes the meaning checks."""

from __future__ import annotations

import functools
import itertools

import pytest

from sim.config.load import CONFIG_DIR, load_config
from sim.config.schema import DESIGNS
from sim.config.validate import ConfigError, validate

GROUPS = ("scenario", "territory", "policy", "behaviour")


def _options(group: str) -> list[str]:
    return sorted(path.stem for path in (CONFIG_DIR / group).glob("*.yaml"))


GROUP_OPTIONS = [(group, option) for group in GROUPS for option in _options(group)]


def test_every_group_has_options() -> None:
    # guards the parametrisation below: an empty glob would silently test nothing
    for group in GROUPS:
        assert _options(group), f"no YAML file in configs/{group}/"
    assert set(DESIGNS) <= set(_options("scenario"))


@functools.cache
def _country(group: str, option: str) -> str:
    return str(getattr(load_config([f"{group}={option}"]), group).country)


def _same_country(overrides: list[str]) -> list[str]:
    """``overrides`` with the policy (or territory) of the chosen territory's (or policy's) country:
    a territory runs under its own country's rules, other mixes are refused."""
    chosen = dict(o.split("=", 1) for o in overrides)
    cfg = load_config(overrides)
    if cfg.territory.country == cfg.policy.country:
        return overrides
    group, pinned = ("policy", "territory") if "territory" in chosen else ("territory", "policy")
    country = str(getattr(cfg, pinned).country)
    partner = next(o for o in _options(group) if _country(group, o) == country)
    return [*overrides, f"{group}={partner}"]


@pytest.mark.parametrize(("group", "option"), GROUP_OPTIONS, ids=lambda v: str(v))
def test_group_option_composes_and_validates(group: str, option: str) -> None:
    cfg = load_config(_same_country([f"{group}={option}"]))
    # the file name is the option name users type; a mismatch would mislabel run outputs
    assert getattr(cfg, group).name == option
    validate(cfg)


# The existing-actors design is made of Belgian instruments paid by Belgian payers: under the
# French rules a French territory needs, its payers do not exist (refused below).
BELGIAN_ONLY = {("existing_actors", "france_reference"), ("existing_actors", "france_phase1")}


@pytest.mark.parametrize(
    ("scenario", "territory"),
    [c for c in itertools.product(_options("scenario"), _options("territory")) if c not in BELGIAN_ONLY],
)
def test_scenario_territory_combination_validates(scenario: str, territory: str) -> None:
    cfg = load_config(_same_country([f"scenario={scenario}", f"territory={territory}"]))
    assert cfg.scenario.name == scenario
    assert cfg.territory.name == territory
    validate(cfg)


@pytest.mark.parametrize(("scenario", "territory"), sorted(BELGIAN_ONLY))
def test_belgian_instruments_on_a_french_territory_are_refused(scenario: str, territory: str) -> None:
    cfg = load_config(_same_country([f"scenario={scenario}", f"territory={territory}"]))
    with pytest.raises(ConfigError, match=r"scenario\.operators\.0\.payer = '\w+' is not a listed payer"):
        validate(cfg)


@pytest.mark.parametrize(("territory", "policy"), list(itertools.product(_options("territory"), _options("policy"))))
def test_a_territory_runs_under_its_own_countrys_rules_only(territory: str, policy: str) -> None:
    # every pair, told apart here rather than when the tests are collected: telling them apart
    # composes each option, which would slow every worker's start
    cfg = load_config([f"territory={territory}", f"policy={policy}"])
    if cfg.territory.country == cfg.policy.country:
        validate(cfg)
        return
    with pytest.raises(ConfigError, match=r"policy\.country = '\w+' but territory\.country"):
        validate(cfg)


def test_every_territory_and_policy_declares_a_country() -> None:
    countries = {(g, o): _country(g, o) for g in ("territory", "policy") for o in _options(g)}
    assert set(countries.values()) == {"BE", "FR"}, countries
