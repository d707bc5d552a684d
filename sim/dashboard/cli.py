"""``tzcld-report``: write the self-contained dashboard of a results directory.

Examples:
    tzcld-report results/main/2027-01-01_10-00-00            # -> <dir>/dashboard.html, in French
    tzcld-report results/experiments/compare_designs --lang en --out /tmp/compare.html
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sim.dashboard.data import ResultsError, load_results
from sim.dashboard.html import write_dashboard
from sim.outputs import describe_os_error
from sim.report.numbers import LANGS

DEFAULT_NAME = "dashboard.html"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="tzcld-report",
        description="Write the self-contained HTML dashboard (French and English, opens offline) of a run, "
        "a multirun, a tzcld-main job or an experiment results directory.",
    )
    parser.add_argument("results_dir", type=Path, help="results directory to show")
    parser.add_argument(
        "--lang", choices=LANGS, default="fr", help="language shown first (default fr; both are in the page)"
    )
    parser.add_argument("--out", type=Path, default=None, help=f"output file (default <results_dir>/{DEFAULT_NAME})")
    parser.add_argument("--force", action="store_true", help="replace an existing dashboard")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the exit code (0 done, 2 bad input)."""
    args = parse_args(argv)
    if not args.results_dir.is_dir():
        what = "is not a folder" if args.results_dir.exists() else "does not exist"
        print(
            f"tzcld-report: {args.results_dir} {what}: give a run, multirun, main-job or experiment results folder",
            file=sys.stderr,
        )
        return 2
    out = args.out or args.results_dir / DEFAULT_NAME
    if out.exists() and not args.force:
        print(f"tzcld-report: {out} already exists; pass --force to replace it", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"tzcld-report: the folder of --out {out} does not exist", file=sys.stderr)
        return 2
    clock = time.perf_counter()
    try:
        results = load_results(args.results_dir)
    except ResultsError as error:
        print(f"tzcld-report: cannot read the results: {error}", file=sys.stderr)
        return 2
    try:
        write_dashboard(results, out, args.lang, force=args.force)
    except OSError as error:
        print(f"tzcld-report: {describe_os_error(error)}; no dashboard was written", file=sys.stderr)
        return 2
    size = out.stat().st_size / 1e6
    failed = len(results.failed_runs)
    note = f", {failed} failed run(s) listed" if failed else ""
    print(f"{out} ({size:.1f} MB, {len(results.ok_runs)} runs{note}) in {time.perf_counter() - clock:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
