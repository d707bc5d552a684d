"""Experiment files: the shipped ones load, --quick merges, bad files get clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import TINY, write_spec

from sim.config.validate import ConfigError
from sim.experiments.design import expand
from sim.experiments.spec import EXPERIMENTS_DIR, INDICATORS, deep_merge, load_spec

SHIPPED = ("compare_designs", "contribution_vs_takeup", "sensitivity", "sensitivity_morris", "break_even")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_experiments_load_and_their_quick_part_is_small(name):
    full = load_spec(EXPERIMENTS_DIR / f"{name}.yaml")
    quick = load_spec(name, quick=True)
    assert full.name == quick.name == name
    assert full.question.strip()
    assert full.spec_hash != quick.spec_hash
    assert quick.default_out == Path("results/experiments") / f"{name}-quick"
    n_quick = len(expand(quick).points) * quick.replications
    assert n_quick <= 12
    assert quick.horizon_months <= 36
    assert all(p.territory == "pilot" for p in expand(quick).points)
    assert len(expand(full).points) * full.replications > n_quick


def test_quick_is_a_deep_merge():
    base = {"design": {"kind": "grid", "factors": {"a": [1, 2]}, "fixed": {"b": 1}}, "replications": 5}
    merged = deep_merge(base, {"design": {"factors": {"a": [1]}}, "replications": 1})
    assert merged == {"design": {"kind": "grid", "factors": {"a": [1]}, "fixed": {"b": 1}}, "replications": 1}
    assert base["design"]["factors"]["a"] == [1, 2]  # the input is left alone


def test_contribution_grid_states_its_basis():
    spec = load_spec("contribution_vs_takeup")
    assert spec.design["fixed"]["scenario.fund.contribution_basis"] == "employer_cost"
    levels = spec.design["factors"]["scenario.fund.contribution_share_of_wage.value"]
    assert min(levels) == 0.5 and max(levels) == 1.0


def test_hash_depends_on_content_only(tmp_path):
    a = load_spec(write_spec(tmp_path / "a.yaml"))
    b = load_spec(write_spec(tmp_path / "b.yaml"))
    c = load_spec(write_spec(tmp_path / "c.yaml", replications=3))
    assert a.spec_hash == b.spec_hash != c.spec_hash


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"replicates": 3}, "replicates: unknown key (accepted: name, question"),
        ({"replications": 0}, "replications = 0: expected an integer >= 1"),
        ({"indicators": ["net_cost"]}, "unknown indicator(s) 'net_cost' (accepted: volunteers_total"),
        ({"design": {"kind": "matrix"}}, "design.kind = 'matrix': expected one of list, grid, sample"),
        ({"design": {"kind": "list", "points": [{"seed": 3}]}}, "design.points[0].seed: set by the experiment"),
        ({"base_overrides": ["horizon_months=12"]}, "sets horizon_months, which the experiment sets itself"),
        ({"design": {"kind": "grid", "factors": {"x": []}}}, "design.factors.x = []: expected a non-empty list"),
        ({"design": {"kind": "sample", "method": "halton", "n": 4}}, "method = 'halton': expected one of sobol"),
        ({"analysis": [{"kind": "sobol"}]}, "a sobol analysis needs design kind: sample with method: sobol"),
        ({"analysis": [{"kind": "prim", "indicator": "ebe_fte_end", "threshold": "x"}]}, "threshold = 'x'"),
    ],
)
def test_bad_files_name_the_file_the_key_and_the_accepted_values(tmp_path, changes, expected):
    path = write_spec(tmp_path / "bad.yaml", **changes)
    with pytest.raises(ConfigError) as error:
        load_spec(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_missing_keys_are_all_listed(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text(yaml.safe_dump({"name": "x"}), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_spec(path)
    for key in ("question", "indicators", "root_seed", "replications", "horizon_months", "design"):
        assert f"{key}: missing" in str(error.value)


def test_unknown_experiment_name_lists_the_known_ones():
    with pytest.raises(ConfigError, match="compare_designs"):
        load_spec("no_such_study")


def test_quick_without_a_quick_section(tmp_path):
    path = tmp_path / "noquick.yaml"
    path.write_text(yaml.safe_dump({k: v for k, v in TINY.items() if k != "quick"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="no quick: section"):
        load_spec(path, quick=True)


def test_indicator_list_matches_a_real_summary(tiny_reference):
    summary = json.loads(next((tiny_reference / "runs").glob("p0001_*/summary.json")).read_text())
    numeric = {k for k, v in summary.items() if (isinstance(v, (int, float)) or v is None) and not isinstance(v, bool)}
    numeric -= {"seed", "horizon_months"}
    assert numeric == set(INDICATORS)
