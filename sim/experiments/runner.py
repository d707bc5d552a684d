"""Executing an experiment's runs: in this process, in a local process pool, or on Dask.

:func:`run_one` is the unit of work, the same on every backend: it composes the run's
configuration, writes its directory through :func:`sim.run.execute` (files atomic, manifest
last) and never raises for a failing run: the failure is recorded in the run's manifest
(``status: failed`` with the error) and returned. Workers are long-lived processes, so imports
(about 1.3 s) are paid once per worker, not once per run, and a composed configuration is reused
by the replications of the same design point.

With Dask, runs write their directories themselves: the workers must see the experiment folder
at the same path (workers on this machine, or a shared filesystem on a cluster).
"""

from __future__ import annotations

import multiprocessing
import shutil
import threading
import time
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.experiments.design import RunTask

_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[str, ...], Any] = OrderedDict()
_CACHE_SIZE = 32


@dataclass(frozen=True)
class RunResult:
    """What became of one run."""

    run_id: str
    status: str  # "ok" or "failed"
    error: str | None
    wall_seconds: float


def compose_run(overrides: tuple[str, ...]) -> Any:
    """The composed configuration of a run, reusing the composition of the same point.

    Hydra composition takes about 0.3 s, as long as a short pilot run; the replications of a
    point differ only by the trailing ``seed=<n>`` override, so the point's configuration is
    composed once per worker and its seed replaced in place (the run only reads the object;
    a test checks the result equals a full composition).
    """
    from sim.config.load import compose_config

    if overrides and overrides[-1].startswith("seed="):
        key, seed = overrides[:-1], int(overrides[-1].partition("=")[2])
        if key not in _CACHE:
            _CACHE[key] = compose_config(list(overrides))
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        _CACHE.move_to_end(key)
        cfg = _CACHE[key]
        cfg.seed = seed
        return cfg
    return compose_config(list(overrides))


def clean_run_dir(run_dir: Path) -> None:
    """Remove what a killed or failed attempt left in a run directory."""
    if run_dir.exists():
        shutil.rmtree(run_dir)


def run_one(task: RunTask) -> RunResult:
    """Run one task into its directory; a failure is recorded, never raised.

    The directory is emptied first (a rerun after a crash redoes the run from scratch).
    """
    from sim.outputs import now_utc
    from sim.run import execute

    # One run at a time per process: Hydra's global state and the shared cached configuration
    # are not thread-safe (a Dask worker started with several threads runs its tasks in turn).
    with _LOCK:
        clock = time.perf_counter()
        run_dir = Path(task.run_dir)
        clean_run_dir(run_dir)
        started = now_utc()
        try:
            cfg = compose_run(task.overrides)
            error = execute(cfg, run_dir, overrides=list(task.overrides)).error
        except Exception as exc:  # noqa: BLE001 - a bad point must not stop the experiment
            error = f"{type(exc).__name__}: {exc}"
            write_failed_manifest(task, error, traceback.format_exc(), started)
            return RunResult(task.run_id, "failed", error, round(time.perf_counter() - clock, 3))
    status = "failed" if error else "ok"
    return RunResult(task.run_id, status, error, round(time.perf_counter() - clock, 3))


def write_failed_manifest(task: RunTask, error: str, trace: str | None = None, started: str | None = None) -> None:
    """Record a run that failed before :func:`sim.run.execute` could (bad override, dead worker)."""
    from sim.outputs import RESULT_FILES, now_utc, write_json

    run_dir = Path(task.run_dir)
    if (run_dir / "manifest.json").exists():
        return
    for name in RESULT_FILES:
        (run_dir / name).unlink(missing_ok=True)
    write_json(
        run_dir / "manifest.json",
        {
            "status": "failed",
            "error": error,
            "traceback": trace,
            "run_id": task.run_id,
            "seed": task.seed,
            "overrides": list(task.overrides),
            "started_at": started or now_utc(),
            "finished_at": now_utc(),
        },
    )


def _warm_up() -> None:
    # Paid once per worker process: the simulator's imports (Mesa, Hydra, pandas, pyarrow).
    import sim.config.load  # noqa: F401
    import sim.run  # noqa: F401


def _crashed(task: RunTask, exc: BaseException) -> RunResult:
    error = f"worker crashed: {type(exc).__name__}: {exc}"
    write_failed_manifest(task, error)
    return RunResult(task.run_id, "failed", error, 0.0)


def run_in_process(tasks: list[RunTask]) -> Iterator[RunResult]:
    """Run the tasks one after the other in this process (``--workers 0``; debugging, tests)."""
    for task in tasks:
        yield run_one(task)


def run_local(tasks: list[RunTask], workers: int) -> Iterator[RunResult]:
    """Run the tasks in a pool of ``workers`` processes, yielding results as they finish.

    The pool uses the ``spawn`` start method: a fresh interpreter per worker, safe with Hydra's
    global state and with threads in the parent.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up)
    try:
        futures = {pool.submit(run_one, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. BrokenProcessPool when a worker died
                yield _crashed(futures[future], exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(tasks: list[RunTask], client: Any) -> Iterator[RunResult]:
    """Run the tasks on a Dask cluster through ``client``, yielding results as they finish."""
    from distributed import as_completed as dask_completed

    # A fresh token per submission: a rerun must never be served a result Dask still holds.
    token = uuid.uuid4().hex[:12]
    futures = {client.submit(run_one, task, key=f"tzcld-{token}-{task.run_id}", pure=False): task for task in tasks}
    for future in dask_completed(list(futures)):
        try:
            yield future.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection
            yield _crashed(futures[future], exc)
