"""One version everywhere, a licence and a citation, and the commit an installed copy records."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import metadata
from pathlib import Path

import yaml

import sim
import sim.outputs

ROOT = Path(__file__).resolve().parents[1]


def test_one_version_in_pyproject_metadata_changelog_and_citation() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    changelog = re.search(r"^## (\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert sim.__version__ == metadata.version("tzcld-sim") == version
    assert changelog is not None and changelog.group(1) == version, "the newest CHANGELOG.md entry"
    assert str(citation["version"]) == version and citation["license"] == "MIT"


def test_licence_and_contribution_guide_are_there() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == "MIT"
    assert "make test" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_an_installed_copy_reads_the_commit_it_was_built_from(tmp_path: Path, monkeypatch) -> None:
    # a copy of sim/outputs.py outside any git tree, with the record setup.py writes into a wheel
    package = tmp_path / "site-packages" / "sim"
    package.mkdir(parents=True)
    (package / "outputs.py").write_text("", encoding="utf-8")
    (package / "_build.json").write_text(json.dumps({"git_commit": "0123abc"}), encoding="utf-8")
    monkeypatch.setattr(sim.outputs, "__file__", str(package / "outputs.py"))
    sim.outputs.git_commit.cache_clear()
    try:
        assert sim.outputs.git_commit() == "0123abc"
        (package / "_build.json").unlink()
        sim.outputs.git_commit.cache_clear()
        assert sim.outputs.git_commit() is None
    finally:
        sim.outputs.git_commit.cache_clear()


def test_a_checkout_asks_git() -> None:
    sim.outputs.git_commit.cache_clear()
    commit = sim.outputs.git_commit()
    assert commit is not None and re.fullmatch(r"[0-9a-f]{40}(-dirty)?", commit)


def test_sim_top_level_keeps_at_most_ten_modules() -> None:
    modules = sorted(p.name for p in (ROOT / "sim").glob("*.py"))
    assert len(modules) <= 10, modules
