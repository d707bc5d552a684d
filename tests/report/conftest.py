"""Fixtures: small synthetic run directories with hand-computable numbers.

One territory (``pilot``), three scenarios (status quo and the two designs), seeds 1 and 2,
24 months from January 2027 (years 2027 and 2028), plus one failed run. Every quantity of a
design run scales with ``k = seed``, so means over the two seeds are 1.5 times the ``k = 1``
values and min / max are the ``k = 1`` / ``k = 2`` values. The ledger postings are listed in
``_postings``; the tests restate the totals they expect from them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.report import budget_summary, load_runs, yearly_budget_by_payer

START = "2027-01"
MONTHS = 24
PAYERS = [
    ("onem", "Federal unemployment insurance"),
    ("federal_state", "Federal State"),
    ("walloon_region", "Walloon Region"),
    ("cpas_commune", "CPAS and commune"),
    ("tzcld_fund", "TZCLD fund"),
]
KINDS = {
    **{name: "payer" for name, _ in PAYERS},
    "ebe_1": "ebe",
    "cpas_article60": "operator",
    "households": "household",
}


def _postings(scenario: str, k: int) -> list[tuple[int, str, str, str, str, float]]:
    """(month, world, debtor, creditor, category, amount) of one run."""
    twin_benefits = [
        (0, "twin", "onem", "households", "unemployment_benefit", 900.0),
        (12, "twin", "onem", "households", "unemployment_benefit", 900.0),
    ]
    if scenario == "status_quo":
        # The status quo is its own twin: same flows in both worlds.
        return twin_benefits + [(m, "scenario", *rest) for m, _, *rest in twin_benefits]
    if scenario == "full_transposition":
        return twin_benefits + [
            (0, "scenario", "tzcld_fund", "ebe_1", "per_fte_contribution", 1000.0 * k),
            (0, "scenario", "onem", "tzcld_fund", "fund_financing", 600.0 * k),
            (0, "scenario", "onem", "households", "unemployment_benefit", 200.0),
            (12, "scenario", "tzcld_fund", "ebe_1", "per_fte_contribution", 2000.0 * k),
            (12, "scenario", "walloon_region", "ebe_1", "startup_grant", 500.0),
            (12, "scenario", "households", "federal_state", "income_tax", 100.0 * k),
            (12, "twin", "cpas_commune", "households", "ris", 300.0 * k),
            (13, "scenario", "ebe_1", "households", "wage_net", 1500.0 * k),
        ]
    return twin_benefits + [
        (0, "scenario", "onem", "households", "unemployment_benefit", 900.0),
        (12, "scenario", "onem", "households", "unemployment_benefit", 900.0),
        (3, "scenario", "walloon_region", "cpas_article60", "subsidy", 1200.0 * k),
        (15, "scenario", "walloon_region", "cpas_article60", "subsidy", 1200.0 * k),
        (3, "twin", "cpas_commune", "households", "ris", 400.0),
    ]


def _dates(months: pd.Series) -> pd.Series:
    return pd.to_datetime([f"{2027 + m // 12}-{m % 12 + 1:02d}-01" for m in months]).as_unit("ns")


def _ledger(scenario: str, k: int) -> pd.DataFrame:
    frame = pd.DataFrame(
        _postings(scenario, k),
        columns=["month", "world", "debtor", "creditor", "category", "amount_eur"],
    )
    frame.insert(1, "date", _dates(frame["month"]))
    frame["debtor_kind"] = frame["debtor"].map(KINDS)
    frame["creditor_kind"] = frame["creditor"].map(KINDS)
    return frame


def _timeseries(scenario: str, k: int) -> pd.DataFrame:
    rows = []
    for world in ("scenario", "twin"):
        design_world = world == "scenario" and scenario != "status_quo"
        for m in range(MONTHS):
            ebe_fte = float(m * k) if design_world and scenario == "full_transposition" else 0.0
            contracts = m * k if design_world and scenario == "existing_actors" else 0
            waiting = 10 * k if design_world and m < 12 else 0
            jobless = 500 - m - (2 * m * k if design_world else 0)
            rows.append(
                {
                    "month": m,
                    "world": world,
                    "jobless": jobless,
                    "jobless_over_2y": jobless // 2,
                    "eligible": jobless // 2,
                    "volunteers_waiting": waiting,
                    "ebe_employees": int(ebe_fte),
                    "ebe_fte": ebe_fte,
                    "subsidised_contracts": contracts,
                    "in_training": 0,
                    "in_ordinary_job": m,
                    "out_of_labour_force": 0,
                    "ebe_cash_eur": 0.0,
                    "ebe_sales_eur": 0.0,
                    "displaced_sales_eur": 0.0,
                    "public_net_spending_eur": 0.0,
                    "on_insurance": jobless // 2,
                    "on_ris": jobless // 4,
                    "no_benefit": jobless - jobless // 2 - jobless // 4,
                    "longest_wait_months": 0,
                    **{f"net_spending_{name}_eur": 0.0 for name, _ in PAYERS},
                }
            )
    frame = pd.DataFrame(rows)
    frame.insert(0, "date", _dates(frame["month"]))
    return frame


def _summary(scenario: str, k: int) -> dict:
    design = scenario != "status_quo"
    per_fte = (lambda value: value) if design else (lambda value: None)
    return {
        "scenario": scenario,
        "design": scenario,
        "territory": "pilot",
        "seed": k,
        "start": START,
        "horizon_months": MONTHS,
        "payers": [{"name": name, "label": label} for name, label in PAYERS],
        "volunteers_total": 6 + 4 * k if design else 0,
        "hired_total": 5 * k if design else 0,
        "ebe_fte_end": 23.0 * k if scenario == "full_transposition" else 0.0,
        "waitlist_peak": 10 * k if design else 0,
        "waitlist_end": 0,
        "months_to_exhaustivity": (8 if k == 1 else None) if design else None,
        "fte_years": 10.0 * k if design else 0.0,
        "public_spending_per_fte_year": per_fte(16000.0 + 4000.0 * k),
        "ebe_cost_per_fte_year": per_fte(30000.0),
        "avoided_cost_per_fte_year": per_fte(6000.0 + 4000.0 * k),
        "net_public_cost_per_fte_year": per_fte(10000.0),
        "activation_rate": per_fte(0.3 + 0.2 * k),
        "net_cost_by_payer_eur": {name: 0.0 for name, _ in PAYERS},
        "employment_effect_pp_24m": 20.0 * k if design else 0.0,
        "displaced_fte_end": 0.5 * k if design else 0.0,
        "exits_to_ordinary_jobs": k if design else 0,
        "participants_income_gain_eur_month": 250.0 * k if design else 0.0,
        "participants_poverty_rate": 0.4 / k if design else None,
        "participants_poverty_rate_twin": 0.6 if design else None,
        "ledger_max_abs_imbalance_eur": 0.0,
    }


def _manifest(scenario: str, k: int, status: str = "ok") -> dict:
    return {
        "status": status,
        "scenario": scenario,
        "territory": "pilot",
        "seed": k,
        "config_hash": f"hash-{scenario}-{k}",
        "git_commit": "0" * 40,
        "package_versions": {"pandas": pd.__version__},
        "started_at": "2027-01-01T00:00:00",
        "finished_at": "2027-01-01T00:00:01",
        "wall_seconds": 1.0,
    }


def _write_run(root: Path, scenario: str, k: int) -> Path:
    run_dir = root / f"{scenario}_pilot_seed{k}"
    run_dir.mkdir(parents=True)
    (run_dir / "manifest.json").write_text(json.dumps(_manifest(scenario, k)))
    (run_dir / "summary.json").write_text(json.dumps(_summary(scenario, k)))
    _timeseries(scenario, k).to_parquet(run_dir / "timeseries.parquet", index=False)
    _ledger(scenario, k).to_parquet(run_dir / "ledger.parquet", index=False)
    return run_dir


@pytest.fixture(scope="session")
def run_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Six successful run directories and one failed one (manifest only)."""
    root = tmp_path_factory.mktemp("runs")
    dirs = [
        _write_run(root, scenario, k)
        for scenario in ("existing_actors", "status_quo", "full_transposition")
        for k in (1, 2)
    ]
    failed = root / "full_transposition_pilot_seed3"
    failed.mkdir()
    (failed / "manifest.json").write_text(json.dumps({**_manifest("full_transposition", 3, "failed"), "error": "boom"}))
    return [*dirs, failed]


@pytest.fixture(scope="session")
def runset(run_dirs: list[Path]):
    """The synthetic runs, loaded."""
    return load_runs(run_dirs)


@pytest.fixture(scope="session")
def yearly(runset):
    return yearly_budget_by_payer(runset.ledger, runset.payers)


@pytest.fixture(scope="session")
def budget(yearly):
    return budget_summary(yearly)
