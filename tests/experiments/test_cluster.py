"""Experiments on Dask: a real local cluster (scheduler and two worker processes on 127.0.0.1)
gives the same results as the local run; SLURM / PBS files parse and build their job scripts."""

from __future__ import annotations

import pandas as pd
import pytest
from test_experiment import assert_same_results

from sim.config.validate import ConfigError
from sim.experiments.cli import main
from sim.experiments.cluster import build_jobqueue_cluster, load_jobqueue
from sim.experiments.experiment import run_experiment
from sim.experiments.spec import EXPERIMENTS_DIR, load_spec

LOOPBACK = {"host": "127.0.0.1", "dashboard_address": None}


@pytest.mark.slow  # a local Dask cluster (scheduler and workers on 127.0.0.1; make test-slow, CI)
def test_dask_cluster_gives_the_local_results(tmp_path, tiny_spec_file, tiny_reference):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, processes=True, threads_per_worker=1, **LOOPBACK) as cluster,
        Client(cluster) as client,
    ):
        out = tmp_path / "dask"
        outcome = run_experiment(load_spec(tiny_spec_file), out, client=client, progress=False)
        assert (outcome.done, outcome.failed) == (4, 0)
        assert_same_results(tiny_reference, out)
        # The command line's --scheduler path, against the same scheduler.
        quick_out = tmp_path / "cli"
        args = ["run", str(tiny_spec_file), "--quick", "--scheduler", cluster.scheduler_address]
        assert main([*args, "--out", str(quick_out), "--no-progress"]) == 0
    quick = pd.read_parquet(quick_out / "runs.parquet").drop(columns="wall_seconds")
    reference = pd.read_parquet(tiny_reference / "runs.parquet").drop(columns="wall_seconds")
    # --quick keeps one replication: the same runs as the reference's replication 0.
    # (text columns are categoricals: a subset keeps the full file's categories)
    expected = reference[reference.replication == 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(quick, expected, check_categorical=False)


@pytest.mark.parametrize(("name", "directive"), [("slurm", "#SBATCH"), ("pbs", "#PBS")])
def test_jobqueue_files_build_their_job_scripts(name, directive):
    config = load_jobqueue(EXPERIMENTS_DIR / "cluster" / f"{name}.yaml")
    assert config["kind"] == name and config["jobs"] >= 1
    # Nothing is submitted: a cluster only submits jobs when scaled.
    cluster = build_jobqueue_cluster(config, scheduler_options={"host": "127.0.0.1", "dashboard_address": None})
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    assert directive in script
    assert "source .venv/bin/activate" in script
    assert "distributed.cli.dask_worker" in script or "dask-worker" in script or "dask worker" in script
    assert f"--nworkers {config['cluster']['processes']}" in script


def test_bad_jobqueue_file_is_explained(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text("kind: lsf\njobs: 0\ncluster: {cores: 4}\nqueue: x\n")
    with pytest.raises(ConfigError) as error:
        load_jobqueue(path)
    message = str(error.value)
    for expected in (
        "kind = 'lsf': expected one of slurm, pbs",
        "jobs = 0",
        "cluster.memory: missing",
        "queue: unknown",
    ):
        assert expected in message
