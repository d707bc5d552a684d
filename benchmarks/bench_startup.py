"""Start-up of the command line: ``tzcld --help`` and a one-month pilot run, whole processes.

Each measurement starts a fresh process, as a user's shell does, and times it from launch to
exit: interpreter start, imports, Hydra's composition, the run and its files. Every command is
run ``--repeat`` times, interleaved, from a temporary folder outside the repository; the median,
minimum and maximum are printed with the machine's load average, since a shared machine's load
moves every figure. Targets (issue 14): ``tzcld --help`` <= 1.5 s and a one-month pilot run
<= 3 s, median, on the project's 2-core machine.

The project's machines set ``PYTHONDONTWRITEBYTECODE=1``: Python then never caches compiled
modules, so a checkout's own modules are compiled by ``scripts/bootstrap.sh`` (as pip compiles
an installed wheel's); a checkout set up otherwise compiles them again at every start (about
0.2 s more).

``--tzcld`` times another installation's command (for example a checkout of an earlier commit
with its own .venv), so that before and after are measured side by side under the same load.

Usage::

    .venv/bin/python benchmarks/bench_startup.py
    .venv/bin/python benchmarks/bench_startup.py --repeat 9 --json startup.json
    .venv/bin/python benchmarks/bench_startup.py --tzcld /path/to/other/.venv/bin/tzcld --label before
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"help": 1.5, "pilot_1_month": 3.0}


def commands(tzcld: str, out: Path) -> dict[str, list[str]]:
    """The commands timed, by name (each run writes into its own fresh folder under ``out``)."""
    return {
        "help": [tzcld, "--help"],
        "pilot_1_month": [tzcld, "territory=pilot", "horizon_months=1", f"hydra.run.dir={out}/run_{{i}}"],
    }


def time_once(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds of one process from launch to exit, and the CPU seconds it used.

    CPU time (user + system) moves less than wall time with the load of a shared machine.

    Raises:
        RuntimeError: If the command fails (its output is shown).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - clock
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def measure(tzcld: str, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU times of every command, ``repeat`` times each, interleaved (after one
    untimed warm-up that fills the file cache)."""
    folder = Path(tempfile.mkdtemp(prefix="bench_startup_"))
    try:
        todo = commands(tzcld, folder / "out")
        times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in todo}
        for argv in todo.values():
            time_once([a.replace("{i}", "warm") for a in argv], folder)
        for i in range(repeat):
            for name, argv in todo.items():
                wall, cpu = time_once([a.replace("{i}", str(i)) for a in argv], folder)
                times[name]["wall"].append(wall)
                times[name]["cpu"].append(cpu)
        return times
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 when every median meets its target, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tzcld", default=str(Path(sys.executable).with_name("tzcld")), help="the tzcld to time")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--label", default="this checkout", help="name of the installation in the output")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    times = measure(args.tzcld, args.repeat)
    load_after = os.getloadavg()
    report = {
        "label": args.label,
        "tzcld": args.tzcld,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1min": [round(load_before[0], 2), round(load_after[0], 2)],
        "repeat": args.repeat,
        "commands": {},
    }
    met = True
    print(f"{args.label}: {args.tzcld}")
    print(f"{report['machine']}; 1-min load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    for name, measured in times.items():
        values, cpu = measured["wall"], measured["cpu"]
        median = statistics.median(values)
        ok = median <= TARGETS[name]
        met &= ok
        report["commands"][name] = {
            "median_s": round(median, 3),
            "min_s": round(min(values), 3),
            "max_s": round(max(values), 3),
            "cpu_median_s": round(statistics.median(cpu), 3),
            "target_s": TARGETS[name],
            "met": ok,
            "all_s": [round(v, 3) for v in values],
        }
        print(
            f"  {name:<14} wall median {median:5.2f} s (min {min(values):.2f}, max {max(values):.2f}, "
            f"n={len(values)}), CPU median {statistics.median(cpu):.2f} s; "
            f"target <= {TARGETS[name]} s: {'met' if ok else 'NOT met'}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
