"""``tzcld-calibrate``: fit the status quo's hazards to documented facts, and report the fit.

Examples:
    tzcld-calibrate fit                                   # basin, seed 0 -> configs/behaviour/fitted.yaml
    tzcld-calibrate fit --force                           # refit and replace the committed file
    tzcld-calibrate fit --territory pilot --maxiter 3 --out /tmp/try.yaml
    tzcld-calibrate pipeline --force                      # French phase 1 -> configs/pipeline/fitted_france.yaml
    tzcld-calibrate report                                # -> results/calibration/<time>/report.html
    tzcld-calibrate report --out results/calibration/mine --reform-horizon 60
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from pathlib import Path

from hydra.errors import HydraException
from omegaconf.errors import OmegaConfBaseException

from sim.calibration.targets import BASIN, CALIBRATIONS, TARGETS, load_calibration, window_text
from sim.config.validate import ConfigError

PRIOR = "behaviour=default"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tzcld-calibrate",
        description=(
            "Fit the free hazards of the status quo (configs/behaviour/default.yaml is the prior) to "
            "documented facts about the basin's jobseekers, and report the fit. Targets: "
            + ", ".join(t.name for t in TARGETS)
            + f"; scored window {window_text()}. See docs/calibration.md."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("Examples:", 1)[1].join(["Examples:", ""]),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{fit,pipeline,report,validate}")

    fit = commands.add_parser("fit", help="fit the free parameters and write a behaviour config")
    fit.add_argument(
        "--calibration",
        default="belgium",
        choices=tuple(CALIBRATIONS),
        help="whose facts: belgium (the basin, configs/calibration.yaml, writes behaviour/fitted_belgium_2027.yaml) "
        "or france (the France reference, configs/calibration_france.yaml, writes behaviour/fitted_france.yaml)",
    )
    fit.add_argument("--seed", type=int, default=0, help="seed of the keyed draws (default 0)")
    fit.add_argument("--maxiter", type=int, default=300, help="optimiser iterations or generations (default 300)")
    fit.add_argument(
        "--method",
        default="nelder-mead",
        choices=("nelder-mead", "powell", "differential-evolution"),
        help="scipy.optimize method (default nelder-mead, from the prior values)",
    )
    fit.add_argument(
        "--territory",
        default=None,
        help=f"territory option (default: the calibration's, {BASIN} for belgium; the documented targets are its)",
    )
    fit.add_argument(
        "--out",
        type=Path,
        default=None,
        help="behaviour file to write (default configs/behaviour/<the calibration's behaviour_file>.yaml)",
    )
    fit.add_argument("--force", action="store_true", help="replace --out if it exists")
    fit.add_argument("--quiet", action="store_true", help="no progress lines")

    pipeline = commands.add_parser(
        "pipeline",
        help="fit the activity pipeline to the French first phase's ramp-up (writes pipeline/fitted_france.yaml)",
    )
    pipeline.add_argument(
        "--calibration",
        type=Path,
        default=None,
        help="calibration file (default configs/calibration_pipeline.yaml: targets, grid, seeds, the runs' overrides)",
    )
    pipeline.add_argument("--out", type=Path, default=None, help="pipeline option to write (default: the file's out)")
    pipeline.add_argument("--force", action="store_true", help="replace --out if it exists")
    pipeline.add_argument("--quiet", action="store_true", help="no progress lines")

    report = commands.add_parser("report", help="write the calibration report (HTML, CSV, Markdown)")
    report.add_argument("--out", type=Path, default=None, help="directory (default results/calibration/<time>/)")
    report.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    report.add_argument(
        "--check-seeds",
        default="1,2",
        help="other seeds on which the targets are re-measured, comma-separated (default 1,2; '' for none)",
    )
    report.add_argument("--reform-start", default="2025-01", help="first month of the reform run (default 2025-01)")
    report.add_argument("--reform-horizon", type=int, default=120, help="months of the reform run (default 120)")
    report.add_argument(
        "--france-horizon", type=int, default=120, help="months of the France comparison runs (default 120)"
    )
    report.add_argument(
        "--validation-seeds", type=int, default=5, help="seeds of the validation section's runs (default 5)"
    )
    report.add_argument("--force", action="store_true", help="write into --out even if it holds a report")

    check = commands.add_parser(
        "validate",
        help="the France reference's evaluation-aligned outputs beside the published 2025 evaluation",
    )
    check.add_argument("--out", type=Path, default=None, help="directory (default results/validation/<time>/)")
    check.add_argument("--seeds", type=int, default=5, help="seeds 0 .. n-1 of each run (default 5)")
    check.add_argument("--force", action="store_true", help="write into --out even if it holds a validation page")
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"tzcld-calibrate: {message}", file=sys.stderr)
    return code


def _run_fit(args: argparse.Namespace, command: str) -> int:
    from sim.calibration.behaviour_file import fitted_file, round_values, write_fitted
    from sim.calibration.fit import fit, objective_value, target_table
    from sim.calibration.moments import calibration_config, monthly_moments, with_behaviour

    calibration = load_calibration(args.calibration)
    territory = args.territory or calibration.territory
    out = args.out or fitted_file(calibration)
    if out.exists() and not args.force:
        return _fail(f"{out} already exists; pass --force to replace it (nothing was fitted or written)")
    if args.maxiter < 1:
        return _fail(f"--maxiter {args.maxiter}: expected an integer >= 1")

    def progress(evaluations: int, best: float) -> None:
        if not args.quiet and evaluations % 25 == 0:
            print(f"  {evaluations} simulations, best objective {best:.5f}", file=sys.stderr)

    names = ", ".join(p.name for p in calibration.free_parameters)
    if not args.quiet:
        print(f"Fitting {names} on {territory} (seed {args.seed}, {args.method})", file=sys.stderr)
    result = fit(
        territory,
        args.seed,
        args.method,
        args.maxiter,
        extra_overrides=[PRIOR],
        progress=progress,
        calibration=calibration,
    )
    # The file holds rounded values: measure the targets again at exactly those.
    cfg = calibration_config(territory, args.seed, [PRIOR], calibration)
    moments = monthly_moments(with_behaviour(cfg, round_values(result.values)), calibration=calibration)
    table = target_table(moments, calibration.targets)
    path = write_fitted(result, table, cfg, out, command=command, force=args.force, calibration=calibration)

    print(f"Fitted in {result.seconds:.1f} s, {result.evaluations} simulations, converged: {result.converged}")
    print(
        f"Objective: prior {result.objective_start:.5f} -> fitted {objective_value(moments, calibration.targets):.5f}"
    )
    for name, value in round_values(result.values).items():
        print(f"  {name:30s} {result.start[name]:>8g} -> {value:g}")
    if result.at_bound:
        print(f"  on a bound of its range: {', '.join(result.at_bound)}")
    print(f"{'target':22s} {'documented':>10s} {'model':>8s} {'error':>8s}  tolerance")
    for row in table.itertuples():
        flag = "" if row.met else "  NOT MET"
        print(
            f"{row.target:22s} {row.target_value:>10g} {row.model_mean:>8.4f} {row.relative_error:>+8.1%}"
            f"  ±{row.tolerance:.1%}{flag}"
        )
    print(f"Wrote {path}")
    return 0


def _run_pipeline(args: argparse.Namespace, command: str) -> int:
    import yaml

    from sim.calibration.pipeline_fit import (
        DEFAULT_PATH,
        fit_pipeline,
        load_pipeline_calibration,
        write_fitted_pipeline,
    )
    from sim.config.load import CONFIG_DIR

    source = args.calibration or DEFAULT_PATH
    if not source.is_file():
        return _fail(f"--calibration {source}: no such file")
    calibration = load_pipeline_calibration(source)
    out = args.out or CONFIG_DIR / calibration.out
    if out.exists() and not args.force:
        return _fail(f"{out} already exists; pass --force to replace it (nothing was fitted or written)")
    prior = yaml.safe_load((CONFIG_DIR / "pipeline" / "default.yaml").read_text(encoding="utf-8"))
    start = {p.name: float(prior[p.path.split(".")[1]]["value"]) for p in calibration.parameters}

    def progress(evaluations: int, best: float) -> None:
        if not args.quiet and evaluations % 10 == 0:
            print(f"  {evaluations} simulations, best objective {best:.4f}", file=sys.stderr)

    result = fit_pipeline(calibration, start, progress)
    path = write_fitted_pipeline(result, calibration, out, command, force=args.force)
    print(f"Fitted in {result.seconds:.0f} s, {result.evaluations} simulations")
    print(f"Objective: prior {result.objective_start:.4f} -> fitted {result.objective:.4f}")
    for name, value in result.values.items():
        print(f"  {name:42s} {result.start[name]:>6g} -> {value:g}")
    print(f"{'target':32s} {'documented':>10s} {'model':>8s} {'error':>8s}")
    for row in result.table.itertuples():
        print(f"{row.target:32s} {row.documented:>10g} {row.model:>8.1f} {row.relative_error:>+8.1%}")
    print(f"Wrote {path}")
    return 0


def _run_validate(args: argparse.Namespace) -> int:
    from sim.calibration.validation import write_validation

    if args.seeds < 1:
        return _fail(f"--seeds {args.seeds}: expected an integer >= 1")
    out = args.out or Path("results") / "validation" / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    try:
        written = write_validation(out, seeds=range(args.seeds), force=args.force)
    except FileExistsError as error:
        return _fail(str(error))
    print(f"Wrote {written['validation.html']} (and {len(written) - 1} CSV files)")
    return 0


def _run_report(args: argparse.Namespace, command: str) -> int:
    from sim.calibration.report import write_report

    try:
        seeds = [int(s) for s in args.check_seeds.split(",") if s.strip()]
    except ValueError:
        return _fail(f"--check-seeds {args.check_seeds!r}: expected integers separated by commas, e.g. 1,2")
    out = args.out or Path("results") / "calibration" / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    written = write_report(
        out,
        seed=args.seed,
        check_seeds=seeds,
        reform_start=args.reform_start,
        reform_horizon=args.reform_horizon,
        france_horizon=args.france_horizon,
        command=command,
        force=args.force,
        validation_seeds=range(max(1, args.validation_seeds)),
    )
    for path in written.values():
        print(f"Wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the exit code (0 ok, 2 bad input or refusal)."""
    args = _parser().parse_args(argv)
    command = "tzcld-calibrate " + shlex.join(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "fit":
            return _run_fit(args, command)
        if args.command == "validate":
            return _run_validate(args)
        if args.command == "pipeline":
            return _run_pipeline(args, command)
        return _run_report(args, command)
    except ConfigError as error:
        return _fail(f"invalid configuration, nothing was written.\n{error}")
    except (FileExistsError, KeyError, ValueError, HydraException, OmegaConfBaseException) as error:
        return _fail(f"{error}")
    except OSError as error:  # a folder or file that cannot be written
        from sim.outputs import describe_os_error

        return _fail(describe_os_error(error))


if __name__ == "__main__":
    sys.exit(main())
