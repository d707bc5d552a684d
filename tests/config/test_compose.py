"""Every shipped configuration composes with Hydra and passes the meaning checks."""

from __future__ import annotations

import itertools

import pytest

from sim.config.load import CONFIG_DIR, load_config
from sim.config.schema import DESIGNS
from sim.config.validate import validate

GROUPS = ("scenario", "territory", "policy", "behaviour")


def _options(group: str) -> list[str]:
    return sorted(path.stem for path in (CONFIG_DIR / group).glob("*.yaml"))


GROUP_OPTIONS = [(group, option) for group in GROUPS for option in _options(group)]


def test_every_group_has_options() -> None:
    # guards the parametrisation below: an empty glob would silently test nothing
    for group in GROUPS:
        assert _options(group), f"no YAML file in configs/{group}/"
    assert set(DESIGNS) <= set(_options("scenario"))


@pytest.mark.parametrize(("group", "option"), GROUP_OPTIONS, ids=lambda v: str(v))
def test_group_option_composes_and_validates(group: str, option: str) -> None:
    cfg = load_config([f"{group}={option}"])
    # the file name is the option name users type; a mismatch would mislabel run outputs
    assert getattr(cfg, group).name == option
    validate(cfg)


@pytest.mark.parametrize(
    ("scenario", "territory"),
    list(itertools.product(_options("scenario"), _options("territory"))),
)
def test_scenario_territory_combination_validates(scenario: str, territory: str) -> None:
    cfg = load_config([f"scenario={scenario}", f"territory={territory}"])
    assert cfg.scenario.name == scenario
    assert cfg.territory.name == territory
    validate(cfg)
