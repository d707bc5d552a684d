"""tzcld-experiment: run the studies declared in experiments/*.yaml.

Examples:
    tzcld-experiment list
    tzcld-experiment run experiments/compare_designs.yaml --quick
    tzcld-experiment run contribution_vs_takeup --workers 2 --out results/experiments/grid
    tzcld-experiment run sensitivity --scheduler tcp://127.0.0.1:8786
    tzcld-experiment run break_even --jobqueue experiments/cluster/slurm.yaml
    tzcld-experiment status results/experiments/compare_designs

A rerun of the same command resumes: complete runs are kept, the others redone. Outputs and
file format: docs/experiments.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.config.validate import ConfigError

EXIT_OK, EXIT_FAILED_RUNS, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="tzcld-experiment",
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run (or resume) an experiment")
    run.add_argument("spec", help="experiment file, or the name of one in experiments/")
    run.add_argument("--quick", action="store_true", help="merge the file's quick: section (small, for CI)")
    run.add_argument("--workers", type=int, default=2, help="local worker processes (default 2; 0: in this process)")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786")
    where.add_argument("--jobqueue", type=Path, help="SLURM/PBS cluster file (e.g. experiments/cluster/slurm.yaml)")
    run.add_argument("--out", type=Path, help="results folder (default results/experiments/<name>[-quick])")
    run.add_argument("--restart", action="store_true", help="delete the folder's earlier runs and start again")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    listing = sub.add_parser("list", help="the experiments in experiments/ and their questions")
    listing.add_argument("--dir", type=Path, default=None, help="folder of experiment files (default experiments/)")
    state = sub.add_parser("status", help="state of an experiment's results folder")
    state.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "run" and args.workers < 0:
        parser.error("--workers must be 0 or more")
    return args


def _list(folder: Path | None) -> int:
    from sim.experiments.spec import EXPERIMENTS_DIR, load_spec

    folder = folder or EXPERIMENTS_DIR
    files = sorted(folder.glob("*.yaml"))
    if not files:
        print(f"no experiment files in {folder}")
        return EXIT_OK
    status = EXIT_OK
    for path in files:
        try:
            spec = load_spec(path)
        except ConfigError as error:
            print(f"{path.stem:<26} INVALID: {error}")
            status = EXIT_BAD_INPUT
            continue
        print(f"{spec.name:<26} {spec.kind:<7} {spec.question}")
    return status


def _status(folder: Path) -> int:
    from sim.experiments.experiment import ExperimentDirError, status

    try:
        state = status(folder)
    except ExperimentDirError as error:
        print(f"tzcld-experiment: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    record, counts = state["record"], state["counts"]
    print(f"{record['name']}: {record['question']}")
    print(f"  folder      {folder}")
    print(
        f"  state       {record.get('status')} "
        f"(started {record.get('started_at')}, finished {record.get('finished_at')})"
    )
    print(
        f"  design      {record.get('design')}, {record.get('n_points')} points x {record.get('replications')} "
        f"replications = {record.get('n_runs')} runs, {record.get('horizon_months')} months"
        + (" (quick)" if record.get("quick") else "")
    )
    print(
        f"  runs        {counts['ok']} ok, {counts['failed']} failed, {counts['partial']} partial, "
        f"{counts['not_started']} not started"
    )
    print(f"  files       {', '.join(state['files']) or 'none yet'}")
    if counts["partial"] or counts["not_started"] or record.get("status") != "finished":
        print("  a rerun of the same `tzcld-experiment run` command resumes it")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from sim.experiments.experiment import ExperimentDirError, run_experiment
    from sim.experiments.spec import load_spec
    from sim.outputs import FolderBusy, describe_os_error

    try:
        spec = load_spec(args.spec, quick=args.quick)
    except ConfigError as error:
        print(f"tzcld-experiment: invalid experiment file, nothing was run.\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    client = cluster = None
    try:
        if args.scheduler or args.jobqueue:
            from sim.config.extras import MissingExtra, require_extra
            from sim.experiments.cluster import connect

            try:
                require_extra("cluster", "--scheduler and --jobqueue")
            except MissingExtra as error:
                raise ConfigError([str(error)]) from error

            client, cluster = connect(args.scheduler, args.jobqueue)
        outcome = run_experiment(
            spec, args.out, workers=args.workers, client=client, restart=args.restart, progress=not args.no_progress
        )
    except (ConfigError, ExperimentDirError, FolderBusy) as error:
        print(f"tzcld-experiment: nothing was run.\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # a folder that cannot be written, an unreachable scheduler
        print(f"tzcld-experiment: {describe_os_error(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("\ntzcld-experiment: interrupted; rerun the same command to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    where = "Dask " + (args.scheduler or str(args.jobqueue)) if client is not None else f"{args.workers} worker(s)"
    print(
        f"{spec.name}: {outcome.n_runs} runs: {outcome.done} done, {outcome.failed} failed, "
        f"{outcome.skipped} skipped (already complete) in {outcome.seconds:.1f} s on {where}"
    )
    print(f"results in {outcome.out_dir}/: {', '.join(p.name for p in outcome.files)}; runs in runs/<run_id>/")
    for note in outcome.notes:
        print(f"note: {note}")
    for run_id, error in outcome.failures[:20]:
        print(f"failed: {run_id}: {error}", file=sys.stderr)
    if len(outcome.failures) > 20:
        print(f"... and {len(outcome.failures) - 20} more (runs.parquet, column error)", file=sys.stderr)
    return EXIT_FAILED_RUNS if outcome.failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``tzcld-experiment``; returns the exit code."""
    args = parse_args(argv)
    if args.command == "list":
        return _list(args.dir)
    if args.command == "status":
        return _status(args.dir)
    return _run(args)


if __name__ == "__main__":
    raise SystemExit(main())
