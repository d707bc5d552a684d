"""Results to a spreadsheet: the tables of ``tzcld-export``, for the report and the app to offer too.

:func:`export_tables` turns any results folder the project writes (a run, a multirun, a main job,
an experiment; read by :func:`sim.dashboard.data.load_results`) into tidy tables, one row per
observation and one column per variable, each documented in docs/results.md ("Exports"):

- ``headline``: the headline indicators by design point, mean and range over seeds;
- ``indicators``: the same for every numeric ``summary.json`` key, whatever its name (the
  evaluation measures included: a key added to the summary appears without a change here);
- ``payer_budget``: each payer's yearly budget, gross and net (``measure``), mean and range;
- ``paired_differences``: designs compared seed by seed, ``design_a`` minus ``design_b``;
- ``indicators_by_run``: every numeric key of every successful run;
- ``units``: the unit and definition of every column of the others.

A design point is what the runs of one set of seeds share: an experiment's point, or for runs
and multiruns the overrides beyond scenario, territory and seed (a ``tzcld -m`` sweep over
take-up gives one point per value), so that different configurations are never averaged together.

:func:`write_xlsx` / :func:`xlsx_bytes` give one workbook (a sheet per table), :func:`write_csv`
/ :func:`csv_text` one CSV per table (UTF-8, comma, decimal point).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sim.contract.dictionary import FACTOR
from sim.contract.dictionary import load as load_dictionary
from sim.report.tables import HEADLINE_INDICATORS, Indicator, budget_summary, headline_table, yearly_budget_by_payer

TABLES = ("headline", "indicators", "payer_budget", "paired_differences", "indicators_by_run", "units")
EXCEL_MAX_ROWS = 1_048_575  # a sheet's rows, the header apart
# Numeric columns of a runs table that are not summary.json indicators.
NOT_INDICATORS = ("point", "replication", "seed", "horizon_months", "wall_seconds", "scheme_fte_end")
IDENTITY = ("territory", "design", "scenario", "point")
_SEED_LIKE = ("seed=", "scenario=", "territory=", "hydra.")


class ExportError(ValueError):
    """A results folder that cannot be exported, or a target that would be overwritten."""


# --------------------------------------------------------------------------- the tables
def export_tables(results: Any, tables: Iterable[str] = TABLES) -> dict[str, pd.DataFrame]:
    """The export tables of a results folder.

    Args:
        results: A results folder (path), or its :class:`sim.dashboard.data.Results`.
        tables: The tables wanted, among :data:`TABLES` (in that order in the result).

    Returns:
        Each table by name.

    Raises:
        ExportError: For an unknown table name.
        ResultsError: For a folder that is not a readable results folder.
    """
    wanted = list(tables)
    unknown = [name for name in wanted if name not in TABLES]
    if unknown:
        raise ExportError(f"unknown table(s) {', '.join(unknown)}; accepted: {', '.join(TABLES)}")
    if isinstance(results, (str, Path)):
        from sim.dashboard.data import load_results

        results = load_results(results)
    runs, factors = design_points(results)
    keys = indicator_keys(runs, factors)
    build = {
        "headline": lambda: headline(runs, factors),
        "indicators": lambda: indicators(runs, factors, keys),
        "payer_budget": lambda: payer_budget(results, runs, factors),
        "paired_differences": lambda: paired(results, runs, factors, keys),
        "indicators_by_run": lambda: indicators_by_run(runs, factors, keys),
    }
    out = {name: build[name]() for name in TABLES if name in wanted and name != "units"}
    if "units" in wanted:
        out["units"] = units_table(out, factors)
    return out


def design_points(results: Any) -> tuple[pd.DataFrame, list[str]]:
    """The successful runs with their design point (text) and design; and the factor columns."""
    runs = results.ok_runs.copy()
    if "design" not in runs:
        runs["design"] = runs["scenario"]
    runs["design"] = runs["design"].fillna(runs["scenario"]).astype(str)
    if results.kind == "experiment":
        runs["point"] = runs["point"].astype("Int64").astype(str)
        return runs, list(results.factors)
    overrides = [_point_overrides(Path(run_dir)) for run_dir in runs.get("run_dir", [None] * len(runs))]
    shared = set.intersection(*(set(o) for o in overrides)) if overrides else set()
    runs["point"] = [" ".join(o for o in items if o not in shared) for items in overrides]
    return runs, []


def _point_overrides(run_dir: Path | None) -> list[str]:
    """A run's overrides, but those every replication of a point differs by (seed) or that the
    identity columns already show (scenario, territory), and Hydra's own."""
    path = run_dir / ".hydra" / "overrides.yaml" if run_dir is not None else None
    if path is None or not path.is_file():
        return []
    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [str(item) for item in items if not str(item).lstrip("+~").startswith(_SEED_LIKE)]


