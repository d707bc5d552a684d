"""Dask clusters for experiments: an existing scheduler, or SLURM / PBS workers (dask-jobqueue).

A jobqueue file (e.g. ``experiments/cluster/slurm.yaml``) holds::

    kind: slurm          # slurm | pbs
    jobs: 4              # batch jobs submitted (each starts `cluster.processes` workers)
    cluster:             # keyword arguments of dask_jobqueue.SLURMCluster / PBSCluster
      cores: 8
      processes: 8
      memory: 16GB
      walltime: "02:00:00"
      job_script_prologue: ["cd /path/to/tzcld", "source .venv/bin/activate"]

Workers write the run directories themselves: they must see the experiment's ``--out`` folder
at the same absolute path (a shared filesystem), and run the same code and environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sim.config.validate import ConfigError

JOBQUEUE_KINDS = ("slurm", "pbs")
JOBQUEUE_KEYS = ("kind", "jobs", "cluster")


def load_jobqueue(path: Path) -> dict[str, Any]:
    """Read and check a jobqueue file.

    Raises:
        ConfigError: Naming the file and key, with the accepted values.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError([f"{path}: jobqueue file not found"])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError([f"{path}: not valid YAML: {error}"]) from error
    if not isinstance(data, dict):
        raise ConfigError([f"{path}: expected a mapping with keys {', '.join(JOBQUEUE_KEYS)}"])
    problems = [
        f"{path}: {k}: unknown key (accepted: {', '.join(JOBQUEUE_KEYS)})" for k in data if k not in JOBQUEUE_KEYS
    ]
    if data.get("kind") not in JOBQUEUE_KINDS:
        problems.append(f"{path}: kind = {data.get('kind')!r}: expected one of {', '.join(JOBQUEUE_KINDS)}")
    jobs = data.get("jobs", 1)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        problems.append(f"{path}: jobs = {jobs!r}: expected an integer >= 1 (batch jobs to submit)")
    cluster = data.get("cluster") or {}
    if not isinstance(cluster, dict):
        problems.append(f"{path}: cluster: expected a mapping of {data.get('kind')}Cluster keyword arguments")
    else:
        for key in ("cores", "memory"):
            if key not in cluster:
                problems.append(f"{path}: cluster.{key}: missing (dask-jobqueue needs cores and memory per job)")
    if problems:
        raise ConfigError(problems)
    return {"kind": data["kind"], "jobs": jobs, "cluster": dict(cluster)}


def build_jobqueue_cluster(config: dict[str, Any], **overrides: Any) -> Any:
    """The dask-jobqueue cluster of a loaded jobqueue file (no job is submitted until ``scale``).

    Args:
        config: As returned by :func:`load_jobqueue`.
        **overrides: Extra keyword arguments of the cluster class (tests bind the scheduler to
            127.0.0.1 this way).
    """
    try:
        from dask_jobqueue import PBSCluster, SLURMCluster
    except ImportError as error:  # optional dependency: pip install tzcld-sim[cluster]
        raise ConfigError(["--jobqueue needs dask-jobqueue: pip install 'tzcld-sim[cluster]'"]) from error
    cls = SLURMCluster if config["kind"] == "slurm" else PBSCluster
    return cls(**(config["cluster"] | overrides))


def connect(scheduler: str | None = None, jobqueue: Path | None = None) -> tuple[Any, Any]:
    """A Dask client for ``--scheduler ADDRESS`` or ``--jobqueue FILE``; returns (client, cluster).

    The cluster is ``None`` for an existing scheduler; for a jobqueue file it is the cluster
    started here (its jobs are submitted now and cancelled when it is closed).
    """
    from distributed import Client

    if scheduler is not None:
        return Client(scheduler, timeout="30s"), None
    config = load_jobqueue(jobqueue)
    cluster = build_jobqueue_cluster(config)
    cluster.scale(jobs=config["jobs"])
    return Client(cluster), cluster
