"""Running a whole experiment into its results directory, resumably.

The directory's ``experiment.json`` is written before any run and carries the spec hash: a
rerun with the same spec skips the runs already complete (manifest ``ok`` and files readable)
and redoes the others from a clean directory; a different spec is refused unless ``restart``.
Runs are written atomically with their manifest last, and the experiment-level tables are
rebuilt from the run directories at the end, each atomically: killing the process at any
moment (even ``kill -9``) leaves nothing that a rerun or a reader could mistake for complete.
An invocation claims the folder first (:func:`sim.outputs.claim_folder`): a second invocation on
the same folder is refused while the first runs, and takes over the claim of one that was killed.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config.validate import ConfigError
from sim.experiments.aggregate import read_json, run_is_complete, write_tables
from sim.experiments.design import Design, RunTask, expand, tasks
from sim.experiments.runner import RunResult, clean_run_dir, run_dask, run_in_process, run_local
from sim.experiments.spec import ExperimentSpec
from sim.outputs import CLAIM_FILE, claim_folder, git_commit, now_utc, write_json

EXPERIMENT_FILE = "experiment.json"
# What an experiment writes at the top of its folder (removed by ``restart``).
OUTPUTS = (
    "runs.parquet",
    "timeseries.parquet",
    "ledger.parquet",
    "aggregate.parquet",
    "paired_differences.parquet",
    "sensitivity.parquet",
    "break_even.json",
)


class ExperimentDirError(RuntimeError):
    """The results directory cannot be used (another experiment, or not an experiment)."""


@dataclass
class ExperimentOutcome:
    """What an experiment invocation did.

    Attributes:
        out_dir: The results directory.
        n_runs: Runs in the experiment.
        done: Runs completed successfully by this invocation.
        failed: Runs that failed in this invocation.
        skipped: Runs already complete from an earlier invocation (resume).
        seconds: Wall time of the invocation.
        failures: ``(run_id, error)`` of the failed runs.
        notes: Messages of the analyses (indicators not analysed, dropped points).
    """

    out_dir: Path
    n_runs: int
    done: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        """The experiment-level files written."""
        return [p for p in (self.out_dir / n for n in (EXPERIMENT_FILE, *OUTPUTS)) if p.exists()]


def prepare_dir(out_dir: Path, spec: ExperimentSpec, restart: bool) -> bool:
    """Make ``out_dir`` ready; returns True when resuming an earlier invocation of the same spec.

    Raises:
        ExperimentDirError: If the folder holds a different experiment (without ``restart``) or
            is not empty and not an experiment folder.
    """
    if not out_dir.exists() or not any(child.name != CLAIM_FILE for child in out_dir.iterdir()):
        return False
    record = read_json(out_dir / EXPERIMENT_FILE)
    if record is None:
        raise ExperimentDirError(
            f"{out_dir} is not empty and holds no readable {EXPERIMENT_FILE}: not an experiment folder; "
            "results are never overwritten, choose another --out"
        )
    if restart:
        for name in (EXPERIMENT_FILE, *OUTPUTS, "dashboard.html"):
            (out_dir / name).unlink(missing_ok=True)
        shutil.rmtree(out_dir / "runs", ignore_errors=True)
        return False
    if record.get("spec_hash") != spec.spec_hash:
        raise ExperimentDirError(
            f"{out_dir} holds experiment {record.get('name')!r} with another specification "
            f"(spec_hash {str(record.get('spec_hash'))[:12]}..., this one {spec.spec_hash[:12]}...; "
            f"{'with' if record.get('quick') else 'without'} --quick). Nothing was changed. "
            "Use another --out, or --restart to delete its runs and start again."
        )
    return True


def validate_points(spec: ExperimentSpec, design: Design, all_tasks: list[RunTask]) -> None:
    """Compose and validate representative runs before simulating anything.

    Lists: every point. Grids: each level of each factor once (others at their first level);
    an invalid combination of valid levels surfaces as a failed run. Samples: the first point
    and the points with every uncertainty at its low and at its high end.

    Raises:
        ConfigError: Naming the file, the point and its overrides, and the problems.
    """
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from sim.config.load import compose_config, to_run_config
    from sim.config.validate import validate
    from sim.experiments.design import override

    first = {t.point: t for t in reversed(all_tasks)}
    checks: list[tuple[str, list[str]]] = []
    if design.kind == "sample":
        task = first[0]
        checks.append(("point 0", list(task.overrides)))
        base = [o for o in task.overrides if not any(o.startswith(u.path + "=") for u in design.uncertainties)]
        for end in ("low", "high"):
            values = [u.override(getattr(u, end)) for u in design.uncertainties]
            checks.append((f"every uncertainty at its {end} end", base[:-2] + values + base[-2:]))
    elif design.kind == "grid":
        factors = spec.design["factors"]
        names = list(factors)
        fixed = [override(k, v) for k, v in (spec.design.get("fixed") or {}).items() if k not in factors]
        seen = set()
        for name in names:
            for value in factors[name]:
                combo = {n: (value if n == name else factors[n][0]) for n in names}
                key = tuple(sorted(map(repr, combo.items())))
                if key in seen:
                    continue
                seen.add(key)
                tail = list(first[0].overrides[-2:])
                overrides = [*spec.base_overrides, *fixed, *(override(k, v) for k, v in combo.items()), *tail]
                checks.append((f"{name}={value!r}", overrides))
    else:
        checks = [(f"point {p.index}", list(first[p.index].overrides)) for p in design.points]
    for label, overrides in checks:
        try:
            validate(to_run_config(compose_config(overrides)))
        except (ConfigError, HydraException, OmegaConfBaseException, ValueError) as error:
            raise ConfigError([f"{spec.source}: design {label} ({' '.join(overrides)}): {error}"]) from error


def check_extras(spec: ExperimentSpec) -> None:
    """Refuse, before any run, an analysis whose optional package is not installed.

    Raises:
        ConfigError: Naming the analysis and the command that installs its extra.
    """
    from sim.config.extras import MissingExtra, require_extra

    for i, entry in enumerate(spec.analysis):
        if entry.get("kind") == "prim":
            try:
                require_extra("discovery", f"analysis[{i}] (kind: prim)")
            except MissingExtra as error:
                raise ConfigError([f"{spec.source}: {error}"]) from error


def _record(spec: ExperimentSpec, design: Design, n_runs: int, **extra: Any) -> dict[str, Any]:
    uncertainties = [
        {"name": u.name, "path": u.path, "low": u.low, "high": u.high, "unit": u.unit} for u in design.uncertainties
    ]
    return {
        "name": spec.name,
        "question": spec.question,
        "spec": spec.resolved,
        "spec_file": str(spec.path) if spec.path is not None else None,
        "spec_hash": spec.spec_hash,
        "quick": spec.quick,
        "root_seed": spec.root_seed,
        "replications": spec.replications,
        "horizon_months": spec.horizon_months,
        "indicators": list(spec.indicators),
        "design": design.kind,
        "sample_method": design.method,
        "factors": design.factor_names,
        "uncertainties": uncertainties,
        "n_points": len(design.points),
        "n_runs": n_runs,
        "git_commit": git_commit(),
        **extra,
    }


def _results(todo: list[RunTask], workers: int, client: Any) -> Iterator[RunResult]:
    if client is not None:
        return run_dask(todo, client)
    if workers == 0:
        return run_in_process(todo)
    return run_local(todo, workers)


def run_experiment(
    spec: ExperimentSpec,
    out_dir: Path | None = None,
    *,
    workers: int = 2,
    client: Any = None,
    restart: bool = False,
    progress: bool = True,
    on_result: Callable[[RunResult], None] | None = None,
) -> ExperimentOutcome:
    """Run (or resume) an experiment and write its results directory.

    Args:
        spec: The validated experiment file.
        out_dir: Results directory (default ``results/experiments/<name>[-quick]``).
        workers: Local worker processes; 0 runs in this process (debugging).
        client: A ``distributed.Client``: runs go to its cluster instead of local processes.
        restart: Delete an earlier invocation's runs in ``out_dir`` and start again.
        progress: Show a progress bar on stderr.
        on_result: Called after each run (tests use it to stop an experiment midway).

    Raises:
        ConfigError: For a design whose points do not compose or validate (nothing simulated).
        ExperimentDirError: For an unusable results directory (nothing changed).
        sim.outputs.FolderBusy: Another invocation is running in ``out_dir`` (nothing changed).
        OSError: ``out_dir`` cannot be created or written.
    """
    clock = time.perf_counter()
    out_dir = Path(out_dir or spec.default_out).resolve()
    design = expand(spec)
    all_tasks = tasks(spec, design, out_dir)
    check_extras(spec)
    with claim_folder(out_dir, purpose=f"tzcld-experiment run {spec.name}") as claim:
        outcome = _run_claimed(spec, out_dir, design, all_tasks, workers, client, restart, progress, on_result)
        if claim.taken_over:
            holder = claim.taken_over
            outcome.notes.insert(
                0,
                f"took over the folder from an invocation that ended without releasing it "
                f"(pid {holder.get('pid')} on {holder.get('host')}, since {holder.get('since')})",
            )
    outcome.seconds = time.perf_counter() - clock
    return outcome


def _run_claimed(
    spec: ExperimentSpec,
    out_dir: Path,
    design: Design,
    all_tasks: list[RunTask],
    workers: int,
    client: Any,
    restart: bool,
    progress: bool,
    on_result: Callable[[RunResult], None] | None,
) -> ExperimentOutcome:
    clock = time.perf_counter()
    resuming = prepare_dir(out_dir, spec, restart)
    if not resuming:
        validate_points(spec, design, all_tasks)
    started_at = now_utc()
    record = _record(spec, design, len(all_tasks), status="running", started_at=started_at, finished_at=None)
    earlier = read_json(out_dir / EXPERIMENT_FILE) if resuming else None
    if earlier:
        record["first_started_at"] = earlier.get("first_started_at") or earlier.get("started_at")
    else:
        record["first_started_at"] = started_at
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".*.tmp"):  # temporaries of a killed invocation
        stale.unlink(missing_ok=True)
    write_json(out_dir / EXPERIMENT_FILE, record)

    outcome = ExperimentOutcome(out_dir=out_dir, n_runs=len(all_tasks))
    todo = []
    for task in all_tasks:
        if resuming and run_is_complete(Path(task.run_dir), task.seed):
            outcome.skipped += 1
        else:
            clean_run_dir(Path(task.run_dir))
            todo.append(task)

    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=spec.name, unit="run", file=sys.stderr, dynamic_ncols=True)
    try:
        for result in _results(todo, workers, client):
            if result.status == "ok":
                outcome.done += 1
            else:
                outcome.failed += 1
                outcome.failures.append((result.run_id, result.error or "unknown error"))
            if bar is not None:
                remaining = len(todo) - outcome.done - outcome.failed
                bar.set_postfix_str(f"done {outcome.done}, failed {outcome.failed}, remaining {remaining}")
                bar.update()
            if on_result is not None:
                on_result(result)
    finally:
        if bar is not None:
            bar.close()

    runs = write_tables(out_dir, all_tasks, design)
    outcome.notes = _analyses(spec, design, runs, out_dir)
    outcome.seconds = time.perf_counter() - clock
    ok = int((runs["status"] == "ok").sum())
    # done + failed = n_runs over the folder; `skipped` and `invocation` describe this call.
    record |= {
        "status": "finished",
        "finished_at": now_utc(),
        "done": ok,
        "failed": len(runs) - ok,
        "skipped": outcome.skipped,
        "invocation": {"done": outcome.done, "failed": outcome.failed, "skipped": outcome.skipped},
        "seconds": round(outcome.seconds, 1),
        "analysis_notes": outcome.notes,
    }
    write_json(out_dir / EXPERIMENT_FILE, record)
    return outcome


def _analyses(spec: ExperimentSpec, design: Design, runs: Any, out_dir: Path) -> list[str]:
    if not spec.analysis:
        return []
    from sim.experiments.analysis import run_analyses

    return run_analyses(spec, design, runs, out_dir)


def status(out_dir: Path) -> dict[str, Any]:
    """State of an experiment folder: its record and the runs complete, failed, partial, missing.

    Raises:
        ExperimentDirError: If the folder holds no readable ``experiment.json``.
    """
    record = read_json(out_dir / EXPERIMENT_FILE)
    if record is None:
        raise ExperimentDirError(f"{out_dir}: no readable {EXPERIMENT_FILE}; not an experiment folder")
    counts = {"ok": 0, "failed": 0, "partial": 0, "not_started": 0}
    runs_dir = out_dir / "runs"
    seen = 0
    for run_dir in sorted(runs_dir.iterdir()) if runs_dir.is_dir() else []:
        if not run_dir.is_dir():
            continue
        seen += 1
        manifest = read_json(run_dir / "manifest.json")
        if run_is_complete(run_dir):
            counts["ok"] += 1
        elif manifest is not None and manifest.get("status") == "failed":
            counts["failed"] += 1
        else:
            counts["partial"] += 1
    counts["not_started"] = max(0, int(record.get("n_runs", 0)) - seen)
    return {"record": record, "counts": counts, "files": [n for n in OUTPUTS if (out_dir / n).exists()]}
