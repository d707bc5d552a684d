"""Where the package's own files are: the configuration tree and the experiment files.

``configs/`` and ``experiments/`` sit at the repository root and ship inside the package as the
data packages ``sim.configs`` and ``sim.experiment_files`` (setup.py maps them). They are found
with :mod:`importlib.resources`, never by a path relative to this file, so the same code reads
them from a checkout (editable install) and from an installed wheel. Hydra reads the tree through
its ``pkg://`` search path; a user's own folder is searched before it (``--config-dir``).

Importing this module is cheap (no Hydra, no numpy): the command lines import it to print help.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CONFIG_PACKAGE = "sim.configs"
EXPERIMENTS_PACKAGE = "sim.experiment_files"
CONFIG_SEARCH_PATH = f"pkg://{CONFIG_PACKAGE}"
PRIMARY_CONFIG = "config"
CONFIG_GROUPS = ("scenario", "territory", "policy", "behaviour")


def package_folder(package: str) -> Path:
    """The folder of a data package on disk.

    Raises:
        FileNotFoundError: If the package is not installed as a folder (a zipped install).
    """
    folder = resources.files(package)
    if not isinstance(folder, Path) or not folder.is_dir():
        raise FileNotFoundError(f"{package} is not installed as a folder ({folder}); reinstall the package")
    return folder


CONFIG_DIR = package_folder(CONFIG_PACKAGE)
EXPERIMENTS_DIR = package_folder(EXPERIMENTS_PACKAGE)


def config_dirs(config_dir: str | Path | None = None) -> list[Path]:
    """The configuration folders in search order: the user's own (if any), then the package's.

    Raises:
        FileNotFoundError: If ``config_dir`` is not a folder.
    """
    if config_dir is None:
        return [CONFIG_DIR]
    own = Path(config_dir).expanduser().resolve()
    if not own.is_dir():
        raise FileNotFoundError(f"config directory {own} not found (--config-dir)")
    return [own, CONFIG_DIR]


def group_options(group: str, config_dir: str | Path | None = None) -> list[str]:
    """The options of a config group (``<group>/*.yaml``) in the user's folder and the package's."""
    return sorted({p.stem for folder in config_dirs(config_dir) for p in (folder / group).glob("*.yaml")})
