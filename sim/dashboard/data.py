"""Read any results directory the project writes into one :class:`Results`.

Three kinds of directory are recognised:

- ``run``: one run directory (``manifest.json``, ``summary.json``, ``timeseries.parquet``,
  ``ledger.parquet``, ``.hydra/``), as ``tzcld`` writes it;
- ``multirun``: a folder of run directories, as ``tzcld -m`` (Hydra multirun, with
  ``multirun.yaml``) or ``tzcld-main`` (with ``job.json`` or ``report.html``) write it;
- ``experiment``: an experiment results directory (``experiment.json``, ``runs.parquet``...)
  as ``tzcld-experiment`` writes it (interface D of docs).

Whatever the kind, :attr:`Results.runs` has one row per run in the layout of an experiment's
``runs.parquet`` (``run_id``, ``point``, ``replication``, ``seed``, ``status``, ``error``,
``wall_seconds``, ``scenario``, ``territory``, factors, then every ``summary.json`` key
flattened), and the time series and ledger carry ``run_id``, ``scenario``, ``territory`` and
``seed``. Failed runs are listed in ``runs`` with their error; their files are not read.
Anything missing or unreadable raises :class:`ResultsError` naming the file.

:func:`derived_columns` adds to ``runs`` what a committee asks first and ``summary.json`` does
not hold as such (people in scheme jobs and the fall in long-term jobless in the last month, the
net public cost a year), and :func:`oriented` puts every paired difference in the one sign
convention of the dashboards: the design later in reading order minus the earlier one.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.contract.dictionary import read_parquet as read_results_parquet
from sim.experiments.columns import RUN_IDENTITY, paired_columns
from sim.ledger import LEDGER_FILE_COLUMNS
from sim.outputs import flatten_summary as outputs_flatten

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
TIMESERIES = "timeseries.parquet"
LEDGER = "ledger.parquet"
TERRITORIES = "territories.parquet"  # one row per EBE and month; absent in folders written before 0.3
EXPERIMENT = "experiment.json"
JOB = "job.json"  # written by tzcld-main: the command and what it ran
HYDRA_MULTIRUN = "multirun.yaml"

IDENTITY = ("run_id", "scenario", "territory", "seed")
TIMESERIES_REQUIRED = ("month", "date", "world")
LEDGER_REQUIRED = LEDGER_FILE_COLUMNS
EXPERIMENT_TABLES = {
    "aggregate": "aggregate.parquet",
    "paired": "paired_differences.parquet",
    "sensitivity": "sensitivity.parquet",
}
BREAK_EVEN = "break_even.json"

# Indicators compared between designs when a multirun has no paired_differences.parquet.
PAIRED_INDICATORS = (
    "scheme_fte_end",
    "volunteers_total",
    "months_to_exhaustivity",
    "public_spending_eur",
    "net_public_cost_eur",
    "net_public_cost_per_fte_year",
    "activation_rate",
    "long_term_jobless_fall_end",
    "displaced_fte_end",
    "exits_to_ordinary_jobs",
    "participants_income_gain_eur_month",
)


class ResultsError(Exception):
    """A results directory that is missing, partial or malformed (the message says which file)."""


@dataclass
class Results:
    """Everything a dashboard shows of one results directory.

    Attributes:
        kind: ``run``, ``multirun`` or ``experiment``.
        path: The directory read.
        runs: One row per run, ok and failed (see the module docstring).
        timeseries: The ok runs' time series, identity columns first, plus ``scheme_fte``
            (EBE and subsidised FTE together).
        ledger: The ok runs' ledgers, identity columns first.
        payers: ``(name, label)`` of the payers, in the engine's order.
        factors: Swept parameters (columns of ``runs``), empty for a run or a multirun.
        aggregate: Per design point and indicator: n, mean, median, p05, p95 (experiments).
        paired: Paired differences between designs (read for experiments, computed from
            ``runs`` for multiruns).
        sensitivity: Sobol or Morris indices (experiments with such an analysis).
        break_even: The PRIM boxes of ``break_even.json``.
        command: The command that reproduces what is shown.
        config_hash: The configuration hash of what is shown (one run's, or a hash of every
            run's hash, or the experiment's spec hash).
        git_commit: The code version the runs were made with ("" when unknown or mixed).
        meta: ``experiment.json`` or ``job.json`` content, when present.
        territories: The ok runs' ``territories.parquet`` rows (one per EBE and month), identity
            columns first; empty where the runs did not write it (experiments, older folders).
    """

    kind: str
    path: Path
    runs: pd.DataFrame
    timeseries: pd.DataFrame
    ledger: pd.DataFrame
    payers: list[tuple[str, str]]
    factors: list[str] = field(default_factory=list)
    aggregate: pd.DataFrame | None = None
    paired: pd.DataFrame | None = None
    sensitivity: pd.DataFrame | None = None
    break_even: dict[str, Any] | None = None
    command: str = ""
    config_hash: str = ""
    git_commit: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    territories: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok_runs(self) -> pd.DataFrame:
        """The runs whose status is ``ok``."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def failed_runs(self) -> pd.DataFrame:
        """The runs that failed or never finished, with their error."""
        return self.runs[self.runs["status"] != "ok"]


