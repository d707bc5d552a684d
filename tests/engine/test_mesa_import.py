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


LOGGERS = "import logging; print(sorted(n for n in logging.root.manager.loggerDict if n.startswith('MESA')))"
CALL_LOGGED = (
    "import logging, io, mesa\n"
    "stream = io.StringIO(); handler = logging.StreamHandler(stream)\n"
    "logger = logging.getLogger('MESA.mesa.model'); logger.addHandler(handler); logger.setLevel(logging.DEBUG)\n"
    "mesa.Model(rng=1)\n"
    "print(stream.getvalue().split(' with ')[0])"
)


def test_mesas_loggers_are_named_as_mesa_names_them() -> None:
    assert _run(f"import sim.engine\n{LOGGERS}") == _run(f"import mesa\n{LOGGERS}")
    assert "MESA.mesa.model" in _run(f"import sim.engine\n{LOGGERS}")


def test_mesas_method_logger_names_the_class_it_decorates() -> None:
    assert _run(f"import sim.engine\n{CALL_LOGGED}") == _run(CALL_LOGGED) == "calling Model.__init__"


def test_the_real_inspect_is_back_once_mesa_is_imported() -> None:
    code = (
        "import inspect, sim.engine, mesa, mesa.mesa_logging as m; print(m.inspect is inspect, mesa.mesa_logging is m)"
    )
    assert _run(code) == "True True"
