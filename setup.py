"""What pyproject.toml cannot say: the data packages and the build record.

``configs/`` and ``experiments/`` stay at the repository root (the team's layout) and ship inside
the package as ``sim.configs`` and ``sim.experiment_files``, found with ``importlib.resources``
and Hydra's ``pkg://`` search path, in an editable install and in a wheel alike. A wheel also
records the commit it was built from (``sim/_build.json``), since an installed copy has no git
tree to ask.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_PACKAGES = {"sim.configs": "configs", "sim.experiment_files": "experiments"}
DATA_FILES = ["*.yaml", "*.md"]
BUILD_RECORD = "_build.json"


def data_packages() -> list[str]:
    """Each data package and its sub-folders, as package names (sub-folders hold config groups)."""
    names = []
    for package, folder in DATA_PACKAGES.items():
        base = ROOT / folder
        names.append(package)
        subfolders = sorted(p for p in base.rglob("*") if p.is_dir() and p.name != "__pycache__")
        names += [".".join([package, *sub.relative_to(base).parts]) for sub in subfolders]
    return names


def source_commit() -> str | None:
    """The commit of the tree being built, with ``-dirty`` for uncommitted changes to tracked files."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=40", "--exclude=*"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return described.stdout.strip() or None


class BuildWithRecord(build_py):
    """``build_py`` that writes ``sim/_build.json`` (the source commit) into a wheel."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install asks git at run time
        target = Path(self.build_lib) / "sim" / BUILD_RECORD
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"git_commit": source_commit()}) + "\n", encoding="utf-8")


packages = data_packages()
setup(
    packages=[*find_packages(include=["sim", "sim.*"]), *packages],
    package_dir={package: folder for package, folder in DATA_PACKAGES.items()},
    package_data={**{package: DATA_FILES for package in packages}, "sim.contract": ["dictionary.yaml"]},
    cmdclass={"build_py": BuildWithRecord},
)
