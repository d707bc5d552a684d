"""The console commands: each one's ``main``, run as a short-lived process.

``[project.scripts]`` in pyproject.toml points every command here. A command's ``main`` returns
its exit code (tests call it in-process); :func:`command` runs it as a process: it imports the
module only when the command starts, so ``tzcld --help`` imports nothing of the others.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from typing import NoReturn

GC_THRESHOLD = 10_000  # allocations between two collections of the youngest generation (Python: 700)


def command(module: str) -> Callable[[], NoReturn]:
    """The entry point that runs ``module.main()`` and exits with the code it returns."""

    def entry() -> NoReturn:
        # Python collects its youngest objects every 700 allocations, a rate set for small heaps:
        # composing the configuration allocates tens of thousands of nodes that all stay alive,
        # and the older generations' collections that follow rescan every survivor. Collecting
        # every 10,000 spares about a tenth of a one-month run (benchmarks/bench_startup.py).
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        code = importlib.import_module(module).main()
        # The interpreter's last collections at exit scan every object still alive (a composed
        # configuration is tens of thousands): a quarter of a second of a one-month run
        # (benchmarks/bench_startup.py). The process ends now; its memory is freed with it.
        gc.freeze()
        raise SystemExit(code)

    entry.__doc__ = f"Run ``{module}.main()`` as a process and exit with its code."
    entry.module = module  # type: ignore[attr-defined]
    return entry


# Each command and the module whose main() it runs (pyproject.toml's [project.scripts] names the
# entries below; tests/api/test_commands.py checks both lists agree).
COMMANDS = {
    "tzcld": "sim.cli",
    "tzcld-main": "sim.mainjob",
    "tzcld-params": "sim.params_table",
    "tzcld-rules": "sim.rules.cli",
    "tzcld-calibrate": "sim.calibration.cli",
    "tzcld-experiment": "sim.experiments.cli",
    "tzcld-report": "sim.dashboard.cli",
    "tzcld-dashboard": "sim.app.cli",
    "tzcld-export": "sim.report.export_cli",
}
# the entry points pyproject.toml names: tzcld, tzcld_main, tzcld_params, ...
globals().update({name.replace("-", "_"): command(module) for name, module in COMMANDS.items()})
