"""tzcld-export: a results folder's tables as CSV files or an Excel workbook.

Examples:
    tzcld-export results/experiments/compare_designs --format xlsx
    tzcld-export results/main/2027-01-01_12-00-00 --format csv --out tables/
    tzcld-export results/runs/<run> --format csv --table headline --out headline.csv

Any folder tzcld, tzcld -m, tzcld-main or tzcld-experiment writes. Tables (docs/results.md,
"Exports"): headline, indicators, payer_budget, paired_differences, indicators_by_run, units.
Default output: RESULTS_DIR/export.xlsx, or the folder RESULTS_DIR/export/ with one CSV per
table. Nothing is overwritten without --force.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    from sim.report.export import TABLES

    parser = argparse.ArgumentParser(
        prog="tzcld-export",
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("results", type=Path, help="a run, multirun, main-job or experiment results folder")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="xlsx", help="xlsx (default) or csv")
    parser.add_argument(
        "--out", type=Path, help="the workbook (xlsx), the folder of CSV files, or one .csv with a single --table"
    )
    parser.add_argument("--table", action="append", choices=TABLES, help="export only this table (repeatable)")
    parser.add_argument("--force", action="store_true", help="replace files that already exist")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``tzcld-export``; returns the exit code."""
    args = parse_args(argv)
    from sim.dashboard.data import ResultsError
    from sim.report.export import TABLES, ExportError, export_tables, write_csv, write_csv_file, write_xlsx

    tables = args.table or list(TABLES)
    single_csv = args.format == "csv" and args.out is not None and args.out.suffix == ".csv"
    try:
        if single_csv and len(tables) != 1:
            raise ExportError(f"--out {args.out} is one CSV file: choose one table with --table")
        if args.format == "xlsx" and args.out is not None and args.out.suffix != ".xlsx":
            raise ExportError(f"--out {args.out}: a workbook's name ends with .xlsx")
        frames = export_tables(args.results, tables)
        if single_csv:
            written = [write_csv_file(frames[tables[0]], args.out, force=args.force)]
        elif args.format == "csv":
            written = write_csv(frames, args.out or args.results / "export", force=args.force)
        else:
            written = [write_xlsx(frames, args.out or args.results / "export.xlsx", force=args.force)]
    except (ResultsError, ExportError) as error:
        print(f"tzcld-export: nothing was written.\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    rows = ", ".join(f"{name} ({len(frame)} rows)" for name, frame in frames.items())
    print(f"tzcld-export: {rows}")
    for path in written:
        print(f"  {path}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