def indicator_keys(runs: pd.DataFrame, factors: Iterable[str] = ()) -> list[str]:
    """The numeric ``summary.json`` keys among the runs' columns, in their order."""
    skip = set(NOT_INDICATORS) | set(factors)
    return [
        column
        for column in runs.columns
        if column not in skip
        and pd.api.types.is_numeric_dtype(runs[column])
        and not pd.api.types.is_bool_dtype(runs[column])
    ]


def unit_of(key: str) -> str:
    """The unit of a ``summary.json`` key (or flattened ``net_cost_by_payer_eur.<payer>``)."""
    dictionary = load_dictionary()
    entry = dictionary.find("run.summary", key) or dictionary.find("experiment.runs", key)
    return entry.unit if entry is not None else ""


def _by_point(runs: pd.DataFrame, factors: list[str]) -> Iterable[tuple[dict[str, Any], pd.DataFrame]]:
    for _, group in runs.groupby(["territory", "scenario", "point"], sort=False, dropna=False):
        first = group.iloc[0]
        yield {"point": first["point"], **{f: first[f] for f in factors}}, group


def _with_point(frame: pd.DataFrame, ident: dict[str, Any], after: str = "scenario") -> pd.DataFrame:
    position = list(frame.columns).index(after) + 1
    for offset, (name, value) in enumerate(ident.items()):
        frame.insert(position + offset, name, value)
    return frame


def _summaries(runs: pd.DataFrame, indicator_list: list[Indicator], factors: list[str]) -> pd.DataFrame:
    frames = []
    for ident, group in _by_point(runs, factors):
        table = headline_table(group, indicator_list)
        frames.append(_with_point(table, ident))
    if not frames:
        return pd.DataFrame(
            columns=[*IDENTITY, *factors, "indicator", "label", "unit", "n_runs", "n_null", "mean", "min", "max"]
        )
    table = pd.concat(frames, ignore_index=True)
    table.insert(table.columns.get_loc("kind"), "unit", table["indicator"].map(unit_of))
    return table.drop(columns="kind")


def headline(runs: pd.DataFrame, factors: list[str]) -> pd.DataFrame:
    """The headline indicators (those of the main job's table) by design point."""
    present = [i for i in HEADLINE_INDICATORS if i.key in runs]
    return _summaries(runs, present, factors)


def indicators(runs: pd.DataFrame, factors: list[str], keys: list[str]) -> pd.DataFrame:
    """Every numeric summary key by design point: n_runs, n_null, mean, min, max."""
    labels = {i.key: i.label for i in HEADLINE_INDICATORS}
    chosen = [Indicator(key, labels.get(key, key), "") for key in keys]
    return _summaries(runs, chosen, factors)