# --------------------------------------------------------------------------- entry point
def load_results(path: Path | str) -> Results:
    """Read a run, multirun, main-job or experiment directory.

    Args:
        path: The results directory.

    Returns:
        Its :class:`Results`.

    Raises:
        ResultsError: If the directory does not exist, is of no known kind, holds no
            successful run, or a file it should hold is missing or unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise ResultsError(f"{path} does not exist")
    if not path.is_dir():
        raise ResultsError(f"{path} is not a directory: give a run, multirun, main-job or experiment results directory")
    if (path / EXPERIMENT).exists():
        return _load_experiment(path)
    if (path / MANIFEST).exists():
        return _load_run_dirs(path, [path], kind="run")
    children = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    run_dirs = [child for child in children if (child / MANIFEST).exists() or (child / ".hydra").is_dir()]
    if not run_dirs:
        raise ResultsError(
            f"{path} is not a results directory: it has no {MANIFEST} (a run), no {EXPERIMENT} (an experiment) "
            f"and no run folders holding a {MANIFEST} (a multirun or tzcld-main job)"
        )
    return _load_run_dirs(path, run_dirs, kind="multirun")


# --------------------------------------------------------------------------- reading files
def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``, or :class:`ResultsError` saying what is wrong with it."""
    if not path.is_file():
        raise ResultsError(f"{path} is missing")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ResultsError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ResultsError(f"{path} should hold a JSON object, not a {type(data).__name__}")
    return data


