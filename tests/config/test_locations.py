"""The package's configuration and experiment files are found as package data."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.config.locations import CONFIG_DIR, EXPERIMENTS_DIR, config_dirs, group_options

ROOT = Path(__file__).resolve().parents[2]


def test_package_data_is_the_repository_tree_in_a_checkout() -> None:
    assert CONFIG_DIR == ROOT / "configs" and EXPERIMENTS_DIR == ROOT / "experiments"
    assert (CONFIG_DIR / "config.yaml").is_file() and (EXPERIMENTS_DIR / "compare_designs.yaml").is_file()


def test_group_options_include_a_users_folder(tmp_path: Path) -> None:
    (tmp_path / "territory").mkdir()
    (tmp_path / "territory" / "my_town.yaml").write_text("name: my_town\n", encoding="utf-8")
    assert "my_town" in group_options("territory", tmp_path) and "pilot" in group_options("territory", tmp_path)
    assert "my_town" not in group_options("territory")
    assert config_dirs(tmp_path) == [tmp_path.resolve(), CONFIG_DIR]
    with pytest.raises(FileNotFoundError, match="not found"):
        config_dirs(tmp_path / "nowhere")
