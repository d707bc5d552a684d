"""``tzcld-main``: the main job. Runs the three designs for the pilot micro-territory and the
whole basin with several seeds each (every run paired with its status-quo twin), prints the
comparison table and the yearly public budget by payer, and writes a self-contained HTML page.

Example:
    tzcld-main                       # 3 designs x 2 territories x 3 seeds, 120 months
    tzcld-main --seeds 5 --horizon 60 --territories pilot
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from hydra.errors import HydraException
from omegaconf.errors import OmegaConfBaseException

from sim.config.load import compose_config, to_run_config
from sim.config.schema import DESIGNS
from sim.config.validate import ConfigError, validate
from sim.outputs import CLAIM_FILE, FolderBusy, claim_folder, describe_os_error, write_json
from sim.run import execute

PROG = "tzcld-main"
TERRITORIES = ("pilot", "coeur_du_hainaut")


def run_name(design: str, territory: str, seed: int) -> str:
    """Directory name of one run inside the main job's folder."""
    return f"{design}_{territory}_seed{seed}"


def _one(overrides: list[str], out_dir: str) -> tuple[str, str | None, float]:
    clock = time.perf_counter()
    cfg = compose_config(overrides)
    outcome = execute(cfg, Path(out_dir), overrides=overrides)
    return out_dir, outcome.error, time.perf_counter() - clock


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="tzcld-main", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds per design and territory (default 3)")
    parser.add_argument("--horizon", type=int, default=120, help="months simulated (default 120)")
    parser.add_argument("--territories", nargs="+", default=list(TERRITORIES), help="territory options")
    parser.add_argument("--designs", nargs="+", default=list(DESIGNS), help="scenario options")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes (default 2)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default results/main/<time>)")
    parser.add_argument("overrides", nargs="*", help="extra Hydra overrides applied to every run, e.g. seed offsets")
    args = parser.parse_args(argv)
    if args.seeds < 1 or args.horizon < 1 or args.workers < 1:
        parser.error("--seeds, --horizon and --workers must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the main job; returns the process exit code."""
    args = parse_args(argv)
    out = args.out or Path("results") / "main" / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    try:
        _refuse_used(out)
    except (FileExistsError, OSError) as error:
        print(f"{PROG}: {_told(error)}; nothing was simulated", file=sys.stderr)
        return 2
    jobs = []
    for territory in args.territories:
        for design in args.designs:
            for seed in range(args.seeds):
                overrides = [f"scenario={design}", f"territory={territory}", f"seed={seed}"]
                overrides += [f"horizon_months={args.horizon}", *args.overrides]
                jobs.append((overrides, str(out / run_name(design, territory, seed))))
    try:
        # Compose and check one configuration per territory and design before running anything.
        for overrides, _ in jobs[:: args.seeds]:
            validate(to_run_config(compose_config(overrides)))
    except (ConfigError, HydraException, OmegaConfBaseException) as error:
        print(f"{PROG}: invalid configuration, nothing was simulated.\n{error}", file=sys.stderr)
        return 2
    try:
        claim = claim_folder(out, purpose=PROG)
    except (FolderBusy, OSError) as error:
        print(f"{PROG}: {_told(error)}; nothing was simulated", file=sys.stderr)
        return 2
    try:
        with claim:
            _refuse_used(out)  # again, now that no other job can start here
            return _run_job(args, argv, out, jobs)
    except (FileExistsError, OSError) as error:
        print(f"{PROG}: {_told(error)}", file=sys.stderr)
        return 2


def _refuse_used(out: Path) -> None:
    if out.exists() and any(child.name != CLAIM_FILE for child in out.iterdir()):
        raise FileExistsError(f"{out} already exists and is not empty; results are never overwritten")


def _told(error: Exception) -> str:
    if isinstance(error, OSError) and not isinstance(error, FileExistsError):
        return describe_os_error(error)
    return str(error)


def _run_job(args: argparse.Namespace, argv: list[str] | None, out: Path, jobs: list[tuple[list[str], str]]) -> int:
    from tqdm.auto import tqdm

    command = "tzcld-main " + shlex.join(argv if argv is not None else sys.argv[1:])
    # The job's own record: tzcld-report shows this command in the dashboard's "reproduce" panel.
    write_json(out / "job.json", {"command": command, "runs": [Path(d).name for _, d in jobs]})
    started = time.perf_counter()
    failures: list[str] = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = {pool.submit(_one, overrides, run_dir): run_dir for overrides, run_dir in jobs}
        with tqdm(total=len(futures), unit="run", desc="tzcld-main", file=sys.stderr) as bar:
            for future in as_completed(futures):
                # One failing run is reported; the others go on.
                try:
                    _, error, _seconds = future.result()
                except Exception as crash:  # noqa: BLE001 - e.g. a worker that died
                    error = f"{type(crash).__name__}: {crash}"
                if error:
                    failures.append(f"{futures[future]}: {error}")
                bar.set_postfix(failed=len(failures))
                bar.update()

    from sim.dashboard import load_results, write_dashboard
    from sim.report.console import format_console
    from sim.report.runs import load_runs
    from sim.report.tables import budget_summary, cost_items_table, headline_table, yearly_budget_by_payer

    # A run whose worker died has no manifest: it is listed among the failures, not read.
    runset = load_runs([Path(d) for _, d in jobs if (Path(d) / "manifest.json").exists()])
    headline = headline_table(runset.summaries)
    budget = budget_summary(yearly_budget_by_payer(runset.ledger, runset.payers))
    print()
    print(format_console(headline, budget, cost_items=cost_items_table(runset.ledger, runset.summaries)))
    dashboard = out / "dashboard.html"
    if runset.n_runs:
        write_dashboard(load_results(out), dashboard)
    elapsed = time.perf_counter() - started
    shown = f", dashboard: {dashboard}" if dashboard.exists() else ", no dashboard (no run succeeded)"
    print(f"\n{len(jobs)} runs ({len(failures)} failed) in {elapsed:.0f} s; runs in {out}/{shown}")
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
