"""The console commands' entry points (sim/api/commands.py)."""

from __future__ import annotations

import gc
import importlib
import sys
import tomllib
from pathlib import Path

import pytest

from sim.api import commands

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]


def test_every_command_runs_its_modules_main() -> None:
    assert len(SCRIPTS) >= 9
    assert set(SCRIPTS) == set(commands.COMMANDS)
    for name, target in SCRIPTS.items():
        module, _, attribute = target.partition(":")
        assert module == "sim.api.commands", name
        entry = getattr(commands, attribute)
        assert entry.module == commands.COMMANDS[name], name
        assert callable(importlib.import_module(entry.module).main), name


@pytest.mark.parametrize(("argv", "code"), [(["--help"], 0), (["scenario.volunteering.takeup.value=1.5"], 2)])
def test_a_command_exits_with_the_code_main_returns(monkeypatch, capsys, argv: list[str], code: int) -> None:
    monkeypatch.setattr(sys, "argv", ["tzcld", *argv])
    threshold = gc.get_threshold()
    try:
        with pytest.raises(SystemExit) as stopped:
            commands.tzcld()
        assert gc.get_threshold() == (commands.GC_THRESHOLD, *threshold[1:])
    finally:
        # the entry point tunes the collector for a process that ends with it; this one goes on
        gc.set_threshold(*threshold)
        gc.unfreeze()
    assert stopped.value.code == code
    told = capsys.readouterr()
    assert "tzcld" in told.out + told.err
