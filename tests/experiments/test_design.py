"""Expanding list, grid and sample designs into points and run tasks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_spec

from sim.config.validate import ConfigError
from sim.experiments.design import expand, format_value, run_id, tasks
from sim.experiments.seeds import replication_seeds
from sim.experiments.spec import load_spec

GRID = {
    "kind": "grid",
    "fixed": {"scenario": "full_transposition", "territory": "pilot", "scenario.fund.contribution_basis": "gross"},
    "factors": {
        "scenario.fund.contribution_share_of_wage.value": [0.6, 0.8, 1.0],
        "scenario.volunteering.takeup.value": [0.15, 0.5],
    },
}


def test_grid_is_the_product_of_the_factors_in_order(tmp_path):
    spec = load_spec(write_spec(tmp_path / "g.yaml", design=GRID, replications=3))
    design = expand(spec)
    assert design.factor_names == list(GRID["factors"])
    assert [tuple(p.factors.values()) for p in design.points] == [
        (0.6, 0.15),
        (0.6, 0.5),
        (0.8, 0.15),
        (0.8, 0.5),
        (1.0, 0.15),
        (1.0, 0.5),
    ]
    assert design.points[3].overrides == (
        "scenario=full_transposition",
        "territory=pilot",
        "scenario.fund.contribution_basis=gross",
        "scenario.fund.contribution_share_of_wage.value=0.8",
        "scenario.volunteering.takeup.value=0.5",
    )
    assert {(p.scenario, p.territory) for p in design.points} == {("full_transposition", "pilot")}


def test_tasks_share_each_replications_seed_across_points(tmp_path):
    spec = load_spec(write_spec(tmp_path / "g.yaml", design=GRID, replications=3))
    design = expand(spec)
    out = tmp_path / "out"
    all_tasks = tasks(spec, design, out)
    assert len(all_tasks) == 6 * 3
    seeds = replication_seeds(spec.root_seed, 3)
    for task in all_tasks:
        assert task.seed == seeds[task.replication]
        assert task.run_id == f"p{task.point:04d}_r{task.replication:03d}"
        assert Path(task.run_dir) == out / "runs" / task.run_id
        assert task.overrides[-2:] == ("horizon_months=24", f"seed={task.seed}")
    assert run_id(12, 3) == "p0012_r003"


def test_list_points_missing_a_factor_get_none_and_groups_come_from_base_overrides(tmp_path):
    design = {
        "kind": "list",
        "points": [{"scenario": "full_transposition"}, {"scenario.volunteering.takeup.value": 0.4}],
    }
    spec = load_spec(write_spec(tmp_path / "l.yaml", design=design, base_overrides=["territory=coeur_du_hainaut"]))
    points = expand(spec).points
    assert [p.factors for p in points] == [
        {"scenario.volunteering.takeup.value": None},
        {"scenario.volunteering.takeup.value": 0.4},
    ]
    assert [p.scenario for p in points] == ["full_transposition", "full_transposition"]  # config default
    assert {p.territory for p in points} == {"coeur_du_hainaut"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (0.1, "0.1"),
        (1 / 3, repr(1 / 3)),
        (12, "12"),
        ("pilot", "pilot"),
        ("a b", "'a b'"),
        (None, "null"),
    ],
)
def test_override_values(value, text):
    assert format_value(value) == text


def test_sample_points_use_the_uncertainties(tmp_path):
    design = {
        "kind": "sample",
        "method": "sobol",
        "n": 2,
        "uncertainties": ["takeup", "sales_share"],
        "fixed": {"scenario": "full_transposition", "territory": "pilot"},
    }
    spec = load_spec(write_spec(tmp_path / "s.yaml", design=design, replications=1))
    expanded = expand(spec)
    assert expanded.factor_names == ["takeup", "sales_share"]
    assert len(expanded.points) == 2 * (2 + 2) == len(expanded.samples)
    first = expanded.points[0]
    takeup = expanded.uncertainties[0]
    assert first.overrides[-2] == takeup.override(expanded.samples.loc[0, "takeup"])
    assert takeup.low <= first.factors["takeup"] <= takeup.high


def test_sample_refuses_an_uncertainty_that_does_not_apply(tmp_path):
    design = {
        "kind": "sample",
        "method": "lhs",
        "n": 4,
        "uncertainties": ["sales_share"],
        "fixed": {"scenario": "existing_actors"},
    }
    spec = load_spec(write_spec(tmp_path / "s.yaml", design=design))
    with pytest.raises(ConfigError, match="sales_share do not apply to scenario existing_actors"):
        expand(spec)
