"""Parallel speed-up of experiments: the same runs on 1 and on 2 local worker processes.

By default 16 basin runs (``scenario=full_transposition territory=coeur_du_hainaut``, 120 months,
each with its status-quo twin), one design point with 16 replications, run through
:func:`sim.experiments.experiment.run_experiment` exactly as ``tzcld-experiment run`` does:
first with ``--workers 1``, then with ``--workers 2``, in fresh pools (each pays its workers'
start-up and imports once). Prints both wall times, the speed-up and the parallel efficiency
(speed-up / workers), and checks that both give the same results. Target: speed-up >= 1.7 on
an otherwise idle two-core machine.

Wall time is measured from the call to the last run's result ("runs") and to the end of the
experiment-level tables ("total", which adds the single-process aggregation).

Usage::

    .venv/bin/python benchmarks/bench_parallel.py                    # 16 basin runs (~2-3 min)
    .venv/bin/python benchmarks/bench_parallel.py --runs 4 --territory pilot --horizon 36   # smoke
    .venv/bin/python benchmarks/bench_parallel.py --json bench_parallel.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from sim.experiments.experiment import run_experiment
from sim.experiments.spec import load_spec

TARGET_SPEEDUP = 1.7


def _spec_file(folder: Path, runs: int, territory: str, horizon: int, scenario: str) -> Path:
    spec = {
        "name": "bench_parallel",
        "question": "How much faster are experiments on two worker processes than on one?",
        "indicators": ["net_public_cost_per_fte_year"],
        "root_seed": 1,
        "replications": runs,
        "horizon_months": horizon,
        "design": {"kind": "list", "points": [{"scenario": scenario, "territory": territory}]},
    }
    path = folder / "bench_parallel.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def _timed(spec_path: Path, out: Path, workers: int) -> dict[str, float]:
    clock = time.perf_counter()
    last = [clock]

    def note(_result) -> None:
        last[0] = time.perf_counter()

    outcome = run_experiment(load_spec(spec_path), out, workers=workers, progress=False, on_result=note)
    total = time.perf_counter() - clock
    if outcome.failed:
        raise SystemExit(f"{outcome.failed} run(s) failed: {outcome.failures[:3]}")
    runs = pd.read_parquet(out / "runs.parquet")
    return {
        "workers": workers,
        "runs_seconds": last[0] - clock,
        "total_seconds": total,
        "mean_run_seconds": float(runs["wall_seconds"].mean()),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 if the target is met, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=16, help="runs (replications of one point; default 16)")
    parser.add_argument("--territory", default="coeur_du_hainaut", help="territory option (default the basin)")
    parser.add_argument("--scenario", default="full_transposition", help="scenario option")
    parser.add_argument("--horizon", type=int, default=120, help="months (default 120)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    # The calling process's own imports and first composition are paid before either timing,
    # so that the second measurement does not gain from the first one's warm-up.
    from sim.config.load import compose_config

    compose_config([f"scenario={args.scenario}", f"territory={args.territory}"])
    with tempfile.TemporaryDirectory(prefix="bench_parallel_") as tmp:
        folder = Path(tmp)
        spec_path = _spec_file(folder, args.runs, args.territory, args.horizon, args.scenario)
        one = _timed(spec_path, folder / "w1", 1)
        two = _timed(spec_path, folder / "w2", 2)
        first = pd.read_parquet(folder / "w1" / "runs.parquet").drop(columns="wall_seconds")
        second = pd.read_parquet(folder / "w2" / "runs.parquet").drop(columns="wall_seconds")
        identical = first.equals(second)

    speedup = one["runs_seconds"] / two["runs_seconds"]
    figures = {
        "runs": args.runs,
        "territory": args.territory,
        "scenario": args.scenario,
        "horizon_months": args.horizon,
        "cpu_count": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "one_worker": one,
        "two_workers": two,
        "speedup": speedup,
        "efficiency": speedup / 2,
        "total_speedup": one["total_seconds"] / two["total_seconds"],
        "identical_results": identical,
        "target_speedup": TARGET_SPEEDUP,
    }
    print(f"{args.runs} runs, {args.scenario}, {args.territory}, {args.horizon} months")
    for label, row in (("1 worker ", one), ("2 workers", two)):
        print(
            f"  {label}: runs {row['runs_seconds']:6.1f} s, total {row['total_seconds']:6.1f} s "
            f"(mean {row['mean_run_seconds']:.2f} s per run inside the worker)"
        )
    print(f"  speed-up {speedup:.2f}x, parallel efficiency {speedup / 2:.0%} (target >= {TARGET_SPEEDUP}x)")
    print(f"  same results on 1 and 2 workers: {identical}; load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if speedup >= TARGET_SPEEDUP and identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
