"""The live what-if: same composition and validation as ``tzcld``, same numbers, nothing written."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from sim.app import whatif
from sim.config.load import compose_config, load_config
from sim.config.uncertainties import load_uncertainties
from sim.config.validate import ConfigError, validate

HORIZON = 24


def test_lever_ranges_are_read_not_declared() -> None:
    listed = {u.path: u for u in load_uncertainties()}
    for lever in whatif.levers():
        cfg = compose_config([f"scenario={lever.designs[0]}", "territory=pilot"])
        assert lever.path in whatif.LEVER_PATHS.values()
        if lever.choices is not None:
            assert lever.default == OmegaConf.select(cfg, lever.path) and lever.default in lever.choices
            continue
        param = OmegaConf.select(cfg, lever.path.removesuffix(".value"))
        assert lever.default == param.value
        if lever.path in listed:
            assert (lever.low, lever.high) == (listed[lever.path].low, listed[lever.path].high)
        else:
            assert [lever.low, lever.high] == list(param.range)


def test_levers_know_their_designs() -> None:
    by_name = {lever.name: lever for lever in whatif.levers()}
    assert by_name["contribution"].designs == ("full_transposition",)
    assert by_name["art60_places"].designs == ("existing_actors",)
    assert set(by_name["takeup"].designs) == set(whatif.DESIGNS)
    # the fund's budget is read under a fixed budget only
    assert not by_name["budget"].applies("full_transposition", {"financing": "fixed_shares"})
    assert by_name["budget"].applies("full_transposition", {"financing": "fixed_budget"})
    assert not by_name["budget"].applies("existing_actors", {"financing": "fixed_budget"})


def test_levers_of_another_design_are_left_out_and_named() -> None:
    values = {"contribution": 0.7, "art60_places": 20.0, "takeup": 0.3}
    ea = whatif.overrides_for(values, 0, HORIZON, design="existing_actors", territory="coeur_du_hainaut")
    assert ea[:2] == ["scenario=existing_actors", "territory=coeur_du_hainaut"]
    assert "scenario.operators.0.places_per_year_per_1000_jobseekers.value=20.0" in ea
    assert not any("contribution_share" in o for o in ea)
    assert [lever.name for lever in whatif.ignored(values, "existing_actors")] == ["contribution"]
    with pytest.raises(whatif.WhatIfError, match="expected a scenario in full_transposition, existing_actors"):
        whatif.overrides_for({}, 0, HORIZON, design="status_quo")


def test_the_fixed_budget_option_runs_with_its_budget_field() -> None:
    values = {"financing": "fixed_budget", "budget": 2_000_000.0}
    overrides = whatif.overrides_for(values, 0, HORIZON)
    assert overrides[-2:] == ["scenario.fund.financing=fixed_budget", "scenario.fund.budget_eur.value=2000000.0"]
    small = whatif.run_whatif(overrides)
    default = whatif.run_whatif(whatif.overrides_for({"financing": "fixed_budget"}, 0, HORIZON))
    # the budget binds: less money, less spent on the scheme, never more than the budget
    assert small.summary["public_spending_eur"] < default.summary["public_spending_eur"]
    assert small.summary["public_spending_eur"] <= 2_000_000.0 * 1.0001


def test_overrides_name_only_the_levers_moved() -> None:
    defaults = whatif.defaults()
    assert whatif.overrides_for(defaults, 0, 120) == list(whatif.BASE_OVERRIDES) + ["seed=0", "horizon_months=120"]
    moved = whatif.overrides_for({**defaults, "takeup": 0.4, "financing": "savings"}, 3, HORIZON)
    assert moved[-2:] == ["scenario.fund.financing=savings", "scenario.volunteering.takeup.value=0.4"]
    with pytest.raises(whatif.WhatIfError, match="unknown lever"):
        whatif.overrides_for({"nope": 1.0}, 0, HORIZON)
    with pytest.raises(whatif.WhatIfError, match="takeup.value = 'abc': expected a number"):
        whatif.overrides_for({"takeup": "abc"}, 0, HORIZON)
    # shown as typed in the command, for the user to see what was refused
    assert (
        whatif.overrides_for({"takeup": "abc"}, 0, HORIZON, strict=False)[-1]
        == "scenario.volunteering.takeup.value=abc"
    )


def test_a_whatif_gives_the_summary_tzcld_writes_for_the_command_shown(tmp_path: Path) -> None:
    overrides = whatif.overrides_for({"takeup": 0.4, "financing": "savings", "activity_pace": 6.0}, 3, HORIZON)
    before = sorted(p.name for p in Path.cwd().iterdir())
    result = whatif.run_whatif(overrides)
    assert sorted(p.name for p in Path.cwd().iterdir()) == before  # nothing written

    command = shlex.split(whatif.command_line(overrides))
    assert command[0] == "tzcld"
    run_dir = tmp_path / "run"
    env = dict(os.environ, HYDRA_FULL_ERROR="0")
    done = subprocess.run(
        [sys.executable, "-c", "from sim.cli import main; main()", *command[1:], f"hydra.run.dir={run_dir}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    written = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    # bit for bit, through the same JSON encoding
    assert json.loads(json.dumps(result.summary)) == written
    assert written["volunteers_total"] > 0 and written["horizon_months"] == HORIZON


def test_invalid_levers_get_the_validation_message_of_the_cli() -> None:
    overrides = whatif.overrides_for({"contribution": 1.05}, 0, HORIZON)
    with pytest.raises(ConfigError) as expected:
        validate(load_config(overrides))
    with pytest.raises(whatif.WhatIfError) as refused:
        whatif.run_whatif(overrides)
    assert refused.value.problems == expected.value.problems
    assert "contribution_share_of_wage.value = 1.05: expected share in [0, 1]" in str(refused.value)


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("scenario.volunteering.takeup.value=abc", "could not be converted to Float"),
        ("scenario.nokey=1", "Key 'nokey' not in"),
        ("scenario.fund.financing=foo", "expected one of fixed_shares, savings"),
        ("horizon_months=0", "horizon_months"),
    ],
)
def test_bad_overrides_are_refused_naming_the_key(override: str, fragment: str) -> None:
    with pytest.raises(whatif.WhatIfError) as refused:
        whatif.run_whatif([*whatif.BASE_OVERRIDES, f"horizon_months={HORIZON}", override])
    assert fragment in str(refused.value)


def test_the_same_levers_are_served_from_the_cache() -> None:
    overrides = whatif.overrides_for({"takeup": 0.3}, 5, HORIZON)
    first = whatif.run_whatif(overrides)
    assert whatif.run_whatif(list(overrides)) is first
    assert first.timeseries["world"].value_counts().to_dict() == {"scenario": HORIZON, "twin": HORIZON}


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["seed=4", "horizon_months=36", "scenario.volunteering.takeup.value=0.4", "scenario.fund.financing=savings"],
        ["pipeline.activities_per_year_per_5000_inhabitants.value=6.0", "scenario.ebe.displacement_share.value=0.3"],
    ],
)
def test_the_fast_composition_equals_hydra_compose(extra: list[str]) -> None:
    overrides = [*whatif.BASE_OVERRIDES, *extra]
    fast = OmegaConf.to_container(whatif.compose(overrides), resolve=True)
    assert fast == OmegaConf.to_container(compose_config(overrides), resolve=True)


@pytest.mark.parametrize("bad", ["scenario.volunteering.takeup.value=abc", "seed=x", "scenario.fund.financing=[1"])
def test_the_fast_composition_fails_like_hydra_compose(bad: str) -> None:
    overrides = [*whatif.BASE_OVERRIDES, bad]
    with pytest.raises(Exception) as fast:
        whatif.compose(overrides)
    with pytest.raises(Exception) as slow:
        compose_config(overrides)
    assert type(fast.value) is type(slow.value) is ConfigError
    assert fast.value.problems == slow.value.problems