def indicators_by_run(runs: pd.DataFrame, factors: list[str], keys: list[str]) -> pd.DataFrame:
    """Every numeric summary key of every successful run, one row per run and key."""
    ident = ["run_id", "territory", "design", "scenario", "point", *factors, "seed"]
    long = runs[[*ident, *keys]].melt(id_vars=ident, value_vars=keys, var_name="indicator", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long.insert(long.columns.get_loc("value"), "unit", long["indicator"].map(unit_of))
    return long.astype({"run_id": str, "territory": str, "scenario": str})


def payer_budget(results: Any, runs: pd.DataFrame, factors: list[str]) -> pd.DataFrame:
    """Each payer's gross and net budget per year, by design point (``measure``: gross, net)."""
    ledger = results.ledger.drop(columns=[c for c in ("design", "point") if c in results.ledger])
    ident = runs[["run_id", "design", "point"]].astype(str)
    ledger = ledger.assign(run_id=ledger["run_id"].astype(str)).merge(ident, on="run_id", how="inner")
    ledger = ledger.rename(columns={"run_id": "run"})
    frames = []
    for point_ident, group in _by_point(ledger, factors=[]):
        if not len(group):
            continue
        summary = budget_summary(yearly_budget_by_payer(group.drop(columns="point"), results.payers))
        point_runs = runs[runs["point"] == point_ident["point"]]
        extra = {"point": point_ident["point"], **{f: point_runs[f].iloc[0] for f in factors}}
        frames.append(_with_point(summary, extra))
    columns = [
        *IDENTITY,
        *factors,
        "year",
        "payer",
        "payer_label",
        "measure",
        "n_runs",
        "mean_eur",
        "min_eur",
        "max_eur",
    ]
    if not frames:
        return pd.DataFrame(columns=columns)
    wide = pd.concat(frames, ignore_index=True)
    measures = []
    for measure in ("gross", "net"):
        part = wide.rename(columns={f"{measure}_eur_{s}": f"{s}_eur" for s in ("mean", "min", "max")})
        measures.append(part.assign(measure=measure))
    long = pd.concat(measures, ignore_index=True)
    order = {"gross": 0, "net": 1}
    long = long.sort_values(
        ["measure", "year"], key=lambda c: c.map(order) if c.name == "measure" else c, kind="stable"
    ).reset_index(drop=True)
    return long[columns]


def paired(results: Any, runs: pd.DataFrame, factors: list[str], keys: list[str]) -> pd.DataFrame:
    """Designs compared seed by seed (an experiment's table, or computed point by point)."""
    from sim.dashboard.data import paired_differences

    if results.kind == "experiment" and results.paired is not None:
        table = results.paired.copy()
    else:
        frames = []
        for point, group in runs.groupby("point", sort=False):
            frame = paired_differences(group, tuple(keys))
            frames.append(_with_point(frame, {"point": point}, after="territory"))
        table = pd.concat(frames, ignore_index=True) if frames else paired_differences(runs.iloc[:0], tuple(keys))
    table.insert(table.columns.get_loc("n_pairs"), "unit", table["indicator"].astype(str).map(unit_of))
    return table


def units_table(tables: Mapping[str, pd.DataFrame], factors: Iterable[str] = ()) -> pd.DataFrame:
    """The unit and definition of every column of ``tables`` (from the data dictionary)."""
    dictionary = load_dictionary()
    factors = tuple(factors)
    rows = []
    for name, table in tables.items():
        for column in table.columns:
            entry = dictionary.find(f"export.{name}", str(column), factors)
            if entry is None and column in factors:
                entry = dictionary.find(f"export.{name}", FACTOR, (FACTOR,))
            rows.append(
                {
                    "table": name,
                    "column": str(column),
                    "unit": entry.unit if entry else "",
                    "description": entry.description if entry else "",
                }
            )
    units = [
        ("units", c, "text", d)
        for c, d in (
            ("table", "The table"),
            ("column", "The column"),
            ("unit", "Its unit"),
            ("description", "Its definition"),
        )
    ]
    rows += [dict(zip(("table", "column", "unit", "description"), row, strict=True)) for row in units]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- writing
def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as text, so that spreadsheet writers see plain values."""
    return table.astype({c: str for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)})


def csv_text(table: pd.DataFrame) -> str:
    """One table as CSV text: UTF-8, comma-separated, decimal point, a header row, no index."""
    return _plain(table).to_csv(index=False, lineterminator="\n")


def xlsx_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """The tables as one workbook, a sheet per table (header row frozen).

    Raises:
        ExportError: If a table has more rows than a sheet holds (export it as CSV instead).
    """
    too_long = [name for name, table in tables.items() if len(table) > EXCEL_MAX_ROWS]
    if too_long:
        raise ExportError(
            f"table(s) {', '.join(too_long)} have more rows than a spreadsheet holds ({EXCEL_MAX_ROWS:,}): "
            "export them with --format csv"
        )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            _plain(table).to_excel(writer, sheet_name=name[:31], index=False, freeze_panes=(1, 0))
    return buffer.getvalue()


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: Path, force: bool = False) -> Path:
    """Write the workbook atomically.

    Raises:
        ExportError: If ``path`` exists and ``force`` is not set, or a table is too long.
    """
    from sim.outputs import atomic_write

    path = Path(path)
    _refuse_existing([path], force)
    data = xlsx_bytes(tables)
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return path


def write_csv(tables: Mapping[str, pd.DataFrame], folder: Path, force: bool = False) -> list[Path]:
    """Write ``<folder>/<table>.csv`` for each table, each atomically.

    Raises:
        ExportError: If one of the files exists and ``force`` is not set (then none is written).
    """
    folder = Path(folder)
    paths = [folder / f"{name}.csv" for name in tables]
    _refuse_existing(paths, force)
    return [write_csv_file(table, path, force=True) for path, table in zip(paths, tables.values(), strict=True)]


def write_csv_file(table: pd.DataFrame, path: Path, force: bool = False) -> Path:
    """Write one table as a CSV file, atomically.

    Raises:
        ExportError: If ``path`` exists and ``force`` is not set.
    """
    from sim.outputs import atomic_write

    path = Path(path)
    _refuse_existing([path], force)
    text = csv_text(table)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def _refuse_existing(paths: list[Path], force: bool) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        raise ExportError(f"{', '.join(existing)} already exist(s); exports are never overwritten without --force")
