"""Every column and key the commands write is in the data dictionary, and the files say so.

The outputs of every kind of folder (runs of each design and of the French policy, a multirun,
an experiment with a sample and its analyses, a grid experiment, a main job, the exports of each)
are written once; each Parquet column must carry its dictionary unit and description, text must
be dictionary-encoded and dates in milliseconds, and each JSON key must be documented. A failure
names the file and the missing names: add them to sim/contract/dictionary.yaml and render
docs/results.md (python -m sim.contract.markdown --write docs/results.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from result_folders import (
    GRID,
    SAMPLE,
    experiment_folder,
    main_job_folder,
    multirun_folder,
    run_folder,
    shared_folders,
)

from sim.contract.dictionary import TEXT, load, parse
from sim.contract.markdown import render
from sim.experiments.runner import write_failed_manifest
from sim.report.export import export_tables

ROOT = Path(__file__).resolve().parents[2]
RUNS = {
    "full_transposition": ["scenario=full_transposition", "territory=pilot", "horizon_months=12"],
    "existing_actors": ["scenario=existing_actors", "territory=pilot", "horizon_months=12"],
    "france": ["scenario=full_transposition", "territory=france_reference", "policy=france", "horizon_months=6"],
    "walloon_pilot": ["scenario=walloon_pilot", "territory=walloon_pilot", "start=2023-04", "horizon_months=42"],
}
FIX = "add it to sim/contract/dictionary.yaml, then: python -m sim.contract.markdown --write docs/results.md"


def _build(base: Path) -> dict[str, Path]:
    made = {name: run_folder(base / name, overrides) for name, overrides in RUNS.items()}
    made["multirun"] = multirun_folder(
        base / "multirun",
        [["scenario=full_transposition", "territory=pilot", f"seed={s}", "horizon_months=6"] for s in (0, 1)]
        + [["scenario=status_quo", "territory=pilot", f"seed={s}", "horizon_months=6"] for s in (0, 1)],
    )
    made["sample"] = experiment_folder(base / "sample", SAMPLE)
    made["grid"] = experiment_folder(base / "grid", GRID)
    made["main"] = main_job_folder(base / "main", "--seeds", "1", "--horizon", "3", "--territories", "pilot")
    return made


@pytest.fixture(scope="session")
def folders(tmp_path_factory) -> dict[str, Path]:
    return shared_folders(tmp_path_factory, "dictionary", _build)


def _check_parquet(path: Path, section: str, factors: tuple[str, ...] = ()) -> None:
    dictionary = load()
    schema = pq.read_schema(path)
    missing = dictionary.missing(section, schema.names, factors)
    assert not missing, f"{path.name} ({section}) writes {missing} without a dictionary entry: {FIX}"
    for field in schema:
        entry = dictionary.find(section, field.name, factors)
        metadata = field.metadata or {}
        assert metadata.get(b"unit") == entry.unit.encode(), f"{path}: {field.name} lacks its unit metadata"
        assert metadata.get(b"description") == entry.description.encode(), f"{path}: {field.name} description"
        if pa.types.is_timestamp(field.type):
            assert field.type.unit == "ms", f"{path}: {field.name} is {field.type}, not timestamp[ms]"
        if entry.is_text:
            assert field.type == TEXT, f"{path}: {field.name} is {field.type}, not dictionary-encoded text"
        assert not pa.types.is_string(field.type) and not pa.types.is_large_string(field.type), field.name


def _check_json(path: Path, section: str) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    missing = load().missing(section, data)
    assert not missing, f"{path.name} ({section}) writes {missing} without a dictionary entry: {FIX}"
    return data


def test_docs_results_md_is_rendered_from_the_dictionary() -> None:
    page = (ROOT / "docs" / "results.md").read_text(encoding="utf-8")
    assert page == render(), "docs/results.md is out of date: python -m sim.contract.markdown --write docs/results.md"


def test_the_dictionary_is_well_formed() -> None:
    dictionary = load()
    assert {"run.timeseries", "run.ledger", "run.summary", "run.manifest", "experiment.runs"} <= set(
        dictionary.sections
    )
    for section in dictionary.sections.values():
        for entry in section.entries:
            assert entry.unit.strip() and entry.description.strip(), f"{section.id}.{entry.name}"
    with pytest.raises(ValueError, match="include names no section"):
        parse({"sections": [{"id": "a", "file": "a", "scope": "run", "what": "", "include": ["nowhere"]}]})


@pytest.mark.parametrize("name", list(RUNS))
def test_a_runs_files_are_in_the_dictionary(folders: dict[str, Path], name: str) -> None:
    folder = folders[name]
    _check_parquet(folder / "timeseries.parquet", "run.timeseries")
    _check_parquet(folder / "ledger.parquet", "run.ledger")
    _check_parquet(folder / "evaluation.parquet", "run.evaluation")
    _check_parquet(folder / "territories.parquet", "run.territories")
    _check_json(folder / "summary.json", "run.summary")
    _check_json(folder / "manifest.json", "run.manifest")


def test_a_failed_runs_manifest_is_in_the_dictionary(tmp_path: Path) -> None:
    from sim.experiments.design import RunTask

    task = RunTask(run_id="p0000_r000", point=0, replication=0, seed=1, overrides=("seed=1",), run_dir=str(tmp_path))
    write_failed_manifest(task, "ValueError: broken", "Traceback ...")
    _check_json(tmp_path / "manifest.json", "run.manifest")


@pytest.mark.parametrize("name", ["sample", "grid"])
def test_an_experiments_files_are_in_the_dictionary(folders: dict[str, Path], name: str) -> None:
    folder = folders[name]
    record = _check_json(folder / "experiment.json", "experiment.record")
    factors = tuple(record["factors"])
    for file, section in [
        ("runs.parquet", "experiment.runs"),
        ("timeseries.parquet", "experiment.timeseries"),
        ("ledger.parquet", "experiment.ledger"),
        ("aggregate.parquet", "experiment.aggregate"),
        ("paired_differences.parquet", "experiment.paired"),
    ]:
        _check_parquet(folder / file, section, factors)
    if name == "sample":
        _check_parquet(folder / "sensitivity.parquet", "experiment.sensitivity")
        result = _check_json(folder / "break_even.json", "experiment.break_even")
        for analysis in result["analyses"]:
            assert not load().missing("experiment.break_even", analysis)


def test_runs_parquet_has_one_schema_whatever_the_outcomes(folders: dict[str, Path], tmp_path: Path) -> None:
    import pandas as pd

    from sim.experiments.aggregate import fixed_types
    from sim.outputs import write_parquet

    ok = pd.read_parquet(folders["grid"] / "runs.parquet")
    failed = ok[["run_id", "point", "replication", "seed", "status", "error", "wall_seconds", "scenario", "territory"]]
    failed = failed.assign(status="failed", error="RuntimeError: boom", wall_seconds=None, config_hash=None)
    factors = json.loads((folders["grid"] / "experiment.json").read_text())["factors"]
    failed[factors] = ok[factors]
    write_parquet(tmp_path / "runs.parquet", fixed_types(failed), factors)
    all_ok, all_failed = pq.read_schema(folders["grid"] / "runs.parquet"), pq.read_schema(tmp_path / "runs.parquet")
    shared = [name for name in all_failed.names if name in all_ok.names]
    assert all_ok.field("error").type == all_failed.field("error").type == TEXT
    for name in shared:
        assert all_ok.field(name).type == all_failed.field(name).type, name
    # every scalar summary key is a column even when no run succeeded
    assert "net_public_cost_per_fte_year" in all_failed.names and "horizon_months" in all_failed.names


def test_the_main_jobs_record_is_in_the_dictionary(folders: dict[str, Path]) -> None:
    _check_json(folders["main"] / "job.json", "main.job")


@pytest.mark.parametrize("name", ["full_transposition", "multirun", "grid", "sample", "main"])
def test_every_export_column_is_in_the_dictionary(folders: dict[str, Path], name: str) -> None:
    tables = export_tables(folders[name])
    factors = (
        tuple(json.loads((folders[name] / "experiment.json").read_text())["factors"])
        if name
        in (
            "grid",
            "sample",
        )
        else ()
    )
    for table, frame in tables.items():
        missing = load().missing(f"export.{table}", frame.columns, factors)
        assert not missing, f"export table {table} has columns {missing} without a dictionary entry: {FIX}"
    units = tables["units"]
    assert (units["unit"] != "").all() and (units["description"] != "").all()


@pytest.mark.parametrize("name", ["full_transposition", "multirun", "sample", "grid", "main"])
def test_the_projects_readers_read_the_files_as_written(folders: dict[str, Path], name: str) -> None:
    # dictionary-encoded text must not reach the dashboards as categoricals (where, fillna, concat)
    from sim.dashboard.data import load_results
    from sim.dashboard.html import render_dashboard

    results = load_results(folders[name])
    for frame in (results.runs, results.timeseries, results.ledger):
        assert not any(str(dtype) == "category" for dtype in frame.dtypes), name
    assert "<html" in render_dashboard(results, "en")[:200].lower()
