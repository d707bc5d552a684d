"""Byte-for-byte regression of the engine's outputs: does a change move any number?

A refactor must leave every output file identical. This script runs a fixed set of
configurations (every design on the pilot and the whole basin under the Belgian rules, the
France reference under the French rules, the Walloon pilot replay; seeds 0 and 1) through the
same entry point as ``tzcld`` and records the SHA-256 of each run's ``timeseries.parquet``,
``ledger.parquet`` and ``summary.json``.

Usage::

    .venv/bin/python scripts/regression.py snapshot /tmp/before      # on the old code
    .venv/bin/python scripts/regression.py compare /tmp/before       # on the new code

``compare`` exits 1 and lists the files that differ; 0 when every file is byte-identical.
``--only SUBSTRING`` restricts both commands to the cases whose name contains it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

FILES = ("timeseries.parquet", "ledger.parquet", "summary.json")
SEEDS = (0, 1)
BELGIAN_DESIGNS = ("status_quo", "full_transposition", "existing_actors", "walloon_pilot")
BELGIAN_TERRITORIES = ("pilot", "coeur_du_hainaut")
# existing_actors names Belgian operators and payers: it has no French counterpart
FRENCH_DESIGNS = ("status_quo", "full_transposition", "walloon_pilot")


def cases() -> dict[str, list[str]]:
    """Name -> Hydra overrides of every regression case."""
    out: dict[str, list[str]] = {}
    for seed in SEEDS:
        for territory in BELGIAN_TERRITORIES:
            for design in BELGIAN_DESIGNS:
                out[f"belgium_{design}_{territory}_seed{seed}"] = [
                    f"scenario={design}",
                    f"territory={territory}",
                    "policy=belgium_2027",
                    f"seed={seed}",
                ]
        for design in FRENCH_DESIGNS:
            out[f"france_{design}_france_reference_seed{seed}"] = [
                f"scenario={design}",
                "territory=france_reference",
                "policy=france",
                f"seed={seed}",
            ]
        out[f"belgium_walloon_pilot_replay_seed{seed}"] = [
            "scenario=walloon_pilot",
            "territory=walloon_pilot",
            "start=2023-04",
            f"seed={seed}",
        ]
    return out


def _run(name: str, overrides: list[str], root: str) -> tuple[str, dict[str, str], float]:
    from sim.config.load import compose_config
    from sim.run import execute

    clock = time.perf_counter()
    out_dir = Path(root) / name
    outcome = execute(compose_config(overrides), out_dir)
    if outcome.summary is None:
        raise RuntimeError(f"{name}: run failed: {outcome.error}")
    digests = {f: hashlib.sha256((out_dir / f).read_bytes()).hexdigest() for f in FILES}
    return name, digests, time.perf_counter() - clock


def run_all(selected: dict[str, list[str]], root: Path, workers: int) -> dict[str, dict[str, str]]:
    """Run every selected case into ``root``; returns name -> file -> SHA-256."""
    results: dict[str, dict[str, str]] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_run, name, overrides, str(root)) for name, overrides in selected.items()]
        for future in futures:
            name, digests, seconds = future.result()
            results[name] = digests
            print(f"  {name}: {seconds:.1f} s", file=sys.stderr)
    return dict(sorted(results.items()))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``snapshot DIR`` or ``compare DIR``."""
    parser = argparse.ArgumentParser(prog="regression", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("snapshot", "compare"))
    parser.add_argument("directory", type=Path, help="where the snapshot is written (snapshot) or read (compare)")
    parser.add_argument("--only", default="", help="only the cases whose name contains this text")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    selected = {name: o for name, o in cases().items() if args.only in name}
    if not selected:
        parser.error(f"no case matches --only {args.only!r}")

    if args.command == "snapshot":
        if (args.directory / "hashes.json").exists():
            print(f"regression: {args.directory} already holds a snapshot; choose another folder", file=sys.stderr)
            return 2
        args.directory.mkdir(parents=True, exist_ok=True)
        digests = run_all(selected, args.directory, args.workers)
        (args.directory / "hashes.json").write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n")
        print(f"{len(digests)} cases, {len(digests) * len(FILES)} files recorded in {args.directory / 'hashes.json'}")
        return 0

    baseline_file = args.directory / "hashes.json"
    if not baseline_file.exists():
        print(f"regression: no snapshot in {args.directory} (run `snapshot` on the old code first)", file=sys.stderr)
        return 2
    baseline = json.loads(baseline_file.read_text())
    with tempfile.TemporaryDirectory(prefix="regression-") as tmp:
        current = run_all(selected, Path(tmp), args.workers)
    differing = []
    for name, digests in current.items():
        if name not in baseline:
            differing.append(f"{name}: not in the snapshot")
            continue
        differing += [f"{name}/{f}" for f in FILES if baseline[name].get(f) != digests[f]]
    compared = len(current) * len(FILES)
    if differing:
        print(f"{len(differing)} of {compared} files differ:")
        print("\n".join(f"  {line}" for line in differing))
        return 1
    print(f"all {compared} files of {len(current)} cases are byte-identical to {baseline_file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
