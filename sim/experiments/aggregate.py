"""The experiment's tables, rebuilt from its run directories (interfaces.md, section D).

- ``runs.parquet``: one row per run (identity, factors, status, every summary.json key);
- ``timeseries.parquet`` and ``ledger.parquet``: every successful run's tables stacked with
  the identity columns, written run by run with one :class:`pyarrow.parquet.ParquetWriter` and
  a fixed schema, so that memory holds one run's table at a time whatever the experiment's size;
- ``aggregate.parquet``: per design point and indicator, n, mean, median, p05, p95 over the
  replications (from ``runs.parquet`` alone);
- ``paired_differences.parquet``: per pair of points differing only by scenario, statistics of
  the difference between runs that shared their seed.

Every file is written to a temporary name and renamed into place: a reader (or a resumed
experiment) never sees half a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.contract.dictionary import TEXT, cast_column, conform_schema
from sim.contract.dictionary import load as load_dictionary
from sim.experiments.columns import paired_columns
from sim.experiments.design import Design, RunTask
from sim.experiments.spec import is_indicator
from sim.outputs import atomic_write, flatten_summary, write_parquet

STAT_COLUMNS = ("n", "n_missing", "mean", "median", "p05", "p95")
# Identity keys repeated in summary.json: the run's own identity columns already hold them.
_SUMMARY_DUPLICATES = ("scenario", "territory", "seed")


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object, or ``None`` if the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def run_is_complete(run_dir: Path, seed: int | None = None) -> bool:
    """Whether a run directory holds a complete successful run.

    Complete: the manifest says ``ok`` (and the expected seed), summary.json parses and both
    Parquet files have readable footers. Anything else is redone on resume.
    """
    manifest = read_json(run_dir / "manifest.json")
    if manifest is None or manifest.get("status") != "ok":
        return False
    if seed is not None and manifest.get("seed") != seed:
        return False
    if read_json(run_dir / "summary.json") is None:
        return False
    try:
        for name in ("timeseries.parquet", "ledger.parquet"):
            pq.read_metadata(run_dir / name)
    except (OSError, pa.ArrowException):
        return False
    return True


def flatten(summary: dict[str, Any]) -> dict[str, Any]:
    """summary.json as one flat row (:func:`sim.outputs.flatten_summary`), without the identity keys."""
    return {k: v for k, v in flatten_summary(summary).items() if k not in _SUMMARY_DUPLICATES}


def identity_rows(tasks: list[RunTask], design: Design) -> list[dict[str, Any]]:
    """The identity and factor values of every run (what the stacked tables are prefixed with)."""
    points = {p.index: p for p in design.points}
    rows = []
    for task in tasks:
        point = points[task.point]
        rows.append(
            {
                "run_id": task.run_id,
                "point": task.point,
                "replication": task.replication,
                "seed": task.seed,
                "scenario": point.scenario,
                "territory": point.territory,
                **{name: point.factors.get(name) for name in design.factor_names},
            }
        )
    return rows


def collect_runs(tasks: list[RunTask], design: Design) -> pd.DataFrame:
    """One row per run from the run directories (the content of ``runs.parquet``)."""
    rows = []
    for task, ident in zip(tasks, identity_rows(tasks, design)):
        run_dir = Path(task.run_dir)
        manifest = read_json(run_dir / "manifest.json")
        ok = run_is_complete(run_dir, task.seed)
        row: dict[str, Any] = {
            "run_id": task.run_id,
            "point": task.point,
            "replication": task.replication,
            "seed": task.seed,
            "status": "ok" if ok else "failed",
            "error": None if ok else (manifest or {}).get("error") or "run did not finish (no valid manifest)",
            "wall_seconds": (manifest or {}).get("wall_seconds"),
            "scenario": ident["scenario"],
            "territory": ident["territory"],
            **{name: ident[name] for name in design.factor_names},
            "config_hash": (manifest or {}).get("config_hash"),
        }
        if ok:
            row.update(flatten(read_json(run_dir / "summary.json") or {}))
        rows.append(row)
    return fixed_types(pd.DataFrame(rows))


def fixed_types(runs: pd.DataFrame) -> pd.DataFrame:
    """``runs.parquet``'s columns with types that do not depend on which runs failed.

    Identity integers stay integers, indicators are floats (NaN when undefined or failed), text
    is text even when every value is null (``error`` when no run failed), and every scalar key
    of summary.json in the data dictionary is there, null when no run succeeded.
    """
    frame = runs.copy()
    for column in ("point", "replication", "seed"):
        frame[column] = frame[column].astype("int64")
    frame["wall_seconds"] = pd.to_numeric(frame["wall_seconds"], errors="coerce").astype("float64")
    for column in ("status", "error", "config_hash"):
        frame[column] = frame[column].astype("string")
    for entry in load_dictionary().sections["run.summary"].entries:
        if entry.name in _SUMMARY_DUPLICATES or entry.unit.startswith(("list", "object")):
            continue
        if entry.name not in frame:
            frame[entry.name] = None
        if entry.is_text:
            frame[entry.name] = frame[entry.name].astype("string")
        elif not is_indicator(entry.name):
            frame[entry.name] = pd.to_numeric(frame[entry.name], errors="coerce").astype("Int64")
    for column in frame.columns:
        if is_indicator(column):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def indicator_columns(runs: pd.DataFrame) -> list[str]:
    """The numeric indicator columns of ``runs.parquet``, in order."""
    return [c for c in runs.columns if is_indicator(c)]


def _stats(values: np.ndarray, n_missing: int) -> dict[str, float]:
    if len(values) == 0:
        return {"n": 0, "n_missing": n_missing, "mean": np.nan, "median": np.nan, "p05": np.nan, "p95": np.nan}
    p05, median, p95 = np.quantile(values, [0.05, 0.5, 0.95])
    return {
        "n": len(values),
        "n_missing": n_missing,
        "mean": float(np.mean(values)),
        "median": float(median),
        "p05": float(p05),
        "p95": float(p95),
    }


def aggregate(runs: pd.DataFrame, factor_names: list[str]) -> pd.DataFrame:
    """Per design point and indicator: statistics over the successful replications.

    ``n`` counts the replications with a value; ``n_missing`` the successful ones without (an
    indicator can be undefined, e.g. ``months_to_exhaustivity`` when exhaustivity is never
    reached); failed runs count in neither. Quantiles interpolate linearly (numpy's default).
    """
    ok = runs[runs["status"] == "ok"]
    rows = []
    for point, group in runs.groupby("point", sort=True):
        first = group.iloc[0]
        ident = {"point": point, "scenario": first["scenario"], "territory": first["territory"]}
        ident |= {name: first[name] for name in factor_names}
        ident["n_runs"] = len(group)
        ident["n_failed"] = int((group["status"] != "ok").sum())
        good = ok[ok["point"] == point]
        for indicator in indicator_columns(runs):
            values = good[indicator].to_numpy(dtype=float)
            present = values[~np.isnan(values)]
            rows.append(ident | {"indicator": indicator} | _stats(present, len(values) - len(present)))
    return pd.DataFrame(rows)


def paired_differences(runs: pd.DataFrame, factor_names: list[str]) -> pd.DataFrame:
    """Differences between points that share everything but the scenario, replication by replication.

    For two such points (``point_b`` listed before ``point_a`` in the design), the difference
    ``a - b`` is taken between the runs of the same replication (same seed: common random
    numbers), over the replications where both runs succeeded and the indicator is defined.
    """
    points = runs.drop_duplicates("point").sort_values("point")
    groups: dict[tuple, list[pd.Series]] = {}
    for _, row in points.iterrows():
        key = (row["territory"], *(_hashable(row[name]) for name in factor_names))
        groups.setdefault(key, []).append(row)
    ok = runs[runs["status"] == "ok"]
    indicators = indicator_columns(runs)
    rows = []
    for members in groups.values():
        for j, a in enumerate(members):
            for b in members[:j]:
                if a["scenario"] == b["scenario"]:
                    continue
                left = ok[ok["point"] == a["point"]].set_index("replication")[indicators]
                right = ok[ok["point"] == b["point"]].set_index("replication")[indicators]
                both = left.merge(right, how="inner", left_index=True, right_index=True, suffixes=("_a", "_b"))
                ident = {
                    "point_a": a["point"],
                    "point_b": b["point"],
                    "design_a": a["scenario"],
                    "design_b": b["scenario"],
                    "territory": a["territory"],
                    **{name: a[name] for name in factor_names},
                }
                for indicator in indicators:
                    diff = (both[f"{indicator}_a"] - both[f"{indicator}_b"]).to_numpy(dtype=float)
                    diff = diff[~np.isnan(diff)]
                    stats = _stats(diff, 0)
                    stats.pop("n_missing")
                    rows.append(ident | {"indicator": indicator, "n_pairs": stats.pop("n")} | stats)
    return pd.DataFrame(rows, columns=paired_columns(factor_names))


def _hashable(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _identity_schema(rows: list[dict[str, Any]], factor_names: list[str]) -> pa.Schema:
    fields = [
        pa.field("run_id", TEXT),
        pa.field("point", pa.int64()),
        pa.field("replication", pa.int64()),
        pa.field("seed", pa.int64()),
        pa.field("scenario", TEXT),
        pa.field("territory", TEXT),
    ]
    for name in factor_names:
        values = [r[name] for r in rows if r[name] is not None]
        numeric = all(isinstance(v, (int, float)) for v in values)
        fields.append(pa.field(name, pa.float64() if numeric else TEXT))
    return pa.schema(fields)


def stream_tables(
    out_path: Path, name: str, tasks: list[RunTask], design: Design, is_ok: Callable[[RunTask], bool]
) -> int:
    """Stack every successful run's ``name`` table into ``out_path``, one run at a time.

    The schema is fixed before writing: identity columns, then the union of the runs' own
    columns (read from the Parquet footers only). A run lacking a column gets nulls.

    Returns:
        The number of runs written.
    """
    rows = identity_rows(tasks, design)
    chosen = [(task, row) for task, row in zip(tasks, rows) if is_ok(task)]
    ident_schema = conform_schema(_identity_schema(rows, design.factor_names), name, design.factor_names)
    if not chosen:
        table = pa.Table.from_pylist([], schema=ident_schema)
        atomic_write(out_path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
        return 0
    schemas = [pq.read_schema(Path(task.run_dir) / name) for task, _ in chosen]
    data_schema = pa.unify_schemas(schemas, promote_options="permissive").remove_metadata()
    data_fields = [f for f in conform_schema(data_schema, name) if f.name not in ident_schema.names]
    schema = pa.schema([*ident_schema, *data_fields])

    def write(tmp: Path) -> None:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for task, row in chosen:
                table = pq.read_table(Path(task.run_dir) / name)
                n = table.num_rows
                columns = [pa.array([row[f.name]] * n, type=f.type) for f in ident_schema]
                for field in data_fields:
                    if field.name in table.column_names:
                        columns.append(cast_column(table.column(field.name), field.type))
                    else:
                        columns.append(pa.nulls(n, type=field.type))
                writer.write_table(pa.Table.from_arrays(columns, schema=schema))

    atomic_write(out_path, write)
    return len(chosen)


def write_tables(out_dir: Path, tasks: list[RunTask], design: Design) -> pd.DataFrame:
    """Rebuild ``runs.parquet``, the stacked tables, ``aggregate.parquet`` and
    ``paired_differences.parquet`` from the run directories; returns the runs table."""
    runs = collect_runs(tasks, design)
    factors = design.factor_names
    write_parquet(out_dir / "runs.parquet", runs, factors)
    ok = set(runs.loc[runs["status"] == "ok", "run_id"])
    for name in ("timeseries.parquet", "ledger.parquet"):
        stream_tables(out_dir / name, name, tasks, design, lambda task: task.run_id in ok)
    write_parquet(out_dir / "aggregate.parquet", aggregate(runs, factors), factors)
    write_parquet(out_dir / "paired_differences.parquet", paired_differences(runs, factors), factors)
    return runs
