"""Mesa's spaces load only when used (start-up), and then behave as a plain import."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_engine_imports_mesa_without_scipy_spatial_or_networkx() -> None:
    code = "import sys, sim.engine.model; print([m for m in ('scipy.spatial', 'networkx') if m in sys.modules])"
    assert _run(code) == "[]"


def test_a_deferred_space_is_the_real_module_once_used() -> None:
    code = (
        "import sim.engine.model, mesa, sys\n"
        "from mesa.discrete_space import OrthogonalMooreGrid\n"
        "import mesa.space\n"
        "grid = mesa.space.MultiGrid(3, 3, torus=False)\n"
        "print(OrthogonalMooreGrid.__module__, type(sys.modules['mesa.discrete_space']).__name__, grid.width)"
    )
    assert _run(code) == "mesa.discrete_space.grid module 3"
