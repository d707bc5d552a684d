"""The optional parts of the package (pyproject.toml's extras) and the message when one is missing.

A bare ``pip install tzcld-sim`` runs scenarios, experiments on local processes, reports and
exports. The live app, scenario discovery and clusters need their extra; asking for one without
it stops with the command that installs it, before anything is simulated.
"""

from __future__ import annotations

import importlib.util

EXTRAS = {
    "app": ("dash", "the live app (tzcld-dashboard)"),
    "discovery": ("ema_workbench", "scenario discovery (PRIM boxes) and the EMA Workbench model (sim.ema)"),
    "cluster": ("distributed", "experiments on a Dask scheduler or a SLURM/PBS cluster"),
}


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message says which extra installs it."""


def has_extra(extra: str) -> bool:
    """Whether the module that an extra installs can be imported."""
    module, _ = EXTRAS[extra]
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a finder that refuses the name outright
        return False


def require_extra(extra: str, what: str | None = None) -> None:
    """Stop with a clear message when ``extra`` is not installed.

    Args:
        extra: A key of :data:`EXTRAS` (``app``, ``discovery``, ``cluster``).
        what: What needs it, for the message (default: the extra's own purpose).

    Raises:
        MissingExtra: Naming the missing module and the command that installs it.
    """
    if has_extra(extra):
        return
    module, purpose = EXTRAS[extra]
    raise MissingExtra(
        f"{what or purpose} needs the optional package {module!r}, which is not installed: "
        f"pip install 'tzcld-sim[{extra}]'"
    )
