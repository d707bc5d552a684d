"""Confinement of requested paths to the results root, and the listing of results folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.app.paths import KINDS, PathRefused, discover, relative_to_root, resolve_within


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A results root with a run, a multirun of two runs and an experiment, plus a secret outside."""
    base = tmp_path / "results"
    (base / "runs" / "one").mkdir(parents=True)
    (base / "runs" / "one" / "manifest.json").write_text("{}")
    for name in ("0_a", "1_b"):
        (base / "multirun" / "job" / name).mkdir(parents=True)
        (base / "multirun" / "job" / name / "manifest.json").write_text("{}")
    experiment = base / "experiments" / "study"
    (experiment / "runs" / "p0000_r000").mkdir(parents=True)
    (experiment / "runs" / "p0000_r000" / "manifest.json").write_text("{}")
    (experiment / "experiment.json").write_text(json.dumps({"n_runs": 7}))
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "manifest.json").write_text("{}")
    return base


def test_relative_paths_inside_the_root_resolve(root: Path) -> None:
    assert resolve_within(root, "runs/one") == (root / "runs" / "one").resolve()
    assert resolve_within(root, "") == root.resolve()
    assert resolve_within(root, None) == root.resolve()
    # climbing out and back in stays inside: harmless
    assert resolve_within(root, "runs/../runs/one") == (root / "runs" / "one").resolve()


@pytest.mark.parametrize("requested", ["../secret", "../../etc", "runs/../../secret", "/etc", "~/x", "a\x00b"])
def test_paths_leaving_the_root_are_refused(root: Path, requested: str) -> None:
    with pytest.raises(PathRefused, match="refused"):
        resolve_within(root, requested)


def test_a_symbolic_link_out_of_the_root_is_refused_and_not_listed(root: Path) -> None:
    (root / "escape").symlink_to(root.parent / "secret", target_is_directory=True)
    (root / "inside").symlink_to(root / "runs", target_is_directory=True)
    with pytest.raises(PathRefused, match="symbolic link"):
        resolve_within(root, "escape")
    assert resolve_within(root, "inside/one") == (root / "runs" / "one").resolve()
    listed = [entry.rel for entry in discover(root)]
    assert "escape" not in listed and not any("secret" in rel for rel in listed)


def test_discover_lists_runs_multiruns_and_experiments(root: Path) -> None:
    entries = {entry.rel: (entry.kind, entry.runs) for entry in discover(root)}
    assert entries == {
        "experiments/study": ("experiment", 7),
        "multirun/job": ("folder", 2),  # run folders side by side, with no record of what made them
        "multirun/job/0_a": ("run", 1),
        "multirun/job/1_b": ("run", 1),
        "runs": ("folder", 1),  # tzcld's single runs side by side: a folder of runs too
        "runs/one": ("run", 1),  # a plain folder's runs are listed one by one
    }
    assert discover(root / "missing") == []
    assert relative_to_root(root, root / "runs" / "one") == "runs/one"


def test_discover_tells_main_jobs_sweeps_and_broken_runs_apart(root: Path) -> None:
    (root / "multirun" / "job" / "multirun.yaml").write_text("hydra: {}")
    (root / "main" / "m1" / "a_pilot_seed0").mkdir(parents=True)
    (root / "main" / "m1" / "a_pilot_seed0" / "manifest.json").write_text("{}")
    (root / "main" / "m1" / "job.json").write_text("{}")
    (root / "runs" / "bad").mkdir()
    (root / "runs" / "bad" / "manifest.json").write_text("{ not json")
    entries = discover(root)
    kinds = {entry.rel: entry.kind for entry in entries}
    assert kinds["main/m1"] == "main" and kinds["multirun/job"] == "multirun" and kinds["runs/bad"] == "broken"
    # the runs of a main job or a sweep are opened through it (with filters), not listed one by one
    assert "main/m1/a_pilot_seed0" not in kinds and "multirun/job/0_a" not in kinds
    # grouped by kind in the menu's order
    assert [entry.kind for entry in entries] == sorted((e.kind for e in entries), key=KINDS.index)
    labels = {entry.rel: entry.label_in("fr") for entry in entries}
    assert labels["main/m1"] == "main/m1  (tâche principale, 1 simulation)"
    assert labels["runs/bad"] == "runs/bad  (illisible)"
    assert {entry.rel: entry.label_in("en") for entry in entries}[
        "multirun/job"
    ] == "multirun/job  (Hydra sweep, 2 runs)"