def read_parquet(path: Path, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """A Parquet table from ``path`` holding at least the ``required`` columns."""
    if not path.is_file():
        raise ResultsError(f"{path} is missing")
    try:
        table = read_results_parquet(path)  # text as plain strings, not categoricals
    except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        raise ResultsError(f"{path} cannot be read as Parquet: {error}") from None
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise ResultsError(f"{path} lacks the column(s) {', '.join(missing)}")
    return table


# --------------------------------------------------------------------------- runs and multiruns
def _load_run_dirs(root: Path, run_dirs: list[Path], kind: str) -> Results:
    rows: list[dict[str, Any]] = []
    timeseries: list[pd.DataFrame] = []
    ledgers: list[pd.DataFrame] = []
    territories: list[pd.DataFrame] = []
    payers: dict[str, str] = {}
    for run_dir in run_dirs:
        run_id = run_dir.name
        if not (run_dir / MANIFEST).exists():
            # A worker that died, or a run still going: list it, do not read it.
            rows.append({"run_id": run_id, "status": "incomplete", "error": f"no {MANIFEST}: the run did not finish"})
            continue
        manifest = read_json(run_dir / MANIFEST)
        base = {
            "run_id": run_id,
            "seed": manifest.get("seed"),
            "status": manifest.get("status", "unknown"),
            "error": manifest.get("error"),
            "wall_seconds": manifest.get("wall_seconds"),
            "scenario": manifest.get("scenario"),
            "territory": manifest.get("territory"),
            "config_hash": manifest.get("config_hash"),
            "git_commit": manifest.get("git_commit"),
            "run_dir": str(run_dir),
        }
        if base["status"] != "ok":
            rows.append(base)
            continue
        summary = read_json(run_dir / SUMMARY)
        missing = [key for key in ("scenario", "territory", "seed") if key not in summary]
        if missing:
            raise ResultsError(f"{run_dir / SUMMARY} lacks the key(s) {', '.join(missing)}")
        for payer in summary.get("payers") or []:
            payers.setdefault(payer["name"], payer.get("label") or payer["name"])
        row = {**base, **{key: summary[key] for key in ("scenario", "territory", "seed")}}
        row.update(flatten_summary(summary))
        rows.append(row)
        identity = {"run_id": run_id, "scenario": row["scenario"], "territory": row["territory"], "seed": row["seed"]}
        timeseries.append(_tag(read_parquet(run_dir / TIMESERIES, TIMESERIES_REQUIRED), identity))
        ledgers.append(_tag(read_parquet(run_dir / LEDGER, LEDGER_REQUIRED), identity))
        if (run_dir / TERRITORIES).exists():
            territories.append(_tag(read_parquet(run_dir / TERRITORIES, TIMESERIES_REQUIRED), identity))

    runs = _runs_frame(rows)
    ok = runs[runs["status"] == "ok"]
    if ok.empty:
        raise ResultsError(f"{root} holds no successful run: {_failures_text(runs)}")
    stacked = with_derived_columns(pd.concat(timeseries, ignore_index=True))
    runs = derived_columns(runs, stacked)
    # Design points: every distinct scenario and territory, in order of appearance.
    points = {key: index for index, key in enumerate(dict.fromkeys(zip(ok["scenario"], ok["territory"], strict=True)))}
    runs["point"] = [points.get((s, t)) for s, t in zip(runs["scenario"], runs["territory"], strict=True)]
    runs["point"] = runs["point"].astype("Int64")
    hashes = sorted(str(h) for h in ok["config_hash"].dropna())
    commits = set(ok["git_commit"].dropna())
    meta = read_json(root / JOB) if kind == "multirun" and (root / JOB).exists() else {}
    return Results(
        kind=kind,
        path=root,
        runs=runs,
        timeseries=stacked,
        ledger=pd.concat(ledgers, ignore_index=True),
        payers=list(payers.items()),
        paired=paired_differences(runs) if kind == "multirun" else None,
        command=_command(root, kind, ok, meta),
        config_hash=hashes[0] if len(hashes) == 1 else combined_hash(hashes),
        git_commit=commits.pop() if len(commits) == 1 else "",
        meta=meta,
        territories=pd.concat(territories, ignore_index=True) if territories else pd.DataFrame(),
    )


def flatten_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """``summary.json`` as one flat row: nested objects as ``key.sub``, lists left out.

    Also adds ``scheme_fte_end`` (EBE and subsidised FTE in the last month), the jobs a
    design reached whichever employer holds them.
    """
    row = outputs_flatten(summary)
    row.setdefault("design", row.get("scenario"))
    if "ebe_fte_end" in row:
        row["scheme_fte_end"] = float(row["ebe_fte_end"] or 0.0) + float(row.get("subsidised_fte_end") or 0.0)
    return row


def with_derived_columns(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Add ``scheme_fte`` (EBE and subsidised FTE) when its parts are there."""
    if "ebe_fte" in timeseries and "scheme_fte" not in timeseries:
        subsidised = timeseries.get("subsidised_fte", 0.0)
        timeseries = timeseries.assign(scheme_fte=timeseries["ebe_fte"] + subsidised)
    return timeseries


def derived_columns(runs: pd.DataFrame, timeseries: pd.DataFrame) -> pd.DataFrame:
    """``runs`` with the indicators a committee asks first that ``summary.json`` lacks as such.

    Per run, from its time series (last month) and summary:

    - ``scheme_people_end``: people in EBE jobs or subsidised contracts (scenario world);
    - ``long_term_jobless_fall_end``: people jobless for over 2 years in the twin minus in the
      scenario (positive: fewer long-term jobless than in the status quo);
    - ``net_public_cost_eur_year``: the net public cost against the twin over the horizon
      divided by the horizon in years.

    A column whose inputs are missing is left out (an older folder keeps working).
    """
    runs = runs.copy()
    if {"run_id", "month", "world"} <= set(timeseries.columns) and not timeseries.empty:
        last = timeseries[timeseries["month"] == timeseries.groupby("run_id")["month"].transform("max")]
        scenario = last[last["world"] == "scenario"].drop_duplicates("run_id").set_index("run_id")
        twin = last[last["world"] == "twin"].drop_duplicates("run_id").set_index("run_id")
        if "ebe_employees" in scenario:
            people = scenario["ebe_employees"] + scenario.get("subsidised_contracts", 0.0)
            runs["scheme_people_end"] = runs["run_id"].map(people)
        if "jobless_over_2y" in scenario and "jobless_over_2y" in twin:
            fall = twin["jobless_over_2y"] - scenario["jobless_over_2y"].reindex(twin.index)
            runs["long_term_jobless_fall_end"] = runs["run_id"].map(fall)
    total = runs.get("net_public_cost_eur")
    payers = [column for column in runs.columns if column.startswith("net_cost_by_payer_eur.")]
    if total is None and payers:
        total = runs[payers].sum(axis=1, min_count=1)
    if total is not None and "horizon_months" in runs:
        years = pd.to_numeric(runs["horizon_months"], errors="coerce") / 12.0
        runs["net_public_cost_eur_year"] = pd.to_numeric(total, errors="coerce") / years
    return runs


def oriented(paired: pd.DataFrame | None) -> pd.DataFrame | None:
    """Paired differences in the dashboards' one convention: ``design_a`` is the design later in
    reading order (status quo, full transposition, existing actors), ``design_b`` the earlier.

    ``tzcld-main`` folders and experiments wrote the two orders; a row in the other order is
    turned round (median and mean negated, the 5 % and 95 % quantiles swapped and negated).
    """
    if paired is None or paired.empty:
        return paired
    from sim.config.schema import DESIGNS

    def rank(design: object) -> int:
        return DESIGNS.index(design) if design in DESIGNS else len(DESIGNS)

    flip = paired["design_a"].map(rank) < paired["design_b"].map(rank)
    if not flip.any():
        return paired
    out = paired.copy()
    out.loc[flip, ["design_a", "design_b"]] = paired.loc[flip, ["design_b", "design_a"]].to_numpy()
    if {"point_a", "point_b"} <= set(out.columns):
        out.loc[flip, ["point_a", "point_b"]] = paired.loc[flip, ["point_b", "point_a"]].to_numpy()
    for column in ("mean", "median"):
        if column in out:
            out.loc[flip, column] = -paired.loc[flip, column]
    if {"p05", "p95"} <= set(out.columns):
        out.loc[flip, "p05"] = -paired.loc[flip, "p95"]
        out.loc[flip, "p95"] = -paired.loc[flip, "p05"]
    return out


def combined_hash(hashes: list[str]) -> str:
    """One SHA-256 for a set of runs: of their sorted configuration hashes, one a line."""
    return hashlib.sha256("\n".join(sorted(hashes)).encode("utf-8")).hexdigest()


def _tag(table: pd.DataFrame, identity: dict[str, Any]) -> pd.DataFrame:
    table = table.drop(columns=[column for column in identity if column in table.columns])
    for position, (column, value) in enumerate(identity.items()):
        table.insert(position, column, value)
    return table


def _runs_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    runs = pd.DataFrame(rows)
    for column in RUN_IDENTITY:
        if column not in runs:
            runs[column] = None
    rest = [column for column in runs.columns if column not in RUN_IDENTITY]
    return runs[[*RUN_IDENTITY, *rest]]


def _failures_text(runs: pd.DataFrame) -> str:
    failed = runs[runs["status"] != "ok"]
    if failed.empty:
        return "no run at all"
    lines = [f"{row.run_id} ({row.status}: {row.error})" for row in failed.head(5).itertuples()]
    more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
    return f"{len(failed)} run(s) failed: " + "; ".join(lines) + more


def _command(root: Path, kind: str, ok: pd.DataFrame, meta: dict[str, Any]) -> str:
    if meta.get("command"):
        return str(meta["command"])
    if kind == "run":
        overrides = _yaml_list(root / ".hydra" / "overrides.yaml")
        return "tzcld " + shlex.join(overrides) if overrides is not None else ""
    if (root / HYDRA_MULTIRUN).exists():
        from omegaconf import OmegaConf

        try:
            task = list(OmegaConf.load(root / HYDRA_MULTIRUN).hydra.overrides.task)
        except Exception as error:  # noqa: BLE001 - a damaged record only loses the command
            raise ResultsError(f"{root / HYDRA_MULTIRUN} cannot be read: {error}") from None
        return "tzcld -m " + shlex.join(str(item) for item in task)
    # A tzcld-main folder without job.json (older versions): rebuild its command from the runs.
    seeds = ok.groupby(["scenario", "territory"])["seed"].nunique().max()
    horizon = ok["horizon_months"].max() if "horizon_months" in ok else None
    parts = ["tzcld-main", "--seeds", str(seeds)]
    if horizon is not None:
        parts += ["--horizon", str(int(horizon))]
    parts += ["--territories", *dict.fromkeys(ok["territory"]), "--designs", *dict.fromkeys(ok["scenario"])]
    return shlex.join(parts) + "   # rebuilt from the runs"


def _yaml_list(path: Path) -> list[str] | None:
    if not path.is_file():
        return None
    from omegaconf import OmegaConf

    try:
        return [str(item) for item in OmegaConf.load(path)]
    except Exception as error:  # noqa: BLE001
        raise ResultsError(f"{path} cannot be read: {error}") from None


# --------------------------------------------------------------------------- paired differences
def paired_differences(runs: pd.DataFrame, indicators: tuple[str, ...] = PAIRED_INDICATORS) -> pd.DataFrame:
    """Differences between designs run with the same seed, over replications.

    For every territory and every pair of scenarios (``design_a`` after ``design_b`` in reading
    order, as :func:`oriented` says; the status quo left out when two other designs are there),
    the difference ``a - b`` of each indicator is taken run by run over the seeds both share,
    then summarised. Missing values (e.g. exhaustivity never reached) drop that pair of runs.

    Returns:
        Columns ``design_a``, ``design_b``, ``territory``, ``indicator``, ``n_pairs``,
        ``mean``, ``median``, ``p05``, ``p95`` (the layout of ``paired_differences.parquet``).
    """
    ok = runs[runs["status"] == "ok"]
    indicators = tuple(key for key in indicators if key in ok)
    rows = []
    for territory, block in ok.groupby("territory", sort=False):
        scenarios = list(dict.fromkeys(block["scenario"]))
        if len([s for s in scenarios if s != "status_quo"]) >= 2:
            scenarios = [s for s in scenarios if s != "status_quo"]
        for b, a in combinations(_design_order(scenarios), 2):
            left = block[block["scenario"] == a].set_index("seed")
            right = block[block["scenario"] == b].set_index("seed")
            for indicator in indicators:
                diff = (pd.to_numeric(left[indicator]) - pd.to_numeric(right[indicator])).dropna()
                values = diff.to_numpy(dtype=float)
                rows.append(
                    {
                        "design_a": a,
                        "design_b": b,
                        "territory": territory,
                        "indicator": indicator,
                        "n_pairs": len(values),
                        "mean": float(values.mean()) if len(values) else np.nan,
                        "median": float(np.median(values)) if len(values) else np.nan,
                        "p05": float(np.quantile(values, 0.05)) if len(values) else np.nan,
                        "p95": float(np.quantile(values, 0.95)) if len(values) else np.nan,
                    }
                )
    return pd.DataFrame(rows, columns=paired_columns(points=False))


def _design_order(scenarios: list[str]) -> list[str]:
    from sim.config.schema import DESIGNS

    return sorted(scenarios, key=lambda s: (DESIGNS.index(s) if s in DESIGNS else len(DESIGNS), scenarios.index(s)))


# --------------------------------------------------------------------------- experiments
def _load_experiment(path: Path) -> Results:
    meta = read_json(path / EXPERIMENT)
    runs = read_parquet(path / "runs.parquet", ("run_id", "status", "scenario", "territory", "seed"))
    ok = runs[runs["status"] == "ok"]
    if ok.empty:
        raise ResultsError(f"{path} holds no successful run: {_failures_text(runs)}")
    if "scheme_fte_end" not in runs and "ebe_fte_end" in runs:
        subsidised = runs["subsidised_fte_end"].fillna(0.0) if "subsidised_fte_end" in runs else 0.0
        runs = runs.assign(scheme_fte_end=runs["ebe_fte_end"].fillna(0.0) + subsidised)
    timeseries = with_derived_columns(read_parquet(path / TIMESERIES, (*IDENTITY, *TIMESERIES_REQUIRED)))
    ledger = read_parquet(path / LEDGER, (*IDENTITY, *LEDGER_REQUIRED))
    runs = derived_columns(runs, timeseries)
    tables = {
        attribute: read_parquet(path / name) if (path / name).exists() else None
        for attribute, name in EXPERIMENT_TABLES.items()
    }
    break_even = read_json(path / BREAK_EVEN) if (path / BREAK_EVEN).exists() else None
    payers = _experiment_payers(path, ok)
    spec_hash = str(meta.get("spec_hash") or "")
    hashes = sorted(str(h) for h in ok["config_hash"].dropna()) if "config_hash" in ok else []
    return Results(
        kind="experiment",
        path=path,
        runs=runs,
        timeseries=timeseries,
        ledger=ledger,
        payers=payers,
        factors=experiment_factors(meta, runs),
        aggregate=tables["aggregate"],
        paired=oriented(tables["paired"]) if tables["paired"] is not None else paired_differences(runs),
        sensitivity=tables["sensitivity"],
        break_even=break_even,
        command=str(meta.get("command") or _experiment_command(meta)),
        config_hash=spec_hash or (combined_hash(hashes) if hashes else ""),
        git_commit=str(meta.get("git_commit") or ""),
        meta=meta,
    )


def experiment_factors(meta: dict[str, Any], runs: pd.DataFrame) -> list[str]:
    """The swept factor or uncertainty columns of an experiment's ``runs.parquet``."""
    declared = meta.get("factors") or meta.get("uncertainties") or []
    if isinstance(declared, dict):
        declared = list(declared)
    names = [item if isinstance(item, str) else item.get("name") or item.get("path") for item in declared]
    return [str(name) for name in names if name and name in runs.columns]


def _experiment_command(meta: dict[str, Any]) -> str:
    spec = meta.get("spec_file") or f"experiments/{meta.get('name', '<name>')}.yaml"
    return f"tzcld-experiment run {shlex.quote(str(spec))}" + (" --quick" if meta.get("quick") else "")


def _experiment_payers(path: Path, ok: pd.DataFrame) -> list[tuple[str, str]]:
    # runs.parquet flattens net_cost_by_payer_eur.<payer>; a run's summary.json has the labels.
    first = path / "runs" / str(ok["run_id"].iloc[0]) / SUMMARY
    if first.is_file():
        try:
            summary = json.loads(first.read_text(encoding="utf-8"))
            return [(p["name"], p.get("label") or p["name"]) for p in summary.get("payers") or []]
        except (json.JSONDecodeError, KeyError, TypeError):
            pass
    prefix = "net_cost_by_payer_eur."
    return [(column[len(prefix) :],) * 2 for column in ok.columns if column.startswith(prefix)]
